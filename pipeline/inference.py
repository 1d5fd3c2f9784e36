"""slovnet's three networks (morphology, syntax, NER), run by the pipeline's own executor.

slovnet's numpy executor is written for clarity: it encodes every token
occurrence again, lays the CNN out channels-first (a transpose per layer and
an im2col copy per convolution) and builds a record per predicted token.
Those costs were half of what the three model stages took. This module keeps
slovnet's weights, embeddings, heads and decoders and changes only how the
arithmetic is laid out:

- a word's (word id, shape id) is looked up once per distinct word;
- sentences are sorted by length and padded per batch (little padding);
- each convolution is one matrix product against the kernel's taps side by
  side followed by shifted adds, channels-last, with no im2col copy; ReLU,
  batch norm (folded into a scale and a shift) and the pad mask are applied
  in place;
- predictions come back as arrays of ids, which the components map to
  strings through small per-id tables.

Outputs equal slovnet's own (`tests/test_inference.py` compares them); the
pad embeddings are zero, so a sentence's result does not depend on the
other sentences of its batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import numpy as np
from slovnet.exec.model import CNNEncoder, WordShapeEmbedding
from slovnet.shape import word_shape

WORD_TABLE_LIMIT = 100_000  # distinct words remembered before the table starts afresh
SHAPE_ID_SPAN = 1 << 20  # above any shape id: a (word, shape) pair as one integer


@dataclass(frozen=True)
class Batch:
    positions: list[int]  # of the sentences in the caller's list
    word_id: np.ndarray  # batch x length
    shape_id: np.ndarray
    pad_mask: np.ndarray  # True on padding
    pads: tuple[int, int]  # the pad word id and shape id

    @property
    def sizes(self) -> list[int]:
        return (~self.pad_mask).sum(-1).tolist()

    @cached_property
    def packed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Word ids and shape ids of all the sentences in one row, one pad
        position between each two, and for every place of the padded
        batch x length layout its position in that row (padding: one past the end).

        The encoder pads with zeros and zeroes padding after every layer, so a
        single pad position between sentences isolates them exactly as a batch
        does, while the convolutions no longer compute over padding.
        """
        keep = ~self.pad_mask
        sizes = keep.sum(1)
        starts = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]])
        length = int(sizes.sum()) + len(sizes) - 1
        index = starts[:, None] + np.arange(keep.shape[1])[None, :]
        index[~keep] = length
        word_id = np.full((1, length), self.pads[0])
        shape_id = np.full((1, length), self.pads[1])
        word_id[0, index[keep]] = self.word_id[keep]
        shape_id[0, index[keep]] = self.shape_id[keep]
        return word_id, shape_id, index

    @cached_property
    def distinct(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The packed row's distinct (word id, shape id) pairs, as word ids and shape
        ids, and for every position its pair's number."""
        word_id, shape_id, _ = self.packed
        pairs = word_id[0].astype(np.int64) * SHAPE_ID_SPAN + shape_id[0]
        distinct, inverse = np.unique(pairs, return_inverse=True)
        words, shapes = np.divmod(distinct, SHAPE_ID_SPAN)
        return words, shapes, inverse

    def vectors(self, embedding: object) -> np.ndarray:
        """navec's vectors of the distinct words: the three networks share one navec
        table and see the same batches, so they are looked up once."""
        key = id(embedding.codes.array)
        found = self.__dict__.setdefault("_vectors", {})
        if key not in found:
            found[key] = embedding(self.distinct[0])
        return found[key]


class WordEncoder:
    """Words to slovnet's (word id, shape id), remembered per distinct word.

    The three news models share navec's vocabulary and the same shape
    vocabulary, so `for_model` hands them one encoder (one table in memory).
    """

    loaded: ClassVar[list[WordEncoder]] = []

    def __init__(self, words_vocab: object, shapes_vocab: object) -> None:
        self.words = words_vocab
        self.shapes = shapes_vocab
        self.table: dict[str, tuple[int, int]] = {}
        self.last: tuple[tuple, Sequence, list[Batch]] | None = None

    @classmethod
    def for_model(cls, loaded: object) -> WordEncoder:
        words, shapes = loaded.infer.encoder.words_vocab, loaded.infer.encoder.shapes_vocab
        for encoder in cls.loaded:
            if encoder.words.items == words.items and encoder.shapes.items == shapes.items:
                return encoder
        encoder = cls(words, shapes)
        cls.loaded.append(encoder)
        return encoder

    def __call__(self, word: str) -> tuple[int, int]:
        ids = self.table.get(word)
        if ids is None:
            if len(self.table) > WORD_TABLE_LIMIT:
                self.table.clear()
            ids = self.table[word] = (
                self.words.encode(word.lower()),
                self.shapes.encode(word_shape(word)),
            )
        return ids

    def batches(self, sentences: Sequence[Sequence[str]], size: int) -> list[Batch]:
        """Batches of at most `size` sentences, shortest first.

        The three networks are handed the same sentence lists one after another
        (`pipeline.components.segment.model_chunks`): the last call's batches,
        with what they computed, are kept for the next network."""
        key = (size, tuple(map(id, sentences)))
        if self.last is not None and self.last[0] == key:
            return self.last[2]
        found = list(self.make_batches(sentences, size))
        self.last = (key, sentences, found)  # the sentences keep their ids valid
        return found

    def make_batches(self, sentences: Sequence[Sequence[str]], size: int) -> Iterator[Batch]:
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        for start in range(0, len(order), size):
            positions = order[start : start + size]
            length = max(1, *(len(sentences[i]) for i in positions))  # an empty one: all pad
            word_id = np.full((len(positions), length), self.words.pad_id)
            shape_id = np.full((len(positions), length), self.shapes.pad_id)
            for row, i in enumerate(positions):
                if sentences[i]:
                    ids = np.array([self(word) for word in sentences[i]])
                    word_id[row, : len(ids)] = ids[:, 0]
                    shape_id[row, : len(ids)] = ids[:, 1]
            pads = (self.words.pad_id, self.shapes.pad_id)
            yield Batch(positions, word_id, shape_id, word_id == self.words.pad_id, pads)


class ConvLayer:
    """Conv1d → ReLU → BatchNorm1d of slovnet's CNN encoder, channels-last."""

    def __init__(self, layer: object) -> None:
        weight = layer.conv.weight.array  # filters x in x kernel
        self.filters, channels, self.kernel = weight.shape
        self.padding = layer.conv.padding
        # channels x (kernel · filters): every tap's filters side by side
        self.taps = np.ascontiguousarray(
            weight.transpose(1, 2, 0).reshape(channels, self.kernel * self.filters)
        )
        self.bias = layer.conv.bias.array
        norm = layer.norm
        scale = norm.weight.array / norm.std.array
        self.scale = scale.astype(np.float32)
        self.shift = (norm.bias.array - norm.mean.array * scale).astype(np.float32)

    def __call__(self, x: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        batch, length, channels = x.shape
        padded = np.zeros((batch, length + 2 * self.padding, channels), dtype=np.float32)
        padded[:, self.padding : self.padding + length] = x
        taps = (padded.reshape(-1, channels) @ self.taps).reshape(batch, padded.shape[1], -1)
        return self.combine(taps, pad_mask, length)

    def combine(self, taps: np.ndarray, pad_mask: np.ndarray, length: int) -> np.ndarray:
        """The convolution from every position's taps (batch x padded length x
        kernel · filters), then ReLU, batch norm and zeros on padding."""
        f = self.filters
        out = taps[:, :length, :f].copy()
        for k in range(1, self.kernel):
            out += taps[:, k : k + length, k * f : (k + 1) * f]
        out += self.bias
        np.maximum(out, 0, out=out)
        out *= self.scale
        out += self.shift
        out[pad_mask] = 0  # as slovnet does after every layer
        return out


class EmbeddingLayer(ConvLayer):
    """The first layer, fed word and shape ids instead of their vectors.

    Its input is a word's navec vector beside its shape's vector, so its taps
    are the word's projection plus the shape's. A text repeats its words (half
    the tokens of a batch are repeats), so each distinct word is looked up and
    projected once per batch, and the few shapes once for all.
    """

    def __init__(self, layer: object, embedding: WordShapeEmbedding) -> None:
        super().__init__(layer)
        self.words = embedding.word
        self.word_taps = np.ascontiguousarray(self.taps[: self.words.dim])
        self.shape_taps = np.ascontiguousarray(
            embedding.shape.weight.array @ self.taps[self.words.dim :], dtype=np.float32
        )

    def __call__(self, batch: Batch) -> np.ndarray:
        """The packed row of `batch` (`Batch.packed`); pad ids have zero vectors."""
        words, shapes, inverse = batch.distinct
        length = len(inverse)
        # one row per distinct (word, shape), and a zero row for the convolution's padding
        table = np.empty((len(words) + 1, self.taps.shape[1]), dtype=np.float32)
        np.matmul(batch.vectors(self.words), self.word_taps, out=table[:-1])
        table[:-1] += self.shape_taps[shapes]
        table[-1] = 0
        index = np.full(length + 2 * self.padding, len(words))
        index[self.padding : self.padding + length] = inverse
        pad_mask = batch.packed[0] == batch.pads[0]
        return self.combine(table[index][None], pad_mask, length)


class Encoder:
    """slovnet's embedding and `CNNEncoder`: a batch's packed row in, 1 x length x
    dim out."""

    def __init__(self, encoder: CNNEncoder, embedding: WordShapeEmbedding) -> None:
        first, *rest = encoder.layers
        self.first = EmbeddingLayer(first, embedding)
        self.layers = [ConvLayer(layer) for layer in rest]

    def __call__(self, batch: Batch) -> np.ndarray:
        x = self.first(batch)
        pad_mask = batch.packed[0] == batch.pads[0]
        for layer in self.layers:
            x = layer(x, pad_mask)
        return x


class Network:
    """One slovnet model (as loaded by `slovnet.Morph/Syntax/NER.load(...).navec(...)`)."""

    def __init__(self, loaded: object, batch_size: int) -> None:
        infer = loaded.infer
        self.model = infer.model
        self.words = WordEncoder.for_model(loaded)
        self.encoder = Encoder(self.model.encoder, self.model.emb)
        self.batch_size = batch_size

    def predict(self, sentences: Sequence[Sequence[str]]) -> list:
        """One prediction per sentence, in input order."""
        predictions: list = [None] * len(sentences)
        for batch in self.words.batches(sentences, self.batch_size):
            index = batch.packed[2]
            x = self.encoder(batch)[0]
            x = np.concatenate([x, np.zeros((1, x.shape[1]), dtype=x.dtype)])[index]
            for position, prediction in zip(batch.positions, self.decode(x, batch)):
                predictions[position] = prediction
        return predictions

    def decode(self, x: np.ndarray, batch: Batch) -> Iterator:
        raise NotImplementedError


class Tagger(Network):
    """Morphology: a tag id per token (`tags[id]` is "NOUN|Case=Nom|...")."""

    def __init__(self, loaded: object, batch_size: int) -> None:
        super().__init__(loaded, batch_size)
        self.tags: list[str] = loaded.infer.decoder.tags_vocab.items

    def decode(self, x: np.ndarray, batch: Batch) -> Iterator[np.ndarray]:
        ids = self.model.head(x).argmax(-1)
        for row, size in enumerate(batch.sizes):
            yield ids[row, :size]


class CRFTagger(Tagger):
    """NER: BIO tag ids per token, decoded with the model's CRF."""

    def decode(self, x: np.ndarray, batch: Batch) -> Iterator[np.ndarray]:
        emissions = self.model.head(x)
        tags = self.model.head.crf.decode(emissions, ~batch.pad_mask)
        for row, size in enumerate(batch.sizes):
            yield tags[row][:size]


class Parser(Network):
    """Syntax: per token the 1-based head (0: root) and a relation id (`rels[id]`)."""

    def __init__(self, loaded: object, batch_size: int) -> None:
        super().__init__(loaded, batch_size)
        self.rels: list[str] = loaded.infer.decoder.rels_vocab.items

    def decode(self, x: np.ndarray, batch: Batch) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        mask = ~batch.pad_mask
        heads = self.model.head.decode(self.model.head(x), mask)
        rels = self.model.rel.decode(self.model.rel(x, heads), mask)
        for row, size in enumerate(batch.sizes):
            yield heads[row, :size], rels[row, :size]
