"""What the machine refuses: read-only folders and a full disk are one line, exit 2,
and the tables already there stay as they were.

Real read-only and full file systems are made with `mount` (a read-only bind
mount, a small tmpfs): permission bits prove nothing when tests run as root.
Where mounting is not allowed, the tests skip and say so.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, run_cli


def mount(*arguments: str) -> None:
    done = subprocess.run(["mount", *arguments], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or 'mount failed'})")


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    mount("--bind", str(folder), str(folder))
    try:
        mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    folder.mkdir(parents=True, exist_ok=True)
    mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture
def locked(tmp_path) -> Iterator[Path]:
    """A folder with finished tables in it, mounted read-only."""
    out = tmp_path / "locked" / "out"
    done = run_cli("extract", str(ARTICLES), "--out", str(out), "-q", "--no-cache")
    assert done.returncode == 0, done.stderr
    (tmp_path / "locked" / "cache").mkdir()
    with read_only(tmp_path / "locked"):
        yield tmp_path / "locked"


def tables_in(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}


def test_read_only_output_folder(locked, tmp_path):
    before = tables_in(locked / "out")
    assert len(before) == 9  # the tables, facts.csv, pack.json and the lock
    line = one_error_line(run_cli("extract", str(ARTICLES), "--out", str(locked / "out"), "-q"))
    assert line == f"error: {locked / 'out'}: output folder is not writable (Read-only file system)"
    assert tables_in(locked / "out") == before
    line = one_error_line(run_cli("report", "--out", str(locked / "out")))
    assert line == f"error: {locked / 'out' / 'report.html.tmp'}: Read-only file system"


def test_read_only_cache_folder(locked, tmp_path):
    out = str(tmp_path / "out")
    line = one_error_line(run_cli("extract", str(ARTICLES), "--out", out, "--cache", str(locked)))
    assert line == (
        f"error: {locked}: cache folder is not writable (Read-only file system); "
        "choose another with --cache DIR or run with --no-cache"
    )
    line = one_error_line(
        run_cli("extract", str(ARTICLES), "--out", out, "--cache", str(locked / "x"))
    )
    assert line.startswith(f"error: {locked / 'x'}: cannot create cache folder (Read-only")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_full_disk_keeps_the_old_tables(tmp_path, workers):
    with small_disk(tmp_path / "disk", "300k") as disk:
        out = disk / "out"
        out.mkdir()
        (out / "events.csv").write_text("the previous run's table\n", encoding="utf-8")
        result = run_cli(
            "extract", str(ARTICLES), "--out", str(out), "-q", "--no-cache", "-w", workers
        )
        line = one_error_line(result)
        assert line == (
            f"error: {out}: No space left on device while writing the tables; "
            f"the tables in {out} are as they were"
        )
        # the lock stays, nothing of the run does
        assert sorted(path.name for path in out.iterdir()) == [".lock", "events.csv"]
        assert (out / "events.csv").read_text(encoding="utf-8") == "the previous run's table\n"
