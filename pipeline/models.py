"""The natasha/slovnet models, loaded once per process.

natasha ships the navec embeddings and the slovnet weights inside its pip
package, so nothing is downloaded at run time. The three slovnet models share
one navec table; `lru_cache` makes every component of every `Language` in the
process reuse the same loaded objects.
"""

from __future__ import annotations

from functools import cache, lru_cache

from natasha.data import NEWS_EMBEDDING, NEWS_MORPH, NEWS_NER, NEWS_SYNTAX
from navec import Navec
from slovnet import NER, Morph, Syntax


@lru_cache(maxsize=1)
def navec() -> Navec:
    return Navec.load(NEWS_EMBEDDING)


@cache
def morph_model(batch_size: int) -> Morph:
    return Morph.load(NEWS_MORPH, batch_size=batch_size).navec(navec())


@cache
def syntax_model(batch_size: int) -> Syntax:
    return Syntax.load(NEWS_SYNTAX, batch_size=batch_size).navec(navec())


@cache
def ner_model(batch_size: int) -> NER:
    return NER.load(NEWS_NER, batch_size=batch_size).navec(navec())


def ner_tags(model: NER, sentences: list[list[str]]) -> list[list[str]]:
    """BIO tags for already tokenized sentences.

    slovnet's `NER.map` takes raw text and tokenizes it again with razdel; the
    pipeline has the razdel tokens already, so it feeds them to the same
    encoder/CRF and gets one tag per token, with no second tokenization and no
    character re-alignment.
    """
    infer = model.infer
    return list(infer.decoder(infer.process(infer.encoder(sentences))))
