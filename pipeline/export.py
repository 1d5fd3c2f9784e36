"""The tables as one .xlsx workbook that a spreadsheet opens without running anything.

A spreadsheet opening the CSVs runs a cell that starts with `=`, `+`, `-` or `@`
as a formula, and a token, a sentence or an id can start so. The CSVs stay
byte-exact for pandas and the other tools that read them; spreadsheet users get
this workbook instead, in which every text is a string cell (never evaluated, not
even when it reads "=HYPERLINK(...)") and the integer columns are number cells.

Nothing in the text is altered except what the format cannot hold, and each such
cell is counted in the `Export` the caller prints (docs/tables.md, "Spreadsheets"):

- a sheet holds 1,048,576 rows with its header: a longer table goes on in
  "tokens (2)", "tokens (3)"..., each with the header;
- a cell holds 32,767 characters (UTF-16 units, as Excel counts): the rest is cut;
- XML 1.0 cannot hold C0 controls other than tab and newline, nor U+FFFE and
  U+FFFF: XlsxWriter stores them as Excel's `_xHHHH_` escapes (and text that
  reads like such an escape with its underscore escaped), which Excel and
  LibreOffice turn back into the exact text; openpyxl and pandas show the escapes;
- UTF-8 cannot hold a lone surrogate: it becomes U+FFFD (tables read as UTF-8
  never hold one, but the writer does not rely on that);
- a text that starts with `<r>` and ends with `</r>` would reach the file as raw
  XML (XlsxWriter's mark of a rich string: a cell could add formula cells), so it
  is written as a rich string of plain runs; a control character in it becomes
  U+FFFD (`write_marked` says why).

Rows are streamed from the tables into XlsxWriter's constant-memory mode, so a
corpus of any size is exported in bounded memory; the tables are all opened
first, so the workbook holds one run's tables even if an extract into the same
folder finishes meanwhile.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.columns import COLUMNS, INTEGER_COLUMNS, NUMERIC
from pipeline.corpus import long_fields
from pipeline.output_folder import CURRENT

MAX_ROWS = 1_048_576  # rows of a sheet, header included (Excel's limit, and LibreOffice's)
MAX_CHARS = 32_767  # UTF-16 units of a cell
OPTIONS = {
    # write_string is called explicitly; these keep any other path from reading a
    # text as a formula, a link or a number
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # rows go to disk as they are written: memory does not grow with the corpus
    "constant_memory": True,
    # only a member or archive over 2 GiB gets ZIP64 records: without this,
    # such a workbook would fail at the very end
    "use_zip64": True,
}
# what XML 1.0 cannot hold and XlsxWriter stores as an `_xHHHH_` escape; \r is
# one too, as XML readers would turn a bare \r into \n
XML_UNFIT = r"\x00-\x08\x0b-\x1f\ufffe\uffff"
LOOKALIKE = r"_x[0-9A-Fa-f]{4}_"  # text that reads like an escape: its underscore is escaped
ESCAPED = re.compile(rf"[{XML_UNFIT}]|{LOOKALIKE}")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")  # what UTF-8 cannot hold
# a text the usual path cannot write as it is (the others: marked or long texts)
NEEDS_CARE = re.compile(rf"[{XML_UNFIT}\ud800-\udfff]|{LOOKALIKE}")
UNSTORABLE = re.compile(rf"[{XML_UNFIT}\ud800-\udfff]")
LOOKALIKE_START = re.compile(rf"(?={LOOKALIKE})")  # overlapping ones too
INTEGER = re.compile(r"-?[0-9]+")
SNAPSHOT_TRIES = 3  # openings of the tables before giving up on a folder that keeps changing
REPLACEMENT = "\ufffd"


class ExportError(ValueError):
    """The folder does not hold tables that can be exported (missing, damaged)."""


@dataclass
class TableExport:
    """What became of one table: its data rows, its sheets and the cells the format changed."""

    rows: int = 0
    sheets: list[str] = field(default_factory=list)
    cut: int = 0  # cells cut at MAX_CHARS
    escaped: int = 0  # cells stored with `_xHHHH_` escapes
    replaced: int = 0  # cells with a character replaced by U+FFFD


@dataclass
class Export:
    """What the CLI prints: the workbook, each table's fate, the tables that were missing."""

    path: Path
    tables: dict[str, TableExport]
    missing: list[str]  # tables the folder does not hold

    def lines(self) -> list[str]:
        """What was written: the workbook, each table's rows and sheets."""
        lines = [f"Workbook written to {self.path}"]
        for name, table in self.tables.items():
            sheets = f" (sheets: {', '.join(table.sheets)})" if len(table.sheets) > 1 else ""
            lines.append(f"  {name}: {table.rows} rows{sheets}")
        return lines

    def warnings(self) -> list[str]:
        """Every cell the format changed, and every table left out: nothing is lost unsaid."""
        warnings = []
        for name, table in self.tables.items():
            if table.cut:
                warnings.append(
                    f"{name}: {table.cut} cells cut to {MAX_CHARS:,} characters, "
                    "the most a spreadsheet cell holds"
                )
            if table.escaped:
                warnings.append(
                    f"{name}: {table.escaped} cells hold control characters or `_xHHHH_` "
                    "text, stored as `_xHHHH_` escapes (Excel and LibreOffice show the text, "
                    "openpyxl and pandas the escapes)"
                )
            if table.replaced:
                warnings.append(
                    f"{name}: {table.replaced} cells had characters the format cannot hold, "
                    "replaced by U+FFFD"
                )
        if self.missing:
            warnings.append(f"not in the folder, so not exported: {', '.join(self.missing)}")
        return warnings


def write_xlsx(out: Path, target: Path | None = None) -> Export:
    """Write the tables of the extraction folder `out` into `target` (default
    `out/tables.xlsx`), one sheet per table; `target` is replaced only when complete."""
    if not out.is_dir():
        raise ExportError(f"{out}: no such folder (run extract first?)")
    target = target or out / "tables.xlsx"
    with ExitStack() as stack:
        tables = open_tables(out, stack)
        if tables["documents"] is None:
            raise ExportError(
                f"{out}: holds neither documents.csv nor documents.parquet (run extract first?)"
            )
        # the sheets' XML and the workbook are written here: a killed export leaves
        # only this folder, which the next `extract` into `out` sweeps (a .tmp name)
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".xlsx-", suffix=".tmp"))
        try:
            staged = work / target.name
            workbook = xlsxwriter.Workbook(staged, {**OPTIONS, "tmpdir": str(work)})
            header_format = workbook.add_format({"bold": True})
            written = {
                name: write_table(workbook, header_format, name, *table)
                for name, table in tables.items()
                if table is not None
            }
            try:
                workbook.close()
            except FileCreateError as error:  # the OSError it wraps: one line for the CLI
                raise error.args[0] from None
            os.replace(staged, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    missing = [name for name, table in tables.items() if table is None]
    return Export(target, written, missing)


def open_tables(out: Path, stack: ExitStack) -> dict[str, tuple[Path, BinaryIO] | None]:
    """Every table of `out` opened before any is read, all of one run.

    An extract that finishes meanwhile switches the tables as one set
    (`pipeline.output_folder`) and then deletes the old run: tables opened one
    at a time as the export reaches them could mix two runs, or vanish. Opened
    at once while `.current` stays put, they are one run's, and stay readable.
    """
    for _ in range(SNAPSHOT_TRIES):
        run = current_run(out)
        with ExitStack() as attempt:
            try:
                opened = {name: open_table(out, name, attempt) for name in COLUMNS}
            except FileNotFoundError:  # the switch removed a table between look and open
                continue
            if current_run(out) == run:
                stack.enter_context(attempt.pop_all())
                return opened
    raise ExportError(
        f"{out}: the tables changed each of the {SNAPSHOT_TRIES} times they were opened "
        "(is an extract finishing there?); try again"
    )


def current_run(out: Path) -> str | None:
    link = out / CURRENT
    return os.readlink(link) if link.is_symlink() else None


def open_table(out: Path, name: str, stack: ExitStack) -> tuple[Path, BinaryIO] | None:
    """The table as `extract --format` wrote it: CSV, else Parquet (as the report reads it)."""
    for suffix in (".csv", ".parquet"):
        path = out / f"{name}{suffix}"
        if path.is_file():
            return path, stack.enter_context(path.open("rb"))
    return None


def write_table(
    workbook: xlsxwriter.Workbook, header_format: Format, name: str, path: Path, handle: BinaryIO
) -> TableExport:
    """One table into as many sheets as its rows need. The reader is closed even
    when a row is found damaged: it holds csv's field limit raised."""
    try:
        with closing(read_records(path, handle)) as records:
            return write_records(workbook, header_format, name, path, records)
    except UnicodeDecodeError as error:
        raise ExportError(f"{path}: not UTF-8 ({error.reason}; damaged table?)") from None
    except csv.Error as error:
        raise ExportError(f"{path}: {error} (damaged table?)") from None


def write_records(
    workbook: xlsxwriter.Workbook,
    header_format: Format,
    name: str,
    path: Path,
    records: Iterator[list[str]],
) -> TableExport:
    """The rows in contract column order; integers as numbers, the rest as text."""
    table = TableExport()
    header = next(records, None)
    if not header:
        raise ExportError(f"{path}: empty file, not a table (run extract again?)")
    if len(set(header)) < len(header):
        raise ExportError(f"{path}: a column name repeats in the header (damaged table?)")
    # an older extraction may lack a column (sentences without `chrome`); a column
    # the contract does not know is kept, last
    columns = [c for c in COLUMNS[name] if c in header] + [
        c for c in header if c not in COLUMNS[name]
    ]
    positions = [header.index(c) for c in columns]
    integers = [c in INTEGER_COLUMNS or c in NUMERIC for c in columns]
    sheet, row = None, MAX_ROWS
    for number, record in enumerate(records, start=1):
        if len(record) != len(header):
            raise ExportError(
                f"{path}: row {number} has {len(record)} fields, the header "
                f"{len(header)} (damaged table?)"
            )
        if row == MAX_ROWS:
            sheet = add_sheet(workbook, header_format, name, columns, table)
            row = 1
        for col, (position, integer) in enumerate(zip(positions, integers)):
            value = record[position]
            if value == "":
                continue
            if integer:
                if not INTEGER.fullmatch(value):
                    raise ExportError(
                        f"{path}: row {number}, column {columns[col]}: "
                        f"{value[:40]!r} is not an integer (damaged table?)"
                    )
                sheet.write_number(row, col, int(value))
            else:
                write_text(sheet, row, col, value, table)
        row += 1
        table.rows += 1
    if sheet is None:  # no rows: the header alone
        sheet = add_sheet(workbook, header_format, name, columns, table)
        row = 1
    sheet.autofilter(0, 0, row - 1, len(columns) - 1)
    return table


def add_sheet(
    workbook: xlsxwriter.Workbook,
    header_format: Format,
    name: str,
    columns: list[str],
    table: TableExport,
) -> Worksheet:
    """The next sheet of a table, with the header row frozen and filtered; the
    previous sheet, full, gets its filter over all of its rows."""
    if table.sheets:
        workbook.get_worksheet_by_name(table.sheets[-1]).autofilter(
            0, 0, MAX_ROWS - 1, len(columns) - 1
        )
    title = name if not table.sheets else f"{name} ({len(table.sheets) + 1})"
    sheet = workbook.add_worksheet(title)
    table.sheets.append(title)
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column, header_format)
    sheet.freeze_panes(1, 0)
    # a token "1999" or an id "000123" is text on purpose: no green warning triangles
    sheet.ignore_errors({"number_stored_as_text": f"A1:XFD{MAX_ROWS}"})
    return sheet


def write_text(sheet: Worksheet, row: int, col: int, text: str, table: TableExport) -> None:
    """A text as a string cell, exact except for what the format cannot hold (counted)."""
    if len(text) <= MAX_CHARS // 2 and not text.startswith("<r>") and not NEEDS_CARE.search(text):
        sheet.write_string(row, col, text)  # the usual cell: nothing to check further
        return
    replaced = LONE_SURROGATE.search(text) is not None
    text = LONE_SURROGATE.sub(REPLACEMENT, text)
    text, cut = truncated(text)
    table.cut += cut
    if text.startswith("<r>") and text.endswith("</r>"):
        replaced |= UNSTORABLE.search(text) is not None
        write_marked(sheet, row, col, UNSTORABLE.sub(REPLACEMENT, text))
    else:
        table.escaped += ESCAPED.search(text) is not None
        sheet.write_string(row, col, text)
    table.replaced += replaced


def truncated(text: str) -> tuple[str, bool]:
    """The text cut to MAX_CHARS UTF-16 units (a character above U+FFFF takes two,
    and is never split), and whether it was cut."""
    if len(text) <= MAX_CHARS // 2:
        return text, False
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > MAX_CHARS:
            return text[:index], True
    return text, False


def write_marked(sheet: Worksheet, row: int, col: int, text: str) -> None:
    """A text that starts with `<r>` and ends with `</r>`, written as plain runs of a rich string.

    XlsxWriter takes such a string for the XML of a rich string it built and writes it
    unescaped: given to `write_string`, a cell's text could add cells of its own to the
    sheet, formulas included. A rich string's runs are escaped like any text.
    XlsxWriter 3.3 escapes them twice, though (in each run, then in the cell), and
    the second pass would escape the first one's escapes: the runs are split inside
    anything that reads like an `_xHHHH_` escape, so that neither pass finds one, and
    the characters stored as escapes are replaced (by the caller). XlsxWriter 3.1,
    which escapes once, gives the same cell.
    """
    # three runs at least: XlsxWriter wants more than two fragments
    splits = sorted({1, 2, *(match.start() + 2 for match in LOOKALIKE_START.finditer(text))})
    runs = [text[start:end] for start, end in pairwise([0, *splits, len(text)])]
    sheet.write_rich_string(row, col, *runs)


def read_records(path: Path, handle: BinaryIO) -> Iterator[list[str]]:
    """The table's header, then its rows, as text: what the CSV holds, or the
    Parquet values as the CSV would hold them (an empty integer as "")."""
    if path.suffix == ".csv":
        with long_fields():
            yield from csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))
        return
    try:
        import pyarrow as pa
        from pyarrow import parquet as pq
    except ImportError:
        raise ExportError(
            f"{path}: reading Parquet needs pyarrow (pip install 'newsfacts[parquet]')"
        ) from None
    try:
        parquet = pq.ParquetFile(handle)
        yield list(parquet.schema_arrow.names)
        for batch in parquet.iter_batches():
            columns = [column.to_pylist() for column in batch.columns]
            for values in zip(*columns):
                yield ["" if value is None else str(value) for value in values]
    except pa.ArrowException as error:
        raise ExportError(f"{path}: {error} (damaged table?)") from None
