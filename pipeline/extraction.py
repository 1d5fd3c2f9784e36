"""The extraction run: articles in, tables out, in bounded memory.

Articles are read lazily and grouped into numbered batches; an executor
(`pipeline.parallel`) annotates them here, in local worker processes or on a
Dask cluster; each batch's rows go to sorted chunk files and are merged into
the tables at the end. The first batches are small so that the first
document is done within seconds; later ones are larger so the models see
many sentences at once.
"""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import STARTED
from pipeline.corpus import Article
from pipeline.facts import FACTS_FILE, read_found, write_facts
from pipeline.parallel import in_pool, in_process, on_cluster
from pipeline.patterns.pack import build_pack
from pipeline.runner import Options
from pipeline.tables import TableWriter

if TYPE_CHECKING:
    from spacy.language import Language

PACK_FILE = "pack.json"

# Documents per batch at most. Models see sentences packed across a batch, so
# a few documents fill them; with workers, smaller batches leave less idle time
# at the end of the corpus (2 workers on NEREL: 18.3 s with 16, 17.5 s with 8).
BATCH_SIZE = 8


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    skipped: int = 0
    cached: int = 0
    reused: int = 0
    cache_dropped: int = 0
    cache_warning: str = ""
    sentences: int = 0
    bytes: int = 0
    entities: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    stages: Counter = field(default_factory=Counter)
    seconds: float = 0.0  # the extraction alone
    finished: float = 0.0  # time.time() when the tables were in place
    first_doc_seconds: float = 0.0  # from the process start
    worker_rss_mb: float = 0.0  # the largest peak of any process that annotated
    errors: list[tuple[str, str]] = field(default_factory=list)
    # the output's file system took no symbolic links: tables replaced one by one
    replaced_one_by_one: bool = False

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def stats(self) -> dict:
        """Figures for benchmarks (`--stats FILE`). `wall_seconds` and
        `first_doc_seconds` both count from the process start (imports, models
        and all: what a user waits), so the first is never the larger;
        `extract_seconds` is the extraction alone."""
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "documents": self.documents,
            "failed": self.failed,
            "skipped": self.skipped,
            "cached": self.cached,
            "reused": self.reused,
            "cache_dropped": self.cache_dropped,
            "bytes": self.bytes,
            "wall_seconds": round(self.finished - STARTED, 3),
            "extract_seconds": round(self.seconds, 3),
            "first_doc_seconds": round(self.first_doc_seconds, 3),
            "peak_rss_mb": round(own, 1),
            "peak_rss_children_mb": round(self.worker_rss_mb, 1),  # largest worker
            "stages": {name: round(seconds, 3) for name, seconds in sorted(self.stages.items())},
        }


def batches(
    items: Iterable[Article], size: int = BATCH_SIZE
) -> Iterator[tuple[int, list[Article]]]:
    """Numbered batches growing 1, 2, 4, ... up to `size`: a quick first document."""
    batch: list[Article] = []
    index, limit = 0, 1
    for item in items:
        batch.append(item)
        if len(batch) == limit:
            yield index, batch
            batch, index, limit = [], index + 1, min(size, limit * 2)
    if batch:
        yield index, batch


def extract(
    articles: Iterable[Article],
    out: Path,
    options: Options | None = None,
    workers: int = 1,
    scheduler: str = "",
    table_format: str = "csv",
    progress: Callable[[int], None] | None = None,
    nlp: Language | None = None,
    owns_process: bool = False,
) -> Summary:
    """Annotate every article and write the tables to `out`, with the pack the
    patterns came from (`pack.json`: what `report`, `show` and `patterns` read).

    The packs are read and checked first: a bad one (`PackError`) stops the
    run before any article is read. `nlp`: a pipeline of the caller's
    (`pipeline.load()`), which runs in this process only. `owns_process`:
    the caller is a program that only extracts (the CLI), so process-wide
    collector settings are allowed; a library caller's process is left alone.
    """
    options = options or Options()
    if nlp is not None and (workers > 1 or scheduler):
        raise ValueError("a given nlp runs in this process: workers=1, no scheduler")
    started = time.perf_counter()
    if nlp is not None:
        pack = nlp.get_pipe("events").pack
    else:
        pack = build_pack(options.patterns, default=options.default_patterns)
    summary = Summary()
    writer = TableWriter(out, table_format)
    writer.add_file(PACK_FILE, json.dumps(pack.as_data(), ensure_ascii=False, indent=1) + "\n")
    writer.add_derived(FACTS_FILE, lambda folder, target: write_facts(read_found(folder), target))

    def counted(items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            summary.bytes += len(article.text.encode("utf-8", "surrogatepass"))
            yield article

    try:
        numbered = batches(counted(articles))
        if scheduler:
            results = on_cluster(numbered, options, scheduler)
        elif workers > 1:
            results = in_pool(numbered, options, workers, writer.work)
        else:
            results = in_process(numbered, options, nlp, owns_process)
        for index, result in results:
            if not summary.first_doc_seconds:
                summary.first_doc_seconds = result.finished - STARTED
            if result.chunks:
                writer.add_chunks(result.chunks)
            else:
                writer.add(index, result.rows)
            summary.documents += result.documents
            summary.failed += result.failed
            summary.skipped += result.skipped
            summary.cached += result.cached
            summary.reused += result.reused
            summary.cache_dropped += result.cache_dropped
            summary.cache_warning = summary.cache_warning or result.cache_warning
            summary.errors += result.errors
            summary.stages.update(result.stages)
            summary.worker_rss_mb = max(summary.worker_rss_mb, result.peak_rss_mb)
            summary.entities.update(result.entity_types)
            summary.events.update(result.event_types)
            summary.relations.update(result.relation_types)
            if progress:
                progress(result.documents)
    except BaseException:
        writer.discard()  # a failed run leaves the previous tables and no debris
        raise
    counts = writer.finish()
    summary.replaced_one_by_one = bool(writer.published and writer.published.one_by_one)
    summary.sentences = counts["sentences"]
    summary.seconds = time.perf_counter() - started
    summary.finished = time.time()
    return summary


def write_stats(summary: Summary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary.stats(), indent=2) + "\n", encoding="utf-8")
