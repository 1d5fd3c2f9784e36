"""Lemmas agree with the tagger, and mentions get their dictionary form."""

from __future__ import annotations

import pymorphy3

from pipeline import lemmatizer
from pipeline.lemmatizer import Analyzer, lemmatize


def token_lemmas(tables, text):
    tokens = tables["tokens"]
    return set(tokens.loc[tokens["text"] == text, "lemma"])


def test_token_lemmas_in_the_corpus(tables):
    assert token_lemmas(tables, "Казахстану") == {"казахстан"}
    assert token_lemmas(tables, "председательствовала") == {"председательствовать"}


def test_lemma_follows_the_pos_tag():
    # "стали": the verb "стать" as a verb, the noun "сталь" as a noun
    assert lemmatize("стали", "VERB", (("Number", "Plur"),)) == "стать"
    assert lemmatize("стали", "NOUN", (("Case", "Gen"),)) == "сталь"


def test_mention_lemma_is_the_dictionary_form(tables):
    entities = tables["entities"]
    row = entities[entities["text"] == "Шанхайской организации сотрудничества"]
    assert not row.empty
    assert set(row["lemma"]) == {"Шанхайская организация сотрудничества"}


def test_remembered_parses_are_pymorphy3s_own(monkeypatch):
    """The analyzer's table changes nothing but the time: every parse, asked
    once or again, after the table started afresh, is pymorphy3's."""
    monkeypatch.setattr(lemmatizer, "PARSE_TABLE_LIMIT", 3)
    ours, theirs = Analyzer(), pymorphy3.MorphAnalyzer()
    words = ["стали", "армения", "вступила", "в", "стали", "организацию", "стали", "шос"]

    def readings(parses):
        return [(p.word, str(p.tag), p.normal_form, p.score) for p in parses]

    for word in words:
        assert readings(ours.parse(word)) == readings(theirs.parse(word)), word
    assert len(ours.table) <= 4


def test_an_apposed_compound_declines_its_first_part():
    """pymorphy3 declines only a compound's last part; "страна-", "государство-"
    decline too, "вице-", "премьер-" do not."""
    cases = {
        "государствами-участниками": "государство-участник",
        "странами-членами": "страна-член",
        "организации-члены": "организация-член",
        "вице-президенту": "вице-президент",
        "премьер-министров": "премьер-министр",
    }
    assert {word: lemmatize(word, "NOUN", ()) for word in cases} == cases
