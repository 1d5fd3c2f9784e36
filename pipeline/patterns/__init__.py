"""Relation patterns as data: relation types, patterns, word lists, finders.

The default pack (`mission/`: the six country–organization event types) and
any user pack are read by `pipeline.patterns.pack`; the engine
(`pipeline.patterns.engine`) runs them. To add a pattern, write a pack file
and pass it with `extract --patterns FILE` (docs/packs.md); a new
way of finding an argument is a function registered in `finders`.

The names below load on first use, so that `pipeline.patterns.declared` (all
the report needs) imports without spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

EXPORTS = {
    "Pack": "pipeline.patterns.pack",
    "PackError": "pipeline.patterns.pack",
    "build_pack": "pipeline.patterns.pack",
    "default_pack": "pipeline.patterns.pack",
    "read_pack": "pipeline.patterns.pack",
    "checks": "pipeline.patterns.registry",
    "finders": "pipeline.patterns.registry",
    "Pattern": "pipeline.patterns.schema",
    "RelationType": "pipeline.patterns.schema",
    "Role": "pipeline.patterns.schema",
    "Step": "pipeline.patterns.schema",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in EXPORTS:
        raise AttributeError(f"module 'pipeline.patterns' has no attribute {name!r}")
    return getattr(import_module(EXPORTS[name]), name)
