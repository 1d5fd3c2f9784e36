"""Relations: a pack's patterns over the annotated document, into `doc._.relations`.

Configured like spaCy's `EntityRuler`: the factory's config names the pack
files (`patterns`) and whether the default pack comes first
(`default_patterns`); `add_patterns` adds patterns (and relations, words) as
dicts in the pack format.

The config records where the packs were, not what they say: a path relative
to one folder means nothing where a saved pipeline is loaded. So, as the
`EntityRuler` reads its patterns in `initialize` and keeps them in
`to_disk`, the packs are read on `initialize` (or first use), and `to_disk`
saves the whole pack as `pack.json` in the component's folder, which
`from_disk` (run by `spacy.load` after the factory) puts in place of the
configured files without reading them. Module packs are code: only their
names travel (`modules.json`), and they are imported again on loading.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401  (registers doc attributes)
from pipeline.patterns.engine import Matcher
from pipeline.patterns.pack import Pack, build_pack, pack_from_data, saved_pack
from pipeline.patterns.schema import Pattern

PACK_FILE = "pack.json"
MODULES_FILE = "modules.json"  # the module packs to import again, and their code's hash


class RelationExtractor:
    def __init__(
        self,
        nlp: Language,
        name: str,
        pack: Pack | None = None,
        *,
        patterns: Sequence[str] = (),
        default_patterns: bool = True,
    ) -> None:
        self.name = name
        self.sources = tuple(patterns)
        self.default_patterns = default_patterns
        if pack is not None:
            self.set_pack(pack)

    @cached_property
    def matcher(self) -> Matcher:
        """The configured packs, read on first use when neither `initialize` read
        them nor `from_disk` restored a saved pack."""
        return Matcher(build_pack(self.sources, default=self.default_patterns))

    @property
    def pack(self) -> Pack:
        return self.matcher.pack

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """Read the configured packs now, so that a bad one fails before any text is
        read; `spacy.load` does not call this, it restores the saved pack."""
        self.set_pack(build_pack(self.sources, default=self.default_patterns))

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
        self.matcher = Matcher(pack)

    def modules_data(self) -> dict[str, Any]:
        return {"modules": list(self.pack.modules), "code": self.pack.code}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """`pack.json`: the whole pack in the pack format (a pack file of its own);
        `modules.json`: the module packs whose finders it needs."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / PACK_FILE).write_text(dumped(self.pack.as_data()), encoding="utf-8")
        (path / MODULES_FILE).write_text(dumped(self.modules_data()), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        path = Path(path)
        modules = path / MODULES_FILE
        # a folder saved before modules.json was written: its packs were data only
        saved = json.loads(modules.read_text(encoding="utf-8")) if modules.is_file() else {}
        data = json.loads((path / PACK_FILE).read_text(encoding="utf-8"))
        return self.restore(data, saved, str(path / PACK_FILE))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return dumped({"pack": self.pack.as_data(), **self.modules_data()}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        saved = json.loads(data)
        return self.restore(saved["pack"], saved, PACK_FILE)

    def restore(self, data: dict[str, Any], saved: dict[str, Any], where: str) -> RelationExtractor:
        # a saved pack holds its whole lexicon, the default lists included
        pack = saved_pack(data, saved.get("modules", []), saved.get("code", ""), where)
        self.set_pack(pack)
        return self


def dumped(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


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
    `default_patterns` is false; read on `initialize` or first use, never when
    `spacy.load` restores a saved pack."""
    return RelationExtractor(nlp, name, patterns=patterns, default_patterns=default_patterns)
