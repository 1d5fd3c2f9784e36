"""The report and the terminal views on hostile and damaged folders (issue 27):
nothing from the data reaches a browser or a terminal as markup or control
sequences, and a damaged table is one line and exit status 2, not a traceback.
Every input here is written by the test itself."""

from __future__ import annotations

import json
import os
import re
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.patterns.declared import Declarations, colour_of, declarations
from pipeline.report import ReportError, load, write_report
from pipeline.report.html import build_report
from pipeline.report.terminal import article_text, patterns_listing
from pipeline.report.timeline import timeline_svg
from tests.conftest import run_cli
from tests.test_report_pages import Elements, read, synthetic, write

runner = CliRunner()
WIDE = {"COLUMNS": "240"}
SCRIPT = '</mark></span><script>alert(1)</script><img src=x onerror="alert(2)">'
ESCAPES = "\x1b[2J\x1b]0;owned\x07\u202e"
MARKUP = "[red]red[/red][link=https://example]x[/link]:smile:"
# what the page's own markup uses: anything else came from the data
SVG_CLASSES = {
    *("timeline", "grid", "rule", "axis", "label", "lane-label", "year", "count"),
    *("fact", "conflict", "conflict-sign", "conflict-text"),
}
CLASSES = SVG_CLASSES | {
    "chart",
    "chart-box",
    "chart-legend",
    "conflict-key",
    "cards",
    "docs",
    "doc",
    "doc-body",
    "doc-events",
    "dot",
    "empty",
    "ent",
    "entity-list",
    "etype",
    "evidence",
    "chrome",
    "has-nested",
    "legend",
    "meta",
    "note",
    "pair",
    "scores",
    "sent",
    "summary",
    "table-box",
    "text",
    "undated",
    "wide",
    "years",
    "FP",
    "FN",
}
STYLE = re.compile(r"--(?:bg|type): #[0-9a-f]{3,8}")


@pytest.fixture
def out(tmp_path):
    return synthetic(tmp_path, 2)


def set_cells(out, name, column, value, row=0):
    table = read(out, name)
    table.loc[row, column] = value
    write(out, name, table)


def assert_inert(markup: str) -> None:
    """No element, attribute, class, style or link that the report does not make itself."""
    page = Elements(markup)
    assert {tag for tag, _ in page.tags} <= {
        *("html", "head", "meta", "title", "style", "body", "header", "main", "nav", "h1", "h2"),
        *("h3", "h4", "p", "a", "section", "figure", "div", "table", "thead", "tbody", "tr"),
        *("th", "td", "span", "mark", "article", "aside", "ol", "ul", "li", "br", "small", "b"),
        *("details", "summary", "svg", "g", "title", "text", "line", "circle", "rect", "polygon"),
    }
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert set(attrs.get("class", "").split()) <= CLASSES, (tag, attrs)
        if "style" in attrs and tag in {"span", "mark"}:
            assert STYLE.fullmatch(attrs["style"]), (tag, attrs)
        if tag == "a":
            assert re.fullmatch(r"#d\d+(-s\d+)?|#[a-z]+", attrs["href"]), attrs
        if "id" in attrs:
            assert re.fullmatch(r"d\d+(-s\d+)?|[a-z-]+", attrs["id"]), attrs
    assert "\x1b" not in markup and "\x07" not in markup and "\u202e" not in markup


def test_a_colour_from_pack_json_is_used_only_if_it_is_a_colour(out):
    relations = [
        {"name": "MEMBERSHIP", "colour": '#000"><script>alert(1)</script>'},
        {"name": "HOSTING", "colour": "#abc"},
        {"name": "FOUNDING", "colour": "#aabbcc80"},
        {"name": "OBSERVER", "colour": "red; background: url(https://example.org/x)"},
        {"name": "SUMMIT", "colour": 12},
    ]
    (out / "pack.json").write_text(json.dumps({"relation": relations}), encoding="utf-8")
    colours = declarations(out).colours()
    assert colours["HOSTING"] == "#abc" and colours["FOUNDING"] == "#aabbcc80"
    for name in ("MEMBERSHIP", "OBSERVER", "SUMMIT"):
        assert re.fullmatch(r"#[0-9a-f]{6}", colours[name]), colours
    assert colour_of("X", {"X": "#12345"}) == colour_of("X", {})
    page = build_report(load(out))
    assert "<script" not in page and "alert(" not in page and "example.org" not in page
    assert_inert(page)
    assert f"--type: {colours['MEMBERSHIP']}" in page


def test_what_the_tables_hold_is_shown_as_text(out):
    """An id, a text, names, a pattern and a source that hold markup and escape
    sequences: the page shows them, escaped, and draws nothing of theirs."""
    hostile = SCRIPT + ESCAPES
    for name in ("documents", "sentences", "entities", "events"):
        table = read(out, name)
        table.loc[table["doc_id"] == "doc-00000", "doc_id"] = "doc-00000" + hostile
        write(out, name, table)
    for column in ("country", "organization", "pattern", "trigger", "event_type"):
        set_cells(out, "events", column, column + hostile)
    set_cells(out, "events", "year_start", "")
    for column in ("canonical", "entity_id", "type", "source"):
        set_cells(out, "entities", column, hostile, row=1)
    set_cells(out, "documents", "focus_country", hostile)
    set_cells(out, "documents", "date", hostile)
    set_cells(out, "documents", "status", "failed" + hostile, row=1)
    set_cells(out, "documents", "error", hostile, row=1)
    (out / "eval").mkdir()
    pd.DataFrame(
        [{"doc_id": "doc-00000" + hostile, "error": 'FP" onclick="alert(3)', "note": hostile}]
    ).to_csv(out / "eval" / "event_errors.csv", index=False)
    page = build_report(load(out))
    assert_inert(page)
    text = "".join(Elements(page).text)
    assert "doc-00000</mark></span><script>alert(1)</script>" in text
    assert "\\x1b[2J\\x1b]0;owned\\x07\\u202e" in text


def test_the_timeline_draws_names_as_text():
    facts = pd.DataFrame(
        [
            {
                "relation": "M$" + SCRIPT,
                "arg1_canonical": "$\\frac{1}{$" + SCRIPT,
                "arg2_canonical": "--><script>x</script>" + ESCAPES,
                "year_start": "2015",
                "year_end": "",
                "conflict": "2010 (1)" + SCRIPT + ESCAPES,
                "n_mentions": 2,
                "n_documents": 2,
                "documents": "a;b",
            }
        ]
    )
    svg = timeline_svg(facts, {})
    assert svg.startswith("<svg") and "<script" not in svg and "\x1b" not in svg
    assert "\\x1b[2J" in svg and "&lt;script&gt;x&lt;/script&gt;" in svg
    assert_inert(f"<html><body>{svg}</body></html>")


def test_show_prints_ids_text_and_markup_literally(out):
    doc_id = "doc-x" + ESCAPES + MARKUP
    body = f"В 2015 году {MARKUP} Армения {ESCAPES} вступила в ЕАЭС.\r\nВторая строка."
    out = synthetic(out, 1, doc_id=lambda n: doc_id, text=lambda n: body)
    set_cells(out, "events", "pattern", MARKUP + ESCAPES)
    result = runner.invoke(app, ["show", doc_id, "--out", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output and "\\x0d" not in result.output
    assert result.output.count("\\x1b[2J\\x1b]0;owned\\x07\\u202e") == 3
    assert result.output.count(MARKUP) == 3
    assert "Армения" in result.output and "Вторая строка." in result.output


def test_show_colours_the_entities_where_they_are_after_escapes(out):
    out = synthetic(
        out, 1, text=lambda n: f"В 2015 году\x1b[2J Армения вступила в ЕАЭС.\r\nЕщё. {n}"
    )
    text = article_text(load(out).article("doc-00000"))
    coloured = {
        text.plain[span.start : span.end]
        for span in text.spans
        if str(span.style).startswith("black on")
    }
    assert coloured == {"2015 году", "Армения", "ЕАЭС"}


def test_patterns_prints_pack_names_literally(out):
    pack = {
        "relation": [{"name": "R" + MARKUP, "colour": "#abc"}],
        "pattern": [
            {"name": "p" + ESCAPES + MARKUP, "relation": "R" + MARKUP, "trigger": ["[b]x"]}
        ],
    }
    (out / "pack.json").write_text(json.dumps(pack), encoding="utf-8")
    result = runner.invoke(app, ["patterns", "--out", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "R" + MARKUP in result.output and "[b]x" in result.output
    assert "p\\x1b[2J\\x1b]0;owned\\x07\\u202e" + MARKUP in result.output


def truncate(out, name):
    path = out / f"{name}.csv"
    path.write_bytes(path.read_bytes()[:-25])


def short_row(out, name):
    path = out / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].rsplit(",", 2)[0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def open_quote(out, name):
    path = out / f"{name}.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'doc-1,0,"never closed\n', encoding="utf-8")


DAMAGE = {
    "truncated": (lambda out: truncate(out, "events"), "events.csv", "cut short"),
    "short row": (lambda out: short_row(out, "entities"), "entities.csv", "line 7: 10 fields"),
    "open quote": (lambda out: open_quote(out, "sentences"), "sentences.csv", "line 6"),
    "zero bytes": (lambda out: (out / "events.csv").write_bytes(b""), "events.csv", "0 bytes"),
    "header only documents": (
        lambda out: (out / "documents.csv").write_text("doc_id\n"),
        "documents.csv",
        "no column source, date, focus_country, status, error, date_source",
    ),
    "missing column": (
        lambda out: write(out, "sentences", read(out, "sentences").drop(columns="start")),
        "sentences.csv",
        "no column start",
    ),
    "not a number": (
        lambda out: set_cells(out, "entities", "start", "12a"),
        "entities.csv",
        "line 2: start is '12a', not a whole number",
    ),
    "escape in a number": (
        lambda out: set_cells(out, "sentences", "end", "\x1b[2J"),
        "sentences.csv",
        "end is '\\x1b[2J', not a whole number",
    ),
    "huge number": (
        lambda out: set_cells(out, "sentences", "end", "9" * 5000),
        "sentences.csv",
        "not a whole number",
    ),
    "not a year": (
        lambda out: set_cells(out, "events", "year_start", "20x5"),
        "events.csv",
        "year_start is '20x5', not a year",
    ),
    "end before start": (
        lambda out: set_cells(out, "entities", "end", "1"),
        "entities.csv",
        "end 1 before start",
    ),
    "not utf-8": (
        lambda out: (out / "events.csv").write_bytes("doc_id\nдок\n".encode("cp1251")),
        "events.csv",
        "not UTF-8",
    ),
    "pack not json": (
        lambda out: (out / "pack.json").write_text("{not json"),
        "pack.json",
        "not JSON",
    ),
    "pack a list": (lambda out: (out / "pack.json").write_text("[1, 2]"), "pack.json", "a list"),
    "pack without names": (
        lambda out: (out / "pack.json").write_text('{"relation": [{"name": 5}]}'),
        "pack.json",
        "relation 1: 'name' is not a string",
    ),
    "pack trigger not a list": (
        lambda out: (out / "pack.json").write_text(
            '{"pattern": [{"name": "p", "relation": "R", "trigger": "word"}]}'
        ),
        "pack.json",
        "pattern 1: 'trigger' is not a list of strings",
    ),
    "scores without columns": (
        lambda out: (out / "eval").mkdir() or (out / "eval" / "scores.csv").write_text("task\nx\n"),
        "eval/scores.csv",
        "no column match, label",
    ),
    "empty error table": (
        lambda out: (out / "eval").mkdir() or (out / "eval" / "event_errors.csv").write_bytes(b""),
        "eval/event_errors.csv",
        "0 bytes",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_folder_is_one_line_and_exit_2(out, damage):
    spoil, file, problem = DAMAGE[damage]
    spoil(out)
    result = runner.invoke(app, ["report", "--out", str(out)], env=WIDE)
    assert result.exit_code == 2, (result.output, result.exception)
    [line] = result.output.splitlines()
    assert line.startswith(f"error: {out / file}: ") and problem in line, line
    assert not (out / "report.html").exists() and not list(out.glob("*.tmp"))
    show = runner.invoke(app, ["show", "doc-00000", "--out", str(out)], env=WIDE)
    assert (show.exit_code, show.output) == (2, result.output)


@pytest.mark.parametrize("damage", ["zero bytes", "missing column", "pack a list"])
def test_patterns_on_a_damaged_folder_raises_a_report_error(out, damage):
    spoil, file, problem = DAMAGE[damage]
    spoil(out)
    if damage == "missing column":  # patterns reads only events and relations
        write(out, "events", read(out, "events").drop(columns="pattern"))
        file, problem = "events.csv", "no column pattern"
    with pytest.raises(ReportError, match=re.escape(f"{out / file}: ") + ".*" + problem):
        patterns_listing(out)


def test_a_damaged_parquet_table_is_a_report_error(out):
    (out / "events.csv").unlink()
    (out / "events.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(ReportError, match=r"events\.parquet: not a readable Parquet file"):
        load(out)


def test_a_damaged_table_from_the_command_line(out):
    """The command as typed: one red line on stderr, exit 2, no traceback."""
    truncate(out, "sentences")
    result = run_cli("report", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {out / 'sentences.csv'}: the last line has no line break: the file is cut short"
    ]


def test_sources_that_are_not_files_are_not_read(out, tmp_path):
    """documents.csv may name any path: a folder is not walked, a FIFO not opened."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    out = synthetic(out, 3)
    for row, source in enumerate([str(fifo), "/", str(tmp_path / "scan.pdf")]):
        set_cells(out, "documents", "source", source, row=row)
    notes = [article.note for article in load(out).articles()]
    assert ["not a regular file" in notes[0], "a folder" in notes[1]] == [True, True]
    assert "unsupported input" in notes[2]


def test_offsets_past_any_article_are_not_rebuilt(out):
    set_cells(out, "documents", "source", "gone.jsonl:1")
    set_cells(out, "sentences", "start", str(10**15))
    set_cells(out, "sentences", "end", str(10**15 + 5))
    [article, _] = load(out).articles()
    assert article.text == "" and "offsets past any article" in article.note
    assert_inert(build_report(load(out)))


def test_an_untouched_folder_passes_the_checks_above(out, tmp_path):
    """The checks of this file fail on what the data adds, not on the report's own markup."""
    shutil.copytree(out, tmp_path / "copy")
    target = write_report(tmp_path / "copy")
    assert_inert(target.read_text(encoding="utf-8"))


def test_declarations_of_a_well_formed_pack_are_kept(out):
    pack = {"relation": [{"name": "R", "roles": {}}], "pattern": []}
    (out / "pack.json").write_text(json.dumps(pack), encoding="utf-8")
    assert declarations(out) == Declarations(({"name": "R", "roles": {}},), ())


def test_tables_with_a_header_only_are_an_empty_report_not_an_error(out):
    """An extraction of nothing, or one that found no events, is no damage."""
    for name in ("events", "relations"):
        write(out, name, read(out, name).iloc[:0])
    page = Elements(build_report(load(out)))
    assert "Events (0)" in "".join(page.text)
    for name in ("documents", "sentences", "entities"):
        write(out, name, read(out, name).iloc[:0])
    (out / "relations.csv").unlink()
    result = runner.invoke(app, ["report", "--out", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "0 articles (0 failed)" in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["zero bytes", "pack a list"])
def test_patterns_on_a_damaged_folder_is_one_line_and_exit_2(out, damage):
    DAMAGE[damage][0](out)
    result = runner.invoke(app, ["patterns", str(out)], env=WIDE)
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output


@pytest.mark.parametrize(
    "cells, problem",
    [
        ({"n_documents": "many"}, "n_documents is 'many', not a whole number"),
        ({"year_start": "2015<script>"}, "year_start is '2015<script>', not a year"),
    ],
)
def test_a_damaged_facts_csv_is_one_line_and_exit_2(out, cells, problem):
    from pipeline.facts import read_found, write_facts

    write_facts(read_found(out), out / "facts.csv")
    table = read(out, "facts")
    for column, value in cells.items():
        table.loc[0, column] = value
    write(out, "facts", table)
    result = runner.invoke(app, ["report", "--out", str(out)], env=WIDE)
    assert result.exit_code == 2, (result.output, result.exception)
    [line] = result.output.splitlines()
    assert line.startswith(f"error: {out / 'facts.csv'}: line 2: ") and problem in line, line
    assert not (out / "report.html").exists() and not list(out.glob("*.tmp"))


def test_hostile_names_in_facts_csv_are_shown_as_text(out):
    from pipeline.facts import read_found, write_facts

    write_facts(read_found(out), out / "facts.csv")
    table = read(out, "facts")
    table.loc[0, "arg1_canonical"] = SCRIPT + ESCAPES
    table.loc[0, "conflict"] = SCRIPT
    write(out, "facts", table)
    page = build_report(load(out))
    assert_inert(page)
    assert "<script" not in page and "\\x1b[2J" in page
