"""The date grammar: every form of time expression the pipeline understands.

It extends natasha's `grammars/date.py` (day, month, year in every case) with
the forms news text needs: ranges, open intervals, decades, centuries, parts
of a year, seasons and expressions relative to the publication date. Each
form is one `rule` below, read top to bottom as a list of what is found; the
`Time` fact it fills is turned into an EDTF value by `pipeline.dates`.

A span starts at the first word that carries meaning: the plain locative "в"
is left out, interval markers ("с", "по", "до", "начиная с") are kept because
they change the value. A year needs a year word ("году", "г.") or a range
around it, so numbers that are not time ("186 государствами") and years
inside names ("ЭКСПО-2017", "Пенсия 2026") are not dates.
"""

from __future__ import annotations

from yargy import and_, or_, rule
from yargy.interpretation import fact
from yargy.predicates import (
    caseless,
    dictionary,
    eq,
    gte,
    in_,
    in_caseless,
    length_eq,
    lte,
    normalized,
)
from yargy.predicates import (
    type as token_type,
)

Time = fact(
    "Time",
    [
        "day",
        "month",
        "year",
        "end_day",
        "end_month",
        "end_year",
        "since",
        "until",
        "decade",
        "century",
        "part",
        "season",
        "half",
        "relative_year",
        "years_ago",
        "relative_day",
        "approximate",
    ],
)

MONTHS = {
    "январь": 1,
    "февраль": 2,
    "март": 3,
    "апрель": 4,
    "май": 5,
    "июнь": 6,
    "июль": 7,
    "август": 8,
    "сентябрь": 9,
    "октябрь": 10,
    "ноябрь": 11,
    "декабрь": 12,
}
SEASONS = {"весна": 21, "лето": 22, "осень": 23, "зима": 24}
PARTS = {"начало": "start", "середина": "middle", "конец": "end"}
RELATIVE_YEARS = {
    "позапрошлый": -2,
    "прошлый": -1,
    "прошедший": -1,
    "минувший": -1,
    "этот": 0,
    "текущий": 0,
    "нынешний": 0,
    "следующий": 1,
    "будущий": 1,
    "наступающий": 1,
}
RELATIVE_DAYS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
HALVES = {"первый": 1, "второй": 2}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman(value: str) -> int:
    total = 0
    digits = [ROMAN[char] for char in value.upper()]
    for index, digit in enumerate(digits):
        later = digits[index + 1] if index + 1 < len(digits) else 0
        total += -digit if digit < later else digit
    return total


def adjective(table: dict[str, int]) -> object:
    """Look an adjective up whatever gender its normal form came out in."""

    def lookup(value: str) -> int:
        return next(number for key, number in table.items() if value.startswith(key[:-2]))

    return lookup


DASH = in_({"-", "–", "—", "‒", "−"})
DOT = eq(".")

YEAR_WORD = or_(
    rule(in_caseless({"г", "гг"}), DOT.optional()),
    rule(normalized("год")),
)


def year(field: object) -> object:
    return and_(gte(1000), lte(2100), length_eq(4)).interpretation(field.custom(int))


def month_name(field: object) -> object:
    return dictionary(MONTHS).interpretation(field.normalized().custom(MONTHS.__getitem__))


def day(field: object) -> object:
    return and_(gte(1), lte(31), token_type("INT")).interpretation(field.custom(int))


# "2015-м году", "1991-го": an ordinal ending after the year
ORDINAL_END = rule(DASH, in_caseless({"м", "й", "го", "ом", "ый", "ого", "х", "е"}))

YEAR = rule(year(Time.year), ORDINAL_END.optional())
END_YEAR = or_(
    rule(year(Time.end_year)),
    and_(gte(0), lte(99), length_eq(2)).interpretation(Time.end_year.custom(int)),
)
MONTH = month_name(Time.month)
END_MONTH = month_name(Time.end_month)
DAY = day(Time.day)
END_DAY = day(Time.end_day)

NUMERIC_DATE = rule(
    DAY,
    DOT,
    and_(gte(1), lte(12), token_type("INT")).interpretation(Time.month.custom(int)),
    DOT,
    year(Time.year),
    YEAR_WORD.optional(),
)

# a point in time: "29 августа 1991 года", "декабре 2011 г.", "2024 году", "24.10.2025"
POINT = or_(
    NUMERIC_DATE,
    rule(DAY, MONTH, YEAR, YEAR_WORD.optional()),
    rule(MONTH, YEAR, YEAR_WORD.optional()),
    rule(YEAR, YEAR_WORD),
)

# "2017–2018 годах", "2017-18 годах", "на 2020-2030 годы"
YEAR_RANGE = rule(year(Time.year), DASH, END_YEAR, YEAR_WORD)
# "с 2003 по 2004 годы", "с 2003 года по 2004 год"
FROM_TO_YEARS = rule(
    caseless("с"), year(Time.year), YEAR_WORD.optional(), caseless("по"), END_YEAR, YEAR_WORD
)
# "с января по октябрь 2017 года"
FROM_TO_MONTHS = rule(
    caseless("с"), MONTH, caseless("по"), END_MONTH, year(Time.year), YEAR_WORD.optional()
)
# "3—4 июля 2024 года", "3-4 июля"
DAY_RANGE = rule(DAY, DASH, END_DAY, MONTH, rule(YEAR, YEAR_WORD.optional()).optional())

# "с 2014 года", "начиная с 2014 года", "со 2 марта 2020 года"
SINCE = rule(
    rule(caseless("начиная")).optional(),
    in_caseless({"с", "со"}).interpretation(Time.since.const(True)),
    POINT,
)
# "до 2000 года", "по 2019 год"
UNTIL = rule(caseless("до").interpretation(Time.until.const(True)), POINT)

# "2000-х годах", "1990-е годы", "середине 2010-х"
DECADE = rule(
    and_(gte(1000), lte(2090), length_eq(4)).interpretation(Time.decade.custom(int)),
    DASH,
    in_caseless({"х", "е", "ые", "ых"}),
    YEAR_WORD.optional(),
)
# "XVIII веке", "XXI века", "20 веке"
CENTURY = rule(
    or_(
        rule(token_type("LATIN")).interpretation(Time.century.custom(roman)),
        and_(gte(1), lte(21), token_type("INT")).interpretation(Time.century.custom(int)),
    ),
    normalized("век"),
)
# "начале 2024 года", "конце декабря 2025 года", "середине 2010-х"
PART = rule(
    dictionary(PARTS).interpretation(Time.part.normalized().custom(PARTS.__getitem__)),
    or_(rule(MONTH, rule(YEAR, YEAR_WORD.optional()).optional()), rule(YEAR, YEAR_WORD), DECADE),
)
# "весной 2025 года", "летом 2024 г."
SEASON = rule(
    dictionary(SEASONS).interpretation(Time.season.normalized().custom(SEASONS.__getitem__)),
    YEAR,
    YEAR_WORD.optional(),
)
# "первом полугодии 2024 года", "втором полугодии"
HALF = rule(
    dictionary(HALVES).interpretation(Time.half.normalized().custom(adjective(HALVES))),
    normalized("полугодие"),
    rule(YEAR, YEAR_WORD.optional()).optional(),
)
RELATIVE_ADJ = dictionary(RELATIVE_YEARS).interpretation(
    Time.relative_year.normalized().custom(adjective(RELATIVE_YEARS))
)
# "прошлом году", "этом году", "декабре прошлого года"
RELATIVE_YEAR = rule(rule(MONTH).optional(), RELATIVE_ADJ, normalized("год"))
# "15 лет назад", "более 15 лет назад"
YEARS_AGO = rule(
    rule(in_caseless({"более", "около", "почти", "свыше"}))
    .interpretation(Time.approximate.const(True))
    .optional(),
    and_(gte(1), lte(999), token_type("INT")).interpretation(Time.years_ago.custom(int)),
    in_caseless({"лет", "год", "года"}),
    caseless("назад"),
)
RELATIVE_DAY = dictionary(RELATIVE_DAYS).interpretation(
    Time.relative_day.normalized().custom(RELATIVE_DAYS.__getitem__)
)
# "10 ноября" (the year comes from the publication date, if known)
DAY_MONTH = rule(DAY, MONTH)

DATE = or_(
    FROM_TO_MONTHS,
    FROM_TO_YEARS,
    YEAR_RANGE,
    DAY_RANGE,
    SINCE,
    UNTIL,
    PART,
    SEASON,
    HALF,
    DECADE,
    CENTURY,
    RELATIVE_YEAR,
    YEARS_AGO,
    POINT,
    DAY_MONTH,
    rule(RELATIVE_DAY),
).interpretation(Time)
