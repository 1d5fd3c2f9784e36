"""Terminal views: one article with its entities coloured and its events, and the patterns.

The colours are the page's (black on a light background), so both views read
the same and stay legible on dark and light terminals alike.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline.patterns import PATTERNS
from pipeline.report.data import Article, read_table
from pipeline.report.style import ENTITY_COLORS, entity_color, entity_tag, event_color


def entity_style(entity_type: str) -> str:
    return f"black on {entity_color(entity_type)}"


def legend() -> Text:
    parts = [(f" {entity_tag(name)} ", entity_style(name)) for name in ENTITY_COLORS]
    return Text.assemble("entities: ", *parts, "   dim: site chrome   underlined: evidence")


def article_text(article: Article) -> Text:
    """The body with outermost entities coloured, chrome dimmed and evidence underlined."""
    offset = article.body_start
    text = Text(article.text[offset:])
    evidence = set(article.events["sent_id"])
    for row in article.sentences.itertuples(index=False):
        style = " ".join(
            name for name, on in (("dim", row.chrome), ("underline", row.sent_id in evidence)) if on
        )
        if style:
            text.stylize(style, row.start - offset, row.end - offset)
    for marks in article.marks().values():
        for mark in marks:
            entity = mark.entity
            text.stylize(entity_style(entity.type), entity.start - offset, entity.end - offset)
    return text


def events_table(article: Article) -> Table:
    table = Table(title=f"Events ({len(article.events)})", title_justify="left")
    for column in ("sent", "type", "country", "organization", "date", "pattern", "trigger"):
        table.add_column(column)
    for row in article.events.itertuples(index=False):
        table.add_row(
            str(row.sent_id),
            Text(row.event_type, style=f"bold {event_color(row.event_type)}"),
            row.country,
            row.organization,
            row.date or "undated",
            row.pattern,
            row.trigger,
        )
    return table


def article_view(article: Article) -> RenderableType:
    """Header, legend, the coloured text (or why there is none), then the events."""
    meta = article.meta
    header = Text.assemble(
        (article.doc_id, "bold"),
        f"  date {meta['date'] or '—'} · focus {article.focus_name or '—'} · {meta['source']}",
    )
    parts: list[RenderableType] = [header, legend(), ""]
    if meta["status"] != "ok":
        parts.append(Text(f"not processed: {meta['error']}", style="red"))
    else:
        if article.note:
            parts.append(Text(f"note: {article.note}", style="yellow"))
        parts += [article_text(article), "", events_table(article)]
    return Group(*parts)


def pattern_counts(out: Path) -> Counter[str]:
    """Events per pattern in the last run's events.csv; empty when there was no run."""
    path = out / "events.csv"
    return Counter(read_table(path)["pattern"]) if path.is_file() else Counter()


def patterns_view(counts: Counter[str]) -> RenderableType:
    """Every pattern, what fires it and how many events it produced: one table per event type."""
    width = max(len(pattern.name) for pattern in PATTERNS)
    tables = []
    for event_type in dict.fromkeys(pattern.event_type for pattern in PATTERNS):
        table = Table(title=event_type, title_justify="left", title_style=event_color(event_type))
        table.add_column("pattern", min_width=width, no_wrap=True)
        table.add_column("trigger lemmas (pos)", ratio=1)
        table.add_column("context", ratio=1)
        table.add_column("events", justify="right", no_wrap=True)
        for pattern in PATTERNS:
            if pattern.event_type == event_type:
                table.add_row(
                    pattern.name,
                    f"{', '.join(sorted(pattern.trigger))} ({' '.join(sorted(pattern.pos))})",
                    ", ".join(sorted(pattern.context)),
                    str(counts[pattern.name]),
                )
        tables.append(table)
    return Group(*tables)
