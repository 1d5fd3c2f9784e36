"""Every gazetteer country, as a country, in the sentences events are made of.

slovnet tags some country names as persons ("Нигер вышел", "Чад вступил") or
takes a capitalized first word into a place's name ("Делегация Кирибати"):
each country of `countries.csv` is run through a nominative subject of an
event, a genitive after a noun, and a coordinated list, and must come out as
a COUNTRY mention with its id, with the event where there is one.
"""

from __future__ import annotations

import csv

import pytest

from pipeline.lemmatizer import analyzer
from pipeline.patterns import default_pack
from tests.conftest import ROOT

COUNTRIES = list(
    csv.DictReader((ROOT / "pipeline" / "gazetteer" / "countries.csv").open(encoding="utf-8"))
)
WTO = "Q7825"
# A union named after its two countries: with nothing saying the union is meant
# (no singular predicate, no "союз"), "Сербии и Черногории" is the two countries.
PAIRS = {"Q37024": ["Q403", "Q236"]}


def inflected(name: str, case: str) -> str:
    """The name in another case, word by word (abbreviations and fixed words kept)."""
    words = []
    for word in name.split(" "):
        if word.isupper() or not word[:1].isalpha() or word == "и":
            words.append(word)
            continue
        readings = analyzer().parse(word)
        reading = next((r for r in readings if r.tag.case == "nomn"), readings[0])
        form = None
        if "Fixd" not in reading.tag and reading.tag.POS in {"NOUN", "ADJF"}:
            form = reading.inflect({case} | ({"plur"} if reading.tag.number == "plur" else set()))
        text = form.word if form else word
        words.append(text[0].upper() + text[1:] if word[0].isupper() else text)
    return " ".join(words)


def joined(name: str) -> str:
    """ "вступил", "вступила", "вступило" or "вступили", agreeing with the name."""
    tag = analyzer().parse(name.split()[-1])[0].tag
    if tag.number == "plur":
        return "вступили"
    return {"femn": "вступила", "neut": "вступило"}.get(tag.gender, "вступил")


def country_ids(doc) -> list[str]:
    return [span.kb_id_ for span in doc.ents if span.label_ == "COUNTRY"]


def joined_wto(doc) -> set[str]:
    return {
        event.country_id
        for event in doc._.events
        if (event.event_type, event.organization_id, event.date) == ("MEMBERSHIP", WTO, "2020")
    }


@pytest.fixture(scope="module")
def docs(nlp):
    """Each country's two sentences, parsed once for all the tests of this module."""
    texts = [
        text
        for row in COUNTRIES
        for text in (
            f"{row['canonical']} {joined(row['canonical'])} в ВТО в 2020 году.",
            f"Делегация {inflected(row['canonical'], 'gent')} прибыла в Женеву.",
        )
    ]
    parsed = list(nlp.pipe(texts))
    return {row["entity_id"]: parsed[2 * n : 2 * n + 2] for n, row in enumerate(COUNTRIES)}


def test_every_country_joins_as_a_subject(docs):
    missed = [
        doc.text
        for qid, (doc, _) in docs.items()
        if qid not in country_ids(doc) or joined_wto(doc) != {qid}
    ]
    assert missed == []


def test_every_country_is_found_in_the_genitive(docs):
    missed = [
        doc.text for qid, (_, doc) in docs.items() if country_ids(doc) != PAIRS.get(qid, [qid])
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Сербия и Черногория подписали договор.", ["Q403", "Q236"]),
        ("Делегации Сербии и Черногории прибыли в Женеву.", ["Q403", "Q236"]),
        ("Сербия и Черногория вступила в Совет Европы.", ["Q37024"]),
        ("В 2004 году союз Сербии и Черногории вступил в программу.", ["Q37024"]),
        (
            "Делегация Сербии и Черногории прибыла. Государственный союз Сербии и Черногории "
            "распался позже.",
            ["Q37024", "Q37024"],
        ),
        (
            "Сербия и Черногория подписали договор. Государственный союз Сербии и Черногории "
            "распался позже.",
            ["Q403", "Q236", "Q37024"],
        ),
    ],
)
def test_two_coordinated_countries_are_two_unless_the_union_is_meant(nlp, text, ids):
    assert country_ids(nlp(text)) == ids


def test_every_country_joins_inside_a_list(nlp):
    triples = [COUNTRIES[n : n + 3] for n in range(0, len(COUNTRIES), 3)]
    texts = [
        ", ".join(row["canonical"] for row in triple[:-1])
        + f" и {triple[-1]['canonical']} вступили в ВТО в 2020 году."
        for triple in triples
        if len(triple) == 3
    ]
    missed = []
    for triple, doc in zip(triples, nlp.pipe(texts)):
        expected = {i for row in triple for i in PAIRS.get(row["entity_id"], [row["entity_id"]])}
        if not expected <= set(country_ids(doc)) or joined_wto(doc) != expected:
            missed.append(doc.text)
    assert missed == []


def test_a_first_name_that_is_an_alias_form_stays_a_person(nlp):
    """ "Доминик" looks like a case form of "Доминика" but is no form of it."""
    doc = nlp("Доминик сказал журналистам, что Нигер вышел из ЭКОВАС.")
    assert [(span.text, span.label_) for span in doc.ents][:2] == [
        ("Доминик", "PERSON"),
        ("Нигер", "COUNTRY"),
    ]
    assert [(e.country, e.event_type) for e in doc._.events] == [("Нигер", "WITHDRAWAL")]


def test_the_default_pack_knows_every_event_type_used_here():
    assert {"MEMBERSHIP", "WITHDRAWAL"} <= set(default_pack().event_types)
