"""Relations: a pack's patterns over the annotated document, into `doc._.relations`.

Configured like spaCy's `EntityRuler`: the factory's config names the pack
files (`patterns`) and whether the default pack comes first
(`default_patterns`); `add_patterns` adds patterns (and relations, words) as
dicts in the pack format; `to_disk` saves the whole pack as `pack.json`, so a
saved pipeline matches the same patterns wherever it is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401  (registers doc attributes)
from pipeline.patterns.engine import Matcher
from pipeline.patterns.pack import Pack, build_pack, pack_from_data
from pipeline.patterns.schema import Pattern

PACK_FILE = "pack.json"


class RelationExtractor:
    def __init__(self, nlp: Language, name: str, pack: Pack) -> None:
        self.name = name
        self.pack = pack
        self.matcher = Matcher(pack)

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        return self.pack.patterns

    def __call__(self, doc: Doc) -> Doc:
        relations = self.matcher(doc)
        event_types = self.event_types
        doc._.relations = relations
        doc._.events = [relation for relation in relations if relation.relation in event_types]
        return doc

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(self.pack.event_types)

    def signature(self, lemmas: frozenset[str]) -> str:
        """What the relations of a document with these lemmas depend on (the cache key)."""
        return self.pack.signature(lemmas)

    def add_patterns(
        self,
        patterns: Iterable[dict[str, Any]],
        relations: Iterable[dict[str, Any]] = (),
        lexicon: dict[str, list[str]] | None = None,
    ) -> None:
        """Patterns (and the relations they state, words for the lexicon) as dicts in
        the pack format; checked like a pack file."""
        data = {"pattern": list(patterns), "relation": list(relations), "lexicon": lexicon or {}}
        self.set_pack(self.pack.merged(pack_from_data([("add_patterns", data)], self.pack)))

    def set_pack(self, pack: Pack) -> None:
        self.pack = pack
        self.matcher = Matcher(pack)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / PACK_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        path = Path(path) / PACK_FILE
        return self.from_bytes(path.read_bytes(), where=str(path))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.pack.as_data(), ensure_ascii=False, indent=1).encode("utf-8")

    def from_bytes(
        self, data: bytes, *, exclude: Iterable[str] = (), where: str = PACK_FILE
    ) -> RelationExtractor:
        # a saved pack holds its whole lexicon, the default lists included
        self.set_pack(pack_from_data([(where, json.loads(data))]))
        return self


@Language.factory(
    "events",
    requires=["doc.spans", "token.lemma", "token.pos", "token.dep"],
    assigns=["doc._.relations", "doc._.events"],
    default_config={"patterns": [], "default_patterns": True},
)
def make_events(
    nlp: Language, name: str, patterns: list[str], default_patterns: bool
) -> RelationExtractor:
    """`patterns`: pack files or modules, added to the default pack unless
    `default_patterns` is false."""
    return RelationExtractor(nlp, name, build_pack(patterns, default=default_patterns))
