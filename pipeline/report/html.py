"""The HTML report: one self-contained page an analyst opens offline.

It holds the corpus' timeline and events table, the evaluation when there is
one, and every article with its entities highlighted (displaCy's look, drawn
here because displaCy's entity style can neither nest spans nor mark whole
sentences as chrome or evidence) beside its events. Nothing is loaded from
outside the file, and the same tables give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files

import pandas as pd

from pipeline.evaluate import Evaluation, score_tables
from pipeline.report.data import Article, Entity, Mark, Results
from pipeline.report.style import ENTITY_COLORS, entity_color, entity_tag, event_color
from pipeline.report.timeline import dated, timeline_svg

EVENT_COLUMNS = ["Country", "Organization", "Type", "Years", "Date (EDTF)", "Article", "Pattern"]


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def years(start: str, end: str) -> str:
    """The years as a reader says them: 2017–2018, 2014–… when open, empty when undated."""
    if not start and not end:
        return ""
    if start == end:
        return start
    return f"{start or '…'}–{end or '…'}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], wide: bool = False) -> str:
    """A table from HTML cells (callers escape them)."""
    head = "".join(f"<th>{esc(name)}</th>" for name in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    cls = ' class="wide"' if wide else ""
    # a table wider than a phone scrolls in its own box, never the page
    return (
        f'<div class="table-box"><table{cls}><thead><tr>{head}</tr></thead><tbody>\n'
        f"{body}</tbody></table></div>\n"
    )


def event_type_html(event_type: str, colours: Mapping[str, str]) -> str:
    colour = event_color(event_type, colours)
    return f'<span class="etype" style="--type: {colour}">{esc(event_type)}</span>'


def doc_link(results: Results, doc_id: str, sent_id: int | None = None) -> str:
    """A link to an article (or one of its sentences); plain text if the page lacks it."""
    if doc_id not in results:
        return esc(doc_id)
    target = results.anchor(doc_id) + ("" if sent_id is None else f"-s{sent_id}")
    return f'<a href="#{target}">{esc(doc_id)}</a>'


def entity_title(entity: Entity) -> str:
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
    for number, sent_id in enumerate(article.events["sent_id"], 1):
        evidence.setdefault(sent_id, []).append(str(number))
    pieces, position = [], article.body_start
    for row in article.sentences.sort_values("start").itertuples(index=False):
        cls = "sent" + (" chrome" if row.chrome else "")
        extra = ' title="site chrome"' if row.chrome else ""
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


def article_events_html(article: Article) -> str:
    items = []
    for row in article.events.itertuples(index=False):
        when = years(row.year_start, row.year_end) or "undated"
        items.append(
            f'<li><a href="#{article.anchor}-s{row.sent_id}">'
            f"{event_type_html(row.event_type, article.colours)} "
            f'<span class="years">{esc(when)}</span><br>'
            f'<span class="pair">{esc(row.country)} → {esc(row.organization)}</span></a>'
            f"<small>{esc(row.pattern)} · «{esc(row.trigger)}»</small></li>"
        )
    listing = f"<ol>{''.join(items)}</ol>" if items else '<p class="empty">no events</p>'
    return (
        f'<aside class="doc-events"><h4>Events ({len(items)})</h4>{listing}'
        f"{article_relations_html(article)}</aside>"
    )


def article_relations_html(article: Article) -> str:
    """Relations of other packs (relations.csv): only where the run had some."""
    if not len(article.relations):
        return ""
    items = []
    for row in article.relations.itertuples(index=False):
        when = years(row.year_start, row.year_end) or "undated"
        first = row.arg1_canonical or row.arg1_text
        second = row.arg2_canonical or row.arg2_text
        items.append(
            f'<li><a href="#{article.anchor}-s{row.sent_id}">'
            f"{event_type_html(row.relation, article.colours)} "
            f'<span class="years">{esc(when)}</span><br>'
            f'<span class="pair">{esc(first)} → {esc(second)}</span></a>'
            f"<small>{esc(row.pattern)} · «{esc(row.trigger)}»</small></li>"
        )
    return f"<h4>Relations ({len(items)})</h4><ol>{''.join(items)}</ol>"


def entity_list_html(article: Article) -> str:
    rows = [
        [esc(row.text), esc(row.type), esc(row.canonical), esc(row.entity_id), esc(row.source)]
        for row in article.entities.itertuples(index=False)
    ]
    header = ["Mention", "Type", "Canonical", "Wikidata", "Source"]
    return (
        f'<details class="entity-list"><summary>Entities ({len(rows)}), nested ones included'
        f"</summary>{table(header, rows)}</details>"
    )


def article_html(article: Article) -> str:
    meta = article.meta
    facts = [
        f"date {meta['date']} ({meta['date_source'] or 'given'})" if meta["date"] else "no date",
        f"focus country {article.focus_name} ({meta['focus_country']})"
        if meta["focus_country"]
        else "",
        f"{len(article.sentences)} sentences, {len(article.entities)} entities, "
        f"{len(article.events)} events",
        f"source {meta['source']}",
    ]
    parts = [
        f'<article class="doc" id="{article.anchor}">',
        f"<h3>{esc(article.doc_id)}</h3>",
        f'<p class="meta">{esc(" · ".join(fact for fact in facts if fact))}</p>',
    ]
    if meta["status"] != "ok":
        parts.append(f'<p class="note">Not processed: {esc(meta["error"])}</p>')
    else:
        if article.note:
            parts.append(f'<p class="note">{esc(article.note)}</p>')
        parts += [
            f'<div class="doc-body">{text_html(article)}{article_events_html(article)}</div>',
            entity_list_html(article),
        ]
    parts.append("</article>")
    return "\n".join(parts)


def event_rows(results: Results, events: pd.DataFrame) -> list[list[str]]:
    return [
        [
            esc(row.country),
            esc(row.organization),
            event_type_html(row.event_type, results.colours),
            esc(years(row.year_start, row.year_end)),
            esc(row.date),
            doc_link(results, row.doc_id, row.sent_id),
            esc(row.pattern),
        ]
        for row in events.itertuples(index=False)
    ]


def events_html(results: Results) -> str:
    events = results.events.sort_values(
        ["country", "organization", "year_start", "event_type", "doc_id", "sent_id"], kind="stable"
    )
    rows = event_rows(results, events)
    listing = table(EVENT_COLUMNS, rows, wide=True) if rows else '<p class="empty">none</p>'
    return f'<section id="events"><h2>Events ({len(rows)})</h2>{listing}</section>'


def timeline_html(results: Results) -> str:
    svg = timeline_svg(results.events, results.colours)
    chart = (
        f'<figure class="chart" id="timeline-chart">{svg}</figure>'
        if svg
        else '<p class="empty">No dated events to chart.</p>'
    )
    undated = results.events.drop(dated(results.events).index)
    items = [
        f"<li>{esc(row.country)} — {esc(row.organization)}: "
        f"{event_type_html(row.event_type, results.colours)} "
        f"({doc_link(results, row.doc_id, row.sent_id)})</li>"
        for row in undated.sort_values(["country", "organization", "event_type"]).itertuples()
    ]
    listing = (
        f'<h3>Undated events ({len(items)}), not on the chart</h3><ul class="undated">'
        f"{''.join(items)}</ul>"
        if items
        else ""
    )
    return (
        '<section id="timeline"><h2>Timeline</h2>'
        '<p class="meta">One lane per country–organization pair; a dot is a year, a bar a span '
        "of years, an arrow an interval open on that side; ×N: reported N times.</p>"
        f"{chart}{listing}</section>"
    )


def frame_html(results: Results, frame: pd.DataFrame) -> str:
    """An eval table as read: doc ids link to the article, FP/FN stand out."""
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for column, value in record.items():
            if column == "doc_id":
                cells.append(doc_link(results, value))
            elif column == "error":
                cells.append(f'<span class="{esc(value)}">{esc(value)}</span>')
            else:
                cells.append(esc(value))
        rows.append(cells)
    return table(list(frame.columns), rows, wide=True)


def score_cell(value: object) -> str:
    """Scores with three decimals ("1.000", "0.909"), counts as integers."""
    if isinstance(value, float):
        return "" if value != value else f"{value:.3f}"  # NaN: no score
    return str(value)


def evaluation_html(results: Results) -> str:
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
        empty = pd.DataFrame()
        views = score_tables(Evaluation(tables["scores"], empty, empty))
        parts.append('<div class="scores">')
        for title, view in views:
            rows = [
                [esc(score_cell(value)) for value in row] for row in view.itertuples(index=False)
            ]
            parts.append(f"<div><h3>{esc(title)}</h3>{table(list(view.columns), rows)}</div>")
        parts.append("</div>")
    for name, title in (("event_errors", "Event errors"), ("entity_errors", "Entity errors")):
        if name in tables:
            frame = tables[name]
            parts.append(
                f"<details{' open' if name == 'event_errors' else ''}>"
                f"<summary>{title} ({len(frame)})</summary>{frame_html(results, frame)}</details>"
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
        f'<span class="dot" style="--type: {colour}">{esc(name)}</span>'
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


def build_report(results: Results) -> str:
    """The whole page as one string."""
    articles = list(results.articles())
    failed = int((results.documents["status"] != "ok").sum())
    n_dated = len(dated(results.events))
    summary = (
        f"{len(articles)} articles ({failed} failed) · {len(results.sentences)} sentences · "
        f"{len(results.entities)} entities · {len(results.events)} events "
        f"({n_dated} dated, {len(results.events) - n_dated} undated)"
    )
    nav = "".join(f'<a href="#{article.anchor}">{esc(article.doc_id)}</a>' for article in articles)
    parts = ["Timeline", "Events", *(["Evaluation"] if results.evaluation else []), "Articles"]
    sections = "".join(f'<a href="#{part.lower()}">{part}</a>' for part in parts)
    css = files("pipeline.report").joinpath("report.css").read_text(encoding="utf-8")
    body = "\n".join(
        [
            timeline_html(results),
            events_html(results),
            evaluation_html(results),
            '<section id="articles"><h2>Articles</h2>',
            *(article_html(article) for article in articles),
            "</section>",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>newsfacts report</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f'<header><h1>newsfacts report</h1><p class="summary">{esc(summary)}</p>'
        f"<nav>{sections}</nav><nav>{nav}</nav>{legend_html(results)}</header>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
