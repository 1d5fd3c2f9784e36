"""The HTML report and the terminal views, on the extracted corpus."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.patterns import default_pack
from pipeline.patterns.declared import default_declarations
from pipeline.report import build_report, load, write_report
from pipeline.report.data import Sources
from pipeline.report.style import entity_color
from pipeline.report.terminal import article_text
from pipeline.report.timeline import timeline_svg
from tests.conftest import ROOT, read_table

PATTERNS = default_pack().patterns
COLOURS = default_declarations().colours()

runner = CliRunner()
WIDE = {"COLUMNS": "240"}
CHROMIUM = Path("/usr/bin/chromium")
VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "source"}
# attributes through which a page loads or leads somewhere
URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "data", "poster", "action", "formaction"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    index: int
    end: int = 0  # index of the first element after this one closes
    text: list[str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def inner(self) -> str:
        return "".join(self.text)


class Page(HTMLParser):
    """Every element with its attributes and inner text; style blocks kept apart."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        index = len(self.elements)
        element = Element(tag, {name: value or "" for name, value in attrs}, index, index + 1)
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            element = self.open.pop()
            element.end = len(self.elements)
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (cls is None or cls in e.classes)]

    def by_id(self, element_id: str) -> Element:
        [element] = [e for e in self.elements if e.attrs.get("id") == element_id]
        return element

    def within(self, outer: Element, tag: str, cls: str | None = None) -> list[Element]:
        """The elements of `tag` (and class `cls`) inside `outer`."""
        inside = self.elements[outer.index + 1 : outer.end]
        return [e for e in inside if e.tag == tag and (cls is None or cls in e.classes)]


@pytest.fixture(scope="module")
def copy(corpus_out, tmp_path_factory):
    """A private copy of the extracted tables, to add eval/ or a chrome column to."""

    def make(name: str) -> Path:
        target = tmp_path_factory.mktemp(name)
        for path in corpus_out.glob("*.csv"):
            shutil.copy(path, target)
        return target

    return make


@pytest.fixture(scope="module")
def evaluated(copy) -> Path:
    out = copy("evaluated")
    result = runner.invoke(
        app, ["evaluate", "--gold", str(ROOT / "corpus/gold"), "--pred", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def report(evaluated) -> Path:
    result = runner.invoke(app, ["report", "--out", str(evaluated)])
    assert result.exit_code == 0, result.output
    return evaluated / "report.html"


@pytest.fixture(scope="module")
def page(report) -> Page:
    return Page(report.read_text(encoding="utf-8"))


def test_every_article_is_there_with_its_whole_text(page, tables, raw_texts):
    articles = page.find("article", "doc")
    assert [page.within(a, "h3")[0].inner for a in articles] == list(tables["documents"]["doc_id"])
    for article, doc_id in zip(articles, tables["documents"]["doc_id"]):
        if not page.within(article, "div", "text"):  # a failed article: its error instead
            assert "Not processed" in page.within(article, "p", "note")[0].inner
            continue
        [text] = page.within(article, "div", "text")
        body_start = tables["sentences"].query("doc_id == @doc_id")["start"].astype(int).min()
        assert text.inner == raw_texts[doc_id][body_start:]


def test_every_event_is_in_the_table_and_beside_its_evidence(page, tables, report):
    events = tables["events"]
    table_links = [a.attrs["href"] for a in page.within(page.by_id("events"), "a")]
    for article in page.find("article", "doc"):
        anchor = article.attrs["id"]
        doc_id = page.within(article, "h3")[0].inner
        rows = events[events["doc_id"] == doc_id]
        [aside] = page.within(article, "aside", "doc-events")
        items = page.within(aside, "li")
        assert len(items) == len(rows)
        for item, row in zip(items, rows.itertuples()):
            assert row.event_type in item.inner and row.organization in item.inner
            target = f"#{anchor}-s{row.sent_id}"
            assert page.within(item, "a")[0].attrs["href"] == target
            sentence = page.by_id(target[1:])
            assert "evidence" in sentence.classes and sentence.inner == row.evidence
        assert sorted(h for h in table_links if h.startswith(f"#{anchor}-")) == sorted(
            f"#{anchor}-s{s}" for s in rows["sent_id"]
        )
    # the undated list holds facts: one item however many articles report one
    facts = load(report.parent).facts
    undated = (facts["year_start"] == "") & (facts["year_end"] == "")
    assert len(page.within(page.find("ul", "undated")[0], "li")) == undated.sum()


def test_entities_are_marked_and_nested_ones_named_in_the_tooltip(page, tables):
    """Each entity is a mark whose tooltip starts with its type, canonical name and Wikidata id,
    or is named on a "contains" line of the mark it is nested in."""
    entities = tables["entities"]
    for article in page.find("article", "doc"):
        doc_id = page.within(article, "h3")[0].inner
        marks = [
            (m.inner, m.attrs["title"].split("\n")) for m in page.within(article, "mark", "ent")
        ]
        for row in entities[entities["doc_id"] == doc_id].itertuples():
            named = f"{row.type}: {row.canonical or row.text}"
            if row.entity_id:
                named += f" · Wikidata {row.entity_id}"
            assert any(text == row.text and lines[0] == named for text, lines in marks) or any(
                f"  contains {named}" in lines for _, lines in marks
            ), row


def test_chart_is_inline_svg(page):
    figure = page.by_id("timeline-chart")
    assert any(e.tag == "svg" for e in page.within(figure, "svg"))
    assert page.within(figure, "circle") or page.within(figure, "rect")


def test_nothing_is_loaded_from_outside(page, report):
    markup = report.read_text(encoding="utf-8")
    assert not page.find("script") and not page.find("link") and not page.find("img")
    for element in page.elements:
        for name, value in element.attrs.items():
            if name in URL_ATTRIBUTES:
                assert value.startswith("#"), (element.tag, name, value)
            if not name.startswith("xmlns"):
                assert not re.search(r"https?://", value), (element.tag, name, value)
    styles = "".join(e.inner for e in page.find("style")) + "".join(
        e.attrs.get("style", "") for e in page.elements
    )
    assert "url(" not in styles and "@import" not in styles
    assert not re.search(r"<(script|link|img|iframe)\b", markup)


def test_evaluation_is_included_only_when_it_ran(page, copy):
    section = page.by_id("evaluation")
    summaries = [s.inner for s in page.within(section, "summary")]
    assert any(s.startswith("Event errors") for s in summaries)
    assert any(s.startswith("Entity errors") for s in summaries)
    assert "Precision per pattern" in section.inner
    assert 'id="evaluation"' not in build_report(load(copy("plain")))


def test_scores_show_three_decimals(page):
    """As the README writes them: 0.930, 0.900, 1.000, never 0.9302, 0.9 or 1.0."""
    ratios = {"precision", "recall", "f1", "accuracy"}
    section = page.by_id("evaluation")
    seen = 0
    for scores in page.within(section, "div", "scores"):
        for table in page.within(scores, "table"):
            header = [th.inner for th in page.within(table, "th")]
            for row in page.within(table, "tr")[1:]:
                for name, cell in zip(header, page.within(row, "td")):
                    if name in ratios and cell.inner:
                        assert re.fullmatch(r"\d\.\d{3}", cell.inner), (name, cell.inner)
                        seen += 1
    assert seen


def test_scores_older_than_the_tables_are_flagged(page, copy, evaluated):
    assert "older than the tables" not in page.by_id("evaluation").inner
    out = copy("stale")
    shutil.copytree(evaluated / "eval", out / "eval")
    os.utime(out / "eval" / "scores.csv", (0, 0))
    assert "older than the tables" in build_report(load(out))


def test_same_tables_give_the_same_bytes(report, evaluated, tmp_path):
    again = write_report(evaluated, tmp_path / "again.html")
    assert again.read_bytes() == report.read_bytes()


@pytest.mark.parametrize("column", [None, "0", "1"])
def test_chrome_column_greys_sentences_and_its_absence_means_body(copy, column):
    """Works with sentences.csv from before and after the `chrome` column."""
    out = copy(f"chrome{column}")
    sentences = read_table(out / "sentences.csv").drop(columns="chrome", errors="ignore")
    if column is not None:
        # the first sentence of each article flagged, or none
        sentences["chrome"] = [
            column if sent_id == "0" else "0" for sent_id in sentences["sent_id"]
        ]
    sentences.to_csv(out / "sentences.csv", index=False)
    page = Page(build_report(load(out)))
    grey = [s for s in page.find("span", "sent") if "chrome" in s.classes]
    assert len(grey) == (sentences.get("chrome", pd.Series(dtype=str)) == "1").sum()
    assert all(s.attrs["id"].endswith("-s0") for s in grey)
    assert ("no chrome column" in page.find("header")[0].inner) == (column is None)


def test_unreadable_source_rebuilds_text_from_sentences(copy, tables):
    out = copy("moved")
    documents = read_table(out / "documents.csv")
    documents.loc[0, "source"] = "gone/away.txt"
    documents.to_csv(out / "documents.csv", index=False)
    page = Page(build_report(load(out)))
    article = page.find("article", "doc")[0]
    [note] = page.within(article, "p", "note")
    assert "gone/away.txt" in note.inner and "rebuilt from sentences.csv" in note.inner
    [text] = page.within(article, "div", "text")
    first = tables["sentences"]["doc_id"] == documents.loc[0, "doc_id"]
    for sentence in tables["sentences"][first]["text"]:
        assert sentence in text.inner


def test_records_of_jsonl_and_csv_are_read_back_by_line(tmp_path):
    jsonl = tmp_path / "news.jsonl"
    records = [{"id": "a", "text": "Первая."}, {"id": "b", "text": "Вторая\nстрока."}]
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    table = tmp_path / "news.csv"
    pd.DataFrame(records).to_csv(table, index=False)
    sources = [f"{jsonl}:2", f"{table}:2", f"{table}:3", f"{tmp_path}/none.jsonl:1"]
    reader = Sources()
    found = {source: reader.get(source) for source in sources}
    assert (found[sources[0]].doc_id, found[sources[0]].text) == ("b", "Вторая\nстрока.")
    assert (found[sources[1]].doc_id, found[sources[1]].text) == ("a", "Первая.")
    assert (found[sources[2]].doc_id, found[sources[2]].text) == ("b", "Вторая\nстрока.")
    assert found[sources[3]].error


FACT_FIELDS = ["arg1_canonical", "arg2_canonical", "relation", "year_start", "year_end"]


def fact_rows(*rows, n_documents=1, conflict=""):
    frame = pd.DataFrame(list(rows), columns=FACT_FIELDS)
    frame["n_mentions"] = frame["n_documents"] = n_documents
    frame["conflict"], frame["documents"] = conflict, "a"
    return frame


def test_timeline_draws_open_intervals_and_skips_undated():
    undated = fact_rows(["Казахстан", "ООН", "MEMBERSHIP", "", ""])
    assert timeline_svg(undated, COLOURS) == ""
    open_ended = fact_rows(
        ["Казахстан", "ООН", "PARTICIPATION", "2014", ""],
        ["Казахстан", "ООН", "MEMBERSHIP", "1992", "1992"],
    )
    svg = timeline_svg(open_ended, COLOURS)
    assert svg.startswith("<svg") and svg == timeline_svg(open_ended, COLOURS)
    assert COLOURS["PARTICIPATION"] in svg and COLOURS["MEMBERSHIP"] in svg
    assert svg.count("<polygon") == 1  # the open end's arrowhead


def test_timeline_has_a_fixed_readable_scale_and_whole_labels():
    """Text at the body's size in an SVG of explicit size (never scaled to fit),
    the years above the lanes and below them, a long lane label wrapped, not cut."""
    long = "Организация Договора о коллективной безопасности и сотрудничестве"
    svg = timeline_svg(fact_rows(["Республика Казахстан", long, "MEMBERSHIP", "1992", "2024"]), {})
    assert re.match(r'<svg [^>]*width="\d+" height="\d+" viewBox="0 0 \d+ \d+" font-size="15"', svg)
    assert "font-size=" not in svg[svg.index(">") :]  # no text smaller than the body's
    assert svg.count(">1992<") + svg.count(">2000<") >= 2  # a year on each axis
    assert "…" not in svg and f"<title>Республика Казахстан — {long}</title>" in svg
    labels = re.findall(r'class="label">([^<]*)<', svg)
    assert " ".join(labels) == f"Республика Казахстан — {long}" and len(labels) > 2


def test_timeline_draws_facts_with_their_counts_and_conflicts(tmp_path):
    """Three articles report Armenia joining the EAEU in 2015, one says 2016: one
    mark ×3 and one for 2016, each with a conflict sign; four mentions, two marks."""
    from pipeline.facts import facts

    events = pd.DataFrame(
        [
            {
                "doc_id": f"d{n}",
                "event_type": "MEMBERSHIP",
                "country": "Армения",
                "country_id": "Q399",
                "organization": "ЕАЭС",
                "organization_id": "Q833",
                "date": str(year),
                "year_start": str(year),
                "year_end": str(year),
                "pattern": "join_verb",
            }
            for n, year in enumerate([2015, 2015, 2015, 2016])
        ]
    )
    documents = pd.DataFrame(
        [{"doc_id": f"d{n}", "source": "x.jsonl", "date": "", "status": "ok"} for n in range(4)]
    )
    table = facts({"documents": documents, "events": events})
    assert list(table["n_documents"]) == [3, 1]
    svg = timeline_svg(table, COLOURS)
    marks = re.findall(r'<g class="(fact[^"]*)"><title>([^<]*)</title>(.*?)</g>', svg)
    assert len(marks) == 2 and all(cls == "fact conflict" for cls, _, _ in marks)
    [three] = [body for _, title, body in marks if "2015" in title.split("\n")[0]]
    assert ">×3</text>" in three and 'class="conflict-sign"' in three
    [one] = [(title, body) for _, title, body in marks if "2016" in title.split("\n")[0]]
    assert "×" not in one[1] and "other articles give 2015 (3)" in one[0]


def test_the_report_draws_facts_csv_when_there_is_one(corpus_out, tmp_path):
    """facts.csv is what the chart draws; a folder without it (an older run) gets
    the facts made from its tables, the same ones."""
    copy = tmp_path / "copy"
    shutil.copytree(corpus_out, copy, ignore=shutil.ignore_patterns("report*", "eval"))
    (copy / "facts.csv").unlink(missing_ok=True)
    made = load(copy).facts
    assert len(made) and set(made["n_documents"].map(int)) >= {1}
    from pipeline.facts import read_found, write_facts

    write_facts(read_found(copy), copy / "facts.csv")
    read = load(copy).facts
    assert read.astype(str).equals(made.astype(str))
    chart = timeline_svg(read, COLOURS)
    assert chart == timeline_svg(made, COLOURS)
    facts_csv = pd.read_csv(copy / "facts.csv", dtype=str, keep_default_na=False)
    facts_csv.loc[0, "arg1_canonical"] = "Страна-из-facts.csv"
    facts_csv.loc[0, "year_start"] = facts_csv.loc[0, "year_end"] = "2001"
    facts_csv.to_csv(copy / "facts.csv", index=False)
    assert "Страна-из-facts.csv" in build_report(load(copy))


def test_show_prints_the_article_and_its_events(corpus_out, tables):
    doc_id = tables["events"]["doc_id"].iloc[0]
    result = runner.invoke(app, ["show", doc_id, "--out", str(corpus_out)], env=WIDE)
    assert result.exit_code == 0, result.output
    first = tables["sentences"].query("doc_id == @doc_id")["text"].iloc[0]
    assert first in result.output
    events = tables["events"].query("doc_id == @doc_id")
    assert f"Events ({len(events)})" in result.output
    for row in events.itertuples():
        assert row.pattern in result.output and row.organization in result.output


def test_show_colours_entities(corpus_out, tables):
    doc_id = tables["documents"]["doc_id"].iloc[0]
    article = load(corpus_out).article(doc_id)
    text = article_text(article)
    styles = {str(span.style) for span in text.spans}
    assert f"black on {entity_color('COUNTRY')}" in styles


def test_show_unknown_document_is_a_one_line_error(corpus_out):
    result = runner.invoke(app, ["show", "no_such_doc", "--out", str(corpus_out)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no_such_doc" in result.output


def test_patterns_lists_every_pattern_with_its_count(corpus_out, tables, tmp_path):
    counts = tables["events"]["pattern"].value_counts()
    result = runner.invoke(app, ["patterns", "--out", str(corpus_out)], env=WIDE)
    assert result.exit_code == 0, result.output
    for pattern in PATTERNS:
        [line] = [line for line in result.output.splitlines() if f"│ {pattern.name} " in line]
        assert line.rstrip("│ ").endswith(f" {counts.get(pattern.name, 0)}"), line
    empty = runner.invoke(app, ["patterns", "--out", str(tmp_path)], env=WIDE)
    assert empty.exit_code == 0
    assert all(
        line.rstrip("│ ").endswith(" 0")
        for line in empty.output.splitlines()
        if "_" in line and "│" in line
    )


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of pixels of an 8-bit RGB(A) PNG: enough to tell blank from not."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.setdefault(kind, []).append(data[position + 8 : position + 8 + length])
        position += 12 + length
    width, height, depth, color_type, _, _, interlace = struct.unpack(
        ">IIBBBBB", chunks[b"IHDR"][0]
    )
    assert depth == 8 and color_type in (2, 6) and not interlace
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride, rows, previous = width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                nearest = min(
                    (abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner)
                )
                line[x] = (line[x] + nearest[2]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return (
        width,
        height,
        [bytes(row[i : i + 3]) for row in rows for i in range(0, stride, channels)],
    )


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)
def test_page_renders_in_headless_chromium(report, tmp_path):
    png = tmp_path / "report.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            "--window-size=1400,2000",
            report.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    width, height, pixels = png_pixels(png.read_bytes())
    assert (width, height) == (1400, 2000)
    colours = set(pixels)
    white = sum(p == b"\xff\xff\xff" for p in pixels)
    assert len(colours) > 50, "the page rendered (nearly) blank"
    assert white < 0.98 * len(pixels)
