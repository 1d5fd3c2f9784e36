"""The event timeline: years across, one lane per country–organization pair, as inline SVG.

A single year is a dot, a span of years a bar, an open interval ("с 2014 года")
a bar that runs out of the chart's edge with an arrowhead. Undated events have
no place on a time axis; the page lists them apart. A chart of thousands of
lanes is neither drawn in reasonable time nor read: `busiest` keeps the lanes
with the most events. Names are drawn as text, never as mathtext (a "$" in an
organization's name is a dollar sign).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from pipeline.report.style import event_color
from pipeline.visible import visible

# Fixed ids and no dates or creator in the file: the same events give the same bytes.
SVG_SETTINGS = {
    "svg.hashsalt": "newsfacts-timeline",
    "svg.fonttype": "path",
    "text.parse_math": False,
}
SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
LABEL_CHARS = 48
LANE_INCHES = 0.4
BAR_WIDTH = 7  # points; a dot is a little larger, an arrowhead larger still
ROW_STEP = 0.3  # lane heights between marks that share a lane and overlap in time
MAX_LANES = 40


@dataclass(frozen=True)
class Span:
    """One mark: `start`/`end` None where the interval is open on that side."""

    lane: str
    event_type: str
    start: int | None
    end: int | None


def year(value: str) -> int | None:
    return int(value) if value else None


def lane_label(country: str, organization: str) -> str:
    """The names as the event table gives them, cut to fit."""
    label = visible(f"{country} — {organization}")
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def dated(events: pd.DataFrame) -> pd.DataFrame:
    """The events with at least one known year: the ones the chart can place."""
    return events[(events["year_start"] != "") | (events["year_end"] != "")]


def busiest(events: pd.DataFrame, limit: int = MAX_LANES) -> tuple[pd.DataFrame, int]:
    """The dated events of the `limit` lanes with the most of them, and how many lanes
    the dated events make in all."""
    rows = dated(events)
    lanes = pd.Series(
        [lane_label(*pair) for pair in zip(rows["country"], rows["organization"])],
        index=rows.index,
        dtype=object,
    )
    counts = Counter(lanes)
    kept = sorted(counts, key=lambda lane: (-counts[lane], lane))[:limit]
    return rows[lanes.isin(kept)], len(counts)


def extent(span: Span, edges: tuple[int, int]) -> tuple[int, int]:
    """The years a mark covers, an open side running to the chart's edge."""
    return (
        edges[0] if span.start is None else span.start,
        edges[1] if span.end is None else span.end,
    )


def layout(spans: list[Span], edges: tuple[int, int]) -> tuple[list[str], dict[Span, float]]:
    """Lanes, earliest first, and each mark's height: marks that overlap in time within a
    lane (a chairmanship and a summit in the same year) get rows of their own."""
    by_lane: dict[str, list[Span]] = {}
    for span in sorted(spans, key=lambda span: (extent(span, edges), span.event_type)):
        by_lane.setdefault(span.lane, []).append(span)
    lanes = sorted(by_lane, key=lambda lane: (extent(by_lane[lane][0], edges)[0], lane))
    heights: dict[Span, float] = {}
    for index, lane in enumerate(lanes):
        row_ends: list[int] = []  # the last year taken in each row
        rows: dict[Span, int] = {}
        for span in by_lane[lane]:
            start, end = extent(span, edges)
            row = next((i for i, last in enumerate(row_ends) if last < start), len(row_ends))
            row_ends[row : row + 1] = [end]
            rows[span] = row
        step = min(ROW_STEP, 0.8 / len(row_ends))
        for span, row in rows.items():
            heights[span] = index + (row - (len(row_ends) - 1) / 2) * step
    return lanes, heights


def timeline_svg(events: pd.DataFrame, colours: Mapping[str, str]) -> str:
    """An `<svg>` element charting the dated events ("" if none); `colours`
    colours each event type (in the legend's order)."""
    rows = dated(events)
    if not len(rows):
        return ""
    counts: dict[Span, int] = {}
    for row in rows.itertuples(index=False):
        lane = lane_label(row.country, row.organization)
        span = Span(lane, row.event_type, year(row.year_start), year(row.year_end))
        counts[span] = counts.get(span, 0) + 1
    years = [y for span in counts for y in (span.start, span.end) if y is not None]
    edges = (min(years) - 1, max(years) + 1)
    lanes, heights = layout(list(counts), edges)
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):  # texts take the settings when made
        draw_chart(counts, lanes, heights, edges, colours).savefig(
            buffer, format="svg", metadata=SVG_METADATA
        )
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def draw_chart(
    counts: dict[Span, int],
    lanes: list[str],
    heights: dict[Span, float],
    edges: tuple[int, int],
    colours: Mapping[str, str],
) -> Figure:
    figure = Figure(figsize=(11, 1.1 + LANE_INCHES * len(lanes)), layout="constrained")
    axes = figure.subplots()
    for span, height in heights.items():
        draw(axes, span, counts[span], height, edges, event_color(span.event_type, colours))
    axes.set_xlim(*edges)
    axes.set_ylim(len(lanes) - 0.5, -0.5)
    axes.set_yticks(range(len(lanes)), lanes, fontsize=9)
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", color="#dddddd", linewidth=0.8)
    for boundary in range(1, len(lanes)):
        axes.axhline(boundary - 0.5, color="#f0f0f0", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    present = {span.event_type for span in counts}
    ordered = [name for name in colours if name in present]
    handles = [
        Line2D(
            [], [], color=event_color(name, colours), marker="o", linestyle="", label=visible(name)
        )
        for name in ordered + sorted(present - set(ordered))
    ]
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=len(handles),
        frameon=False,
        fontsize=9,
    )
    return figure


def draw(axes, span: Span, count: int, y: float, edges: tuple[int, int], color: str) -> None:
    """One mark; "×N" beside it when N articles report the same event."""
    start, end = extent(span, edges)
    if start == end:
        axes.plot([start], [y], marker="o", markersize=BAR_WIDTH + 2, color=color)
    else:
        axes.plot([start, end], [y, y], linewidth=BAR_WIDTH, color=color, solid_capstyle="butt")
    arrows = {"<": start} if span.start is None else {}
    if span.end is None:
        arrows[">"] = end
    for marker, edge in arrows.items():
        axes.plot([edge], [y], marker=marker, markersize=BAR_WIDTH + 4, color=color, clip_on=False)
    if count > 1:
        axes.annotate(
            f"×{count}",
            (end, y),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
