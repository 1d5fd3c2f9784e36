"""CSV text as every table is written: UTF-8, "\n" after each row, minimal quoting
that also quotes a lone carriage return. A module of its own, with no imports
from the pipeline, so that what is built from the tables (facts.csv) writes
them alike without loading spaCy or entering the annotation's cache key."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path

# A row in contract column order: a tuple as built, a list when read back.
Row = Sequence[object]

QUOTED = frozenset(',"\n\r')
RENDER_ROWS = 4096  # rows rendered at a time by `write_rows`


def render(rows: Sequence[Row]) -> str:
    """Rows as CSV text, "\n" after each.

    csv quotes a field holding its line terminator but not one holding a
    carriage return alone, which csv, pandas and spreadsheets all read as a line
    break: an id or text with one split its row in every table. Rows are
    rendered by csv (fast); only when the text holds a "\r" are they rendered
    again, with every field that needs it quoted."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    if "\r" not in text:
        return text
    return "".join(",".join(map(field, row)) + "\n" for row in rows)


def field(value: object) -> str:
    text = cell(value)
    if QUOTED.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def cell(value: object) -> str:
    return "" if value is None else str(value)


def write_rows(path: Path, header: list[str] | None, rows: Iterator) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        if header:
            handle.write(render([header]))
        while part := list(islice(rows, RENDER_ROWS)):
            handle.write(render(part))
