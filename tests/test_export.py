"""The .xlsx export: every text a string cell with its exact value, numbers numbers,
and the format's limits (rows per sheet, characters per cell, what XML cannot
hold) handled and counted, on hostile tables written here and on the seed corpus."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.escape import unescape

from pipeline import export
from pipeline.columns import COLUMNS, INTEGER_COLUMNS, NUMERIC
from pipeline.export import MAX_CHARS, ExportError, write_xlsx
from pipeline.output_folder import OutputFolder
from pipeline.tables import to_parquet

INTEGERS = INTEGER_COLUMNS | NUMERIC
LONG = "я" * 40_000  # cut to MAX_CHARS
ASTRAL = "😀" * 20_000  # 40,000 UTF-16 units: cut to 16,383 whole emoji
# XlsxWriter writes a string that starts with <r> and ends with </r> as raw XML
INJECTION = '<r><t>a</t></r></is></c><c r="Z1"><f>1+1</f></c><c r="Z2" t="inlineStr"><is><r>'
TEXTS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "=1+1",
    "tab\tbetween",
    'a "quoted" word',
    "comma, then more",
    "two\nlines",
    "carriage\r\nreturn",
    "escape \x1b[31m red",
    "_x0041_ looks like an escape",
    "Совет Безопасности ООН",
    "  spaces around  ",
    "<r><t>rich</t></r>",
    INJECTION + "</r>",
    "<r>_x0041_ and _x0042_x0043_</r>",
    LONG,
    ASTRAL,
]
MARKED_CONTROL = "<r>bell\x07</r>"  # a control character in a marked text: replaced


def texts_of(name: str) -> list[str]:
    """What the hostile tables hold: sentences also the one text the export must change."""
    return [*TEXTS, MARKED_CONTROL] if name == "sentences" else TEXTS


def expected_text(text: str) -> str:
    """The documented changes: cut to MAX_CHARS UTF-16 units; a control character
    in a text XlsxWriter would take for rich-string XML replaced by U+FFFD."""
    if text == LONG:
        return text[:MAX_CHARS]
    if text == ASTRAL:
        return "😀" * (MAX_CHARS // 2)
    if text == MARKED_CONTROL:
        return "<r>bell\ufffd</r>"
    return text


def read_back(value: str) -> str:
    """A string cell's text as Excel reads it: openpyxl leaves the `_xHHHH_` escapes
    of a plain string to decode; a marked text, stored as rich-string runs, has none."""
    return value if value.startswith("<r>") and value.endswith("</r>") else unescape(value)


def table_rows(name: str, texts: list[str]) -> list[list[str]]:
    """Rows in which every text of `texts` appears in every text column, and the
    integer columns hold numbers (negative, zero, empty) as the contract allows."""
    columns = COLUMNS[name]
    rows = []
    for i in range(len(texts)):
        row, shift = [], 0
        for column in columns:
            if column in INTEGERS:
                row.append("" if i % 5 == 4 else str(i * 7 - 3))
            else:
                row.append(texts[(i + shift) % len(texts)])
                shift += 1
        rows.append(row)
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def hostile(tmp_path) -> Path:
    out = tmp_path / "hostile"
    out.mkdir()
    for name, columns in COLUMNS.items():
        write_csv(out / f"{name}.csv", columns, table_rows(name, texts_of(name)))
    return out


def read_sheet(path: Path, title: str) -> list[list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(path)[title]
    return [list(row) for row in sheet.iter_rows()]


def assert_cells(cells: list, columns: list[str], rows: list[list[str]]) -> None:
    """The sheet holds the header, then `rows`: integers as numbers, texts as
    string cells whose value is the text (after Excel's `_xHHHH_` unescaping)."""
    assert [cell.value for cell in cells[0]] == columns
    assert all(cell.data_type == "s" for cell in cells[0])
    assert len(cells) == len(rows) + 1
    for row, values in zip(cells[1:], rows):
        assert len(row) == len(columns)
        for cell, column, value in zip(row, columns, values):
            if value == "":
                assert cell.value is None, (cell.coordinate, cell.value)
            elif column in INTEGERS:
                assert (cell.data_type, cell.value) == ("n", int(value)), cell.coordinate
            else:
                assert cell.data_type == "s", (cell.coordinate, value)
                assert read_back(cell.value) == expected_text(value), (cell.coordinate, value)


def test_every_text_is_a_string_cell_with_its_exact_value(hostile):
    result = write_xlsx(hostile)

    assert result.path == hostile / "tables.xlsx"
    workbook = openpyxl.load_workbook(result.path)
    assert workbook.sheetnames == list(COLUMNS)
    for name, columns in COLUMNS.items():
        rows = table_rows(name, texts_of(name))
        sheet = workbook[name]
        assert_cells([list(row) for row in sheet.iter_rows()], columns, rows)
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, len(columns)).column_letter}{len(rows) + 1}"
        )
        assert result.tables[name].rows == len(rows)
        assert result.tables[name].sheets == [name]
    assert result.missing == []


def test_no_formula_and_no_injected_cell_reaches_the_file(hostile):
    path = write_xlsx(hostile).path

    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == len(COLUMNS)
        for member in sheets:
            xml = archive.read(member).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, member
            assert '<c r="Z1"' not in xml and '<c r="Z2"' not in xml, member
        assert not any("hyperlink" in n.lower() for n in archive.namelist())
    for sheet in openpyxl.load_workbook(path):
        assert sheet.max_column == len(COLUMNS[sheet.title])


def test_what_xml_cannot_hold_is_stored_as_excel_escapes(hostile):
    sheet = openpyxl.load_workbook(write_xlsx(hostile).path)["sentences"]

    stored = {cell.value for row in sheet.iter_rows(min_row=2) for cell in row}
    assert "escape _x001B_[31m red" in stored
    assert "carriage_x000D_\nreturn" in stored  # a bare \r would be read back as \n
    assert "_x005F_x0041_ looks like an escape" in stored  # the lookalike's underscore
    assert "<r>_x0041_ and _x0042_x0043_</r>" in stored  # rich-string runs: no escape at all
    assert "<r>bell\ufffd</r>" in stored
    assert not any("\x1b" in value or "\r" in value for value in stored if isinstance(value, str))


def test_the_summary_counts_every_changed_cell(hostile):
    result = write_xlsx(hostile)

    for name, columns in COLUMNS.items():
        text_columns = sum(c not in INTEGERS for c in columns)  # each text in each of them
        table = result.tables[name]
        assert table.cut == 2 * text_columns  # LONG and ASTRAL
        # the escape, the carriage return, the _x0041_ lookalike; not the marked lookalikes
        assert table.escaped == 3 * text_columns
        assert table.replaced == (text_columns if name == "sentences" else 0)
    assert f"  sentences: {len(TEXTS) + 1} rows" in result.lines()
    warnings = "\n".join(result.warnings())
    assert "sentences: 6 cells cut to 32,767 characters" in warnings
    assert "sentences: 9 cells hold control characters or `_xHHHH_` text" in warnings
    assert "sentences: 3 cells had characters the format cannot hold" in warnings


def test_a_long_table_goes_on_in_numbered_sheets(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_ROWS", 4)  # a header and 3 rows per sheet
    out = tmp_path / "out"
    out.mkdir()
    columns = COLUMNS["tokens"]
    rows = [["d", "0", str(i), str(i), str(i + 1), f"={i}", "л", "X"] for i in range(10)]
    write_csv(out / "tokens.csv", columns, rows)
    write_csv(out / "documents.csv", COLUMNS["documents"], [])

    result = write_xlsx(out)

    titles = ["tokens", "tokens (2)", "tokens (3)", "tokens (4)"]
    assert result.tables["tokens"].sheets == titles
    assert result.tables["tokens"].rows == 10
    workbook = openpyxl.load_workbook(result.path)
    assert workbook.sheetnames == ["documents", *titles]
    for number, title in enumerate(titles):
        chunk = rows[number * 3 : number * 3 + 3]
        assert_cells([list(row) for row in workbook[title].iter_rows()], columns, chunk)
        assert workbook[title].freeze_panes == "A2"
        assert workbook[title].auto_filter.ref == f"A1:H{len(chunk) + 1}"
    assert workbook["documents"].max_row == 1  # the header of an empty table
    assert (
        "  tokens: 10 rows (sheets: tokens, tokens (2), tokens (3), tokens (4))" in result.lines()
    )


def test_a_lone_surrogate_is_replaced_and_counted(tmp_path):
    # a UTF-8 table cannot hold one, so the cell is written directly
    table = export.TableExport()
    workbook = export.xlsxwriter.Workbook(tmp_path / "t.xlsx", export.OPTIONS)
    sheet = workbook.add_worksheet("t")
    export.write_text(sheet, 0, 0, "a\ud800b", table)
    export.write_text(sheet, 1, 0, "<r>\udfff</r>", table)
    workbook.close()

    cells = [row[0].value for row in openpyxl.load_workbook(tmp_path / "t.xlsx")["t"].iter_rows()]
    assert cells == ["a\ufffdb", "<r>\ufffd</r>"]
    assert table.replaced == 2


def test_parquet_tables_give_the_same_workbook(hostile, tmp_path):
    parquet = tmp_path / "parquet"
    parquet.mkdir()
    for name in COLUMNS:
        to_parquet(name, hostile / f"{name}.csv", parquet / f"{name}.parquet")

    from_csv = openpyxl.load_workbook(write_xlsx(hostile).path)
    from_parquet = openpyxl.load_workbook(write_xlsx(parquet).path)

    for name in COLUMNS:
        expected = [[(c.data_type, c.value) for c in row] for row in from_csv[name].iter_rows()]
        found = [[(c.data_type, c.value) for c in row] for row in from_parquet[name].iter_rows()]
        assert found == expected, name


def test_an_older_extraction_is_exported_as_it_is(tmp_path):
    out = tmp_path / "old"
    out.mkdir()
    write_csv(out / "documents.csv", COLUMNS["documents"], [])
    old = [c for c in COLUMNS["sentences"] if c != "chrome"]  # before the chrome column
    write_csv(out / "sentences.csv", [*reversed(old), "extra"], [["=x", "9", "0", "0", "d", "+"]])

    result = write_xlsx(out)

    cells = read_sheet(result.path, "sentences")
    assert_cells(cells, [*old, "extra"], [["d", "0", "0", "9", "=x", "+"]])
    assert result.missing == ["tokens", "entities", "events", "relations"]
    assert result.warnings() == [
        "not in the folder, so not exported: tokens, entities, events, relations"
    ]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda out: shutil.rmtree(out), "no such folder (run extract first?)"),
        (lambda out: None, "holds neither documents.csv nor documents.parquet"),
        (lambda out: (out / "documents.csv").write_text(""), "empty file, not a table"),
        (
            lambda out: (out / "documents.csv").write_text("doc_id,doc_id\n"),
            "a column name repeats",
        ),
        (
            lambda out: (out / "documents.csv").write_text("doc_id,source\na,b,c\n"),
            "row 1 has 3 fields, the header 2",
        ),
        (
            lambda out: (out / "documents.csv").write_text("doc_id,n_tokens\na,1\nb,=1+1\n"),
            "row 2, column n_tokens: '=1+1' is not an integer",
        ),
        (
            lambda out: (out / "documents.csv").write_bytes(b"doc_id\n\xff\n"),
            "not UTF-8",
        ),
        (lambda out: (out / "documents.parquet").write_bytes(b"PAR1 not parquet"), "damaged"),
    ],
)
def test_a_missing_or_damaged_folder_is_one_clear_error(tmp_path, setup, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "tables.xlsx").write_bytes(b"the previous export")
    setup(out)

    with pytest.raises(ExportError) as raised:
        write_xlsx(out)

    assert str(raised.value).startswith(str(out))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    if out.exists():  # nothing half-written, the previous workbook intact
        assert sorted(os.listdir(out)) == sorted(
            {"tables.xlsx", *(p.name for p in out.glob("documents.*"))}
        )
        assert (out / "tables.xlsx").read_bytes() == b"the previous export"


def test_the_seed_events_are_exported_cell_for_cell(corpus_out, tmp_path):
    target = tmp_path / "seed.xlsx"

    result = write_xlsx(corpus_out, target)

    assert result.path == target and not (corpus_out / "tables.xlsx").exists()
    events = pd.read_csv(corpus_out / "events.csv", dtype=str, keep_default_na=False)
    assert len(events) > 0
    cells = read_sheet(target, "events")
    assert_cells(cells, list(events.columns), events.values.tolist())
    assert list(events.columns) == COLUMNS["events"]
    documents = pd.read_csv(corpus_out / "documents.csv", dtype=str, keep_default_na=False)
    assert result.tables["documents"].rows == len(documents)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_without_evaluating_anything(hostile, tmp_path):
    """A real spreadsheet: LibreOffice converts the sentences sheet to CSV, which
    must hold the texts themselves, escapes decoded, and no formula's result."""
    for name in ("tokens", "entities", "events", "relations"):  # 45 s more of long cells
        (hostile / f"{name}.csv").unlink()
    path = write_xlsx(hostile).path
    filter_options = "44,34,76,1,,0,false,true,false,false,false,-1"  # every sheet, UTF-8
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{filter_options}",
            "--outdir",
            str(tmp_path / "csv"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    with (tmp_path / "csv" / "tables-sentences.csv").open(encoding="utf-8", newline="") as handle:
        found = list(csv.reader(handle))
    rows = table_rows("sentences", texts_of("sentences"))
    # Calc keeps a cell's lines as paragraphs: a CSV it reads turns "\r\n" into "\n" too
    expected = [
        [
            value if column in INTEGERS else expected_text(value).replace("\r\n", "\n")
            for column, value in zip(COLUMNS["sentences"], row)
        ]
        for row in rows
    ]
    assert found == [COLUMNS["sentences"], *expected]


def publish(out: Path, doc_id: str) -> OutputFolder:
    """A run's tables (every id `doc_id`) written as extract writes them, not yet in place."""
    folder = OutputFolder(out)
    for name, columns in COLUMNS.items():
        row = [doc_id if column == "doc_id" else "" for column in columns]
        write_csv(folder.run / f"{name}.csv", columns, [row])
    return folder


def doc_ids(path: Path) -> set[str]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.cell(2, 1).value for sheet in workbook}


def test_a_run_finishing_while_the_tables_are_opened_gives_its_whole_set(tmp_path, monkeypatch):
    out = tmp_path / "out"
    old = publish(out, "old")
    old.publish([f"{name}.csv" for name in COLUMNS])
    old.close()
    new = publish(out, "new")
    opened = []
    open_table = export.open_table

    def switching(folder: Path, name: str, stack):
        if name == "entities" and "entities" not in opened:  # half of them open: the switch
            new.publish([f"{name}.csv" for name in COLUMNS])
            new.close()
        opened.append(name)
        return open_table(folder, name, stack)

    monkeypatch.setattr(export, "open_table", switching)

    assert doc_ids(write_xlsx(out).path) == {"new"}
    assert len(opened) == 2 * len(COLUMNS)  # the first opening was given up


def test_a_run_finishing_while_the_tables_are_read_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    old = publish(out, "old")
    old.publish([f"{name}.csv" for name in COLUMNS])
    old.close()
    new = publish(out, "new")
    write_table = export.write_table

    def switching(workbook, header_format, name, path, handle):
        if name == "sentences":  # the old run is deleted with the switch
            new.publish([f"{name}.csv" for name in COLUMNS])
            new.close()
        return write_table(workbook, header_format, name, path, handle)

    monkeypatch.setattr(export, "write_table", switching)

    assert doc_ids(write_xlsx(out).path) == {"old"}
    assert [run.name for run in (out / ".runs").iterdir()] == [new.run.name]  # old deleted
