"""The report of a corpus too large for one page: a main page with an index, pages
of articles beside it; built from small tables written here, not by extraction."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.columns import COLUMNS
from pipeline.report import data, html, load, write_report
from pipeline.report.timeline import busiest

PAGE = html.PAGE_ARTICLES


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}

    def links(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.tags if tag == "a"]


def article_text(number: int) -> str:
    return f"В 2015 году Армения вступила в ЕАЭС. Статья номер {number}."


def synthetic(folder: Path, count: int, doc_id=lambda n: f"doc-{n:05d}", text=article_text):
    """The tables extract would write for `count` short articles of one .jsonl
    file (written too), each with two sentences, three entities and one event."""
    source = folder / "news.jsonl"
    texts = [text(n) for n in range(count)]
    with source.open("w", encoding="utf-8") as stream:
        for n, body in enumerate(texts):
            stream.write(json.dumps({"id": doc_id(n), "text": body}, ensure_ascii=False) + "\n")
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for n, body in enumerate(texts):
        doc = doc_id(n)
        first = body.index(".") + 1
        rows["documents"].append(
            {"doc_id": doc, "source": f"{source}:{n + 1}", "focus_country": "Q399", "status": "ok"}
        )
        for sent_id, (start, end) in enumerate([(0, first), (first + 1, len(body))]):
            rows["sentences"].append(
                {
                    "doc_id": doc,
                    "sent_id": sent_id,
                    "start": start,
                    "end": end,
                    "text": body[start:end],
                    "chrome": 0,
                }
            )
        for word, kind, canonical, entity_id in (
            ("2015 году", "DATE", "2015", ""),
            ("Армения", "COUNTRY", "Армения", "Q399"),
            ("ЕАЭС", "ORGANIZATION", "Евразийский экономический союз", "Q833"),
        ):
            start = body.index(word)
            rows["entities"].append(
                {
                    "doc_id": doc,
                    "sent_id": 0,
                    "start": start,
                    "end": start + len(word),
                    "text": word,
                    "type": kind,
                    "canonical": canonical,
                    "entity_id": entity_id,
                }
            )
        rows["events"].append(
            {
                "doc_id": doc,
                "sent_id": 0,
                "event_type": "MEMBERSHIP",
                "country": "Армения",
                "organization": "Евразийский экономический союз",
                "date": "2015",
                "year_start": "2015",
                "year_end": "2015",
                "trigger": "вступила",
                "pattern": "join_verb",
                "evidence": body[:first],
            }
        )
    for name, table in rows.items():
        if name != "tokens":
            write(folder, name, pd.DataFrame(table, columns=COLUMNS[name]))
    return folder


def write(folder: Path, name: str, table: pd.DataFrame) -> None:
    table.astype(object).fillna("").to_csv(folder / f"{name}.csv", index=False)


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def pages(out: Path) -> dict[str, str]:
    """Every file the report wrote, by its path under `out`."""
    files = [out / "report.html", *sorted((out / "report").glob("*"))]
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8") for path in files}


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    return synthetic(tmp_path_factory.mktemp("large"), 2 * PAGE + 50)


@pytest.fixture(scope="module")
def written(large) -> dict[str, str]:
    write_report(large)
    return pages(large)


def test_a_small_corpus_stays_one_page(tmp_path):
    out = synthetic(tmp_path, PAGE)
    write_report(out)
    assert not (out / "report").exists()
    page = Elements((out / "report.html").read_text(encoding="utf-8"))
    assert {f"d{n}" for n in range(PAGE)} <= page.ids()


def test_a_large_corpus_gets_an_index_and_pages_of_articles(written):
    assert list(written) == [
        "report.html",
        "report/articles-0001.html",
        "report/articles-0002.html",
        "report/articles-0003.html",
    ]
    main = Elements(written["report.html"])
    assert not any(name.startswith("d") for name in main.ids())  # no article drawn here
    index = [link for link in main.links() if "#d" in link]
    targets = {f"report/articles-{n // PAGE + 1:04d}.html#d{n}" for n in range(2 * PAGE + 50)}
    assert targets <= set(index)
    ids = {name: Elements(text).ids() for name, text in written.items()}
    for link in index:
        page, fragment = link.split("#")
        assert fragment in ids[page], link
    drawn = [
        re.findall(r'<article class="doc" id="(d\d+)"', text)
        for name, text in written.items()
        if name != "report.html"
    ]
    assert [len(ids) for ids in drawn] == [PAGE, PAGE, 50]
    assert [anchor for ids in drawn for anchor in ids] == [f"d{n}" for n in range(2 * PAGE + 50)]


def test_pages_link_back_and_to_each_other(written):
    second = Elements(written["report/articles-0002.html"])
    links = set(second.links())
    assert {"../report.html", "articles-0001.html", "articles-0003.html"} <= links
    evidence = [link for link in links if link.startswith("#d")]
    assert evidence and all(link[1:] in second.ids() for link in evidence)


def test_every_page_is_self_contained(written):
    for name, text in written.items():
        page = Elements(text)
        assert not [tag for tag, _ in page.tags if tag in {"script", "link", "img", "iframe"}]
        for _, attrs in page.tags:
            values = [value for key, value in attrs.items() if not key.startswith("xmlns")]
            assert not re.search(r"https?:|url\((?!#)", " ".join(values)), name
        assert "<style>" in text, name


def test_same_tables_give_the_same_pages_and_no_temporary_files(large, written):
    write_report(large)
    assert pages(large) == written
    assert not list(large.rglob("*.tmp"))


def test_pages_of_a_longer_report_do_not_outlive_it(tmp_path):
    out = synthetic(tmp_path, 3 * PAGE)
    write_report(out)
    assert (out / "report" / "articles-0003.html").exists()
    for name in ("documents", "sentences", "entities", "events"):
        table = read(out, name)
        write(out, name, table[table["doc_id"] < f"doc-{2 * PAGE:05d}"])
    write_report(out)
    assert sorted(path.name for path in (out / "report").iterdir()) == [
        "articles-0001.html",
        "articles-0002.html",
    ]
    (out / "report" / "notes.txt").write_text("mine", encoding="utf-8")
    for name in ("documents", "sentences", "entities", "events"):
        table = read(out, name)
        write(out, name, table[table["doc_id"] < f"doc-{PAGE // 2:05d}"])
    write_report(out)
    assert [path.name for path in (out / "report").iterdir()] == ["notes.txt"]


def test_tables_in_another_order_give_the_same_report(large, written, tmp_path):
    """Sorted by hand, or by another program: the articles still get their own rows."""
    for path in large.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    for name in ("sentences", "entities"):
        table = read(tmp_path, name)
        write(tmp_path, name, table.sample(frac=1, random_state=7))
    write_report(tmp_path)
    shuffled = pages(tmp_path)
    assert shuffled.keys() == written.keys()
    for name, text in written.items():
        assert shuffled[name] == text, name


def test_each_source_file_is_read_once(large, monkeypatch, tmp_path):
    opened: list[Path] = []
    real = data.read_path

    def counting(path: Path):
        opened.append(path)
        return real(path)

    monkeypatch.setattr(data, "read_path", counting)
    html.write(load(large), tmp_path / "report.html")
    assert opened == [large / "news.jsonl"]


def test_long_lists_on_the_main_page_are_cut_and_say_so(large, monkeypatch):
    monkeypatch.setattr(html, "MAX_EVENTS", 10)
    page = Elements(html.build_report(load(large), "report"))
    text = "".join(page.text)
    assert f"The first 10 of {2 * PAGE + 50:,} events" in text
    assert len([link for link in page.links() if link.endswith("-s0")]) == 10


def test_the_timeline_keeps_the_busiest_lanes():
    """Lanes by the articles that report their facts: А's one fact in three
    articles outweighs Б's two facts in one article each."""
    facts = pd.DataFrame(
        [
            (country, "ООН", "MEMBERSHIP", year, year, documents)
            for country, year, documents in (
                ("А", "2000", 3),
                ("Б", "2000", 1),
                ("Б", "2001", 1),
                ("В", "2000", 4),
                ("Г", "2000", 1),
                ("Д", "", 9),
            )
        ],
        columns=[
            "arg1_canonical",
            "arg2_canonical",
            "relation",
            "year_start",
            "year_end",
            "n_documents",
        ],
    )
    kept, lanes = busiest(facts, 2)
    assert lanes == 4
    assert sorted(set(kept["arg1_canonical"])) == ["А", "В"]
