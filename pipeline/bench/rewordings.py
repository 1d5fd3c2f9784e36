"""Held-out rewordings: invented statements, each reworded several ways, scored as
a whole event set per text.

`corpus/gold/rewordings/heldout.jsonl` was written apart from the rules and from
the invariance suite (`tests/invariance.py`), by another hand, to estimate how
the extractor does on rewordings nobody tuned on. It is **held out**: report its
figures, never read its failures to change a rule (then it measures nothing).

    python -m pipeline.bench.rewordings [--cases FILE]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "corpus" / "gold" / "rewordings" / "heldout.jsonl"

Event = tuple[str, str, str, str]


def key(event_type: str, country: str, organization: str, date: str) -> Event:
    """An event as the cases give it: the year only (the first four characters)."""
    return (event_type, country, organization, (date or "")[:4])


@dataclass
class Score:
    texts: int = 0
    right: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    kinds: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, kind: str, predicted: set[Event], gold: set[Event]) -> None:
        exact = predicted == gold
        self.texts += 1
        self.right += exact
        self.kinds[kind][0] += exact
        self.kinds[kind][1] += 1
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_cases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(cases: Iterable[dict], nlp: object) -> Score:
    result = Score()
    for case in cases:
        doc = nlp(case["text"])
        predicted = {key(e.event_type, e.country, e.organization, e.date) for e in doc._.events}
        result.add(case["kind"], predicted, {key(*event) for event in case["expected"]})
    return result


def report(result: Score) -> str:
    p, r, f = result.prf()
    lines = [
        f"texts exactly right: {result.right}/{result.texts} = {result.right / result.texts:.3f}",
        f"events: P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
        f"  (tp {result.tp}, fp {result.fp}, fn {result.fn})",
    ]
    for kind, (right, texts) in sorted(result.kinds.items(), key=lambda item: -item[1][1]):
        lines.append(f"  {kind:<14} {right:>3}/{texts:<3} {right / texts:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    args = parser.parse_args(argv)
    import pipeline

    print(report(score(read_cases(args.cases), pipeline.load())))


if __name__ == "__main__":
    main()
