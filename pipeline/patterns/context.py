"""What an argument finder sees: the trigger, the document's mentions by type, the
arguments found so far, and the pack's word lists.

A finder (`pipeline.patterns.argument_finders`) is a function `finder(ctx, **params)`
returning the mentions (spaCy `Span`s) that fill its role, or `Derived`
arguments that are no mention of their own (the country of a host city).
`ctx.mentions` and `ctx.at` hold only the mentions the role accepts: of its
entity types, passing its checks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from pipeline.patterns.lexicon import Lexicon
from pipeline.patterns.schema import TIME_TYPE, RelationType, Role


@dataclass(frozen=True)
class Derived:
    """An argument that is no mention of its own: no text and no offsets. `source`:
    the mention it was derived from (the host city), whose place in the
    sentence dates it like a mention."""

    name: str
    entity_id: str
    type: str
    source: Span | None = None


@dataclass(frozen=True)
class When:
    value: str = ""
    year_start: int | None = None
    year_end: int | None = None


Found = Span | Derived
Check = Callable[[Span, Lexicon], bool]


def name(span: Span) -> str:
    return span._.canonical or span._.lemma or span.text


def linked_inside(span: Span, doc: Doc) -> Span:
    """An unknown name around a known organization ("Офис ПРООН") stands for the known one."""
    if span._.source != "ner":
        return span
    inner = [
        other
        for other in doc.spans.get("entities", [])
        if other.label_ == "ORGANIZATION"
        and other.kb_id_
        and span.start <= other.start
        and other.end <= span.end
    ]
    return inner[0] if inner else span


class DocIndex:
    """Entity mentions of one document by type, indexed by token; built once per Doc."""

    def __init__(self, doc: Doc, lexicon: Lexicon, checks: Callable[[str], Check]) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sents = list(doc.sents)
        self.sent_starts = [sent.start for sent in self.sents]
        self.check = checks
        self._mentions: dict[tuple, list[Span]] = {}
        self._at: dict[tuple, dict[int, Span]] = {}

    @cached_property
    def by_type(self) -> dict[str, list[Span]]:
        doc = self.doc
        found: dict[str, list[Span]] = {}
        for span in doc.ents:
            if span.label_ == "ORGANIZATION":
                span = linked_inside(span, doc)
            found.setdefault(span.label_, []).append(span)
        # country references the coref component resolved ("страна", "республика")
        found.setdefault("COUNTRY", []).extend(doc.spans.get("country_refs", []))
        found[TIME_TYPE] = [span for span in doc.spans.get("dates", []) if span._.value]
        return found

    def mentions(self, types: tuple[str, ...], checks: tuple[str, ...] = ()) -> list[Span]:
        key = (types, checks)
        if key not in self._mentions:
            spans = [span for kind in types for span in self.by_type.get(kind, [])]
            for check in checks:
                test = self.check(check)
                spans = [span for span in spans if test(span, self.lexicon)]
            self._mentions[key] = spans
        return self._mentions[key]

    def at(self, types: tuple[str, ...], checks: tuple[str, ...] = ()) -> dict[int, Span]:
        key = (types, checks)
        if key not in self._at:
            self._at[key] = {t.i: span for span in self.mentions(types, checks) for t in span}
        return self._at[key]

    def within(self, spans: Iterable[Span], sent: Span) -> list[Span]:
        return [span for span in spans if sent.start <= span.start and span.end <= sent.end]

    def sentence_index(self, token: Token) -> int:
        return bisect_right(self.sent_starts, token.i) - 1


@dataclass
class Context:
    """One role of one trigger being filled."""

    trigger: Token
    index: DocIndex
    relation: RelationType
    role: Role
    found: dict[str, list[Found]] = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.index.doc

    @property
    def lexicon(self) -> Lexicon:
        return self.index.lexicon

    @property
    def sent(self) -> Span:
        return self.trigger.sent

    @property
    def mentions(self) -> list[Span]:
        return self.index.mentions(self.role.types, self.role.checks)

    @property
    def at(self) -> dict[int, Span]:
        return self.index.at(self.role.types, self.role.checks)

    def in_sentence(self) -> list[Span]:
        return self.index.within(self.mentions, self.sent)

    @property
    def others_at(self) -> dict[int, Span]:
        """Mentions the relation's other argument roles accept, by token."""
        at: dict[int, Span] = {}
        for role in self.relation.arguments:
            if role.name != self.role.name:
                at.update(self.index.at(role.types, role.checks))
        return at
