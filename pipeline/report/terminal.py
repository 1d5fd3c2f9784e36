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

from pipeline.patterns.declared import Declarations
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
            Text(row.event_type, style=f"bold {event_color(row.event_type, article.colours)}"),
            row.country,
            row.organization,
            row.date or "undated",
            row.pattern,
            row.trigger,
        )
    return table


def relations_table(article: Article) -> Table:
    table = Table(title=f"Relations ({len(article.relations)})", title_justify="left")
    for column in ("sent", "relation", "arg1", "arg2", "date", "pattern", "trigger"):
        table.add_column(column)
    for row in article.relations.itertuples(index=False):
        table.add_row(
            str(row.sent_id),
            Text(row.relation, style=f"bold {event_color(row.relation, article.colours)}"),
            f"{row.arg1_canonical or row.arg1_text} ({row.arg1_role})",
            f"{row.arg2_canonical or row.arg2_text} ({row.arg2_role})",
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
        if len(article.relations):
            parts += ["", relations_table(article)]
    return Group(*parts)


def pattern_counts(out: Path) -> Counter[str]:
    """Rows per pattern in the last run's events.csv and relations.csv (none: no run)."""
    counts: Counter[str] = Counter()
    for name in ("events", "relations"):
        path = out / f"{name}.csv"
        if path.is_file():
            counts.update(read_table(path)["pattern"])
    return counts


def patterns_view(counts: Counter[str], declared: Declarations) -> RenderableType:
    """Every pattern of the run's pack, what fires it and how many rows it produced:
    one table per relation type."""
    patterns = declared.patterns
    width = max((len(pattern["name"]) for pattern in patterns), default=8)
    colours = declared.colours()
    tables = []
    for relation in dict.fromkeys(pattern["relation"] for pattern in patterns):
        style = event_color(relation, colours)
        table = Table(title=relation, title_justify="left", title_style=style)
        table.add_column("pattern", min_width=width, no_wrap=True)
        table.add_column("trigger lemmas (pos)", ratio=1)
        table.add_column("context", ratio=1)
        table.add_column("rows", justify="right", no_wrap=True)
        for pattern in patterns:
            if pattern["relation"] == relation:
                pos = " ".join(sorted(pattern.get("pos", ["VERB"])))
                table.add_row(
                    pattern["name"],
                    f"{', '.join(sorted(pattern['trigger']))} ({pos})",
                    ", ".join(sorted(pattern.get("context", []))),
                    str(counts[pattern["name"]]),
                )
        tables.append(table)
    return Group(*tables)
