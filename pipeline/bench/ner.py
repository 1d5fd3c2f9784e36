"""`make bench-ner`: the pipeline and raw slovnet on factRuEval-2016 dev and NEREL 1.1 dev.

Both systems see the same texts in one run. factRuEval is flat PER/LOC/ORG,
scored token by token as natasha/naeval does, so the pipeline's outermost
mentions are mapped COUNTRY/CITY/LOCATION → LOC, ORGANIZATION → ORG, PERSON →
PER. NEREL is nested and finer, scored by exact span per contract type with
the pipeline's full entities table (nested mentions and dates) and its
demonym references, which NEREL calls COUNTRY; raw slovnet
has only PER, ORG and LOC, so its LOC is compared with the pipeline's places
on a PLACE row (COUNTRY ∪ CITY ∪ LOCATION). Linking accuracy is the
pipeline's only: slovnet links nothing. See docs/entities.md for the
protocol.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.bench.factru import read_factru
from pipeline.bench.mention import Document, Mention, relabel
from pipeline.bench.nerel import read_nerel
from pipeline.bench.results import write_csv
from pipeline.bench.score import Counts, Share, linking_counts, span_counts, token_counts
from pipeline.bench.systems import Predictions, nested_mentions, outermost, pipeline, slovnet

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "bench"
FACTRU = SHARED / "factru-2016" / "devset"
NEREL = SHARED / "nerel-1.1" / "dev"
OUTPUT = Path("outputs/bench/ner.csv")

FACTRU_NAME = "factru-2016-dev"
NEREL_NAME = "nerel-1.1-dev"
FACTRU_TYPES = ("PER", "LOC", "ORG")
TO_FACTRU = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "LOCATION": "LOC",
}
NEREL_TYPES = ("PERSON", "ORGANIZATION", "COUNTRY", "CITY", "LOCATION", "DATE", "PLACE")
SLOVNET_TO_NEREL = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "PLACE"}
PLACES = {"COUNTRY", "CITY", "LOCATION"}
LINKED_TYPES = ("COUNTRY", "ORGANIZATION")


@dataclass(frozen=True)
class Result:
    """One row of outputs/bench/ner.csv; metrics a row does not have are None."""

    system: str
    dataset: str
    task: str  # "ner" (precision, recall, f1) or "linking" (accuracy)
    type: str
    precision: float | None
    recall: float | None
    f1: float | None
    accuracy: float | None
    support: int  # gold tokens (factRuEval), gold mentions (NEREL)


def with_places(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions plus a PLACE copy of every COUNTRY, CITY and LOCATION."""
    mentions = list(mentions)
    return mentions + relabel(mentions, dict.fromkeys(PLACES, "PLACE"))


def total(per_document: Iterable[Mapping[str, Counts | Share]]) -> dict[str, Counts | Share]:
    sums: dict[str, Counts | Share] = {}
    for counts in per_document:
        for kind, value in counts.items():
            sums.setdefault(kind, type(value)()).add(value)
    return sums


def ner_rows(system: str, dataset: str, counts: Mapping[str, Counts]) -> list[Result]:
    return [
        Result(system, dataset, "ner", kind, c.precision, c.recall, c.f1, None, c.gold)
        for kind, c in counts.items()
    ]


def linking_rows(system: str, dataset: str, shares: Mapping[str, Share]) -> list[Result]:
    return [
        Result(system, dataset, "linking", kind, None, None, None, s.value, s.total)
        for kind, s in shares.items()
    ]


def timed(system: str, dataset: str, run: Callable[[], Predictions]) -> list[list[Mention]]:
    """Run one system on one data set, saying how long it took and what failed."""
    console = Console(stderr=True)
    started = time.perf_counter()
    predictions = run()
    seconds = time.perf_counter() - started
    console.print(f"{system} on {dataset}: {len(predictions.mentions)} texts in {seconds:.1f} s")
    for failure in predictions.failed:
        console.print(f"[yellow]failed[/yellow] ({system}, {dataset}) {failure}", highlight=False)
    return predictions.mentions


def factru_results(docs: Sequence[Document]) -> list[Result]:
    runs: dict[str, Callable[[], Predictions]] = {
        "slovnet": lambda: slovnet(docs),
        "pipeline": lambda: pipeline(docs, lambda doc: relabel(outermost(doc), TO_FACTRU)),
    }
    results = []
    for system, run in runs.items():
        predictions = timed(system, FACTRU_NAME, run)
        counts = total(
            token_counts(doc.text, pred, doc.mentions, FACTRU_TYPES)
            for doc, pred in zip(docs, predictions)
        )
        results += ner_rows(system, FACTRU_NAME, counts)
    return results


def nerel_results(docs: Sequence[Document]) -> list[Result]:
    runs: dict[str, Callable[[], Predictions]] = {
        "slovnet": lambda: slovnet(docs, SLOVNET_TO_NEREL),
        "pipeline": lambda: pipeline(docs, lambda doc: with_places(nested_mentions(doc))),
    }
    golds = [with_places(doc.mentions) for doc in docs]
    results = []
    for system, run in runs.items():
        predictions = timed(system, NEREL_NAME, run)
        produced = {m.type for pred in predictions for m in pred}
        types = [kind for kind in NEREL_TYPES if kind in produced]
        counts = total(span_counts(p, g, types) for p, g in zip(predictions, golds))
        results += ner_rows(system, NEREL_NAME, counts)
        if any(m.entity_id for pred in predictions for m in pred):
            shares = total(linking_counts(p, g, LINKED_TYPES) for p, g in zip(predictions, golds))
            results += linking_rows(system, NEREL_NAME, shares)
    return results


def side_by_side(results: Sequence[Result]) -> Table:
    """One line per data set × task × type, the systems' scores next to each other."""
    systems = list(dict.fromkeys(r.system for r in results))
    table = Table(title="NER benchmark (linking rows: accuracy in the F1 column)")
    table.add_column("data set", no_wrap=True)
    table.add_column("type", no_wrap=True)
    for system in systems:
        for metric in ("P", "R", "F1"):
            table.add_column(f"{system}\n{metric}", justify="right")
    table.add_column("support", justify="right")
    by_key = {(r.dataset, r.task, r.type, r.system): r for r in results}
    for dataset, task, kind in dict.fromkeys((r.dataset, r.task, r.type) for r in results):
        found = [by_key.get((dataset, task, kind, system)) for system in systems]
        support = next(r.support for r in found if r)
        label = kind if task == "ner" else f"{kind} linking"
        table.add_row(dataset, label, *[c for r in found for c in cells(r)], str(support))
    return table


def cells(result: Result | None) -> tuple[str, str, str]:
    if result is None:
        return ("—", "—", "—")
    if result.task == "linking":
        return ("", "", f"{result.accuracy:.3f}")
    return (f"{result.precision:.3f}", f"{result.recall:.3f}", f"{result.f1:.3f}")


def run(out: Path = OUTPUT, factru: Path = FACTRU, nerel: Path = NEREL) -> list[Result]:
    """Score both systems on both data sets, write `out` and print the table."""
    for folder in (factru, nerel):
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: benchmark data not found")
    results = factru_results(read_factru(factru)) + nerel_results(read_nerel(nerel))
    write_csv(results, out, Result)
    Console(width=max(Console().width, 120)).print(side_by_side(results))
    return results


if __name__ == "__main__":
    run()
