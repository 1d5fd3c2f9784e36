"""NEREL 1.1 reader: brat `.ann` files with nested entities and Wikidata links.

`T` lines are entities (`T5<TAB>COUNTRY 89 92<TAB>США`; a discontinuous one,
`1647 1658;1674 1704`, is read as its covering extent). `N` lines link an
entity to Wikidata (`N3<TAB>Reference T9 Wikidata:Q30<TAB>США`); `NULL` and
malformed links are skipped. `R` lines relate two entities
(`R5<TAB>WORKPLACE Arg1:T10 Arg2:T9`, sometimes with a trailing tab). The
benchmark's types are the contract's: NEREL's STATE_OR_PROVINCE and DISTRICT
are places of the contract's LOCATION type ("any other place: regions, ..."),
so they are read as LOCATION; every other NEREL type keeps its name and is
simply not scored.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.bench.mention import Document, Mention

RENAMED = {"STATE_OR_PROVINCE": "LOCATION", "DISTRICT": "LOCATION"}
ENTITY = re.compile(r"^(T\d+)\t(\S+) (\d+(?: \d+;\d+)* \d+)\t")
LINK = re.compile(r"^N\d+\tReference (T\d+) Wikidata:(Q[1-9]\d*)\t(.*)$")
RELATION = re.compile(r"^R\d+\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\t?$")


def read_ann(text: str) -> list[Mention]:
    entities: dict[str, tuple[str, int, int]] = {}
    links: dict[str, str] = {}
    for line in text.splitlines():
        if match := ENTITY.match(line):
            entity, kind, offsets = match.groups()
            numbers = [int(n) for n in re.split(r"[ ;]", offsets)]
            entities[entity] = (RENAMED.get(kind, kind), min(numbers), max(numbers))
        elif match := LINK.match(line):
            links[match.group(1)] = match.group(2)
    return sorted(
        Mention(start, stop, kind, links.get(entity, ""))
        for entity, (kind, start, stop) in entities.items()
    )


def link_names(text: str) -> dict[str, list[str]]:
    """Wikidata id → the names its `N` lines give it (NEREL's normalized names)."""
    names: dict[str, list[str]] = {}
    for line in text.splitlines():
        if match := LINK.match(line):
            names.setdefault(match.group(2), []).append(match.group(3).strip())
    return names


def entity_spans(text: str) -> dict[str, tuple[str, int, int]]:
    """Entity id → (type, start, stop), read as `read_ann` reads them: what `R` lines refer to."""
    entities: dict[str, tuple[str, int, int]] = {}
    for line in text.splitlines():
        if match := ENTITY.match(line):
            entity, kind, offsets = match.groups()
            numbers = [int(n) for n in re.split(r"[ ;]", offsets)]
            entities[entity] = (RENAMED.get(kind, kind), min(numbers), max(numbers))
    return entities


def relation_lines(text: str) -> list[tuple[str, str, str]]:
    """The `R` lines as (relation type, Arg1 entity id, Arg2 entity id), in file order."""
    return [match.groups() for line in text.splitlines() if (match := RELATION.match(line))]


def read_document(txt: Path) -> Document:
    mentions = read_ann(txt.with_suffix(".ann").read_text(encoding="utf-8"))
    return Document(txt.stem, txt.read_text(encoding="utf-8"), tuple(mentions))


def read_nerel(folder: Path) -> list[Document]:
    """Every `*.txt` with its `.ann` in a NEREL split folder (e.g. `dev`), sorted by name."""
    return [read_document(path) for path in sorted(folder.glob("*.txt"))]
