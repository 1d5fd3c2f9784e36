"""Running a slovnet model over many documents at once.

Models are fastest on large batches of similar inputs, so a component
collects the sentence chunks of a whole batch of documents, runs the model
once over all of them, and hands each prediction back to its document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any

from spacy.tokens import Doc
from spacy.util import minibatch

from pipeline.components.segment import model_chunks

Chunk = tuple[Doc, list[int]]


class BatchedComponent:
    """Subclasses set `load` (batch size → `pipeline.inference.Network`); the
    model loads on first use, so a run served entirely from the cache never
    loads it. The network sorts the sentences by length itself."""

    load: Callable[[int], Any]

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size

    @cached_property
    def network(self) -> Any:
        return self.load(self.batch_size)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            chunks = [(doc, indices) for doc in batch for indices, _ in model_chunks(doc)]
            words = [words for doc in batch for _, words in model_chunks(doc)]
            self.annotate(batch, chunks, self.network.predict(words))
            yield from batch

    def annotate(self, batch: list[Doc], chunks: list[Chunk], predictions: Iterable) -> None:
        raise NotImplementedError
