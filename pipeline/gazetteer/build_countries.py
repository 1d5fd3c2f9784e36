"""Rebuild ``countries.csv`` from CLDR/ISO names plus the hand-kept overrides.

Why this script exists
----------------------
Typing 200+ Russian country names, their ISO codes and their official long
forms by hand is error-prone, so the generic part is taken from two
maintained sources and only the part a machine cannot know is kept by hand:

* Babel's Russian CLDR locale (``babel.Locale("ru").territories``) gives the
  standard short Russian name of every ISO 3166-1 territory;
* pycountry gives the ISO alpha-2/alpha-3 codes and, through its bundled
  iso-codes gettext catalogues (``iso3166-1`` and ``iso3166-3``), the Russian
  translations of the ISO short and official (long) names, e.g.
  "Республика Казахстан", "Китайская Народная Республика";
* ``countries_overrides.csv`` (hand-kept, one row per country, columns
  ``iso2,entity_id,canonical,status,aliases,adjectives``) holds what only a
  person can decide: the Wikidata id, the status, the canonical name when the
  CLDR one is not what a Russian-speaking analyst expects ("США", "ЮАР",
  "Южная Корея"), colloquial aliases ("Штаты", "РФ", "Белоруссия") and the
  demonym adjectives. Historical and partially recognised states are extra
  rows, with ``iso2`` empty where no ISO code exists.

Override conventions
--------------------
* ``canonical`` empty means "use the Babel name".
* ``aliases`` and ``adjectives`` are ``|``-separated. An alias starting with
  ``-`` removes a generated alias (compared case-insensitively): CLDR has
  display forms such as "Конго - Киншаса" or "Маршалловы о-ва" that are not
  names anyone writes, and some ISO translations are not wanted as aliases
  ("Палестинские территории" is a different entity from the State of
  Palestine).
* Names are compared case-insensitively (the loader matches lemmas and only
  insists on capitals for all-caps abbreviations such as "ООН"), so aliases
  that differ only in letter case are dropped here. For every alias
  containing "ё" the "е" spelling is added as well, because Russian news
  writes both. The other gazetteer CSVs (cities, organizations, locations,
  ambiguous) are kept by hand under the same rules, which
  ``tests/test_gazetteer_data.py`` enforces.

babel and pycountry are only needed to *rebuild* the CSV; the pipeline reads
the committed ``countries.csv`` and does not import them. Run from the
repository root (it needs nothing from the ``pipeline`` package, so the plain
path form works too)::

    .venv/bin/python pipeline/gazetteer/build_countries.py
    .venv/bin/python -m pipeline.gazetteer.build_countries

The output is deterministic: rows are sorted by canonical name (case- and
ё-insensitively, then by entity id), aliases keep their override-then-source
order.
"""

from __future__ import annotations

import csv
import gettext
import sys
import unicodedata
from pathlib import Path

from pipeline.gazetteer import with_yo_variants, write_rows

HERE = Path(__file__).resolve().parent
OVERRIDES = HERE / "countries_overrides.csv"
OUTPUT = HERE / "countries.csv"

OUTPUT_FIELDS = ["entity_id", "canonical", "iso2", "iso3", "status", "aliases", "adjectives"]
OVERRIDE_FIELDS = ["iso2", "entity_id", "canonical", "status", "aliases", "adjectives"]
STATUSES = {"un_member", "un_observer", "historical", "partially_recognized"}
# Codes outside ISO 3166-1 that CLDR and international bodies use anyway
# (the EU and the IMF write XK/XKX for Kosovo).
USER_ASSIGNED_ALPHA3 = {"XK": "XKX"}


def clean(name: str) -> str:
    """Drop stress marks (iso-codes writes "Респу́блика"), squeeze spaces."""
    decomposed = unicodedata.normalize("NFD", name)
    kept = "".join(ch for ch in decomposed if ch not in "\u0301\u0300")
    return " ".join(unicodedata.normalize("NFC", kept).split())


def fold(name: str) -> str:
    """The matching key: case-insensitive, ё and е treated as one letter."""
    return name.casefold().replace("ё", "е")


def split_list(field: str) -> list[str]:
    return [clean(item) for item in field.split("|") if item.strip()]


def read_overrides(path: Path = OVERRIDES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != OVERRIDE_FIELDS:
            raise SystemExit(
                f"{path.name}: expected columns {OVERRIDE_FIELDS}, got {reader.fieldnames}"
            )
        rows = list(reader)
    for row in rows:
        if row["status"] not in STATUSES:
            raise SystemExit(f"{path.name}: bad status {row['status']!r} for {row['entity_id']}")
    return rows


class NameSources:
    """Russian names and ISO codes from Babel (CLDR) and pycountry (iso-codes)."""

    def __init__(self) -> None:
        import pycountry
        from babel import Locale

        self.pycountry = pycountry
        self.cldr = dict(Locale("ru").territories)
        self.iso1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
        self.iso3 = gettext.translation("iso3166-3", pycountry.LOCALES_DIR, languages=["ru"])

    def current(self, iso2: str) -> tuple[str, list[str]] | None:
        """(alpha-3, generated Russian names) for a current ISO 3166-1 code."""
        country = self.pycountry.countries.get(alpha_2=iso2)
        if country is None:
            if iso2 in USER_ASSIGNED_ALPHA3 and iso2 in self.cldr:
                return USER_ASSIGNED_ALPHA3[iso2], [clean(self.cldr[iso2])]
            return None
        names = [self.cldr.get(iso2, "")]
        for attribute in ("name", "official_name", "common_name"):
            english = getattr(country, attribute, None)
            if english:
                russian = self.iso1.gettext(english)
                if russian != english:  # untranslated entries stay English
                    names.append(russian)
        return country.alpha_3, [clean(n) for n in names if n]

    def historic(self, iso2: str, known: list[str]) -> tuple[str, list[str]] | None:
        """(alpha-3, Russian names) for a withdrawn ISO 3166-3 code.

        Some alpha-2 codes were reused (CS was Czechoslovakia, then Serbia and
        Montenegro), so when several entries share the code the one whose
        Russian name is already among the row's own names wins.
        """
        matches = [
            c for c in self.pycountry.historic_countries if getattr(c, "alpha_2", None) == iso2
        ]
        if len(matches) > 1:
            wanted = {fold(n) for n in known}
            matches = [c for c in matches if fold(clean(self.iso3.gettext(c.name))) in wanted]
        if len(matches) != 1:
            return None
        country = matches[0]
        return country.alpha_3, [clean(self.iso3.gettext(country.name))]


def build_row(override: dict[str, str], sources: NameSources) -> dict[str, str]:
    iso2 = override["iso2"].strip().upper()
    manual = split_list(override["aliases"])
    removed = {a[1:].casefold() for a in manual if a.startswith("-")}
    manual = [a for a in manual if not a.startswith("-")]

    iso3, generated = "", []
    if iso2:
        found = sources.current(iso2)
        if found is None:
            found = sources.historic(iso2, [override["canonical"], *manual])
        if found is None:
            raise SystemExit(f"no ISO entry for {iso2!r} ({override['entity_id']})")
        iso3, generated = found

    canonical = clean(override["canonical"]) or (generated[0] if generated else "")
    if not canonical:
        raise SystemExit(f"no canonical name for {override['entity_id']}")

    # One alias per case-insensitive spelling; the canonical name itself is
    # not repeated, but its е-spelling is kept when it is written with ё.
    aliases: list[str] = []
    seen = {canonical.casefold()} | removed
    for name in with_yo_variants([canonical, *manual, *generated]):
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            aliases.append(name)

    adjectives = [a.lower() for a in split_list(override["adjectives"])]
    return {
        "entity_id": override["entity_id"].strip(),
        "canonical": canonical,
        "iso2": iso2,
        "iso3": iso3,
        "status": override["status"],
        "aliases": "|".join(aliases),
        "adjectives": "|".join(dict.fromkeys(adjectives)),
    }


def sort_key(row: dict[str, str]) -> tuple[str, int]:
    return fold(row["canonical"]), int(row["entity_id"][1:])


def build(overrides: Path = OVERRIDES, output: Path = OUTPUT) -> list[dict[str, str]]:
    sources = NameSources()
    rows = sorted((build_row(o, sources) for o in read_overrides(overrides)), key=sort_key)
    ids = [r["entity_id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate entity ids: {duplicates}")
    write_rows(output, OUTPUT_FIELDS, rows)
    return rows


def main() -> int:
    rows = build()
    print(f"wrote {len(rows)} rows to {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
