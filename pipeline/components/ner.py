"""slovnet NER: PER, ORG and LOC spans over the razdel tokens.

The model's tags are mapped to the contract's types. LOC stays `LOC` here: the
entities component decides between COUNTRY, CITY and LOCATION with the
gazetteer. The raw model output is kept in `doc.spans["ner"]` so that later
components can compare it with gazetteer matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.batching import BatchedComponent, Chunk
from pipeline.models import ner_network

LABELS = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOC"}


def bio_spans(doc: Doc, chunk: list[int], tags: list[str]) -> Iterator[Span]:
    start = label = None
    end = 0
    for i, tag in zip(chunk, tags):
        prefix, _, kind = tag.partition("-")
        if prefix == "B" or (prefix == "I" and kind != label) or prefix == "O":
            if label is not None:
                yield Span(doc, start, end, label=LABELS[label])
            start, label = (i, kind) if prefix != "O" else (None, None)
        end = i + 1
    if label is not None:
        yield Span(doc, start, end, label=LABELS[label])


class SlovnetNER(BatchedComponent):
    load = staticmethod(ner_network)

    def annotate(self, batch: list[Doc], chunks: list[Chunk], predictions: Iterable) -> None:
        found: dict[int, list[Span]] = {id(doc): [] for doc in batch}
        tags = self.network.tags
        for (doc, chunk), tag_ids in zip(chunks, predictions):
            found[id(doc)].extend(bio_spans(doc, chunk, [tags[i] for i in tag_ids.tolist()]))
        for doc in batch:
            spans = found[id(doc)]
            doc.spans["ner"] = spans
            doc.ents = filter_spans(spans)


@Language.factory("slovnet_ner", assigns=["doc.spans"], default_config={"batch_size": 64})
def make_slovnet_ner(nlp: Language, name: str, batch_size: int) -> SlovnetNER:
    return SlovnetNER(batch_size)
