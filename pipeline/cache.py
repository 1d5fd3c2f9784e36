"""On-disk cache of annotated documents, for a fast pattern-editing loop.

Everything before the relation patterns (tokens, tags, parse, entities,
dates, references) is expensive and does not change when a pattern does.
Each annotated `Doc` is stored under a key made of the article's content and
a fingerprint of everything that shapes the annotation: the code of those
components, the gazetteer data, and the versions of the model packages. A
change to a pattern, the tables or the CLI leaves the cache valid; a change
to a component, a grammar or the gazetteer invalidates it (the old entries
are simply never read again).

Keys are hashes, so document ids never become file names. Entries are
written to a temporary file and renamed, so a killed run leaves no broken
entry behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import srsly
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.corpus import Article
from pipeline.nlp import article_meta

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
NOT_ANNOTATION = {"components/events.py"}
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
FORMAT = "1"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    digest = hashlib.sha256(FORMAT.encode())
    files = sorted(
        path
        for pattern in ANNOTATION_SOURCES
        for path in PACKAGE.glob(pattern)
        if path.relative_to(PACKAGE).as_posix() not in NOT_ANNOTATION
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for package in MODEL_PACKAGES:
        try:
            digest.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} missing".encode())
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
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        skip_plugin_lookup()

    def path(self, article: Article) -> Path:
        key = article_key(article)
        return self.folder / key[:2] / f"{key}.spacy"

    def get(self, article: Article, vocab: Vocab) -> Doc | None:
        path = self.path(article)
        try:
            doc = Doc(vocab).from_bytes(path.read_bytes())
        except (OSError, ValueError):
            return None
        doc._.meta = {**doc._.meta, **article_meta(article)}
        return doc

    def put(self, article: Article, doc: Doc) -> None:
        path = self.path(article)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(doc.to_bytes())
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs speed
