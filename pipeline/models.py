"""The natasha/slovnet models, loaded once per process.

natasha ships the navec embeddings and the slovnet weights inside its pip
package, so nothing is downloaded at run time. The three slovnet models share
one navec table; `lru_cache` makes every component of every `Language` in the
process reuse the same loaded objects. They run through `pipeline.inference`,
not slovnet's own executor.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
from natasha.data import NEWS_EMBEDDING, NEWS_MORPH, NEWS_NER, NEWS_SYNTAX
from navec import Navec
from navec.meta import Meta
from navec.navec import META, PQ_, VOCAB
from navec.pq import PQ
from navec.tar import Tar
from navec.vocab import Vocab
from slovnet import NER, Morph, Syntax

from pipeline.inference import CRFTagger, Parser, Tagger


class EmbeddingTable(PQ):
    """navec's quantized vectors without the norms and pairwise products `PQ`
    precomputes for word similarity: the models only look vectors up, and the
    precomputation was 0.4 s of every start-up."""

    def precompute(self) -> None:
        self.qdims = np.arange(self.qdim)


@lru_cache(maxsize=1)
def navec() -> Navec:
    """`Navec.load`, with the lean `EmbeddingTable`."""
    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        vocab = Vocab.from_file(tar.load(VOCAB))
        table = EmbeddingTable.from_file(tar.load(PQ_))
    return Navec(meta, vocab, table)


@cache
def morph_network(batch_size: int) -> Tagger:
    return Tagger(Morph.load(NEWS_MORPH, batch_size=batch_size).navec(navec()), batch_size)


@cache
def syntax_network(batch_size: int) -> Parser:
    return Parser(Syntax.load(NEWS_SYNTAX, batch_size=batch_size).navec(navec()), batch_size)


@cache
def ner_network(batch_size: int) -> CRFTagger:
    return CRFTagger(NER.load(NEWS_NER, batch_size=batch_size).navec(navec()), batch_size)
