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
    """Subclasses set `load` (batch size → model); the model loads on first use,
    so a run served entirely from the cache never loads it."""

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
            chunks = [(doc, chunk) for doc in batch for chunk in model_chunks(doc)]
            words = [[doc[i].text for i in chunk] for doc, chunk in chunks]
            self.annotate(batch, chunks, self.predict_sorted(words))
            yield from batch

    def predict_sorted(self, words: list[list[str]]) -> list:
        """Predictions in input order, computed in order of length.

        The model pads every batch to its longest sentence; sorting puts
        sentences of similar length together, so little is spent on padding.
        """
        order = sorted(range(len(words)), key=lambda i: len(words[i]))
        predictions: list = [None] * len(words)
        for position, prediction in zip(order, self.predict([words[i] for i in order])):
            predictions[position] = prediction
        return predictions

    def predict(self, words: list[list[str]]) -> Iterable:
        raise NotImplementedError

    def annotate(self, batch: list[Doc], chunks: list[Chunk], predictions: Iterable) -> None:
        raise NotImplementedError
