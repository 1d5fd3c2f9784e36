"""Messy and hostile input: every article is processed or reported, nothing crashes the batch."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from pipeline.chrome import set_aside
from pipeline.cli import app
from tests.conftest import ARTICLES, ROOT, read_table

runner = CliRunner()
TEXT = (
    "Казахстан вступил в ВТО в 2015 году.\r\n"
    "В 2024 году страна председательствовала в ШОС, ОДКБ и СВМДА.\r\n"
)


def extract(folder, out, *options):
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "--quiet", *options])
    return result, read_table(out / "documents.csv").set_index("doc_id")


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("messy")
    (folder / "utf8.txt").write_bytes(TEXT.encode("utf-8"))
    (folder / "utf8bom.txt").write_bytes(TEXT.encode("utf-8-sig"))
    (folder / "utf16.txt").write_bytes(TEXT.encode("utf-16"))
    (folder / "cp1251.txt").write_bytes(TEXT.encode("cp1251"))
    (folder / "koi8.txt").write_bytes(TEXT.encode("koi8-r"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\r\n  ")
    (folder / "page.txt").write_text(
        '<html><head><script>var country = "Россия";</script>'
        "<style>.Китай { color: red }</style></head>"
        "<body><p>Казахстан вступил в <b>ВТО</b>&nbsp;в 2015 году.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "unicode.txt").write_text(
        "Казахста\u0301н\u200b вступил в ВТО 🙂 в 2015 году. Қазақстан әлемдік "
        "аренада ұйымдарға мүше: ғ қ ң ө ұ ү һ і.\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("messy_out")
    result, documents = extract(folder, out)
    assert result.exit_code == 0, result.output
    return folder, out, documents


@pytest.mark.parametrize(
    ("doc_id", "encoding"),
    [
        ("utf8", "utf-8"),
        ("utf8bom", "utf-8-sig"),
        ("utf16", "utf-16"),
        ("cp1251", "cp1251"),
        ("koi8", "koi8-r"),
    ],
)
def test_encodings_are_detected_and_offsets_hold(messy, doc_id, encoding):
    folder, out, documents = messy
    assert documents.loc[doc_id, "encoding"] == encoding
    assert documents.loc[doc_id, "status"] == "ok"
    raw = (folder / f"{doc_id}.txt").read_bytes().decode(encoding)
    assert "\r\n" in raw
    for name in ("sentences", "tokens", "entities"):
        table = read_table(out / f"{name}.csv")
        rows = table[table["doc_id"] == doc_id]
        assert len(rows), name
        for row in rows.itertuples():
            assert raw[int(row.start) : int(row.end)] == row.text
    events = read_table(out / "events.csv")
    assert len(events[events["doc_id"] == doc_id]) >= 2


def test_binary_file_is_an_error_with_a_reason(messy):
    documents = messy[2]
    assert documents.loc["binary", "status"] == "error"
    assert "binary content" in documents.loc["binary", "error"]


@pytest.mark.parametrize("doc_id", ["empty", "blank"])
def test_empty_and_blank_files_are_listed_with_no_sentences(messy, doc_id):
    documents = messy[2]
    assert documents.loc[doc_id, "status"] == "ok"
    assert documents.loc[doc_id, "n_sentences"] == "0"


def test_markup_never_becomes_entities(messy):
    folder, out, documents = messy
    raw = (folder / "page.txt").read_text(encoding="utf-8")
    entities = read_table(out / "entities.csv")
    page = entities[entities["doc_id"] == "page"]
    assert set(page["text"]) >= {"Казахстан", "ВТО"}
    assert not {"Россия", "Китай", "html", "script"} & set(page["text"])
    markup = set_aside(raw)
    for row in page.itertuples():
        assert not any(start < int(row.end) and int(row.start) < end for start, end, _ in markup)
    assert int(documents.loc["page", "set_aside_chars"]) > 100


def test_accents_emoji_zero_width_and_kazakh_letters(messy):
    folder, out, documents = messy
    raw = (folder / "unicode.txt").read_text(encoding="utf-8")
    assert documents.loc["unicode", "status"] == "ok"
    tokens = read_table(out / "tokens.csv")
    rows = tokens[tokens["doc_id"] == "unicode"]
    assert "Қазақстан" in set(rows["text"])
    for row in rows.itertuples():
        assert raw[int(row.start) : int(row.end)] == row.text


def test_size_limit_refuses_with_a_reason(tmp_path):
    (tmp_path / "big.txt").write_text("Казахстан вступил в ВТО. " * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text(TEXT, encoding="utf-8")
    result, documents = extract(tmp_path, tmp_path / "out", "--max-chars", "1000")
    assert result.exit_code == 0
    assert documents.loc["big", "status"] == "error"
    assert "too large: 2500 characters (limit 1000" in documents.loc["big", "error"]
    assert documents.loc["small", "status"] == "ok"


def test_text_without_punctuation_is_cut_into_bounded_sentences(nlp):
    text = " ".join(["слово"] * 3000)
    doc = nlp(text)
    assert doc.text == text
    assert max(len(sent.text) for sent in doc.sents) <= 2000


def test_strict_makes_a_failed_article_an_error_exit(messy, tmp_path):
    folder = messy[0]
    result = runner.invoke(
        app, ["extract", str(folder / "binary.txt"), "--out", str(tmp_path), "-q", "--strict"]
    )
    assert result.exit_code == 1


def test_hostile_ids_write_nothing_outside_the_output(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "../../x", "text": "Казахстан вступил в ВТО."}\n', encoding="utf-8")
    out = tmp_path / "deep" / "out"
    result, documents = extract(source, out)
    assert result.exit_code == 0
    assert documents.loc["../../x", "status"] == "ok"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(out)]
    assert written == [source]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "documents.csv",
        "entities.csv",
        "events.csv",
        "facts.csv",
        "pack.json",
        "relations.csv",
        "sentences.csv",
        "tokens.csv",
    ]


def test_unwritable_output_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(ARTICLES), "--out", str(blocker / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert "cannot create output folder" in result.stderr


def test_site_chrome_is_set_aside(tables):
    documents = tables["documents"].set_index("doc_id")
    assert int(documents.loc["002_474e98173b987b79", "set_aside_chars"]) > 1000
    assert int(documents.loc["000_3fd7f8a6fa297c02", "set_aside_chars"]) == 0
    entities = tables["entities"]
    headlines = entities[
        (entities["doc_id"] == "002_474e98173b987b79") & (entities["start"].astype(int) >= 2550)
    ]
    assert headlines.empty
    sentences = tables["sentences"]
    chrome = sentences[sentences["chrome"] == "1"]
    assert "Оцените новость" in set(chrome["text"])


def test_sigkill_leaves_the_previous_complete_tables(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "extract", str(ARTICLES), "--out", str(out), "-q"]
    subprocess.run(command, check=True, cwd=ROOT)
    baseline = {path.name: path.read_bytes() for path in out.glob("*.csv")}
    assert len(baseline) == 7  # the six tables and facts.csv
    rng = random.Random(7)
    for _ in range(3):
        process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
        time.sleep(rng.uniform(1.0, 6.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        current = {path.name: path.read_bytes() for path in out.glob("*.csv")}
        assert current == baseline
