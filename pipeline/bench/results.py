"""Benchmark results to CSV: one row per dataclass, floats with four decimals,
written through a `.partial` file so an interrupted run leaves no half table."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any


def write_csv(rows: Sequence[Any], path: Path, kind: type | None = None) -> None:
    """`kind`: the rows' dataclass, for the header of an empty table."""
    names = [f.name for f in fields(kind or type(rows[0]))]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".csv.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: f"{v:.4f}" if isinstance(v, float) else v for k, v in asdict(row).items()}
            )
    partial.replace(path)
