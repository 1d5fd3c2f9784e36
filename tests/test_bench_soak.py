"""The soak benchmark's parts: the archive it writes and its verdict.

The benchmark itself is `make bench-soak` (20,000 articles); here it runs on
two invented texts repeated a few times.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from pipeline.bench import soak
from tests.conftest import ROOT

TEXTS = {
    "a": "Казахстан вступил в ВТО в 2015 году.",
    "b": "В 2017 году Узбекистан председательствовал в ШОС.",
}


def test_the_archive_repeats_the_texts_with_fresh_ids(tmp_path):
    paths = []
    for name, text in TEXTS.items():
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    archive = soak.write_archive(paths, 5, tmp_path / "soak.jsonl")
    records = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]
    assert [(record["id"], record["text"]) for record in records] == [
        ("soak-000000-a", TEXTS["a"]),
        ("soak-000001-b", TEXTS["b"]),
        ("soak-000002-a", TEXTS["a"]),
        ("soak-000003-b", TEXTS["b"]),
        ("soak-000004-a", TEXTS["a"]),
    ]


def test_soak_runs_end_to_end_and_judges_its_own_table(tmp_path):
    corpus = tmp_path / "texts"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pipeline.bench.soak", "--corpus", str(corpus)]
    command += ["--sizes", "6", "3", "--workers", "2", "--out", str(tmp_path / "out")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    table = pd.read_csv(tmp_path / "out" / "soak.csv")
    assert list(table["run"]) == ["soak-3", "soak-6"]
    assert list(table["documents"]) == [3, 6]
    assert (table["peak_rss_worker_mb"] > 100).all()
    assert (table["peak_rss_main_mb"] > 100).all()
    assert list(table[["main_growth", "worker_growth"]].iloc[0]) == [0.0, 0.0]
    assert (table["report_wall_seconds"] > 0).all()
    assert (table["report_peak_rss_mb"] > 50).all()
    assert list(table["report_passed"]) == list(
        table["report_wall_seconds"] < soak.MAX_REPORT_SECONDS
    )
    assert (tmp_path / "out" / "runs" / "soak-6-report.log").is_file()
    last = table.iloc[-1]
    flat = max(last.main_growth, last.worker_growth) <= soak.MAX_GROWTH
    assert result.returncode == (0 if flat and last.report_passed else 1), result.stderr
    verdicts = [
        line.split()[0] for line in result.stdout.splitlines() if line.startswith(("PASS", "FAIL"))
    ]
    verdict = {True: "PASS", False: "FAIL"}
    assert verdicts == [verdict[bool(flat)], verdict[bool(last.report_passed)]]
