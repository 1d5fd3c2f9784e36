"""The five tables on the bundled corpus: contract columns, offsets, order."""

from __future__ import annotations

import pytest

from pipeline.tables import COLUMNS


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_contract_columns_come_first(tables, name):
    assert list(tables[name].columns[: len(COLUMNS[name])]) == COLUMNS[name]


@pytest.mark.parametrize("name", ["sentences", "tokens", "entities"])
def test_offsets_round_trip(tables, raw_texts, name):
    table = tables[name]
    assert len(table) > 0
    for row in table.itertuples():
        raw = raw_texts[row.doc_id]
        assert raw[int(row.start) : int(row.end)] == row.text, row


def test_every_article_is_listed_ok(tables, raw_texts):
    documents = tables["documents"]
    assert sorted(documents["doc_id"]) == sorted(raw_texts)
    assert set(documents["status"]) == {"ok"}


def test_date_prefix_is_metadata_not_text(tables):
    documents = tables["documents"].set_index("doc_id")
    assert documents.loc["000_3fd7f8a6fa297c02", "date"] == "2025-09-29"
    assert documents.loc["000_3fd7f8a6fa297c02", "date_source"] == "prefix"
    tokens = tables["tokens"]
    assert not ((tokens["doc_id"] == "000_3fd7f8a6fa297c02") & (tokens["text"] == "date")).any()


def test_rows_are_ordered_by_document_then_offset(tables):
    for name in ["sentences", "tokens", "entities"]:
        table = tables[name]
        keys = list(zip(table["doc_id"], table["start"].astype(int)))
        assert keys == sorted(keys), name


def test_entity_and_event_vocabularies(tables):
    types = {"PERSON", "ORGANIZATION", "COUNTRY", "CITY", "LOCATION", "DATE"}
    assert set(tables["entities"]["type"]) <= types
    events = {"MEMBERSHIP", "CHAIRMANSHIP", "HOSTING", "FOUNDING", "PARTICIPATION", "WITHDRAWAL"}
    assert set(tables["events"]["event_type"]) <= events
