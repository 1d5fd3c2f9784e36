"""The date grammar: forms news text uses, their EDTF values, and what is not a date."""

from __future__ import annotations

from datetime import date

import edtf
import pytest

from pipeline.dates import find_dates

PUBLISHED = date(2025, 9, 29)

CASES = [
    ("29 августа 1991 года указом", "29 августа 1991 года", "1991-08-29"),
    ("в декабре 2011 г. страна", "декабре 2011 г.", "2011-12"),
    ("в 2024 г. страна", "2024 г.", "2024"),
    ("в 2015-м году Казбат", "2015-м году", "2015"),
    ("В 2017–2018 годах Казахстан", "2017–2018 годах", "2017/2018"),
    ("В 2017-18 годах Казахстан", "2017-18 годах", "2017/2018"),
    ("с 2003 по 2004 годы", "с 2003 по 2004 годы", "2003/2004"),
    ("С января по октябрь 2017 года", "С января по октябрь 2017 года", "2017-01/2017-10"),
    ("3—4 июля 2024 года", "3—4 июля 2024 года", "2024-07-03/2024-07-04"),
    ("на 2020-2030 годы", "2020-2030 годы", "2020/2030"),
    ("начиная с 2014 года", "начиная с 2014 года", "2014/.."),
    ("до 2000 года", "до 2000 года", "../2000"),
    ("в 2000-х годах", "2000-х годах", "200X"),
    ("в 1990-е годы", "1990-е годы", "199X"),
    ("в XVIII веке", "XVIII веке", "17XX"),
    ("в начале 2024 года", "начале 2024 года", "2024-01~/2024-04~"),
    ("в конце декабря 2025 года", "конце декабря 2025 года", "2025-12-21~/2025-12-31~"),
    ("весной 2025 года", "весной 2025 года", "2025-21"),
    ("в прошлом году", "прошлом году", "2024"),
    ("в декабре прошлого года", "декабре прошлого года", "2024-12"),
    ("15 лет назад", "15 лет назад", "2010"),
    ("вчера", "вчера", "2025-09-28"),
    ("10 ноября", "10 ноября", "2025-11-10"),
]


@pytest.mark.parametrize(("text", "mention", "value"), CASES)
def test_form_and_value(text, mention, value):
    found = list(find_dates(text, PUBLISHED))
    assert [(text[m.start : m.end], m.value) for m in found] == [(mention, value)]
    assert edtf.parse_edtf(value)


@pytest.mark.parametrize(
    "text", ["отношения со 186 государствами", "2,7 трлн долларов", "выставки ЭКСПО-2017"]
)
def test_numbers_that_are_not_time(text):
    assert list(find_dates(text, PUBLISHED)) == []


def test_relative_time_without_publication_date_is_not_guessed():
    found = {m.value for m in find_dates("в прошлом году и 10 ноября", None)}
    assert found == {"", "XXXX-11-10"}


def test_open_interval_has_no_end_year():
    [mention] = find_dates("с 2014 года", None)
    assert (mention.year_start, mention.year_end) == (2014, None)
