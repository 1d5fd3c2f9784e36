"""Dictionary forms of multi-word mentions.

"Шанхайской организации сотрудничества" → "Шанхайская организация
сотрудничества": the syntactic head of the mention and the words that agree
with it (adjectives before it) go to the nominative, keeping number and the
head's gender; dependents after the head ("сотрудничества", "ООН") keep their
form. Person names inflect every word. The written shape is kept: capitals
stay capitals. This is natasha's `syntax_normalize` idea, on pymorphy3 and the
spaCy tree.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from pipeline.lemmatizer import UD_OC, analyzer

NOMINAL = {"NOUN", "PROPN"}
AGREEING = {"ADJ", "DET", "NUM"}
# Borrowed names ending in these vowels do not decline (Тинубу, Ниинистё, Моди).
INDECLINABLE_ENDINGS = set("оеёиуюэ")


def restore_shape(form: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        parts = form.split("-")
        originals = original.split("-")
        if len(parts) == len(originals):
            return "-".join(
                p[:1].upper() + p[1:] if o[:1].isupper() else p for p, o in zip(parts, originals)
            )
        return form[:1].upper() + form[1:]
    return form


@lru_cache(maxsize=20_000)
def inflect(word: str, pos: str, case: str, grams: frozenset[str]) -> str:
    """`word` in the nominative with `grams` (number, gender), or unchanged."""
    parses = analyzer().parse(word.lower())
    wanted = UD_OC.get(pos, set())
    fitting = [p for p in parses if p.tag.POS in wanted] or parses
    if case:
        in_case = [p for p in fitting if case in p.tag.grammemes]
        unknown = not any(p.is_known for p in parses)
        if not in_case and unknown and word[-1:].lower() in INDECLINABLE_ENDINGS:
            # a word the dictionary does not know, no reading in the case the tagger
            # sees, and the ending of borrowed names that do not decline: "с Болой
            # Тинубу" is no form of "Тинуба"
            return word
        fitting = in_case or fitting
    for parse in fitting:
        if "Fixd" in parse.tag.grammemes:
            return word
        form = parse.inflect({"nomn", *grams}) or parse.inflect({"nomn"})
        if form:
            return restore_shape(form.word, word)
    return word


CASES = {"Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct", "Nom": "nomn"}


@lru_cache(maxsize=20_000)
def adjective_word(word: str) -> bool:
    """pymorphy3 reads the word as an adjective or participle first."""
    parses = analyzer().parse(word.lower())
    return bool(parses) and parses[0].tag.POS in {"ADJF", "PRTF"}


def agreeing(token: Token) -> bool:
    """An adjective-like word; the tagger calls capitalised ones PROPN ("Объединённых")."""
    return token.pos_ in AGREEING or (token.pos_ == "PROPN" and adjective_word(token.text))


def head_of(span: Span) -> Token:
    """The mention's head noun; a leading adjective the parser took for the head
    ("Объединённых Арабских Эмиратах") passes it on to the noun it agrees with."""
    nominal = [token for token in span if token.pos_ in NOMINAL]
    head = next(
        (
            token
            for token in span
            if token.pos_ in NOMINAL
            and (not (span.start <= token.head.i < span.end) or token.head.i == token.i)
        ),
        nominal[0] if nominal else span[0],
    )
    doc = span.doc
    while (
        head.i + 1 < span.end
        and agreeing(head)
        and doc[head.i + 1].morph.get("Case") == head.morph.get("Case")
    ):
        head = doc[head.i + 1]
    return head


def word_in_nominative(token: Token, grams: frozenset[str]) -> str:
    case = token.morph.get("Case")
    if case == ["Nom"] or (not case and token.pos_ not in NOMINAL | AGREEING):
        return token.text
    oc_case = CASES.get(case[0], "") if case else ""
    return inflect(token.text, token.pos_, oc_case, grams)


def mention_lemma(span: Span, person: bool = False) -> str:
    """The mention in its dictionary form, spacing as in the text."""
    if not len(span):
        return ""
    head = head_of(span)
    number = "plur" if head.morph.get("Number") == ["Plur"] else "sing"
    gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(
        (head.morph.get("Gender") or [""])[0], ""
    )
    grams = frozenset({number, gender} - {""} if number == "sing" else {number})
    case = head.morph.get("Case")
    parts = []
    for token in span:
        word = token.text
        if person and token.pos_ in NOMINAL | {"ADJ"}:
            word = word_in_nominative(token, frozenset())
        elif token.i == head.i:
            word = word_in_nominative(token, frozenset({number}))
        elif token.i < head.i and agreeing(token) and token.morph.get("Case") == case:
            word = word_in_nominative(token, grams)
        parts.append(word + token.whitespace_)
    return "".join(parts).strip()
