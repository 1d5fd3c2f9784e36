"""What entities.csv and events.csv say of invented texts: every country mention a
row (demonyms too), organizations with what the gazetteer knows of them."""

from __future__ import annotations

import pytest

from pipeline.corpus import Article
from pipeline.extraction import extract
from tests.conftest import read_table

TEXTS = {
    "demonyms": "Американские военные покинули базу, российская сторона промолчала.",
    "nationality": "Американский актёр снялся в фильме на английском языке.",
    "nested": "Офицеры Казахстанской армии прибыли в Бишкек.",
    "bank": "Банк низкообогащённого урана МАГАТЭ открыли в Казахстане в 2017 году.",
    "glyph": "𗀀Казахстан вступил в ООН.",
    "cities": "Взрыв прогремел в Керчи. Фестиваль прошёл в городе Светлогорске.",
    "city_adjective": "Сотрудники московского метро и Каннского фестиваля встретились.",
    "foreign": (
        "Встреча с Фором Гнассингбе прошла в Ломе. Переговоры с Саули Ниинистё прошли успешно."
    ),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("entity-rows")
    extract([Article(doc_id, "test", text) for doc_id, text in TEXTS.items()], folder)
    return folder


@pytest.fixture(scope="module")
def entities(out):
    return read_table(out / "entities.csv")


def rows(entities, doc_id, columns=("text", "lemma", "type", "canonical", "entity_id", "source")):
    found = entities[entities["doc_id"] == doc_id]
    return sorted(map(tuple, found[list(columns)].values))


def test_demonyms_are_country_rows(entities):
    assert rows(entities, "demonyms") == [
        ("Американские", "американский", "COUNTRY", "США", "Q30", "demonym"),
        ("российская", "российский", "COUNTRY", "Россия", "Q159", "demonym"),
    ]


def test_a_persons_nationality_and_a_language_are_no_country(entities):
    assert [row for row in rows(entities, "nationality") if row[2] == "COUNTRY"] == []


def test_a_demonym_inside_an_organizations_name_is_nested(entities):
    assert rows(entities, "nested", ("text", "type", "entity_id")) == [
        ("Бишкек", "CITY", "Q9361"),
        ("Казахстанской", "COUNTRY", "Q232"),
        ("Казахстанской армии", "ORGANIZATION", ""),
    ]


def test_offsets_round_trip(entities):
    for row in entities.itertuples():
        assert TEXTS[row.doc_id][int(row.start) : int(row.end)] == row.text


def test_organizations_carry_kind_and_parent(out, entities):
    columns = ("text", "type", "entity_id", "kind", "parent_id")
    assert rows(entities, "bank", columns) == [
        ("2017 году", "DATE", "", "", ""),
        ("Банк низкообогащённого урана МАГАТЭ", "ORGANIZATION", "", "facility", "Q41984"),
        ("Казахстане", "COUNTRY", "Q232", "country", ""),
        ("МАГАТЭ", "ORGANIZATION", "Q41984", "agency", "Q1065"),
    ]
    assert rows(entities, "nested", columns)[0] == ("Бишкек", "CITY", "Q9361", "capital", "Q813")
    events = read_table(out / "events.csv")
    bank = events[events["doc_id"] == "bank"]
    assert list(
        bank[
            ["event_type", "organization", "organization_kind", "organization_parent_id"]
        ].itertuples(index=False, name=None)
    ) == [("HOSTING", "Банк низкообогащённого урана МАГАТЭ", "facility", "Q41984")]


def test_a_letter_without_a_unicode_name_does_not_fail_the_article(out):
    """pymorphy3 raised on "𗀀" (Tangut, no name in `unicodedata`): the word is
    read without it, and the article goes through."""
    documents = read_table(out / "documents.csv")
    assert documents.set_index("doc_id").loc["glyph", "status"] == "ok"
    tokens = read_table(out / "tokens.csv")
    glyph = tokens[tokens["doc_id"] == "glyph"]
    assert next(glyph[["text", "lemma"]].itertuples(index=False, name=None)) == (
        "𗀀Казахстан",
        "казахстан",
    )


def test_foreign_names_keep_their_form(entities):
    """No reading of "Ниинистё" or "Гнассингбе" is in the case the tagger sees:
    they do not decline, and their dictionary form is the word itself."""
    assert rows(entities, "foreign", ("text", "lemma", "type")) == [
        ("Ломе", "Ломе", "CITY"),
        ("Саули Ниинистё", "Саули Ниинистё", "PERSON"),
        ("Фором Гнассингбе", "Фор Гнассингбе", "PERSON"),
    ]


def test_cities_beyond_the_hand_list(entities):
    """GeoNames cities type what NER calls a place; their id is no Wikidata id,
    so entity_id stays empty and the country is the parent."""
    columns = ("text", "lemma", "type", "entity_id", "source", "kind", "parent_id")
    assert rows(entities, "cities", columns) == [
        ("Керчи", "Керчь", "CITY", "", "ner+geonames", "city", "Q212"),
        ("Светлогорске", "Светлогорск", "CITY", "", "ner+geonames", "city", "Q184"),
    ]


def test_city_adjectives_are_city_rows(entities):
    found = rows(entities, "city_adjective", ("text", "lemma", "type", "canonical", "source"))
    assert [row for row in found if row[2] == "CITY"] == [
        ("Каннского", "каннский", "CITY", "Канны", "demonym"),
        ("московского", "московский", "CITY", "Москва", "demonym"),
    ]


def test_rows_of_a_doc_without_an_article_say_how_to_make_one(nlp):
    import pipeline
    from pipeline.tables import event_rows

    with pytest.raises(ValueError, match=r"pipeline\.annotate\(text\), not nlp\(text\)"):
        event_rows(nlp("Армения вступила в ЕАЭС."))
    rows = event_rows(pipeline.annotate("Армения вступила в ЕАЭС.", doc_id="x", nlp=nlp))
    assert [(row[0], row[2], row[3], row[5]) for row in rows] == [
        ("x", "MEMBERSHIP", "Армения", "Евразийский экономический союз")
    ]
