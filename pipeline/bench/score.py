"""Metrics: naeval's token-level F1, exact-span P/R/F1 and linking accuracy.

Token level (factRuEval, as natasha/naeval scores it): both the predicted and
the gold spans are flattened (a span overlapping an earlier, longer one is
dropped), spans whose ends are not razdel token boundaries are dropped, and
every razdel token of the text then counts once per type: predicted inside a
span of that type and/or gold inside one.

Exact span (NEREL): a prediction is right when a gold mention has the same
type, start and end. Linking: a gold mention with a Wikidata id counts as
linked when a prediction with the same start and end carries that id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from razdel import tokenize

from pipeline.bench.mention import Mention


@dataclass
class Counts:
    """Precision/recall/F1 counts; summed over documents (micro average)."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Share:
    """Accuracy counts: how many of `total` items are `correct`."""

    correct: int = 0
    total: int = 0

    def add(self, other: Share) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


def drop_overlapping(mentions: Iterable[Mention]) -> list[Mention]:
    """naeval's `filter_overlapping`: in (start, longest first) order, a span that
    begins inside the last kept one is dropped."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.stop)):
        if kept and kept[-1].stop > mention.start:
            continue
        kept.append(mention)
    return kept


def aligned(mentions: Iterable[Mention], tokens: Sequence[tuple[int, int]]) -> list[Mention]:
    """The mentions that start at a token start and end at a token end."""
    starts = {start for start, _ in tokens}
    stops = {stop for _, stop in tokens}
    return [m for m in mentions if m.start in starts and m.stop in stops]


def token_types(tokens: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[str]:
    """The type of the (flat, aligned) mention each token lies in, '' outside."""
    types = [""] * len(tokens)
    for mention in mentions:
        for index, (start, stop) in enumerate(tokens):
            if mention.start <= start and stop <= mention.stop:
                types[index] = mention.type
    return types


def token_counts(
    text: str, predicted: Iterable[Mention], gold: Iterable[Mention], types: Iterable[str]
) -> dict[str, Counts]:
    """naeval's token-level counts for one document."""
    tokens = [(token.start, token.stop) for token in tokenize(text)]
    pred_types = token_types(tokens, aligned(drop_overlapping(predicted), tokens))
    gold_types = token_types(tokens, aligned(drop_overlapping(gold), tokens))
    counts = {}
    for kind in types:
        pred = [value == kind for value in pred_types]
        true = [value == kind for value in gold_types]
        counts[kind] = Counts(
            correct=sum(p and t for p, t in zip(pred, true)),
            predicted=sum(pred),
            gold=sum(true),
        )
    return counts


def span_counts(
    predicted: Iterable[Mention], gold: Iterable[Mention], types: Iterable[str]
) -> dict[str, Counts]:
    """Exact-span counts for one document; repeated spans count once."""
    pred_spans = spans_by_type(predicted)
    gold_spans = spans_by_type(gold)
    return {
        kind: Counts(
            correct=len(pred_spans[kind] & gold_spans[kind]),
            predicted=len(pred_spans[kind]),
            gold=len(gold_spans[kind]),
        )
        for kind in types
    }


def spans_by_type(mentions: Iterable[Mention]) -> defaultdict[str, set[tuple[int, int]]]:
    spans: defaultdict[str, set[tuple[int, int]]] = defaultdict(set)
    for mention in mentions:
        spans[mention.type].add((mention.start, mention.stop))
    return spans


def linking_counts(
    predicted: Iterable[Mention], gold: Iterable[Mention], types: Iterable[str]
) -> dict[str, Share]:
    """Per gold type: gold mentions with an id, and those a same-span prediction links right."""
    ids: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
    for mention in predicted:
        if mention.entity_id:
            ids[(mention.start, mention.stop)].add(mention.entity_id)
    shares = {kind: Share() for kind in types}
    for mention in set(gold):
        if mention.type in shares and mention.entity_id:
            shares[mention.type].total += 1
            shares[mention.type].correct += mention.entity_id in ids[(mention.start, mention.stop)]
    return shares
