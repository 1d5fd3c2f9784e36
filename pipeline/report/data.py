"""An extraction read back for viewing: the tables, each article's raw text, its entity layout.

The tables give offsets into the raw article text, so the views need that text
back: it is re-read from the article's source with the same readers `extract`
used, and trusted only when every sentence is found at its offsets. When it is
not (the file moved or changed, a failed read), the text is rebuilt from
`sentences.csv` with blanks between sentences, and `Article.note` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from pipeline.columns import COLUMNS
from pipeline.corpus import Article as Source
from pipeline.corpus import read_path
from pipeline.patterns.declared import Declarations, colour_of, declarations

TABLES = ("documents", "sentences", "entities", "events")
EVAL_TABLES = ("scores", "entity_errors", "event_errors")
# "news.jsonl:12": a record of a .jsonl or .csv file; anything else is a file path
RECORD_SOURCE = re.compile(r"(?P<path>.+\.(?:jsonl|csv)):\d+", re.IGNORECASE)
INT_COLUMNS = {
    "sentences": ("sent_id", "start", "end"),
    "entities": ("sent_id", "start", "end"),
    "events": ("sent_id",),
    "relations": ("sent_id",),
}


class ReportError(ValueError):
    """The folder does not hold an extraction that can be shown."""


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    type: str
    text: str
    canonical: str
    entity_id: str


@dataclass(frozen=True)
class Mark:
    """An outermost entity and the entities nested in it (one highlight, one tooltip)."""

    entity: Entity
    nested: tuple[Entity, ...]


@dataclass(frozen=True)
class Article:
    doc_id: str
    anchor: str
    meta: dict[str, str]
    focus_name: str
    text: str
    note: str
    sentences: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    relations: pd.DataFrame
    colours: dict[str, str]

    @property
    def body_start(self) -> int:
        """Where the first sentence starts: what precedes it is metadata (the date prefix)."""
        return int(self.sentences["start"].min()) if len(self.sentences) else 0

    def marks(self) -> dict[int, list[Mark]]:
        """Entities per sentence as outermost marks: highlights cannot nest, tooltips can."""
        by_sentence: dict[int, list[Mark]] = {}
        rows = self.entities.sort_values(["start", "end"], ascending=[True, False], kind="stable")
        for sent_id, group in rows.groupby("sent_id", sort=True):
            marks: list[Mark] = []
            for row in group.itertuples(index=False):
                entity = Entity(
                    row.start, row.end, row.type, row.text, row.canonical, row.entity_id
                )
                if marks and entity.start < marks[-1].entity.end:
                    marks[-1] = Mark(marks[-1].entity, (*marks[-1].nested, entity))
                else:
                    marks.append(Mark(entity, ()))
            by_sentence[int(sent_id)] = marks
        return by_sentence


@dataclass(frozen=True)
class Results:
    """The tables of one extraction folder and, if `evaluate` ran, its eval tables."""

    out: Path
    documents: pd.DataFrame
    sentences: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    relations: pd.DataFrame  # empty for tables made before relations.csv existed
    declared: Declarations  # what the run's pack declares (`pack.json`)
    evaluation: dict[str, pd.DataFrame]
    evaluation_stale: bool
    has_chrome: bool

    @cached_property
    def anchors(self) -> dict[str, str]:
        """doc_id → a fragment-safe HTML id (ids from .jsonl may hold any character)."""
        return {doc_id: f"d{i}" for i, doc_id in enumerate(self.documents["doc_id"])}

    def anchor(self, doc_id: str) -> str:
        return self.anchors[doc_id]

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.anchors

    def articles(self) -> Iterable[Article]:
        """Every document in table order, with its raw text read back once per source file."""
        sources = read_sources(self.documents["source"])
        for doc_id in self.documents["doc_id"]:
            yield self._article(doc_id, sources)

    def article(self, doc_id: str) -> Article:
        source = self.documents.loc[self.documents["doc_id"] == doc_id, "source"].iloc[0]
        return self._article(doc_id, read_sources([source]))

    def _article(self, doc_id: str, sources: dict[str, Source]) -> Article:
        meta = self.documents[self.documents["doc_id"] == doc_id].iloc[0].to_dict()
        sentences = self.sentences[self.sentences["doc_id"] == doc_id]
        text, note = raw_text(sources.get(meta["source"]), doc_id, sentences)
        return Article(
            doc_id,
            self.anchor(doc_id),
            meta,
            self.entity_names.get(meta["focus_country"], meta["focus_country"]),
            text,
            note,
            sentences,
            self.entities[self.entities["doc_id"] == doc_id],
            self.events[self.events["doc_id"] == doc_id],
            self.relations[self.relations["doc_id"] == doc_id],
            self.colours,
        )

    @cached_property
    def colours(self) -> dict[str, str]:
        """A colour for every declared relation type and every type in the tables."""
        colours = self.declared.colours()
        present = [*self.events["event_type"], *self.relations["relation"]]
        return {name: colour_of(name, colours) for name in dict.fromkeys([*colours, *present])}

    @cached_property
    def entity_names(self) -> dict[str, str]:
        """Wikidata id → canonical name: documents.csv gives the focus country as an id."""
        linked = self.entities[self.entities["entity_id"] != ""].sort_values(
            ["entity_id", "canonical"]
        )
        return dict(zip(linked["entity_id"], linked["canonical"]))


def table_path(out: Path, name: str) -> Path | None:
    """The table's file in `out`, as `extract --format` wrote it: CSV, else Parquet."""
    for suffix in (".csv", ".parquet"):
        path = out / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def read_table(path: Path) -> pd.DataFrame:
    """A table as text, empty cells as "": the same frame from CSV and from Parquet."""
    if path.suffix == ".parquet":
        table = pd.read_parquet(path)
        return table.astype("string").fillna("").astype(str)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load(out: Path) -> Results:
    """Read the tables in `out` (and `out/eval/` if present); a missing table is a ReportError."""
    if table_path(out, "documents") is None:
        raise ReportError(
            f"{out}: holds neither documents.csv nor documents.parquet (run extract first?)"
        )
    tables, paths = {}, []
    for name in TABLES:
        path = table_path(out, name)
        if path is None:
            raise ReportError(f"{out / name}.csv: no such file (run extract first?)")
        paths.append(path)
        table = read_table(path)
        for column in INT_COLUMNS.get(name, ()):
            table[column] = table[column].astype(int)
        tables[name] = table
    sentences = tables["sentences"]
    has_chrome = "chrome" in sentences.columns
    sentences["chrome"] = sentences["chrome"] == "1" if has_chrome else False
    path = table_path(out, "relations")
    relations = read_table(path) if path else pd.DataFrame(columns=COLUMNS["relations"])
    for column in INT_COLUMNS["relations"]:
        relations[column] = relations[column].astype(int)
    eval_paths = [out / "eval" / f"{name}.csv" for name in EVAL_TABLES]
    evaluation = {path.stem: read_table(path) for path in eval_paths if path.is_file()}
    # `make report` may re-extract after `make eval`: old scores must not pass for current ones
    stale = bool(evaluation) and min(
        (out / "eval" / f"{name}.csv").stat().st_mtime for name in evaluation
    ) < max(path.stat().st_mtime for path in paths)
    return Results(
        out,
        relations=relations,
        declared=declarations(out),
        evaluation=evaluation,
        evaluation_stale=stale,
        has_chrome=has_chrome,
        **tables,
    )


def read_sources(sources: Iterable[str]) -> dict[str, Source]:
    """Re-read the articles behind `source` values, each file once; unreadable ones carry errors."""
    files: dict[Path, list[str]] = {}
    for source in sources:
        record = RECORD_SOURCE.fullmatch(source)
        files.setdefault(Path(record["path"] if record else source), []).append(source)
    found: dict[str, Source] = {}
    for path, wanted in files.items():
        try:
            by_source = {article.source: article for article in read_path(path)}
            missing = f"{path}: no such file or record"
        except (OSError, ValueError) as error:
            by_source, missing = {}, f"{path}: {error}"
        for source in wanted:
            found[source] = by_source.get(source, Source("", source, error=missing))
    return found


def raw_text(source: Source | None, doc_id: str, sentences: pd.DataFrame) -> tuple[str, str]:
    """The raw text if the source still matches the tables, else a rebuild and the reason."""
    if source is None or source.error:
        reason = source.error if source else "no source recorded"
    elif source.doc_id != doc_id:
        reason = f"{source.source} now holds {source.doc_id!r}, not {doc_id!r}"
    elif all(
        source.text[row.start : row.end] == row.text for row in sentences.itertuples(index=False)
    ):
        return source.text, ""
    else:
        reason = f"{source.source} has changed since extraction"
    if not len(sentences):
        return "", f"{reason}; no sentences to rebuild the text from"
    chars = [" "] * int(sentences["end"].max())
    for row in sentences.itertuples(index=False):
        chars[row.start : row.end] = row.text
    return "".join(chars), f"{reason}; text rebuilt from sentences.csv (gaps are blanks)"
