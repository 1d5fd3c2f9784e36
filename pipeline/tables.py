"""The output tables: `Doc` → rows → sorted chunks on disk → CSV (or Parquet) files.

Column order is the contract (docs/tables.md); offsets are into the raw
article text (`raw[start:end] == text`). Rows are sorted by `doc_id`, then
offsets, so the same input always gives byte-identical files, however many
processes made them and in whatever order they finished.

Nothing holds the corpus in memory: each batch of documents becomes one
sorted chunk file per table, and the chunks are merged (a streaming k-way
merge) into the final tables at the end. All final tables are staged before
the first one replaces its old version, so a killed run leaves the previous
tables intact.
"""

from __future__ import annotations

import csv
import heapq
import io
import shutil
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from pipeline.columns import COLUMNS, INTEGER_COLUMNS, NUMERIC
from pipeline.corpus import Article, long_fields
from pipeline.csv_text import Row, cell, render, write_rows
from pipeline.extensions import has_set_aside
from pipeline.gazetteer import Entry, gazetteer, lookup
from pipeline.output_folder import OutputFolder, Published

if TYPE_CHECKING:
    from pipeline.patterns.engine import Relation

SORT_KEYS = {
    "documents": ["doc_id", "source"],
    "sentences": ["doc_id", "start"],
    "tokens": ["doc_id", "start"],
    "entities": ["doc_id", "start", "end", "type"],
    "events": ["doc_id", "sent_id", "event_type", "country", "organization", "date"],
    "relations": ["doc_id", "sent_id", "relation", "arg1_start", "arg2_start", "date", "pattern"],
}
# the tables the relation patterns fill, in their cache entries' order
FOUND_TABLES = ("events", "relations")
# tables whose sort columns always hold a string or an int (never None or "")
ALWAYS_FILLED = {"sentences", "tokens", "entities"}


def sentences(doc: Doc) -> list[Span]:
    """Sentences with at least one non-space token, trimmed of surrounding whitespace."""
    trimmed = []
    for sent in doc.sents:
        words = [token for token in sent if not token.is_space]
        if words:
            trimmed.append(doc[words[0].i : words[-1].i + 1])
    return trimmed


@dataclass
class Block:
    """One document's rows of a big table (sentences, tokens, entities), sorted
    and already in CSV: what a chunk file gets, with the sort keys of its first
    and last row. Rendered once, when the document is annotated."""

    text: str
    first: tuple
    last: tuple
    rows: int


BLOCK_TABLES = ("sentences", "tokens", "entities")


def block(name: str, rows: list[Row]) -> Block | None:
    if not rows:
        return None
    key = native_key(name)
    rows = sorted(rows, key=key)
    return Block(render(rows), key(rows[0]), key(rows[-1]), len(rows))


@dataclass
class Annotation:
    """What the patterns do not change of one document: its sentences, tokens
    and entities as `Block`s, its documents row (without `n_events`), the count
    of each entity type, and the lemmas that decide which patterns can fire in
    it. Cached with the `Doc`, so that a re-run after a pattern edit neither
    rebuilds nor re-renders them."""

    blocks: dict[str, Block]
    document: Row
    entity_types: dict[str, int]
    lemmas: frozenset[str]


class Rows:
    """A batch's output: rows of the small tables (documents, events) as tuples
    in contract column order, blocks of the big ones."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {"documents": [], **{n: [] for n in FOUND_TABLES}}
        self.blocks: dict[str, list[Block]] = {name: [] for name in BLOCK_TABLES}
        self.entity_types: Counter = Counter()

    def add_error(self, article: Article, error: str) -> None:
        self.tables["documents"].append(
            row(
                "documents",
                {
                    "doc_id": article.doc_id,
                    "source": article.source,
                    "date": article.date,
                    "date_source": article.date_source,
                    "encoding": article.encoding,
                    "status": "skipped" if article.skipped else "error",
                    "error": error,
                    "warning": article.warning,
                },
            )
        )

    def add_doc(self, doc: Doc) -> None:
        """All rows of one annotated document (its relations found)."""
        self.add(annotation(doc), found_rows(doc))

    def add(self, annotated: Annotation, found: list[list[Row]]) -> None:
        """`found`: the document's rows of each of `FOUND_TABLES`."""
        document = annotated.document
        events = found[0]
        self.tables["documents"].append(
            (*document[:N_EVENTS], len(events), *document[N_EVENTS + 1 :])
        )
        for name, rows in zip(FOUND_TABLES, found):
            self.tables[name].extend(rows)
        for name, block in annotated.blocks.items():
            self.blocks[name].append(block)
        self.entity_types.update(annotated.entity_types)


N_EVENTS = COLUMNS["documents"].index("n_events")
ENTITY_TYPE = COLUMNS["entities"].index("type")


def row(name: str, values: dict) -> tuple:
    return tuple(map(values.get, COLUMNS[name]))


# References that are mentions of their country in the text: "российские военные"
# names Russia as much as "Россия" does. "страна" resolved to the focus country
# ("coref") is the pipeline's reading, not a mention, and stays out of the table.
NAMING_SOURCES = frozenset({"demonym"})


def table_mentions(doc: Doc) -> list[Span]:
    """What entities.csv holds: the entities (nested ones too), the dates, and the
    demonyms ("американские", "российской") as COUNTRY mentions and the city
    adjectives ("московского") as CITY ones."""
    refs = [s for s in doc.spans.get("country_refs", []) if s._.source in NAMING_SOURCES]
    spans = [*doc.spans.get("entities", []), *doc.spans.get("dates", []), *refs]
    return spans + list(doc.spans.get("city_refs", []))


def meta_of(doc: Doc) -> dict:
    """The article's metadata, which only a Doc made from an article carries."""
    if doc._.meta is None:
        raise ValueError(
            "this Doc has no article metadata: make it with pipeline.annotate(text), not nlp(text)"
        )
    return doc._.meta


def entry_of(span: Span) -> Entry | None:
    """The gazetteer's entry for a mention it linked (or NER linked to one of its ids)."""
    if span.label_ == "DATE":
        return None
    return lookup(span.kb_id_, span._.canonical, span._.source)


def annotation(doc: Doc) -> Annotation:
    meta = meta_of(doc)
    doc_id, offset = meta["doc_id"], meta["offset"]
    tables: dict[str, list[tuple]] = {name: [] for name in ("documents", *BLOCK_TABLES)}
    sents = sentences(doc)
    sent_of = {token.i: n for n, sent in enumerate(sents) for token in sent}
    chrome = has_set_aside(doc)
    for n, sent in enumerate(sents):
        tables["sentences"].append(
            row(
                "sentences",
                {
                    "doc_id": doc_id,
                    "sent_id": n,
                    "start": sent.start_char + offset,
                    "end": sent.end_char + offset,
                    "text": sent.text,
                    "chrome": int(chrome and all(token._.set_aside for token in sent)),
                },
            )
        )
    lemmas = set()
    for token in doc:
        lemmas.add(token.lemma_)
        if token.is_space:
            continue
        tables["tokens"].append(
            row(
                "tokens",
                {
                    "doc_id": doc_id,
                    "sent_id": sent_of[token.i],
                    "token_id": token.i,
                    "start": token.idx + offset,
                    "end": token.idx + len(token.text) + offset,
                    "text": token.text,
                    "lemma": token.lemma_,
                    "pos": token.pos_,
                },
            )
        )
    mentions = table_mentions(doc)
    for span in mentions:
        tables["entities"].append(
            row(
                "entities",
                {
                    "doc_id": doc_id,
                    "sent_id": sent_of.get(span.start, ""),
                    "start": span.start_char + offset,
                    "end": span.end_char + offset,
                    "text": span.text,
                    "lemma": span._.lemma or span.text,
                    "type": span.label_,
                    "canonical": span._.canonical,
                    "entity_id": span.kb_id_,
                    "source": span._.source,
                    "kind": entry.kind if (entry := entry_of(span)) else "",
                    "parent_id": entry.parent_id if entry else "",
                },
            )
        )
    tables["documents"].append(
        row(
            "documents",
            {
                "doc_id": doc_id,
                "source": meta["source"],
                "date": meta["date"],
                "date_source": meta["date_source"],
                "encoding": meta["encoding"],
                "set_aside_chars": sum(end - start for start, end, _ in meta["set_aside"]),
                "focus_country": doc._.focus_country,
                "n_sentences": len(sents),
                "n_tokens": len(tables["tokens"]),
                "n_entities": len(mentions),
                "status": "ok",
                "error": "",
                "warning": meta.get("warning", ""),
            },
        )
    )
    blocks = {name: block(name, tables[name]) for name in BLOCK_TABLES}
    return Annotation(
        {name: found for name, found in blocks.items() if found is not None},
        tables["documents"][0],
        Counter(entity[ENTITY_TYPE] for entity in tables["entities"]),
        frozenset(lemmas),
    )


def found_rows(doc: Doc) -> list[list[Row]]:
    """The rows of events.csv and relations.csv of a Doc the patterns have run on."""
    return [event_rows(doc), relation_rows(doc)]


def sentence_finder(doc: Doc) -> Callable[[int], int | str]:
    """The sent_id of sentences.csv holding a character of the body, by position:
    the engine's sentence may begin with whitespace the table's trimmed one
    does not ("\n\n   Армения вступила ...")."""
    starts = [sent.start_char for sent in sentences(doc)]

    def sent_of(char: int) -> int | str:
        index = bisect_right(starts, char) - 1
        return index if index >= 0 else ""

    return sent_of


def event_rows(doc: Doc) -> list[tuple]:
    doc_id = meta_of(doc)["doc_id"]
    sent_of = sentence_finder(doc)
    return [
        row(
            "events",
            {
                "doc_id": doc_id,
                "sent_id": sent_of(event.trigger_start),
                "event_type": event.event_type,
                "country": event.country,
                "country_id": event.country_id,
                "organization": event.organization,
                "organization_id": event.organization_id,
                "organization_kind": entry.kind if (entry := organization_entry(event)) else "",
                "organization_parent_id": entry.parent_id if entry else "",
                "date": event.date,
                "year_start": event.year_start,
                "year_end": event.year_end,
                "trigger": event.trigger,
                "pattern": event.pattern,
                "evidence": doc.text[event.sent_start : event.sent_end].strip(),
            },
        )
        for event in doc._.events or []
    ]


def organization_entry(event: Relation) -> Entry | None:
    """What the gazetteer knows of an event's organization: its kind and parent."""
    return gazetteer().get(event.organization_id, event.organization)


def relation_rows(doc: Doc) -> list[tuple]:
    """Relations other than events; argument offsets into the raw text, like entities'."""
    meta = meta_of(doc)
    doc_id, offset = meta["doc_id"], meta["offset"]
    sent_of = sentence_finder(doc)
    events = {id(event) for event in doc._.events or []}
    rows = []
    for relation in doc._.relations or []:
        if id(relation) in events:
            continue
        values = {
            "doc_id": doc_id,
            "sent_id": sent_of(relation.trigger_start),
            "relation": relation.relation,
            "date": relation.date,
            "year_start": relation.year_start,
            "year_end": relation.year_end,
            "trigger": relation.trigger,
            "pattern": relation.pattern,
            "evidence": doc.text[relation.sent_start : relation.sent_end].strip(),
        }
        for number, arg in enumerate(relation.args, start=1):
            derived = arg.start < 0
            values |= {
                f"arg{number}_role": arg.role,
                f"arg{number}_type": arg.type,
                f"arg{number}_text": arg.text,
                f"arg{number}_start": None if derived else arg.start + offset,
                f"arg{number}_end": None if derived else arg.end + offset,
                f"arg{number}_canonical": arg.name,
                f"arg{number}_id": arg.entity_id,
            }
        rows.append(row("relations", values))
    return rows


def sort_key(name: str) -> Callable[[list[str]], tuple]:
    """The sort key of a table's CSV row (numbers compared as numbers)."""
    positions = [COLUMNS[name].index(column) for column in SORT_KEYS[name]]
    numeric = [COLUMNS[name][p] in NUMERIC for p in positions]

    def key(row: list[str]) -> tuple:
        return tuple(
            (int(row[p]) if row[p].lstrip("-").isdigit() else -1) if is_number else row[p]
            for p, is_number in zip(positions, numeric)
        )

    return key


def native_key(name: str) -> Callable[[Row], tuple]:
    """The same order as `sort_key`, on rows before they are written (an empty number is -1)."""
    positions = [COLUMNS[name].index(column) for column in SORT_KEYS[name]]
    numeric = [COLUMNS[name][p] in NUMERIC for p in positions]
    if name in ALWAYS_FILLED:  # the big tables: plain values, compared in C
        return itemgetter(*positions)

    def key(row: tuple) -> tuple:
        return tuple(
            (row[p] if isinstance(row[p], int) else -1) if is_number else cell(row[p])
            for p, is_number in zip(positions, numeric)
        )

    return key


def concatenate(paths: list[Path], target: Path, header: list[str]) -> Path:
    """Chunks already in order (the usual case: input sorted by document) need no merge."""
    with target.open("wb") as out:
        out.write((",".join(header) + "\n").encode("utf-8"))
        for path in paths:
            with path.open("rb") as chunk:
                shutil.copyfileobj(chunk, out)
    return target


def read_rows(path: Path, stack: ExitStack) -> Iterator[list[str]]:
    return csv.reader(stack.enter_context(path.open(encoding="utf-8", newline="")))


FAN_IN = 200  # chunk files merged at once; more are merged in rounds


def merge_files(paths: list[Path], key: Callable, target: Path, header: list[str] | None) -> None:
    """Streaming merge of sorted chunk files; equal keys keep chunk (= input) order.
    A field may be as long as an article, past csv's own limit."""
    with ExitStack() as stack, long_fields():
        streams = [read_rows(path, stack) for path in paths]
        write_rows(target, header, heapq.merge(*streams, key=key))


# A table's rows of one batch, sorted, in a file: (table, batch index, file,
# first key, last key, number of rows).
Chunk = tuple[str, int, Path, tuple, tuple, int]


def write_chunks(folder: Path, index: int, batch: Rows) -> list[Chunk]:
    """One batch's rows as a sorted chunk file per table, written where the batch
    ran: a worker process writes its own, so that its rows never travel."""
    chunks = []
    for name, rows in batch.tables.items():
        if not rows:
            continue
        key = native_key(name)
        rows = sorted(rows, key=key)
        path = folder / f"{name}-{index:09d}.csv"
        write_rows(path, None, iter(rows))
        chunks.append((name, index, path, key(rows[0]), key(rows[-1]), len(rows)))
    for name, blocks in batch.blocks.items():
        if not blocks:
            continue
        blocks = sorted(blocks, key=lambda block: block.first)
        path = folder / f"{name}-{index:09d}.csv"
        if all(a.last <= b.first for a, b in pairwise(blocks)):
            path.write_bytes("".join(block.text for block in blocks).encode("utf-8"))
        else:  # documents of one batch interleave (a repeated id): sort the rows
            rows = csv.reader(io.StringIO("".join(block.text for block in blocks)))
            write_rows(path, None, iter(sorted(rows, key=sort_key(name))))
        rows = sum(block.rows for block in blocks)
        chunks.append((name, index, path, blocks[0].first, max(b.last for b in blocks), rows))
    return chunks


class TableWriter:
    """Sorted chunks per batch on disk, merged into the final tables by `finish`,
    all in this run's folder of `out` (`OutputFolder`), which `finish` puts in
    place as one set. Holds `out`'s lock from creation to `finish` or `discard`:
    `OutputBusy` if another run holds it."""

    def __init__(self, out: Path, table_format: str = "csv") -> None:
        self.folder = OutputFolder(out)
        self.out = out
        self.format = table_format
        self.work = self.folder.run
        # per table: (batch index, chunk file, first key, last key)
        self.chunks: dict[str, list[tuple[int, Path, tuple, tuple]]] = {n: [] for n in COLUMNS}
        self.counts = {name: 0 for name in COLUMNS}
        self.files: dict[str, str] = {}  # other files put in place with the tables
        # files made from the merged tables (facts.csv): name → make(run folder, target)
        self.derived: dict[str, Callable[[Path, Path], None]] = {}
        self.published: Published | None = None

    def add_file(self, name: str, text: str) -> None:
        self.files[name] = text

    def add_derived(self, name: str, make: Callable[[Path, Path], None]) -> None:
        """A file made from the merged tables, put in place with them as one set."""
        self.derived[name] = make

    def add(self, index: int, batch: Rows) -> None:
        """One batch's rows; `index` is the batch's place in the input."""
        self.add_chunks(write_chunks(self.work, index, batch))

    def add_chunks(self, chunks: list[Chunk]) -> None:
        """Chunk files a worker wrote into `self.work` (`write_chunks`)."""
        for name, index, path, first, last, count in chunks:
            self.chunks[name].append((index, path, first, last))
            self.counts[name] += count

    def merged(self, name: str) -> Path:
        chunks = sorted(self.chunks[name], key=lambda chunk: chunk[0])
        paths = [chunk[1] for chunk in chunks]
        if all(a[3] <= b[2] for a, b in pairwise(chunks)):
            return concatenate(paths, self.work / f"{name}.csv", COLUMNS[name])
        key = sort_key(name)
        round_number = 0
        while len(paths) > FAN_IN:
            groups = [paths[i : i + FAN_IN] for i in range(0, len(paths), FAN_IN)]
            merged = []
            for number, group in enumerate(groups):
                target = self.work / f"{name}-round{round_number}-{number:06d}.csv"
                merge_files(group, key, target, None)
                merged.append(target)
            paths, round_number = merged, round_number + 1
        target = self.work / f"{name}.csv"
        merge_files(paths, key, target, COLUMNS[name])
        return target

    def discard(self) -> None:
        """Give up: the chunks go, the tables already in `out` stay as they were."""
        self.folder.close()

    def finish(self) -> dict[str, int]:
        """Write every table, then put them all in place at once; returns row counts."""
        try:
            names = []
            for name in COLUMNS:
                merged = self.merged(name)
                if self.format == "parquet":
                    merged = to_parquet(name, merged, self.work / f"{name}.parquet")
                names.append(merged.name)
            for name, text in self.files.items():
                (self.work / name).write_text(text, encoding="utf-8")
                names.append(name)
            for name, make in self.derived.items():  # before the merged CSVs may go
                make(self.work, self.work / name)
                names.append(name)
            for path in self.work.iterdir():  # chunks, merge rounds, CSV made into Parquet
                if path.name not in names:
                    path.unlink()
            self.published = self.folder.publish(names)
        finally:
            self.folder.close()
        return self.counts


def read_tables(out: Path) -> dict[str, Any]:
    """The CSV tables in `out` as pandas DataFrames, typed as the Parquet files
    are: integer columns nullable Int64, the rest text with "" for empty."""
    import pandas as pd

    frames = {}
    for name, columns in COLUMNS.items():
        path = out / f"{name}.csv"
        if not path.is_file():
            continue
        integers = [c for c in columns if c in INTEGER_COLUMNS or c in NUMERIC]
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in integers:
            frame[column] = pd.array(
                [int(value) if value != "" else None for value in frame[column]], dtype="Int64"
            )
        frames[name] = frame
    return frames


def to_parquet(name: str, source: Path, target: Path) -> Path:
    """The CSV table as Parquet, streamed in blocks: integers as (nullable) int64,
    the rest text."""
    import pyarrow as pa
    from pyarrow import csv as pa_csv
    from pyarrow import parquet as pq

    types = {
        column: pa.int64() if column in INTEGER_COLUMNS or column in NUMERIC else pa.string()
        for column in COLUMNS[name]
    }
    options = pa_csv.ConvertOptions(
        column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    # texts hold line breaks: without this, a block boundary inside a quoted
    # field of a large table breaks the read
    parse = pa_csv.ParseOptions(newlines_in_values=True)
    reader = pa_csv.open_csv(source, parse_options=parse, convert_options=options)
    # pandas metadata, so that pd.read_parquet gives nullable Int64 columns, not
    # float64 where a column has empty cells (year_end of an open interval)
    import pandas as pd

    empty = pd.DataFrame(
        {c: pd.Series(dtype="Int64" if types[c] == pa.int64() else object) for c in types}
    )
    metadata = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    with pq.ParquetWriter(target, reader.schema.with_metadata(metadata)) as writer:
        for batch in reader:
            writer.write_batch(batch)
    return target
