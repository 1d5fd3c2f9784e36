"""Recall of memberships on NEREL: its MEMBER_OF relations from a COUNTRY to an
ORGANIZATION, against the MEMBERSHIP rows of an extraction of the same texts.

`python -m pipeline.bench.members OUT NEREL_FOLDER` reads `OUT/events.csv` and
`OUT/entities.csv` (an extraction of the folder's `.txt` files) and the
folder's `.ann` files. A gold pair is found when a MEMBERSHIP row of the same
document names the country and the organization that the gold spans are:
each gold span is read as the entity (Wikidata id, else canonical name) of
the extracted mentions overlapping it, so the score measures the events, not
the boundaries of mentions. A gold argument no mention overlaps cannot be
found; those are counted apart (`unmentioned`), as the NER's share of the
misses.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.bench.relations import read_gold


@dataclass(frozen=True)
class MemberRecall:
    gold: int
    found: int
    unmentioned: int  # gold pairs with an argument no extracted mention overlaps

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


def entities_at(entities: pd.DataFrame) -> dict[str, list[tuple[int, int, set[str]]]]:
    """doc_id → (start, end, names) of every extracted mention: its id and canonical name."""
    spans: dict[str, list[tuple[int, int, set[str]]]] = defaultdict(list)
    for row in entities.itertuples(index=False):
        names = {name for name in (row.entity_id, row.canonical) if name}
        spans[row.doc_id].append((int(row.start), int(row.end), names))
    return spans


def names_over(spans: list[tuple[int, int, set[str]]], start: int, end: int) -> set[str]:
    return {name for s, e, names in spans if s < end and start < e for name in names}


def member_recall(out: Path, folder: Path) -> MemberRecall:
    gold = read_gold(folder)
    events = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    members = events[events["event_type"] == "MEMBERSHIP"]
    stated: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in members.itertuples(index=False):
        for country in {row.country_id, row.country} - {""}:
            for organization in {row.organization_id, row.organization} - {""}:
                stated[row.doc_id].add((country, organization))
    spans = entities_at(pd.read_csv(out / "entities.csv", dtype=str, keep_default_na=False))
    total = found = unmentioned = 0
    for doc_id, relations in gold.items():
        pairs = {
            relation
            for relation in relations
            if relation.relation == "MEMBER_OF"
            and (relation.arg1.type, relation.arg2.type) == ("COUNTRY", "ORGANIZATION")
        }
        for relation in pairs:
            total += 1
            countries = names_over(spans[doc_id], relation.arg1.start, relation.arg1.end)
            organizations = names_over(spans[doc_id], relation.arg2.start, relation.arg2.end)
            if not countries or not organizations:
                unmentioned += 1
            found += any((c, o) in stated[doc_id] for c in countries for o in organizations)
    return MemberRecall(total, found, unmentioned)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m pipeline.bench.members OUT NEREL_FOLDER", file=sys.stderr)
        return 2
    result = member_recall(Path(argv[0]), Path(argv[1]))
    recall = "—" if result.recall is None else f"{result.recall:.3f}"
    print(
        f"MEMBER_OF (COUNTRY → ORGANIZATION): gold {result.gold}, found {result.found}, "
        f"recall {recall}; {result.unmentioned} with an argument no mention overlaps"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
