"""The speed benchmark's parts: the natasha baseline and the harness's arithmetic.

The benchmark itself is `make bench`; here the baseline runs on two short
texts, and the harness's tables and targets are checked on hand-made stats.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.bench import baseline, edit, speed
from pipeline.patterns import default_pack
from pipeline.tables import COLUMNS
from tests.conftest import ROOT, SHARED, read_table

PATTERNS = default_pack().patterns

STATS_KEYS = {
    "documents",
    "bytes",
    "wall_seconds",
    "first_doc_seconds",
    "peak_rss_mb",
    "peak_rss_children_mb",
    "stages",
}
TEXTS = {
    "one": "Казахстан вступил в ШОС 15 июня 2001 года. Об этом сообщил Касым-Жомарт Токаев.",
    "two": "В 2017 году Астана принимала ЭКСПО.\n\nВыставку открыли в июне.",
}


def stats(documents: int = 10, size: int = 10240, **extra: object) -> dict:
    return {
        "documents": documents,
        "bytes": size,
        "wall_seconds": 1.0,
        "first_doc_seconds": 1.5,
        "peak_rss_mb": 400.0,
        "peak_rss_children_mb": 0.0,
        "stages": {},
    } | extra


def run(name: str, wall: float, cpu: float | None = None, **extra: object) -> speed.Measured:
    processes = 2 if name == "c" else 1
    cpu = wall * processes if cpu is None else cpu
    return speed.Measured(name, name, wall, cpu, stats(**extra), "abc", processes)


def measured(**walls: float) -> dict[str, speed.Measured]:
    return {name: run(name, wall) for name, wall in walls.items()}


@pytest.fixture(scope="module")
def baseline_run(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("baseline")
    for name, text in TEXTS.items():
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pipeline.bench.baseline", str(folder / "in")]
    command += ["--out", str(folder / "out"), "--stats", str(folder / "stats.json")]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return folder


def test_baseline_writes_the_tables_in_contract_columns(baseline_run):
    tables = {name: read_table(baseline_run / "out" / f"{name}.csv") for name in COLUMNS}
    for name, table in tables.items():
        assert list(table.columns) == COLUMNS[name]
    assert list(tables["documents"]["doc_id"]) == ["one", "two"]
    assert list(tables["documents"]["n_sentences"]) == ["2", "2"]
    assert tables["events"].empty
    for token in tables["tokens"].itertuples():
        assert TEXTS[token.doc_id][int(token.start) : int(token.end)] == token.text
    assert "вступить" in set(tables["tokens"]["lemma"])
    entities = tables["entities"]
    assert set(entities["source"]) == {"ner", "dates"}
    dates = entities[entities["type"] == "DATE"]
    assert "2001-06-15" in set(dates["canonical"])
    people = entities[entities["type"] == "PERSON"]
    assert "Касым-Жомарт Токаев" in set(people["lemma"])


def test_baseline_stats_record_every_stage(baseline_run):
    record = json.loads((baseline_run / "stats.json").read_text(encoding="utf-8"))
    assert set(record) == STATS_KEYS
    assert record["documents"] == 2
    assert record["bytes"] == sum(len(text.encode("utf-8")) for text in TEXTS.values())
    assert set(record["stages"]) == set(baseline.STAGES)
    assert 0 < record["first_doc_seconds"] <= record["wall_seconds"]
    assert record["peak_rss_mb"] > 0


def test_baseline_takes_blank_texts():
    stages = baseline.Stages()
    doc, dates = baseline.annotate(" \n ", None, stages)
    rows = {name: [] for name in COLUMNS}
    baseline.add_rows(rows, "blank", "blank.txt", doc, dates)
    assert rows["documents"][0][4:8] == (0, 0, 0, 0)
    assert not rows["sentences"]


def test_iso_date_keeps_what_is_known():
    from natasha.obj import Date

    assert baseline.iso_date(Date(2001, 6, 15)) == "2001-06-15"
    assert baseline.iso_date(Date(2017, None, None)) == "2017"
    assert baseline.iso_date(Date(None, 8, 5)) == "XXXX-08-05"


def test_summary_rates_each_run_against_its_reference():
    runs = measured(a=50.0, b=125.0, c=40.0, d_cold=60.0, d_warm=5.0, d_edit=6.0)
    runs["c"] = run("c", 40.0, 76.0, peak_rss_mb=90.0, peak_rss_children_mb=380.0)
    info = {"rounds": 1, "cpu_count": 2, "cpu_model": "test", "python": "3.11"}
    table = speed.summary(runs, info)
    assert list(table.columns) == speed.SUMMARY_COLUMNS
    rows = table.set_index("run")
    assert rows.loc["a", "a/b"] == pytest.approx(2.5)  # 125 / 50
    assert rows.loc["c", "c/a"] == pytest.approx(1.25)  # 50 / 40
    assert rows.loc["d_warm", "cold/warm"] == pytest.approx(12.0)  # 60 / 5
    assert rows.loc["d_edit", "cold/edit"] == pytest.approx(10.0)  # 60 / 6
    assert pd.isna(rows.loc["b", "a/b"]) and pd.isna(rows.loc["a", "c/a"])
    assert rows.loc["a", "docs_per_second"] == pytest.approx(0.2)  # 10 documents / 50 s
    assert rows.loc["a", "kb_per_second"] == pytest.approx(0.2)  # 10 KB / 50 s
    assert rows.loc["a", "peak_rss_worker_mb"] == 400.0  # one process: itself
    assert rows.loc["c", "peak_rss_worker_mb"] == 380.0  # workers: the largest
    assert rows.loc["c", "cpu_seconds"] == 76.0
    assert set(rows["cpu_count"]) == {2}


def test_stage_table_gives_shares_of_each_run():
    runs = {
        "a": run("a", 10.0, stages={"ner": 1.0, "syntax": 3.0}),
        "b": run("b", 10.0, stages={"dates": 2.0}),
    }
    table = speed.stage_table(runs)
    assert table.values.tolist() == [
        ["a", "syntax", 3.0, 0.75],
        ["a", "ner", 1.0, 0.25],
        ["b", "dates", 2.0, 1.0],
    ]


def test_targets_pass_and_fail_on_the_issue_thresholds():
    runs = measured(a=50.0, b=125.0, c=40.0, d_cold=60.0, d_warm=4.0, d_edit=5.0)
    runs["c"] = run("c", 40.0, peak_rss_children_mb=650.0)
    runs["e_half"] = run("e_half", 25.0, peak_rss_mb=380.0)
    verdicts = [goal.passed for goal in speed.targets(runs)]
    # a/b 2.5 ≥ 2; c/a 1.25 < 1.7; c's worker 650 MB > 600; 380 → 400 MB is flat;
    # first document 1.5 s ≤ 3; cold/edit 12 ≥ 10
    assert verdicts == [True, False, False, True, True, True]
    runs["e_half"] = run("e_half", 25.0, peak_rss_mb=300.0)
    assert speed.targets(runs)[3].passed is False  # +100 MB over a 300 MB half


def test_targets_without_their_runs_are_not_judged():
    goals = speed.targets(measured(a=50.0))
    assert [goal.passed for goal in goals] == [None, None, True, None, True, None]
    assert goals[0].value == "n/a"


def test_edit_target_says_how_many_texts_were_run_again():
    runs = measured(d_cold=60.0, d_warm=2.0)
    runs["d_edit"] = run("d_edit", 30.0, documents=840, cached=840, reused=600)
    goal = speed.targets(runs)[-1]
    assert (goal.value, goal.passed) == ("2.00× (240 of 840 texts re-run)", False)


def test_the_edited_pattern_is_the_one_whose_triggers_occur_most(tmp_path):
    texts = {
        "a": "Казахстан провёл саммит ШОС.",
        "b": "Астана проводила форум.",
        "c": "Председатель ОБСЕ приехал.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    name = edit.busiest_pattern(sorted(tmp_path.glob("*.txt")))
    (pattern,) = [p for p in PATTERNS if p.name == name]
    assert {"провести", "проводить"} <= pattern.trigger


def test_editing_an_unknown_pattern_is_one_line():
    with pytest.raises(SystemExit, match="no pattern named 'nothing'"):
        edit.main(["nothing", "extract", "--help"])


def test_runs_short_of_cores_are_named():
    runs = measured(a=50.0, b=100.0)
    runs["c"] = run("c", 40.0, 41.0)  # two workers that had about one core between them
    (note,) = speed.short_of_cores(runs)
    assert note.startswith("c had 1.02 of 2 core(s)")


def test_code_version_names_the_pipeline_code():
    version = speed.code_version()
    assert len(version) == 10 and version == speed.code_version()


def test_corpus_is_staged_into_one_folder_without_losing_names(tmp_path):
    for folder in ("train", "dev"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(folder, encoding="utf-8")
        (tmp_path / folder / "001.ann").write_text("", encoding="utf-8")
    files = speed.gather([tmp_path / "train", tmp_path / "dev"])
    assert [path.parent.name for path in files] == ["train", "dev"]
    staged = speed.stage_corpus(files, tmp_path / "corpus")
    assert sorted(path.name for path in staged.iterdir()) == ["001.txt", "dev-001.txt"]
    assert speed.gather([tmp_path / "train", tmp_path / "dev"], limit=1) == files[:1]


def test_missing_corpus_is_one_line(tmp_path, capsys):
    assert speed.main(["--corpus", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().out.strip().count("\n") == 0


def test_plan_makes_every_run_once():
    runs = speed.plan(Path("/c"), Path("/h"), Path("/w"), Path("/r"))
    assert [run.name for run in runs] == ["a", "b", "c", "d_cold", "d_warm", "d_edit", "e_half"]
    cold, warm, edited = (run.command for run in runs[3:6])
    assert cold[cold.index("--cache") + 1] == warm[warm.index("--cache") + 1] == "/w/cache"
    assert edited[1:4] == ["-m", "pipeline.bench.edit", edited[3]]
    assert edited[4:] == [part.replace("d_warm", "d_edit") for part in warm[3:]]
    assert edited[3] in {p.name for p in PATTERNS}
    assert "--no-cache" in runs[0].command and "--no-cache" not in warm
    assert runs[6].command[4] == "/h"
    assert runs[1].env["OPENBLAS_NUM_THREADS"] == "1"  # b, like the pipeline, on one core
    assert [run.command[-1] for run in runs if run.name != "b"] == ["1", "2", "1", "1", "1", "1"]
    assert [run.processes for run in runs] == [1, 1, 2, 1, 1, 1, 1]
    assert [run.stats for run in runs][:2] == [Path("/r/a.json"), Path("/r/b.json")]
    assert [run.name for run in speed.plan(Path("/c"), None, Path("/w"), Path("/r"))][
        -1
    ] == "d_edit"


@pytest.mark.skipif(
    not (SHARED / "bench" / "nerel-1.1").is_dir(), reason="../shared/bench/nerel-1.1 is absent"
)
def test_default_corpus_is_nerel_train_and_dev():
    assert len(speed.gather(speed.default_corpus())) > 800


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "bench" / "nerel-1.1").is_dir(), reason="../shared/bench/nerel-1.1 is absent"
)
def test_bench_runs_end_to_end_on_a_few_texts(tmp_path):
    # its own process: the harness waits for every child process, and adopts orphans
    command = [sys.executable, "-m", "pipeline.bench.speed", "--limit", "4", "--rounds", "1"]
    command += ["--out", str(tmp_path)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    table = pd.read_csv(tmp_path / "speed.csv")
    assert list(table["run"]) == ["a", "b", "c", "d_cold", "d_warm", "d_edit", "e_half"]
    assert set(table["documents"]) == {2, 4}
    assert not pd.read_csv(tmp_path / "stages.csv").empty
