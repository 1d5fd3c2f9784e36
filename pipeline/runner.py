"""Annotating one batch of articles into table rows, in whatever process runs it.

The same `Worker` serves a single-process run, each process of `--workers N`
and each Dask worker: it builds the pipeline once, takes annotated documents
from the cache where it can, runs the components stage by stage over the
rest (timing each stage), applies the relation patterns, and returns plain
rows, so that results travel cheaply between processes and machines. If a
batch fails, its articles are retried one by one and only the one that fails
is reported, with the reason.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import resource
import time
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.cache import DocCache, Entry, events_key, rows_key
from pipeline.components.events import RelationExtractor
from pipeline.corpus import Article
from pipeline.nlp import build, make_doc
from pipeline.tables import COLUMNS, Annotation, Chunk, Row, Rows, annotation, found_rows

# Longer articles are refused with a reason; processing is bounded in memory
# (sentences and model inputs are cut), so the limit guards against runaway
# inputs rather than protecting the models.
MAX_CHARS = 5_000_000
PATTERN_STAGE = "events"
GC_THRESHOLD = 10_000
# mallopt's parameters (malloc.h) and the values `tune_allocator` sets
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD_BYTES = 4 << 20
TRIM_THRESHOLD_BYTES = 256 << 20
EVENT_TYPE = COLUMNS["events"].index("event_type")
RELATION = COLUMNS["relations"].index("relation")


@dataclass(frozen=True)
class Options:
    """How every process of a run annotates: each builds its pipeline from these,
    so workers and Dask match the same packs as a single process."""

    cache: Path | None = None  # None: no cache read or written
    max_chars: int = MAX_CHARS
    patterns: tuple[str, ...] = ()  # pack files or modules (`--patterns`)
    default_patterns: bool = True  # false: `--patterns-only`


@dataclass
class BatchResult:
    rows: Rows
    documents: int = 0
    failed: int = 0
    skipped: int = 0  # files of other types a folder held
    cached: int = 0  # annotation from the cache
    reused: int = 0  # rows and events from the cache: no Doc loaded, no pattern run
    errors: list[tuple[str, str]] = field(default_factory=list)
    stages: Counter = field(default_factory=Counter)
    entity_types: Counter = field(default_factory=Counter)
    event_types: Counter = field(default_factory=Counter)
    relation_types: Counter = field(default_factory=Counter)
    chunks: list[Chunk] = field(default_factory=list)  # when the rows went to chunk files
    finished: float = 0.0  # time.time() when the batch was done
    peak_rss_mb: float = 0.0  # of the process that ran the batch
    cache_dropped: int = 0  # damaged cache entries removed (and their articles redone)
    cache_warning: str = ""  # why the cache could not be written, if it could not

    def not_annotated(self, article: Article, error: str) -> None:
        """The article's documents row with its reason; a file that is no article
        (skipped) is listed but is not a failure."""
        self.rows.add_error(article, error)
        if article.skipped:
            self.skipped += 1
            return
        self.failed += 1
        self.errors.append((article.doc_id or article.source, error))


# BatchResult's fields that `combined` takes the largest of rather than the sum
LARGEST = {"finished", "peak_rss_mb"}


def lost(articles: list[Article], reason: str) -> BatchResult:
    """Error rows for articles whose process died with them: the tables still list
    every article, and the reason says it was the process, not the text, that
    failed (an article with its own error keeps it)."""
    result = BatchResult(rows=Rows(), documents=len(articles), finished=time.time())
    for article in articles:
        result.not_annotated(article, article.error or reason)
    return result


def combined(parts: list[BatchResult]) -> BatchResult:
    """One batch's result from those of its parts (a batch rerun article by article
    after its process died): the writer takes one result, with rows, per batch.
    Generic over the fields, so that a count added to BatchResult is summed too."""
    whole = BatchResult(rows=Rows())
    for part in parts:
        for name, table in part.rows.tables.items():
            whole.rows.tables[name] += table
        for name, blocks in part.rows.blocks.items():
            whole.rows.blocks[name] += blocks
        whole.rows.entity_types.update(part.rows.entity_types)
        for name in (f.name for f in fields(BatchResult) if f.name != "rows"):
            mine, theirs = getattr(whole, name), getattr(part, name)
            if isinstance(mine, Counter):
                mine.update(theirs)
            elif isinstance(mine, str):
                setattr(whole, name, mine or theirs)
            elif name in LARGEST:
                setattr(whole, name, max(mine, theirs))
            else:  # counts and lists
                setattr(whole, name, mine + theirs)
    return whole


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip().splitlines()[0][:300]


def check_size(article: Article, max_chars: int) -> Article:
    if not article.error and len(article.text) > max_chars:
        reason = f"too large: {len(article.text)} characters (limit {max_chars}, see --max-chars)"
        return replace(article, error=reason)
    return article


@lru_cache(maxsize=1)
def c_library() -> ctypes.CDLL | None:
    try:
        library = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return library if hasattr(library, "mallopt") else None  # glibc and musl


def tune_allocator() -> None:
    """For a process that only annotates: a fixed glibc mmap threshold.

    glibc raises its threshold to the largest block freed (up to 32 MB); after
    that the networks' arrays, a different size at every batch, are carved
    from the heap and leave holes, and a worker's peak memory crept up by 13 %
    from 2,000 articles to 20,000 with no new text after the first 840 (`make
    bench-soak`). Blocks of 4 MB and more now get mappings of their own, given
    back when freed. The trim threshold is raised with it, as glibc does when
    it moves the threshold itself: left at 128 KB, the heap top was handed back
    and faulted in again at every batch, 15 % slower."""
    library = c_library()
    if library is not None:
        library.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        library.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)


def tune_collector() -> None:
    """For a process that only annotates (the CLI, a pool or Dask worker), never
    for a library user's: annotation allocates millions of small objects, few of
    them in cycles; with the default threshold (700) the collector ran 2,400
    times over 300 NEREL texts and took 9 % of the run, at 10,000 it takes 3 %,
    with the same peak memory."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


class Worker:
    def __init__(
        self, options: Options, nlp: Language | None = None, owns_process: bool = False
    ) -> None:
        """`owns_process`: this process exists to annotate, so the collector and the
        allocator may be tuned (`tune_collector`, `tune_allocator`) and what the
        first batch loaded frozen."""
        if owns_process:
            tune_collector()
            tune_allocator()
        self.frozen = not owns_process  # nothing to freeze in someone else's process
        self.options = options
        self.nlp = nlp or build(
            patterns=options.patterns, default_patterns=options.default_patterns
        )
        self.nlp.max_length = max(self.nlp.max_length, options.max_chars + 1)
        self.cache = DocCache(options.cache) if options.cache else None

    def annotate(self, articles: list[Article], stages: Counter) -> list[Doc]:
        """Every stage before the patterns, over the whole batch at once."""
        started = time.perf_counter()
        docs = [make_doc(self.nlp, article) for article in articles]
        stages["segment"] += time.perf_counter() - started
        for name, component in self.nlp.pipeline:
            if name == PATTERN_STAGE:
                continue
            started = time.perf_counter()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs))
            else:
                docs = [component(doc) for doc in docs]
            stages[name] += time.perf_counter() - started
        return docs

    @cached_property
    def patterns(self) -> RelationExtractor:
        return self.nlp.get_pipe(PATTERN_STAGE)

    def firing(self, lemmas: frozenset[str]) -> str:
        """The definitions of the patterns that can fire among these lemmas."""
        return self.patterns.signature(lemmas)

    def rows_of(
        self, doc: Doc, annotated: Annotation | None, stages: Counter
    ) -> tuple[Annotation, list[list[Row]]]:
        """Rows and relations of an annotated Doc (`annotated`: its rows, if stored)."""
        started = time.perf_counter()
        doc = self.patterns(doc)
        stages[PATTERN_STAGE] += time.perf_counter() - started
        started = time.perf_counter()
        if annotated is None:
            annotated = annotation(doc)
        events = found_rows(doc)
        stages["tables"] += time.perf_counter() - started
        return annotated, events

    def annotated(
        self, articles: list[Article], entries: list[Entry | None], result: BatchResult
    ) -> list[Doc | str]:
        """Annotated docs (or failure reasons), from the cache entries where there are.

        An entry whose `Doc` does not load is replaced by None in `entries`: the
        article is annotated again and gets a new entry.
        """
        found: dict[int, Doc | str] = {}
        started = time.perf_counter()
        for index, (article, entry) in enumerate(zip(articles, entries, strict=True)):
            if entry is not None and self.cache:
                doc = self.cache.doc(entry, article, self.nlp.vocab)
                if doc is None:
                    entries[index] = None
                    result.cache_dropped += 1
                else:
                    found[index] = doc
        result.cached += len(found)
        result.stages["cache"] += time.perf_counter() - started
        todo = [index for index in range(len(articles)) if index not in found]
        try:
            docs = self.annotate([articles[i] for i in todo], result.stages)
            found.update(zip(todo, docs))
        except Exception:
            for index in todo:
                try:
                    found[index] = self.annotate([articles[index]], result.stages)[0]
                except Exception as error:
                    found[index] = describe(error)
        return [found[index] for index in range(len(articles))]

    def store(
        self, article: Article, entry: Entry, found: tuple[Annotation, list[list[Row]]]
    ) -> None:
        """The entry with this run's rows and events added: one write per article."""
        annotated, events = found
        rows = rows_key(article)
        entry.with_rows(rows, annotated)
        entry.with_events(events_key(rows, self.firing(annotated.lemmas)), events)
        self.cache.store(article, entry)

    def lookup(self, article: Article) -> tuple[Entry | None, Annotation | None, str]:
        """The article's cache entry, its stored rows, and the key of its events."""
        entry = self.cache.lookup(article)
        rows = rows_key(article)
        annotated = entry.annotated(rows) if entry else None
        events = events_key(rows, self.firing(annotated.lemmas)) if annotated else ""
        return entry, annotated, events

    def process(self, articles: list[Article]) -> BatchResult:
        with self.cache.batch() if self.cache else contextlib.nullcontext():
            return self.process_batch(articles)

    def process_batch(self, articles: list[Article]) -> BatchResult:
        articles = [check_size(article, self.options.max_chars) for article in articles]
        rows = Rows()
        result = BatchResult(rows=rows, documents=len(articles))
        readable = [index for index, article in enumerate(articles) if not article.error]
        done: dict[int, tuple[Annotation, list[list[Row]]]] = {}
        looked_up: dict[int, tuple[Entry | None, Annotation | None, str]] = {}
        if self.cache:
            started = time.perf_counter()
            dropped = self.cache.dropped
            for index in readable:
                entry, annotated, events = looked_up[index] = self.lookup(articles[index])
                found = entry.found(events) if entry and annotated else None
                if found is not None:
                    done[index] = annotated, found
            result.cached += len(done)
            result.reused += len(done)
            result.cache_dropped += self.cache.dropped - dropped
            result.stages["cache"] += time.perf_counter() - started
        todo = [index for index in readable if index not in done]
        entries = [looked_up.get(index, (None,))[0] for index in todo]
        docs = self.annotated([articles[i] for i in todo], entries, result)
        failures: dict[int, str] = {}
        for index, entry, doc in zip(todo, entries, docs, strict=True):
            if isinstance(doc, Doc):
                try:
                    if self.cache and entry is None:
                        entry = Entry(self.cache.serialized(doc))
                    stored = looked_up[index][1] if index in looked_up else None
                    done[index] = self.rows_of(doc, stored, result.stages)
                    if self.cache:
                        self.store(articles[index], entry, done[index])
                    continue
                except Exception as error:
                    doc = describe(error)
            failures[index] = doc
        for index, article in enumerate(articles):
            if index in done:
                rows.add(*done[index])
                continue
            result.not_annotated(article, failures.get(index, article.error))
        if self.cache and self.cache.unwritable:
            result.cache_warning = self.cache.unwritable
        if not self.frozen:
            # what the first batch loaded (models, gazetteer, grammar) lives as long
            # as the process: the collector need not walk it again, and workers
            # forked after this share its pages instead of copying them
            gc.freeze()
            self.frozen = True
        result.entity_types.update(rows.entity_types)
        result.event_types.update(row[EVENT_TYPE] for row in rows.tables["events"])
        result.relation_types.update(row[RELATION] for row in rows.tables["relations"])
        result.finished = time.time()
        result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result
