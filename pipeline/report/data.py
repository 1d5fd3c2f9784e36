"""An extraction read back for viewing: the tables, each article's raw text, its entity layout.

The tables give offsets into the raw article text, so the views need that text
back: it is re-read from the article's source with the same readers `extract`
used, and trusted only when every sentence is found at its offsets. When it is
not (the file moved or changed, a failed read), the text is rebuilt from
`sentences.csv` with blanks between sentences, and `Article.note` says so.

The folder may be damaged or foreign (a copy cut short, a table of another
program, a hand edit), so every table is read through one checker: a problem
is a `ReportError` naming the file, the line and what is wrong, never a
traceback or a view of half a table. It may also be large (tens of thousands
of articles): sentences and entities are read once to check and count them
and once more to hand them out article by article, never held whole, and each
source file is read once, as its articles come up.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter, namedtuple
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.corpus import Article as Source
from pipeline.corpus import long_fields, read_path
from pipeline.facts import FACTS_FILE, SOURCE_COLUMNS
from pipeline.facts import facts as make_facts
from pipeline.patterns.declared import Declarations, PackFileError, colour_of, declarations
from pipeline.visible import visible

EVAL_TABLES = ("scores", "entity_errors", "event_errors")
# "news.jsonl:12": a record of a .jsonl or .csv file; anything else is a file path
RECORD_SOURCE = re.compile(r"(?P<path>.+\.(?:jsonl|csv)):\d+", re.IGNORECASE)
# a rebuilt text as long as this is no article: offsets that large are damage
MAX_REBUILT = 50_000_000
PARQUET_BATCH = 8_192  # rows: a few row groups of what extract writes
YEAR = re.compile(r"-?[0-9]{1,4}")


class ReportError(ValueError):
    """The folder does not hold an extraction that can be shown."""


@dataclass(frozen=True)
class Spec:
    """What the views read of a table: `counts` hold whole numbers ≥ 0, `years` a
    year or nothing; `optional` columns may be missing (tables of older runs)."""

    name: str
    columns: tuple[str, ...]
    counts: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.columns + self.optional

    @cached_property
    def row(self) -> Any:
        """The type of the rows read: a named tuple of `fields`."""
        return namedtuple(self.name.title(), self.fields)


FOUND = ("date", "year_start", "year_end", "trigger", "pattern")
SPECS = {
    "documents": Spec(
        "documents",
        ("doc_id", "source", "date", "focus_country", "status", "error", "date_source"),
    ),
    "sentences": Spec(
        "sentences",
        ("doc_id", "sent_id", "start", "end", "text"),
        counts=("sent_id", "start", "end"),
        optional=("chrome",),
    ),
    "entities": Spec(
        "entities",
        ("doc_id", "sent_id", "start", "end", "text", "type", "canonical", "entity_id", "source"),
        counts=("sent_id", "start", "end"),
    ),
    "events": Spec(
        "events",
        ("doc_id", "sent_id", "event_type", "country", "organization", *FOUND),
        counts=("sent_id",),
        years=("year_start", "year_end"),
        optional=("country_id", "organization_id"),  # what facts are made of: tables since 0.9
    ),
    "relations": Spec(
        "relations",
        (
            "doc_id",
            "sent_id",
            "relation",
            *(f"arg{n}_{part}" for n in (1, 2) for part in ("role", "text", "canonical")),
            *FOUND,
        ),
        counts=("sent_id",),
        years=("year_start", "year_end"),
        optional=tuple(f"arg{n}_{part}" for n in (1, 2) for part in ("type", "id")),
    ),
    # facts.csv (pipeline.facts), what the timeline draws; older folders have none
    "facts": Spec(
        "facts",
        (
            "relation",
            "arg1_canonical",
            "arg2_canonical",
            "year_start",
            "year_end",
            "conflict",
            "n_mentions",
            "n_documents",
            "documents",
        ),
        counts=("n_mentions", "n_documents"),
        years=("year_start", "year_end"),
    ),
}
FACT_FIELDS = SPECS["facts"].fields


def quoted(value: str) -> str:
    """A value from the data for an error message: short, its control characters shown."""
    return f"'{visible(value if len(value) <= 40 else value[:40] + '…')}'"


def table_path(out: Path, name: str) -> Path | None:
    """The table's file in `out`, as `extract --format` wrote it: CSV, else Parquet."""
    for suffix in (".csv", ".parquet"):
        path = out / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def csv_cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The header, then every row, each with its line number; a file that is cut
    short or is not a table of equal rows is a ReportError."""
    if path.stat().st_size == 0:
        raise ReportError(f"{path}: empty file (0 bytes): not a table, a run cut short?")
    with path.open("rb") as raw:
        raw.seek(-1, os.SEEK_END)
        if raw.read(1) != b"\n":
            raise ReportError(f"{path}: the last line has no line break: the file is cut short")
    with long_fields(), path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader, [])
            yield 1, header
            for row in reader:
                if not row:  # a blank line, which pandas passes over too
                    continue
                if len(row) != len(header):
                    raise ReportError(
                        f"{path}: line {reader.line_num}: {len(row)} fields where the header "
                        f"has {len(header)}: a damaged or cut table"
                    )
                yield reader.line_num, row
        except csv.Error as error:
            raise ReportError(
                f"{path}: line {reader.line_num}: {error}: a damaged or cut table"
            ) from None
        except UnicodeDecodeError:
            raise ReportError(f"{path}: not UTF-8 text (near line {reader.line_num + 1})") from None


def parquet_cells(path: Path, wanted: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """The `wanted` columns that the file has (as its header), then every row as text."""
    from pyarrow import parquet

    try:
        table = parquet.ParquetFile(path)
        header = [name for name in table.schema_arrow.names if name in wanted]
        yield 0, header
        number = 0
        for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=header):
            for values in zip(*(column.to_pylist() for column in batch.columns)):
                number += 1
                yield number, ["" if value is None else str(value) for value in values]
    except (OSError, ValueError) as error:  # pyarrow's errors are either
        raise ReportError(f"{path}: not a readable Parquet file ({error})") from None


def read_rows(path: Path, spec: Spec) -> tuple[list[str], Iterator[Any]]:
    """The columns the file has, and its rows as `spec.row` tuples, counts as ints,
    each row checked as it is read."""
    parquet = path.suffix == ".parquet"
    cells = parquet_cells(path, spec.fields) if parquet else csv_cells(path)
    unit = "row" if parquet else "line"
    _, header = next(cells)
    if missing := [column for column in spec.columns if column not in header]:
        raise ReportError(
            f"{path}: no column {', '.join(missing)}: not a table of this pipeline's "
            f"{spec.name} (or of an older version of it)"
        )
    positions = [header.index(name) if name in header else None for name in spec.fields]
    counts = [spec.fields.index(name) for name in spec.counts]
    years = [spec.fields.index(name) for name in spec.years]
    spans = ("start", "end") if "end" in spec.counts else None

    def rows() -> Iterator[Any]:
        for number, row in cells:
            values: list[Any] = [row[p] if p is not None else "" for p in positions]
            for i in counts:
                value = values[i]
                if not (value.isascii() and value.isdigit() and len(value) < 19):
                    where = f"{path}: {unit} {number}: {spec.fields[i]}"
                    raise ReportError(f"{where} is {quoted(value)}, not a whole number")
                values[i] = int(value)
            for i in years:
                value = values[i]
                if value and not (value.isascii() and YEAR.fullmatch(value)):
                    where = f"{path}: {unit} {number}: {spec.fields[i]}"
                    raise ReportError(f"{where} is {quoted(value)}, not a year")
            made = spec.row._make(values)
            if spans and made.end < made.start:
                raise ReportError(
                    f"{path}: {unit} {number}: end {made.end} before start {made.start}"
                )
            yield made

    return header, rows()


def read_all(path: Path, spec: Spec) -> list[Any]:
    return list(read_rows(path, spec)[1])


def read_frame(path: Path) -> pd.DataFrame:
    """A small table whole, every column as text (the eval tables, shown as they are)."""
    cells = csv_cells(path)
    _, header = next(cells)
    return pd.DataFrame([row for _, row in cells], columns=header)


def read_declarations(out: Path) -> Declarations:
    try:
        return declarations(out)
    except PackFileError as error:
        raise ReportError(str(error)) from None


@dataclass(frozen=True)
class Table:
    """A big table, checked: how many rows it has, per document and in all, and
    whether its documents come in the order of documents.csv (they do in the
    tables extract writes: all are sorted by doc_id)."""

    path: Path
    spec: Spec
    columns: list[str]
    rows: int
    per_doc: Counter[str]
    in_order: bool
    names: dict[str, str]  # of entities: the entity ids asked for → their canonical names

    def read(self) -> Iterator[Any]:
        return read_rows(self.path, self.spec)[1]

    def by_document(self, place: dict[str, int]) -> Iterator[tuple[int, list[Any]]]:
        """Each document's rows with its position in documents.csv, in that order."""
        rows: Iterable[Any] = self.read()
        if not self.in_order:  # sorted here, so held whole: a table sorted by someone else
            rows = sorted(
                (row for row in rows if row.doc_id in place), key=lambda r: place[r.doc_id]
            )
        for doc_id, group in groupby(rows, key=attrgetter("doc_id")):
            if doc_id in place:
                yield place[doc_id], list(group)


def survey(path: Path, spec: Spec, place: dict[str, int], ids: Iterable[str] = ()) -> Table:
    """The table checked and counted, with the canonical name of each of the entity
    `ids` (the largest the table gives it; entities only)."""
    columns, rows = read_rows(path, spec)
    per_doc: Counter[str] = Counter()
    names = dict.fromkeys(ids, "")
    last, in_order = -1, True
    for doc_id, group in groupby(rows, key=attrgetter("doc_id")):
        position = place.get(doc_id)
        if position is not None:  # a document seen before this run of rows: out of order
            in_order = in_order and position > last
            last = position
        count = 0
        for row in group:
            count += 1
            if names and row.entity_id in names:
                names[row.entity_id] = max(names[row.entity_id], row.canonical)
        per_doc[doc_id] += count
    names = {key: name for key, name in names.items() if name}
    return Table(path, spec, columns, sum(per_doc.values()), per_doc, in_order, names)


class Sources:
    """The articles behind `source` values, each file read once, as far as needed.

    The views ask in doc_id order. Records whose file has them in that order too
    (an archive numbered as it was written) cost one record of memory each; a
    record read past on the way to another waits in memory until asked for.
    """

    def __init__(self) -> None:
        self.files: dict[Path, Iterator[Source]] = {}
        self.waiting: dict[str, Source] = {}
        self.problems: dict[Path, str] = {}

    def get(self, source: str) -> Source:
        if source in self.waiting:
            return self.waiting.pop(source)
        record = RECORD_SOURCE.fullmatch(source)
        path = Path(record["path"] if record else source)
        if path not in self.files:
            self.files[path] = self.read(path)
        for article in self.files[path]:
            if article.source == source:
                return article
            if article.error and not RECORD_SOURCE.fullmatch(article.source):
                self.problems[path] = f"{path}: {article.error}"  # the file's, not a record's
            else:
                self.waiting[article.source] = article
        return Source("", source, error=self.problems.get(path, f"{path}: no such file or record"))

    def read(self, path: Path) -> Iterator[Source]:
        """What `extract` read from `path`; anything but a file (a folder, a FIFO) is not read."""
        if not path.is_file():
            what = "a folder" if path.is_dir() else "no such file" if not path.exists() else ""
            self.problems[path] = f"{path}: {what or 'not a regular file'}"
            return
        try:
            yield from read_path(path)
        except (OSError, ValueError) as error:  # not an input extract reads (a .pdf)
            self.problems[path] = f"{path}: {error}"


def raw_text(source: Source | None, doc_id: str, sentences: Sequence[Any]) -> tuple[str, str]:
    """The raw text if the source still matches the tables, else a rebuild and the reason."""
    if source is None or source.error:
        reason = source.error if source else "no source recorded"
    elif source.doc_id != doc_id:
        reason = f"{source.source} now holds {source.doc_id!r}, not {doc_id!r}"
    elif all(source.text[row.start : row.end] == row.text for row in sentences):
        return source.text, ""
    else:
        reason = f"{source.source} has changed since extraction"
    if not sentences:
        return "", f"{reason}; no sentences to rebuild the text from"
    if max(row.end for row in sentences) > MAX_REBUILT:
        return "", f"{reason}; sentences.csv has offsets past any article: nothing to rebuild"
    pieces, position = [], 0
    for row in sorted(sentences, key=attrgetter("start")):
        if row.start >= position:  # overlapping sentences: the tables disagree, the first stays
            pieces += [" " * (row.start - position), row.text[: row.end - row.start]]
            position = row.start + len(pieces[-1])
    return "".join(pieces), f"{reason}; text rebuilt from sentences.csv (gaps are blanks)"


@dataclass(frozen=True)
class Mark:
    """An outermost entity and the entities nested in it (one highlight, one tooltip)."""

    entity: Any  # a row of entities.csv
    nested: tuple[Any, ...]


@dataclass(frozen=True)
class Article:
    doc_id: str
    anchor: str  # "d12", its row in documents.csv: ids from .jsonl may hold any character
    meta: Any  # its row of documents.csv
    focus_name: str
    text: str
    note: str
    sentences: list[Any]  # rows of sentences.csv, in text order
    entities: list[Any]
    events: list[Any]
    relations: list[Any]
    colours: dict[str, str]

    @property
    def body_start(self) -> int:
        """Where the first sentence starts: what precedes it is metadata (the date prefix)."""
        return self.sentences[0].start if self.sentences else 0

    def marks(self) -> dict[int, list[Mark]]:
        """Entities per sentence as outermost marks: highlights cannot nest, tooltips can."""
        by_sentence: dict[int, list[Mark]] = {}
        rows = sorted(self.entities, key=lambda row: (row.sent_id, row.start, -row.end))
        for sent_id, group in groupby(rows, key=attrgetter("sent_id")):
            marks: list[Mark] = []
            for entity in group:
                if marks and entity.start < marks[-1].entity.end:
                    marks[-1] = Mark(marks[-1].entity, (*marks[-1].nested, entity))
                else:
                    marks.append(Mark(entity, ()))
            by_sentence[sent_id] = marks
        return by_sentence


def places(documents: Sequence[Any]) -> dict[str, int]:
    """doc_id → its row in documents.csv; of a repeated id (extract reports the
    repeat as a failed row), the row that was processed."""
    place: dict[str, int] = {}
    for position, document in enumerate(documents):
        first = place.get(document.doc_id)
        if first is None or (document.status == "ok" and documents[first].status != "ok"):
            place[document.doc_id] = position
    return place


class Cursor:
    """Each document's rows of one table, handed out as the documents come."""

    def __init__(self, groups: Iterator[tuple[int, list[Any]]]) -> None:
        self.groups = groups
        self.head = next(groups, None)

    def take(self, position: int) -> list[Any]:
        while self.head is not None and self.head[0] < position:
            self.head = next(self.groups, None)
        if self.head is None or self.head[0] != position:
            return []
        rows = self.head[1]
        self.head = next(self.groups, None)
        return rows


@dataclass(frozen=True)
class Results:
    """The tables of one extraction folder and, if `evaluate` ran, its eval tables.

    documents.csv, events.csv and relations.csv are held (one row per article
    or per fact); sentences and entities are `Table`s, read as articles are.
    """

    out: Path
    documents: list[Any]
    place: dict[str, int]  # see `places`
    sentences: Table
    entities: Table  # with the names of the focus countries, which documents.csv gives as ids
    event_rows: list[Any]
    relation_rows: list[Any]  # none for tables made before relations.csv existed
    declared: Declarations  # what the run's pack declares (`pack.json`)
    evaluation: dict[str, pd.DataFrame]
    evaluation_stale: bool

    @property
    def has_chrome(self) -> bool:
        return "chrome" in self.sentences.columns

    @cached_property
    def events(self) -> pd.DataFrame:
        return pd.DataFrame(self.event_rows, columns=SPECS["events"].fields)

    @cached_property
    def facts(self) -> pd.DataFrame:
        """The facts (`FACT_FIELDS`, all text but the counts): facts.csv when the run
        wrote one, else made here from the tables (`pipeline.facts.facts`)."""
        path = self.out / FACTS_FILE
        if path.is_file():
            return pd.DataFrame(read_all(path, SPECS["facts"]), columns=FACT_FIELDS)
        tables = {
            "documents": pd.DataFrame(self.documents, columns=SPECS["documents"].fields),
            "events": self.events,
        }
        if self.relation_rows:
            tables["relations"] = pd.DataFrame(
                self.relation_rows, columns=SPECS["relations"].fields
            )
        made = make_facts({name: tables[name][SOURCE_COLUMNS[name]] for name in tables}).astype(
            object
        )
        made = made.where(made.notna(), "")
        for column in ("year_start", "year_end"):
            made[column] = made[column].map(str)
        return made[list(FACT_FIELDS)].reset_index(drop=True)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.place

    @cached_property
    def found(self) -> dict[str, tuple[list[Any], list[Any]]]:
        """doc_id → its events and relations."""
        found: dict[str, tuple[list[Any], list[Any]]] = {}
        for index, rows in enumerate((self.event_rows, self.relation_rows)):
            for row in rows:
                found.setdefault(row.doc_id, ([], []))[index].append(row)
        return found

    def articles(self) -> Iterator[Article]:
        """Every document in table order, each source file read once."""
        sentences = Cursor(self.sentences.by_document(self.place))
        entities = Cursor(self.entities.by_document(self.place))
        sources = Sources()
        for position in range(len(self.documents)):
            yield self._article(
                position, sentences.take(position), entities.take(position), sources
            )

    def article(self, doc_id: str) -> Article:
        sentences = [row for row in self.sentences.read() if row.doc_id == doc_id]
        entities = [row for row in self.entities.read() if row.doc_id == doc_id]
        return self._article(self.place[doc_id], sentences, entities, Sources())

    def _article(
        self, position: int, sentences: list[Any], entities: list[Any], sources: Sources
    ) -> Article:
        meta = self.documents[position]
        own = self.place[meta.doc_id] == position  # not the duplicate of a processed row
        # in extract's order whatever the table's: sentences by offset, entities by span and type
        sentences = sorted(sentences, key=attrgetter("start")) if own else []
        entities = sorted(entities, key=attrgetter("start", "end", "type")) if own else []
        text, note = "", ""
        if meta.status == "ok":
            text, note = raw_text(sources.get(meta.source), meta.doc_id, sentences)
        events, relations = self.found.get(meta.doc_id, ([], [])) if own else ([], [])
        return Article(
            meta.doc_id,
            f"d{position}",
            meta,
            self.entities.names.get(meta.focus_country, meta.focus_country),
            text,
            note,
            sentences,
            entities,
            events,
            relations,
            self.colours,
        )

    @cached_property
    def colours(self) -> dict[str, str]:
        """A colour for every declared relation type and every type in the tables."""
        colours = self.declared.colours()
        present = [row.event_type for row in self.event_rows]
        present += [row.relation for row in self.relation_rows]
        return {name: colour_of(name, colours) for name in dict.fromkeys([*colours, *present])}


def load(out: Path) -> Results:
    """Read and check the tables in `out` (and `out/eval/` if present); a missing
    or damaged table is a ReportError."""
    if table_path(out, "documents") is None:
        raise ReportError(
            f"{out}: holds neither documents.csv nor documents.parquet (run extract first?)"
        )
    paths = {}
    for name in ("documents", "sentences", "entities", "events"):
        path = table_path(out, name)
        if path is None:
            raise ReportError(f"{out / name}.csv: no such file (run extract first?)")
        paths[name] = path
    documents = read_all(paths["documents"], SPECS["documents"])
    place = places(documents)
    focus = {row.focus_country for row in documents if row.focus_country}
    relations = table_path(out, "relations")
    evaluation, stale = read_evaluation(out, paths.values())
    return Results(
        out,
        documents,
        place,
        survey(paths["sentences"], SPECS["sentences"], place),
        survey(paths["entities"], SPECS["entities"], place, focus),
        event_rows=read_all(paths["events"], SPECS["events"]),
        relation_rows=read_all(relations, SPECS["relations"]) if relations else [],
        declared=read_declarations(out),
        evaluation=evaluation,
        evaluation_stale=stale,
    )


def read_evaluation(out: Path, tables: Iterable[Path]) -> tuple[dict[str, pd.DataFrame], bool]:
    """The eval tables that `evaluate` wrote, and whether they are older than `tables`."""
    paths = {name: out / "eval" / f"{name}.csv" for name in EVAL_TABLES}
    paths = {name: path for name, path in paths.items() if path.is_file()}
    evaluation = {name: read_frame(path) for name, path in paths.items() if name != "scores"}
    if "scores" in paths:
        from pipeline.evaluate import SCORE_COLUMNS  # slow to load: only when there are scores

        spec = Spec("scores", tuple(SCORE_COLUMNS))
        evaluation["scores"] = pd.DataFrame(read_all(paths["scores"], spec), columns=spec.fields)
    # `make report` may re-extract after `make eval`: old scores must not pass for current ones
    stale = bool(paths) and min(path.stat().st_mtime for path in paths.values()) < max(
        path.stat().st_mtime for path in tables
    )
    return evaluation, stale
