"""Names whose entity the text around them decides.

Every state has a foreign ministry, a parliament, a central bank: "МИД" or
"Министерство иностранных дел" alone says no more than the class, and linking
it to one id would merge every country's ministry in a join. Such a name
(`generic_bodies.csv`) is linked only when the mention says whose body it is
("МИД России", "российский МИД") and the gazetteer knows that country's body.
Those bodies are not listed by hand: they are read off the gazetteer's own
names, curated and learned, that are a generic name with a country ("МИД
России" is a learned name of Q789889, "Российское правительство" one of
Q1140115).

A short form ("Совет Безопасности", "альянс", `short_forms.csv`) names an
organization only in a text that names the organization itself; several
organizations share some short forms ("Трибунал"), and the one the text names
is meant.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from razdel import tokenize

from pipeline.gazetteer import (
    DATA,
    ORGANIZATION_LINKS,
    Entry,
    Gazetteer,
    gazetteer,
    organization_links,
    read_rows,
    split,
    token_forms,
)
from pipeline.lemmatizer import normal_forms

GENERIC_BODIES = DATA / "generic_bodies.csv"
SHORT_FORMS = DATA / "short_forms.csv"
NOT_NAMES = DATA / "not_names.csv"


def words_of(name: str) -> list[str]:
    return [token.text for token in tokenize(name)]


def whole(index: Gazetteer, words: Sequence[str]) -> list[Entry]:
    """The entries whose alias spans all of `words`."""
    for match in index.match(words):
        if (match.start, match.end) == (0, len(words)):
            return list(match.entries)
    return []


@lru_cache(maxsize=1)
def generic_names() -> Gazetteer:
    """The generic bodies' names, one entry per body (its canonical: the body)."""
    rows = read_rows(GENERIC_BODIES)
    return Gazetteer([Entry("", r["body"], "ORGANIZATION", split(r["aliases"])) for r in rows])


def generic_body(words: Sequence[str]) -> str:
    """The generic body `words` name exactly, else "" ("МИДа" is "МИД" declined)."""
    names = generic_names()
    found = whole(names, words) or whole(names, [abbreviation(word) for word in words])
    return found[0].canonical if found else ""


def abbreviation(word: str) -> str:
    """An abbreviation without the ending news gives it in oblique cases: "МИДа" → "МИД"."""
    stem = word.rstrip("абвгдежзийклмнопрстуфхцчшщъыьэюяё")
    return stem if len(stem) >= 2 and stem.isupper() and len(word) - len(stem) <= 3 else word


def country_of(words: Sequence[str]) -> str:
    """The id of the country `words` name exactly, else ""."""
    return next((e.entity_id for e in whole(gazetteer(), words) if e.type == "COUNTRY"), "")


def demonym_country(word: str) -> str:
    """The country of a demonym in any form ("Российское", "российского")."""
    for form in normal_forms(word.lower()):
        if entry := gazetteer().adjective(form):
            return entry.country_id
    return ""


def body_and_country(words: Sequence[str]) -> tuple[str, str]:
    """("Министерство иностранных дел", "Q159") for "МИД России" or "Российский МИД"."""
    for cut in range(1, len(words)):
        if (body := generic_body(words[:cut])) and (country := country_of(words[cut:])):
            return body, country
    country = demonym_country(words[0]) if len(words) > 1 else ""
    body = generic_body(words[1:]) if country else ""
    return (body, country) if body else ("", "")


def names_a_body(entry: Entry) -> bool:
    """The entry's own name is a body's, with or without its country: a learned
    name can be a slip of the annotation ("Министерства обороны Соединенного
    Королевства" linked to the British monarchy), its label rarely is."""
    words = words_of(entry.canonical)
    return bool(body_and_country(words)[0] or generic_body(words))


def national_bodies(entries: Sequence[tuple[Entry, int, bool]]) -> dict[tuple[str, str], Entry]:
    """(body, country) → entry, from the names of `entries` (each with its weight,
    the mentions behind a learned name, and whether it is curated); where names
    point at several entries, the best supported wins and a tie links none."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_key = {}
    for entry, weight, curated in entries:
        if not curated and not names_a_body(entry):
            continue
        by_key[entry.key] = entry
        for name in dict.fromkeys((entry.canonical, *entry.aliases)):
            body, country = body_and_country(words_of(name))
            if body:
                votes[(body, country)][entry.key] += weight
    found = {}
    for pair, counts in votes.items():
        (best, top), *rest = [*counts.most_common(2), ("", 0)]
        if top > rest[0][1]:
            found[pair] = by_key[best]
    return found


@lru_cache(maxsize=1)
def national() -> dict[tuple[str, str], Entry]:
    """(body, country id) → that country's body, from the curated and learned names."""
    learned = organization_links()
    counts = {row["entity_id"]: int(row["count"]) for row in read_rows(ORGANIZATION_LINKS)}
    entries = [(e, counts.get(e.entity_id, 1), False) for e in learned.entries.values()]
    curated = [
        # a curated name outweighs any number of learned ones
        (e, 1_000_000, True)
        for e in gazetteer().entries.values()
        if e.type == "ORGANIZATION"
    ]
    return national_bodies([*entries, *curated])


@dataclass(frozen=True)
class ShortForm:
    words: tuple[frozenset[str], ...]  # per word, its normal forms
    capital: bool  # written with a capital: a name only where the text capitalises it
    entity: str  # the gazetteer key (id, or canonical name of a row without one)


@lru_cache(maxsize=1)
def short_forms() -> dict[str, list[ShortForm]]:
    """Short forms by the normal forms of their first word."""
    found: dict[str, list[ShortForm]] = defaultdict(list)
    for row in read_rows(SHORT_FORMS):
        words = words_of(row["alias"])
        form = ShortForm(
            tuple(token_forms(word) for word in words), row["alias"][:1].isupper(), row["entity"]
        )
        for first in form.words[0]:
            found[first].append(form)
    return dict(found)


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Words slovnet takes for names that name nothing ("СМИ", "Report")."""
    return frozenset(row["word"] for row in read_rows(NOT_NAMES))


def short_forms_of(word: str) -> list[ShortForm]:
    """The short forms whose first word `word` can be a form of."""
    table = short_forms()
    return list(dict.fromkeys(f for form in token_forms(word) for f in table.get(form, [])))
