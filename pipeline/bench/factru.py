"""factRuEval-2016 reader: gold PER/LOC/ORG spans the way natasha/naeval builds them.

A `.objects` line is a typed object made of `.spans` ids. naeval (through
corus) keeps, per object: a Person as one span from its first to its last
character; an Org as its `org_name` spans; a LocOrg or Location as its
`loc_name` spans (overlapping parts of one object flattened). Descriptors
("мэрии", "площади"), jobs and other object types are not names and are left
out. Types become PER, ORG and LOC.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.bench.mention import Document, Mention
from pipeline.bench.score import drop_overlapping

TYPES = {"Person": "PER", "Org": "ORG", "LocOrg": "LOC", "Location": "LOC"}
NAME_PARTS = {"Org": "org_name", "LocOrg": "loc_name", "Location": "loc_name"}


def read_spans(path: Path) -> dict[str, tuple[str, int, int]]:
    """Span id → (span type, start, stop)."""
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            span_id, kind, start, size = line.split()[:4]
            spans[span_id] = (kind, int(start), int(start) + int(size))
    return spans


def object_mentions(kind: str, parts: list[tuple[str, int, int]]) -> list[Mention]:
    label = TYPES[kind]
    if kind == "Person":
        return [Mention(min(p[1] for p in parts), max(p[2] for p in parts), label)]
    names = [Mention(start, stop, label) for part, start, stop in parts if part == NAME_PARTS[kind]]
    return drop_overlapping(names)


def read_objects(path: Path, spans: dict[str, tuple[str, int, int]]) -> Iterator[Mention]:
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 3 or fields[1] not in TYPES:
            continue
        yield from object_mentions(fields[1], [spans[span_id] for span_id in fields[2:]])


def read_document(txt: Path) -> Document:
    spans = read_spans(txt.with_suffix(".spans"))
    mentions = read_objects(txt.with_suffix(".objects"), spans)
    text = txt.read_text(encoding="utf-8")
    return Document(txt.stem, text, tuple(sorted(mentions)))


def read_factru(folder: Path) -> list[Document]:
    """Every `book_*.txt` of a factRuEval folder (e.g. `devset`), sorted by name."""
    return [read_document(path) for path in sorted(folder.glob("book_*.txt"))]
