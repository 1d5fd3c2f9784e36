"""Finding time expressions and normalizing them to EDTF (ISO 8601-2).

The grammar (`pipeline.grammars.date`) says what the words mean; this module
says what value that is. Relative expressions ("в прошлом году", "10
ноября", "в понедельник") resolve against the publication date; without one
they keep what EDTF can say unresolved (`XXXX-11-10`) or stay empty, never a
guessed year. docs/dates.md lists the forms and the conventions.

Speed (natasha's grammar cost more than all the neural models): only the
text around an anchor (a year, a month, "назад", ...) is parsed, the parser
predicts only the rules the next word can start (`LookaheadParser`), and
pymorphy is asked only about the words the grammar looks up by lemma
(`VocabularyTokenizer`). docs/dates.md has the measurements.
"""

from __future__ import annotations

import calendar
import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from yargy import Parser
from yargy.morph import MorphAnalyzer
from yargy.parser import Column, State, prepare_match, prepare_trees
from yargy.predicates.bank import DictionaryPredicate
from yargy.rule.bnf import BNFRule, is_rule
from yargy.span import resolve_spans
from yargy.tokenizer import RUSSIAN, MorphTokenizer, Tokenizer
from yargy.tree import Node

from pipeline.grammars.date import DATE
from pipeline.lemmatizer import analyzer

# Every form of the grammar contains one of these "anchors": a year, a month,
# a weekday, "назад", "прошлый"/"этот" + год/месяц/неделя/век, a century
# numeral + век, ... The parser only reads the text around them (see `regions`).
ANCHOR = re.compile(
    r"\d{4}|\d{3}\s+год|\d0\s*[-–—]|назад|вчера|завтра"
    r"|(?<![а-яё])(?:январ|феврал|март|апрел|ма[йяею]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|понедельник|вторник|среду|четверг|пятниц|суббот|воскресень|полугод|квартал|девяност|нулев"
    r"|(?:прошл|прошедш|позапрошл|минувш|истекш|эт|текущ|нынешн|уходящ|наступ|следующ|будущ"
    r"|предстоящ|грядущ)[а-яё]*\s+(?:год|месяц|недел|век|столет)"
    r"|(?:двадцат|тридцат|сороков|пятидесят|шестидесят|семидесят|восьмидесят)[а-яё]*\s+год"
    r"|(?:восемнадцат|девятнадцат|двадцат|перв)[а-яё]*\s+(?:век|столет))"
    r"|(?:\b[IVXХ]+|\d)(?:-[а-я]{1,2})?\s+(?:век|вв?\.|столет)"
    r"|(?<![а-яё])(?:тот|того|том|тем|этот|этого|этом|этим)\s+же\s+год",
    re.IGNORECASE,
)
# How far a date reaches from its anchor: "более двадцати пяти лет | назад",
# "90-х годах прошлого века", "с 2014 года по настоящее время".
REACH = 40
# "ХХ век" is often typed with Cyrillic Х; the grammar reads Latin numerals.
CYRILLIC_ROMAN = re.compile(
    r"(?<![а-яёa-z])[IVXХІ]+(?:\s*[-–—]\s*[IVXХІ]+)?(?=(?:-[а-я]{1,2})?\s+(?:век|вв?\.))"
)
TO_LATIN = str.maketrans("ХІ", "XI")
# Context the grammar needs but the span leaves out: a plain preposition or an
# opening parenthesis before, punctuation after ("в 2007, но", "(2003)").
LEADING_CONTEXT = {"в", "во", "("}
TRAILING_CONTEXT = {",", ".", ";", ":", ")", "—", "–"}
LOOSE_RANGE_YEARS = 50  # "в 1992—2002" is a range of years, "в 1500—2000 км" is not

# Thirds of a period ("в начале / в середине / в конце") and halves, as
# (first, last) months of a year, days of a month, years of a decade or a
# century, days of a week (from Monday).
YEAR_PARTS = {"start": (1, 4), "middle": (5, 8), "end": (9, 12)}
MONTH_PARTS = {"start": (1, 10), "middle": (11, 20), "end": (21, 31)}
DECADE_PARTS = {"start": (0, 3), "middle": (4, 6), "end": (7, 9)}
CENTURY_PARTS = {"start": (0, 33), "middle": (34, 66), "end": (67, 99)}
WEEK_PARTS = {"start": (0, 1), "middle": (2, 3), "end": (4, 6)}
YEAR_HALVES = {1: (1, 6), 2: (7, 12)}
MONTH_HALVES = {1: (1, 15), 2: (16, 31)}
DECADE_HALVES = {1: (0, 4), 2: (5, 9)}
CENTURY_HALVES = {1: (0, 49), 2: (50, 99)}
LEAP_YEAR = 2000  # day-of-month checks when the year is unknown ("29 февраля")


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    value: str  # EDTF, or "" when it cannot be resolved
    year_start: int | None
    year_end: int | None


@dataclass(frozen=True)
class Period:
    """An EDTF value and the bounds an open interval built on it uses ("с" / "до")."""

    value: str
    lower: str
    upper: str

    @classmethod
    def point(cls, value: str) -> Period:
        return cls(value, value, value)


class VocabularyTokenizer(MorphTokenizer):
    """yargy's tokenizer, asking pymorphy only about the words the grammar looks
    up by dictionary form (month names, "прошлый", "неделя", ...): the rest are
    matched by their text, and parsing every word of the sentence was a third
    of the time."""

    def __init__(self) -> None:
        # pymorphy3, which the lemmatizer has loaded already, not yargy's own pymorphy2
        super().__init__(morph=MorphAnalyzer(analyzer()))
        self.vocabulary: set[str] = set()

    def learn(self, lemmas: set[str]) -> None:
        """Every form of every lemma, with е for ё as people type."""
        for lemma in lemmas:
            for parse in self.morph.raw.parse(lemma):
                if parse.normal_form == lemma:
                    self.vocabulary.update(form.word for form in parse.lexeme)
        self.vocabulary |= {word.replace("ё", "е") for word in self.vocabulary}

    def __call__(self, text: str | list) -> Iterator[object]:
        if isinstance(text, list):  # tokens made already (`LookaheadParser.findall`)
            yield from text
            return
        for token in Tokenizer.__call__(self, text):
            if token.type == RUSSIAN and token.value.lower() in self.vocabulary:
                yield token.morphed(self.morph(token.value))
            else:
                yield token


def dictionary_lemmas(predicate: object) -> set[str]:
    """The dictionary forms a (possibly composite) predicate looks words up by."""
    if isinstance(predicate, DictionaryPredicate):
        return set(predicate.value)
    inner = [*getattr(predicate, "predicates", ()), getattr(predicate, "predicate", None)]
    return set().union(*(dictionary_lemmas(item) for item in inner if item is not None))


class LookaheadParser(Parser):
    """yargy's Earley parser, predicting only the productions the next token can start.

    Plain yargy predicts the whole grammar at every word; with a grammar this
    size that is most of the work. The first terminals of every production
    are computed once, and which productions a word can start is cached by the
    word (predicates only look at the token's text, type and forms, which the
    text determines). The parse is the same, ranks included.
    """

    CACHE_LIMIT = 200_000
    # parsed runs hold yargy facts: fewer of them, so that memory stays flat as the
    # corpus grows (the frequent runs are met early)
    PARSED_LIMIT = 5_000

    def __init__(self, rule: object) -> None:
        tokenizer = VocabularyTokenizer()
        super().__init__(rule, tokenizer=tokenizer)
        rules = self.rule.as_bnf.rules
        self.starts, opening = edge_terminals(rules)
        # a match starts at a token one of these accepts and ends at one of those
        self.opening, self.closing = (
            opening[id(self.rule)],
            edge_terminals(rules, last=True)[1][id(self.rule)],
        )
        self.edges: dict[str, tuple[bool, bool]] = {}
        self.allowed: dict[tuple[int, str], list[tuple[int, object]]] = {}
        self.terminals = list(
            {
                id(term): term
                for bnf_rule in rules
                for production in bnf_rule.productions
                for term in production.terms
                if not is_rule(term)
            }.values()
        )
        self.alive: dict[str, bool] = {}
        self.parsed: dict[tuple[str, ...], list[tuple[int, int, object]]] = {}
        tokenizer.learn(
            {
                lemma
                for bnf_rule in rules
                for production in bnf_rule.productions
                for term in production.terms
                if not is_rule(term)
                for lemma in dictionary_lemmas(term)
            }
        )

    def predict(self, column: Column, next_column: Column | None, rule: BNFRule) -> None:
        if next_column is None:
            return super().predict(column, next_column, rule)
        token = next_column.token
        key = (id(rule), token.value)
        allowed = self.allowed.get(key)
        if allowed is None:
            allowed = [
                (rank, production)
                for rank, production in enumerate(rule.productions)
                if self.can_start(production, token)
            ]
            if len(self.allowed) > self.CACHE_LIMIT:
                self.allowed.clear()
            self.allowed[key] = allowed
        for rank, production in allowed:
            node = Node(rule, production, rank=rank, children=[])
            column.append(State(rule, production, 0, column, column, node))
        return None

    def can_start(self, production: object, token: object) -> bool:
        predicates, nullable = self.starts[id(production)]
        return nullable or any(predicate(token) for predicate in predicates)

    def runs(self, text: str) -> Iterator[list]:
        """The text's tokens in runs that hold an anchor, cut at tokens no terminal
        of the grammar accepts: no match can cross those, so each run is parsed
        alone, and the words between dates cost no parsing at all."""
        run: list = []
        for token in [*self.tokenizer(text), None]:
            if token is not None and self.accepted(token):
                run.append(token)
                continue
            anchored = run and ANCHOR.search(text, run[0].span.start, run[-1].span.stop)
            if anchored and (trimmed := self.trim(run)):
                yield trimmed
            run = []

    def trim(self, run: list) -> list:
        """The run without the tokens before the first that can open a match and
        after the last that can close one: no match covers them, and "в 2009
        году ," and "в 2009 году ." become one run to parse."""
        edges = [self.edge(token) for token in run]
        opens = [i for i, (opening, _) in enumerate(edges) if opening]
        closes = [i for i, (_, closing) in enumerate(edges) if closing]
        if not opens or not closes or closes[-1] < opens[0]:
            return []
        return run[opens[0] : closes[-1] + 1]

    def edge(self, token: object) -> tuple[bool, bool]:
        """Whether a match can start at the token, and whether one can end there."""
        found = self.edges.get(token.value)
        if found is None:
            if len(self.edges) > self.CACHE_LIMIT:
                self.edges.clear()
            found = self.edges[token.value] = (
                any(predicate(token) for predicate in self.opening),
                any(predicate(token) for predicate in self.closing),
            )
        return found

    def accepted(self, token: object) -> bool:
        alive = self.alive.get(token.value)
        if alive is None:
            if len(self.alive) > self.CACHE_LIMIT:
                self.alive.clear()
            alive = self.alive[token.value] = any(term(token) for term in self.terminals)
        return alive

    def findall(self, text: str) -> Iterator[DateMatch]:
        """yargy's findall (the non-overlapping matches covering most tokens), with
        coverage counted without context tokens: "в декабре" + "2011 г." must not
        beat "декабре 2011 г." just because it also covers the "в".

        A run's matches depend on its words alone, and news repeats the same
        runs ("в 2019 году") across articles: they are parsed once."""
        for run in self.runs(text):
            key = tuple(token.value for token in run)
            found = self.parsed.get(key)
            if found is None:
                if len(self.parsed) > self.PARSED_LIMIT:
                    self.parsed.clear()
                found = self.parsed[key] = list(chosen(self.rule, self.chart(run)))
            for start, stop, fact in found:
                yield DateMatch(run[start:stop], fact)


def chosen(rule: BNFRule, chart: object) -> Iterator[tuple[int, int, object]]:
    """Token ranges of the matches findall keeps in the chart, with their facts."""
    matches = {}
    for tree in sorted(prepare_trees(chart.matches(rule))):
        start, stop = tree.range
        span = without_context(chart.tokens[start:stop], start, stop)
        if span not in matches and (match := prepare_match(tree)):
            matches[span] = (start, stop, match.fact)
    spans = sorted(matches, key=lambda span: (span[0], -span[1]))
    for span in resolve_spans(spans):
        yield matches[span]


class DateParser(Protocol):
    def findall(self, text: str) -> Iterable[DateMatch]: ...


@dataclass(frozen=True)
class DateMatch:
    """A match: its tokens (with offsets in the text parsed) and its fact."""

    tokens: list
    fact: object


def edge_terminals(
    rules: list[BNFRule], last: bool = False
) -> tuple[dict[int, tuple[tuple, bool]], dict[int, tuple]]:
    """For every production: the predicates its first (`last`: its last) token
    must satisfy, and whether it can match nothing at all (then it is always
    predicted); and for every rule, the predicates the first (last) token of
    any of its matches satisfies."""
    edge: dict[int, dict[int, object]] = {id(rule): {} for rule in rules}
    nullable: set[int] = set()
    ends: dict[int, tuple[tuple, bool]] = {}
    changed = True
    while changed:
        changed = False
        for rule in rules:
            for production in rule.productions:
                predicates: dict[int, object] = {}
                empty = True
                for term in reversed(production.terms) if last else production.terms:
                    if not is_rule(term):
                        predicates[id(term)] = term
                        empty = False
                        break
                    predicates.update(edge[id(term)])
                    if id(term) not in nullable:
                        empty = False
                        break
                ends[id(production)] = (tuple(predicates.values()), empty)
                if empty and id(rule) not in nullable:
                    nullable.add(id(rule))
                    changed = True
                if not predicates.keys() <= edge[id(rule)].keys():
                    edge[id(rule)].update(predicates)
                    changed = True
    return ends, {rule: tuple(predicates.values()) for rule, predicates in edge.items()}


@lru_cache(maxsize=1)
def parser() -> LookaheadParser:
    return LookaheadParser(DATE)


# --- EDTF building blocks ------------------------------------------------------


def last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or LEAP_YEAR, month)[1]


def iso(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """2024, 2024-03, 2024-03-05; XXXX for an unknown year."""
    text = "XXXX" if year is None else f"{year:04d}"
    if month:
        text += f"-{month:02d}"
    if month and day:
        text += f"-{min(day, last_day(year, month)):02d}"
    return text


def fuzzy(low: str, high: str, part: str | None) -> Period:
    """An interval whose inner bound is approximate: "в начале" blurs where it
    ends, "в конце" where it starts, "в середине" both. EDTF cannot mark an
    unknown year approximate, so XXXX bounds stay plain."""
    if part and "X" not in low:
        low += "~" if part != "start" else ""
        high += "~" if part != "end" else ""
    return Period(f"{low}/{high}", low, high)


def piece(unit_bounds: tuple[int, int], make: Callable[[int], str], part: str | None) -> Period:
    low, high = unit_bounds
    return fuzzy(make(low), make(high), part)


def nearest_year(published: date, first: tuple[int, int], last: tuple[int, int]) -> int:
    """The year, among the publication year and its neighbours, that puts a
    yearless stretch ("10 ноября", "в мае") nearest the publication date; days
    ahead count double, since news mostly reports what has happened."""

    def distance(year: int) -> int:
        start = date(year, first[0], min(first[1], last_day(year, first[0])))
        end = date(year, last[0], min(last[1], last_day(year, last[0])))
        if end < published:
            return (published - end).days
        return max(0, 2 * (start - published).days)

    return min((published.year, published.year - 1, published.year + 1), key=distance)


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def century_of(year: int) -> int:
    return (year - 1) // 100 + 1


# --- resolving one match ---------------------------------------------------------


def resolve(fact: object, published: date | None) -> str | None:
    """EDTF value of one grammar match; "" if it cannot be resolved, None if
    the words turn out not to be a date (a 30th of February, a reversed range)."""
    f = fact
    if f.ago_unit is not None:
        return ago(f, published)
    if any(value is not None for value in (f.end_day, f.end_month, f.end_year)):
        return calendar_range(f, published)
    if f.end_decade is not None:
        first, last = decade(f.decade, f.century), decade(f.end_decade, f.century)
        return f"{first.value}/{last.value}" if first.lower < last.lower else None
    if f.end_century is not None:
        first, last = century(f.century), century(f.end_century)
        return f"{first.value}/{last.value}" if first.lower < last.lower else None
    if f.after:
        return after(f, published)
    period = base(f, published)
    if period is None:
        return None
    if not period.value:
        return ""
    if f.since:
        return "" if "X" in period.lower else f"{period.lower}/.."
    if f.until:
        return "" if "X" in period.upper else f"../{period.upper}"
    if f.approximate and not period.value.startswith("XXXX"):  # "XXXX-05~" is not EDTF
        return "/".join(side + "~" for side in period.value.split("/"))
    return period.value


def decade(value: int, century_number: int | None) -> Period:
    """1990 from "1990-х"; a two-digit decade takes the century named next to
    it, else the 20th century ("в 90-х", "в 20-е годы") except for 00 and 10."""
    if value >= 100:
        first = value
    elif century_number is not None:
        first = (century_number - 1) * 100 + value
    else:
        first = (2000 if value < 20 else 1900) + value
    return Period(f"{first // 10:03d}X", f"{first:04d}", f"{first + 9:04d}")


def century(number: int) -> Period:
    first = (number - 1) * 100
    return Period(f"{first // 100:02d}XX", f"{first:04d}", f"{first + 99:04d}")


def base(f: object, published: date | None) -> Period | None:
    """The stretch of time the words name, before "с", "до", "около"."""
    if f.day_offset is not None:
        return Period.point((published + timedelta(f.day_offset)).isoformat() if published else "")
    if f.weekday is not None:
        return weekday(f, published)
    number = f.century
    if number is None and f.century_offset is not None:
        if published:
            number = century_of(published.year) + f.century_offset
        elif f.decade is None:  # "90-х годов прошлого века" still reads as the 1990s
            return Period.point("")
    if f.decade is not None:
        whole = decade(f.decade, number)
        first = int(whole.lower)
        return divided(whole, lambda n: f"{first + n:04d}", f, DECADE_PARTS, DECADE_HALVES)
    if number is not None:
        whole = century(number)
        first = int(whole.lower)
        return divided(whole, lambda n: f"{first + n:04d}", f, CENTURY_PARTS, CENTURY_HALVES)
    if f.week_offset is not None:
        if not published:
            return Period.point("")
        monday = published - timedelta(published.weekday()) + timedelta(weeks=f.week_offset)
        low, high = WEEK_PARTS[f.part] if f.part else (0, 6)
        return fuzzy(
            (monday + timedelta(low)).isoformat(), (monday + timedelta(high)).isoformat(), f.part
        )
    if f.month_offset is not None:
        if not published:
            return Period.point("")
        year, month = shift_month(published.year, published.month, f.month_offset)
        return within_month(year, month, f)

    year = f.year
    if year is None and f.year_offset is not None and published:
        year = published.year + f.year_offset
    yearless = year is None and f.year_offset is None

    if f.season is not None:
        return Period.point(f"{year:04d}-{f.season}" if year else "")
    if f.quarter is not None:
        low, high = 3 * f.quarter - 2, 3 * f.quarter
        if yearless and published:
            year = nearest_year(published, (low, 1), (high, 31))
        return Period(f"{iso(year, low)}/{iso(year, high)}", iso(year, low), iso(year, high))
    if f.month is not None:
        if yearless and published:
            first, last = (f.day or 1, f.day or 31) if not (f.part or f.half) else (1, 31)
            year = nearest_year(published, (f.month, first), (f.month, last))
        if f.day is not None:
            if f.day > last_day(year, f.month):
                return None
            return Period.point(iso(year, f.month, f.day))
        return within_month(year, f.month, f)
    if f.half is not None and yearless:  # "в первом полугодии"
        low, high = YEAR_HALVES[f.half]
        if published:
            year = nearest_year(published, (low, 1), (high, 31))
        return Period(f"{iso(year, low)}/{iso(year, high)}", iso(year, low), iso(year, high))
    if year is None:
        return Period.point("")
    whole = Period.point(iso(year))
    return divided(whole, lambda month: iso(year, month), f, YEAR_PARTS, YEAR_HALVES)


def divided(
    whole: Period, make: Callable[[int], str], f: object, parts: dict, halves: dict
) -> Period:
    """The whole period, or the third ("в начале") or half ("в первой половине") named."""
    if f.part:
        return piece(parts[f.part], make, f.part)
    if f.half:
        return piece(halves[f.half], make, None)
    return whole


def within_month(year: int | None, month: int, f: object) -> Period:
    def make(day: int) -> str:
        return iso(year, month, min(day, last_day(year, month)))

    return divided(Period.point(iso(year, month)), make, f, MONTH_PARTS, MONTH_HALVES)


def weekday(f: object, published: date | None) -> Period:
    """ "в понедельник": the last Monday up to the publication day, or that day
    of the week named ("в прошлую пятницу"); uncertain (`?`) either way."""
    if not published:
        return Period.point("")
    if f.week_offset is None:
        day = published - timedelta((published.weekday() - f.weekday) % 7)
    else:
        monday = published - timedelta(published.weekday()) + timedelta(weeks=f.week_offset)
        day = monday + timedelta(f.weekday)
    return Period.point(day.isoformat() + "?")


def ago(f: object, published: date | None) -> str:
    """ "15 лет назад" counts back from the publication date; "более" makes it
    an open start ("../2010"), "около"/"почти" approximate ("2010~")."""
    if not published:
        return ""
    amount = (f.ago or 1) + (f.ago_extra or 0)
    unit = f.ago_unit
    years = {"year": 1, "decade": 10, "half-century": 50}
    if unit in years:
        value = f"{published.year - amount * years[unit]:04d}"
    elif unit in ("month", "half"):
        year, month = shift_month(
            published.year, published.month, -amount * (6 if unit == "half" else 1)
        )
        value = iso(year, month)
    else:
        value = (published - timedelta(days=amount * (7 if unit == "week" else 1))).isoformat()
    if f.until:
        return f"../{value}"
    return value + "~" if f.approximate else value


def after(f: object, published: date | None) -> str | None:
    """ "после 2014 года" starts with the next unit: 2015/.."""
    period = base(f, published)
    if period is None:
        return None
    if not period.value or "X" in period.value:
        return ""
    parts = [int(part) for part in period.value.split("-")]
    if len(parts) == 1:
        following = f"{parts[0] + 1:04d}"
    elif len(parts) == 2:
        following = iso(*shift_month(parts[0], parts[1], 1))
    else:
        following = (date(*parts) + timedelta(1)).isoformat()
    return f"{following}/.."


def calendar_range(f: object, published: date | None) -> str | None:
    """ "с 1 по 5 марта 2024 года", "2017-18 годах", "с мая 2019 года по март 2020 года":
    the start borrows what it leaves out (month, year) from the end."""
    end_year, end_month, end_day = f.end_year, f.end_month, f.end_day
    if end_year is not None and end_year < 100 and f.year:  # "2017-18": the start's century
        end_year += f.year - f.year % 100
    if end_year is None and f.year_offset is not None and published:
        end_year = published.year + f.year_offset
    start_month = f.month or (end_month if f.day is not None else None)
    if (f.day is not None and start_month is None) or (end_day is not None and end_month is None):
        return None
    if start_month is None and f.year is None:
        return None
    if end_year is None and f.year is None and f.year_offset is None and published:
        end_year = nearest_year(published, (start_month, f.day or 1), (end_month, end_day or 31))
    start_year = f.year
    if start_year is None and end_year is not None:
        start_year = end_year - (1 if end_month and start_month > end_month else 0)
    if end_day is not None and end_day > last_day(end_year, end_month):
        return None
    first = (start_year or 0, start_month or 1, f.day or 1)
    last = (end_year or 0, end_month or 12, end_day or 31)
    if (start_year is None) != (end_year is None) or first >= last:
        return None
    if f.loose and end_year - start_year > LOOSE_RANGE_YEARS:
        return None
    return f"{iso(start_year, start_month, f.day)}/{iso(end_year, end_month, end_day)}"


# --- the public function --------------------------------------------------------


def years_of(value: str) -> tuple[int | None, int | None]:
    """First and last year an EDTF value covers; open or unknown ends give None."""
    if not value:
        return None, None
    start, _, end = value.partition("/")
    end = end if "/" in value else start

    def year(part: str, last: bool) -> int | None:
        digits = part.strip("~?%")[:4]
        if not digits or digits.startswith(".") or digits.startswith("X"):
            return None
        return int(digits.replace("X", "9" if last else "0"))

    return year(start, False), year(end, True)


def glued(text: str, start: int, end: int) -> bool:
    """A match inside a longer word, name, number or path ("ЭКСПО-2017",
    "COVID-19", "rbc.ru/politics/07/07/2016/577e", "27/2016-04-06-25") is no date."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if before.isalnum() or after.isalnum() or "/" in (before, after):
        return True
    return (before == "-" and text[start - 2 : start - 1].isalnum()) or (
        after == "-" and text[end + 1 : end + 2].isalnum()
    )


def regions(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` within REACH of an anchor, cut at spaces and merged:
    parsing only these is what makes the date stage cheap."""
    found: list[tuple[int, int]] = []
    for anchor in ANCHOR.finditer(text):
        start = max(0, anchor.start() - REACH)
        end = min(len(text), anchor.end() + REACH)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if found and start <= found[-1][1]:
            found[-1] = (found[-1][0], max(end, found[-1][1]))
        else:
            found.append((start, end))
    return found


def find_dates(
    text: str,
    published: date | None = None,
    using: DateParser | None = None,
    year: int | None = None,
) -> Iterator[TimeMention]:
    """Every time expression in `text` (one sentence is best) with its EDTF value.

    `using`: a parser to read the whole text with instead of the fast one over
    the regions around anchors (the equivalence tests pass plain yargy).
    `year`: the year the text before named, which "в том же году" means when
    the sentence names none before it; without one, such a date has no value
    and is left out.
    """
    found = regions(text) if using is None else [(0, len(text))]
    named_year: int | None = None
    for begin, finish in found:
        region = CYRILLIC_ROMAN.sub(lambda m: m.group().translate(TO_LATIN), text[begin:finish])
        for match in (using or parser()).findall(region):
            tokens = trimmed(match.tokens)
            start, end = begin + tokens[0].span.start, begin + tokens[-1].span.stop
            if glued(text, start, end):
                continue
            fact = match.fact
            if fact.listed:
                yield from listed_years(tokens, begin)
                continue
            if fact.same_year:
                if (named_year or year) is None:
                    continue
                fact = with_year(fact, named_year or year)
            value = resolve(in_year(fact, named_year), published)
            if not (fact.since or fact.until or fact.after):  # "правили с 1997 года": no year
                named_year = fact.end_year or fact.year or named_year
            if value is not None:
                yield mention(start, end, value)


# what makes a date relative to the publication or open-ended: such a date is
# never read in the year named before it
NOT_IN_A_NAMED_YEAR = (
    "year_offset",
    "month_offset",
    "week_offset",
    "day_offset",
    "weekday",
    "ago_unit",
    "decade",
    "century",
    "century_offset",
    "end_day",
    "end_month",
    "end_year",
)


def in_year(fact: object, year: int | None) -> object:
    """A yearless month, season, quarter or half read in the year the sentence
    named before it: "в 2004 году к альянсу присоединились Латвия и Литва, а в
    мае — Словения" is May 2004, whatever the publication date."""
    if year is None or fact.year is not None:
        return fact
    if all(getattr(fact, unit) is None for unit in ("month", "season", "quarter", "half")):
        return fact
    if any(getattr(fact, unit) is not None for unit in NOT_IN_A_NAMED_YEAR):
        return fact
    return with_year(fact, year)


def with_year(fact: object, year: int) -> object:
    """A copy of the fact in `year`: the parser's memo keeps the original."""
    dated = copy.copy(fact)
    dated.year = year
    return dated


def mention(start: int, end: int, value: str) -> TimeMention:
    return TimeMention(start, end, value, *years_of(value))


def without_context(tokens: list, start: int, stop: int) -> tuple[int, int]:
    """Token range of a match without the context around it (see LEADING_CONTEXT)."""
    if stop - start > 1 and tokens[0].value.lower() in LEADING_CONTEXT:
        start += 1
    last = tokens[-1].value
    # a dot after a number ends the sentence; after "г" it is part of the date
    if stop - start > 1 and last in TRAILING_CONTEXT and (last != "." or tokens[-2].type == "INT"):
        stop -= 1
    return start, stop


def trimmed(tokens: list) -> list:
    start, stop = without_context(tokens, 0, len(tokens))
    return tokens[start:stop]


def listed_years(tokens: list, offset: int) -> Iterator[TimeMention]:
    """ "1993 и 2003 годах": "1993" and "2003 годах", each with its own year."""
    years = [token for token in tokens if token.type == "INT"]
    for token in years[:-1]:
        yield mention(offset + token.span.start, offset + token.span.stop, token.value)
    yield mention(offset + years[-1].span.start, offset + tokens[-1].span.stop, years[-1].value)
