"""Scoring the extracted tables against the gold set.

Entities are matched one to one: a gold mention can be claimed by one
prediction only, so a duplicated row is a false positive, not a second hit.
"Exact" needs the same span and type, "overlap" the same type and any shared
character (each gold mention still taken once, the largest overlap first).
Linking accuracy is measured on overlap-matched pairs whose gold mention has
a Wikidata id; DATE values likewise on matched DATE pairs.

Events are matched on (document, type, country, organization, years) for
"strict" and without the type for "loose". A country or organization is
compared by Wikidata id when both sides have one, else by the gazetteer entry
its name resolves to, else by its folded name, so a gold row without an id
still matches the pipeline's linked row. Dated and undated gold events are
also scored apart, and each pattern's precision shows which one makes which
false positives.

The gold folder may hold entities.csv, events.csv or both, and only what it
holds is scored: a gold set of events needs no made-up entities. The documents
in scope are those that any gold table names; predictions for other documents
are ignored, since the pred folder may hold a larger extraction. A header-only
gold table says that those documents have no entities (or events), so every
prediction in them is a false positive.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from razdel import tokenize

from pipeline.columns import GOLD_COLUMNS
from pipeline.gazetteer import gazetteer

ENTITY_TYPES = ("PERSON", "ORGANIZATION", "COUNTRY", "CITY", "LOCATION", "DATE")
SCORE_COLUMNS = [
    "task",
    "match",
    "label",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "f1",
    "correct",
    "total",
    "accuracy",
]
COUNT_COLUMNS = ("tp", "fp", "fn", "correct", "total")
RATIO_COLUMNS = ("precision", "recall", "f1", "accuracy")
# what scoring reads of the pipeline's tables; they may have more columns
PRED_COLUMNS = {
    "entities": GOLD_COLUMNS["entities"],
    "events": [*GOLD_COLUMNS["events"], "pattern"],
    "sentences": ["doc_id", "start", "end", "text"],
}
# the pipeline's tables each gold table is scored with
PRED_TABLES = {"entities": ("entities", "sentences"), "events": ("events",)}
OFFSETS = ("start", "end")
ENTITY_ERROR_COLUMNS = ["doc_id", "error", "type", "start", "end", "text", "note", "sentence"]
EVENT_ERROR_COLUMNS = [
    "doc_id",
    "error",
    "event_type",
    "country",
    "organization",
    "year_start",
    "year_end",
    "pattern",
    "note",
    "evidence",
]


class EvaluationError(ValueError):
    """A table that cannot be scored, said in one line naming its file: whoever
    made the gold set fixes the file without reading a traceback."""


def read(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """The table as text, checked for what scoring relies on: the columns it reads,
    and offsets that are whole numbers (they are compared as numbers)."""
    try:
        # "-sig": a spreadsheet may save a byte-order mark, which would hide doc_id
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EvaluationError(f"{path}: not UTF-8 text") from None
    except (ValueError, OSError) as error:  # pandas' parse errors are ValueErrors
        reason = " ".join(str(error).split()) or type(error).__name__
        raise EvaluationError(f"{path}: not a readable CSV table ({reason})") from None
    if missing := [column for column in columns if column not in table.columns]:
        header = ", ".join(map(str, table.columns))
        header = header if len(header) <= 100 else header[:100] + "…"
        raise EvaluationError(f"{path}: no column {', '.join(missing)} (the header has {header})")
    for column in OFFSETS:
        if column in columns:
            bad = ~table[column].str.fullmatch(r"[0-9]+").astype(bool)
            if bad.any():
                row = int(bad.to_numpy().argmax())
                value = table[column].iloc[row]
                raise EvaluationError(
                    f"{path}: data row {row + 1}: {column} is {value!r}, not a whole number"
                )
    return table


def read_gold(folder: Path) -> dict[str, pd.DataFrame]:
    """The gold tables that the folder holds. Either may be left out, but the two
    together must name a document: they say which documents are scored."""
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: no such folder")
    paths = {name: folder / f"{name}.csv" for name in GOLD_COLUMNS}
    gold = {name: read(path, GOLD_COLUMNS[name]) for name, path in paths.items() if path.is_file()}
    if not gold:
        raise EvaluationError(
            f"{folder}: no entities.csv or events.csv: no gold set to score against"
        )
    if not any(len(table) for table in gold.values()):
        raise EvaluationError(
            f"{folder}: the gold tables have no rows, so they name no document to score"
        )
    return gold


def read_pred(folder: Path, name: str) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    if path.is_file():
        return read(path, PRED_COLUMNS[name])
    if (folder / f"{name}.parquet").is_file():
        raise EvaluationError(
            f"{path}: no such file; evaluate reads CSV tables: extract with --format csv"
        )
    raise EvaluationError(f"{path}: no such file (run extract first?)")


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    # A score whose denominator is 0 has no value (None, an empty cell), not 0:
    # a gold set with no mention of a type has nothing to recall.
    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """The harmonic mean of precision and recall, written so that it is also
        defined (as 0) when one of them is not: nothing found of what was there."""
        misses = self.fp + self.fn
        return 2 * self.tp / (2 * self.tp + misses) if self.tp + misses else None


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score_row(task: str, match: str, label: str, counts: Counts) -> dict:
    return {
        "task": task,
        "match": match,
        "label": label,
        "tp": counts.tp,
        "fp": counts.fp,
        "fn": counts.fn,
        "precision": rounded(counts.precision),
        "recall": rounded(counts.recall),
        "f1": rounded(counts.f1),
    }


def accuracy_row(task: str, match: str, label: str, correct: int, total: int) -> dict:
    accuracy = rounded(correct / total) if total else None
    return {
        "task": task,
        "match": match,
        "label": label,
        "correct": correct,
        "total": total,
        "accuracy": accuracy,
    }


# -- entities ---------------------------------------------------------------


def overlap(a: dict, b: dict) -> int:
    return min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"]))


def match_mentions(
    gold: list[dict], pred: list[dict], fits: Callable[[dict, dict], int]
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), best-scoring pairs first."""
    candidates = []
    for g, gold_row in enumerate(gold):
        for p, pred_row in enumerate(pred):
            score = fits(gold_row, pred_row)
            if score > 0:
                candidates.append((-score, g, p))
    used_gold, used_pred, pairs = set(), set(), []
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def exact_fit(gold: dict, pred: dict) -> int:
    same = (gold["start"], gold["end"], gold["type"]) == (pred["start"], pred["end"], pred["type"])
    return 1 if same else 0


def overlap_fit(gold: dict, pred: dict) -> int:
    return overlap(gold, pred) if gold["type"] == pred["type"] else 0


@dataclass
class EntityResult:
    counts: dict[str, dict[str, Counts]]  # match -> type -> counts
    linking: dict[str, tuple[int, int]]  # type -> (correct, total)
    values: tuple[int, int]  # DATE canonical (correct, total)
    errors: list[dict]


def score_entities(gold: pd.DataFrame, pred: pd.DataFrame, docs: set[str]) -> EntityResult:
    """Score the mentions of the gold set's documents (`docs`; some may have none).
    A type gets counts when either side has a mention of it in these documents."""
    pred = pred[pred["doc_id"].isin(docs)]
    counts: dict[str, dict[str, Counts]] = {"exact": {}, "overlap": {}}
    linking: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    values = [0, 0]
    errors = []
    for doc_id in sorted(docs):
        doc_gold = gold[gold["doc_id"] == doc_id].to_dict("records")
        doc_pred = pred[pred["doc_id"] == doc_id].to_dict("records")
        for match, fits in (("exact", exact_fit), ("overlap", overlap_fit)):
            pairs = match_mentions(doc_gold, doc_pred, fits)
            matched_gold = {g for g, _ in pairs}
            matched_pred = {p for _, p in pairs}
            for entity_type in {row["type"] for row in doc_gold + doc_pred}:
                tp = sum(1 for g, _ in pairs if doc_gold[g]["type"] == entity_type)
                fn = sum(
                    1
                    for g, row in enumerate(doc_gold)
                    if row["type"] == entity_type and g not in matched_gold
                )
                fp = sum(
                    1
                    for p, row in enumerate(doc_pred)
                    if row["type"] == entity_type and p not in matched_pred
                )
                current = counts[match].get(entity_type, Counts())
                counts[match][entity_type] = current + Counts(tp, fp, fn)
            if match == "overlap":
                for g, p in pairs:
                    gold_row, pred_row = doc_gold[g], doc_pred[p]
                    if gold_row["entity_id"]:
                        linking[gold_row["type"]][1] += 1
                        linking[gold_row["type"]][0] += (
                            gold_row["entity_id"] == pred_row["entity_id"]
                        )
                    if gold_row["type"] == "DATE" and gold_row["canonical"]:
                        values[1] += 1
                        values[0] += gold_row["canonical"] == pred_row["canonical"]
            if match == "exact":
                errors += entity_errors(doc_gold, doc_pred, matched_gold, matched_pred)
    return EntityResult(counts, {k: tuple(v) for k, v in linking.items()}, tuple(values), errors)


def misses(
    gold: list[dict], pred: list[dict], matched_gold: set[int], matched_pred: set[int]
) -> Iterator[tuple[str, dict, list[dict]]]:
    """("FN" or "FP", the unmatched row, the rows of the other side) for each miss."""
    for kind, rows, matched, others in (
        ("FN", gold, matched_gold, pred),
        ("FP", pred, matched_pred, gold),
    ):
        for index, row in enumerate(rows):
            if index not in matched:
                yield kind, row, others


def entity_errors(
    gold: list[dict], pred: list[dict], matched_gold: set[int], matched_pred: set[int]
) -> list[dict]:
    """Exact-match misses; a near miss (same type, overlapping) is named in `note`."""
    errors = []
    for kind, row, others in misses(gold, pred, matched_gold, matched_pred):
        near = [o for o in others if o["type"] == row["type"] and overlap(row, o) > 0]
        errors.append(
            {
                "doc_id": row["doc_id"],
                "error": kind,
                "type": row["type"],
                "start": int(row["start"]),
                "end": int(row["end"]),
                "text": row["text"],
                "note": f"overlaps {near[0]['text']!r}" if near else "",
            }
        )
    return errors


# -- events -----------------------------------------------------------------


def fold(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").replace("«", '"').replace("»", '"').split())


@cache
def resolve(name: str) -> str:
    """The gazetteer entry a whole name resolves to, as its key, or ""."""
    words = [token.text for token in tokenize(name)]
    for match in gazetteer().match(words):
        if (match.start, match.end) == (0, len(words)):
            return match.entry.key
    return ""


def identity(entity_id: str, name: str) -> str:
    return entity_id or resolve(name) or fold(name)


def event_key(row: dict, typed: bool = True) -> tuple:
    return (
        row["doc_id"],
        row["event_type"] if typed else "",
        identity(row["country_id"], row["country"]),
        identity(row["organization_id"], row["organization"]),
        str(row["year_start"]),
        str(row["year_end"]),
    )


def is_dated(row: dict) -> bool:
    return bool(str(row["year_start"]) or str(row["year_end"]))


def match_events(
    gold: list[dict], pred: list[dict], typed: bool
) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for g, row in enumerate(gold):
        by_key[event_key(row, typed)].append(g)
    pairs = []
    for p, row in enumerate(pred):
        candidates = by_key.get(event_key(row, typed))
        if candidates:
            pairs.append((candidates.pop(0), p))
    return pairs, {g for g, _ in pairs}, {p for _, p in pairs}


@dataclass
class EventResult:
    counts: dict[str, dict[str, Counts]]  # match -> subset -> counts
    patterns: dict[str, Counts]
    errors: list[dict]


def score_events(gold: pd.DataFrame, pred: pd.DataFrame, docs: set[str]) -> EventResult:
    """Score the events of the gold set's documents (`docs`; some have no events)."""
    gold_rows = gold.to_dict("records")
    pred_rows = pred[pred["doc_id"].isin(docs)].to_dict("records")
    counts: dict[str, dict[str, Counts]] = {}
    patterns: dict[str, Counts] = {}
    errors: list[dict] = []
    for match, typed in (("strict", True), ("loose", False)):
        pairs, matched_gold, matched_pred = match_events(gold_rows, pred_rows, typed)
        subsets: dict[str, Counts] = {}
        for subset, keep in (
            ("all", lambda row: True),
            ("dated", is_dated),
            ("undated", lambda row: not is_dated(row)),
        ):
            tp = sum(1 for g, _ in pairs if keep(gold_rows[g]))
            fn = sum(1 for g, row in enumerate(gold_rows) if keep(row) and g not in matched_gold)
            fp = sum(1 for p, row in enumerate(pred_rows) if keep(row) and p not in matched_pred)
            subsets[subset] = Counts(tp, fp, fn)
        counts[match] = subsets
        if match == "strict":
            per_pattern = Counter(pred_rows[p]["pattern"] for p in matched_pred)
            for p, row in enumerate(pred_rows):
                if p not in matched_pred:
                    patterns[row["pattern"]] = patterns.get(row["pattern"], Counts()) + Counts(fp=1)
            for name, hits in per_pattern.items():
                patterns[name] = patterns.get(name, Counts()) + Counts(tp=hits)
            errors = event_errors(gold_rows, pred_rows, matched_gold, matched_pred)
    return EventResult(counts, dict(sorted(patterns.items())), errors)


def event_errors(
    gold: list[dict], pred: list[dict], matched_gold: set[int], matched_pred: set[int]
) -> list[dict]:
    """Strict misses; a near miss (same organization and country) is named in `note`."""

    def pair(row: dict) -> tuple:
        return event_key(row)[:1] + event_key(row)[2:4]

    errors = []
    for kind, row, others in misses(gold, pred, matched_gold, matched_pred):
        near = [o for o in others if pair(o) == pair(row)]
        note = ""
        if near:
            other = near[0]
            note = (
                f"same country and organization in the other table as "
                f"{other['event_type']} {other['year_start']}–{other['year_end']}"
            )
        errors.append(
            {
                "doc_id": row["doc_id"],
                "error": kind,
                "event_type": row["event_type"],
                "country": row["country"],
                "organization": row["organization"],
                "year_start": row["year_start"],
                "year_end": row["year_end"],
                "pattern": row.get("pattern", ""),
                "note": note,
                "evidence": row["evidence"],
            }
        )
    return errors


# -- the report -------------------------------------------------------------


def sentence_of(sentences: pd.DataFrame, doc_id: str, start: int) -> str:
    rows = sentences[sentences["doc_id"] == doc_id]
    hits = rows[(rows["start"].astype(int) <= start) & (rows["end"].astype(int) > start)]
    return hits.iloc[0]["text"] if len(hits) else ""


@dataclass
class Evaluation:
    scores: pd.DataFrame
    entity_errors: pd.DataFrame
    event_errors: pd.DataFrame


def by_label(label: str) -> tuple[int, str]:
    """The usual types in their usual order, then any other type a table holds."""
    known = ENTITY_TYPES.index(label) if label in ENTITY_TYPES else len(ENTITY_TYPES)
    return known, label


def entity_rows(entities: EntityResult) -> list[dict]:
    rows = []
    for match, by_type in entities.counts.items():
        for entity_type in sorted(by_type, key=by_label):
            rows.append(score_row("entities", match, entity_type, by_type[entity_type]))
        rows.append(score_row("entities", match, "micro", sum(by_type.values(), Counts())))
    for entity_type, (correct, total) in sorted(entities.linking.items()):
        rows.append(accuracy_row("linking", "overlap", entity_type, correct, total))
    total_links = [sum(v[i] for v in entities.linking.values()) for i in (0, 1)]
    rows.append(accuracy_row("linking", "overlap", "all", *total_links))
    rows.append(accuracy_row("date_values", "overlap", "DATE", *entities.values))
    return rows


def event_rows(events: EventResult) -> list[dict]:
    rows = []
    for match, subsets in events.counts.items():
        for subset, counts in subsets.items():
            rows.append(score_row("events", match, subset, counts))
    for name, counts in events.patterns.items():
        # a pattern has no false negatives of its own: only its precision means something
        row = score_row("patterns", "strict", name, counts)
        rows.append({**row, "fn": None, "recall": None, "f1": None})
    return rows


def evaluate(gold_dir: Path, pred_dir: Path) -> Evaluation:
    """Score the tables in `pred_dir` on whatever `gold_dir` holds: entities (with
    linking and DATE values), events, or both. Every table is read and checked
    before any scoring, so a bad file fails at once (`EvaluationError`)."""
    gold = read_gold(gold_dir)
    pred = {name: read_pred(pred_dir, name) for task in gold for name in PRED_TABLES[task]}
    docs = set().union(*(set(table["doc_id"]) for table in gold.values()))
    rows: list[dict] = []
    entity_errors = pd.DataFrame(columns=ENTITY_ERROR_COLUMNS)
    event_errors = pd.DataFrame(columns=EVENT_ERROR_COLUMNS)
    if "entities" in gold:
        entities = score_entities(gold["entities"], pred["entities"], docs)
        rows += entity_rows(entities)
        entity_errors = pd.DataFrame(entities.errors, columns=ENTITY_ERROR_COLUMNS[:-1])
        entity_errors["sentence"] = [
            sentence_of(pred["sentences"], row.doc_id, row.start)
            for row in entity_errors.itertuples()
        ]
        entity_errors = entity_errors.sort_values(["doc_id", "start", "end", "error"])
    if "events" in gold:
        events = score_events(gold["events"], pred["events"], docs)
        rows += event_rows(events)
        event_errors = pd.DataFrame(events.errors, columns=EVENT_ERROR_COLUMNS).sort_values(
            ["doc_id", "error", "event_type", "country", "organization"]
        )
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    for column in COUNT_COLUMNS:
        scores[column] = scores[column].astype("Int64")
    return Evaluation(scores, entity_errors, event_errors)


def write_atomic(table: pd.DataFrame, path: Path) -> None:
    """Write next to the target, then rename: readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            table.to_csv(out, index=False, lineterminator="\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_evaluation(evaluation: Evaluation, folder: Path) -> None:
    write_atomic(evaluation.scores, folder / "scores.csv")
    write_atomic(evaluation.entity_errors, folder / "entity_errors.csv")
    write_atomic(evaluation.event_errors, folder / "event_errors.csv")


def shown(column: str, value: object) -> str:
    """A score cell as docs/evaluation.md writes it: ratios with three decimals ("0.930"),
    counts whole, nothing where a score has no meaning (a pattern's recall). The
    report passes scores.csv as read, so a cell may be text; one that is not a
    number (a hand-edited file) is shown as it is."""
    if pd.isna(value) or value == "":
        return ""
    if column in RATIO_COLUMNS:
        try:
            return f"{float(value):.3f}"
        except ValueError:
            return str(value)
    return str(value)


def score_tables(evaluation: Evaluation) -> Iterable[tuple[str, pd.DataFrame]]:
    """The score table split into the views the terminal and the report print, as
    text ready to show; a task the gold set has no table for has no view."""
    scores = evaluation.scores
    prf = ["label", "tp", "fp", "fn", "precision", "recall", "f1"]
    acc = ["label", "correct", "total", "accuracy"]
    for title, task, match, columns in (
        ("Entities, exact span + type", "entities", "exact", prf),
        ("Entities, overlapping span + type", "entities", "overlap", prf),
        ("Linking (entity_id on matched spans)", "linking", "overlap", acc),
        ("DATE values on matched spans", "date_values", "overlap", acc),
        ("Events, strict (type, country, organization, years)", "events", "strict", prf),
        ("Events, loose (type ignored)", "events", "loose", prf),
        (
            "Precision per pattern (strict)",
            "patterns",
            "strict",
            ["label", "tp", "fp", "precision"],
        ),
    ):
        selected = scores[(scores["task"] == task) & (scores["match"] == match)]
        if len(selected):
            cells = {column: [shown(column, v) for v in selected[column]] for column in columns}
            yield title, pd.DataFrame(cells)
