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
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.corpus import Article
from pipeline.runner import BatchResult, Options, Worker, combined, lost
from pipeline.tables import Rows, write_chunks

if TYPE_CHECKING:
    from distributed import Client
    from distributed import Future as DaskFuture
    from spacy.language import Language

Batch = tuple[int, list[Article]]
# waits for one batch's result: what an executor hands `windowed` per batch
Waiter = Callable[[], tuple[int, BatchResult]]
# how long to wait for a scheduler that is not there: a user's typo should not
# cost half a minute
SCHEDULER_TIMEOUT = "5s"
# How long a Dask run waits with no worker in the cluster before it gives up. A
# killed worker's tasks go back to the scheduler and wait for a worker: a nanny
# restarts it within seconds and they run again, but with none left (no nanny,
# an autoscaler gone) they would wait forever. A minute leaves time for a worker
# to come back. Read at each check, so that tests can shorten it.
NO_WORKERS_SECONDS = 60.0
# Workers are counted this many times per NO_WORKERS_SECONDS, and only while a
# batch's result is later than that: a run whose results come in asks nothing.
CHECKS_PER_GRACE = 12
DIED_TWICE = "its worker process died (killed, or out of memory) twice while annotating it"


class SchedulerError(RuntimeError):
    """The Dask cluster named by --scheduler cannot run the batches: no scheduler
    answers, it stops answering, or the cluster has had no worker for
    `NO_WORKERS_SECONDS`."""


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
    and receiving, sorting and writing every row was a tenth of a run. A
    worker that dies does not stop the run (`LocalPool`).
    """
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    yield run_batch(first, options)
    for name, value in SINGLE_THREAD.items():
        os.environ.setdefault(name, value)
    if START_METHOD == "forkserver":
        multiprocessing.get_context(START_METHOD).set_forkserver_preload(["pipeline.runner"])
    pool = LocalPool(options, workers, folder)
    try:
        yield from windowed(batches, 2 * workers, pool.submit)
    finally:
        pool.close()


class LocalPool:
    """Worker processes whose death costs at most the article that caused it.

    A process killed while it annotates (SIGKILL, the kernel's OOM killer on a
    huge article) raises no exception anywhere: `multiprocessing.Pool` lost its
    task and the run waited forever. A `ProcessPoolExecutor` fails every batch
    that was in flight with `BrokenProcessPool` instead. Those batches are rerun
    one at a time, each alone in a fresh process, so that a death can be put on
    the batch it happened in and on no neighbour: a batch that dies again is
    rerun article by article, again alone, and an article that kills its
    process then is an error row (`DIED_TWICE`). Every batch is thus rerun at
    most once whole and once split, and the run goes on with a fresh pool.
    """

    def __init__(self, options: Options, workers: int, folder: Path) -> None:
        self.options = options
        self.workers = workers
        self.folder = folder
        self.executor = self.started(workers)
        # batches handed out and not yet collected, in submission order
        self.in_flight: dict[int, tuple[list[Article], Future]] = {}
        self.rerun: dict[int, BatchResult] = {}

    def started(self, processes: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context(START_METHOD),
            initializer=process_worker,
            initargs=(self.options,),
        )

    def submit(self, batch: Batch) -> Waiter:
        try:
            future = self.executor.submit(run_batch, batch, self.options, self.folder)
        except BrokenProcessPool:
            self.recover()
            future = self.executor.submit(run_batch, batch, self.options, self.folder)
        self.in_flight[batch[0]] = batch[1], future
        return partial(self.result, batch[0])

    def result(self, index: int) -> tuple[int, BatchResult]:
        future = self.in_flight[index][1]
        try:
            return future.result()
        except BrokenProcessPool:
            if index not in self.rerun:
                self.recover()
            return index, self.rerun.pop(index)
        finally:
            del self.in_flight[index]

    def recover(self) -> None:
        """Every batch the broken pool lost, rerun; then a fresh pool for the rest.

        Waiting for the broken pool first settles all its futures (those whose
        results arrived keep them) and leaves no thread of it to fork beside.
        """
        self.executor.shutdown()
        for index, (articles, future) in self.in_flight.items():
            if index not in self.rerun and isinstance(future.exception(), BrokenProcessPool):
                self.rerun[index] = self.alone(index, articles)
        self.executor = self.started(self.workers)

    def alone(self, index: int, articles: list[Article]) -> BatchResult:
        """A lost batch in a process of its own; if that dies too, article by article."""
        try:
            return self.in_own_process((index, articles), self.folder)
        except BrokenProcessPool:
            pass
        parts = []
        for article in articles:
            try:
                # rows come back: the writer takes a batch's chunk files whole
                parts.append(self.in_own_process((index, [article]), None))
            except BrokenProcessPool:
                parts.append(lost([article], DIED_TWICE))
        return combined(parts)

    def in_own_process(self, batch: Batch, folder: Path | None) -> BatchResult:
        with self.started(1) as executor:
            return executor.submit(run_batch, batch, self.options, folder).result()[1]

    def close(self) -> None:
        """Stop the workers now, as `Pool.terminate` did: after the last result they
        are idle, and after an error their batches are not wanted (and the
        executor's own shutdown would wait for them)."""
        # no public way before Python 3.14 (terminate_workers); None once shut down
        for process in (self.executor._processes or {}).values():
            process.terminate()
        self.executor.shutdown()


def windowed(
    batches: Iterable[Batch], window: int, submit: Callable[[Batch], Waiter]
) -> Iterator[tuple[int, BatchResult]]:
    """Keep `window` batches in flight and yield their results in submission order.

    Executor.map would read the whole input ahead; this reads only as far as it needs.
    """
    batches = iter(batches)
    pending = deque(submit(batch) for batch in islice(batches, window))
    while pending:
        wait = pending.popleft()
        yield wait()
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

    def submit(batch: Batch) -> Waiter:
        future = client.submit(run_batch, batch, options, pure=False)
        return partial(awaited, client, address, future, batch)

    with client:
        window = 2 * max(1, sum(client.nthreads().values()))
        yield from windowed(batches, window, submit)


def awaited(
    client: Client, address: str, future: DaskFuture, batch: Batch
) -> tuple[int, BatchResult]:
    """A batch's result from the cluster, as long as the cluster has workers.

    A task whose worker died more often than the scheduler allows (its
    `allowed-failures`) ends in `KilledWorker`: its articles become error rows,
    not a traceback, and the run goes on. With no worker at all, or no
    scheduler, the run stops with `SchedulerError` rather than turning the rest
    of the corpus into error rows: nothing is wrong with the articles, and once
    the cluster is back the same command can run again (with the cache, what
    was done is not redone).
    """
    from distributed import KilledWorker

    alone_since: float | None = None
    while True:
        try:
            return future.result(timeout=NO_WORKERS_SECONDS / CHECKS_PER_GRACE)
        except TimeoutError:
            try:
                workers = client.nthreads()
            except OSError:
                raise SchedulerError(f"the Dask scheduler at {address} stopped answering") from None
            if workers:
                alone_since = None
                continue
            alone_since = alone_since or time.monotonic()
            if time.monotonic() - alone_since >= NO_WORKERS_SECONDS:
                raise SchedulerError(
                    f"the Dask cluster at {address} has had no workers for {NO_WORKERS_SECONDS:g} s"
                ) from None
        except CancelledError:  # what the client does to every future when it loses the scheduler
            raise SchedulerError(f"the Dask scheduler at {address} stopped answering") from None
        except KilledWorker as error:
            died = error.allowed_failures + 1
            reason = (
                f"the Dask worker annotating its batch died (killed, or out of memory)"
                f" {died} times (KilledWorker)"
            )
            return batch[0], lost(batch[1], reason)
