"""The gazetteer: countries, cities, other places and international organizations.

The data are CSV files beside this module, one row per entity with its
Wikidata id, canonical Russian name and aliases (`|`-separated, nominative).
Matching must find "Шанхайской организации сотрудничества" from the alias
"Шанхайская организация сотрудничества", so aliases are compared through
pymorphy3 normal forms: a text token matches an alias token when they share
a normal form. That needs no tagger run over the gazetteer and is robust to
the tagger's mistakes on short phrases. Case is checked where it carries
meaning: a match starts with a capital letter (or digit), and an alias token
in capitals ("ЕС", "ООН") only matches capitals.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product
from pathlib import Path

from razdel import tokenize

from pipeline.lemmatizer import normal_forms

DATA = Path(__file__).resolve().parent
FILES = {
    "countries.csv": "COUNTRY",
    "organizations.csv": "ORGANIZATION",
    "cities.csv": "CITY",
    "locations.csv": "LOCATION",
}
# When one alias names entities of several types, the more likely one wins.
TYPE_PRIORITY = ("COUNTRY", "ORGANIZATION", "CITY", "LOCATION")
MAX_VARIANTS = 64  # normal-form combinations stored per alias
QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "–": "-"})


@dataclass(frozen=True)
class Entry:
    entity_id: str  # Wikidata id; empty where none could be verified
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()
    country_id: str = ""
    adjectives: tuple[str, ...] = ()
    kind: str = ""
    parent_id: str = ""

    @property
    def key(self) -> str:
        """Unique within the gazetteer: the Wikidata id, else the canonical name."""
        return self.entity_id or self.canonical


@dataclass(frozen=True)
class Match:
    start: int  # token index
    end: int
    entries: tuple[Entry, ...]

    @property
    def entry(self) -> Entry:
        return self.entries[0]


def split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def token_forms(word: str) -> frozenset[str]:
    return normal_forms(word.translate(QUOTES).replace("—", "-"))


def is_caps(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


@dataclass
class Node:
    children: dict[str, Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    caps: tuple[bool, ...] = ()


class Gazetteer:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = {entry.key: entry for entry in entries}
        self.root = Node()
        self.adjectives: dict[str, Entry] = {}
        for entry in entries:
            for alias in dict.fromkeys((entry.canonical, *entry.aliases)):
                self.add(alias, entry)
            for adjective in entry.adjectives:
                self.adjectives.setdefault(adjective.lower().replace("ё", "е"), entry)
        for node in self.nodes():
            node.entries.sort(key=lambda e: (TYPE_PRIORITY.index(e.type), e.key))

    def add(self, alias: str, entry: Entry) -> None:
        words = [token.text for token in tokenize(alias)]
        if not words:
            return
        caps = tuple(is_caps(word) for word in words)
        variants = islice(product(*(sorted(token_forms(word)) for word in words)), MAX_VARIANTS)
        for variant in variants:
            node = self.root
            for form in variant:
                node = node.children.setdefault(form, Node())
            if entry not in node.entries:
                node.entries.append(entry)
                node.caps = caps

    def nodes(self) -> Iterator[Node]:
        stack = [self.root]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children.values())

    def match(self, words: Sequence[str]) -> list[Match]:
        """All alias matches in a token sequence, the longest one per start token."""
        forms = [token_forms(word) for word in words]
        matches = []
        for start, word in enumerate(words):
            if not (word[:1].isupper() or word[:1].isdigit()):
                continue
            best = None
            frontier = [self.root]
            for end in range(start, len(words)):
                frontier = [
                    node.children[form]
                    for node in frontier
                    for form in forms[end]
                    if form in node.children
                ]
                if not frontier:
                    break
                for node in frontier:
                    if node.entries and self.case_fits(node.caps, words[start : end + 1]):
                        best = Match(start, end + 1, tuple(node.entries))
            if best:
                matches.append(best)
        return matches

    @staticmethod
    def case_fits(caps: tuple[bool, ...], words: Sequence[str]) -> bool:
        return all(is_caps(word) for word, upper in zip(words, caps) if upper)

    def get(self, entity_id: str, canonical: str = "") -> Entry | None:
        """The entry behind a linked mention (by id, or by name for entries without one)."""
        return self.entries.get(entity_id or canonical)

    def adjective(self, lemma: str) -> Entry | None:
        """The country of a demonym adjective ("казахстанский" → Казахстан)."""
        return self.adjectives.get(lemma.lower().replace("ё", "е"))


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_entries(folder: Path = DATA) -> list[Entry]:
    entries = []
    for name, kind in FILES.items():
        path = folder / name
        if not path.exists():
            continue
        for row in read_rows(path):
            entity_id = row["entity_id"]
            entries.append(
                Entry(
                    entity_id=entity_id,
                    canonical=row["canonical"],
                    type=kind,
                    aliases=split(row.get("aliases", "")),
                    country_id=row.get("country_id") or (entity_id if kind == "COUNTRY" else ""),
                    adjectives=split(row.get("adjectives", "")),
                    kind=row.get("kind") or ("capital" if row.get("capital") == "1" else ""),
                    parent_id=row.get("parent_id", ""),
                )
            )
    return entries


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, built once per process."""
    return Gazetteer(load_entries())
