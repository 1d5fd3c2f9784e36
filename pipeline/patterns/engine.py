"""Matching a pack's patterns against an annotated `Doc`: triggers, arguments, time.

One engine serves every pattern of every relation: it finds the triggers,
drops the negated and the modal ones (the pack's `Lexicon`), fills each role
with the pattern's finder steps (`pipeline.patterns.argument_finders`), and yields one
`Relation` per combination of arguments, with its time. Coordination needs no
special case: a finder returns every organization of "в ШОС, ОДКБ и СВМДА",
and coordinated subjects give one relation each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise, product
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.grammars.offset import year_offset
from pipeline.patterns.argument_finders import continues, shifted, when_of
from pipeline.patterns.clauses import dependents, remnants, surface_lemmas
from pipeline.patterns.context import Context, Derived, DocIndex, Found, When, name
from pipeline.patterns.government import governed, marked_as
from pipeline.patterns.pack import Pack
from pipeline.patterns.registry import checks, finders
from pipeline.patterns.schema import TIME_TYPE, Pattern, RelationType, Role
from pipeline.patterns.tree import (
    MODIFIERS,
    group_neighbourhood,
    modal,
    negated,
    neighbourhood,
    pos_of,
)


@dataclass(frozen=True)
class Argument:
    """One argument of a relation; `start`/`end`: character offsets in `doc.text`,
    -1 for a `Derived` argument (the country of a city has no words of its own)."""

    role: str
    type: str
    name: str
    entity_id: str
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Relation:
    relation: str
    pattern: str
    trigger: str
    trigger_start: int
    args: tuple[Argument, ...]
    date: str
    year_start: int | None
    year_end: int | None
    sent_start: int  # character offsets of the evidence sentence in doc.text
    sent_end: int

    def key(self) -> tuple:
        ids = (arg.entity_id or arg.name for arg in self.args)
        return (self.relation, *ids, self.date)

    def arg(self, role: str) -> Argument | None:
        return next((arg for arg in self.args if arg.role == role), None)

    # the events.csv view of a country–organization relation
    @property
    def event_type(self) -> str:
        return self.relation

    @property
    def country(self) -> str:
        return self._name("country")

    @property
    def country_id(self) -> str:
        return self._id("country")

    @property
    def organization(self) -> str:
        return self._name("organization")

    @property
    def organization_id(self) -> str:
        return self._id("organization")

    def _name(self, role: str) -> str:
        arg = self.arg(role)
        return arg.name if arg else ""

    def _id(self, role: str) -> str:
        arg = self.arg(role)
        return arg.entity_id if arg else ""


def argument(role: Role, found: Found) -> Argument:
    if isinstance(found, Derived):
        return Argument(role.name, found.type, found.name, found.entity_id)
    kind = found.label_ if found.label_ in role.types else role.types[0]
    return Argument(
        role.name, kind, name(found), found.kb_id_, found.text, found.start_char, found.end_char
    )


@dataclass(frozen=True)
class Plan:
    """A pattern ready to run: its relation and, per role in filling order, the
    finder functions with their parameters."""

    pattern: Pattern
    relation: RelationType
    arguments: tuple[tuple[Role, tuple[tuple[Any, dict], ...]], ...]
    time: tuple[Role, tuple[tuple[Any, dict], ...]] | None


def plan(pattern: Pattern, relation: RelationType) -> Plan:
    def resolved(role: Role) -> tuple[Role, tuple[tuple[Any, dict], ...]]:
        steps = tuple((finders.get(s.finder), dict(s.params)) for s in pattern.steps(role))
        return replace(role, types=pattern.role_types.get(role.name, role.types)), steps

    order = pattern.filling_order(relation)
    time = relation.time
    return Plan(
        pattern,
        relation,
        tuple(resolved(role) for role in order),
        resolved(time) if time is not None else None,
    )


def fill(ctx: Context, steps: tuple[tuple[Any, dict], ...]) -> list:
    for finder, params in steps:
        found = finder(ctx, **params)
        if found:
            return found
    return []


class Matcher:
    """The compiled pack: plans by trigger lemma. Built once, applied to many Docs."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.by_lemma: dict[str, list[Plan]] = {}
        self.by_type: list[Plan] = []  # patterns fired by mentions (`trigger_types`)
        for pattern in pack.patterns:
            compiled = plan(pattern, pack.relations[pattern.relation])
            for lemma in sorted(pattern.trigger):
                self.by_lemma.setdefault(lemma, []).append(compiled)
            if pattern.trigger_types:
                self.by_type.append(compiled)

    @cached_property
    def negation(self) -> frozenset[str]:
        return self.pack.lexicon.sets["negation"]

    @cached_property
    def modality(self) -> frozenset[str]:
        return self.pack.lexicon.sets["modality"]

    def __call__(self, doc: Doc) -> list[Relation]:
        """Relations of one document in text order, one per (relation, arguments, time)."""
        index = DocIndex(doc, self.pack.lexicon, checks.get)
        found: list[Relation] = []
        for token in doc:
            for compiled in self.by_lemma.get(token.lemma_, ()):
                pattern = compiled.pattern
                # a capitalized first word is often tagged PROPN, whatever it is
                capitalized = token.pos_ == "PROPN" and token.is_sent_start
                if (pos_of(token) in pattern.pos or capitalized) and self.fires(
                    pattern, token, index
                ):
                    found += self.apply(compiled, token, index)
        for compiled in self.by_type:
            roots = sorted({span.root.i for span in index.mentions(compiled.pattern.trigger_types)})
            for i in roots:
                if self.fires(compiled.pattern, doc[i], index):
                    found += self.apply(compiled, doc[i], index)
        return deduplicated(inherit_times(found, index, self.pack))

    def fires(self, pattern: Pattern, token: Token, index: DocIndex) -> bool:
        near = {t.lemma_ for t in neighbourhood(token)} | group_neighbourhood(token)
        if pattern.exclude_types:
            at = index.at(pattern.exclude_types)
            if any(c.i in at and c.dep_ in MODIFIERS for c in token.children):
                return False
        if pattern.context_relations:
            related = {c.lemma_ for c in dependents(token, pattern.context_relations)}
            if not pattern.context & related:
                return False
        # the surface phrase only where the tree has no context word: the parse broke it
        missing = pattern.context and not pattern.context & near
        if missing and not pattern.context & surface_lemmas(token):
            return False
        if pattern.exclude & near:
            return False
        return not negated(token, self.negation) and not modal(token, self.modality)

    def apply(self, compiled: Plan, trigger: Token, index: DocIndex) -> Iterator[Relation]:
        relation = compiled.relation
        found: dict[str, list[Found]] = {}
        for role, steps in compiled.arguments:
            found[role.name] = fill(Context(trigger, index, relation, role, found), steps)
            if not found[role.name]:
                return  # every argument role is required
        sent = trigger.sent
        roles = relation.arguments
        main_when = None

        def governed_only(role: Role) -> list[Found]:
            marks = compiled.pattern.government.get(role.name)
            if not marks:
                return []
            ctx = Context(trigger, index, relation, role, found)
            return governed(ctx, marks=list(marks), heads=sorted(compiled.pattern.context))

        for group, gap in clause_groups(compiled, trigger, index, found, governed_only):
            for combination in product(*(group[role.name] for role in roles)):
                if overlapping(combination):
                    continue  # "Армянский батальон был создан": no country founding its own name
                if gap is None:
                    when = self.time(compiled, trigger, index, combination)
                    main_when = when if main_when is None else main_when
                else:
                    base = main_when or self.time(compiled, trigger, index, combination)
                    when = remnant_time(index, gap, base)
                yield self.relation(compiled, trigger, sent, combination, when)

    def time(
        self, compiled: Plan, trigger: Token, index: DocIndex, combination: tuple[Found, ...]
    ) -> When:
        if compiled.time is None:
            return When()
        relation = compiled.relation
        role, steps = compiled.time
        chosen = {r.name: [value] for r, value in zip(relation.arguments, combination)}
        times = fill(Context(trigger, index, relation, role, chosen), steps)
        return times[0] if times else When()

    @staticmethod
    def relation(
        compiled: Plan, trigger: Token, sent: Span, combination: tuple[Found, ...], when: When
    ) -> Relation:
        relation = compiled.relation
        roles = relation.arguments
        return Relation(
            relation=relation.name,
            pattern=compiled.pattern.name,
            trigger=trigger.text,
            trigger_start=trigger.idx,
            args=tuple(argument(role, value) for role, value in zip(roles, combination)),
            date=when.value,
            year_start=when.year_start,
            year_end=when.year_end,
            sent_start=sent.start_char,
            sent_end=sent.end_char,
        )


def clause_groups(
    compiled: Plan,
    trigger: Token,
    index: DocIndex,
    found: dict[str, list[Found]],
    governed_only: Callable[[Role], list[Found]],
) -> Iterator[tuple[dict[str, list[Found]], tuple[int, int] | None]]:
    """The arguments of the trigger's clause, then those of each gapped clause after it
    ("..., а в 2022 году Россия — из Совета Европы"): a remnant's own mentions of a
    role (marked as the pattern governs it) replace the clause's, the rest it shares.
    Where the finders found a role only in the remnants ("председательствовали ОАЭ,
    в 2018-м — Индия" with ОАЭ misparsed), the clause's own is read by government."""
    gaps = remnants(trigger)
    if not gaps:
        yield found, None
        return

    def inside(value: Found, gap: tuple[int, int]) -> bool:
        span = value.source if isinstance(value, Derived) else value
        return isinstance(span, Span) and gap[0] <= span.start and span.end <= gap[1]

    def outside(values: list[Found]) -> list[Found]:
        return [v for v in values if not any(inside(v, gap) for gap in gaps)]

    main = {role: outside(values) for role, values in found.items()}
    for role, _ in compiled.arguments:
        if found[role.name] and not main[role.name]:
            main[role.name] = outside(governed_only(role))
    if all(main.values()):
        yield main, None
    negation = index.lexicon.sets["negation"]
    for gap in gaps:
        if any(t.lower_ in negation for t in index.doc[gap[0] : gap[1]]):
            continue  # "..., а Сербия — нет": the remnant denies it
        own = {}
        for role, _ in compiled.arguments:
            marks = compiled.pattern.government.get(role.name, ())
            # what the role's finders found there ("а в 2019 году — в Бишкеке": the
            # country of the city), else the remnant's mentions marked as governed
            own[role.name] = [v for v in found[role.name] if inside(v, gap)] or [
                span
                for span in index.mentions(role.types, role.checks)
                if gap[0] <= span.start and span.end <= gap[1] and marked_as(span, marks)
            ]
        if any(own.values()):
            group = {role: own[role] or main[role] for role in found}
            if all(group.values()):
                yield group, gap


def remnant_time(index: DocIndex, gap: tuple[int, int], main: When) -> When:
    """A gapped clause's own date, else one counted from the clause's ("пятью годами
    позже"), else the clause's."""
    dates = [d for d in index.by_type.get(TIME_TYPE, []) if gap[0] <= d.start and d.end <= gap[1]]
    if dates:
        return when_of(dates[0])
    shift = year_offset([t.text for t in index.doc[gap[0] : gap[1]]])
    if shift is not None and main.year_start:
        return shifted(main, shift)
    return main


def overlapping(values: tuple[Found, ...]) -> bool:
    """Whether two arguments share words: one mention never fills two roles."""
    spans = sorted((v.start, v.end) for v in values if isinstance(v, Span))
    return any(start < end for (_, end), (start, _) in pairwise(spans))


def inherit_times(relations: list[Relation], index: DocIndex, pack: Pack) -> list[Relation]:
    """Undated relations in a sentence that continues a restated, dated one take its time.

    "Одним из направлений казахстанского председательства в ШОС стало
    расширение. И ... к организации присоединилась Беларусь": the first
    sentence restates the chairmanship the article dates 2024, the second
    continues it, so Belarus joined in 2024.
    """
    dated = {relation.key()[:-1]: relation for relation in relations if relation.date}
    starts = {sent.start_char: number for number, sent in enumerate(index.sents)}
    implied = {
        starts[relation.sent_start]: dated[relation.key()[:-1]]
        for relation in relations
        if not relation.date and relation.key()[:-1] in dated
    }
    result = []
    for relation in relations:
        number = starts[relation.sent_start]
        source = implied.get(number - 1)
        if not relation.date and source and continues(index.sents[number], pack.lexicon):
            relation = replace(
                relation, date=source.date, year_start=source.year_start, year_end=source.year_end
            )
        result.append(relation)
    return result


def deduplicated(relations: list[Relation]) -> list[Relation]:
    """An undated restatement of a relation the document dates elsewhere is that relation."""
    dated = {relation.key()[:-1] for relation in relations if relation.date}
    seen, result = set(), []
    for relation in relations:
        key = relation.key()
        if key in seen or (not relation.date and key[:-1] in dated):
            continue
        seen.add(key)
        result.append(relation)
    return result


def firing(patterns: Iterable[Pattern], lemmas: frozenset[str]) -> list[Pattern]:
    """The patterns that can fire in a document with these lemmas: the matcher
    looks at a token only through its lemma's patterns, so the others cannot
    change the document's relations."""
    return [pattern for pattern in patterns if pattern.can_fire(lemmas)]


def find_relations(doc: Doc, pack: Pack) -> list[Relation]:
    return Matcher(pack)(doc)


__all__ = ["Argument", "Matcher", "Relation", "find_relations", "firing"]
