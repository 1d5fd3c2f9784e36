"""The output folder: the tables of a run are put in place as one set, and two runs
never write into one folder at once (issue 27, rows 4 and 11).

The writer is driven with rows made here (no models), in subprocesses where a
kill is the point.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from pathlib import Path

import pandas as pd
import pytest

from pipeline import output_folder
from pipeline.columns import COLUMNS
from pipeline.corpus import Article
from pipeline.output_folder import CURRENT, OutputBusy, OutputFolder
from pipeline.tables import Rows, TableWriter
from tests.conftest import ROOT, run_cli


def write(out: Path, mark: str, kill_at: int = -1) -> tuple[int, int]:
    """One run's tables, every table naming the run that wrote it, written in a
    forked child that kills itself at its `kill_at`-th rename; the child's exit
    status and how many renames it made."""
    calls = multiprocessing.Value("i", 0)
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        replace = os.replace

        def replace_or_die(source: object, target: object) -> None:
            if calls.value == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            calls.value += 1
            replace(source, target)

        try:
            output_folder.os.replace = replace_or_die
            writer = TableWriter(out)
            rows = Rows()
            rows.add_error(Article(mark, f"source-{mark}"), f"reason-{mark}")
            writer.add(0, rows)
            writer.add_file("pack.json", mark + "\n")
            writer.finish()
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return status, calls.value


def marks(out: Path) -> set[str]:
    """The run each table comes from, as a reader sees them."""
    seen = {(out / "pack.json").read_text(encoding="utf-8").strip()}
    seen.add(pd.read_csv(out / "documents.csv", dtype=str)["doc_id"].iloc[0])
    for name in COLUMNS:
        assert pd.read_csv(out / f"{name}.csv").columns.tolist() == COLUMNS[name]
    return seen


def make_plain_old_tables(out: Path) -> None:
    """Tables as runs before run folders left them: plain files."""
    out.mkdir()
    for name, columns in COLUMNS.items():
        text = ",".join(columns) + "\n"
        if name == "documents":
            row = dict.fromkeys(columns, "") | {"doc_id": "old", "status": "error"}
            text += ",".join(row[column] for column in columns) + "\n"
        (out / f"{name}.csv").write_text(text, encoding="utf-8")
    (out / "pack.json").write_text("old\n", encoding="utf-8")


@pytest.mark.parametrize("layout", ["run folders", "plain files"])
def test_a_kill_at_any_rename_leaves_all_old_or_all_new_tables(tmp_path, layout):
    out = tmp_path / "out"
    if layout == "plain files":
        make_plain_old_tables(out)
    else:
        assert write(out, "old")[0] == 0
    status, renames = write(tmp_path / "count", "new")
    assert status == 0 and renames >= 2
    outcomes = []
    for kill_at in range(renames + 12):  # the plain layout's adoption renames more
        status, _ = write(out, f"new{kill_at}", kill_at)
        seen = marks(out)
        assert len(seen) == 1, f"killed at rename {kill_at}: tables of {seen}"
        outcomes.append(seen.pop())
        if status == 0:
            break
        assert outcomes[-1] in {"old", *(f"new{n}" for n in range(kill_at))}
    assert outcomes[-1] == f"new{kill_at}"  # the run that was not killed is in place
    assert sorted(path.name for path in (out / ".runs").iterdir()) == [
        os.readlink(out / CURRENT).removeprefix(".runs/")
    ]


def test_a_second_writer_refuses_with_the_first_ones_pid(tmp_path):
    out = tmp_path / "out"
    first = OutputFolder(out)
    try:
        with pytest.raises(OutputBusy) as refused:
            TableWriter(out)
        assert str(refused.value) == (
            f"{out}: another extract (pid {os.getpid()}) is writing its tables here; "
            "wait for it to finish, or choose another --out"
        )
        done = run_cli("extract", str(ROOT / "corpus" / "articles"), "--out", str(out), "-q")
        assert done.returncode == 2
        assert done.stderr.strip().splitlines() == [f"error: {refused.value}"]
        assert list(first.run.iterdir()) == []  # the second run took nothing of the first's
    finally:
        first.close()
    writer = TableWriter(out)  # free again
    writer.discard()


def test_a_parquet_run_after_a_csv_run_leaves_only_its_own_tables(tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    for table_format in ("csv", "parquet"):
        writer = TableWriter(out, table_format)
        rows = Rows()
        rows.add_error(Article("a", "a.txt"), "reason")
        writer.add(0, rows)
        writer.finish()
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == sorted(
        f"{name}.parquet" for name in COLUMNS
    )
    assert pd.read_parquet(out / "documents.parquet")["doc_id"].tolist() == ["a"]


def test_without_symbolic_links_the_tables_are_replaced_one_by_one(tmp_path, monkeypatch):
    def refused(*_arguments: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("pipeline.output_folder.os.symlink", refused)
    writer = TableWriter(tmp_path / "out")
    rows = Rows()
    rows.add_error(Article("a", "a.txt"), "reason")
    writer.add(0, rows)
    writer.finish()
    assert writer.published.one_by_one
    assert not (tmp_path / "out" / "documents.csv").is_symlink()
    assert pd.read_csv(tmp_path / "out" / "documents.csv")["doc_id"].tolist() == ["a"]
    assert not (tmp_path / "out" / ".runs").exists()  # nothing left of the run
