"""Where batches run: this process, a pool of local processes, or a Dask cluster.

Each executor takes numbered batches of articles and yields `(index,
BatchResult)` pairs; the table writer puts results in input order whatever
order they arrive in, so every executor gives the same tables. Only a
bounded number of batches is in flight at once, so memory stays flat however
large the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.corpus import Article
from pipeline.runner import BatchResult, Options, Worker
from pipeline.tables import Rows, write_chunks

if TYPE_CHECKING:
    from spacy.language import Language

Batch = tuple[int, list[Article]]
# how long to wait for a scheduler that is not there: a user's typo should not
# cost half a minute
SCHEDULER_TIMEOUT = "5s"


class SchedulerError(RuntimeError):
    """The Dask scheduler named by --scheduler cannot be reached."""


# fork is safe here: the only other thread this process may have is the
# progress display, which the workers never touch (and it is Linux's default)
START_METHOD = "fork" if sys.platform == "linux" else "forkserver"
# Models are small; one BLAS thread per process beats threads competing for cores.
SINGLE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def in_process(
    batches: Iterable[Batch],
    options: Options,
    nlp: Language | None = None,
    owns_process: bool = False,
) -> Iterator[tuple[int, BatchResult]]:
    """Every batch in this process, with `nlp` if given (else one built from
    `options`); `owns_process`: the CLI's own, whose collector and allocator
    may be tuned."""
    worker = Worker(options, nlp, owns_process=owns_process)
    for index, articles in batches:
        yield index, worker.process(articles)


@lru_cache(maxsize=1)
def process_worker(options: Options) -> Worker:
    """One Worker per process (and per Dask worker), built on first use: these
    processes exist to annotate."""
    return Worker(options, owns_process=True)


def run_batch(
    batch: Batch, options: Options, folder: Path | None = None
) -> tuple[int, BatchResult]:
    """One batch in a worker; with `folder`, its rows go to chunk files there."""
    index, articles = batch
    result = process_worker(options).process(articles)
    if folder is not None:
        result.chunks = write_chunks(folder, index, result.rows)
        result.rows = Rows()
    return index, result


def in_pool(
    batches: Iterable[Batch], options: Options, workers: int, folder: Path
) -> Iterator[tuple[int, BatchResult]]:
    """`workers` processes, each with the models loaded once; results in input order.

    The first batch runs in this process before the workers start: its rows
    come as soon as one process can make them, and on Linux the workers are
    forked afterwards, so they start at once with the models, tables and
    grammar this process has loaded (shared copy-on-write, not loaded again).
    Elsewhere they come from a forkserver that has imported the pipeline.
    Workers write their rows as chunk files into `folder` (`write_chunks`) and
    send back only where they are: this process shares the cores with them,
    and receiving, sorting and writing every row was a tenth of a run.
    """
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    yield run_batch(first, options)
    for name, value in SINGLE_THREAD.items():
        os.environ.setdefault(name, value)
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        context.set_forkserver_preload(["pipeline.runner"])
    with context.Pool(workers, initializer=process_worker, initargs=(options,)) as pool:
        yield from windowed(
            batches, 2 * workers, lambda b: pool.apply_async(run_batch, (b, options, folder))
        )


def windowed(
    batches: Iterable[Batch], window: int, submit: Callable[[Batch], object]
) -> Iterator[tuple[int, BatchResult]]:
    """Keep `window` batches in flight and yield their results in submission order.

    Pool.imap would read the whole input ahead; this reads only as far as it needs.
    """
    batches = iter(batches)
    pending = deque(submit(batch) for batch in islice(batches, window))
    while pending:
        handle = pending.popleft()
        yield handle.result() if hasattr(handle, "result") else handle.get()
        following = next(batches, None)
        if following is not None:
            pending.append(submit(following))


def on_cluster(
    batches: Iterable[Batch], options: Options, address: str
) -> Iterator[tuple[int, BatchResult]]:
    """The same batches as tasks on a Dask distributed cluster."""
    try:
        from distributed import Client
    except ImportError as error:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("--scheduler needs the dask extra: pip install '.[dask]'") from error
    try:
        client = Client(address, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise SchedulerError(
            f"{address}: no Dask scheduler answers within {SCHEDULER_TIMEOUT}"
            f" ({type(error).__name__})"
        ) from None
    with client:
        window = 2 * max(1, sum(client.nthreads().values()))
        yield from windowed(
            batches, window, lambda b: client.submit(run_batch, b, options, pure=False)
        )
