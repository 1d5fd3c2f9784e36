"""The command line on a folder and on a .jsonl file, its determinism and its errors."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ARTICLES, ROOT, read_table, run_cli

runner = CliRunner()
TWO_ARTICLES = ["002_474e98173b987b79.txt", "004_bf1f1c0291efee56.txt"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    nested = folder / "nested"
    nested.mkdir()
    shutil.copy(ARTICLES / TWO_ARTICLES[0], folder)
    shutil.copy(ARTICLES / TWO_ARTICLES[1], nested)
    return folder


def test_folder_twice_gives_identical_tables(folder, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
    names = sorted(path.name for path in first.iterdir() if not path.name.startswith("."))
    tables = ["documents", "entities", "events", "relations", "sentences", "tokens"]
    assert names == sorted([*(f"{name}.csv" for name in tables), "facts.csv", "pack.json"])
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    documents = read_table(first / "documents.csv")
    assert sorted(documents["doc_id"]) == sorted(name[:-4] for name in TWO_ARTICLES)


def test_jsonl_input(tmp_path):
    text = (ARTICLES / TWO_ARTICLES[0]).read_text(encoding="utf-8")
    lines = [
        {"id": "a1", "text": text, "date": "2024-12-01", "title": "Итоги года"},
        {"id": "a2", "text": "В 2015 году Казахстан вступил в ВТО."},
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    result = runner.invoke(app, ["extract", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    documents = read_table(tmp_path / "out" / "documents.csv").set_index("doc_id")
    assert documents.loc["a1", "date"] == "2024-12-01"
    assert documents.loc["a1", "date_source"] == "field"
    events = read_table(tmp_path / "out" / "events.csv")
    wto = events[(events["doc_id"] == "a2") & (events["event_type"] == "MEMBERSHIP")]
    assert list(wto["year_start"]) == ["2015"]


def test_missing_input_is_a_one_line_error():
    result = run_cli("extract", "no/such/folder", "--out", "outputs")
    assert result.returncode == 2
    assert "no/such/folder: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_explains_every_option():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--quiet", "--strict"):
        assert option in result.output


def test_evaluate_without_tables_is_a_one_line_error(tmp_path):
    result = run_cli("evaluate", "--gold", "corpus/gold", "--pred", str(tmp_path))
    assert result.returncode == 2
    assert "entities.csv: no such file (run extract first?)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_writes_its_tables(corpus_out, tmp_path):
    result = runner.invoke(
        app, ["evaluate", "--pred", str(corpus_out), "--out", str(tmp_path / "eval")]
    )
    assert result.exit_code == 0, result.output
    assert "Events, strict" in result.output
    names = sorted(path.name for path in (tmp_path / "eval").glob("*.csv"))
    assert names == ["entity_errors.csv", "event_errors.csv", "scores.csv"]


def test_evaluate_an_events_only_gold_set(corpus_out, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(ROOT / "corpus" / "gold" / "events.csv", gold)
    arguments = ["--gold", str(gold), "--pred", str(corpus_out), "--out", str(tmp_path / "eval")]
    result = runner.invoke(app, ["evaluate", *arguments])
    assert result.exit_code == 0, result.output
    assert "Events, strict" in result.output
    assert "Entities" not in result.output


def test_evaluate_a_malformed_gold_table_is_a_one_line_error(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "entities.csv").write_text("doc_id,start\n", encoding="utf-8")
    result = run_cli("evaluate", "--gold", str(gold), "--pred", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {gold / 'entities.csv'}: no column end, text, type, canonical, entity_id "
        "(the header has doc_id, start)\n"
    )


def test_export_writes_a_workbook_and_a_missing_folder_is_one_line(corpus_out, tmp_path):
    shutil.copytree(corpus_out, tmp_path / "out", symlinks=True)
    done = run_cli("export", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "tables.xlsx").stat().st_size > 0
    missing = run_cli("export", str(tmp_path / "nope"))
    assert missing.returncode == 2
    [line] = missing.stderr.strip().splitlines()
    assert line.startswith("error: ") and "no such folder" in line
