"""The date grammar: every form of time expression the pipeline understands.

It extends natasha's `grammars/date.py` (day, month, year in every case,
"24.10.2025") with the forms news text needs: ranges, open intervals,
decades, centuries, parts of a period, seasons, quarters, approximations and
expressions relative to the publication date. `DATE` at the bottom is the
list of forms, one rule each with examples; the `Time` fact they fill is
turned into an EDTF value by `pipeline.dates`.

A span starts at the first word that carries meaning: a plain "в"/"во" that
some rules need as context ("в мае", "в понедельник") is cut off by
`pipeline.dates`; interval and approximation words ("с", "по", "до",
"начиная с", "около", "более ... назад") stay, because they change the value.
A number is a year only next to a year word ("году", "г."), a month, a range
or an ordinal ending ("2015-м"), so counts ("186 государствами") are not
dates; years glued to a name ("ЭКСПО-2017") are dropped by `pipeline.dates`.
Words are matched by their forms or stems, not by pymorphy's first parse
("зимой" is also an adverb, "лет" also a form of "лёт").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yargy import and_, not_, or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, custom, dictionary, eq, in_, in_caseless, normalized

Time = fact(
    "Time",
    [
        # a calendar point or the start of a range; the end of a range
        "day",
        "month",
        "year",
        "end_day",
        "end_month",
        "end_year",
        "decade",  # 1990, or 90 for "90-х" (the century comes from context)
        "end_decade",
        "century",  # ordinal: 18 for "XVIII век"
        "end_century",
        # pieces of a period
        "part",  # "start", "middle", "end": в начале / в середине / в конце
        "half",
        "quarter",
        "season",  # the EDTF code: 21 spring, 22 summer, 23 autumn, 24 winter
        # relative to the publication date
        "year_offset",
        "month_offset",
        "week_offset",
        "day_offset",
        "century_offset",
        "weekday",  # 0 Monday ... 6 Sunday
        "ago",  # "15 лет назад": 15; "двадцать пять лет назад": 20 ...
        "ago_extra",  # ... and 5
        "ago_unit",  # "year", "half" (of a year), "decade", "month", "week", "day"
        # what the interval words say
        "since",
        "until",
        "after",
        "approximate",
        "loose",  # years without a year word: ranges must be short ("в 1992—2002")
        "listed",  # "в 1993 и 2003 годах": one mention per year
        "same_year",  # "в том же году", "в мае того же года": the year named before
    ],
)


def stems(table: dict[str, object]) -> Callable[[str], object]:
    """Value of a word by the longest stem it starts with, whatever its case or gender."""
    ordered = sorted(table, key=len, reverse=True)

    def lookup(word: str) -> object:
        word = word.lower().replace("ё", "е")
        return next(table[stem] for stem in ordered if word.startswith(stem))

    return lookup


MONTH_NUMBER = stems(
    {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6, "июл": 7, "авг": 8}
    | {"сен": 9, "окт": 10, "ноя": 11, "дек": 12}
)
SEASON_CODE = stems({"весн": 21, "лет": 22, "осен": 23, "зим": 24})
PART = stems({"нач": "start", "серед": "middle", "кон": "end"})
ORDINALS = "первый второй третий четвёртый"
ORDINAL = stems({"перв": 1, "втор": 2, "трет": 3, "четв": 4})
ROMAN_ORDINAL = {"I": 1, "II": 2, "III": 3, "IV": 4}
WEEKDAY = stems({"пон": 0, "вто": 1, "сре": 2, "чет": 3, "пят": 4, "суб": 5, "вос": 6})
OFFSET = stems(
    {"позапрошл": -2, "прошл": -1, "прошедш": -1, "минувш": -1, "истекш": -1}
    | {"эт": 0, "текущ": 0, "нынешн": 0, "уходящ": 0, "наступивш": 0}
    | {"следующ": 1, "будущ": 1, "наступающ": 1, "предстоящ": 1, "грядущ": 1}
)
RELATIVE_DAY = stems({"позавчера": -2, "вчера": -1, "завтра": 1, "послезавтра": 2})
NUMBER_WORD = stems(
    {"один": 1, "одн": 1, "пар": 2, "дв": 2, "тр": 3, "четыр": 4, "пят": 5, "шест": 6}
    | {"сем": 7, "восем": 8, "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11}
    | {"двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15}
    | {"шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19}
    | {"двадцат": 20, "тридцат": 30, "сорок": 40, "пятьдесят": 50, "пятидесят": 50}
    | {"шестьдесят": 60, "шестидесят": 60, "семьдесят": 70, "семидесят": 70}
    | {"восемьдесят": 80, "восьмидесят": 80, "девяност": 90, "сто": 100, "ста": 100}
)
AGO_UNIT = stems(
    {"год": "year", "лет": "year", "полгод": "half", "десятилет": "decade", "месяц": "month"}
    | {"полвек": "half-century", "недел": "week", "ден": "day", "дн": "day", "сут": "day"}
)
DECADE_WORD = stems(
    {"нулев": 0, "двухтысячн": 0, "двадцат": 20, "тридцат": 30, "сороков": 40}
    | {"пятидесят": 50, "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90}
)
CENTURY_WORD_NUMBER = stems({"восемнадцат": 18, "девятнадцат": 19, "двадцат": 20})
ROMAN = re.compile(r"X{0,2}(?:IX|IV|V?I{0,3})")
ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def roman(value: str) -> int:
    """XVIII -> 18 (centuries only need I, V and X)."""
    digits = [ROMAN_VALUE[char] for char in value]
    later = [*digits[1:], 0]
    return sum(-digit if digit < after else digit for digit, after in zip(digits, later))


def century_number(value: str) -> int:
    return int(value) if value.isdigit() else roman(value)


def number(low: int, high: int, digits: int | None = None) -> object:
    """An integer token in [low, high], with exactly `digits` digits if given."""
    return custom(
        lambda value: low <= int(value) <= high and (digits is None or len(value) == digits),
        types="INT",
    )


def lemmas(forms: str) -> object:
    """Any form of these words (dictionary forms, separated by spaces)."""
    return dictionary(set(forms.split()))


def words(forms: str) -> object:
    """Exactly these word forms (separated by spaces), any letter case."""
    return in_caseless(set(forms.split()))


# --- words -------------------------------------------------------------------

DASH = in_({"-", "–", "—", "‒", "−", "―"})
DOT = eq(".")
COMMA = eq(",")
IN = words("в во")
FROM = words("с со c")  # a Latin "c" is a common typo
YEAR_NOUN = words("год года году годом годе")  # singular only ("лет" is not)
YEARS_NOUN = words("годы годов годам годами годах")
YEAR_WORD = or_(rule(words("г гг"), DOT.optional()), rule(YEAR_NOUN), rule(YEARS_NOUN))
CENTURY_NOUN = words("век века веку веком веке столетие столетия столетию столетии")
CENTURY_WORD = or_(
    rule(CENTURY_NOUN),
    rule(words("веков векам веках веками столетий столетиях")),
    rule(words("в вв"), DOT),
)
# "2015-м году", "с 2014-го": an ordinal ending glued to a year
ORDINAL_END = rule(DASH, words("м й го му ом ый ого ому"))
DECADE_END = rule(DASH, words("х е ые ых ми"))
MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
MONTH_NAME = lemmas(MONTHS)
OFFSET_WORD = and_(
    lemmas(
        "позапрошлый прошлый прошедший минувший истекший этот текущий нынешний"
        " уходящий наступивший следующий будущий наступающий предстоящий грядущий"
    ),
    not_(words("эти этих этим этими")),  # "в эти годы" is no particular year
)
PART_WORD = lemmas("начало середина конец")
WEEKDAY_WORD = lemmas("понедельник вторник среда четверг пятница суббота воскресенье")
SEASON_WORD = lemmas("весна лето осень зима")


def day(field: object) -> object:
    """5, or "5-го", "20-е" as people write ordinal days."""
    return rule(
        number(1, 31).interpretation(field.custom(int)),
        rule(DASH, words("го е ое м му")).optional(),
    )


def month(field: object) -> object:
    return MONTH_NAME.interpretation(field.custom(MONTH_NUMBER))


def month_number(field: object) -> object:
    return number(1, 12, digits=2).interpretation(field.custom(int))


def year(field: object) -> object:
    return number(1000, 2100, digits=4).interpretation(field.custom(int))


def offset(field: object) -> object:
    return OFFSET_WORD.interpretation(field.custom(OFFSET))


def ordinal(field: object, high: int) -> object:
    """первый ... четвёртый, I ... IV, "1-м", up to `high`."""
    return or_(
        lemmas(" ".join(ORDINALS.split()[:high])).interpretation(field.custom(ORDINAL)),
        in_({name for name, value in ROMAN_ORDINAL.items() if value <= high}).interpretation(
            field.custom(ROMAN_ORDINAL.__getitem__)
        ),
        rule(number(1, high).interpretation(field.custom(int)), ORDINAL_END.optional()),
    )


DAY = day(Time.day)
MONTH = month(Time.month)
YEAR = year(Time.year)
END_DAY = day(Time.end_day)
END_MONTH = month(Time.end_month)
END_YEAR = year(Time.end_year)

# --- building blocks ---------------------------------------------------------

# "2024 году", "2024 г.", "2015-м году", "2015-м"; a three-digit year needs "году"
YEAR_EXPR = or_(
    rule(YEAR, ORDINAL_END.optional(), YEAR_WORD),
    rule(YEAR, ORDINAL_END),
    rule(number(100, 999, digits=3).interpretation(Time.year.custom(int)), YEAR_NOUN),
)
END_YEAR_EXPR = or_(rule(END_YEAR, ORDINAL_END.optional(), YEAR_WORD), rule(END_YEAR, ORDINAL_END))
# "прошлом году", "этого года", "текущем году"; "прошлом месяце"; "прошлой неделе"
RELATIVE_YEAR = rule(offset(Time.year_offset), YEAR_NOUN)
RELATIVE_MONTH = rule(offset(Time.month_offset), normalized("месяц"))
RELATIVE_WEEK = rule(offset(Time.week_offset), normalized("неделя"))
RELATIVE_CENTURY = rule(offset(Time.century_offset), CENTURY_NOUN)
# "в том же году", "того же года", "в этом же году": the year the text named before
SAME_YEAR = rule(
    words("тот того том тем этот этого этом этим").interpretation(Time.same_year.const(True)),
    words("же"),
    YEAR_NOUN,
)
# the year a month, season or quarter belongs to: "2024 года", "2024", "прошлого года"
OF_YEAR = or_(YEAR_EXPR, rule(YEAR), RELATIVE_YEAR, SAME_YEAR)
OF_END_YEAR = or_(END_YEAR_EXPR, rule(END_YEAR))

# a year on its own is a date only with "в", "с", "до" before it and punctuation
# after ("в 2007, но", "с 2006,"), in parentheses ("(2003)", "(2001—2003)") or
# in a short range after "в" ("в 1992—2002"); "в 1500 км" is a distance
AFTER_YEAR = in_({",", ".", ";", ":", ")", "—", "–"})
LOOSE = rule(YEAR, AFTER_YEAR)
SHORT_END_YEAR = or_(END_YEAR, number(0, 99, digits=2).interpretation(Time.end_year.custom(int)))
LOOSE_RANGE = rule(YEAR, DASH.interpretation(Time.loose.const(True)), SHORT_END_YEAR)
IN_PARENTHESES = rule(eq("("), or_(LOOSE_RANGE, rule(YEAR)), eq(")"))
# "2016/17", "2017/2018": a season or school year
SEASON_YEARS = rule(YEAR, eq("/").interpretation(Time.loose.const(True)), SHORT_END_YEAR)
# "в 1993 и 2003 годах", "в 2003, 2004 и 2005 годах": each year is its own mention
LISTED_YEARS = rule(
    number(1000, 2100, digits=4),
    rule(or_(rule(COMMA), rule(caseless("и"))), number(1000, 2100, digits=4)).repeatable(),
    or_(rule(YEARS_NOUN), rule(words("гг"), DOT.optional())),
).interpretation(Time.listed.const(True))

# "24.10.2025", "05/08/2008", "2025-10-24"
NUMERIC_DATE = or_(
    rule(DAY, DOT, month_number(Time.month), DOT, YEAR, YEAR_WORD.optional()),
    rule(DAY, eq("/"), month_number(Time.month), eq("/"), YEAR),
    rule(
        YEAR,
        eq("-"),
        month_number(Time.month),
        eq("-"),
        number(1, 31, digits=2).interpretation(Time.day.custom(int)),
    ),
)
# a day, month or year: "29 августа 1991 года", "декабре 2011 г.", "2024 году",
# "10 ноября", "10 ноября прошлого года", "декабре прошлого года"
CALENDAR = or_(NUMERIC_DATE, rule(DAY, MONTH, OF_YEAR.optional()), rule(MONTH, OF_YEAR), YEAR_EXPR)
END_CALENDAR = or_(
    rule(END_DAY, END_MONTH, OF_END_YEAR.optional()), rule(END_MONTH, OF_END_YEAR), END_YEAR_EXPR
)

# "XVIII веке", "XXI в.", "20-м веке", "двадцатом веке", "двадцать первого века", "прошлом веке"
CENTURY_NUMBER = or_(
    custom(lambda value: bool(ROMAN.fullmatch(value)) and 0 < roman(value) <= 21, types="LATIN"),
    number(1, 21),
)
CENTURY = or_(
    rule(
        CENTURY_NUMBER.interpretation(Time.century.custom(century_number)),
        ORDINAL_END.optional(),
        CENTURY_WORD,
    ),
    rule(
        lemmas("восемнадцатый девятнадцатый двадцатый").interpretation(
            Time.century.custom(CENTURY_WORD_NUMBER)
        ),
        CENTURY_WORD,
    ),
    rule(caseless("двадцать"), normalized("первый"), CENTURY_WORD).interpretation(
        Time.century.const(21)
    ),
    RELATIVE_CENTURY,
)


DECADE_4 = custom(lambda v: len(v) == 4 and v.endswith("0") and 1000 <= int(v) <= 2090, types="INT")
DECADE_2 = custom(lambda v: len(v) == 2 and v.endswith("0"), types="INT")
DECADE_NAME = and_(
    lemmas(
        "двадцатый тридцатый сороковой пятидесятый шестидесятый семидесятый"
        " восьмидесятый девяностый нулевой двухтысячный"
    ),
    custom(lambda value: value.lower().endswith(("ые", "ых", "ыми"))),
)
# "девяностые" and "нулевые" stand alone; "двадцатых" needs "годах" ("в двадцатых числах")
BARE_DECADE_NAME = and_(DECADE_NAME, custom(lambda v: v.lower().startswith(("девяност", "нулев"))))
SHORT_DECADE = rule(DECADE_2.interpretation(Time.decade.custom(int)), DECADE_END)
# "2000-х годах", "1990-е", "90-х годах прошлого века", "девяностые годы", "в нулевые";
# "90-е" alone needs a word before it ("в 90-е", "с 90-х", "в конце 80-х"): "40-е
# место" is a rank
DECADE = or_(
    rule(DECADE_4.interpretation(Time.decade.custom(int)), DECADE_END, YEAR_WORD.optional()),
    rule(SHORT_DECADE, YEAR_WORD, CENTURY.optional()),
    rule(SHORT_DECADE, CENTURY),
    rule(
        DECADE_NAME.interpretation(Time.decade.custom(DECADE_WORD)), YEARS_NOUN, CENTURY.optional()
    ),
    rule(BARE_DECADE_NAME.interpretation(Time.decade.custom(DECADE_WORD)), CENTURY.optional()),
)
DECADE_AFTER_A_WORD = or_(DECADE, SHORT_DECADE)

# --- pieces of a period --------------------------------------------------------

# what "начале", "середине", "конце" and "половине" can be of
PERIOD = or_(
    rule(MONTH, OF_YEAR.optional()),
    YEAR_EXPR,
    RELATIVE_YEAR,
    SAME_YEAR,
    RELATIVE_MONTH,
    RELATIVE_WEEK,
    DECADE_AFTER_A_WORD,
    CENTURY,
)
# "начале 2024 года", "конце декабря 2025 года", "середине 2010-х", "начале XXI века",
# "конце прошлого года", "самом начале марта"
PART_OF = rule(
    words("самом самого самый самое самая самой").optional(),
    PART_WORD.interpretation(Time.part.custom(PART)),
    PERIOD,
)
HALF_ORDINAL = ordinal(Time.half, 2)
# "первом полугодии 2024 года", "первом полугодии", "второй половине 1990-х",
# "первой половине XX века"
HALF = or_(
    rule(HALF_ORDINAL, normalized("полугодие"), OF_YEAR.optional()),
    rule(HALF_ORDINAL, normalized("половина"), PERIOD),
)
# "первом квартале 2024 года", "I квартале", "4-м квартале прошлого года"
QUARTER = rule(
    ordinal(Time.quarter, 4),
    normalized("квартал"),
    OF_YEAR.optional(),
)
# "весной 2025 года", "летом 2014-го", "осенью прошлого года"
SEASON = rule(SEASON_WORD.interpretation(Time.season.custom(SEASON_CODE)), OF_YEAR)

# --- relative to the publication date -----------------------------------------

# "вчера", "позавчера", "завтра" ("сегодня" means "nowadays" in news: not a date)
NEAR_DAY = words("позавчера вчера завтра послезавтра").interpretation(
    Time.day_offset.custom(RELATIVE_DAY)
)
# "в понедельник", "во вторник", "в прошлую пятницу", "в следующий вторник"
ON_WEEKDAY = rule(
    IN,
    offset(Time.week_offset).optional(),
    WEEKDAY_WORD.interpretation(Time.weekday.custom(WEEKDAY)),
)
# "четверг, 19 декабря 2019 года", "в понедельник, 22 сентября": the date decides
WEEKDAY_DATE = rule(
    IN.optional(),
    OFFSET_WORD.optional(),
    WEEKDAY_WORD,
    or_(COMMA, DASH).optional(),
    DAY,
    MONTH,
    OF_YEAR.optional(),
)
NUMBER_NAME = lemmas(
    "один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать"
    " тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать"
    " девятнадцать двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят"
    " девяносто сто пара"
)
AGO_AMOUNT = or_(
    number(1, 999).interpretation(Time.ago.custom(int)),
    rule(
        NUMBER_NAME.interpretation(Time.ago.custom(NUMBER_WORD)),
        NUMBER_NAME.interpretation(Time.ago_extra.custom(NUMBER_WORD)).optional(),
    ),
)
AGO_UNIT_WORD = lemmas("год полгода десятилетие месяц неделя день сутки").interpretation(
    Time.ago_unit.custom(AGO_UNIT)
)
# one unit without a number: "год назад", "неделю назад", "более года назад"
ONE_AGO_UNIT = words(
    "год года полгода полугода полвека месяц месяца неделю недели день дня сутки суток"
).interpretation(Time.ago_unit.custom(AGO_UNIT))
# "15 лет назад", "более 15 лет назад", "около двух лет назад", "двадцать пять лет назад"
AGO = rule(
    or_(
        words("более свыше больше").interpretation(Time.until.const(True)),
        words("около почти примерно приблизительно порядка").interpretation(
            Time.approximate.const(True)
        ),
    ).optional(),
    or_(rule(AGO_AMOUNT, AGO_UNIT_WORD), ONE_AGO_UNIT),
    caseless("тому").optional(),
    caseless("назад"),
)

# --- ranges ------------------------------------------------------------------

# "2017–2018 годах", "2017-18 годах", "2017—2018 гг.", "2020-2030 годы"
YEAR_RANGE = rule(YEAR, DASH, SHORT_END_YEAR, YEAR_WORD)
OF_END_YEAR_OR_RELATIVE = or_(OF_END_YEAR, RELATIVE_YEAR)
# "3—4 июля 2024 года", "10-12 ноября"
DAY_RANGE = rule(DAY, DASH, END_DAY, END_MONTH, OF_END_YEAR_OR_RELATIVE.optional())
# "январе–марте 2024 года", "январь-март"
MONTH_RANGE = rule(MONTH, DASH, END_MONTH, OF_END_YEAR_OR_RELATIVE.optional())


# "1980–1990-х годах", "1980-х – 1990-х", "80–90-е годы"
def decade_range(digits: object, *tail: object) -> object:
    return rule(
        digits.interpretation(Time.decade.custom(int)),
        DECADE_END.optional(),
        DASH,
        digits.interpretation(Time.end_decade.custom(int)),
        DECADE_END,
        YEAR_WORD.optional(),
        *tail,
    )


DECADE_RANGE = or_(decade_range(DECADE_4), decade_range(DECADE_2, CENTURY.optional()))
# "XIX–XX веков", "XVIII-XIX вв."
CENTURY_RANGE = rule(
    CENTURY_NUMBER.interpretation(Time.century.custom(century_number)),
    DASH,
    CENTURY_NUMBER.interpretation(Time.end_century.custom(century_number)),
    CENTURY_WORD,
)
# "сентябрь 2014 — январь 2015 годов", "20 июня — 10 августа 2016 года"
DASHED_RANGE = rule(
    or_(rule(DAY, MONTH, OF_YEAR.optional()), rule(MONTH, or_(YEAR_EXPR, rule(YEAR)))),
    DASH,
    or_(rule(END_DAY, END_MONTH, OF_END_YEAR.optional()), rule(END_MONTH, OF_END_YEAR)),
)
# "с 2003 по 2004 годы", "с 2003 года по 2004 год", "с января по октябрь 2017 года",
# "с 1 по 5 марта 2024 года", "с мая 2019 года по март 2020 года", "с 2010 до 2015 года",
# "с 2003 по 2004," (two bare numbers need punctuation after: "с 1000 до 2000 рублей")
FROM_TO = or_(
    rule(
        FROM,
        or_(CALENDAR, MONTH, DAY, YEAR),
        words("по до"),
        or_(
            END_CALENDAR,
            rule(END_YEAR, AFTER_YEAR),
            rule(month(Time.end_month), RELATIVE_YEAR),
        ),
    ),
    rule(FROM, YEAR_EXPR, words("по до"), END_YEAR),
)
# "между 2010 и 2015 годами", "между 1 и 5 марта"
BETWEEN = rule(
    caseless("между"),
    or_(
        rule(YEAR, YEAR_WORD.optional(), caseless("и"), END_YEAR_EXPR),
        rule(DAY, caseless("и"), END_DAY, END_MONTH, OF_END_YEAR.optional()),
    ),
)

# --- open intervals, approximations ------------------------------------------

# what an interval word can bound
BOUND = or_(
    CALENDAR,
    MONTH,
    PART_OF,
    HALF,
    QUARTER,
    DECADE_AFTER_A_WORD,
    CENTURY,
    RELATIVE_YEAR,
    RELATIVE_MONTH,
    LOOSE,
)
# "по настоящее время", "по сей день", "до сих пор": the interval stays open
STILL = or_(
    rule(
        words("по до"),
        or_(
            rule(words("настоящее настоящего"), words("время времени")),
            rule(caseless("сей"), caseless("день")),
            rule(words("сегодняшний сегодняшнего нынешний нынешнего"), words("день дня")),
            rule(words("наши наших"), words("дни дней")),
        ),
    ),
    rule(caseless("до"), caseless("сих"), caseless("пор")),
)
# "с 2014 года", "начиная с 2014 года", "со 2 марта 2020 года", "с 1990-х годов",
# "с начала 2024 года", "не ранее 2025 года", "с 2014 года по настоящее время"
SINCE = rule(
    or_(
        rule(caseless("начиная").optional(), FROM),
        rule(caseless("не"), words("ранее раньше")),
    ).interpretation(Time.since.const(True)),
    BOUND,
    STILL.optional(),
)
# "до 2000 года", "вплоть до 2020 года", "к 2030 году", "к концу 2025 года", "не позднее 2025 года"
UNTIL = rule(
    or_(
        rule(caseless("вплоть").optional(), caseless("до")),
        rule(caseless("не"), words("позднее позже")),
        rule(caseless("к")),
    ).interpretation(Time.until.const(True)),
    BOUND,
)
# "по 2019 год", "по 31 декабря 2019 года", "по март 2020 года": "по" with the
# accusative means "until" ("по 2019 году" is "for 2019" and stays a plain year)
UNTIL_PO = rule(
    caseless("по").interpretation(Time.until.const(True)),
    or_(
        rule(YEAR, ORDINAL_END.optional(), words("год годы")),
        rule(DAY, MONTH, OF_YEAR.optional()),
        rule(
            words(MONTHS).interpretation(Time.month.custom(MONTH_NUMBER)),
            OF_YEAR,
        ),
    ),
)
# "после 2014 года", "после 5 марта"
AFTER = rule(caseless("после").interpretation(Time.after.const(True)), CALENDAR)
# "около 2015 года", "примерно в 2015 году", "приблизительно в 1990-х годах"
APPROXIMATELY = rule(
    words("около примерно приблизительно ориентировочно").interpretation(
        Time.approximate.const(True)
    ),
    IN.optional(),
    or_(CALENDAR, DECADE_AFTER_A_WORD, CENTURY),
)

# --- the forms, most specific first (on equal spans the first one wins) --------

DATE = or_(
    FROM_TO,
    BETWEEN,
    YEAR_RANGE,
    DECADE_RANGE,
    CENTURY_RANGE,
    MONTH_RANGE,
    DAY_RANGE,
    DASHED_RANGE,
    SINCE,
    UNTIL,
    UNTIL_PO,
    AFTER,
    APPROXIMATELY,
    PART_OF,
    HALF,
    QUARTER,
    SEASON,
    DECADE,
    CENTURY,
    WEEKDAY_DATE,
    ON_WEEKDAY,
    AGO,
    CALENDAR,
    # "в мае", "в мае 2019 года": a month without a day or year needs "в" (and
    # takes the year nearest the publication date)
    rule(IN, MONTH, OF_YEAR.optional()),
    rule(IN, SHORT_DECADE),  # "в 90-е"
    LISTED_YEARS,
    SEASON_YEARS,
    IN_PARENTHESES,
    rule(IN, or_(LOOSE_RANGE, LOOSE)),
    RELATIVE_YEAR,
    RELATIVE_MONTH,
    RELATIVE_WEEK,
    SAME_YEAR,
    NEAR_DAY,
).interpretation(Time)
