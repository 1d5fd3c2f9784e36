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
from pipeline.report.data import Article, read_table, table_path
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
    rows = [
        (
            row.sent_id,
            row.event_type,
            row.country,
            row.organization,
            row.date,
            row.pattern,
            row.trigger,
        )
        for row in article.events.itertuples(index=False)
    ]
    return found_table("Events", ("type", "country", "organization"), rows, article.colours)


def relations_table(article: Article) -> Table:
    rows = [
        (
            row.sent_id,
            row.relation,
            f"{row.arg1_canonical or row.arg1_text} ({row.arg1_role})",
            f"{row.arg2_canonical or row.arg2_text} ({row.arg2_role})",
            row.date,
            row.pattern,
            row.trigger,
        )
        for row in article.relations.itertuples(index=False)
    ]
    return found_table("Relations", ("relation", "arg1", "arg2"), rows, article.colours)


def found_table(
    title: str, middle: tuple[str, str, str], rows: list[tuple], colours: dict[str, str]
) -> Table:
    """Rows of (sentence, type, first, second, date, pattern, trigger), the type coloured."""
    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for column in ("sent", *middle, "date", "pattern", "trigger"):
        table.add_column(column)
    for sent_id, kind, first, second, date, pattern, trigger in rows:
        style = f"bold {event_color(kind, colours)}"
        table.add_row(
            str(sent_id),
            Text(kind, style=style),
            first,
            second,
            date or "undated",
            pattern,
            trigger,
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
    """Rows per pattern in the last run's events and relations tables, CSV or
    Parquet (none: no run)."""
    counts: Counter[str] = Counter()
    for name in ("events", "relations"):
        path = table_path(out, name)
        if path is not None:
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
