"""Seeing the results: the HTML report and the terminal views over an extraction's tables.

The names below load on first use, so that `pipeline.report.style` (the event
types' colours and labels) imports without pandas or the
pipeline's models.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

EXPORTS = {
    "ReportError": "pipeline.report.data",
    "Results": "pipeline.report.data",
    "load": "pipeline.report.data",
    "build_report": "pipeline.report.html",
}
__all__ = sorted([*EXPORTS, "write_report"])


def write_report(out: Path, target: Path | None = None) -> Path:
    """Build the report from the tables in `out` and write it (default `out/report.html`,
    with `out/report/` for the article pages of a large corpus)."""
    from pipeline.report.data import load
    from pipeline.report.html import write

    return write(load(out), target or out / "report.html")


def __getattr__(name: str) -> Any:
    if name not in EXPORTS:
        raise AttributeError(f"module 'pipeline.report' has no attribute {name!r}")
    return getattr(import_module(EXPORTS[name]), name)
