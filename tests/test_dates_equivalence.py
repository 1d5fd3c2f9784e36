"""The fast date parser finds exactly what plain yargy finds.

`pipeline.dates` reaches into yargy's parser (columns, states, trees) to
predict only what the next word can start, to cut the text into runs, and to
morph only the grammar's own words (yargy is pinned in pyproject.toml for
that). Here plain yargy (the whole grammar predicted at every word, every word
morphed, the whole sentence read) reads the same sentences: the mentions and
values must be the same, on the form table and on every sentence of the NEREL
texts (all 3,331 mentions of train and dev agreed when this was written).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from razdel import sentenize
from yargy import Parser
from yargy.morph import MorphAnalyzer
from yargy.tokenizer import MorphTokenizer

from pipeline.dates import DateMatch, chosen, find_dates
from pipeline.grammars.date import DATE
from pipeline.lemmatizer import analyzer
from tests.test_dates import CASES, PUBLISHED, UNRESOLVED

NEREL = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "nerel-1.1"


class PlainYargy(Parser):
    """yargy's public parser; pymorphy3 (yargy's default is pymorphy2) as the
    fast one uses, so that only the parsing differs."""

    def __init__(self) -> None:
        super().__init__(DATE, tokenizer=MorphTokenizer(morph=MorphAnalyzer(analyzer())))

    def findall(self, text: str) -> list[DateMatch]:
        chart = self.chart(text)
        return [DateMatch(chart.tokens[a:b], fact) for a, b, fact in chosen(self.rule, chart)]


@cache
def plain() -> PlainYargy:
    return PlainYargy()


def both(sentence: str, published=PUBLISHED) -> tuple[list, list]:
    fast = [(m.start, m.end, m.value) for m in find_dates(sentence, published)]
    slow = [(m.start, m.end, m.value) for m in find_dates(sentence, published, using=plain())]
    return fast, slow


@pytest.mark.parametrize("sentence", [sentence for sentence, _, _ in CASES + UNRESOLVED])
def test_the_form_table_parses_as_plain_yargy_parses_it(sentence):
    fast, slow = both(sentence)
    assert fast == slow
    assert fast, "every sentence of the table holds a date"


@pytest.mark.parametrize(
    ("split", "texts", "at_least"),
    [("dev", 94, 300), pytest.param("train", 746, 2_900, marks=pytest.mark.slow)],
)
def test_the_nerel_texts_parse_as_plain_yargy_parses_them(split, texts, at_least):
    """dev in `make test` (30 s); train, four minutes of plain yargy, with `pytest -m slow`."""
    if not NEREL.is_dir():
        pytest.skip(f"../shared/bench/nerel-1.1 not found: {NEREL} (only in the shared workspace)")
    paths = sorted((NEREL / split).glob("*.txt"))
    assert len(paths) == texts
    differ, mentions = [], 0
    for path in paths:
        for sentence in sentenize(path.read_text(encoding="utf-8")):
            fast, slow = both(sentence.text)
            mentions += len(fast)
            if fast != slow:
                differ.append((path.name, sentence.text, fast, slow))
    assert not differ[:5]
    assert mentions >= at_least
