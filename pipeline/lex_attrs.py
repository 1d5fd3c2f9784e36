"""Lexical attributes of the Russian vocabulary, as spaCy computes them, faster.

spaCy's Russian `like_num` looks a word up in a list of ~900 number words:
every new word of a run (tens of thousands on a corpus, again for every word of
a cached Doc loaded into a fresh process) scans the whole list. The same rules
over a set give the same answers (`tests/test_lex_attrs.py` compares them).
"""

from __future__ import annotations

from spacy.lang.ru.lex_attrs import _num_words

NUMBER_WORDS = frozenset(_num_words)


def like_num(text: str) -> bool:
    """spaCy's `spacy.lang.ru.lex_attrs.like_num`, with a set lookup."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    if text.endswith("%"):
        text = text[:-1]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    return text.lower() in NUMBER_WORDS
