"""What a stage's output depends on, read off its code rather than listed by hand.

A cache is only as good as its key. A hand-kept list of files goes stale the
day someone adds a module (the annotation cache once missed `inference.py`,
so a change to how the networks run kept serving old documents). Here the key
of a stage is derived from its entry module: the package modules it imports,
transitively (found with `ast`, so nothing is imported or run), the data files
kept beside them, and the installed versions of the distributions they import
together with everything those require. A `boundary` names modules whose
code and imports are left out: the annotation stops at the pattern stage, so
editing a pattern does not throw away the annotation of every article.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import (
    Distribution,
    PackageNotFoundError,
    distribution,
    packages_distributions,
)
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

PACKAGE = Path(__file__).resolve().parent
PACKAGE_NAME = PACKAGE.name
NOT_DATA = frozenset({".py", ".pyc", ".typed"})


@dataclass(frozen=True)
class Sources:
    """Everything a stage's key covers: module files, data files, distributions."""

    modules: tuple[Path, ...]
    data: tuple[Path, ...]
    distributions: tuple[str, ...]


def module_file(name: str, root: Path) -> Path | None:
    """The file of a package module (`pipeline.x.y`) under `root`, if there is one."""
    parts = name.split(".")
    if parts[0] != PACKAGE_NAME:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST, package: str, top_level_only: bool = False) -> Iterator[str]:
    """Names of the modules imported in `tree`; `package` resolves relative imports.

    Imports under `if TYPE_CHECKING:` never run and are skipped; with
    `top_level_only`, so are those inside functions and classes.
    """
    nodes: list[ast.AST] = [tree]
    while nodes:
        node = nodes.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child):
                nodes.extend(child.orelse)
                continue
            if top_level_only and isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            ):
                continue
            if isinstance(child, ast.Import):
                yield from (alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                yield base
                # `from pipeline import extensions` imports the module pipeline.extensions
                yield from (f"{base}.{alias.name}" for alias in child.names)
            nodes.append(child)


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_bytes(), filename=str(path))


def package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def closure(
    entry: str, boundary: Iterable[str] = (), root: Path = PACKAGE
) -> tuple[dict[str, Path], set[str]]:
    """The package modules `entry` imports, transitively, and the outside top-level names.

    A package's `__init__` runs when any module inside it is imported, so it is
    part of the closure, though only its top-level imports are followed.
    """
    stop = set(boundary)
    found: dict[str, Path] = {}
    outside: set[str] = set()
    todo = [(entry, False)]
    while todo:
        name, only_top = todo.pop()
        if name in stop or (name in found and not only_top):
            continue
        path = module_file(name, root)
        if path is None:
            if name.split(".")[0] != PACKAGE_NAME and name:
                outside.add(name.split(".")[0])
            continue
        already = name in found
        found[name] = path
        if already:
            continue
        parts = name.split(".")
        for cut in range(1, len(parts)):
            parent = ".".join(parts[:cut])
            if parent not in found and parent not in stop:
                todo.append((parent, True))
        for imported in imports(parsed(path), package_of(name, path), top_level_only=only_top):
            todo.append((imported, False))
    return found, outside


@cache
def providers(name: str) -> tuple[str, ...]:
    """The distributions that install the top-level module `name`: none for the
    standard library; the one of the same name when it declares the module, the
    common case, found without reading every installed distribution's file list
    (`packages_distributions`, a tenth of a second of every start-up)."""
    if name in sys.stdlib_module_names:
        return ()
    try:
        same = distribution(name)
    except PackageNotFoundError:
        same = None
    if same is not None and name in top_level_modules(same):
        return (same.metadata["Name"],)
    return tuple(packages_distributions().get(name, ()))


def top_level_modules(found: Distribution) -> set[str]:
    """What a distribution installs at the top level, as `packages_distributions` reads it."""
    declared = found.read_text("top_level.txt")
    if declared:
        return set(declared.split())
    return {
        path.parts[0] if len(path.parts) > 1 else path.with_suffix("").name
        for path in found.files or ()
        if path.suffix == ".py"
    }


@cache
def requirement(name: str) -> tuple[str, tuple[str, ...]]:
    """A distribution's version and the names of what it always requires."""
    try:
        found = distribution(name)
    except PackageNotFoundError:
        return "missing", ()
    needed = []
    for line in found.requires or ():
        try:
            parsed = Requirement(line)
        except InvalidRequirement:
            continue
        if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
            needed.append(canonical(parsed.name))
    return found.version, tuple(needed)


def required(names: Iterable[str]) -> list[str]:
    """The distributions providing these top-level modules and all they require."""
    todo = [canonical(dist) for name in names for dist in providers(name)]
    seen: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name not in seen:
            seen[name], needed = requirement(name)
            todo.extend(needed)
    return [f"{name}=={seen[name]}" for name in sorted(seen)]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sources(
    entry: str, boundary: Iterable[str] = (), data: bool = True, root: Path = PACKAGE
) -> Sources:
    """`data`: also the non-Python files in the folders of the modules (the
    gazetteer's tables); off for stages whose data is keyed otherwise."""
    modules, outside = closure(entry, boundary, root)
    files = tuple(sorted(modules.values()))
    beside: tuple[Path, ...] = ()
    if data:
        folders = sorted({path.parent for path in files})
        beside = tuple(
            path
            for folder in folders
            for path in sorted(folder.iterdir())
            if path.is_file() and path.suffix not in NOT_DATA
        )
    return Sources(files, beside, tuple(required(outside)))


def digest(found: Sources, root: Path = PACKAGE) -> str:
    """A hash of the files' names and contents and the distributions' versions."""
    hashed = hashlib.sha256()
    for path in (*found.modules, *found.data):
        hashed.update(path.relative_to(root).as_posix().encode() + b"\0")
        hashed.update(path.read_bytes() + b"\0")
    for pinned in found.distributions:
        hashed.update(pinned.encode() + b"\0")
    return hashed.hexdigest()


@cache
def stage_key(
    entry: str, boundary: tuple[str, ...] = (), data: bool = True, root: Path = PACKAGE
) -> str:
    """The key of the stage that `entry` implements, computed once per process."""
    return digest(sources(entry, boundary, data, root), root)
