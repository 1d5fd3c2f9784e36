"""The vocabulary's `like_num` is spaCy's Russian one: the same answer for every word."""

from __future__ import annotations

from spacy.attrs import LIKE_NUM
from spacy.lang.ru.lex_attrs import _num_words
from spacy.lang.ru.lex_attrs import like_num as spacys

from pipeline.lex_attrs import like_num
from tests.conftest import ARTICLES

SHAPES = ["12", "+5", "-3,5", "±1.5", "~7", "45%", "3/4", "3/x", "1/2/3", "XIV", "xiv", "2015-м"]


def test_like_num_answers_as_spacys_does():
    words = {token for path in ARTICLES.glob("*.txt") for token in path.read_text().split()}
    words |= {*_num_words, *(word.upper() for word in _num_words), *SHAPES}
    assert {word: like_num(word) for word in words} == {word: spacys(word) for word in words}
    assert sum(map(like_num, words)) > len(_num_words)  # the number words are found


def test_the_pipeline_vocabulary_uses_it(nlp):
    doc = nlp.make_doc("Три страны и 12 организаций")
    assert nlp.vocab.lex_attr_getters[LIKE_NUM] is like_num
    assert [token.like_num for token in doc] == [True, False, False, True, False]
