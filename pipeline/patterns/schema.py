"""What relations and patterns are: declarations, no code and no spaCy.

A *relation type* names its roles and the entity types each role accepts
(MEMBERSHIP = country: COUNTRY, organization: ORGANIZATION, time: DATE). A
*pattern* names the relation it states, the words that fire it, constraints
on the trigger's neighbourhood, and for each role the *steps* that fill it:
registered argument finders (`pipeline.patterns.argument_finders`) tried in order, the
first that finds something wins. Relation types may give default steps for a
role; a pattern overrides them per role.

Everything here is plain frozen data, so packs load without spaCy (the report
needs the relation names and colours only) and every pattern has a stable
`signature`: the event cache's key (`pipeline.cache`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

ENTITY_TYPES = ("PERSON", "ORGANIZATION", "COUNTRY", "CITY", "LOCATION", "DATE")
# universal parts of speech a trigger may have
UPOS = frozenset(
    {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM"}
    | {"PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}
)
TIME_TYPE = "DATE"
# finder parameters that name another role of the relation: that role is filled first
REFERENCES = ("of", "outside")
# finder parameters that list prepositions: each is one word, as the finders compare them
PREPOSITIONS = ("preps", "not_preps")
# the argument roles of a relation whose rows are events.csv's (the mission's contract)
EVENT_SHAPE = (("country", ("COUNTRY",)), ("organization", ("ORGANIZATION",)))


@dataclass(frozen=True)
class Step:
    """One try at filling a role: a registered finder and its parameters."""

    finder: str
    params: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def as_data(self) -> str | dict[str, Any]:
        return {"finder": self.finder, **self.params} if self.params else self.finder


@dataclass(frozen=True)
class Role:
    """A slot of a relation: the entity types it accepts, the registered checks
    every argument must pass ("international": a country joins international
    organizations, not parties), and the default steps that fill it."""

    name: str
    types: tuple[str, ...]
    checks: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()

    @property
    def is_time(self) -> bool:
        return self.types == (TIME_TYPE,)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"types": list(self.types)}
        if self.checks:
            data["checks"] = list(self.checks)
        if self.steps:
            data["find"] = [step.as_data() for step in self.steps]
        return data


@dataclass(frozen=True)
class RelationType:
    """A relation: two argument roles (the first is `arg1` in relations.csv) and
    optionally one time role of type DATE."""

    name: str
    roles: tuple[Role, ...]
    colour: str = ""
    description: str = ""

    @property
    def arguments(self) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if not role.is_time)

    @property
    def time(self) -> Role | None:
        return next((role for role in self.roles if role.is_time), None)

    def role(self, name: str) -> Role | None:
        return next((role for role in self.roles if role.name == name), None)

    @property
    def is_event(self) -> bool:
        """A country–organization relation: a row of events.csv (the mission's
        contract); any other relation is a row of relations.csv."""
        return tuple((role.name, role.types) for role in self.arguments) == EVENT_SHAPE

    @cached_property
    def signature(self) -> str:
        """What decides the relation's rows: its roles (not its colour)."""
        roles = {role.name: role.as_data() for role in self.roles}
        return json.dumps([self.name, roles], ensure_ascii=False, sort_keys=True)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "roles": {role.name: role.as_data() for role in self.roles},
        }
        if self.colour:
            data["colour"] = self.colour
        if self.description:
            data["description"] = self.description
        return data


@dataclass(frozen=True)
class Pattern:
    """A trigger and its constraints, stating one relation.

    - `trigger`: lemmas of the word that fires the pattern, `pos` its parts of speech;
    - `trigger_types`: entity types whose every mention fires the pattern at its
      root word (HEADQUARTERED_IN: "МИД России" has no trigger word but the name);
    - `context`: lemmas of which one must stand in the trigger's syntactic
      neighbourhood (its children, its head, their children);
    - `context_relations`: relations by which that context word must depend on
      the trigger ("obj": "Астана приняла саммит", not "статут, принятый
      конференцией");
    - `exclude`: lemmas that cancel the pattern in the neighbourhood;
    - `exclude_types`: entity types that cancel it as the trigger's modifier;
    - `roles`: the steps for each role this pattern fills differently from its
      relation's defaults;
    - `government`: how the trigger marks each role, in the active voice ("nom",
      "в+acc": `pipeline.patterns.government`); a role's last step reads the
      mentions of the trigger's clause marked so, when its other steps find nothing.
    """

    name: str
    relation: str
    trigger: frozenset[str] = frozenset()
    pos: frozenset[str] = frozenset({"VERB"})
    context: frozenset[str] = frozenset()
    context_relations: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    # entity types whose mention as a modifier of the trigger cancels it:
    # "присоединение Крыма" (a place) is no membership
    exclude_types: tuple[str, ...] = ()
    trigger_types: tuple[str, ...] = ()
    roles: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # roles whose entity types this pattern narrows ("работает в «Яндексе»": an
    # organization, though WORKPLACE also takes a country)
    role_types: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    government: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    doc: str = field(default="", compare=False)
    source: str = field(default="", compare=False)  # the pack file it came from

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "relation": self.relation}
        for key in ("trigger", "pos", "context", "context_relations", "exclude"):
            value = getattr(self, key)
            if value:
                data[key] = sorted(value)
        if self.trigger_types:
            data["trigger_types"] = list(self.trigger_types)
        if self.exclude_types:
            data["exclude_types"] = list(self.exclude_types)
        roles: dict[str, Any] = {
            role: [step.as_data() for step in steps] for role, steps in self.roles.items()
        }
        for role, types in self.role_types.items():
            roles[role] = {"types": list(types), "find": roles.get(role, [])}
        if roles:
            data["roles"] = roles
        if self.government:
            data["government"] = {role: list(marks) for role, marks in self.government.items()}
        if self.doc:
            data["doc"] = self.doc
        return data

    @cached_property
    def signature(self) -> str:
        """Everything that decides what the pattern matches, in a stable form."""
        data = self.as_data()
        data.pop("doc", None)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def steps(self, role: Role) -> tuple[Step, ...]:
        """This pattern's steps for the role, else the relation's defaults; then the
        role as the trigger governs it."""
        steps = tuple(self.roles.get(role.name, role.steps))
        marks = self.government.get(role.name)
        if marks:
            # the context words are what an argument may hang on: "принял саммит ШОС"
            params = {"marks": list(marks), "heads": sorted(self.context)}
            steps += (Step("governed", MappingProxyType(params)),)
        return steps

    def can_fire(self, lemmas: frozenset[str]) -> bool:
        """Whether the pattern can fire in a document with these lemmas: the matcher
        looks at a token only through its lemma's patterns; a pattern fired by
        mentions (`trigger_types`) can fire anywhere."""
        return bool(self.trigger & lemmas or self.trigger_types)

    def filling_order(self, relation: RelationType) -> list[Role]:
        """The argument roles in declared order, except that a role a finder refers
        to (`of`, `outside`) is filled before the role whose finder refers to it;
        ValueError where roles wait for each other."""
        roles = list(relation.arguments)
        needs = {
            role.name: {
                str(step.params[key])
                for step in self.steps(role)
                for key in REFERENCES
                if key in step.params
            }
            - {role.name}
            for role in roles
        }
        ordered: list[Role] = []
        while len(ordered) < len(roles):
            done = {role.name for role in ordered}
            ready = [r for r in roles if r.name not in done and needs[r.name] <= done]
            if not ready:
                waiting = ", ".join(r.name for r in roles if r.name not in done)
                raise ValueError(f"{waiting} wait for each other")
            ordered.append(ready[0])
        return ordered
