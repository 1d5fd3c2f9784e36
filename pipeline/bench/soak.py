"""Soak benchmark (`make bench-soak`): does memory stay flat as an archive grows?

`python -m pipeline.bench.soak [--corpus PATH ...] [--sizes N N ...] [--workers N] [--out DIR]`
writes the texts (by default the NEREL 1.1 train and dev articles) over and
over with fresh ids into one `.jsonl` per size (by default 2,000 and 20,000
records), runs `python -m pipeline extract FILE --no-cache` on each as its own
process, with the default number of workers unless told, and compares the
peak memory of the main process and of the largest worker of the largest run
with those of the smallest. After the first pass no new text appears, so
whatever grows past it is held per article: the target is the issue's, within
10 % for both kinds of process. Writes DIR/soak.csv and DIR/runs/soak-N.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from pipeline.bench.speed import (
    DEFAULT_OUT,
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
]


def write_archive(texts: Sequence[Path], size: int, path: Path) -> Path:
    """`size` records cycling through `texts`, each with an id of its own."""
    with path.open("w", encoding="utf-8") as stream:
        for number in range(size):
            source = texts[number % len(texts)]
            record = {"id": f"soak-{number:06d}-{source.stem}", "text": source.read_text("utf-8")}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def soak_run(archive: Path, work: Path, runs: Path, workers: int | None) -> Run:
    name = archive.stem
    stats = runs / f"{name}.json"
    command = ["-m", "pipeline", "extract", str(archive), "--no-cache", "--quiet"]
    command += ["--out", str(work / "out" / name), "--stats", str(stats)]
    if workers is not None:
        command += ["--workers", str(workers)]
    return Run(name, f"{archive.stem}: no cache", [sys.executable, *command], stats)


def table(measured: Sequence[Measured], sizes: dict[str, float]) -> pd.DataFrame:
    rows = []
    base = measured[0]
    for run in measured:
        main, worker = run.stats["peak_rss_mb"], worker_rss(run.stats)
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
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def view(results: pd.DataFrame) -> Table:
    shown = Table(title="Peak memory as the archive grows (growth: over the first run)")
    for column in ["run", "docs", "input MB", "wall s", "docs/s", "main MB", "worker MB"]:
        shown.add_column(column, justify="left" if column == "run" else "right")
    shown.add_column("main +", justify="right")
    shown.add_column("worker +", justify="right")
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
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        work = Path(tmp)
        for size in sorted(args.sizes):
            archive = write_archive(texts, size, work / f"soak-{size}.jsonl")
            sizes[archive.stem] = archive.stat().st_size / 1e6
            run = soak_run(archive, work, args.out / "runs", args.workers)
            console.print(f"{run.name}: {size:,} records ({sizes[run.name]:.0f} MB) …")
            try:
                measured.append(execute(run))
            except RunFailed as error:
                console.print(f"  [red]failed[/red] {error}", highlight=False, soft_wrap=True)
                return 1
            archive.unlink()
    results = table(measured, sizes)
    args.out.mkdir(parents=True, exist_ok=True)
    results.round(3).to_csv(args.out / "soak.csv", index=False)
    console.print(view(results))
    last = results.iloc[-1]
    passed = max(last.main_growth, last.worker_growth) <= MAX_GROWTH
    verdict = "[green]PASS[/green]" if passed else "[red]FAIL[/red]"
    console.print(
        f"{verdict} peak memory at {last.documents:,} within {MAX_GROWTH:.0%} of "
        f"{results.iloc[0].documents:,}, main and workers; written to {args.out}/soak.csv",
        highlight=False,
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
