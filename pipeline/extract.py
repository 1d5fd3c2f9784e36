"""The extraction run: articles in, tables out, no article able to stop the batch.

Documents go through `nlp.pipe` in batches so the models see many sentences
at once. If a batch fails, its documents are retried one by one and only the
one that fails is reported (status `error` with the reason); the rest of the
batch and of the corpus goes on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.corpus import Article
from pipeline.nlp import build, make_doc
from pipeline.tables import Rows, write_tables

BATCH_SIZE = 16
# Longer articles are refused with a reason; processing is bounded in memory
# (sentences and model inputs are cut), so the limit guards against runaway
# inputs rather than protecting the models.
MAX_CHARS = 5_000_000


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    sentences: int = 0
    entities: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip().splitlines()[0][:300]


def check_size(article: Article, max_chars: int) -> Article:
    if not article.error and len(article.text) > max_chars:
        reason = f"too large: {len(article.text)} characters (limit {max_chars}, see --max-chars)"
        return replace(article, error=reason)
    return article


def process(nlp: Language, articles: list[Article]) -> Iterator[tuple[Article, Doc | str]]:
    """Each article with its annotated Doc, or with the reason it failed."""
    good = [a for a in articles if not a.error]
    try:
        docs = list(nlp.pipe(make_doc(nlp, a) for a in good))
        done = dict(zip((id(a) for a in good), docs))
    except Exception:
        done = {}
        for article in good:
            try:
                done[id(article)] = next(nlp.pipe([make_doc(nlp, article)]))
            except Exception as error:
                done[id(article)] = describe(error)
    for article in articles:
        yield article, (article.error if article.error else done[id(article)])


def extract(
    articles: Iterable[Article],
    out: Path,
    nlp: Language | None = None,
    progress: Callable[[int], None] | None = None,
    max_chars: int = MAX_CHARS,
) -> Summary:
    """Annotate every article and write the five tables to `out`."""
    started = time.perf_counter()
    nlp = nlp or build()
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    rows = Rows()
    summary = Summary()
    for batch in batches((check_size(a, max_chars) for a in articles), BATCH_SIZE):
        for article, result in process(nlp, batch):
            summary.documents += 1
            if isinstance(result, str):
                summary.failed += 1
                summary.errors.append((article.doc_id or article.source, result))
                rows.add_error(article, result)
                continue
            rows.add_doc(result)
        if progress:
            progress(len(batch))
    tables = write_tables(rows, out)
    summary.sentences = len(tables["sentences"])
    summary.entities = Counter(tables["entities"]["type"])
    summary.events = Counter(tables["events"]["event_type"])
    summary.seconds = time.perf_counter() - started
    return summary
