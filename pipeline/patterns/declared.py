"""What a run's pack declares, read cheaply: relation names, colours, patterns.

The report, `show` and `patterns` need only the declarations, not the
engine: this module reads a run's `pack.json` (or, for tables made before
runs saved one, the default pack's files) with the standard library alone,
so importing it loads neither spaCy nor the models. `pipeline.patterns.pack`
checks packs when they run; a saved `pack.json` may have been edited or
damaged since, so what the views read of it is checked again here, and a
colour is used only if it is a colour: it goes into HTML and terminal styles.
"""

from __future__ import annotations

import colorsys
import json
import re
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
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


class PackFileError(ValueError):
    """A run's `pack.json` that cannot be read as declarations; the message names the file."""


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
        colours = {r["name"]: r["colour"] for r in self.relations if is_colour(r.get("colour"))}
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


def is_colour(value: object) -> bool:
    return isinstance(value, str) and HEX_COLOUR.fullmatch(value) is not None


def colour_of(name: str, colours: dict[str, str]) -> str:
    """A type no pack declares (tables of an older run) still gets a stable colour,
    and so does one whose colour is not a hex colour."""
    colour = colours.get(name)
    return colour if is_colour(colour) else spread(zlib.crc32(name.encode()) % 997)


def declarations(out: Path | None = None) -> Declarations:
    """The declarations of the run whose tables are in `out`, else the default pack's."""
    path = out / PACK_FILE if out is not None else None
    if path is None or not path.is_file():
        return default_declarations()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise PackFileError(f"{path}: not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise PackFileError(f"{path}: not JSON ({error})") from None
    try:
        return checked(data)
    except PackFileError as error:
        raise PackFileError(f"{path}: {error}") from None


def checked(data: object) -> Declarations:
    """The declarations in a pack's data, if they have the shape the views read."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise PackFileError(f"holds a {kind}, not an object of relations and patterns")
    parts = {key: data.get(key, []) for key in ("relation", "pattern")}
    for key, items in parts.items():
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise PackFileError(f"'{key}' is not a list of objects")
        for number, item in enumerate(items):
            if problem := shape_problem(key, item):
                raise PackFileError(f"{key} {number + 1}: {problem}")
    return Declarations(tuple(parts["relation"]), tuple(parts["pattern"]))


def shape_problem(key: str, item: dict[str, Any]) -> str:
    """What keeps a relation or a pattern from being shown ("" if nothing)."""
    texts = ("name",) if key == "relation" else ("name", "relation")
    for field in texts:
        if not isinstance(item.get(field), str):
            return f"'{field}' is not a string"
    if key == "relation":
        roles = item.get("roles", {})
        if not isinstance(roles, dict) or not all(isinstance(r, dict) for r in roles.values()):
            return "'roles' is not an object of objects"
        return ""
    for field in ("trigger", "pos", "context"):
        words = item.get(field, [])
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            return f"'{field}' is not a list of strings"
    return ""


@cache
def default_declarations() -> Declarations:
    relations: list[dict[str, Any]] = []
    patterns: list[dict[str, Any]] = []
    for path in sorted(MISSION.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        relations += data.get("relation", [])
        patterns += data.get("pattern", [])
    return Declarations(tuple(relations), tuple(patterns))
