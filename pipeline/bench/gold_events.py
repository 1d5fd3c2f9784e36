"""`make bench-events`: the default pack's events against the hand-made gold event sets of
public benchmarks, `corpus/gold/bench/SET.events.csv` and `SET.documents.csv`.

`python -m pipeline.bench.gold_events [SET ...] [--out DIR] [--misses]` (default: every
set whose two gold files exist) reads each listed document from `../shared/bench`,
extracts it in this process through the Python API (which reads and writes no
annotation cache, so the scores are those of the code as it is now), writes
`DIR/gold_events.csv` (default `outputs/bench`) and prints the table. RuSentRel 1.1
lines begin with a "{Author, Unknown} " artifact of the corpus; it is overwritten
with as many spaces, so offsets still point into the raw file.

Protocol, per set:

- an event is the key (document, event_type, country, organization, year_start,
  year_end) in the `strict` matching, the same without the years in `undated`;
  each side is a set of such keys, so a repeated row counts once;
- a country or organization is the same on both sides when both have a Wikidata
  id and the ids agree, or, when one side has none, when the names agree once
  normalized (casefold, ё → е, no quotes, single spaces);
- gold and predicted keys are paired one to one by a largest matching (the test
  is not transitive: an id-less name can agree with two ids); tp counts the
  pairs, fp the unpaired predictions, fn the unpaired gold keys, over all
  documents of the set (micro average), overall (`ALL`) and per event_type.
  A ratio with a zero denominator is undefined: empty in the CSV, "—" in the table.

`--misses` prints every false negative and false positive with its sentence, read
from the benchmark file at run time: benchmark text never goes into the repository.
`--gold DIR` reads the gold files from elsewhere (a draft, a test's sample).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from pipeline.__main__ import BLAS_THREADS
from pipeline.bench.results import write_csv

for _name in BLAS_THREADS:
    os.environ.setdefault(_name, "1")  # one core, as `python -m pipeline` runs; before numpy

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold" / "bench"
SHARED = ROOT.parent / "shared" / "bench"
OUTPUT = Path("outputs/bench")
SETS = {
    "rusentrel-train": SHARED / "rusentrel-1.1" / "train",
    "rusentrel-test": SHARED / "rusentrel-1.1" / "test",
    "nerel-train": SHARED / "nerel-1.1" / "train",
    "nerel-dev": SHARED / "nerel-1.1" / "dev",
}
MATCHINGS = ("strict", "undated")
ALL = "ALL"
GOLD_COLUMNS = (
    "doc_id",
    "event_type",
    "country",
    "country_id",
    "organization",
    "organization_id",
    "year_start",
    "year_end",
    "start",
    "end",
)
AUTHOR = re.compile(r"^\{Author, [^}\r\n]*\} ", re.MULTILINE)
QUOTES = str.maketrans("", "", "\"'«»„“”‟‘’‚")

Row = Mapping[str, str]


def normalize(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").translate(QUOTES).split())


@dataclass(frozen=True, order=True)
class Entity:
    """A country or organization as one row names it: Wikidata id and normalized name."""

    id: str
    name: str

    def same(self, other: Entity) -> bool:
        """By id when both have one, else by name: the linker may leave a known
        organization without an id, the annotator may not know one."""
        if self.id and other.id:
            return self.id == other.id
        return self.name == other.name


@dataclass(frozen=True, order=True)
class Event:
    """One matching key; `years` is ("", "") in the undated matching."""

    doc_id: str
    event_type: str
    years: tuple[str, str]
    country: Entity
    organization: Entity

    def same(self, other: Event) -> bool:
        return (
            self.country.same(other.country)
            and self.organization.same(other.organization)
            and (self.doc_id, self.event_type, self.years)
            == (other.doc_id, other.event_type, other.years)
        )


def events_of(rows: Iterable[Row], dated: bool) -> dict[Event, list[Row]]:
    """The distinct events the rows state, each with its rows (for the misses)."""
    events: dict[Event, list[Row]] = defaultdict(list)
    for row in rows:
        event = Event(
            row["doc_id"],
            row["event_type"],
            (row["year_start"], row["year_end"]) if dated else ("", ""),
            Entity(row["country_id"], normalize(row["country"])),
            Entity(row["organization_id"], normalize(row["organization"])),
        )
        events[event].append(row)
    return events


def pair_up(gold: Sequence[Event], predicted: Sequence[Event]) -> dict[Event, Event]:
    """A largest one-to-one pairing, predicted → gold, by augmenting paths: a greedy
    one could give a prediction to the wrong one of two gold keys it agrees with."""
    partner: dict[Event, Event] = {}

    def claim(event: Event, tried: set[Event]) -> bool:
        for candidate in predicted:
            if candidate not in tried and event.same(candidate):
                tried.add(candidate)
                if candidate not in partner or claim(partner[candidate], tried):
                    partner[candidate] = event
                    return True
        return False

    for event in gold:
        claim(event, set())
    return partner


@dataclass
class Outcome:
    """One matching of one set: the pairs (gold, predicted) and the keys left over,
    each with the rows that state it."""

    paired: list[tuple[Event, Event]]
    missed: dict[Event, list[Row]]  # false negatives
    spurious: dict[Event, list[Row]]  # false positives


def match(
    gold: Iterable[Row], predicted: Iterable[Row], documents: Iterable[str], dated: bool
) -> Outcome:
    """Pair the events of `documents` (every document annotated, with or without
    events; predictions for others are left out); a gold row of another document
    is an error in the gold files."""
    scored = set(documents)
    gold_events = events_of(gold, dated)
    if stray := sorted({event.doc_id for event in gold_events} - scored):
        raise ValueError(f"gold events of document(s) not in the documents list: {stray[:5]}")
    predicted_events = events_of((row for row in predicted if row["doc_id"] in scored), dated)
    groups: dict[tuple, tuple[list[Event], list[Event]]] = defaultdict(lambda: ([], []))
    for side, events in enumerate((gold_events, predicted_events)):
        for event in sorted(events):
            groups[(event.doc_id, event.event_type, event.years)][side].append(event)
    partner: dict[Event, Event] = {}
    for gold_group, predicted_group in groups.values():
        partner.update(pair_up(gold_group, predicted_group))
    paired_gold = set(partner.values())
    return Outcome(
        paired=sorted((g, p) for p, g in partner.items()),
        missed={e: rows for e, rows in sorted(gold_events.items()) if e not in paired_gold},
        spurious={e: rows for e, rows in sorted(predicted_events.items()) if e not in partner},
    )


@dataclass(frozen=True)
class Score:
    """A row of gold_events.csv; ratios None where undefined."""

    dataset: str
    matching: str
    event_type: str
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, dataset: str, matching: str, event_type: str, tp: int, fp: int, fn: int) -> Score:
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * tp / (2 * tp + fp + fn) if precision is not None and recall is not None else None
        return cls(dataset, matching, event_type, tp, fp, fn, precision, recall, f1)


def scores(dataset: str, matching: str, outcome: Outcome) -> list[Score]:
    """ALL, then each event_type either side has, alphabetically."""
    paired = [gold for gold, _ in outcome.paired]
    types = {event.event_type for event in [*paired, *outcome.missed, *outcome.spurious]}

    def count(events: Iterable[Event], kind: str) -> int:
        return sum(kind in (ALL, event.event_type) for event in events)

    return [
        Score.of(
            dataset,
            matching,
            kind,
            tp=count(paired, kind),
            fp=count(outcome.spurious, kind),
            fn=count(outcome.missed, kind),
        )
        for kind in [ALL, *sorted(types)]
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows, values stripped (a spreadsheet's BOM and blank cells allowed)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items() if key}
            for row in csv.DictReader(handle)
        ]


def read_gold(dataset: str, gold: Path = GOLD) -> tuple[list[str], list[dict[str, str]]]:
    """The set's annotated documents (in file order) and its gold event rows."""
    documents = list(
        dict.fromkeys(row["doc_id"] for row in read_rows(gold / f"{dataset}.documents.csv"))
    )
    events = read_rows(gold / f"{dataset}.events.csv")
    if events and (missing := [c for c in GOLD_COLUMNS if c not in events[0]]):
        raise ValueError(f"{gold / f'{dataset}.events.csv'}: no column(s) {', '.join(missing)}")
    return documents, events


def has_gold(dataset: str, gold: Path = GOLD) -> bool:
    return all((gold / f"{dataset}.{name}.csv").is_file() for name in ("events", "documents"))


def prepared_text(dataset: str, doc_id: str) -> str:
    """The benchmark file as the extractor should see it: decoded as is (`\\r\\n` kept,
    gold offsets count it), RuSentRel's author artifact blanked out."""
    if not doc_id or Path(doc_id).name != doc_id:
        raise ValueError(f"{dataset}: {doc_id!r} is no file name")
    text = (SETS[dataset] / f"{doc_id}.txt").read_bytes().decode("utf-8")
    return blank_authors(text) if dataset.startswith("rusentrel-") else text


def blank_authors(text: str) -> str:
    """RuSentRel's line-initial "{Author, Unknown} " replaced by as many spaces."""
    return AUTHOR.sub(lambda found: " " * len(found.group()), text)


def extract(texts: Mapping[str, str], nlp: Language | None = None) -> list[dict[str, str]]:
    """The events.csv rows of the texts (doc_id → text), as strings ("" for none), each
    with its sentence's `start` and `end`. The texts go to a temporary folder as
    DOC_ID.txt, so they are read as the CLI reads files."""
    import pipeline

    with tempfile.TemporaryDirectory(prefix="newsfacts-gold-events-") as folder:
        for doc_id, text in texts.items():
            (Path(folder) / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="")
        tables = pipeline.extract([folder], nlp=nlp)
    failed = tables["documents"][tables["documents"]["status"] != "ok"]
    for doc_id, error in zip(failed["doc_id"], failed["error"]):
        print(f"{doc_id}: not processed ({error}); its gold events are missed", file=sys.stderr)
    spans = tables["sentences"][["doc_id", "sent_id", "start", "end"]]
    events = tables["events"].merge(spans, on=["doc_id", "sent_id"], how="left")
    return events.astype("string").fillna("").to_dict("records")


def describe(event: Event, row: Row) -> str:
    def entity(name: str, entity_id: str) -> str:
        return f"{name} [{entity_id}]" if entity_id else name

    years = "–".join(event.years) if any(event.years) else "undated"
    country = entity(row["country"], row["country_id"])
    organization = entity(row["organization"], row["organization_id"])
    return f"{event.doc_id}  {event.event_type}  {country} — {organization}  {years}"


def print_misses(dataset: str, matching: str, outcome: Outcome, texts: Mapping[str, str]) -> None:
    """Each miss with the distinct sentences its rows come from."""
    for label, events in (("FN", outcome.missed), ("FP", outcome.spurious)):
        for event, rows in events.items():
            print(f"{dataset} {matching} {label}  {describe(event, rows[0])}")
            spans = dict.fromkeys((row["start"], row["end"]) for row in rows)
            for start, end in spans:
                if start and end:
                    print("    " + " ".join(texts[event.doc_id][int(start) : int(end)].split()))
                else:
                    print("    (no sentence offsets)")


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def scores_table(results: Sequence[Score]) -> Table:
    table = Table(title="Events against the gold event sets")
    for name in ("set", "matching", "type"):
        table.add_column(name, no_wrap=True)
    for name in ("tp", "fp", "fn", "P", "R", "F1"):
        table.add_column(name, justify="right")
    for s in results:
        table.add_row(
            s.dataset,
            s.matching,
            s.event_type,
            str(s.tp),
            str(s.fp),
            str(s.fn),
            ratio(s.precision),
            ratio(s.recall),
            ratio(s.f1),
        )
    return table


def run(
    datasets: Sequence[str] = (),
    out: Path = OUTPUT,
    misses: bool = False,
    gold: Path = GOLD,
    nlp: Language | None = None,
) -> list[Score]:
    """Extract and score each set (none given: every set with both gold files), write
    `out/gold_events.csv` and print the table, and with `misses` every miss."""
    chosen = list(datasets) or [name for name in SETS if has_gold(name, gold)]
    if not chosen:
        raise FileNotFoundError(f"{gold}: no SET.events.csv with its SET.documents.csv")
    for dataset in chosen:
        if not has_gold(dataset, gold):
            raise FileNotFoundError(f"{gold}: no {dataset}.events.csv and .documents.csv")
        if not SETS[dataset].is_dir():
            raise FileNotFoundError(f"{SETS[dataset]}: benchmark texts not found")
    if nlp is None:
        import pipeline

        nlp = pipeline.load()
    results: list[Score] = []
    for dataset in chosen:
        documents, gold_rows = read_gold(dataset, gold)
        texts = {doc_id: prepared_text(dataset, doc_id) for doc_id in documents}
        predicted = extract(texts, nlp)
        for matching in MATCHINGS:
            outcome = match(gold_rows, predicted, documents, dated=matching == "strict")
            results += scores(dataset, matching, outcome)
            if misses:
                print_misses(dataset, matching, outcome, texts)
    write_csv(results, out / "gold_events.csv", Score)
    Console(width=max(Console().width, 100)).print(scores_table(results))
    return results


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench.gold_events")
    parser.add_argument("sets", nargs="*", metavar="SET", help=f"of {', '.join(SETS)}")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder of gold_events.csv")
    parser.add_argument("--misses", action="store_true", help="print every FN and FP")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of the gold files")
    arguments = parser.parse_args(argv)
    if unknown := [name for name in arguments.sets if name not in SETS]:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    try:
        run(arguments.sets, arguments.out, arguments.misses, arguments.gold)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
