"""On-disk cache of annotated articles, for a fast pattern-editing loop.

Everything before the relation patterns (tokens, tags, parse, entities,
dates, references) is expensive and does not change when a pattern does.
Each article has one entry, named by a hash of its body text, its
publication date and the code and data of the annotation stages
(`pipeline.fingerprint`: derived from the imports, not listed). The entry
holds the annotated `Doc` and, beside it, the article's table rows (valid for
one version of the table code and one set of metadata: an id, a path) and its
event rows per set of patterns that can fire in it. A re-run after editing a
pattern loads a `Doc` and runs the engine only for the articles where that
pattern's trigger words occur; the others cost one file read.

An article is looked up once and stored once (`lookup`, `store`). Every
entry carries a format version and a checksum of its contents: a truncated,
garbled or foreign entry is dropped and the article annotated again.
Entries are written to a temporary file and renamed, so two runs sharing a
cache never see a half-written entry, and a killed run leaves at most a
temporary file, which a later run sweeps away (`sweep`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import srsly
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.corpus import Article
from pipeline.fingerprint import stage_key
from pipeline.nlp import article_meta
from pipeline.tables import FOUND_TABLES, Annotation, Block, Row

MAGIC = b"newsfacts-cache"
FORMAT = b"5"
HEADER = MAGIC + b" " + FORMAT + b"\n"
CHECKSUM = hashlib.sha256().digest_size
# The annotation ends where the patterns begin: their code and packs key the events.
PATTERN_STAGE = "pipeline.components.events"
SUFFIX = ".entry"
TEMPORARY = ".tmp"
STALE_TEMPORARY = 3600.0  # seconds: older temporary files belong to no live run
KEEP_ROWS = 4  # the same text under several ids or paths
KEEP_EVENTS = 8  # sets of firing patterns, newest last


def annotation_key() -> str:
    return stage_key("pipeline.nlp", (PATTERN_STAGE,))


def article_key(article: Article) -> str:
    """What the annotation depends on: the body text and the publication date.

    Ids, paths and encodings are not part of it: a moved or renamed corpus is
    still served from the cache, with its new metadata (`restore`).
    """
    digest = hashlib.sha256(annotation_key().encode())
    for part in (article.date, article.body):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def rows_key(article: Article) -> str:
    """The article's metadata (ids and offsets are in the rows) and the table code."""
    digest = hashlib.sha256(stage_key("pipeline.tables", data=False).encode())
    meta = article_meta(article)
    digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def events_key(rows: str, patterns: str) -> str:
    """`patterns`: the definitions of the patterns that can fire in the article."""
    digest = hashlib.sha256(rows.encode())
    digest.update(stage_key(PATTERN_STAGE, data=False).encode())
    digest.update(patterns.encode())
    return digest.hexdigest()


@contextlib.contextmanager
def without_plugin_lookup() -> Iterator[None]:
    """Stop srsly from searching for msgpack plugins on every (de)serialization.

    srsly asks importlib.metadata for plugin entry points, then walks
    catalogue's whole registry (thousands of spaCy functions) for the
    registered encoders, each time a Doc is packed or unpacked: that was four
    fifths of the time to load a cached document. Within this block the
    registries answer with what they hold now; afterwards they are as they
    were, so a library user's plugins registered later are still found.
    Blocks nest: a worker opens one per batch (`DocCache.batch`), and the
    loads and stores inside it cost no registry walk each.
    """
    global _LOOKUP_DEPTH
    with _LOOKUP_LOCK:
        _LOOKUP_DEPTH += 1
        outermost = _LOOKUP_DEPTH == 1
    if not outermost:  # a batch holds the block open for all its (un)packing
        try:
            yield
        finally:
            with _LOOKUP_LOCK:
                _LOOKUP_DEPTH -= 1
        return
    registries = (srsly.msgpack_encoders, srsly.msgpack_decoders)
    saved = [(registry.entry_points, registry.__dict__.get("get_all")) for registry in registries]
    try:
        for registry in registries:
            found = dict(registry.get_all())
            registry.entry_points = False
            registry.get_all = lambda found=found: dict(found)
        yield
    finally:
        for registry, (entry_points, get_all) in zip(registries, saved, strict=True):
            registry.entry_points = entry_points
            if get_all is None:
                registry.__dict__.pop("get_all", None)
            else:
                registry.get_all = get_all
        with _LOOKUP_LOCK:
            _LOOKUP_DEPTH -= 1


# how many `without_plugin_lookup` blocks are open (threads of a Dask worker share it)
_LOOKUP_DEPTH = 0
_LOOKUP_LOCK = threading.Lock()


@dataclass
class Entry:
    """What the cache holds for one article (see the module docstring)."""

    doc: bytes
    rows: dict[str, Annotation] = field(default_factory=dict)
    events: dict[str, list[list[Row]]] = field(default_factory=dict)

    def annotated(self, key: str) -> Annotation | None:
        return self.rows.get(key)

    def found(self, key: str) -> list[list[Row]] | None:
        return self.events.get(key)

    def with_rows(self, key: str, annotated: Annotation) -> None:
        newest_last(self.rows, key, annotated, KEEP_ROWS)

    def with_events(self, key: str, events: list[list[Row]]) -> None:
        newest_last(self.events, key, events, KEEP_EVENTS)


def newest_last(values: dict, key: str, value: object, keep: int) -> None:
    values.pop(key, None)
    values[key] = value
    for stale in list(values)[:-keep]:
        del values[stale]


def packed_annotation(annotated: Annotation) -> dict:
    return {
        "blocks": {
            name: [block.text, block.first, block.last, block.rows]
            for name, block in annotated.blocks.items()
        },
        "document": annotated.document,
        "entity_types": annotated.entity_types,
        "lemmas": sorted(annotated.lemmas),
    }


def unpacked_annotation(stored: dict) -> Annotation:
    blocks = {
        name: Block(text, tuple(first), tuple(last), rows)
        for name, (text, first, last, rows) in stored["blocks"].items()
    }
    return Annotation(
        blocks, stored["document"], stored["entity_types"], frozenset(stored["lemmas"])
    )


def pack(key: str, entry: Entry) -> bytes:
    payload = srsly.msgpack_dumps(
        {
            "key": key,
            "doc": entry.doc,
            "rows": {name: packed_annotation(rows) for name, rows in entry.rows.items()},
            "events": entry.events,
        }
    )
    return HEADER + hashlib.sha256(payload).digest() + payload


def unpack(key: str, data: bytes) -> Entry:
    """The entry in `data`; ValueError if it is not a whole entry of this format for `key`."""
    if not data.startswith(HEADER):
        raise ValueError("not an entry of this cache format")
    checksum = data[len(HEADER) : len(HEADER) + CHECKSUM]
    payload = data[len(HEADER) + CHECKSUM :]
    if hashlib.sha256(payload).digest() != checksum:
        raise ValueError("checksum mismatch (truncated or damaged)")
    stored = srsly.msgpack_loads(payload)
    try:
        if stored["key"] != key:
            raise ValueError("entry of another article")
        events = stored["events"]
        if any(len(found) != len(FOUND_TABLES) for found in events.values()):
            raise ValueError("event rows of another table layout")
        rows = {name: unpacked_annotation(value) for name, value in stored["rows"].items()}
        return Entry(stored["doc"], rows, events)
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"malformed entry: {error!r}") from error


class DocCache:
    """One entry per article, read once (`lookup`) and written once (`store`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dropped = 0  # damaged entries found and removed
        self.unwritable: str = ""  # why entries could not be stored, once they could not

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    @staticmethod
    def batch() -> contextlib.AbstractContextManager[None]:
        """Open around a batch's lookups, loads and stores (see `without_plugin_lookup`)."""
        return without_plugin_lookup()

    def lookup(self, article: Article) -> Entry | None:
        key = article_key(article)
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            with without_plugin_lookup():
                return unpack(key, data)
        except ValueError:
            self.dropped += 1
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def doc(self, entry: Entry, article: Article, vocab: Vocab) -> Doc | None:
        """The entry's `Doc`, with the article's current metadata."""
        try:
            with without_plugin_lookup():
                doc = Doc(vocab).from_bytes(entry.doc)
        except ValueError:
            return None
        doc._.meta = {**doc._.meta, **article_meta(article)}
        return doc

    @staticmethod
    def serialized(doc: Doc) -> bytes:
        """A freshly annotated `Doc`, before the patterns add their events to it."""
        with without_plugin_lookup():
            return doc.to_bytes()

    def store(self, article: Article, entry: Entry) -> None:
        """Written whole or not at all; a cache that cannot be written only costs speed."""
        key = article_key(article)
        path = self.path(key)
        try:
            with without_plugin_lookup():
                data = pack(key, entry)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=TEMPORARY)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            self.unwritable = self.unwritable or f"{error.strerror or error}"


def sweep(folder: Path, older_than: float = STALE_TEMPORARY) -> int:
    """Remove temporary files a killed run left behind; returns how many."""
    removed = 0
    limit = time.time() - older_than
    try:
        shards = [path for path in folder.iterdir() if path.is_dir()]
    except OSError:
        return 0
    for shard in shards:
        with contextlib.suppress(OSError):
            for path in shard.iterdir():
                if path.suffix == TEMPORARY and path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
    return removed
