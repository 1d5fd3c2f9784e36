"""On-disk cache of annotated documents, for a fast pattern-editing loop.

Everything before the relation patterns (tokens, tags, parse, entities,
dates, references) is expensive and does not change when a pattern does.
Each annotated `Doc` is stored under a key made of the article's content and
a fingerprint of everything that shapes the annotation: the code of those
components, the gazetteer data, and the versions of the model packages. A
change to a pattern, the tables or the CLI leaves the cache valid; a change
to a component, a grammar or the gazetteer invalidates it (the old entries
are simply never read again).

Next to each `Doc` the cache keeps the article's pattern-independent table
rows and, per set of patterns that can fire in it, its event rows (see
`DocCache`). A re-run after editing a pattern loads a `Doc` and runs the
engine only for the articles where that pattern's trigger words occur; the
others cost two small file reads.

Keys are hashes, so document ids never become file names. Entries are
written to a temporary file and renamed, so a killed run leaves no broken
entry behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import srsly
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.corpus import Article
from pipeline.nlp import article_meta
from pipeline.tables import FOUND_TABLES, Annotation, Block, Row

PACKAGE = Path(__file__).resolve().parent
# What the annotation depends on: patterns, tables, CLI and reports are not here.
ANNOTATION_SOURCES = (
    "nlp.py",
    "chrome.py",
    "dates.py",
    "lemmatizer.py",
    "normalize.py",
    "extensions.py",
    "models.py",
    "components/*.py",
    "grammars/*.py",
    "gazetteer/*.py",
    "gazetteer/*.csv",
)
NOT_ANNOTATION = frozenset({"components/events.py"})
MODEL_PACKAGES = (
    "natasha",
    "slovnet",
    "navec",
    "razdel",
    "pymorphy3",
    "pymorphy3-dicts-ru",
    "yargy",
    "spacy",
)
# What the rows and the events depend on besides the annotation.
ROWS_SOURCES = ("tables.py", "columns.py")
# The engine's code; the packs' data is in each entry's key (the firing patterns).
EVENT_SOURCES = ("patterns/*.py", "components/events.py")
FORMAT = "4"


def files_digest(patterns: tuple[str, ...], excluded: frozenset[str] = frozenset()) -> str:
    """A hash of the package files matching `patterns` (names and contents)."""
    digest = hashlib.sha256(FORMAT.encode())
    files = sorted(
        path
        for pattern in patterns
        for path in PACKAGE.glob(pattern)
        if path.relative_to(PACKAGE).as_posix() not in excluded
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def fingerprint() -> str:
    digest = hashlib.sha256(files_digest(ANNOTATION_SOURCES, NOT_ANNOTATION).encode())
    for package in MODEL_PACKAGES:
        try:
            digest.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return digest.hexdigest()


@cache
def sources_digest(patterns: tuple[str, ...]) -> str:
    return files_digest(patterns)


def rows_key(article: Article) -> str:
    """The annotation, the article's metadata and the code that makes rows of them."""
    digest = hashlib.sha256(article_key(article).encode())
    digest.update(sources_digest(ROWS_SOURCES).encode())
    meta = article_meta(article)
    digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def events_key(article: Article, patterns: str) -> str:
    """`patterns`: the definitions of the patterns that can fire in the article."""
    digest = hashlib.sha256(rows_key(article).encode())
    digest.update(sources_digest(EVENT_SOURCES).encode())
    digest.update(patterns.encode())
    return digest.hexdigest()


def article_key(article: Article) -> str:
    """What the annotation depends on: the body text and the publication date.

    Ids, paths and encodings are not part of it: a moved or renamed corpus is
    still served from the cache, with its new metadata (`restore`).
    """
    digest = hashlib.sha256(fingerprint().encode())
    for part in (article.date, article.body):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def skip_plugin_lookup() -> None:
    """Stop srsly from searching for msgpack plugins on every (de)serialization.

    srsly asks importlib.metadata for plugin entry points, then walks
    catalogue's whole registry (thousands of spaCy functions) for the
    registered encoders, each time a Doc is packed or unpacked: that was four
    fifths of the time to load a cached document. No installed package
    provides such plugins, and the encoders registered in code (numpy arrays)
    are all registered once srsly is imported, so the lookup is done once.
    """
    for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
        registry.entry_points = False
        found = registry.get_all()
        registry.get_all = lambda found=found: dict(found)


class DocCache:
    """Three kinds of entries per article, each written atomically:

    - `.spacy`: the annotated `Doc`, keyed by `article_key`;
    - `.rows`: its pattern-independent table rows and lemmas
      (`pipeline.tables.Annotation`), keyed also by the article's metadata
      (ids and offsets are in the rows) and the code of the tables;
    - `.events`: its rows of events.csv and relations.csv, keyed by the rows
      key, the code of the pattern engine and the definitions of the patterns
      whose triggers occur in the article (with the pack's relations and
      words). Patterns whose trigger lemmas do not occur cannot fire, so
      editing one pattern re-runs the engine only on the articles that contain
      its triggers, and a re-run without edits needs no `Doc` at all.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        skip_plugin_lookup()

    def path(self, key: str, suffix: str) -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, article: Article, vocab: Vocab) -> Doc | None:
        data = self.read(self.path(article_key(article), ".spacy"))
        if data is None:
            return None
        try:
            doc = Doc(vocab).from_bytes(data)
        except ValueError:
            return None
        doc._.meta = {**doc._.meta, **article_meta(article)}
        return doc

    def put(self, article: Article, doc: Doc) -> None:
        self.write(self.path(article_key(article), ".spacy"), doc.to_bytes())

    def get_annotation(self, article: Article) -> Annotation | None:
        data = self.read(self.path(rows_key(article), ".rows"))
        try:
            stored = srsly.msgpack_loads(data) if data is not None else None
            blocks = {
                name: Block(text, tuple(first), tuple(last), rows)
                for name, (text, first, last, rows) in stored["blocks"].items()
            }
            return Annotation(
                blocks, stored["document"], stored["entity_types"], frozenset(stored["lemmas"])
            )
        except (TypeError, KeyError, ValueError):
            return None

    def put_annotation(self, article: Article, annotated: Annotation) -> None:
        stored = {
            "blocks": {
                name: [block.text, block.first, block.last, block.rows]
                for name, block in annotated.blocks.items()
            },
            "document": annotated.document,
            "entity_types": annotated.entity_types,
            "lemmas": sorted(annotated.lemmas),
        }
        self.write(self.path(rows_key(article), ".rows"), srsly.msgpack_dumps(stored))

    def get_events(self, article: Article, patterns: str) -> list[list[Row]] | None:
        data = self.read(self.path(events_key(article, patterns), ".events"))
        try:
            found = srsly.msgpack_loads(data) if data is not None else None
        except (TypeError, ValueError):
            return None
        if not isinstance(found, list) or len(found) != len(FOUND_TABLES):
            return None
        return found

    def put_events(self, article: Article, patterns: str, events: list[list[Row]]) -> None:
        self.write(self.path(events_key(article, patterns), ".events"), srsly.msgpack_dumps(events))

    @staticmethod
    def read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError:
            return None

    @staticmethod
    def write(path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs speed
