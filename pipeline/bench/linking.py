"""`make bench-linking`: do the pipeline's ids agree with NEREL's Wikidata links?

The ids are what users join the tables on, so a mention found but not linked,
or linked to a second id for the same entity, silently loses rows. For every
ORGANIZATION and COUNTRY mention of NEREL 1.1 train and dev that has a
Wikidata link (`N` line), the pipeline's entities table (the mentions
`make bench-ner` scores: nested ones and demonyms included) gives that exact
character span

- `correct`: a mention carrying the same id (any type: NEREL calls some
  organizations' names places and back);
- `wrong_id`: mentions with ids, none of them this one;
- `no_id`: a mention without an id;
- `no_span`: no mention at all (missed, or cut differently).

Each split is counted over all linked mentions (`subset=all`), over the named
ones (`named`: the text starts with a capital letter or a digit; NEREL also
links lower-case common nouns to classes, "правительство" → Q7188
"government", which the contract does not count as names), and over the named
ones that are not a generic body's bare name (`specific`: NEREL links "МИД" or
"Верховный суд" without a country to the class, or to the body of the country
the article is about, where the pipeline deliberately links none; see
`pipeline/gazetteer/bodies.py`).

NEREL train is where the gazetteer's learned names come from and where rules
are checked; dev is held out: report it, never read its misses to change a
rule (`--misses` therefore lists train's only).

    python -m pipeline.bench.linking [--out FILE] [--misses FILE]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.__main__ import BLAS_THREADS
from pipeline.bench.mention import Document, Mention
from pipeline.bench.nerel import read_nerel
from pipeline.bench.results import write_csv

for _name in BLAS_THREADS:
    os.environ.setdefault(_name, "1")  # one core, as `python -m pipeline` runs; before numpy

ROOT = Path(__file__).resolve().parents[2]
NEREL = ROOT.parent / "shared" / "bench" / "nerel-1.1"
SPLITS = ("train", "dev")
TRAINING = "train"  # the only split whose misses may be read
TYPES = ("ORGANIZATION", "COUNTRY")
OUTCOMES = ("correct", "wrong_id", "no_id", "no_span")
SUBSETS = ("all", "named", "specific")
OUTPUT = Path("outputs/bench/linking.csv")


@dataclass(frozen=True)
class Result:
    """One row of outputs/bench/linking.csv."""

    split: str
    type: str
    subset: str  # "all" linked gold mentions, the "named" ones, the "specific" named ones
    gold: int
    correct: int
    wrong_id: int
    no_id: int
    no_span: int
    accuracy: float


@dataclass(frozen=True)
class Judged:
    """One linked gold mention and what the pipeline gave its span."""

    doc_id: str
    gold: Mention
    text: str
    outcome: str
    predicted: tuple[str, ...]  # "TYPE:id" of the same-span predictions ("TYPE:" unlinked)

    @property
    def named(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()

    @property
    def specific(self) -> bool:
        from pipeline.gazetteer.bodies import generic_body, words_of  # after the BLAS setting

        return self.named and not generic_body(words_of(self.text))

    def within(self, subset: str) -> bool:
        return subset == "all" or getattr(self, subset)


def judge(doc: Document, predicted: Iterable[Mention]) -> list[Judged]:
    """Every gold ORGANIZATION and COUNTRY mention with a link, judged."""
    at: dict[tuple[int, int], list[Mention]] = {}
    for mention in predicted:
        at.setdefault((mention.start, mention.stop), []).append(mention)
    judged = []
    for gold in sorted(set(doc.mentions)):
        if gold.type not in TYPES or not gold.entity_id:
            continue
        same = at.get((gold.start, gold.stop), [])
        ids = {m.entity_id for m in same if m.entity_id}
        if gold.entity_id in ids:
            outcome = "correct"
        elif ids:
            outcome = "wrong_id"
        elif same:
            outcome = "no_id"
        else:
            outcome = "no_span"
        shown = tuple(sorted({f"{m.type}:{m.entity_id}" for m in same}))
        text = doc.text[gold.start : gold.stop]
        judged.append(Judged(doc.doc_id, gold, text, outcome, shown))
    return judged


def results(split: str, judged: Sequence[Judged]) -> list[Result]:
    rows = []
    for kind in TYPES:
        for subset in SUBSETS:
            chosen = [j for j in judged if j.gold.type == kind and j.within(subset)]
            counts = Counter(j.outcome for j in chosen)
            total = len(chosen)
            rows.append(
                Result(
                    split,
                    kind,
                    subset,
                    total,
                    *(counts[outcome] for outcome in OUTCOMES),
                    counts["correct"] / total if total else 0.0,
                )
            )
    return rows


def predictions(docs: Sequence[Document]) -> list[list[Mention]]:
    """The pipeline's entities-table mentions per document (slow: loads the models)."""
    from pipeline.bench.ner import timed
    from pipeline.bench.systems import nested_mentions, pipeline

    return timed("pipeline", "nerel-1.1", lambda: pipeline(docs, nested_mentions))


def write_misses(judged: Sequence[Judged], path: Path) -> None:
    """Train's misses, one per row, for reading by hand (benchmark text stays in outputs/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["doc_id", "start", "stop", "type", "gold_id", "text", "outcome", "got"])
        for j in judged:
            if j.outcome != "correct":
                g = j.gold
                row = [j.doc_id, g.start, g.stop, g.type, g.entity_id, j.text, j.outcome]
                writer.writerow([*row, " ".join(j.predicted)])


def print_table(rows: Sequence[Result]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Linking on NEREL 1.1 (gold mentions with a Wikidata id)")
    for column in ("split", "type", "subset", *("gold", *OUTCOMES, "accuracy")):
        table.add_column(column, justify="right" if column not in {"split", "type"} else "left")
    for r in rows:
        counts = (r.gold, r.correct, r.wrong_id, r.no_id, r.no_span)
        table.add_row(r.split, r.type, r.subset, *map(str, counts), f"{r.accuracy:.3f}")
    Console(width=max(Console().width, 100)).print(table)


def run(
    folder: Path = NEREL,
    out: Path = OUTPUT,
    misses: Path | None = None,
    splits: Sequence[str] = SPLITS,
) -> list[Result]:
    rows: list[Result] = []
    for split in splits:
        docs = read_nerel(folder / split)
        if not docs:
            raise FileNotFoundError(f"{folder / split}: no NEREL texts")
        judged = [j for doc, pred in zip(docs, predictions(docs)) for j in judge(doc, pred)]
        rows += results(split, judged)
        if misses is not None and split == TRAINING:
            write_misses(judged, misses)
    write_csv(rows, out, Result)
    print_table(rows)
    return rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.linking")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--nerel", type=Path, default=NEREL, help="the NEREL 1.1 folder")
    parser.add_argument("--split", choices=SPLITS, action="append", help="default: both")
    parser.add_argument(
        "--misses", type=Path, help="also write train's misses to this CSV (dev's never)"
    )
    arguments = parser.parse_args(argv)
    try:
        run(arguments.nerel, arguments.out, arguments.misses, arguments.split or SPLITS)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
