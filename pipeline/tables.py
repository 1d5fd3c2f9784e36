"""The output tables: `Doc` → rows → CSV files, written atomically.

Column order is the contract (README, "The tables"); offsets are into the raw
article text (`raw[start:end] == text`). Rows are sorted by `doc_id`, then
offsets, so the same input always gives byte-identical files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc, Span

from pipeline.corpus import Article

COLUMNS = {
    "documents": [
        "doc_id",
        "source",
        "date",
        "focus_country",
        "n_sentences",
        "n_tokens",
        "n_entities",
        "n_events",
        "status",
        "error",
        "date_source",
        "encoding",
        "set_aside_chars",
    ],
    "sentences": ["doc_id", "sent_id", "start", "end", "text", "chrome"],
    "tokens": ["doc_id", "sent_id", "token_id", "start", "end", "text", "lemma", "pos"],
    "entities": [
        "doc_id",
        "sent_id",
        "start",
        "end",
        "text",
        "lemma",
        "type",
        "canonical",
        "entity_id",
        "source",
    ],
    "events": [
        "doc_id",
        "sent_id",
        "event_type",
        "country",
        "country_id",
        "organization",
        "organization_id",
        "date",
        "year_start",
        "year_end",
        "trigger",
        "pattern",
        "evidence",
    ],
}
SORT_KEYS = {
    "documents": ["doc_id", "source"],
    "sentences": ["doc_id", "start"],
    "tokens": ["doc_id", "start"],
    "entities": ["doc_id", "start", "end", "type"],
    "events": ["doc_id", "sent_id", "event_type", "country", "organization", "date"],
}
# integer columns that may be empty (an error row has no counts)
INTEGER_COLUMNS = {
    "year_start",
    "year_end",
    "n_sentences",
    "n_tokens",
    "n_entities",
    "n_events",
    "set_aside_chars",
}


def sentences(doc: Doc) -> list[Span]:
    """Sentences with at least one non-space token, trimmed of surrounding whitespace."""
    trimmed = []
    for sent in doc.sents:
        words = [token for token in sent if not token.is_space]
        if words:
            trimmed.append(doc[words[0].i : words[-1].i + 1])
    return trimmed


class Rows:
    """Rows of all tables for a batch of documents."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict]] = {name: [] for name in COLUMNS}

    def add_error(self, article: Article, error: str) -> None:
        self.tables["documents"].append(
            {
                "doc_id": article.doc_id,
                "source": article.source,
                "date": article.date,
                "date_source": article.date_source,
                "encoding": article.encoding,
                "status": "error",
                "error": error,
            }
        )

    def add_doc(self, doc: Doc) -> None:
        meta = doc._.meta
        doc_id, offset = meta["doc_id"], meta["offset"]
        sents = sentences(doc)
        sent_of = {token.i: n for n, sent in enumerate(sents) for token in sent}
        for n, sent in enumerate(sents):
            self.tables["sentences"].append(
                {
                    "doc_id": doc_id,
                    "sent_id": n,
                    "start": sent.start_char + offset,
                    "end": sent.end_char + offset,
                    "text": sent.text,
                    "chrome": int(all(token._.set_aside for token in sent)),
                }
            )
        n_tokens = 0
        for token in doc:
            if token.is_space:
                continue
            n_tokens += 1
            self.tables["tokens"].append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_of[token.i],
                    "token_id": token.i,
                    "start": token.idx + offset,
                    "end": token.idx + len(token.text) + offset,
                    "text": token.text,
                    "lemma": token.lemma_,
                    "pos": token.pos_,
                }
            )
        mentions = [*doc.spans.get("entities", []), *doc.spans.get("dates", [])]
        for span in mentions:
            self.tables["entities"].append(
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
                }
            )
        sent_at = {sent.start_char: n for n, sent in enumerate(sents)}
        for event in doc._.events or []:
            self.tables["events"].append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_at.get(event.sent_start, ""),
                    "event_type": event.event_type,
                    "country": event.country,
                    "country_id": event.country_id,
                    "organization": event.organization,
                    "organization_id": event.organization_id,
                    "date": event.date,
                    "year_start": event.year_start,
                    "year_end": event.year_end,
                    "trigger": event.trigger,
                    "pattern": event.pattern,
                    "evidence": doc.text[event.sent_start : event.sent_end].strip(),
                }
            )
        self.tables["documents"].append(
            {
                "doc_id": doc_id,
                "source": meta["source"],
                "date": meta["date"],
                "date_source": meta["date_source"],
                "encoding": meta["encoding"],
                "set_aside_chars": sum(end - start for start, end, _ in meta["set_aside"]),
                "focus_country": doc._.focus_country,
                "n_sentences": len(sents),
                "n_tokens": n_tokens,
                "n_entities": len(mentions),
                "n_events": len(doc._.events or []),
                "status": "ok",
                "error": "",
            }
        )


def frame(name: str, rows: Iterable[dict]) -> pd.DataFrame:
    table = pd.DataFrame(list(rows), columns=COLUMNS[name])
    for column in INTEGER_COLUMNS & set(table.columns):
        table[column] = table[column].astype("Int64")
    return table.sort_values(SORT_KEYS[name], kind="stable").reset_index(drop=True)


def stage(table: pd.DataFrame, path: Path) -> Path:
    """Write `table` to a hidden temporary file next to `path` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            table.to_csv(out, index=False, lineterminator="\n")
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomic(table: pd.DataFrame, path: Path) -> None:
    """Write next to the target, then rename: readers never see a half-written file."""
    os.replace(stage(table, path), path)


def write_tables(rows: Rows, out: Path) -> dict[str, pd.DataFrame]:
    """All tables are written in full before the first one replaces its old version.

    A run killed before the renames leaves the previous tables untouched; the
    renames themselves take microseconds. Temporary files of a killed run are
    removed by the next one.
    """
    for leftover in out.glob(".*.csv.*.tmp"):
        leftover.unlink(missing_ok=True)
    tables = {name: frame(name, rows.tables[name]) for name in COLUMNS}
    staged: list[tuple[Path, Path]] = []
    try:
        for name, table in tables.items():
            path = out / f"{name}.csv"
            staged.append((stage(table, path), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return tables
