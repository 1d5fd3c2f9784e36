"""Consistency checks for the gazetteer CSVs in ``pipeline/gazetteer``.

The files are data for the entity linker: countries, cities, international
organisations and other places, each row keyed by its Wikidata id, or by its
canonical name where no id could be verified (an empty id beats a wrong one). Names are
matched case-insensitively and with ё folded to е, so the checks below use
the same folding (:func:`fold`) when they compare names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "pipeline" / "gazetteer"

COLUMNS = {
    "countries.csv": ["entity_id", "canonical", "iso2", "iso3", "status", "aliases", "adjectives"],
    "cities.csv": [
        "entity_id",
        "canonical",
        "country_id",
        "aliases",
        "adjectives",
        "capital",
        "id_note",
    ],
    "organizations.csv": ["entity_id", "canonical", "aliases", "parent_id", "kind", "id_note"],
    "locations.csv": ["entity_id", "canonical", "aliases", "kind"],
    "ambiguous.csv": ["alias", "entity_ids", "note"],
    "nerel_wikidata.csv": ["name", "entity_id", "count"],
    "nerel_organizations.csv": ["entity_id", "canonical", "aliases", "count"],
    "generic_bodies.csv": ["body", "aliases", "note"],
    "short_forms.csv": ["alias", "entity", "note"],
    "not_names.csv": ["word", "note"],
    "countries_overrides.csv": [
        "iso2",
        "entity_id",
        "canonical",
        "status",
        "aliases",
        "adjectives",
    ],
}
ENTITY_FILES = ["countries.csv", "cities.csv", "organizations.csv", "locations.csv"]
# Built from NEREL train by build_nerel.py; only links organizations NER found.
LEARNED = "nerel_organizations.csv"
QID = re.compile(r"^Q[1-9][0-9]*$")

STATUSES = {"un_member", "un_observer", "historical", "partially_recognized"}
ORG_KINDS = {
    "organization",
    "body",
    "programme",
    "mission",
    "agency",
    "bank",
    "facility",
    "summit",
    "treaty",
    "forum",
}
LOCATION_KINDS = {
    "region",
    "continent",
    "sea",
    "territory",
    "strait",
    "province",
    "mountains",
    "lake",
    "river",
}

# UN members without a row in cities.csv, and why. A city-state's capital is
# the state itself (Wikidata gives Q334 as the capital of Q334), and entity
# ids are unique across the files, so it cannot also be a city row.
CAPITAL_EXCEPTIONS = {
    "Q334": "Сингапур: city-state, the country entity is the city",
    "Q235": "Монако: city-state; its capital item (Monaco-Ville) would make «Монако» ambiguous",
}


def fold(name: str) -> str:
    return name.casefold().replace("ё", "е")


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def split(field: str) -> list[str]:
    return [item for item in field.split("|")] if field else []


def key_of(row) -> str:
    """The Wikidata id, or the canonical name of a row without one."""
    return row["entity_id"] or f"name:{fold(row['canonical'])}"


def names_of(row: pd.Series) -> list[str]:
    return [row["canonical"], *split(row["aliases"])]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: read(name) for name in COLUMNS}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_exact_columns(frames, name):
    assert list(frames[name].columns) == COLUMNS[name]


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_entity_ids_are_wikidata_ids(frames, name):
    bad = [i for i in frames[name]["entity_id"] if i and not QID.match(i)]
    assert not bad, f"{name}: not Wikidata ids: {bad}"


@pytest.mark.parametrize("name", ["cities.csv", "organizations.csv"])
def test_a_row_without_an_id_says_why(frames, name):
    """An empty id is a decision ("unverified": no id could be checked), not a gap."""
    frame = frames[name]
    assert (frame["entity_id"] == "").equals(frame["id_note"] != ""), name


def test_entity_ids_unique_within_and_across_files(frames):
    seen: dict[str, str] = {}
    clashes = []
    for name in ENTITY_FILES:
        for entity_id in map(key_of, frames[name].to_dict("records")):
            if entity_id in seen:
                clashes.append((entity_id, seen[entity_id], name))
            seen[entity_id] = name
    assert not clashes, f"duplicate ids (id, first file, second file): {clashes}"


@pytest.mark.parametrize("name", [*ENTITY_FILES, LEARNED])
def test_no_empty_canonical(frames, name):
    empty = frames[name].loc[frames[name]["canonical"].str.strip() == "", "entity_id"].tolist()
    assert not empty, f"{name}: rows without canonical name: {empty}"


@pytest.mark.parametrize("name", [*ENTITY_FILES, LEARNED])
def test_names_are_clean(frames, name):
    """No empty list items, no stray spaces, no name repeated in a row."""
    problems = []
    for _, row in frames[name].iterrows():
        names = names_of(row)
        for item in names:
            if not item or item != item.strip() or "  " in item or "\u0301" in item:
                problems.append((row["entity_id"], item))
        exact = [n.casefold() for n in names]
        if len(exact) != len(set(exact)):
            problems.append((row["entity_id"], "repeated name"))
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_yo_spellings_have_ye_variant(frames, name):
    """Russian news writes both ё and е: every ё-name needs its е-spelling too."""
    missing = []
    for _, row in frames[name].iterrows():
        names = {n.casefold() for n in names_of(row)}
        for item in names_of(row):
            if "ё" in item.casefold() and item.casefold().replace("ё", "е") not in names:
                missing.append((row["entity_id"], item))
    assert not missing, f"{name}: no е-spelling for {missing}"


@pytest.mark.parametrize("name", [*ENTITY_FILES, LEARNED])
def test_rows_sorted_by_canonical(frames, name):
    frame = frames[name]
    keys = [
        (fold(c), int(i[1:]) if i else 0) for c, i in zip(frame["canonical"], frame["entity_id"])
    ]
    assert keys == sorted(keys), f"{name} is not sorted by canonical name"


def test_every_name_resolves_to_one_entity_unless_listed_ambiguous(frames):
    owners: dict[str, set[str]] = defaultdict(set)
    for name in ENTITY_FILES:
        for _, row in frames[name].iterrows():
            for item in names_of(row):
                owners[fold(item)].add(key_of(row))
    listed = {
        fold(a): set(split(ids))
        for a, ids in zip(frames["ambiguous.csv"]["alias"], frames["ambiguous.csv"]["entity_ids"])
    }
    unlisted = {n: sorted(ids) for n, ids in owners.items() if len(ids) > 1 and n not in listed}
    assert not unlisted, f"names shared by several entities but not in ambiguous.csv: {unlisted}"
    wrong = {
        a: (sorted(ids), sorted(owners.get(a, set())))
        for a, ids in listed.items()
        if owners.get(a) != ids
    }
    assert not wrong, (
        f"ambiguous.csv rows whose ids are not exactly the entities carrying the name: {wrong}"
    )


def test_ambiguous_rows_are_explained(frames):
    frame = frames["ambiguous.csv"]
    assert frame["note"].str.strip().ne("").all()
    ids = [i for field in frame["entity_ids"] for i in split(field)]
    assert all(QID.match(i) for i in ids)
    assert all(len(split(field)) >= 2 for field in frame["entity_ids"])


def test_country_status_and_codes(frames):
    countries = frames["countries.csv"]
    assert set(countries["status"]) <= STATUSES
    iso2 = [c for c in countries["iso2"] if c]
    assert len(iso2) == len(set(iso2)), "iso2 codes repeat"
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in iso2)
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in countries["iso3"] if c)
    members = countries[countries["status"] == "un_member"]
    assert members["iso2"].ne("").all() and members["iso3"].ne("").all(), (
        "UN members need ISO codes"
    )
    assert all(a == a.lower() for field in countries["adjectives"] for a in split(field))


def test_adjectives_name_one_country(frames):
    owners: dict[str, set[str]] = defaultdict(set)
    countries = frames["countries.csv"]
    for entity_id, field in zip(countries["entity_id"], countries["adjectives"]):
        for adjective in split(field):
            owners[fold(adjective)].add(entity_id)
    shared = {a: sorted(ids) for a, ids in owners.items() if len(ids) > 1}
    assert not shared, f"adjectives of several countries: {shared}"
    assert owners["казахстанский"] == {"Q232"} and owners["российский"] == {"Q159"}


def test_at_least_193_un_members(frames):
    members = frames["countries.csv"].query("status == 'un_member'")
    assert len(members) >= 193


def test_observers_present(frames):
    observers = set(frames["countries.csv"].query("status == 'un_observer'")["iso2"])
    assert {"VA", "PS"} <= observers


def test_key_countries(frames):
    countries = frames["countries.csv"].set_index("entity_id")
    for entity_id, canonical in {
        "Q232": "Казахстан",
        "Q159": "Россия",
        "Q30": "США",
        "Q148": "Китай",
        "Q15180": "СССР",
    }.items():
        assert countries.loc[entity_id, "canonical"] == canonical


def test_at_least_150_organizations(frames):
    assert len(frames["organizations.csv"]) >= 150


def test_organization_kinds_and_parents(frames):
    orgs = frames["organizations.csv"]
    assert set(orgs["kind"]) <= ORG_KINDS
    known = set(orgs["entity_id"])
    parents = [p for p in orgs["parent_id"] if p]
    assert all(QID.match(p) for p in parents)
    missing = sorted(set(parents) - known)
    assert not missing, f"parent_id not in organizations.csv: {missing}"
    own = orgs["entity_id"].ne("") & (orgs["parent_id"] == orgs["entity_id"])
    assert not own.any(), "an organisation is its own parent"


def test_location_kinds(frames):
    assert set(frames["locations.csv"]["kind"]) <= LOCATION_KINDS


def test_city_countries_exist_and_capital_flag(frames):
    cities = frames["cities.csv"]
    assert set(cities["capital"]) <= {"0", "1"}
    countries = set(frames["countries.csv"]["entity_id"])
    missing = sorted(set(cities["country_id"]) - countries)
    assert not missing, f"cities.country_id not in countries.csv: {missing}"


def test_every_un_member_has_a_capital(frames):
    cities = frames["cities.csv"]
    with_capital = set(cities.loc[cities["capital"] == "1", "country_id"])
    members = frames["countries.csv"].query("status == 'un_member'")
    lacking = {
        row["entity_id"]: row["canonical"]
        for _, row in members.iterrows()
        if row["entity_id"] not in with_capital and row["entity_id"] not in CAPITAL_EXCEPTIONS
    }
    assert not lacking, f"UN members without a capital in cities.csv: {lacking}"
    stale = set(CAPITAL_EXCEPTIONS) & with_capital
    assert not stale, f"exceptions that now have a capital row: {stale}"


def test_nerel_facts_table(frames):
    facts = frames["nerel_wikidata.csv"]
    assert len(facts) > 0
    assert all(QID.match(i) for i in facts["entity_id"])
    counts = facts["count"].astype(int)
    assert (counts >= 2).all()
    assert (facts["name"] == facts["name"].str.lower()).all()
    keys = list(zip(facts["name"], facts["entity_id"].str[1:].astype(int)))
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_countries_csv_matches_overrides(frames):
    """Every override row has exactly one output row with the same id and status."""
    overrides = frames["countries_overrides.csv"].set_index("entity_id")
    countries = frames["countries.csv"].set_index("entity_id")
    assert sorted(overrides.index) == sorted(countries.index)
    assert (overrides["status"] == countries.loc[overrides.index, "status"]).all()
    assert (overrides["iso2"] == countries.loc[overrides.index, "iso2"]).all()


def test_countries_csv_is_rebuilt_from_overrides(tmp_path):
    """Rebuilding with babel and pycountry reproduces the committed file byte for byte."""
    pytest.importorskip("babel")
    pytest.importorskip("pycountry")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_countries", DATA / "build_countries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = tmp_path / "countries.csv"
    module.build(DATA / "countries_overrides.csv", rebuilt)
    assert rebuilt.read_bytes() == (DATA / "countries.csv").read_bytes()


def test_learned_organizations_are_linked_and_apart_from_the_curated_rows(frames):
    learned = frames[LEARNED]
    assert len(learned) > 500
    ids = learned["entity_id"].tolist()
    assert all(QID.match(i) for i in ids) and len(ids) == len(set(ids))
    assert (learned["count"].astype(int) >= 1).all()
    curated_ids = {i for name in ENTITY_FILES for i in frames[name]["entity_id"] if i}
    assert not set(ids) & curated_ids, "curated rows own these ids"
    curated_names = {
        fold(n) for name in ENTITY_FILES for _, r in frames[name].iterrows() for n in names_of(r)
    }
    owners: dict[str, set[str]] = defaultdict(set)
    for _, row in learned.iterrows():
        for item in names_of(row):
            owners[fold(item)].add(row["entity_id"])
    assert not {n for n, o in owners.items() if len(o) > 1}, "a learned name names two ids"
    assert not set(owners) & curated_names, "a learned name the curated gazetteer already has"


@pytest.mark.slow
def test_learned_organizations_are_rebuilt_from_nerel_train(tmp_path):
    """build_nerel.py on NEREL train reproduces the committed file byte for byte."""
    from pipeline.gazetteer.build_nerel import TRAIN, build

    if not TRAIN.is_dir():
        pytest.skip(f"NEREL train not found at {TRAIN} (../shared next to the repository)")
    rebuilt = tmp_path / LEARNED
    build(TRAIN, rebuilt)
    assert rebuilt.read_bytes() == (DATA / LEARNED).read_bytes()


def test_generic_bodies_are_sorted_and_named_once(frames):
    bodies = frames["generic_bodies.csv"]
    assert list(bodies["body"]) == sorted(bodies["body"], key=fold)
    owners: dict[str, set[str]] = defaultdict(set)
    for _, row in bodies.iterrows():
        for name in [row["body"], *split(row["aliases"])]:
            owners[fold(name)].add(row["body"])
    assert not {n for n, o in owners.items() if len(o) > 1}, "a name of two bodies"
    for _, row in bodies.iterrows():
        names = [row["body"], *split(row["aliases"])]
        spelled = {n.casefold() for n in names}
        assert all(n.casefold().replace("ё", "е") in spelled for n in names), row["body"]


def test_short_forms_name_curated_organizations(frames):
    orgs = frames["organizations.csv"]
    keys = set(orgs["entity_id"]) | set(orgs.loc[orgs["entity_id"] == "", "canonical"])
    forms = frames["short_forms.csv"]
    assert set(forms["entity"]) <= keys
    assert forms["note"].str.strip().ne("").all()
    pairs = list(zip(forms["alias"].map(fold), forms["entity"]))
    assert len(pairs) == len(set(pairs))


def test_not_names_are_no_curated_names(frames):
    curated = {
        fold(n) for name in ENTITY_FILES for _, r in frames[name].iterrows() for n in names_of(r)
    }
    words = frames["not_names.csv"]
    assert not {fold(w) for w in words["word"]} & curated
    assert words["note"].str.strip().ne("").all()


def test_national_bodies_are_read_off_the_gazetteers_names():
    """A country's body comes from a name that says whose body it is; a learned
    name whose own label is no body's (an annotation slip) gives none."""
    from pipeline.gazetteer.bodies import national

    bodies = {pair: entry.entity_id for pair, entry in national().items()}
    assert bodies[("Министерство иностранных дел", "Q159")] == "Q789889"  # "МИД России"
    assert bodies[("Правительство", "Q159")] == "Q1140115"  # "Российское правительство"
    assert bodies[("Совет безопасности", "Q159")] == "Q672108"  # "Совбеза РФ"
    assert bodies[("Министерство иностранных дел", "Q183")] == "Q56034"
    assert ("Министерство обороны", "Q145") not in bodies  # linked to the monarchy
    assert ("Министерство иностранных дел", "Q142") not in bodies  # France's: not known
