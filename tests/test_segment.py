"""razdel segmentation becomes the Doc, and later stages keep its sentences."""

from __future__ import annotations

from pipeline.components.segment import RazdelTokenizer


def test_text_and_whitespace_survive(nlp):
    text = "  Казахстан — член ООН.  В 2024 г. страна\n\nпредседательствовала в ШОС!  "
    doc = RazdelTokenizer(nlp.vocab)(text)
    assert doc.text == text
    assert [t.text for t in doc if not t.is_space][:4] == ["Казахстан", "—", "член", "ООН"]


def test_parse_keeps_razdel_sentences(nlp):
    text = "Казахстан вступил в ВТО. Страна председательствовала в ШОС, ОДКБ и СВМДА. Итоги."
    expected = [s.text for s in RazdelTokenizer(nlp.vocab)(text).sents]
    doc = nlp(text)
    assert [s.text for s in doc.sents] == expected
    assert all(token.head.sent == token.sent for token in doc)


def test_every_token_is_tagged_and_lemmatized(nlp):
    doc = nlp("Страна председательствовала в ШОС.")
    assert [t.pos_ for t in doc] == ["NOUN", "VERB", "ADP", "PROPN", "PUNCT"]
    assert [t.lemma_ for t in doc][:2] == ["страна", "председательствовать"]
