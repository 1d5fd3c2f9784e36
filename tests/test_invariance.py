"""The invariance suite (tests/invariance.py) held to a ratchet: each kind's share of
texts whose events come out exactly right must stay at or above its floor in
tests/data/invariance/floors.csv. Raise a floor when the extractor improves."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import ROOT
from tests.invariance import (
    KEEP,
    KINDS,
    extract,
    generate,
    load_tables,
    read_floors,
    score,
)

GAZETTEER = ROOT / "pipeline" / "gazetteer"


FLOORS = read_floors()


def canonicals(name: str) -> set[str]:
    with open(GAZETTEER / name, encoding="utf-8", newline="") as handle:
        return {row["canonical"] for row in csv.DictReader(handle)}


def test_tables_name_gazetteer_entries():
    countries, organizations, _ = load_tables()
    assert {row["canonical"] for row in countries} <= canonicals("countries.csv")
    assert {row["canonical"] for row in organizations} <= canonicals("organizations.csv")


def test_generation_is_seeded_and_bounded():
    cases = generate()
    assert cases == generate()
    assert len(cases) <= 1500
    assert {case.kind for case in cases} == set(KINDS) == set(FLOORS)
    assert all(case.expected for case in cases if case.kind in KEEP)
    assert not any(case.expected for case in cases if case.kind not in KEEP)
    assert len({case.text for case in cases}) > 0.9 * len(cases)


@pytest.fixture(scope="module")
def scores(nlp):
    cases = generate()
    return score(cases, extract(nlp, [case.text for case in cases]))


@pytest.mark.parametrize("kind", KINDS)
def test_pass_rate_at_least_floor(scores, kind):
    assert scores.rate(kind) >= FLOORS[kind], (
        f"{kind}: {scores.rate(kind):.3f} < floor {FLOORS[kind]:.2f}; e.g. "
        + "; ".join(case.text for case, _ in scores.failures.get(kind, [])[:3])
    )
