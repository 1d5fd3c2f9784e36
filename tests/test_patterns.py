"""Relation patterns on single sentences: what fires, what must not."""

from __future__ import annotations

import pytest

from pipeline.components.events import EventExtractor
from pipeline.patterns import PATTERNS, pattern


def events(nlp, text):
    return [
        (e.event_type, e.country, e.organization, e.year_start, e.year_end)
        for e in nlp(text)._.events
    ]


def test_coordination_gives_one_event_per_organization(nlp):
    found = events(nlp, "В 2024 году Казахстан председательствовал в ШОС, ОДКБ и СВМДА.")
    assert {(t, c, y) for t, c, _, y, _ in found} == {("CHAIRMANSHIP", "Казахстан", 2024)}
    assert len(found) == 3


def test_elected_member_with_year_range(nlp):
    found = events(
        nlp, "В 2017–2018 годах Казахстан был избран непостоянным членом Совета Безопасности ООН."
    )
    assert [(t, c, ys, ye) for t, c, _, ys, ye in found] == [
        ("MEMBERSHIP", "Казахстан", 2017, 2018)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Казахстан не вступил в ВТО в 2010 году.",
        "Казахстан планирует вступить в ВТО.",
        "Казахстан приглашают вступить в БРИКС.",
    ],
)
def test_negation_plans_and_invitations_are_not_events(nlp, text):
    assert events(nlp, text) == []


def test_undated_event_keeps_empty_time(nlp):
    [(kind, country, _, start, end)] = events(nlp, "Казахстан вступил в ВТО.")
    assert (kind, country, start, end) == ("MEMBERSHIP", "Казахстан", None, None)


def test_readme_example_pattern(nlp):
    """The 'Adding a pattern' example of the README works as written."""
    ratify = pattern(
        "ratify_charter",
        "MEMBERSHIP",
        "ратифицировать",
        context="устав соглашение договор",
        doc="Казахстан ратифицировал устав ОДКБ в 1993 году.",
    )
    doc = EventExtractor([*PATTERNS, ratify])(
        nlp("В 1993 году Казахстан ратифицировал устав ОДКБ.")
    )
    [event] = [e for e in doc._.events if e.pattern == "ratify_charter"]
    assert (event.country, event.year_start) == ("Казахстан", 1993)


def test_pattern_names_are_unique():
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names))


def test_unknown_event_type_is_refused():
    with pytest.raises(ValueError, match="unknown event type"):
        pattern("x", "OWNERSHIP", "владеть")
