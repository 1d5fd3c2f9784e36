"""The two systems under test, each turning texts into typed character spans.

- raw slovnet: natasha's NER as it comes (`NewsNERTagger` over a `natasha.Doc`
  segmented by `Segmenter`), PER/LOC/ORG;
- the pipeline: `pipeline.nlp.build()`, run by the extraction's `Worker` (in
  batches; a text that fails is reported and predicts nothing; the relation
  patterns, which add no entities, are skipped); its mentions either as the
  flat outermost `doc.ents` or nested (`nested_mentions`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from natasha import Doc as NatashaDoc
from natasha import NewsEmbedding, NewsNERTagger, Segmenter
from spacy.tokens import Doc, Span

from pipeline.bench.mention import Document, Mention, relabel
from pipeline.corpus import Article
from pipeline.runner import BatchResult, Options, Worker
from pipeline.tables import Rows, table_mentions

BATCH = 32
SLOVNET_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


@dataclass
class Predictions:
    mentions: list[list[Mention]]  # one list per input document
    failed: list[str]  # "doc_id: reason" of the documents the system could not process


@cache
def natasha_tools() -> tuple[Segmenter, NewsNERTagger]:
    return Segmenter(), NewsNERTagger(NewsEmbedding())


def slovnet_mentions(text: str) -> list[Mention]:
    """Raw slovnet's PER/LOC/ORG spans in one text."""
    segmenter, tagger = natasha_tools()
    doc = NatashaDoc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Mention(span.start, span.stop, span.type) for span in doc.spans]


def slovnet(docs: Sequence[Document], labels: Mapping[str, str] = SLOVNET_LABELS) -> Predictions:
    """Raw slovnet's mentions in each document, its types renamed by `labels`."""
    return Predictions([relabel(slovnet_mentions(doc.text), labels) for doc in docs], [])


@cache
def worker() -> Worker:
    return Worker(Options())


def pipeline(docs: Sequence[Document], view: Callable[[Doc], list[Mention]]) -> Predictions:
    """The pipeline's mentions in each document, seen through `view`."""
    mentions, failed = [], []
    for start in range(0, len(docs), BATCH):
        batch = docs[start : start + BATCH]
        articles = [Article(doc.doc_id, "bench", doc.text) for doc in batch]
        found = worker().annotated(articles, [None] * len(articles), BatchResult(rows=Rows()))
        for index, doc in enumerate(batch):
            result = found[index]
            if isinstance(result, str):
                failed.append(f"{doc.doc_id}: {result}")
            mentions.append(view(result) if isinstance(result, Doc) else [])
    return Predictions(mentions, failed)


def as_mention(span: Span) -> Mention:
    return Mention(span.start_char, span.end_char, span.label_, span.kb_id_)


def outermost(doc: Doc) -> list[Mention]:
    """The flat view: `doc.ents`, outermost non-overlapping entities."""
    return [as_mention(span) for span in doc.ents]


def nested_mentions(doc: Doc) -> list[Mention]:
    """The nested view: exactly the mentions of the entities table (nested ones,
    dates and demonyms included), from the function that writes it."""
    return [as_mention(span) for span in table_mentions(doc)]
