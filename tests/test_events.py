"""The events the seed corpus states come out, with the right years."""

from __future__ import annotations

import pytest
from razdel import tokenize

from pipeline.gazetteer import gazetteer

KAZAKHSTAN = "Q232"


def entity_id(name: str) -> str:
    words = [token.text for token in tokenize(name)]
    matches = [m for m in gazetteer().match(words) if (m.start, m.end) == (0, len(words))]
    assert matches, f"{name!r} is not in the gazetteer"
    return matches[0].entry.entity_id


EXPECTED = [
    ("000_3fd7f8a6fa297c02", "CHAIRMANSHIP", "ОБСЕ", "2010", "2010"),
    ("000_3fd7f8a6fa297c02", "MEMBERSHIP", "Совет Безопасности ООН", "2017", "2018"),
    ("001_2c0979c30964dcc0", "CHAIRMANSHIP", "Совет Безопасности ООН", "2017", "2018"),
    ("002_474e98173b987b79", "CHAIRMANSHIP", "ШОС", "2024", "2024"),
    ("002_474e98173b987b79", "CHAIRMANSHIP", "ОДКБ", "2024", "2024"),
    ("002_474e98173b987b79", "CHAIRMANSHIP", "СВМДА", "2024", "2024"),
    ("002_474e98173b987b79", "CHAIRMANSHIP", "Организация тюркских государств", "2024", "2024"),
    (
        "002_474e98173b987b79",
        "CHAIRMANSHIP",
        "Исламская продовольственная организация",
        "2024",
        "2024",
    ),
]


@pytest.mark.parametrize(("doc_id", "event_type", "organization", "start", "end"), EXPECTED)
def test_known_event(tables, doc_id, event_type, organization, start, end):
    events = tables["events"]
    found = events[
        (events["doc_id"] == doc_id)
        & (events["event_type"] == event_type)
        & (events["country_id"] == KAZAKHSTAN)
        & (events["organization_id"] == entity_id(organization))
    ]
    assert not found.empty, f"missing {event_type} {organization}"
    assert (start, end) in set(zip(found["year_start"], found["year_end"]))


def test_event_rows_carry_their_evidence(tables, raw_texts):
    events = tables["events"]
    assert len(events) > 0
    for row in events.itertuples():
        assert row.evidence in raw_texts[row.doc_id]
        assert row.trigger in row.evidence
        assert row.pattern


def test_invitation_is_not_membership(tables):
    events = tables["events"]
    brics = events[events["organization"].str.contains("БРИКС")]
    assert brics.empty
