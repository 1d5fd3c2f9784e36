"""Relation patterns as data: relation types, patterns, word lists, finders.

The default pack (`mission/`: the six country–organization event types) and
any user pack are read by `pipeline.patterns.pack`; the engine
(`pipeline.patterns.engine`) runs them. To add a pattern, write a pack file
and pass it with `extract --patterns FILE` (README, "Adding a pattern"); a new
way of finding an argument is a function registered in `finders`.
"""

from __future__ import annotations

from pipeline.patterns.pack import Pack, PackError, build_pack, default_pack, read_pack
from pipeline.patterns.registry import checks, finders
from pipeline.patterns.schema import Pattern, RelationType, Role, Step

__all__ = [
    "Pack",
    "PackError",
    "Pattern",
    "RelationType",
    "Role",
    "Step",
    "build_pack",
    "checks",
    "default_pack",
    "finders",
    "read_pack",
]
