"""Soak benchmark (`make bench-soak`): does memory stay flat as an archive grows?

`python -m pipeline.bench.soak [--corpus PATH ...] [--sizes N N ...] [--workers N] [--out DIR]`
writes the texts (by default the NEREL 1.1 train and dev articles) over and
over with fresh ids into one `.jsonl` per size (by default 2,000 and 20,000
records), runs `python -m pipeline extract FILE --no-cache` on each as its own
process, with the default number of workers unless told, and compares the
peak memory of the main process and of the largest worker of the largest run
with those of the smallest. After the first pass no new text appears, so
whatever grows past it is held per article: the target is the issue's, within
10 % for both kinds of process. Then `python -m pipeline report` runs on each
run's tables (its sources still in place), timed and its peak memory taken
from the kernel's account of that one process: the target is issue 27's, the
largest run's report in under two minutes. Writes DIR/soak.csv and
DIR/runs/soak-N.json (and the logs of each command beside it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from pipeline.bench.speed import (
    DEFAULT_OUT,
    ROOT,
    BenchError,
    Measured,
    Run,
    RunFailed,
    adopt_orphans,
    default_corpus,
    execute,
    gather,
    worker_rss,
)

SIZES = (2_000, 20_000)
MAX_GROWTH = 0.10  # the largest run's peaks over the smallest's
MAX_REPORT_SECONDS = 120.0  # `report` on the largest run's tables
COLUMNS = [
    "run",
    "documents",
    "input_mb",
    "wall_seconds",
    "docs_per_second",
    "peak_rss_main_mb",
    "peak_rss_worker_mb",
    "main_growth",
    "worker_growth",
    "report_wall_seconds",
    "report_peak_rss_mb",
    "report_passed",
]


def write_archive(texts: Sequence[Path], size: int, path: Path) -> Path:
    """`size` records cycling through `texts`, each with an id of its own."""
    with path.open("w", encoding="utf-8") as stream:
        for number in range(size):
            source = texts[number % len(texts)]
            record = {"id": f"soak-{number:06d}-{source.stem}", "text": source.read_text("utf-8")}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def soak_run(archive: Path, out: Path, runs: Path, workers: int | None) -> Run:
    name = archive.stem
    stats = runs / f"{name}.json"
    command = ["-m", "pipeline", "extract", str(archive), "--no-cache", "--quiet"]
    command += ["--out", str(out), "--stats", str(stats)]
    if workers is not None:
        command += ["--workers", str(workers)]
    return Run(name, f"{archive.stem}: no cache", [sys.executable, *command], stats)


def report_run(out: Path, log: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `python -m pipeline report` on `out`, as its own
    process: `wait4` gives that process's peak, where RUSAGE_CHILDREN would give the
    largest of every process run so far (an extraction's)."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "report", "--out", str(out)],
            cwd=ROOT,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RunFailed(f"report on {out}: exit status {process.returncode}, see {log}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def table(
    measured: Sequence[Measured],
    sizes: dict[str, float],
    reports: dict[str, tuple[float, float]],
) -> pd.DataFrame:
    rows = []
    base = measured[0]
    for run in measured:
        main, worker = run.stats["peak_rss_mb"], worker_rss(run.stats)
        report_seconds, report_rss = reports[run.name]
        rows.append(
            {
                "run": run.name,
                "documents": run.stats["documents"],
                "input_mb": sizes[run.name],
                "wall_seconds": run.wall_seconds,
                "docs_per_second": run.stats["documents"] / run.wall_seconds,
                "peak_rss_main_mb": main,
                "peak_rss_worker_mb": worker,
                "main_growth": main / base.stats["peak_rss_mb"] - 1,
                "worker_growth": worker / worker_rss(base.stats) - 1,
                "report_wall_seconds": report_seconds,
                "report_peak_rss_mb": report_rss,
                "report_passed": report_seconds < MAX_REPORT_SECONDS,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def view(results: pd.DataFrame) -> Table:
    shown = Table(title="Peak memory as the archive grows (growth: over the first run)")
    for column in ["run", "docs", "input MB", "wall s", "docs/s", "main MB", "worker MB"]:
        shown.add_column(column, justify="left" if column == "run" else "right")
    for column in ["main +", "worker +", "report s", "report MB"]:
        shown.add_column(column, justify="right")
    for row in results.itertuples():
        shown.add_row(
            row.run,
            f"{row.documents:,}",
            f"{row.input_mb:.0f}",
            f"{row.wall_seconds:.0f}",
            f"{row.docs_per_second:.1f}",
            f"{row.peak_rss_main_mb:.0f}",
            f"{row.peak_rss_worker_mb:.0f}",
            f"{row.main_growth:+.1%}",
            f"{row.worker_growth:+.1%}",
            f"{row.report_wall_seconds:.1f}",
            f"{row.report_peak_rss_mb:.0f}",
        )
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.soak",
        description="Soak benchmark: peak memory of extract on ever larger archives.",
    )
    parser.add_argument("--corpus", nargs="+", type=Path, help="default: NEREL 1.1 train+dev")
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES))
    parser.add_argument("--workers", type=int, help="default: the command's own default")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for soak.csv")
    args = parser.parse_args(argv)
    if len(args.sizes) < 2 or min(args.sizes) < 1:
        parser.error("--sizes wants at least two sizes of at least 1")
    console = Console()
    if not console.is_terminal:
        console.width = 120
    try:
        texts = gather(args.corpus or default_corpus())
    except BenchError as error:
        console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        return 2
    adopt_orphans()
    measured: list[Measured] = []
    sizes: dict[str, float] = {}
    reports: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        work = Path(tmp)
        for size in sorted(args.sizes):
            archive = write_archive(texts, size, work / f"soak-{size}.jsonl")
            sizes[archive.stem] = archive.stat().st_size / 1e6
            out = work / "out" / archive.stem
            run = soak_run(archive, out, args.out / "runs", args.workers)
            console.print(f"{run.name}: {size:,} records ({sizes[run.name]:.0f} MB) …")
            try:
                measured.append(execute(run))
                log = args.out / "runs" / f"{run.name}-report.log"
                reports[run.name] = report_run(out, log)
            except RunFailed as error:
                console.print(f"  [red]failed[/red] {error}", highlight=False, soft_wrap=True)
                return 1
            archive.unlink()
    results = table(measured, sizes, reports)
    args.out.mkdir(parents=True, exist_ok=True)
    results.round(3).to_csv(args.out / "soak.csv", index=False)
    console.print(view(results))
    last = results.iloc[-1]
    flat = max(last.main_growth, last.worker_growth) <= MAX_GROWTH
    console.print(
        f"{verdict(flat)} peak memory at {last.documents:,} within {MAX_GROWTH:.0%} of "
        f"{results.iloc[0].documents:,}, main and workers",
        highlight=False,
    )
    console.print(
        f"{verdict(last.report_passed)} report on {last.documents:,} articles in "
        f"{last.report_wall_seconds:.1f} s (under {MAX_REPORT_SECONDS:.0f} s), peak "
        f"{last.report_peak_rss_mb:.0f} MB; written to {args.out}/soak.csv",
        highlight=False,
    )
    return 0 if flat and last.report_passed else 1


def verdict(passed: bool) -> str:
    return "[green]PASS[/green]" if passed else "[red]FAIL[/red]"


if __name__ == "__main__":
    raise SystemExit(main())
