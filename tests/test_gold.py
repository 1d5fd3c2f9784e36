"""Consistency checks for the hand-made gold set in corpus/gold (rules: docs/annotation.md)."""

import re
from functools import cache
from pathlib import Path

import edtf
import pandas as pd
import pytest

from pipeline.columns import GOLD_COLUMNS
from pipeline.patterns import default_pack

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "gold"
ARTICLES = ROOT / "corpus" / "articles"

ENTITY_COLUMNS = GOLD_COLUMNS["entities"]
EVENT_COLUMNS = GOLD_COLUMNS["events"]
ENTITY_TYPES = {"PERSON", "ORGANIZATION", "COUNTRY", "CITY", "LOCATION", "DATE"}
EVENT_TYPES = set(default_pack().event_types)
QID = re.compile(r"^Q[1-9][0-9]*$")
YEAR = re.compile(r"^[0-9]{4}$")


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLD / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def entities() -> pd.DataFrame:
    return read("entities.csv")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return read("events.csv")


@cache
def raw(doc_id: str) -> str:
    with open(ARTICLES / f"{doc_id}.txt", encoding="utf-8", newline="") as f:
        return f.read()


def test_columns(entities, events):
    assert list(entities.columns) == ENTITY_COLUMNS
    assert list(events.columns) == EVENT_COLUMNS
    assert len(entities) > 0 and len(events) > 0


def test_every_document_has_an_article(entities, events):
    docs = set(entities["doc_id"]) | set(events["doc_id"])
    assert docs <= {p.stem for p in ARTICLES.glob("*.txt")}


def test_entity_offsets_round_trip(entities):
    bad = [
        (r.doc_id, r.start, r.end, r.text)
        for r in entities.itertuples()
        if raw(r.doc_id)[int(r.start) : int(r.end)] != r.text
    ]
    assert bad == []


def test_entity_types(entities):
    assert set(entities["type"]) <= ENTITY_TYPES


def test_event_types(events):
    assert set(events["event_type"]) <= EVENT_TYPES


def test_ids_are_wikidata_qids(entities, events):
    ids = pd.concat([entities["entity_id"], events["country_id"], events["organization_id"]])
    bad = [i for i in ids if i and not QID.match(i)]
    assert bad == []


def test_date_canonicals_are_edtf(entities):
    dates = entities[(entities["type"] == "DATE") & (entities["canonical"] != "")]
    bad = []
    for value in dates["canonical"]:
        try:
            edtf.parse_edtf(value)
        except Exception:
            bad.append(value)
    assert bad == []


def test_no_duplicate_entities(entities):
    assert not entities.duplicated(["doc_id", "start", "end", "type"]).any()


def test_no_duplicate_events(events):
    key = ["doc_id", "event_type", "country_id", "country", "organization_id", "organization"]
    assert not events.duplicated([*key, "year_start", "year_end"]).any()


def test_evidence_is_in_article(events):
    bad = [(r.doc_id, r.evidence) for r in events.itertuples() if r.evidence not in raw(r.doc_id)]
    assert bad == []


def test_event_years(events):
    for r in events.itertuples():
        for year in (r.year_start, r.year_end):
            assert year == "" or YEAR.match(year), r
        if r.year_start and r.year_end:
            assert int(r.year_start) <= int(r.year_end), r


def test_events_name_country_and_organization(events):
    assert (events["country"] != "").all()
    assert (events["organization"] != "").all()
