"""Known entities of the corpus come out with the right type and id."""

from __future__ import annotations


def mentions(tables, text):
    entities = tables["entities"]
    return entities[entities["text"] == text]


def test_kazakhstan_is_a_linked_country(tables):
    rows = mentions(tables, "Казахстан")
    assert len(rows) > 10
    assert set(rows["type"]) == {"COUNTRY"}
    assert set(rows["entity_id"]) == {"Q232"}
    assert set(rows["canonical"]) == {"Казахстан"}


def test_osce_is_an_organization(tables):
    rows = mentions(tables, "ОБСЕ")
    assert set(rows["type"]) == {"ORGANIZATION"}
    assert set(rows["entity_id"]) == {"Q81299"}


def test_astana_is_a_city(tables):
    rows = mentions(tables, "Астане")
    assert set(rows["type"]) == {"CITY"}
    assert set(rows["canonical"]) == {"Астана"}


def test_year_2010_is_a_date(tables):
    rows = mentions(tables, "2010 году")
    assert set(rows["type"]) == {"DATE"}
    assert set(rows["canonical"]) == {"2010"}


def test_security_council_is_one_mention_with_the_un_nested(tables):
    entities = tables["entities"]
    council = entities[entities["text"] == "Совета Безопасности ООН"]
    assert set(council["type"]) == {"ORGANIZATION"}
    assert council["canonical"].str.contains("Совет Безопасности").all()
    start, end = int(council.iloc[0]["start"]), int(council.iloc[0]["end"])
    inner = entities[
        (entities["doc_id"] == council.iloc[0]["doc_id"])
        & (entities["text"] == "ООН")
        & (entities["start"].astype(int) >= start)
        & (entities["end"].astype(int) <= end)
    ]
    assert set(inner["entity_id"]) == {"Q1065"}


def test_focus_country(tables):
    assert set(tables["documents"]["focus_country"]) == {"Q232"}
