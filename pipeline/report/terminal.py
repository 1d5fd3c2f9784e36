"""Terminal views: one article with its entities coloured and its events, and the patterns.

The colours are the page's (black on a light background), so both views read
the same and stay legible on dark and light terminals alike. What comes from
the data (ids, texts, file names, a pack's names and words) reaches the
terminal as plain `Text`, never as rich markup ("[red]" in an article is
printed as it is), with its control characters shown as escapes
(`pipeline.visible`): printed raw, an escape sequence in an article would
retitle, clear or rewrite the reader's terminal.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline.patterns.declared import Declarations
from pipeline.report.data import SPECS, Article, read_declarations, read_rows, table_path
from pipeline.report.style import ENTITY_COLORS, entity_color, entity_tag, terminal_color
from pipeline.visible import UNSAFE, visible


def plain(value: object, style: str = "") -> Text:
    """A value from the data as the terminal may show it."""
    return Text(visible(str(value)), style=style)


def for_terminal(text: str) -> tuple[str, Callable[[int], int]]:
    """An article's text with its control characters shown (a line break, a tab
    and a Windows line break lay it out), and where an offset into `text` lands."""
    pieces, replaced, extra, last = [], [], [0], 0
    for match in UNSAFE.finditer(text):
        char, at = match.group(), match.start()
        windows = char == "\r" and text.startswith("\n", at + 1)
        shown = "" if windows else visible(char, layout=True)
        if shown != char:
            pieces += [text[last:at], shown]
            last = at + 1
            replaced.append(at)
            extra.append(extra[-1] + len(shown) - 1)
    pieces.append(text[last:])
    return "".join(pieces), lambda offset: offset + extra[bisect_left(replaced, offset)]


def entity_style(entity_type: str) -> str:
    return f"black on {entity_color(entity_type)}"


def legend() -> Text:
    parts = [(f" {entity_tag(name)} ", entity_style(name)) for name in ENTITY_COLORS]
    return Text.assemble("entities: ", *parts, "   dim: site chrome   underlined: evidence")


def article_text(article: Article) -> Text:
    """The body with outermost entities coloured, chrome dimmed and evidence underlined."""
    offset = article.body_start
    body, where = for_terminal(article.text[offset:])
    text = Text(body)

    def stylize(style: str, start: int, end: int) -> None:
        if start >= offset:  # before the body: the tables disagree, nothing to colour
            text.stylize(style, where(start - offset), where(end - offset))

    evidence = {row.sent_id for row in article.events}
    for row in article.sentences:
        style = " ".join(
            name
            for name, on in (("dim", row.chrome == "1"), ("underline", row.sent_id in evidence))
            if on
        )
        if style:
            stylize(style, row.start, row.end)
    for marks in article.marks().values():
        for mark in marks:
            entity = mark.entity
            stylize(entity_style(entity.type), entity.start, entity.end)
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
        for row in article.events
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
        for row in article.relations
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
        table.add_row(
            str(sent_id),
            plain(kind, f"bold {terminal_color(kind, colours)}"),
            plain(first),
            plain(second),
            plain(date or "undated"),
            plain(pattern),
            plain(trigger),
        )
    return table


def article_view(article: Article) -> RenderableType:
    """Header, legend, the coloured text (or why there is none), then the events."""
    meta = article.meta
    header = Text.assemble(
        (visible(article.doc_id), "bold"),
        visible(f"  date {meta.date or '—'} · focus {article.focus_name or '—'} · {meta.source}"),
    )
    parts: list[RenderableType] = [header, legend(), Text()]
    if meta.status != "ok":
        parts.append(plain(f"not processed: {meta.error}", "red"))
    else:
        if article.note:
            parts.append(plain(f"note: {article.note}", "yellow"))
        parts += [article_text(article), Text(), events_table(article)]
        if article.relations:
            parts += [Text(), relations_table(article)]
    return Group(*parts)


def pattern_counts(out: Path) -> Counter[str]:
    """Rows per pattern in the last run's events and relations tables, CSV or
    Parquet (none: no run); a damaged table is a ReportError."""
    counts: Counter[str] = Counter()
    for name in ("events", "relations"):
        path = table_path(out, name)
        if path is not None:
            counts.update(row.pattern for row in read_rows(path, SPECS[name])[1])
    return counts


def words(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def patterns_view(counts: Counter[str], declared: Declarations) -> RenderableType:
    """Every pattern of the run's pack, what fires it and how many rows it produced:
    one table per relation type."""
    patterns = declared.patterns
    width = max((len(visible(pattern["name"])) for pattern in patterns), default=8)
    colours = declared.colours()
    tables = []
    for relation in dict.fromkeys(pattern["relation"] for pattern in patterns):
        table = Table(
            title=plain(relation, terminal_color(relation, colours)), title_justify="left"
        )
        table.add_column("pattern", min_width=width, no_wrap=True)
        table.add_column("trigger lemmas (pos)", ratio=1)
        table.add_column("context", ratio=1)
        table.add_column("rows", justify="right", no_wrap=True)
        for pattern in patterns:
            if pattern["relation"] == relation:
                pos = " ".join(sorted(pattern.get("pos", ["VERB"])))
                table.add_row(
                    plain(pattern["name"]),
                    plain(f"{words(pattern.get('trigger', []))} ({pos})"),
                    plain(words(pattern.get("context", []))),
                    str(counts[pattern["name"]]),
                )
        tables.append(table)
    return Group(*tables)


def patterns_listing(out: Path) -> RenderableType:
    """`patterns_view` of the run in `out`; a damaged table or pack.json is a ReportError."""
    return patterns_view(pattern_counts(out), read_declarations(out))
