"""The natasha/slovnet models, loaded once per process.

natasha ships the navec embeddings and the slovnet weights inside its pip
package, so nothing is downloaded at run time. The three slovnet models share
one navec table; `lru_cache` makes every component of every `Language` in the
process reuse the same loaded objects. They run through `pipeline.inference`,
not slovnet's own executor.
"""

from __future__ import annotations

from functools import cache, lru_cache

from natasha.data import NEWS_EMBEDDING, NEWS_MORPH, NEWS_NER, NEWS_SYNTAX
from navec import Navec
from slovnet import NER, Morph, Syntax

from pipeline.inference import CRFTagger, Parser, Tagger


@lru_cache(maxsize=1)
def navec() -> Navec:
    return Navec.load(NEWS_EMBEDDING)


@cache
def morph_network(batch_size: int) -> Tagger:
    return Tagger(Morph.load(NEWS_MORPH, batch_size=batch_size).navec(navec()), batch_size)


@cache
def syntax_network(batch_size: int) -> Parser:
    return Parser(Syntax.load(NEWS_SYNTAX, batch_size=batch_size).navec(navec()), batch_size)


@cache
def ner_network(batch_size: int) -> CRFTagger:
    return CRFTagger(NER.load(NEWS_NER, batch_size=batch_size).navec(navec()), batch_size)
