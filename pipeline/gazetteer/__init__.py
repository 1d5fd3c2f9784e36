"""The gazetteer: countries, cities, other places and international organizations.

The data are CSV files beside this module, one row per entity with its
Wikidata id, canonical Russian name and aliases (`|`-separated, nominative).
Matching must find "Шанхайской организации сотрудничества" from the alias
"Шанхайская организация сотрудничества", so aliases are compared through
pymorphy3 normal forms: a text token matches an alias token when they share
a normal form. That needs no tagger run over the gazetteer and is robust to
the tagger's mistakes on short phrases. A one-word alias is read as the
nominative name it is ("Семей" the city shares no form with "семья"), so
common words do not match it. Case is checked where it carries
meaning: a match starts with a capital letter (or digit), and an alias token
in capitals ("ЕС", "ООН") only matches capitals. Every country is also found
after a state title in apposition ("Республике Аргентина", "Королевства
Швеция", "Государство Израиль"), without listing those forms in the CSV.

`nerel_organizations.csv` (built from NEREL train by `build_nerel.py`) is kept
apart: `organization_links()` only links organizations NER has found.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product
from pathlib import Path

from razdel import tokenize

from pipeline.cachedir import default_location
from pipeline.fingerprint import stage_key
from pipeline.lemmatizer import FUNCTION_POS, analyzer, normal_forms

DATA = Path(__file__).resolve().parent
FILES = {
    "countries.csv": "COUNTRY",
    "organizations.csv": "ORGANIZATION",
    "cities.csv": "CITY",
    "locations.csv": "LOCATION",
}
ORGANIZATION_LINKS = DATA / "nerel_organizations.csv"
GEONAMES_CITIES = DATA / "geonames_cities.csv"
# When one alias names entities of several types, the more likely one wins.
TYPE_PRIORITY = ("COUNTRY", "ORGANIZATION", "CITY", "LOCATION")
MAX_VARIANTS = 64  # normal-form combinations stored per alias
# "<title> <country>" names the country (apposition, the country stays nominative).
STATE_TITLES = ("Республика", "Королевство", "Государство", "Княжество", "Султанат")
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


def priority(entry: Entry) -> tuple[int, str]:
    return TYPE_PRIORITY.index(entry.type), entry.key


def split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def prepared(word: str) -> str:
    return word.translate(QUOTES).replace("—", "-")


@lru_cache(maxsize=50_000)
def token_forms(word: str) -> frozenset[str]:
    """A word's normal forms; a hyphenated one also part by part, since
    pymorphy3 declines only its last part ("Каменска-Уральского" →
    "каменска-уральский", not "каменск-уральский")."""
    word = prepared(word)
    forms = normal_forms(word)
    parts = word.split("-")
    if 1 < len(parts) <= 3 and all(parts):
        combined = product(*(sorted(normal_forms(part)) for part in parts))
        forms |= {"-".join(variant) for variant in islice(combined, MAX_VARIANTS)}
    return forms


@lru_cache(maxsize=50_000)
def nominative_forms(word: str) -> frozenset[str]:
    """The normal forms of a one-word alias read as what it is, a name in the
    nominative: the city "Семей" must not reach "семья" (whose genitive plural it
    also is), nor "Дели" the verb "деть" and so "День"."""
    lower = prepared(word).lower()
    forms = {lower.replace("ё", "е")}
    if any("а" <= char <= "я" or char == "ё" for char in lower):
        forms.update(
            parse.normal_form.replace("ё", "е")
            for parse in analyzer().parse(lower)
            if parse.tag.case == "nomn" and parse.tag.POS not in FUNCTION_POS
        )
    return frozenset(forms)


def with_yo_variants(names: Iterable[str]) -> list[str]:
    """Every name, each ё-name followed by its е-spelling (news writes both)."""
    out: list[str] = []
    for name in names:
        out.append(name)
        if "ё" in name or "Ё" in name:
            out.append(name.replace("ё", "е").replace("Ё", "Е"))
    return out


def fold(name: str) -> str:
    return name.casefold().replace("ё", "е")


def is_caps(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


@dataclass
class Node:
    children: dict[str, Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    caps: tuple[bool, ...] = ()


class Gazetteer:
    def __init__(self, entries: Sequence[Entry], nominative: bool = True) -> None:
        """`nominative`: one-word aliases are dictionary forms (see `nominative_forms`);
        off for aliases written as inflected in text."""
        self.nominative = nominative
        self.entries = {entry.key: entry for entry in entries}
        self.root = Node()
        self.adjectives: dict[str, Entry] = {}
        self.city_adjectives: dict[str, Entry] = {}
        for entry in entries:
            for alias in dict.fromkeys((entry.canonical, *entry.aliases)):
                self.add(alias, entry)
            by_type = self.city_adjectives if entry.type == "CITY" else self.adjectives
            for adjective in entry.adjectives:
                by_type.setdefault(fold(adjective), entry)
        listed = {fold(alias) for entry in entries for alias in (entry.canonical, *entry.aliases)}
        for entry in entries:
            if entry.type == "COUNTRY":
                for title in STATE_TITLES:
                    if fold(titled := f"{title} {entry.canonical}") not in listed:
                        self.add(titled, entry)
        for node in self.nodes():
            node.entries.sort(key=priority)

    def add(self, alias: str, entry: Entry) -> None:
        words = [token.text for token in tokenize(alias)]
        if not words:
            return
        caps = tuple(is_caps(word) for word in words)
        forms = nominative_forms if len(words) == 1 and self.nominative else token_forms
        variants = islice(product(*(sorted(forms(word)) for word in words)), MAX_VARIANTS)
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
        # a word's forms only when a match can reach it (most words follow no name)
        forms: list[frozenset[str] | None] = [None] * len(words)
        matches = []
        for start, word in enumerate(words):
            if not (word[:1].isupper() or word[:1].isdigit()):
                continue
            best = None
            frontier = [self.root]
            for end in range(start, len(words)):
                here = forms[end]
                if here is None:
                    here = forms[end] = token_forms(words[end])
                frontier = [
                    node.children[form]
                    for node in frontier
                    for form in here
                    if form in node.children
                ]
                if not frontier:
                    break
                found = {
                    entry: None
                    for node in frontier
                    if node.entries and self.case_fits(node.caps, words[start : end + 1])
                    for entry in node.entries
                }
                if found:  # every reading reached through any normal form
                    best = Match(start, end + 1, tuple(sorted(found, key=priority)))
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
        return self.adjectives.get(fold(lemma))

    def city_adjective(self, lemma: str) -> Entry | None:
        """The city of an adjective ("московский" → Москва): NEREL calls it a CITY."""
        return self.city_adjectives.get(fold(lemma))


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def write_rows(path: Path, fields: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """A gazetteer CSV as the build scripts write it (and `read_rows` reads it)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


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
                    kind=row.get("kind") or default_kind(kind, row),
                    # a city belongs to its country, as an office to its organization
                    parent_id=row.get("parent_id") or row.get("country_id", ""),
                )
            )
    return entries


def default_kind(entity_type: str, row: dict[str, str]) -> str:
    """What a row is when its file has no `kind` column: every country a
    "country", a city a "capital" or a "city"."""
    if entity_type == "CITY":
        return "capital" if row.get("capital") == "1" else "city"
    return entity_type.lower()


def stored(name: str, sources: list[Path], build: Callable[[], Gazetteer]) -> Gazetteer:
    """A built gazetteer from the cache folder, or built now and stored there.

    Building the matcher runs pymorphy3 over every alias (about a second);
    loading the pickled result takes a fraction of that, which is most of the
    time to the first document. The file name carries a hash of everything
    the build reads: this module and those it imports (the lemmatizer), the
    data beside it, the versions of pymorphy3 and its dictionary
    (`pipeline.fingerprint`) and `sources`, so a change to any builds afresh.
    """
    digest = hashlib.sha256(stage_key(__name__).encode())
    for source in sources:
        digest.update(source.read_bytes() if source.exists() else b"")
    path = default_location() / f"{name}-{digest.hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # an unwritable cache only costs time
    return built


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, built once per process."""
    sources = [DATA / name for name in FILES]
    return stored("gazetteer", sources, lambda: Gazetteer(load_entries()))


@lru_cache(maxsize=1)
def organization_links(path: Path = ORGANIZATION_LINKS) -> Gazetteer:
    """Organization names → ids learned from NEREL train (see `build_nerel.py`).

    Kept apart from the curated gazetteer: these names only link an organization
    that NER found with exactly their words, they never find mentions themselves.
    """
    if not path.exists():
        return Gazetteer([])
    return stored(
        "organization-links",
        [path],
        lambda: Gazetteer(
            [
                Entry(row["entity_id"], row["canonical"], "ORGANIZATION", split(row["aliases"]))
                for row in read_rows(path)
            ],
            nominative=False,
        ),
    )


def load_geonames(path: Path = GEONAMES_CITIES) -> list[Entry]:
    """GeoNames cities no curated row names, one per name: the most populous
    ("Москва" the Russian capital is curated; the one in Idaho is not taken)."""
    taken = {
        fold(name)
        for entry in load_entries()
        for name in (entry.canonical, *entry.aliases, *entry.adjectives)
    }
    rows = sorted(
        read_rows(path), key=lambda row: (-int(row["population"] or 0), row["geonames_id"])
    )
    entries = []
    for row in rows:
        names = [
            name for name in (row["canonical"], *split(row["aliases"])) if fold(name) not in taken
        ]
        if not names or fold(row["canonical"]) in taken:
            continue
        taken.update(fold(name) for name in names)
        entries.append(
            Entry(
                entity_id="",
                canonical=row["canonical"],
                type="CITY",
                aliases=tuple(names[1:]),
                country_id=row["country_id"],
                kind="city",
                parent_id=row["country_id"],
            )
        )
    return entries


@lru_cache(maxsize=1)
def geonames_cities(path: Path = GEONAMES_CITIES) -> Gazetteer:
    """The long tail of cities (`build_cities.py`), kept apart from the curated
    gazetteer like `organization_links`: it types a place NER found and never
    finds mentions on its own (many of its names are also common words)."""
    if not path.exists():
        return Gazetteer([])
    sources = [path, *(DATA / name for name in FILES)]
    return stored("geonames-cities", sources, lambda: Gazetteer(load_geonames(path)))


def lookup(entity_id: str, canonical: str, source: str) -> Entry | None:
    """The entry behind a mention, by the id, name and source it carries: a
    GeoNames city from that list, a name NER alone found only by its id."""
    if "geonames" in source:
        return geonames_cities().get("", canonical)
    return gazetteer().get(entity_id, canonical if source != "ner" else "")
