"""Seeing the results: the HTML report and the terminal views over an extraction's tables."""

from __future__ import annotations

from pathlib import Path

from pipeline.report.data import ReportError, Results, load
from pipeline.report.html import build_report


def write_report(out: Path, target: Path | None = None) -> Path:
    """Build the page from the tables in `out` and write it (default `out/report.html`)."""
    target = target or out / "report.html"
    page = build_report(load(out))
    partial = target.with_name(target.name + ".tmp")
    partial.write_text(page, encoding="utf-8")
    partial.replace(target)
    return target


__all__ = ["ReportError", "Results", "build_report", "load", "write_report"]
