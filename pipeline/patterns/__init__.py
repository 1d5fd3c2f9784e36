"""The relation patterns, one module per event family.

To add a pattern, append a `pattern(...)` to the family's `PATTERNS` list (or
add a module and list it in `FAMILIES`); the README shows a worked example.
"""

from __future__ import annotations

from pipeline.patterns import (
    chairmanship,
    founding,
    hosting,
    membership,
    participation,
    withdrawal,
)
from pipeline.patterns.engine import Event, find_events
from pipeline.patterns.pattern import EVENT_TYPES, Pattern, pattern

FAMILIES = (membership, chairmanship, hosting, founding, participation, withdrawal)
PATTERNS: list[Pattern] = [p for family in FAMILIES for p in family.PATTERNS]

__all__ = ["EVENT_TYPES", "PATTERNS", "Event", "Pattern", "find_events", "pattern"]
