"""The date grammar over every sentence of the NEREL texts (train and dev).

Every value it produces must be valid EDTF and have ordered years, with and
without a publication date. Recall against NEREL's DATE annotations is
printed (run with -s), not held to a high bar: NEREL also marks durations
("несколько месяцев"), anaphoric times ("на следующий день"), "сегодня" and
years inside names ("Сочи-2014"), which this project does not treat as dates
(docs/dates.md).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import edtf
import pytest
from razdel import sentenize

from pipeline.dates import find_dates

NEREL = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "nerel-1.1"
PUBLISHED = date(2025, 9, 29)
# A year changes whether a value parses only through 29 February: every
# four-digit year is replaced by a leap or a common one, so that each shape of
# value is parsed once (the edtf parser takes ~10 ms a value).
YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
PLAIN_PREPOSITION = re.compile(r"^(?:в|во|на|за)\s+", re.IGNORECASE)
RECALL_FLOOR = 0.6  # a regression alarm, not a target


@cache
def parses(shape: str) -> bool:
    try:
        edtf.parse_edtf(shape)
    except Exception:  # the edtf package raises several exception types
        return False
    return True


def shape(value: str) -> str:
    def stand_in(match: re.Match) -> str:
        year = int(match.group())
        return "2000" if year % 4 == 0 and (year % 100 or year % 400 == 0) else "2001"

    return YEAR.sub(stand_in, value)


def gold_dates(ann: Path) -> list[tuple[int, int, str]]:
    """Outermost DATE spans of a brat .ann file (NEREL nests "2013" in "в 2013 году")."""
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, info, text = line.split("\t", 2)
        kind, *offsets = info.replace(";", " ").split()
        if kind == "DATE":
            spans.append((int(offsets[0]), int(offsets[-1]), text))
    return [
        span
        for span in set(spans)
        if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans)
    ]


@pytest.fixture(scope="module")
def nerel() -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """(split, text, gold DATE spans) of every NEREL text."""
    if not NEREL.is_dir():
        pytest.skip(f"../shared/bench/nerel-1.1 not found: {NEREL} (only in the shared workspace)")
    return [
        (split, path.read_text(encoding="utf-8"), gold_dates(path.with_suffix(".ann")))
        for split in ("train", "dev")
        for path in sorted((NEREL / split).glob("*.txt"))
    ]


@pytest.fixture(scope="module")
def found(nerel) -> list[list[tuple[int, int, str, int | None, int | None]]]:
    """Per text: (start, end, value, year_start, year_end) of every date, no publication date."""
    return [
        [
            (sent.start + m.start, sent.start + m.end, m.value, m.year_start, m.year_end)
            for sent in sentenize(text)
            for m in find_dates(sent.text, None)
        ]
        for _, text, _ in nerel
    ]


def test_every_value_is_edtf_and_years_are_ordered(found):
    mentions = [mention for text in found for mention in text]
    assert len(mentions) > 2000
    bad = sorted({value for _, _, value, _, _ in mentions if value and not parses(shape(value))})
    assert bad == []
    assert [m for m in mentions if m[3] is not None and m[4] is not None and m[3] > m[4]] == []


def test_resolved_values_are_edtf_too(nerel):
    """The same with a publication date: relative expressions take real values."""
    dev = [text for split, text, _ in nerel if split == "dev"]
    values = {
        m.value
        for text in dev
        for sent in sentenize(text)
        for m in find_dates(sent.text, PUBLISHED)
    }
    assert sorted(v for v in values if v and not parses(shape(v))) == []
    assert any(v.startswith("2025") for v in values)  # something was resolved


def test_recall_against_nerel_dates(nerel, found):
    total = overlapping = exact = 0
    for (_, _, gold), mentions in zip(nerel, found):
        for start, end, mention in gold:
            total += 1
            hits = [m for m in mentions if m[0] < end and start < m[1]]
            overlapping += bool(hits)
            preposition = PLAIN_PREPOSITION.match(mention)
            core_start = start + (preposition.end() if preposition else 0)
            exact += any(m[0] == core_start and m[1] == end for m in hits)
    print(
        f"\nNEREL DATE recall: {overlapping / total:.3f} overlapping, "
        f"{exact / total:.3f} exact (leading в/на/за aside), {total} gold spans"
    )
    assert overlapping / total >= RECALL_FLOOR
