"""Colours and short tags shared by the page, the chart and the terminal, so they agree."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from pipeline.patterns.declared import colour_of, default_declarations

# Light backgrounds under black text (as displaCy's): readable on paper and in dark terminals.
ENTITY_COLORS = {
    "PERSON": "#d4c6ff",
    "ORGANIZATION": "#9fe8ec",
    "COUNTRY": "#ffc978",
    "CITY": "#ffb8d6",
    "LOCATION": "#bfe89a",
    "DATE": "#c9d9ff",
}
ENTITY_TAGS = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "CTRY",
    "CITY": "CITY",
    "LOCATION": "LOC",
    "DATE": "DATE",
}
UNKNOWN = "#999999"


def entity_color(entity_type: str) -> str:
    return ENTITY_COLORS.get(entity_type, UNKNOWN)


def entity_tag(entity_type: str) -> str:
    return ENTITY_TAGS.get(entity_type, entity_type)


@cache
def default_colours() -> dict[str, str]:
    return default_declarations().colours()


def event_color(event_type: str, colours: Mapping[str, str] | None = None) -> str:
    """The colour of a relation type: as the run's pack declares (`colours`), else
    as the default pack does; every type gets one (`declared.colour_of`)."""
    return colour_of(event_type, dict(colours if colours is not None else default_colours()))


def terminal_color(event_type: str, colours: Mapping[str, str] | None = None) -> str:
    """`event_color` as #rrggbb, the one hex form a terminal style (rich) takes:
    #rgb widened, the alpha of #rrggbbaa dropped."""
    digits = event_color(event_type, colours)[1:]
    return "#" + (digits if len(digits) != 3 else "".join(d * 2 for d in digits))[:6]
