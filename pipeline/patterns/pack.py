"""Pattern packs: relation types, patterns and word lists, read from files and checked.

A pack is a TOML or JSON file (one format, two syntaxes; docs/packs.md), a
folder of such files, or a Python module (a `.py` file or a
dotted module name) whose `PACK` attribute holds the same structure as a
dict; importing the module is also how it registers its own finders:

    [lexicon]                   # words added to the default lists (lexicon.toml)
    modality = ["намерен"]

    [[relation]]                # a relation type: two argument roles, optional time
    name = "OBSERVER"
    [relation.roles.country]
    types = ["COUNTRY"]
    find = ["subject", "dative"]            # default finder steps of the role
    [relation.roles.organization]
    types = ["ORGANIZATION"]
    checks = ["international"]
    find = [{ finder = "prep_object", preps = ["при", "в"] }]
    [relation.roles.time]
    types = ["DATE"]
    find = ["date"]

    [[pattern]]
    name = "observer_status"
    relation = "OBSERVER"
    trigger = ["наблюдатель"]
    pos = ["NOUN"]
    context = ["статус"]
    roles.organization = [{ finder = "prep_object", preps = ["при"] }]  # override

Every problem is a `PackError` naming the file, the pattern (or relation)
and the field, raised before any article is read. That includes the mistakes
that would otherwise match nothing without a word: a trigger, context or
exclude word that is no lemma ("ввели" for "ввести": the engine compares
lemmas), and a preposition of several words (the finders compare the one word
that marks a name, so "в отношении" could never match).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

from pipeline.lemmatizer import analyzer, compound_normal_form
from pipeline.patterns import argument_finders, government  # noqa: F401  (register the built-ins)
from pipeline.patterns.lexicon import DEFAULT_FILE, Lexicon, lexicon_from_data
from pipeline.patterns.registry import checks, finders
from pipeline.patterns.schema import (
    ENTITY_TYPES,
    PREPOSITIONS,
    REFERENCES,
    TIME_TYPE,
    UPOS,
    Pattern,
    RelationType,
    Role,
    Step,
)

HERE = Path(__file__).resolve().parent
DEFAULT_PACK = HERE / "mission"  # the six country–organization event types
DATA_SUFFIXES = (".toml", ".json")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PACK_KEYS = {"lexicon", "relation", "pattern"}
RELATION_KEYS = {"name", "roles", "colour", "description"}
ROLE_KEYS = {"types", "checks", "find"}
PATTERN_KEYS = {
    "name",
    "relation",
    "trigger",
    "pos",
    "context",
    "context_relations",
    "exclude",
    "trigger_types",
    "exclude_types",
    "roles",
    "government",
    "doc",
}
WORD_FIELDS = ("trigger", "pos", "context", "context_relations", "exclude")
# the fields the engine compares with tokens' lemmas
LEMMA_FIELDS = ("trigger", "context", "exclude")
CYRILLIC = re.compile("[а-яё]")


class PackError(ValueError):
    """A pack that cannot be used; the message names file, pattern and field."""


@dataclass(frozen=True, eq=False)
class Pack:
    relations: Mapping[str, RelationType]
    patterns: tuple[Pattern, ...]
    lexicon: Lexicon
    sources: tuple[str, ...] = ()
    code: str = ""  # a hash of the Python modules the pack came from (their finders)
    # how to import those modules again (a module name, a `.py` file's absolute path):
    # a saved pipeline carries the pack's data, and needs their finders to load
    modules: tuple[str, ...] = ()

    @property
    def event_types(self) -> list[str]:
        """The country–organization relations: the rows of events.csv."""
        return [name for name, relation in self.relations.items() if relation.is_event]

    def merged(self, other: Pack) -> Pack:
        relations = dict(self.relations)
        for relation in other.relations.values():
            known = relations.get(relation.name)
            if known is not None and known.as_data() != relation.as_data():
                where = other.sources[-1] if other.sources else "pack"
                raise PackError(
                    f"{where}: relation {relation.name!r}: declared differently in "
                    f"{', '.join(self.sources) or 'the default pack'}"
                )
            relations[relation.name] = relation
        names = {pattern.name: pattern for pattern in self.patterns}
        for pattern in other.patterns:
            if pattern.name in names:
                raise PackError(
                    f"{pattern.source}: pattern {pattern.name!r}: field 'name': "
                    f"already defined in {names[pattern.name].source}"
                )
        return Pack(
            relations,
            self.patterns + other.patterns,
            self.lexicon.merged(other.lexicon),
            self.sources + other.sources,
            hashlib.sha256((self.code + other.code).encode()).hexdigest()
            if other.code
            else self.code,
            tuple(dict.fromkeys(self.modules + other.modules)),
        )

    def as_data(self) -> dict[str, Any]:
        """The pack in its file format (JSON-ready): what `to_disk` and runs save."""
        return {
            "lexicon": self.lexicon.as_data(),
            "relation": [relation.as_data() for relation in self.relations.values()],
            "pattern": [pattern.as_data() for pattern in self.patterns],
        }

    @cached_property
    def digest(self) -> str:
        """What every pattern's matching depends on besides its own definition and
        its relation's: the word lists and the code of module packs."""
        data = {"lexicon": self.lexicon.as_data(), "code": self.code}
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()

    def signature(self, lemmas: frozenset[str]) -> str:
        """The definitions of the patterns that can fire among these lemmas, with
        their relations': the event cache's key, so an edit re-matches only the
        articles where it can change rows."""
        firing = [
            f"{pattern.signature}\t{self.relations[pattern.relation].signature}"
            for pattern in self.patterns
            if pattern.can_fire(lemmas)
        ]
        return "\n".join([self.digest, *firing])


# -- reading ------------------------------------------------------------------


def read_pack(source: str | Path, base: Pack | None = None) -> Pack:
    """A pack from a TOML/JSON file, a folder of them, a `.py` file or a module name;
    its patterns may state the relations of `base` (the packs loaded before it)."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in DATA_SUFFIXES)
        if not files:
            raise PackError(f"{path}: no .toml or .json pack files in this folder")
        return pack_from_data([(str(p), read_data(p)) for p in files], base)
    if path.suffix in {*DATA_SUFFIXES, ".py"} and not path.is_file():
        raise PackError(f"{path}: no such pack file")
    if path.suffix in DATA_SUFFIXES:
        return pack_from_data([(str(path), read_data(path))], base)
    if path.suffix == ".py":
        return module_pack(import_file(path), str(path), str(path.resolve()), base)
    if NAME.match(str(source)):
        return module_pack(import_code(str(source)), str(source), str(source), base)
    raise PackError(f"{source}: not a pack (a .toml, .json or .py file, a folder, a module)")


def read_data(path: Path) -> dict[str, Any]:
    try:
        if path.suffix == ".toml":
            return tomllib.loads(path.read_text(encoding="utf-8"))
        data = json.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PackError(f"{path}: not valid {path.suffix[1:].upper()}: {error}") from None
    except OSError as error:
        raise PackError(f"{path}: cannot read ({error.strerror})") from None
    if not isinstance(data, dict):
        raise PackError(f"{path}: a pack is a table (an object) with 'relation' and 'pattern'")
    return data


def import_code(module: str) -> ModuleType:
    """A pack module by what `Pack.modules` records: a `.py` file's path or a module name."""
    if module.endswith(".py"):
        path = Path(module)
        if not path.is_file():
            raise PackError(f"{path}: no such pack file")
        return import_file(path)
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise PackError(f"{module}: cannot import the pack module ({error})") from None


def import_file(path: Path) -> ModuleType:
    name = "newsfacts_pack_" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PackError(f"{path}: cannot import this file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise PackError(
            f"{path}: importing the pack failed: {type(error).__name__}: {error}"
        ) from None
    return module


def module_pack(module: ModuleType, where: str, importable: str, base: Pack | None = None) -> Pack:
    """`importable`: how another process imports the module again (`Pack.modules`)."""
    data = getattr(module, "PACK", None)
    if isinstance(data, Pack):
        pack = data
    elif isinstance(data, dict):
        pack = pack_from_data([(where, data)], base)
    else:
        raise PackError(f"{where}: the module has no PACK (a dict in the pack format)")
    code = inspect.getsource(module) if getattr(module, "__file__", None) else where
    digest = hashlib.sha256(code.encode()).hexdigest()
    modules = tuple(dict.fromkeys((*pack.modules, importable)))
    return Pack(
        pack.relations, pack.patterns, pack.lexicon, pack.sources or (where,), digest, modules
    )


def saved_pack(data: dict[str, Any], modules: Sequence[str], code: str, where: str) -> Pack:
    """A pack saved with a pipeline (`pack.json`, its whole lexicon included) in a
    process that may never have read its sources. The data travels, the code of
    its module packs does not: their finders register when the modules import,
    so they are imported first, and a pack that then names an unknown finder
    says which module it needed and why it did not load."""
    unloaded = []
    for module in modules:
        try:
            import_code(module)
        except PackError as error:
            unloaded.append(str(error))
    try:
        pack = pack_from_data([(where, data)])
    except PackError as error:
        if not unloaded:
            raise
        raise PackError(
            f"{error}; its finders come from a pack module that did not load "
            f"({'; '.join(unloaded)}): a saved pipeline carries its packs' data, not "
            "their code, so put the module back, install it, or import it before loading"
        ) from None
    return replace(pack, code=code, modules=tuple(modules))


def pack_from_data(parts: list[tuple[str, dict[str, Any]]], base: Pack | None = None) -> Pack:
    """One pack from the parsed files of one source; relations first, so a
    pattern may use a relation declared in any file of a folder."""
    relations: dict[str, RelationType] = dict(base.relations) if base else {}
    lexicon = Lexicon()
    for where, data in parts:
        unknown = set(data) - PACK_KEYS
        if unknown:
            raise PackError(
                f"{where}: field {sorted(unknown)[0]!r}: unknown (use {sorted(PACK_KEYS)})"
            )
        lexicon = lexicon.merged(read_lexicon(data.get("lexicon", {}), where))
        for item in listed(data, "relation", where):
            relation = relation_from_data(item, where)
            if relation.name in relations:
                raise PackError(f"{where}: relation {relation.name!r}: declared twice")
            relations[relation.name] = relation
    own = {name: relations[name] for name in relations if not base or name not in base.relations}
    patterns: list[Pattern] = []
    for where, data in parts:
        for item in listed(data, "pattern", where):
            patterns.append(pattern_from_data(item, where, relations))
    names = [pattern.name for pattern in patterns]
    for pattern in patterns:
        if names.count(pattern.name) > 1:
            raise PackError(
                f"{pattern.source}: pattern {pattern.name!r}: field 'name': defined twice"
            )
    return Pack(own, tuple(patterns), lexicon, tuple(where for where, _ in parts))


def read_lexicon(data: Any, where: str) -> Lexicon:
    if not isinstance(data, dict):
        raise PackError(f"{where}: field 'lexicon': must be a table of word lists")
    try:
        return lexicon_from_data(data, where)
    except ValueError as error:
        raise PackError(str(error)) from None


def listed(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise PackError(f"{where}: field {key!r}: must be a list of tables ([[{key}]])")
    return items


def named_table(
    data: dict[str, Any], where: str, kind: str, keys: set[str], example: str
) -> tuple[str, str]:
    """The name of a [[relation]] or [[pattern]] table and the prefix of its errors,
    once its name and keys are known good."""
    name = data.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise PackError(f"{where}: {kind} {name!r}: field 'name': a name like {example}")
    at = f"{where}: {kind} {name!r}"
    unknown = set(data) - keys
    if unknown:
        raise PackError(f"{at}: field {sorted(unknown)[0]!r}: unknown (use {sorted(keys)})")
    return name, at


def relation_from_data(data: dict[str, Any], where: str) -> RelationType:
    name, at = named_table(data, where, "relation", RELATION_KEYS, "MEMBERSHIP")
    colour = data.get("colour", "")
    if colour and not (isinstance(colour, str) and COLOUR.match(colour)):
        raise PackError(f"{at}: field 'colour': {colour!r} is not a colour like #0072b2")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise PackError(f"{at}: field 'description': must be text")
    roles_data = data.get("roles")
    if not isinstance(roles_data, dict) or not roles_data:
        raise PackError(f"{at}: field 'roles': a table of roles ([relation.roles.NAME])")
    roles = tuple(role_from_data(role, value, at) for role, value in roles_data.items())
    relation = RelationType(name, roles, colour, description)
    if len(relation.arguments) != 2 or len(roles) - len(relation.arguments) > 1:
        raise PackError(
            f"{at}: field 'roles': a relation has two argument roles and at most one "
            f'time role (types = ["{TIME_TYPE}"]); found {", ".join(roles_data)}'
        )
    for role in roles:
        check_steps(role.steps, relation, role, f"{at}: field 'roles.{role.name}.find'")
    return relation


def role_from_data(name: str, data: Any, at: str) -> Role:
    field_name = f"roles.{name}"
    if not NAME.match(name):
        raise PackError(f"{at}: field {field_name!r}: {name!r} is not a role name")
    if not isinstance(data, dict):
        raise PackError(f"{at}: field {field_name!r}: must be a table with 'types'")
    unknown = set(data) - ROLE_KEYS
    if unknown:
        raise PackError(
            f"{at}: field '{field_name}.{sorted(unknown)[0]}': unknown (use {sorted(ROLE_KEYS)})"
        )
    types = words(data.get("types"), f"{at}: field '{field_name}.types'")
    bad = [kind for kind in types if kind not in ENTITY_TYPES]
    if not types or bad:
        raise PackError(
            f"{at}: field '{field_name}.types': {bad[0] if bad else 'none given'!r}; "
            f"entity types are {', '.join(ENTITY_TYPES)}"
        )
    if TIME_TYPE in types and len(types) > 1:
        raise PackError(f"{at}: field '{field_name}.types': DATE is a role of its own")
    role_checks = words(data.get("checks", []), f"{at}: field '{field_name}.checks'")
    for check in role_checks:
        if check not in checks.get_all():
            raise PackError(
                f"{at}: field '{field_name}.checks': no check named {check!r} "
                f"(registered: {', '.join(sorted(checks.get_all()))})"
            )
    steps = read_steps(data.get("find", []), f"{at}: field '{field_name}.find'")
    return Role(name, tuple(types), tuple(role_checks), steps)


def words(value: Any, at: str) -> list[str]:
    """A list of words; a string of space-separated words is accepted too."""
    if isinstance(value, str):
        return value.split()
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise PackError(f"{at}: must be a list of words")
    return list(value)


def read_steps(value: Any, at: str) -> tuple[Step, ...]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise PackError(f"{at}: must be a list of finder steps")
    steps = []
    for number, item in enumerate(value):
        if isinstance(item, str):
            steps.append(Step(item))
        elif isinstance(item, dict) and isinstance(item.get("finder"), str):
            params = {
                k: tuple(v) if isinstance(v, list) else v for k, v in item.items() if k != "finder"
            }
            steps.append(Step(item["finder"], MappingProxyType(params)))
        else:
            raise PackError(f'{at}[{number}]: a finder name or {{finder = "...", ...}}')
    return tuple(steps)


def check_steps(steps: Iterable[Step], relation: RelationType, role: Role, at: str) -> None:
    """Every step names a registered finder with parameters its signature accepts,
    and every preposition it lists is one word."""
    known = finders.get_all()
    for number, step in enumerate(steps):
        where = f"{at}[{number}]"
        if step.finder not in known:
            raise PackError(
                f"{where}: no finder named {step.finder!r} (registered: {', '.join(sorted(known))})"
            )
        parameters = inspect.signature(known[step.finder]).parameters
        accepted = {
            name: parameter
            for name, parameter in parameters.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        }
        for key, value in step.params.items():
            if key not in accepted:
                raise PackError(
                    f"{where}.{key}: finder {step.finder!r} takes no {key!r} "
                    f"(it takes: {', '.join(accepted) or 'no parameters'})"
                )
            default = accepted[key].default
            expected = type(default) if default not in (None, inspect.Parameter.empty) else tuple
            if expected is tuple:
                ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            else:
                ok = isinstance(value, expected)
            if not ok:
                kind = "a list of words" if expected is tuple else expected.__name__
                raise PackError(f"{where}.{key}: must be {kind}, not {value!r}")
            if key in PREPOSITIONS:
                for preposition in value:
                    if len(preposition.split()) > 1:
                        raise PackError(f"{where}.{key}: {several_words(preposition)}")
            if key in REFERENCES and (value == role.name or relation.role(value) is None):
                others = [r.name for r in relation.roles if r.name != role.name]
                raise PackError(
                    f"{where}.{key}: {value!r} is not another role ({', '.join(others)})"
                )


def pattern_from_data(
    data: dict[str, Any], where: str, relations: Mapping[str, RelationType]
) -> Pattern:
    name, at = named_table(data, where, "pattern", PATTERN_KEYS, "join_verb")
    relation_name = data.get("relation")
    if relation_name not in relations:
        raise PackError(
            f"{at}: field 'relation': no relation {relation_name!r} "
            f"(declared: {', '.join(relations) or 'none'})"
        )
    relation = relations[relation_name]
    listed = {key: words(data[key], f"{at}: field {key!r}") for key in WORD_FIELDS if key in data}
    for key in LEMMA_FIELDS:
        for word in listed.get(key, ()):
            problem = not_a_lemma(word)
            if problem:
                raise PackError(f"{at}: field {key!r}: {problem}")
    values = {key: frozenset(value) for key, value in listed.items()}
    trigger_types = entity_types(data, "trigger_types", at)
    exclude_types = entity_types(data, "exclude_types", at)
    if not values.get("trigger") and not trigger_types:
        raise PackError(f"{at}: field 'trigger': at least one lemma (or trigger_types)")
    bad_pos = values.get("pos", frozenset()) - UPOS
    if bad_pos:
        raise PackError(f"{at}: field 'pos': {sorted(bad_pos)[0]!r} is no universal part of speech")
    roles_data = data.get("roles", {})
    if not isinstance(roles_data, dict):
        raise PackError(f"{at}: field 'roles': a table of role = [finder steps]")
    roles, role_types = {}, {}
    for role_name, steps_data in roles_data.items():
        role = relation.role(role_name)
        if role is None:
            raise PackError(
                f"{at}: field 'roles.{role_name}': {relation.name} has no role {role_name!r} "
                f"(its roles: {', '.join(r.name for r in relation.roles)})"
            )
        if isinstance(steps_data, dict) and "finder" not in steps_data:
            # { types = [...], find = [...] }: this pattern accepts fewer entity types
            where = f"{at}: field 'roles.{role_name}.types'"
            narrowed = tuple(words(steps_data.get("types", list(role.types)), where))
            if (
                not narrowed
                or set(narrowed) - set(role.types)
                or set(steps_data) - {"types", "find"}
            ):
                raise PackError(
                    f"{where}: a table with 'find' and 'types', some of {', '.join(role.types)}"
                )
            role_types[role_name] = narrowed
            steps_data = steps_data.get("find", [])
        steps = read_steps(steps_data, f"{at}: field 'roles.{role_name}'")
        check_steps(steps, relation, role, f"{at}: field 'roles.{role_name}'")
        roles[role_name] = steps
    for role in relation.roles:
        if not (roles.get(role.name) or role.steps):
            raise PackError(
                f"{at}: field 'roles.{role.name}': no finder steps, and {relation.name} gives none"
            )
    doc = data.get("doc", "")
    if not isinstance(doc, str):
        raise PackError(f"{at}: field 'doc': must be text (an example sentence)")
    pattern = Pattern(
        government=government_from_data(data.get("government", {}), relation, at),
        name=name,
        relation=relation.name,
        roles=MappingProxyType({name: steps for name, steps in roles.items() if steps}),
        role_types=MappingProxyType(role_types),
        trigger_types=trigger_types,
        exclude_types=exclude_types,
        doc=doc,
        source=where,
        **values,
    )
    check_references(pattern, relation, at)
    return pattern


def government_from_data(data: Any, relation: RelationType, at: str) -> MappingProxyType:
    """`government = { country = "nom", organization = ["в+acc", "к+dat"] }`: each
    argument role's marks, checked now so a typo fails before any article is read."""
    if not isinstance(data, dict):
        raise PackError(f"{at}: field 'government': a table of role = marks")
    marks = {}
    for role_name, value in data.items():
        where = f"{at}: field 'government.{role_name}'"
        if role_name not in {role.name for role in relation.arguments}:
            raise PackError(f"{where}: {relation.name} has no argument role {role_name!r}")
        listed = words([value] if isinstance(value, str) else value, where)
        for mark in listed:
            if len(mark.split()) > 1:
                raise PackError(f"{where}: {several_words(mark)}")
            try:
                government.parse_mark(mark)
            except ValueError as error:
                raise PackError(f"{where}: {error}") from None
        marks[role_name] = tuple(listed)
    return MappingProxyType(marks)


def lemmas(word: str) -> list[str]:
    """Every lemma the pipeline's lemmatizer (`pipeline.lemmatizer`) can give a word
    spelled so, the likeliest first: a word without Cyrillic letters is its own
    lemma in lower case; a Russian word has the normal form of any of its
    pymorphy3 readings (the tagger picks one in context), and a compound the
    form the lemmatizer rebuilds ("странами-членами" → "страна-член")."""
    lower = word.lower()
    if not CYRILLIC.search(lower):
        return [lower]
    found = []
    for parse in analyzer().parse(lower):
        found.append(parse.normal_form)
        if "-" in lower:
            found.append(compound_normal_form(lower, parse))
    return list(dict.fromkeys(found)) or [lower]


def not_a_lemma(word: str) -> str:
    """Why no token can have `word` as its lemma, or "" if one can.

    A word counts if any reading gives it back: many lemmas are also
    inflected forms of other words ("стали", "мира"), and the tagger decides
    in context which one a token is."""
    if len(word.split()) > 1:
        return f"{word!r} is {len(word.split())} words: each entry is one token's lemma"
    known = lemmas(word)
    if word in known:
        return ""
    return f"{word!r} is not a lemma: patterns match lemmas; did you mean {known[0]!r}?"


def several_words(preposition: str) -> str:
    """Why a preposition of several words is refused rather than accepted and never matched."""
    return (
        f"{preposition!r} is {len(preposition.split())} words: the finders compare the one "
        "word that marks a name (the word before it, or its case marker), so a "
        "multi-word preposition can never match; it is not supported"
    )


def entity_types(data: dict[str, Any], key: str, at: str) -> tuple[str, ...]:
    kinds = tuple(words(data.get(key, []), f"{at}: field {key!r}"))
    bad = [kind for kind in kinds if kind not in ENTITY_TYPES]
    if bad:
        raise PackError(
            f"{at}: field {key!r}: {bad[0]!r}; entity types are {', '.join(ENTITY_TYPES)}"
        )
    return kinds


def check_references(pattern: Pattern, relation: RelationType, at: str) -> None:
    """Roles whose finders refer to each other (`of`, `outside`) cannot be filled."""
    try:
        pattern.filling_order(relation)
    except ValueError as error:
        raise PackError(f"{at}: field 'roles': {error}") from None


# -- the packs a run uses --------------------------------------------------------


@cache
def base_lexicon() -> Lexicon:
    path = HERE / DEFAULT_FILE
    return read_lexicon(read_data(path), str(path))


@cache
def default_pack() -> Pack:
    return read_pack(DEFAULT_PACK)


def build_pack(sources: Iterable[str | Path] = (), default: bool = True) -> Pack:
    """The default lexicon, the default pack (unless `default` is false) and each
    source in turn; a source may use the relations of the packs before it."""
    pack = Pack({}, (), base_lexicon())
    if default:
        pack = pack.merged(default_pack())
    for source in sources:
        pack = pack.merged(read_pack(source, pack))
    if not pack.patterns:
        raise PackError("no patterns: --patterns-only needs at least one --patterns FILE")
    return pack
