"""The pipeline's executor for slovnet's networks gives slovnet's own answers."""

from __future__ import annotations

import pytest
from razdel import sentenize, tokenize
from slovnet.conll import format_conll_tag

from pipeline import models
from tests.conftest import ARTICLES

BATCH = 8  # small batches: sentences of very different lengths share one


@pytest.fixture(scope="module")
def sentences() -> list[list[str]]:
    """Every razdel sentence of two seed articles, as words, plus an empty one."""
    found: list[list[str]] = [[]]
    for path in sorted(ARTICLES.glob("*.txt"))[:2]:
        text = path.read_text(encoding="utf-8")
        found += [[token.text for token in tokenize(sent.text)] for sent in sentenize(text)]
    return found


def slovnet_own(loaded: object, sentences: list[list[str]]) -> list:
    """slovnet's executor, one sentence at a time (so nothing depends on batching)."""
    return [next(iter(loaded.map([words]))) if words else None for words in sentences]


def test_morphology_equals_slovnet(sentences: list[list[str]]) -> None:
    network = models.morph_network(BATCH)
    ours = network.predict(sentences)
    loaded = models.Morph.load(models.NEWS_MORPH).navec(models.navec())
    for words, mine, theirs in zip(sentences, ours, slovnet_own(loaded, sentences)):
        assert len(mine) == len(words)
        if words:
            expected = [format_conll_tag(token.pos, token.feats) for token in theirs.tokens]
            assert [network.tags[i] for i in mine] == expected, words


def test_syntax_equals_slovnet(sentences: list[list[str]]) -> None:
    network = models.syntax_network(BATCH)
    ours = network.predict(sentences)
    loaded = models.Syntax.load(models.NEWS_SYNTAX).navec(models.navec())
    for words, (heads, rels), theirs in zip(sentences, ours, slovnet_own(loaded, sentences)):
        assert len(heads) == len(rels) == len(words)
        if words:
            assert heads.tolist() == [int(token.head_id) for token in theirs.tokens], words
            assert [network.rels[i] for i in rels] == [token.rel for token in theirs.tokens]


def test_ner_equals_slovnet(sentences: list[list[str]]) -> None:
    network = models.ner_network(BATCH)
    ours = network.predict(sentences)
    infer = models.NER.load(models.NEWS_NER).navec(models.navec()).infer
    tagged = 0
    for words, mine in zip(sentences, ours):
        assert len(mine) == len(words)
        if words:
            theirs = next(infer.decoder(infer.process(infer.encoder([words]))))
            assert [network.tags[i] for i in mine] == theirs, words
            tagged += sum(tag != "O" for tag in theirs)
    assert tagged > 20  # the articles name countries and organizations


def test_lean_embeddings_equal_navec_load() -> None:
    """`models.navec` skips PQ's similarity tables: the vectors are navec's own."""
    import numpy as np
    from navec import Navec

    ours, theirs = models.navec(), Navec.load(models.NEWS_EMBEDDING)
    assert ours.vocab.words == theirs.vocab.words
    assert np.array_equal(ours.pq.indexes, theirs.pq.indexes)
    assert np.array_equal(ours.pq.codes, theirs.pq.codes)
    for word in [*ours.vocab.words[::5000], "<unk>", "<pad>"]:
        assert np.array_equal(ours[word], theirs[word]), word
