"""The word lists that decide what the patterns read as a fact: data a pack extends.

The default lists are `lexicon.toml` beside this file; every pack's
`[lexicon]` table adds words to them (lists are merged, never replaced), so a
user who finds that "добивается" is no fact yet adds it in their own pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

DEFAULT_FILE = "lexicon.toml"


@dataclass(frozen=True)
class Lexicon:
    # the trigger is negated by one of these words before it or among its children
    negation: tuple[str, ...] = ()
    # the trigger is a plan, a hope or an invitation, not a fact
    modality: tuple[str, ...] = ()
    # words opening a sentence that continues the previous one (its time applies)
    continuations: tuple[str, ...] = ()
    # "является членом 40 организаций. В их числе ООН, ОБСЕ": the list that follows
    list_openers: tuple[str, ...] = ()
    # singular nouns pointing back to the organization named before ("к организации")
    anaphors: tuple[str, ...] = ()
    # pronouns that point back after a preposition ("в неё входят")
    pronoun_anaphors: tuple[str, ...] = ()
    # possessive pronouns that point back from a pattern's `possessed` nouns ("о её создании")
    possessive_anaphors: tuple[str, ...] = ()
    # modifiers an anaphor may have and still point back ("этой организации")
    anaphor_modifiers: tuple[str, ...] = ()
    # heads of names that are not international organizations (a plant, a ministry)
    national_heads: tuple[str, ...] = ()
    # regular expressions: a name (or the words just before it) that says it is international
    international: tuple[str, ...] = ()
    # subjects that act for the country that owns them ("президент Казахстана")
    state_agents: tuple[str, ...] = ()
    # officials and forces that act for a state where a pattern governs its actor
    representatives: tuple[str, ...] = ()
    # nouns whose genitive is what a preposition marks: "в состав ЕАЭС", "в ряды НАТО"
    containers: tuple[str, ...] = ()

    def merged(self, other: Lexicon) -> Lexicon:
        return Lexicon(
            **{
                item.name: tuple(
                    dict.fromkeys(getattr(self, item.name) + getattr(other, item.name))
                )
                for item in fields(self)
            }
        )

    def as_data(self) -> dict[str, list[str]]:
        return {item.name: list(getattr(self, item.name)) for item in fields(self)}

    @cached_property
    def international_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(self.international) or r"(?!)", re.IGNORECASE)

    @cached_property
    def sets(self) -> dict[str, frozenset[str]]:
        """The word lists as sets, for membership tests on the hot path."""
        return {item.name: frozenset(getattr(self, item.name)) for item in fields(self)}


def lexicon_from_data(data: dict[str, Any], where: str) -> Lexicon:
    """A `Lexicon` from a pack's `[lexicon]` table; ValueError naming the bad key."""
    known = {item.name for item in fields(Lexicon)}
    values = {}
    for key, words in data.items():
        if key not in known:
            raise ValueError(f"{where}: field 'lexicon.{key}': unknown word list")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{where}: field 'lexicon.{key}': must be a list of words")
        if key == "international":
            for expression in words:
                try:
                    re.compile(expression)
                except re.error as error:
                    raise ValueError(
                        f"{where}: field 'lexicon.international': {expression!r}: {error}"
                    ) from None
        values[key] = tuple(words)
    return Lexicon(**values)
