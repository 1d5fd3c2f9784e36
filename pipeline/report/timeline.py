"""The fact timeline: years across, one lane per pair of arguments (a country and an
organization, or a relation's arg1 and arg2), as inline SVG drawn here.

The chart draws facts (facts.csv, `pipeline.facts`), not mentions: one mark per
fact, "×N" beside it when N articles (its `n_documents`) report it, and a red
ring with "!" where the articles give other years for the same relation and
arguments (its `conflict`). A single year is a dot, a span of years a bar, an
open interval ("с 2014 года") a bar that runs to the chart's edge with an
arrowhead. Undated facts have no place on a time axis; the page lists them apart.

The chart keeps a fixed scale, its text the size of the page's body text: on
a narrow screen it scrolls in its box rather than shrinking. The year axis is
drawn above the lanes and again below them, so a tall chart shows its years
on the first screen. A lane's label heads it, above its marks, so that the
years start at the chart's left edge on a phone too; it wraps over as many
lines as it needs, never cut. A chart of thousands of lanes is neither drawn in reasonable time nor
read: `busiest` keeps the lanes reported by the most articles. Everything is
text the page escapes, and the same facts give the same bytes.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pipeline.report.style import event_color
from pipeline.visible import visible

FONT = 15  # px: the body text's size (report.css), never scaled down
CHAR = 9.2  # px: a generous average width of a character at FONT
LABEL_CHARS = 34  # characters on a line of a lane label before it wraps (≈ a phone's width)
LINE = 19  # px between lines of a lane label
ROW = 26  # px: a row of marks in a lane
PAD = 8  # px above and below a lane's marks or label
LEFT = 28  # px left of the first year: room for an arrowhead
AXIS = 30  # px: each year axis
TARGET = 900  # px: the width the years take when the scale allows
MIN_YEAR_PX, MAX_YEAR_PX = 18, 64
TICK_PX = 56  # px at least between labelled years
MARK = 6  # px: a dot's radius, half a bar's height
CONFLICT = "#c62828"
RING = 9  # px: the radius of the conflict sign
MAX_LANES = 40


@dataclass(frozen=True)
class Mark:
    """One fact: `start`/`end` None where the interval is open on that side."""

    lane: str
    relation: str
    start: int | None
    end: int | None
    documents: int
    mentions: int
    conflict: str


def year(value: object) -> int | None:
    return int(value) if value is not None and str(value) != "" else None


def lane_label(arg1: str, arg2: str) -> str:
    """The names as the tables give them, whole."""
    return visible(f"{arg1} — {arg2}")


def dated(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with at least one known year: the ones the chart can place."""
    return facts[(facts["year_start"].astype(str) != "") | (facts["year_end"].astype(str) != "")]


def lanes_of(facts: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [lane_label(*pair) for pair in zip(facts["arg1_canonical"], facts["arg2_canonical"])],
        index=facts.index,
        dtype=object,
    )


def busiest(facts: pd.DataFrame, limit: int = MAX_LANES) -> tuple[pd.DataFrame, int]:
    """The dated facts of the `limit` lanes that the most articles report (summed
    over their facts), and how many lanes the dated facts make in all."""
    rows = dated(facts)
    lanes = lanes_of(rows)
    weight: Counter[str] = Counter()
    for lane, documents in zip(lanes, rows["n_documents"]):
        weight[lane] += int(documents)
    kept = sorted(weight, key=lambda lane: (-weight[lane], lane))[:limit]
    return rows[lanes.isin(kept)], len(weight)


def wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    """A label over lines of at most `width` characters, broken at spaces where it can."""
    lines: list[str] = []
    line = ""
    for word in label.split(" "):
        while len(word) > width:  # a word longer than a line is broken
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def marks_of(facts: pd.DataFrame) -> list[Mark]:
    return [
        Mark(
            lane_label(row.arg1_canonical, row.arg2_canonical),
            row.relation,
            year(row.year_start),
            year(row.year_end),
            int(row.n_documents),
            int(row.n_mentions),
            str(row.conflict),
        )
        for row in dated(facts).itertuples(index=False)
    ]


def count_text(mark: Mark) -> str:
    return f"×{mark.documents}" if mark.documents > 1 else ""


def tip(mark: Mark) -> str:
    """A mark's tooltip: what, when, how many, and the years other articles give."""
    when = (
        f"{mark.start}"
        if mark.start == mark.end
        else f"{'…' if mark.start is None else mark.start}–{'…' if mark.end is None else mark.end}"
    )
    lines = [
        f"{visible(mark.relation)}: {mark.lane}, {when}",
        f"{mark.documents} article(s), {mark.mentions} mention(s)",
    ]
    if mark.conflict:
        lines.append(f"conflict: other articles give {visible(mark.conflict)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Scale:
    first: int  # the year at the left edge
    last: int  # the year at the right edge
    per_year: float
    left: float  # px where `first` is

    def x(self, value: float) -> float:
        return self.left + (value - self.first) * self.per_year

    @property
    def right(self) -> float:
        return self.x(self.last)


def scale_for(marks: list[Mark]) -> Scale:
    years = [y for mark in marks for y in (mark.start, mark.end) if y is not None]
    first, last = min(years) - 1, max(years) + 1
    per_year = min(MAX_YEAR_PX, max(MIN_YEAR_PX, TARGET / (last - first)))
    return Scale(first, last, per_year, LEFT)


def extent(mark: Mark, scale: Scale) -> tuple[float, float]:
    """The px a mark takes, its "×N" and conflict sign included."""
    start = scale.x(scale.first if mark.start is None else mark.start) - MARK
    end = scale.x(scale.last if mark.end is None else mark.end) + MARK
    extra = len(count_text(mark)) * CHAR + (2 * RING + 8 if mark.conflict else 0)
    return start, end + (extra + 6 if extra else 0)


def layout(marks: list[Mark], scale: Scale) -> tuple[list[str], dict[Mark, tuple[int, int]]]:
    """Lanes, earliest first, and each mark's (lane, row): marks that would overlap
    on the page (a chairmanship and a summit in the same year) get rows of their own."""
    by_lane: dict[str, list[Mark]] = {}
    for mark in sorted(
        marks, key=lambda m: (extent(m, scale), m.relation, m.documents, m.conflict)
    ):
        by_lane.setdefault(mark.lane, []).append(mark)
    lanes = sorted(by_lane, key=lambda lane: (extent(by_lane[lane][0], scale)[0], lane))
    places: dict[Mark, tuple[int, int]] = {}
    for index, lane in enumerate(lanes):
        row_ends: list[float] = []
        for mark in by_lane[lane]:
            start, end = extent(mark, scale)
            row = next((i for i, last in enumerate(row_ends) if last < start), len(row_ends))
            row_ends[row : row + 1] = [end]
            places[mark] = (index, row)
    return lanes, places


def ticks(scale: Scale) -> list[int]:
    step = next(
        s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if s * scale.per_year >= TICK_PX
    )
    begin = math.ceil(scale.first / step) * step
    return list(range(begin, scale.last + 1, step))


def number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def text(x: float, y: float, content: str, cls: str = "", anchor: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{number(x)}" y="{number(y)}"{attrs}>{html.escape(content)}</text>'


def axis(scale: Scale, y: float, top: bool) -> list[str]:
    """Year labels above (`top`) or below the line at `y`."""
    parts = [
        f'<line class="axis" x1="{number(scale.left)}" y1="{number(y)}" '
        f'x2="{number(scale.right)}" y2="{number(y)}"/>'
    ]
    for value in ticks(scale):
        x = scale.x(value)
        parts.append(text(x, y - 8 if top else y + FONT + 6, str(value), "year", "middle"))
    return parts


def timeline_svg(facts: pd.DataFrame, colours: Mapping[str, str]) -> str:
    """An `<svg>` element charting the dated facts ("" if none); `colours` colours
    each relation."""
    marks = marks_of(facts)
    if not marks:
        return ""
    scale = scale_for(marks)
    lanes, places = layout(marks, scale)
    labels = {lane: wrap(lane) for lane in lanes}
    rows: dict[int, int] = {}  # lane → its rows of marks
    for index, row in places.values():
        rows[index] = max(rows.get(index, 0), row + 1)
    # a lane: its label's lines, then its rows of marks under them
    heights = [PAD + len(labels[lane]) * LINE + rows[i] * ROW + PAD for i, lane in enumerate(lanes)]
    tops = [AXIS + sum(heights[:index]) for index in range(len(lanes))]
    bottom = AXIS + sum(heights)
    widest = max(len(line) for lines in labels.values() for line in lines) * CHAR + LEFT
    width = math.ceil(max(scale.right + MARK, *(extent(m, scale)[1] for m in marks), widest) + 16)
    height = bottom + AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-size="{FONT}" role="img" '
        'aria-label="Timeline of facts">'
    ]
    for value in ticks(scale):
        x = number(scale.x(value))
        parts.append(f'<line class="grid" x1="{x}" y1="{AXIS}" x2="{x}" y2="{bottom}"/>')
    for index, lane in enumerate(lanes):
        top = tops[index]
        if index:
            parts.append(f'<line class="rule" x1="0" y1="{top}" x2="{width}" y2="{top}"/>')
        first = top + PAD + FONT
        parts.append(
            f'<g class="lane-label"><title>{html.escape(lane)}</title>'
            + "".join(
                text(LEFT / 2, first + n * LINE, line, "label")
                for n, line in enumerate(labels[lane])
            )
            + "</g>"
        )
    parts += axis(scale, AXIS, top=True)
    parts += axis(scale, bottom, top=False)
    for mark, (index, row) in sorted(
        places.items(), key=lambda item: (item[1], extent(item[0], scale))
    ):
        colour = html.escape(event_color(mark.relation, colours))
        y = tops[index] + PAD + len(labels[lanes[index]]) * LINE + (row + 0.5) * ROW
        parts.append(draw(mark, scale, y, colour))
    parts.append("</svg>")
    return "".join(parts)


def draw(mark: Mark, scale: Scale, y: float, colour: str) -> str:
    """One mark with its tooltip, "×N" and conflict sign."""
    start = scale.x(scale.first if mark.start is None else mark.start)
    end = scale.x(scale.last if mark.end is None else mark.end)
    cls = "fact conflict" if mark.conflict else "fact"
    parts = [f'<g class="{cls}"><title>{html.escape(tip(mark))}</title>']
    if start == end:
        parts.append(f'<circle cx="{number(start)}" cy="{number(y)}" r="{MARK}" fill="{colour}"/>')
    else:
        parts.append(
            f'<rect x="{number(start)}" y="{number(y - MARK)}" width="{number(end - start)}" '
            f'height="{2 * MARK}" fill="{colour}"/>'
        )
    for edge, direction in ((start, -1), (end, 1)):
        if (mark.start if direction < 0 else mark.end) is None:
            tip_x = edge + direction * 2 * MARK
            parts.append(
                f'<polygon points="{number(edge)},{number(y - 2 * MARK)} '
                f'{number(tip_x)},{number(y)} {number(edge)},{number(y + 2 * MARK)}" '
                f'fill="{colour}"/>'
            )
    after = end + MARK + (2 * MARK if mark.end is None else 0) + 4
    if mark.conflict:
        centre = after + RING
        parts.append(
            f'<circle class="conflict-sign" cx="{number(centre)}" cy="{number(y)}" '
            f'r="{RING}" fill="#fff" stroke="{CONFLICT}" stroke-width="2"/>'
        )
        parts.append(
            f'<text class="conflict-text" x="{number(centre)}" y="{number(y + FONT * 0.35)}" '
            f'text-anchor="middle" font-weight="700" fill="{CONFLICT}">!</text>'
        )
        after = centre + RING + 5
    if count := count_text(mark):
        parts.append(text(after, y + FONT * 0.35, count, "count"))
    parts.append("</g>")
    return "".join(parts)
