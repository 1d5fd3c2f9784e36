"""The unit both readers produce and both systems predict: a typed character span."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Mention:
    start: int  # character offsets into the document text, Python slice style
    stop: int
    type: str
    entity_id: str = field(default="", compare=False)


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    mentions: tuple[Mention, ...]


def relabel(mentions: Iterable[Mention], mapping: Mapping[str, str]) -> list[Mention]:
    """The mentions of the mapped types, renamed; the others dropped."""
    return [
        Mention(m.start, m.stop, mapping[m.type], m.entity_id)
        for m in mentions
        if m.type in mapping
    ]
