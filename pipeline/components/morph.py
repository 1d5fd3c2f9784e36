"""slovnet morphology: universal POS tags and features on every token."""

from __future__ import annotations

from collections.abc import Iterable

from slovnet.conll import parse_conll_tag
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.batching import BatchedComponent, Chunk
from pipeline.models import morph_network


class SlovnetMorph(BatchedComponent):
    load = staticmethod(morph_network)

    def __init__(self, batch_size: int) -> None:
        super().__init__(batch_size)
        self.tags: dict[int, tuple[str, dict[str, str]]] = {}  # tag id → (POS, features)

    def tag(self, tag_id: int) -> tuple[str, dict[str, str]]:
        tag = self.tags.get(tag_id)
        if tag is None:
            tag = self.tags[tag_id] = parse_conll_tag(self.network.tags[tag_id])
        return tag

    def annotate(self, batch: list[Doc], chunks: list[Chunk], predictions: Iterable) -> None:
        for (doc, chunk), tag_ids in zip(chunks, predictions):
            for i, tag_id in zip(chunk, tag_ids.tolist()):
                token = doc[i]
                token.pos_, feats = self.tag(tag_id)
                if feats:
                    token.set_morph(feats)
        for doc in batch:
            for token in doc:
                if token.is_space:
                    token.pos_ = "SPACE"


@Language.factory(
    "slovnet_morph", assigns=["token.pos", "token.morph"], default_config={"batch_size": 64}
)
def make_slovnet_morph(nlp: Language, name: str, batch_size: int) -> SlovnetMorph:
    return SlovnetMorph(batch_size)
