"""What a relation pattern is: a declarative description, no code.

A pattern names its event type and the words that fire it; the engine
(`pipeline.patterns.engine`) finds the arguments around the trigger the same
way for every pattern:

- `trigger`: lemmas of the word that fires the pattern, `pos` its universal
  parts of speech;
- `context`: lemmas of which at least one must stand in the trigger's
  syntactic neighbourhood (its children, its head, or their children):
  "направить" fires PARTICIPATION only with "военнослужащий" or "контингент";
- `context_relations`: relations by which the context word must depend on
  the trigger ("obj": "Астана приняла саммит", not "статут, принятый
  конференцией");
- `country`: where the country comes from: "subject" (the subject of the
  trigger or of the verb it depends on, a genitive or demonym modifier of a
  noun trigger, else the nearest country in the sentence) or "city" (the
  country of a city in the sentence: "в Алматы" → Казахстан, else the
  subject);
- `organization`: "subtree" (organizations in the trigger's syntactic
  subtree, else to its right in the same clause) or "sentence" (the nearest
  organization anywhere in the sentence);
- `preps`: prepositions one of which must govern the organization ("из" for
  "вышла из ОДКБ", so "вышла из кризиса при поддержке ЕАБР" is no event);
- `relations`: syntactic relations by which the organization must depend on
  the trigger ("obj" for "покинула СНГ", not "покинула зал заседаний ООН");
- `exclude`: lemmas that cancel the pattern when they are the trigger's
  neighbours (the HOSTING "открыть" must not fire in "открыть посольство").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

EVENT_TYPES = (
    "MEMBERSHIP",
    "CHAIRMANSHIP",
    "HOSTING",
    "FOUNDING",
    "PARTICIPATION",
    "WITHDRAWAL",
)


@dataclass(frozen=True)
class Pattern:
    name: str
    event_type: str
    trigger: frozenset[str]
    pos: frozenset[str] = frozenset({"VERB"})
    context: frozenset[str] = frozenset()
    context_relations: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    country: str = "subject"
    organization: str = "subtree"
    preps: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    doc: str = field(default="", compare=False)

    @cached_property
    def signature(self) -> str:
        """Everything that decides what the pattern matches, in a stable form
        (frozensets sorted): the event cache's key (`pipeline.cache`)."""
        fields = [
            self.name,
            self.event_type,
            self.country,
            self.organization,
            *(
                " ".join(sorted(value))
                for value in (
                    self.trigger,
                    self.pos,
                    self.context,
                    self.context_relations,
                    self.exclude,
                    self.preps,
                    self.relations,
                )
            ),
        ]
        return "|".join(fields)

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"{self.name}: unknown event type {self.event_type!r}")
        if self.country not in {"subject", "city"}:
            raise ValueError(f"{self.name}: country must be 'subject' or 'city'")
        if self.organization not in {"subtree", "sentence"}:
            raise ValueError(f"{self.name}: organization must be 'subtree' or 'sentence'")


def pattern(
    name: str,
    event_type: str,
    trigger: str,
    *,
    pos: str = "VERB",
    context: str = "",
    context_relations: str = "",
    exclude: str = "",
    country: str = "subject",
    organization: str = "subtree",
    preps: str = "",
    relations: str = "",
    doc: str = "",
) -> Pattern:
    """A `Pattern` from space-separated word lists, the short form pattern modules use."""
    return Pattern(
        name=name,
        event_type=event_type,
        trigger=frozenset(trigger.split()),
        pos=frozenset(pos.split()),
        context=frozenset(context.split()),
        context_relations=frozenset(context_relations.split()),
        exclude=frozenset(exclude.split()),
        country=country,
        organization=organization,
        preps=frozenset(preps.split()),
        relations=frozenset(relations.split()),
        doc=doc,
    )
