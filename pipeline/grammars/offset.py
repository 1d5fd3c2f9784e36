"""Years counted from another date: "пятью годами позже", "спустя два года", "через год",
"тремя годами ранее".

Such a phrase has no value of its own: it dates a clause from the date of the
clause it leans on ("Румыния вступила в НАТО в 2004 году, а Албания — пятью
годами позже": 2009). It is read from the words of the clause that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.grammars.date import NUMBER_WORD

LATER = {"позже", "позднее", "спустя"}
EARLIER = {"ранее", "раньше"}
BEFORE_COUNT = {"спустя": 1, "через": 1}  # "спустя два года", "через год"
YEAR_STEMS = ("год", "лет")


def count(word: str) -> int | None:
    """The number a word names: digits or a number word ("пятью", "двух")."""
    if word.isdigit():
        return int(word) if len(word) <= 3 else None
    try:
        return int(NUMBER_WORD(word))
    except StopIteration:
        return None


def year_offset(words: Sequence[str]) -> int | None:
    """The signed number of years the words count from another date, else None."""
    lower = [w.lower().replace("ё", "е") for w in words]
    for i, word in enumerate(lower):
        if not word.startswith(YEAR_STEMS):
            continue
        before = count(lower[i - 1]) if i else None
        after = lower[i + 1] if i + 1 < len(lower) else ""
        amount = before if before is not None else 1
        if after in LATER:
            return amount
        if after in EARLIER:
            return -amount
        previous = lower[i - 2] if before is not None and i >= 2 else (lower[i - 1] if i else "")
        if previous in BEFORE_COUNT:
            return amount * BEFORE_COUNT[previous]
    return None
