"""slovnet dependency syntax: heads and relations, one tree per razdel sentence.

slovnet decodes each head independently, so a sentence can come back with two
roots or a cycle, and a long sentence is parsed in chunks. spaCy would turn
every extra root into a new sentence, so the tree is repaired first: extra
roots and tokens caught in a cycle hang from the sentence's first root with
the relation `parataxis`/`dep`; whitespace and set-aside tokens, which the
model never sees, hang from it as `dep`. The razdel sentence boundaries
therefore survive the parse unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.batching import BatchedComponent, Chunk
from pipeline.models import syntax_network


def repair(heads: dict[int, int], root: int) -> dict[int, int]:
    """Re-attach tokens whose head chain does not reach `root` (cycles)."""
    fixed = dict(heads)
    for start in heads:
        seen = []
        node = start
        while node != root and node not in seen:
            seen.append(node)
            node = fixed[node]
        if node != root:
            fixed[start] = root
    return fixed


class SlovnetSyntax(BatchedComponent):
    load = staticmethod(syntax_network)

    def annotate(self, batch: list[Doc], chunks: list[Chunk], predictions: Iterable) -> None:
        parsed: dict[int, list[tuple[list[int], list[tuple[int, str]]]]] = {}
        rels = self.network.rels
        for (doc, chunk), (heads, rel_ids) in zip(chunks, predictions):
            arcs = [(head, rels[rel]) for head, rel in zip(heads.tolist(), rel_ids.tolist())]
            parsed.setdefault(id(doc), []).append((chunk, arcs))
        for doc in batch:
            self.assign(doc, parsed.get(id(doc), []))

    @staticmethod
    def assign(doc: Doc, chunks: list[tuple[list[int], list[tuple[int, str]]]]) -> None:
        """`chunks`: token indices and, per token, its 1-based head in the chunk
        (0: root) and relation."""
        if not len(doc):
            return
        heads = numpy.arange(len(doc), dtype="int64")
        deps = ["ROOT"] * len(doc)
        sent_root: dict[int, int] = {}
        for chunk, arcs in chunks:
            sent = doc[chunk[0]].sent.start
            chunk_heads: dict[int, int] = {}
            for i, (head, rel) in zip(chunk, arcs):
                if head == 0 or head > len(chunk):
                    sent_root.setdefault(sent, i)
                    chunk_heads[i] = i
                    deps[i] = "ROOT"
                else:
                    chunk_heads[i] = chunk[head - 1]
                    deps[i] = rel
            root = sent_root.setdefault(sent, chunk[0])
            chunk_heads[root] = root
            for i in chunk_heads:
                if i != root and chunk_heads[i] == i:
                    chunk_heads[i] = root
                    deps[i] = "parataxis"
            for i, head in repair(chunk_heads, root).items():
                if head != chunk_heads[i]:
                    deps[i] = "dep"
                heads[i] = head
            deps[root] = "ROOT"
        parsed = {i for chunk, _ in chunks for i in chunk}
        for sent in doc.sents:
            root = sent_root.get(sent.start, sent.start)
            for token in sent:
                if token.i not in parsed:  # whitespace, set-aside text
                    heads[token.i] = root
                    deps[token.i] = "ROOT" if token.i == root else "dep"
        array = numpy.zeros((len(doc), 2), dtype="uint64")
        array[:, 0] = (heads - numpy.arange(len(doc))).astype("uint64")
        array[:, 1] = [doc.vocab.strings.add(dep) for dep in deps]
        starts = [token.is_sent_start for token in doc]
        doc.from_array([HEAD, DEP], array)
        if [token.is_sent_start for token in doc] != starts:
            raise RuntimeError("syntax changed sentence boundaries")


@Language.factory(
    "slovnet_syntax", assigns=["token.dep", "token.head"], default_config={"batch_size": 64}
)
def make_slovnet_syntax(nlp: Language, name: str, batch_size: int) -> SlovnetSyntax:
    return SlovnetSyntax(batch_size)
