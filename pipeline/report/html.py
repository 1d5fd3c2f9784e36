"""The HTML report: self-contained pages an analyst opens offline.

The main page holds the corpus' timeline and events table, the evaluation
when there is one, and the articles with their entities highlighted
(displaCy's look, drawn here because displaCy's entity style can neither nest
spans nor mark whole sentences as chrome or evidence) beside their events. A
corpus of more than `PAGE_ARTICLES` articles would make a page no browser
opens (and a report that took longer to write than the extraction), so its
main page holds an index of the articles instead, linking into pages of
`PAGE_ARTICLES` articles each in a folder beside it; the events table and the
timeline are cut to what a page can show, and say so.

Nothing is loaded from outside a page, and the same tables give the same
bytes. Everything taken from the data is escaped (its control characters
shown as escapes) or, for colours, checked to be one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from pipeline.evaluate import Evaluation, score_tables
from pipeline.report.data import Article, Mark, Results
from pipeline.report.style import ENTITY_COLORS, entity_color, entity_tag, event_color
from pipeline.report.timeline import MAX_LANES, busiest, dated, timeline_svg
from pipeline.visible import UNSAFE, visible

EVENT_COLUMNS = ["Country", "Organization", "Type", "Years", "Date (EDTF)", "Article", "Pattern"]
INDEX_COLUMNS = ["Article", "Date", "Status", "Sentences", "Entities", "Events"]
PAGE_ARTICLES = 100  # articles on a page; a corpus of no more is one page, as it always was
MAX_EVENTS = 1_000  # rows of the events table (and of the undated list) on the main page
PAGE_NAME = re.compile(r"articles-\d{4,}\.html")
ERROR_CLASSES = {"FP", "FN"}


def esc(value: object) -> str:
    """Text from the data as HTML: markup escaped, control characters and bidi
    overrides shown as escapes; line breaks and tabs lay the article out (a
    carriage return is one the browser reads as a line break)."""
    text = str(value)
    if UNSAFE.search(text):
        text = "\r".join(visible(part, layout=True) for part in text.split("\r"))
    return html.escape(text, quote=True)


def years(start: str, end: str) -> str:
    """The years as a reader says them: 2017–2018, 2014–… when open, empty when undated."""
    if not start and not end:
        return ""
    if start == end:
        return start
    return f"{start or '…'}–{end or '…'}"


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], wide: bool = False, cards: bool = False
) -> str:
    """A table from HTML cells (callers escape them); `cards`: on a phone each row
    is a card of "column: value" lines (report.css) instead of a row too wide to read."""
    head = "".join(f"<th>{esc(name)}</th>" for name in header)
    labels = [f' data-label="{esc(name)}"' if cards else "" for name in header]
    body = "".join(
        "<tr>" + "".join(f"<td{label}>{cell}</td>" for label, cell in zip(labels, row)) + "</tr>\n"
        for row in rows
    )
    cls = " ".join(name for name, on in (("wide", wide), ("cards", cards)) if on)
    cls = f' class="{cls}"' if cls else ""
    # a table wider than a phone scrolls in its own box, never the page
    return (
        f'<div class="table-box"><table{cls}><thead><tr>{head}</tr></thead><tbody>\n'
        f"{body}</tbody></table></div>\n"
    )


def event_type_html(event_type: str, colours: Mapping[str, str]) -> str:
    colour = event_color(event_type, colours)
    return f'<span class="etype" style="--type: {esc(colour)}">{esc(event_type)}</span>'


def page_name(position: int) -> str:
    return f"articles-{position // PAGE_ARTICLES + 1:04d}.html"


@dataclass(frozen=True)
class Links:
    """Where each article is drawn, as seen from the page being written: the
    main page (`here` ""), or the article page `here` in `folder`."""

    results: Results
    folder: str  # the article pages' folder, relative to the main page; "" if none
    here: str = ""

    def to(self, position: int, sent_id: int | None = None) -> str:
        fragment = f"#d{position}" + ("" if sent_id is None else f"-s{sent_id}")
        if not self.folder:
            return fragment
        page = page_name(position)
        if self.here:
            return fragment if page == self.here else page + fragment
        return f"{quote(self.folder)}/{page}{fragment}"

    def doc(self, doc_id: str, sent_id: int | None = None) -> str:
        """A link to an article (or one of its sentences); plain text if there is none."""
        if doc_id not in self.results:
            return esc(doc_id)
        return f'<a href="{esc(self.to(self.results.place[doc_id], sent_id))}">{esc(doc_id)}</a>'


def entity_title(entity) -> str:
    line = f"{entity.type}: {entity.canonical or entity.text}"
    return f"{line} · Wikidata {entity.entity_id}" if entity.entity_id else line


def mark_html(text: str, mark: Mark) -> str:
    """One highlight; the tooltip names the entity and every entity nested in it."""
    entity = mark.entity
    title = "\n".join(
        [entity_title(entity)] + [f"  contains {entity_title(inner)}" for inner in mark.nested]
    )
    cls = "ent has-nested" if mark.nested else "ent"
    return (
        f'<mark class="{cls}" style="--bg: {entity_color(entity.type)}" '
        f'data-tag="{esc(entity_tag(entity.type))}" title="{esc(title)}">'
        f"{esc(text[entity.start : entity.end])}</mark>"
    )


def sentence_html(text: str, start: int, end: int, marks: list[Mark]) -> str:
    pieces, position = [], start
    for mark in marks:
        if mark.entity.start < position or mark.entity.end > end:
            continue  # outside its sentence: the tables disagree, show the text plainly
        pieces += [esc(text[position : mark.entity.start]), mark_html(text, mark)]
        position = mark.entity.end
    pieces.append(esc(text[position:end]))
    return "".join(pieces)


def text_html(article: Article) -> str:
    """The article from its first sentence on, each sentence a target for the event links."""
    text, marks = article.text, article.marks()
    evidence: dict[int, list[str]] = {}
    for number, row in enumerate(article.events, 1):
        evidence.setdefault(row.sent_id, []).append(str(number))
    pieces, position = [], article.body_start
    for row in article.sentences:
        if row.start < position:
            continue  # overlaps the sentence before: the tables disagree, its text is shown
        chrome = row.chrome == "1"
        cls = "sent" + (" chrome" if chrome else "")
        extra = ' title="site chrome"' if chrome else ""
        if row.sent_id in evidence:
            cls += " evidence"
            extra += f' data-events="{" ".join(evidence[row.sent_id])}"'
        inner = sentence_html(text, row.start, row.end, marks.get(row.sent_id, []))
        pieces += [
            esc(text[position : row.start]),
            f'<span class="{cls}" id="{article.anchor}-s{row.sent_id}"{extra}>{inner}</span>',
        ]
        position = row.end
    pieces.append(esc(text[position:]))
    return f'<div class="text" lang="ru">{"".join(pieces)}</div>'


def found_item(article: Article, kind: str, when: str, pair: str, row) -> str:
    """One event or relation beside the text, linking to its evidence sentence."""
    return (
        f'<li><a href="#{article.anchor}-s{row.sent_id}">'
        f"{event_type_html(kind, article.colours)} "
        f'<span class="years">{esc(when)}</span><br>'
        f'<span class="pair">{esc(pair)}</span></a>'
        f"<small>{esc(row.pattern)} · «{esc(row.trigger)}»</small></li>"
    )


def article_events_html(article: Article) -> str:
    items = [
        found_item(
            article,
            row.event_type,
            years(row.year_start, row.year_end) or "undated",
            f"{row.country} → {row.organization}",
            row,
        )
        for row in article.events
    ]
    listing = f"<ol>{''.join(items)}</ol>" if items else '<p class="empty">no events</p>'
    return (
        f'<aside class="doc-events"><h4>Events ({len(items)})</h4>{listing}'
        f"{article_relations_html(article)}</aside>"
    )


def article_relations_html(article: Article) -> str:
    """Relations of other packs (relations.csv): only where the run had some."""
    if not article.relations:
        return ""
    items = [
        found_item(
            article,
            row.relation,
            years(row.year_start, row.year_end) or "undated",
            f"{row.arg1_canonical or row.arg1_text} → {row.arg2_canonical or row.arg2_text}",
            row,
        )
        for row in article.relations
    ]
    return f"<h4>Relations ({len(items)})</h4><ol>{''.join(items)}</ol>"


def entity_list_html(article: Article) -> str:
    rows = [
        [esc(row.text), esc(row.type), esc(row.canonical), esc(row.entity_id), esc(row.source)]
        for row in article.entities
    ]
    header = ["Mention", "Type", "Canonical", "Wikidata", "Source"]
    return (
        f'<details class="entity-list"><summary>Entities ({len(rows)}), nested ones included'
        f"</summary>{table(header, rows)}</details>"
    )


def article_html(article: Article) -> str:
    meta = article.meta
    facts = [
        f"date {meta.date} ({meta.date_source or 'given'})" if meta.date else "no date",
        f"focus country {article.focus_name} ({meta.focus_country})" if meta.focus_country else "",
        f"{len(article.sentences)} sentences, {len(article.entities)} entities, "
        f"{len(article.events)} events",
        f"source {meta.source}",
    ]
    parts = [
        f'<article class="doc" id="{article.anchor}">',
        f"<h3>{esc(article.doc_id)}</h3>",
        f'<p class="meta">{esc(" · ".join(fact for fact in facts if fact))}</p>',
    ]
    if meta.status != "ok":
        parts.append(f'<p class="note">Not processed: {esc(meta.error)}</p>')
    else:
        if article.note:
            parts.append(f'<p class="note">{esc(article.note)}</p>')
        parts += [
            f'<div class="doc-body">{text_html(article)}{article_events_html(article)}</div>',
            entity_list_html(article),
        ]
    parts.append("</article>")
    return "\n".join(parts)


def cut_note(shown: int, total: int, what: str, where: str) -> str:
    """Says that a list shows only its first rows, and where the rest are."""
    if shown == total:
        return ""
    return f'<p class="meta">The first {shown:,} of {total:,} {what}; all are in {where}.</p>'


def events_html(results: Results, links: Links) -> str:
    events = results.events.sort_values(
        ["country", "organization", "year_start", "event_type", "doc_id", "sent_id"], kind="stable"
    )
    rows = [
        [
            esc(row.country),
            esc(row.organization),
            event_type_html(row.event_type, results.colours),
            esc(years(row.year_start, row.year_end)),
            esc(row.date),
            links.doc(row.doc_id, row.sent_id),
            esc(row.pattern),
        ]
        for row in events.head(MAX_EVENTS).itertuples(index=False)
    ]
    listing = (
        table(EVENT_COLUMNS, rows, wide=True, cards=True) if rows else '<p class="empty">none</p>'
    )
    note = cut_note(len(rows), len(events), "events, in this order", "events.csv")
    return f'<section id="events"><h2>Events ({len(events):,})</h2>{note}{listing}</section>'


def chart_legend_html(facts, colours: Mapping[str, str]) -> str:
    """What the chart's marks mean: the relations it draws, in the legend's order, and
    the shapes; an HTML list that wraps, so no entry is ever cut."""
    present = set(facts["relation"])
    ordered = [name for name in colours if name in present]
    names = ordered + sorted(present - set(ordered))
    relations = "".join(
        f'<span class="dot" style="--type: {esc(event_color(name, colours))}">{esc(name)}</span>'
        for name in names
    )
    return (
        f'<div class="legend chart-legend">{relations}<span>● a year</span>'
        "<span>▬ a span of years</span><span>▶ open on that side</span>"
        "<span>×N: reported by N articles</span>"
        '<span><span class="conflict-key">!</span> other articles give other years</span></div>'
    )


def timeline_html(results: Results, links: Links) -> str:
    facts = results.facts
    shown, lanes = busiest(facts)
    svg = timeline_svg(shown, results.colours)
    chart = (
        f'{chart_legend_html(shown, results.colours)}<div class="chart-box">'
        f'<figure class="chart" id="timeline-chart">{svg}</figure></div>'
        if svg
        else '<p class="empty">No dated facts to chart.</p>'
    )
    if lanes > MAX_LANES:
        chart = (
            f'<p class="meta">The {MAX_LANES} pairs that the most articles report, of {lanes:,}; '
            f"all of them are in facts.csv.</p>{chart}"
        )
    undated = facts.drop(dated(facts).index)
    undated = undated.sort_values(["arg1_canonical", "arg2_canonical", "relation"], kind="stable")
    items = []
    for row in undated.head(MAX_EVENTS).itertuples():
        documents = [doc for doc in str(row.documents).split(";") if doc]
        count = f" ×{row.n_documents}" if int(row.n_documents) > 1 else ""
        where = f" ({links.doc(documents[0])}{', …' if len(documents) > 1 else ''})"
        items.append(
            f"<li>{esc(row.arg1_canonical)} — {esc(row.arg2_canonical)}: "
            f"{event_type_html(row.relation, results.colours)}{count}"
            f"{where if documents else ''}</li>"
        )
    listing = (
        f"<h3>Undated facts ({len(undated):,}), not on the chart</h3>"
        f"{cut_note(len(items), len(undated), 'undated facts', 'facts.csv')}"
        f'<ul class="undated">{"".join(items)}</ul>'
        if items
        else ""
    )
    return (
        '<section id="timeline"><h2>Timeline</h2>'
        '<p class="meta">The facts of facts.csv: a lane per pair of arguments (country and '
        "organization), a mark per fact however many articles report it. Hover a mark for "
        "its counts.</p>"
        f"{chart}{listing}</section>"
    )


def frame_html(links: Links, frame) -> str:
    """An eval table as read: doc ids link to the article, FP/FN stand out."""
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for column, value in record.items():
            if column == "doc_id":
                cells.append(links.doc(value))
            elif column == "error" and value in ERROR_CLASSES:
                cells.append(f'<span class="{value}">{value}</span>')
            else:
                cells.append(esc(value))
        rows.append(cells)
    return table(list(frame.columns), rows, wide=True)


def evaluation_html(results: Results, links: Links) -> str:
    tables = results.evaluation
    if not tables:
        return ""
    parts = [
        '<section id="evaluation"><h2>Evaluation against the gold set</h2>',
        f'<p class="meta">From {esc(results.out.name)}/eval/, as last written by evaluate.</p>',
    ]
    if results.evaluation_stale:
        parts.append(
            '<p class="note">These scores are older than the tables: run make eval '
            "(or evaluate) again to score the current extraction.</p>"
        )
    if "scores" in tables:
        empty = tables["scores"].iloc[:0]
        views = score_tables(Evaluation(tables["scores"], empty, empty))
        parts.append('<div class="scores">')
        for title, view in views:
            rows = [[esc(value) for value in row] for row in view.itertuples(index=False)]
            parts.append(f"<div><h3>{esc(title)}</h3>{table(list(view.columns), rows)}</div>")
        parts.append("</div>")
    for name, title in (("event_errors", "Event errors"), ("entity_errors", "Entity errors")):
        if name in tables:
            frame = tables[name]
            parts.append(
                f"<details{' open' if name == 'event_errors' else ''}>"
                f"<summary>{title} ({len(frame)})</summary>{frame_html(links, frame)}</details>"
            )
    parts.append("</section>")
    return "\n".join(parts)


def legend_html(results: Results) -> str:
    entities = "".join(
        f'<mark class="ent" style="--bg: {color}" data-tag="{esc(entity_tag(name))}">'
        f"{esc(name.lower())}</mark>"
        for name, color in ENTITY_COLORS.items()
    )
    events = "".join(
        f'<span class="dot" style="--type: {esc(colour)}">{esc(name)}</span>'
        for name, colour in results.colours.items()
    )
    chrome = (
        "grey text: site chrome"
        if results.has_chrome
        else "sentences.csv has no chrome column: all text shown as body"
    )
    return (
        f'<div class="legend"><b>Entities</b>{entities}</div>'
        f'<div class="legend"><b>Events</b>{events}</div>'
        f'<div class="legend"><span class="sent evidence" data-events="1">evidence sentence'
        f"</span><span>{esc(chrome)}</span><span>hover a mention for its canonical name "
        "and Wikidata id</span></div>"
    )


@cache
def stylesheet() -> str:
    return files("pipeline.report").joinpath("report.css").read_text(encoding="utf-8")


def page(header: str, body: str) -> str:
    """A whole page: the style inline, nothing from outside."""
    css = stylesheet()
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>newsfacts report</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f"<header>{header}</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def index_html(results: Results, links: Links) -> str:
    """The articles of a paged report: one row each, linking into its page."""
    counts = (results.sentences.per_doc, results.entities.per_doc)
    rows = []
    for position, meta in enumerate(results.documents):
        own = results.place[meta.doc_id] == position
        status = meta.status if meta.status == "ok" else f"{meta.status}: {meta.error}"
        found = len(results.found.get(meta.doc_id, ([], []))[0]) if own else 0
        numbers = [count[meta.doc_id] if own else 0 for count in counts] + [found]
        rows.append(
            [
                f'<a href="{esc(links.to(position))}">{esc(meta.doc_id)}</a>',
                esc(meta.date),
                esc(status),
                *(str(number) for number in numbers),
            ]
        )
    pages = "".join(
        f'<a href="{esc(links.to(start))}">{start + 1:,}–{min(start + PAGE_ARTICLES, len(rows)):,}'
        "</a>"
        for start in range(0, len(rows), PAGE_ARTICLES)
    )
    return (
        f'<p class="meta">{len(rows):,} articles, {PAGE_ARTICLES} to a page:</p>'
        f"<nav>{pages}</nav>{table(INDEX_COLUMNS, rows, wide=True)}"
    )


def build_report(results: Results, folder: str = "") -> str:
    """The main page; `folder`: where the article pages are (a paged report), else
    the articles are on this page."""
    links = Links(results, folder)
    failed = sum(document.status != "ok" for document in results.documents)
    events = results.events
    n_dated = len(dated(events))
    summary = (
        f"{len(results.documents):,} articles ({failed:,} failed) · "
        f"{results.sentences.rows:,} sentences · {results.entities.rows:,} entities · "
        f"{len(events):,} events ({n_dated:,} dated, {len(events) - n_dated:,} undated)"
    )
    parts = ["Timeline", "Events", *(["Evaluation"] if results.evaluation else []), "Articles"]
    sections = "".join(f'<a href="#{part.lower()}">{part}</a>' for part in parts)
    if folder:
        nav, articles = "", index_html(results, links)
    else:
        chosen = list(results.articles())
        nav = '<nav class="docs">' + "".join(
            f'<a href="#{article.anchor}">{esc(article.doc_id)}</a>' for article in chosen
        )
        nav += "</nav>"
        articles = "\n".join(article_html(article) for article in chosen)
    header = (
        f'<h1>newsfacts report</h1><p class="summary">{esc(summary)}</p>'
        f"<nav>{sections}</nav>{nav}{legend_html(results)}"
    )
    body = "\n".join(
        [
            timeline_html(results, links),
            events_html(results, links),
            evaluation_html(results, links),
            f'<section id="articles"><h2>Articles</h2>\n{articles}\n</section>',
        ]
    )
    return page(header, body)


def article_pages(results: Results, main: str) -> Iterator[tuple[str, str]]:
    """The pages of a paged report, as (file name, HTML); `main`: the main page's
    address from them."""
    total = len(results.documents)
    batch: list[str] = []
    for position, article in enumerate(results.articles()):
        batch.append(article_html(article))
        if len(batch) == PAGE_ARTICLES or position == total - 1:
            first = position - len(batch) + 1
            around = [
                f'<a href="{esc(main)}">Summary, timeline, events</a>',
                f'<a href="{esc(main)}#articles">All articles</a>',
            ]
            if first:
                around.append(f'<a href="{page_name(first - 1)}">← Previous</a>')
            if position < total - 1:
                around.append(f'<a href="{page_name(position + 1)}">Next →</a>')
            header = (
                f"<h1>newsfacts report: articles {first + 1:,}–{position + 1:,} of {total:,}</h1>"
                f"<nav>{''.join(around)}</nav>{legend_html(results)}"
            )
            body = f'<section id="articles"><h2>Articles</h2>\n{chr(10).join(batch)}\n</section>'
            yield page_name(first), page(header, body)
            batch = []


def write(results: Results, target: Path) -> Path:
    """Write the report to `target` (and, for a large corpus, its pages to the folder
    named like it), each file under a temporary name first, renamed into place when
    all are written; pages left from an earlier, longer report go."""
    folder = target.with_suffix("") if target.suffix else target.with_name(target.name + ".pages")
    paged = len(results.documents) > PAGE_ARTICLES
    written: list[tuple[Path, Path]] = []  # (temporary, final)

    def stage(final: Path, text: str) -> None:
        temporary = final.with_name(final.name + ".tmp")
        written.append((temporary, final))
        temporary.write_text(text, encoding="utf-8")

    try:
        if paged:
            folder.mkdir(exist_ok=True)
            for name, text in article_pages(results, f"../{quote(target.name)}"):
                stage(folder / name, text)
        stage(target, build_report(results, folder.name if paged else ""))
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, final in written:
        temporary.replace(final)
    current = {final.name for _, final in written}
    stale = [
        path
        for path in (folder.iterdir() if folder.is_dir() else ())
        if PAGE_NAME.fullmatch(path.name) and path.name not in current
    ]
    for path in stale:
        path.unlink()
    if stale and not paged and not any(folder.iterdir()):
        folder.rmdir()
    return target
