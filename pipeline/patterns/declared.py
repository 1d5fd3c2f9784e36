"""What a run's pack declares, read cheaply: relation names, colours, patterns.

The report, `show` and `patterns` need only the declarations, not the
engine: this module reads a run's `pack.json` (or, for tables made before
runs saved one, the default pack's files) with the standard library alone,
so importing it loads neither spaCy nor the models. `pipeline.patterns.pack`
checks packs; what a run saved was checked when it ran.
"""

from __future__ import annotations

import colorsys
import json
import tomllib
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.patterns.schema import EVENT_SHAPE, TIME_TYPE

MISSION = Path(__file__).resolve().parent / "mission"
PACK_FILE = "pack.json"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies; a type
# that declares no colour takes the first one no other type uses
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#6e6e6e", "#56b4e9", "#f0e442")
GOLDEN_ANGLE = 137.508


@dataclass(frozen=True)
class Declarations:
    relations: tuple[dict[str, Any], ...]
    patterns: tuple[dict[str, Any], ...]

    @property
    def names(self) -> list[str]:
        return [relation["name"] for relation in self.relations]

    @property
    def event_types(self) -> list[str]:
        """The country–organization relations: the rows of events.csv."""
        return [relation["name"] for relation in self.relations if is_event(relation)]

    def colours(self) -> dict[str, str]:
        """A distinct colour for every declared relation: its own, else a free one."""
        colours = {r["name"]: r["colour"] for r in self.relations if r.get("colour")}
        free = [colour for colour in PALETTE if colour not in colours.values()]
        for relation in self.relations:
            name = relation["name"]
            if name not in colours:
                colours[name] = free.pop(0) if free else spread(len(colours))
        return colours


def is_event(relation: dict[str, Any]) -> bool:
    arguments = [
        (name, tuple(role.get("types", ())))
        for name, role in relation.get("roles", {}).items()
        if role.get("types") != [TIME_TYPE]
    ]
    return tuple(arguments) == EVENT_SHAPE


def spread(number: int) -> str:
    """The n-th colour of an endless sequence of well-separated hues."""
    red, green, blue = colorsys.hls_to_rgb((number * GOLDEN_ANGLE % 360) / 360, 0.45, 0.65)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def colour_of(name: str, colours: dict[str, str]) -> str:
    """A type no pack declares (tables of an older run) still gets a stable colour."""
    return colours.get(name) or spread(zlib.crc32(name.encode()) % 997)


def declarations(out: Path | None = None) -> Declarations:
    """The declarations of the run whose tables are in `out`, else the default pack's."""
    path = out / PACK_FILE if out is not None else None
    if path is not None and path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        return Declarations(tuple(data.get("relation", [])), tuple(data.get("pattern", [])))
    return default_declarations()


@cache
def default_declarations() -> Declarations:
    relations: list[dict[str, Any]] = []
    patterns: list[dict[str, Any]] = []
    for path in sorted(MISSION.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        relations += data.get("relation", [])
        patterns += data.get("pattern", [])
    return Declarations(tuple(relations), tuple(patterns))
