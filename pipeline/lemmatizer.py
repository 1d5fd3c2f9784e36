"""pymorphy3 lemmas that agree with the tagger's POS and features.

pymorphy3 alone picks the most frequent parse of a word out of context
("стали" → "сталь"); the slovnet tagger knows the context. The lemma is the
normal form of the first pymorphy3 parse whose part of speech matches the
universal tag, preferring parses that also agree in case, number and gender.
Lookups are cached: news vocabulary is Zipfian, so most tokens hit the cache.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3

# universal POS -> OpenCorpora POS tags that may stand for it
UD_OC = {
    "NOUN": {"NOUN"},
    "PROPN": {"NOUN"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF", "PRTS", "NUMR"},
    "DET": {"ADJF", "NPRO"},
    "PRON": {"NPRO", "ADJF"},
    "VERB": {"VERB", "INFN", "GRND", "PRTF", "PRTS"},
    "AUX": {"VERB", "INFN", "GRND", "PRTF", "PRTS"},
    "ADV": {"ADVB", "COMP", "PRED"},
    "NUM": {"NUMR", "ADJF"},
    "ADP": {"PREP"},
    "CCONJ": {"CONJ"},
    "SCONJ": {"CONJ"},
    "PART": {"PRCL"},
    "INTJ": {"INTJ"},
}
UD_FEATS = {
    "Case": {
        "Nom": {"nomn", "voct"},
        "Gen": {"gent", "gen1", "gen2"},
        "Dat": {"datv"},
        "Acc": {"accs"},
        "Ins": {"ablt"},
        "Loc": {"loct", "loc2"},
    },
    "Number": {"Sing": {"sing"}, "Plur": {"plur"}},
    "Gender": {"Masc": {"masc"}, "Fem": {"femn"}, "Neut": {"neut"}},
}
# tokens without letters (numbers, punctuation) are their own lemma
KEEP_POS = {"PUNCT", "SYM", "NUM", "X", "SPACE"}


# distinct words whose parses are remembered before the table starts afresh
PARSE_TABLE_LIMIT = 20_000


class Analyzer(pymorphy3.MorphAnalyzer):
    """pymorphy3 asks `unicodedata.name` about every letter of a word, and
    Python has no name for some (Tangut, recent additions): such a word
    raised ValueError and failed its whole article. Those letters are no
    Russian, so the word is read without them.

    Parses are remembered: the lemmatizer, the gazetteer, name normalization
    and NER repair each ask about the same words of a document, and pymorphy3
    keeps nothing. Callers get a tuple, which none of them can change."""

    def __init__(self) -> None:
        super().__init__()
        self.table: dict[str, tuple] = {}

    def parse(self, word: str) -> tuple:
        parses = self.table.get(word)
        if parses is None:
            if len(self.table) > PARSE_TABLE_LIMIT:
                self.table.clear()
            parses = self.table[word] = tuple(self.read(word))
        return parses

    def read(self, word: str) -> list:
        try:
            return super().parse(word)
        except ValueError:
            named = "".join(char for char in word if unicodedata.name(char, ""))
            return super().parse(named) if named else []


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return Analyzer()


def agreement(tag: pymorphy3.analyzer.OpencorporaTag, feats: tuple[tuple[str, str], ...]) -> int:
    score = 0
    for key, value in feats:
        grams = UD_FEATS.get(key, {}).get(value)
        if grams and grams & tag.grammemes:
            score += 1
    return score


@lru_cache(maxsize=50_000)
def lemmatize(word: str, pos: str = "", feats: tuple[tuple[str, str], ...] = ()) -> str:
    """Dictionary form of `word` given its universal POS and (sorted) features."""
    lower = word.lower()
    if pos in KEEP_POS and not any(char.isalpha() for char in word):
        return lower
    if not any("а" <= char <= "я" or char == "ё" for char in lower):
        return lower
    parses = analyzer().parse(lower)
    wanted = UD_OC.get(pos)
    candidates = [p for p in parses if wanted and p.tag.POS in wanted] or parses
    best = max(candidates, key=lambda p: agreement(p.tag, feats))
    if pos in {"NOUN", "PROPN"} and "-" in lower:
        return compound_normal_form(lower, best)
    return best.normal_form


# Nouns that decline as the first part of an apposed compound ("странами-членами");
# most first parts do not ("вице-", "премьер-", "поп-", "социал-").
DECLINED_FIRST_PARTS = {"страна", "государство", "организация"}


def compound_normal_form(lower: str, best: pymorphy3.analyzer.Parse) -> str:
    """pymorphy3 declines only the last part of a compound it does not know:
    "государствами-членами" → "государствами-член". A first part that is one of
    DECLINED_FIRST_PARTS in the last part's case and number is put in its own
    dictionary form: "государство-член", "страна-участница"."""
    normal, first = best.normal_form, lower.partition("-")[0]
    if not normal.startswith(first + "-"):
        return normal  # pymorphy3 knows the compound ("премьер-министр")
    nouns = [
        p
        for p in analyzer().parse(first)
        if p.normal_form in DECLINED_FIRST_PARTS
        and (p.tag.case, p.tag.number) == (best.tag.case, best.tag.number)
    ]
    return nouns[0].normal_form + normal[len(first) :] if nouns else normal


def normal_forms(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 knows for `word` (ё folded), for context-free matching."""
    return _normal_forms(word.lower())


# Readings that never belong to a name: "То"/"Тем" must not reach "Того" (Togo) via "тот".
FUNCTION_POS = {"NPRO", "PREP", "CONJ", "PRCL", "INTJ"}


@lru_cache(maxsize=50_000)
def _normal_forms(lower: str) -> frozenset[str]:
    forms = {lower.replace("ё", "е")}
    if any("а" <= char <= "я" or char == "ё" for char in lower):
        forms.update(
            p.normal_form.replace("ё", "е")
            for p in analyzer().parse(lower)
            if p.tag.POS not in FUNCTION_POS and "Apro" not in p.tag
        )
    return frozenset(forms)
