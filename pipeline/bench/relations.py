"""`make bench-relations`: the relations a pattern pack extracts from NEREL 1.1 dev,
scored against NEREL's gold `R` lines.

The extractor runs as a user would run it (`extract_relations`: a fresh
process, the pack's patterns only, no cache) over every `.txt` of the dev
folder and writes `relations.csv`; its rows are then scored against the `R`
lines of the same documents' `.ann` files.

Protocol, for each relation type R the pack declares (its relation names,
which must be NEREL's, e.g. WORKPLACE):

- a predicted row of type R is *right* when some gold relation of type R in
  the same document has its Arg1 span overlapping the row's arg1 span and
  its Arg2 span overlapping the row's arg2 span (two spans overlap when
  `start < other_end and other_start < end`). The arguments keep their
  order: the pack's first role is NEREL's Arg1. Entity types are not
  compared, so a pack is not scored on NER;
- predicted rows with the same document, relation and argument spans are
  one prediction (several patterns may state the same fact);
- gold spans are NEREL's entity spans, a discontinuous entity read as its
  covering extent (`pipeline.bench.nerel`); identical gold relations count
  once;
- precision = right / predicted; recall = found / gold, where gold counts
  the relations of type R in the documents scored (every `.txt` given to
  the extractor, with or without predicted rows) and found those matched by
  at least one right prediction; F1 their harmonic mean. A ratio with a
  zero denominator is undefined: None in Python, empty in the CSV, "—" in
  the table.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from pipeline.bench.ner import NEREL, NEREL_NAME
from pipeline.bench.nerel import entity_spans, relation_lines
from pipeline.patterns.pack import read_pack

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "examples" / "patterns" / "nerel.toml"
OUTPUT = Path("outputs/bench/relations.csv")

# The columns of the extractor's relations.csv that scoring reads.
SPAN_COLUMNS = ["arg1_start", "arg1_end", "arg2_start", "arg2_end"]
KEY_COLUMNS = ["doc_id", "relation", *SPAN_COLUMNS]


@dataclass(frozen=True, order=True)
class Argument:
    """A gold argument: the entity's character span in the raw text, and its type."""

    start: int
    end: int
    type: str

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, order=True)
class GoldRelation:
    """One NEREL `R` line with its two entities resolved to spans."""

    relation: str
    arg1: Argument
    arg2: Argument


@dataclass(frozen=True)
class RelationScore:
    """One relation type's counts and ratios (a row of the scores CSV); None where undefined."""

    relation: str
    predicted: int
    right: int
    precision: float | None
    gold: int
    found: int
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, relation: str, predicted: int, right: int, gold: int, found: int) -> RelationScore:
        precision = right / predicted if predicted else None
        recall = found / gold if gold else None
        f1 = None
        if precision is not None and recall is not None:
            total = precision + recall
            f1 = 2 * precision * recall / total if total else 0.0
        return cls(relation, predicted, right, precision, gold, found, recall, f1)


def read_relations(ann_text: str) -> list[GoldRelation]:
    """The `R` lines of one `.ann` file, in file order; a line naming an entity
    the file does not define is malformed and skipped."""
    entities = entity_spans(ann_text)
    relations = []
    for kind, arg1, arg2 in relation_lines(ann_text):
        if arg1 in entities and arg2 in entities:
            (type1, start1, end1), (type2, start2, end2) = entities[arg1], entities[arg2]
            relations.append(
                GoldRelation(kind, Argument(start1, end1, type1), Argument(start2, end2, type2))
            )
    return relations


def read_gold(folder: Path) -> dict[str, list[GoldRelation]]:
    """doc_id (the `.txt` name without extension) → its gold relations, for every
    `*.txt` of a NEREL split folder: the documents the extractor is given."""
    return {
        path.stem: read_relations(path.with_suffix(".ann").read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt"))
    }


def score(
    predicted: pd.DataFrame, gold: Mapping[str, Sequence[GoldRelation]], relations: Sequence[str]
) -> list[RelationScore]:
    """Score relations.csv rows against the gold of the documents in `gold` (see the
    module docstring); one row per relation in `relations`, in their order.

    `gold` must hold every document scored, with an empty list for one without
    relations: a document absent from it has no gold, so its predictions are all wrong.
    """
    missing = [column for column in KEY_COLUMNS if column not in predicted.columns]
    if missing:
        raise ValueError(f"predicted relations lack the column(s) {', '.join(missing)}")
    rows = predicted[KEY_COLUMNS].astype(dict.fromkeys(SPAN_COLUMNS, int)).drop_duplicates()
    by_key: defaultdict[tuple[str, str], set[GoldRelation]] = defaultdict(set)
    for doc_id, doc_relations in gold.items():
        for relation in doc_relations:
            by_key[(doc_id, relation.relation)].add(relation)
    scores = []
    for kind in dict.fromkeys(relations):
        chosen = rows[rows["relation"] == kind]
        right = 0
        found: set[tuple[str, GoldRelation]] = set()
        for doc_id, _, start1, end1, start2, end2 in chosen.itertuples(index=False):
            matched = {
                relation
                for relation in by_key.get((doc_id, kind), ())
                if relation.arg1.overlaps(start1, end1) and relation.arg2.overlaps(start2, end2)
            }
            right += bool(matched)
            found.update((doc_id, relation) for relation in matched)
        total = sum(len(by_key.get((doc_id, kind), ())) for doc_id in gold)
        scores.append(RelationScore.of(kind, len(chosen), right, total, len(found)))
    return scores


def declared_relations(pack: Path) -> list[str]:
    """The relation types the pack declares: the ones it is scored on. The pack is
    read and checked as `extract --patterns` reads it (a `PackError` if bad)."""
    names = list(read_pack(pack).relations)
    if not names:
        raise ValueError(f"{pack}: declares no [[relation]], nothing to score")
    return names


def extract_relations(texts: Path, pack: Path, out: Path) -> Path:
    """Run the extractor on `texts` with only `pack`'s patterns, in a fresh process
    and without the annotation cache (so the scores are the pack's as it is now,
    not a cached firing), writing into `out`; return `out/relations.csv`.

    A relations.csv left in `out` by an earlier run is removed first, so a run
    that writes none fails here instead of being scored on stale rows.
    """
    table = out / "relations.csv"
    table.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(texts),
        "--out",
        str(out),
        "--patterns",
        str(pack),
        "--patterns-only",
        "--no-cache",
        "-q",
    ]
    subprocess.run(command, check=True)
    if not table.is_file():
        raise FileNotFoundError(f"{table}: the extraction wrote no relations table")
    return table


def write_scores(scores: Sequence[RelationScore], path: Path, dataset: str = NEREL_NAME) -> None:
    """The scores CSV, floats with 4 decimals and undefined ratios empty; written
    to a `.partial` file first so an interrupted run leaves no half table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".csv.partial")
    names = ["dataset", *(f.name for f in fields(RelationScore))]
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for result in scores:
            row = {"dataset": dataset, **asdict(result)}
            writer.writerow({k: f"{v:.4f}" if isinstance(v, float) else v for k, v in row.items()})
    partial.replace(path)


def scores_table(scores: Sequence[RelationScore], dataset: str = NEREL_NAME) -> Table:
    table = Table(title=f"Relation benchmark on {dataset} (overlapping argument spans)")
    table.add_column("relation", no_wrap=True)
    for name in ("predicted", "right", "P", "gold", "found", "R", "F1"):
        table.add_column(name, justify="right")
    for s in scores:
        table.add_row(
            s.relation,
            str(s.predicted),
            str(s.right),
            ratio(s.precision),
            str(s.gold),
            str(s.found),
            ratio(s.recall),
            ratio(s.f1),
        )
    return table


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def run(out_csv: Path = OUTPUT, pack: Path = PACK, dev: Path = NEREL) -> list[RelationScore]:
    """Extract with `pack` from NEREL dev (into the folder `out_csv` names without
    `.csv`: outputs/bench/relations/), score the relations the pack declares,
    write `out_csv` and print the table."""
    if not dev.is_dir():
        raise FileNotFoundError(
            f"{dev}: NEREL 1.1 dev not found (expected in ../shared/bench next to the repository)"
        )
    if not pack.exists():
        raise FileNotFoundError(f"{pack}: pattern pack not found")
    relations = declared_relations(pack)
    gold = read_gold(dev)
    table = extract_relations(dev, pack, out_csv.parent / out_csv.stem)
    predicted = pd.read_csv(table, dtype=str, keep_default_na=False)
    scores = score(predicted, gold, relations)
    if unknown := sorted(set(predicted["doc_id"]) - set(gold)):
        Console(stderr=True).print(
            f"[yellow]{len(unknown)} predicted doc_id(s) not in {dev}[/yellow] "
            f"(their rows count as wrong), e.g. {unknown[0]!r}",
            highlight=False,
        )
    write_scores(scores, out_csv)
    Console(width=max(Console().width, 100)).print(scores_table(scores))
    return scores
