"""slovnet morphology: universal POS tags and features on every token."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.batching import BatchedComponent, Chunk
from pipeline.models import morph_model


class SlovnetMorph(BatchedComponent):
    load = staticmethod(morph_model)

    def predict(self, words: list[list[str]]) -> Iterable:
        return self.network.map(words)

    def annotate(self, batch: list[Doc], chunks: list[Chunk], predictions: Iterable) -> None:
        for (doc, chunk), markup in zip(chunks, predictions):
            for i, tag in zip(chunk, markup.tokens):
                token = doc[i]
                token.pos_ = tag.pos
                if tag.feats:
                    token.set_morph(tag.feats)
        for doc in batch:
            for token in doc:
                if token.is_space:
                    token.pos_ = "SPACE"


@Language.factory("slovnet_morph", default_config={"batch_size": 64})
def make_slovnet_morph(nlp: Language, name: str, batch_size: int) -> SlovnetMorph:
    return SlovnetMorph(batch_size)
