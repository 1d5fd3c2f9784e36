"""Lemmas agree with the tagger, and mentions get their dictionary form."""

from __future__ import annotations

from pipeline.lemmatizer import lemmatize


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
