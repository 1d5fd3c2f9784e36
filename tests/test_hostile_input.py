"""Input as a careless or hostile user gives it: every record is read or reported
with the real reason, none is invented, nothing blocks (issue 27, rows 1–3, 8–10, 15).

Each test writes its input itself; reading needs no models, so these are fast.
"""

from __future__ import annotations

import csv
import json
import os
import threading
from pathlib import Path

import pytest

from pipeline.corpus import Article, InputError, check_inputs, count_articles, read_articles
from tests.conftest import run_cli

LONG_TEXT = "Армения вступила в ЕАЭС в 2015 году.\n" * 6000  # 222,000 characters


def rows(articles: list[Article]) -> list[tuple[str, str, str]]:
    return [(article.doc_id, Path(article.source).name, article.error) for article in articles]


def test_a_csv_field_longer_than_csvs_own_limit_is_one_article(tmp_path):
    path = tmp_path / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["id", "text"], ["long", LONG_TEXT], ["short", "Текст."]])
    articles = list(read_articles([path]))
    assert rows(articles) == [("long", "news.csv:2", ""), ("short", "news.csv:6003", "")]
    assert articles[0].text == LONG_TEXT
    assert csv.field_size_limit() == 131_072  # put back: no process-wide change


def test_after_a_csv_error_no_phantom_records(tmp_path, monkeypatch):
    # a field over the limit (here the reader's own, lowered) is an error; the
    # lines of the broken field must not come out as records of their own
    monkeypatch.setattr("pipeline.corpus.FIELD_LIMIT", 100)
    path = tmp_path / "news.csv"
    body = "\n".join(f"строка {n}, с запятой" for n in range(20))
    path.write_text(f'id,text\nbig,"{body}"\nnext1,Текст.\n', encoding="utf-8")
    found = rows(list(read_articles([path])))
    assert found == [
        ("", "news.csv:2", "malformed CSV: field larger than field limit (100)"),
        ("next1", "news.csv:22", ""),
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path, delimiter):
    path = tmp_path / "excel.csv"
    path.write_text(
        delimiter.join(["id", "text", "date"])
        + "\n"
        + delimiter.join(["a1", '"Текст; с запятой, и точкой с запятой."', "2020-01-02"])
        + "\n",
        encoding="utf-8",
    )
    (article,) = read_articles([path])
    assert (article.doc_id, article.text, article.date, article.error) == (
        "a1",
        "Текст; с запятой, и точкой с запятой.",
        "2020-01-02",
        "",
    )


def test_a_header_without_id_and_text_is_one_error_naming_the_columns(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("url|body\nx|y\nz|w\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert article.error == (
        "malformed CSV: the header has no column 'id' and 'text' (columns: 'url|body'); a .csv "
        "needs a header row naming the columns id and text, separated by commas, semicolons or tabs"
    )


@pytest.mark.parametrize(
    ("record", "doc_id", "error"),
    [
        ({"id": 0, "text": "Текст."}, "0", ""),
        ({"id": 17, "text": "Текст."}, "17", ""),
        ({"id": "", "text": "Текст."}, "", "missing id"),
        ({"id": True, "text": "Текст."}, "", "id is true/false, not a string or a number"),
        ({"id": ["a"], "text": "Текст."}, "", "id is a list, not a string or a number"),
        ({"id": "n", "text": 5}, "n", "text is a number, not a string"),
        ({"id": "n", "text": {"ru": "x"}}, "n", "text is an object, not a string"),
        ({"id": "n"}, "n", "missing text"),
    ],
)
def test_record_fields_are_named_by_what_is_wrong(tmp_path, record, doc_id, error):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert (article.doc_id, article.error) == (doc_id, error)


def test_lone_surrogates_and_deep_nesting_are_rows_not_tracebacks(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        '{"id": "a\\ud800", "text": "До \\udc00 после."}',
        "[" * 5000 + "]" * 5000,
        '{"id": 1' + "0" * 5000 + ', "text": "x"}',
        '{"id": "b", "text": "Текст."}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, deep, huge, last = read_articles([path])
    assert (first.doc_id, first.text, first.error) == ("a\\ud800", "До \ufffd после.", "")
    assert first.warning == (
        "id holds lone surrogates (invalid \\u escapes): written as escapes; "
        "text holds lone surrogates (invalid \\u escapes): each replaced by U+FFFD"
    )
    assert deep.error == "malformed JSON: nested too deeply to read"
    assert huge.error.startswith("malformed JSON: Exceeds the limit")
    assert (last.doc_id, last.error) == ("b", "")


def test_utf16_without_a_byte_order_mark_is_text(tmp_path):
    text = "Армения вступила в ЕАЭС в 2015 году. Sources: 1, 2."
    for codec in ("utf-16-le", "utf-16-be"):
        (tmp_path / f"{codec}.txt").write_bytes(text.encode(codec))
    found = [(a.doc_id, a.text, a.encoding, a.error) for a in read_articles([tmp_path])]
    assert found == [
        ("utf-16-be", text, "utf-16-be", ""),
        ("utf-16-le", text, "utf-16-le", ""),
    ]


def test_a_file_name_that_is_not_utf8_is_read_and_written(tmp_path):
    name = os.fsdecode("Статья".encode("cp1251") + b".txt")
    (tmp_path / name).write_text("Текст.", encoding="utf-8")
    (article,) = read_articles([tmp_path])
    assert (article.doc_id, Path(article.source).name, article.error) == (
        "Статья",
        "Статья.txt",
        "",
    )
    assert article.warning == "file name is not UTF-8: read as cp1251"


def folder_of_every_kind(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Текст.", encoding="utf-8")
    os.mkfifo(folder / "b-pipe.txt")
    os.symlink("nowhere.txt", folder / "c-dangling.txt")
    os.symlink("d-loop.txt", folder / "d-loop.txt")
    (folder / "e-notes.md").write_text("не статья", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "f-sub").mkdir()
    os.symlink("..", folder / "f-sub" / "up")
    (folder / "g-locked").mkdir()
    return folder


def test_every_entry_of_a_folder_is_read_or_has_a_row(tmp_path, monkeypatch):
    folder = folder_of_every_kind(tmp_path)
    listing = os.scandir

    def refuse_locked(path):  # tests run as root: permission bits would not refuse
        if str(path).endswith("g-locked"):
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr("pipeline.corpus.os.scandir", refuse_locked)
    finished = threading.Event()
    found: list[tuple] = []

    def read() -> None:
        found.extend(
            (a.doc_id, Path(a.source).name, a.error, a.skipped) for a in read_articles([folder])
        )
        finished.set()

    threading.Thread(target=read, daemon=True).start()
    assert finished.wait(30), "reading a folder with a FIFO in it blocked"
    assert found == [
        ("a", "a.txt", "", False),
        ("b-pipe", "b-pipe.txt", "a named pipe (FIFO), not a file: refused", False),
        (
            "c-dangling",
            "c-dangling.txt",
            "a dangling symbolic link (to nowhere.txt): nothing to read",
            False,
        ),
        ("d-loop", "d-loop.txt", "a symbolic link that loops: nothing to read", False),
        ("", "e-notes.md", "not an article: .md files are not read", True),
        ("", "up", "a link to a folder already read (a loop?): not read again", False),
        (
            "",
            "g-locked",
            "cannot list the folder (Permission denied): any articles in it are not read",
            False,
        ),
    ]
    assert count_articles([folder]) == len(found)


def test_a_fifo_named_as_input_is_refused_at_once(tmp_path):
    pipe = tmp_path / "news.jsonl"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match=r"a named pipe \(FIFO\), not a file or folder: refused"):
        check_inputs([pipe])
    done = run_cli("extract", str(pipe), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {pipe}: a named pipe (FIFO), not a file or folder: refused"
    ]


def test_the_output_folder_is_never_read_as_input(tmp_path):
    folder = tmp_path / "in"
    (folder / "out" / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Текст.", encoding="utf-8")
    (folder / "out" / "documents.csv").write_text("doc_id,text\nx,y\n", encoding="utf-8")
    (folder / "out" / "sub" / "b.txt").write_text("Текст.", encoding="utf-8")
    found = [a.doc_id for a in read_articles([folder], exclude=[folder / "out"])]
    assert found == ["a"]
    assert count_articles([folder], exclude=[folder / "out"]) == 1
    with pytest.raises(InputError, match="inside the output folder"):
        check_inputs([folder / "out" / "documents.csv"], folder / "out")


def test_escape_sequences_and_markup_in_ids_never_reach_the_terminal(tmp_path):
    path = tmp_path / "news.jsonl"
    hostile = "\x1b]0;owned\x07\x1b[2J[red]x[/red]\u202e"
    path.write_text(json.dumps({"id": hostile, "text": 5}) + "\n", encoding="utf-8")
    done = run_cli("extract", str(path), "--out", str(tmp_path / "out"), "--no-cache")
    assert done.returncode == 0
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed")]
    assert failed == [
        "failed \\x1b]0;owned\\x07\\x1b[2J[red]x[/red]\\u202e: text is a number, not a string"
    ]
