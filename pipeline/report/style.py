"""Colours and short tags shared by the page, the chart and the terminal, so they agree."""

from __future__ import annotations

from pipeline.patterns import EVENT_TYPES

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

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
EVENT_COLORS = dict(
    zip(EVENT_TYPES, ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#6e6e6e"))
)


def entity_color(entity_type: str) -> str:
    return ENTITY_COLORS.get(entity_type, UNKNOWN)


def entity_tag(entity_type: str) -> str:
    return ENTITY_TAGS.get(entity_type, entity_type)


def event_color(event_type: str) -> str:
    return EVENT_COLORS.get(event_type, UNKNOWN)
