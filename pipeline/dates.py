"""Finding time expressions and normalizing them to EDTF (ISO 8601-2).

The grammar (`pipeline.grammars.date`) says what the words mean; this module
says what value that is. Relative expressions resolve against the
publication date; without one they keep what EDTF can say unresolved
(`XXXX-11-10`) or stay empty, never a guessed year.

Parts of a period are intervals of months (or days) marked approximate:
"в начале 2024 года" is `2024-01~/2024-04~`, so a consumer can take the
interval or, with `year_start`/`year_end`, just the years.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from yargy import Parser

from pipeline.grammars.date import DATE

# Parts of a year (months) and of a month (days).
YEAR_PARTS = {"start": (1, 4), "middle": (5, 8), "end": (9, 12)}
MONTH_PARTS = {"start": (1, 10), "middle": (11, 20), "end": (21, 31)}
DECADE_PARTS = {"start": (0, 3), "middle": (4, 6), "end": (7, 9)}

# Sentences without any of these cannot hold a date: the parser skips them.
MAY_HOLD_DATE = re.compile(
    r"\d|январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|век|год|назад|вчера|сегодня|завтра|весн|лет|осен|зим|полугоди",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    value: str  # EDTF, or "" when it cannot be resolved
    year_start: int | None
    year_end: int | None


@lru_cache(maxsize=1)
def parser() -> Parser:
    return Parser(DATE)


def day_text(year: int, month: int, day: int) -> str:
    day = min(day, calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def point(year: int | None, month: int | None = None, day: int | None = None) -> str:
    if year is None:
        if month and day:
            return f"XXXX-{month:02d}-{day:02d}"
        return f"XXXX-{month:02d}" if month else ""
    if month and day:
        return day_text(year, month, day)
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def years_of(value: str) -> tuple[int | None, int | None]:
    """First and last year an EDTF value covers; open ends give None."""
    if not value:
        return None, None
    start, _, end = value.partition("/")
    end = end if "/" in value else start

    def year(part: str, last: bool) -> int | None:
        digits = part.strip("~?%")[:4]
        if not digits or digits.startswith(".") or digits.startswith("X"):
            return None
        if "X" in digits:
            digits = digits.replace("X", "9" if last else "0")
        return int(digits)

    return year(start, False), year(end, True)


def resolve(fact: object, published: date | None) -> str:
    """EDTF value of one grammar match."""
    f = fact
    pub_year = published.year if published else None

    if f.relative_day is not None:
        if not published:
            return ""
        return (published + timedelta(days=f.relative_day)).isoformat()
    if f.years_ago is not None:
        if not pub_year:
            return ""
        return f"{pub_year - f.years_ago}" + ("~" if f.approximate else "")
    if f.relative_year is not None:
        if not pub_year:
            return ""
        return point(pub_year + f.relative_year, f.month)
    if f.century is not None:
        return f"{f.century - 1:02d}XX"
    if f.decade is not None:
        base = f.decade - f.decade % 10
        if f.part:
            low, high = DECADE_PARTS[f.part]
            return f"{base + low}~/{base + high}~"
        return f"{base // 10:03d}X"
    if f.season is not None:
        return f"{f.year:04d}-{f.season}" if f.year else ""
    if f.half is not None:
        year = f.year or pub_year
        if not year:
            return ""
        low, high = (1, 6) if f.half == 1 else (7, 12)
        return f"{year:04d}-{low:02d}/{year:04d}-{high:02d}"
    if f.part:
        if f.month:
            year = f.year or pub_year
            if not year:
                return ""
            low, high = MONTH_PARTS[f.part]
            return f"{day_text(year, f.month, low)}~/{day_text(year, f.month, high)}~"
        low, high = YEAR_PARTS[f.part]
        return f"{f.year:04d}-{low:02d}~/{f.year:04d}-{high:02d}~"

    year = f.year
    if f.end_year is not None:
        end_year = f.end_year
        if year and end_year < 100:  # "2017-18": the century of the start year
            end_year += year - year % 100
        return f"{year:04d}/{end_year:04d}" if year and end_year >= year else ""
    if f.end_month is not None:
        return f"{point(year, f.month)}/{point(year, f.end_month)}" if year else ""
    if f.end_day is not None:
        year = year or pub_year
        start, end = point(year, f.month, f.day), point(year, f.month, f.end_day)
        return f"{start}/{end}" if year and f.end_day >= f.day else ""
    if year is None and f.month and f.day and pub_year:
        year = pub_year  # "10 ноября" in a dated article: that year
    value = point(year, f.month, f.day)
    if f.since:
        return f"{value}/.." if value else ""
    if f.until:
        return f"../{value}" if value else ""
    return value


def find_dates(text: str, published: date | None = None) -> Iterator[TimeMention]:
    """Every time expression in `text` (one sentence is best) with its EDTF value."""
    if not MAY_HOLD_DATE.search(text):
        return
    for match in parser().findall(text):
        start, end = match.span
        value = resolve(match.fact, published)
        year_start, year_end = years_of(value)
        yield TimeMention(start, end, value, year_start, year_end)
