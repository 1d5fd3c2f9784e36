"""Deterministic selection of NEREL documents for gold event annotation.

A document is eligible when its `.ann` has at least one `COUNTRY` entity and at
least one `ORGANIZATION` entity that names an organization of the gazetteer
(`pipeline/gazetteer/organizations.csv`): its text equals a canonical name or an
alias, or contains one as a word-boundary substring (case-sensitive), or its
Wikidata link (`N` line) is an `entity_id` of the gazetteer.

`eligible_linked` is broader: an ORGANIZATION entity also counts when the
gazetteer's own matcher (`pipeline.gazetteer.gazetteer().match`, which compares
pymorphy3 normal forms) finds an organization of `organizations.csv` in its
tokens, so inflected forms such as "Евросоюза" count too. `top_up` fills the
strict sample up to `k` from those extra documents.

Run as `python -m pipeline.bench.gold_sample FOLDER K` to print both eligible
counts, the strict sample and the topped-up sample.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

from razdel import tokenize

from pipeline.gazetteer import Gazetteer
from pipeline.gazetteer import gazetteer as bundled_gazetteer

GAZETTEER = Path(__file__).resolve().parent.parent / "gazetteer" / "organizations.csv"
ENTITY = re.compile(r"^(T\d+)\t(\S+) [\d ;]+\t(.*)$")
LINK = re.compile(r"^N\d+\tReference (T\d+) Wikidata:(Q\d+)")


def gazetteer(path: Path = GAZETTEER) -> tuple[re.Pattern[str], set[str]]:
    """Return a word-boundary pattern of all names and aliases, and the set of ids."""
    names: set[str] = set()
    ids: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["entity_id"]:
                ids.add(row["entity_id"])
            names.add(row["canonical"].strip())
            names.update(alias.strip() for alias in row["aliases"].split("|"))
    names.discard("")
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), ids


def entities(ann: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The T-lines (id -> (type, text)) and Wikidata links (T id -> Q id) of a `.ann`."""
    kinds: dict[str, tuple[str, str]] = {}
    links: dict[str, str] = {}
    for line in ann.splitlines():
        if match := ENTITY.match(line):
            kinds[match.group(1)] = (match.group(2), match.group(3))
        elif match := LINK.match(line):
            links[match.group(1)] = match.group(2)
    return kinds, links


def names_organization(text: str, matcher: Gazetteer) -> bool:
    """Whether the gazetteer matcher finds an organization entry in any inflected form."""
    words = [token.text for token in tokenize(text)]
    return any(
        entry.type == "ORGANIZATION" for found in matcher.match(words) for entry in found.entries
    )


def is_linked_eligible(ann: str, matcher: Gazetteer, ids: set[str]) -> bool:
    """Whether one `.ann` text has a COUNTRY and an ORGANIZATION the gazetteer knows."""
    kinds, links = entities(ann)
    if not any(kind == "COUNTRY" for kind, _ in kinds.values()):
        return False
    return any(
        kind == "ORGANIZATION" and (links.get(entity) in ids or names_organization(text, matcher))
        for entity, (kind, text) in kinds.items()
    )


def is_eligible(ann: str, names: re.Pattern[str], ids: set[str]) -> bool:
    """Whether one `.ann` text has a COUNTRY and a gazetteer ORGANIZATION entity."""
    kinds, links = entities(ann)
    if not any(kind == "COUNTRY" for kind, _ in kinds.values()):
        return False
    return any(
        kind == "ORGANIZATION" and (names.search(text) is not None or links.get(entity) in ids)
        for entity, (kind, text) in kinds.items()
    )


def eligible(folder: Path) -> list[str]:
    """Sorted stems of the eligible documents of a NEREL folder."""
    names, ids = gazetteer()
    return sorted(
        path.stem
        for path in folder.glob("*.ann")
        if is_eligible(path.read_text(encoding="utf-8"), names, ids)
    )


def eligible_linked(folder: Path) -> list[str]:
    """Sorted stems eligible by the strict rule or by the gazetteer's inflection-aware matcher."""
    names, ids = gazetteer()
    matcher = bundled_gazetteer()
    stems = []
    for path in folder.glob("*.ann"):
        ann = path.read_text(encoding="utf-8")
        if is_eligible(ann, names, ids) or is_linked_eligible(ann, matcher, ids):
            stems.append(path.stem)
    return sorted(stems)


def sample(folder: Path, k: int, seed: int = 26) -> list[str]:
    """A sorted, seeded random sample of `k` eligible stems (all of them if fewer)."""
    pool = sorted(eligible(folder))
    return sorted(random.Random(seed).sample(pool, min(k, len(pool))))


def top_up(folder: Path, k: int, seed: int = 26) -> list[str]:
    """The strict sample, plus a seeded sample of the linked-only stems up to `k`."""
    strict = sample(folder, k, seed)
    needed = k - len(strict)
    if needed <= 0:
        return strict
    extra = sorted(set(eligible_linked(folder)) - set(strict))
    added = random.Random(seed).sample(extra, min(needed, len(extra)))
    return sorted(strict + sorted(added))


def main(argv: list[str]) -> None:
    """Print both eligible counts and both samples for `FOLDER K`."""
    folder, k = Path(argv[0]), int(argv[1])
    print(f"eligible: {len(eligible(folder))}")
    print(f"eligible_linked: {len(eligible_linked(folder))}")
    print(" ".join(sample(folder, k)))
    print(" ".join(top_up(folder, k)))


if __name__ == "__main__":
    main(sys.argv[1:])
