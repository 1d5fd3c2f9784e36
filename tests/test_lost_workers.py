"""A worker process that dies (SIGKILL, the OOM killer on a huge article) costs
the run at most the article that killed it, and never hangs it (issue 27, row 12).

Deaths are real: `run_batch` is replaced by `killing_batch`, which kills its own
process with SIGKILL when its batch holds a marked article. Local workers are
forked after the replacement and inherit it; a Dask worker gets it by
reference, as the task's function, and imports this module. Every run has a
deadline, so that a run that hangs fails its test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import dask
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from pipeline import parallel
from pipeline.corpus import Article, read_articles
from pipeline.extraction import extract
from pipeline.runner import BatchResult, Options
from tests.conftest import ARTICLES, ROOT, read_table

KILL = "KILL-ALWAYS"  # an article whose text starts with this kills every process it is in
KILL_ONCE = "KILL-ONCE"  # ... kills the first one, and creates its `source` to say so
TEXT = "В Москве президент России встретился с премьер-министром Индии и обсудил торговлю."
NAMES = ["documents", "sentences", "tokens", "entities", "events", "relations"]
DEADLINE = 120  # seconds: far more than any run here needs, far less than forever
T = TypeVar("T")

original_run_batch = parallel.run_batch


def killing_batch(
    batch: parallel.Batch, options: Options, folder: Path | None = None
) -> tuple[int, BatchResult]:
    for article in batch[1]:
        once = article.text.startswith(KILL_ONCE) and not Path(article.source).exists()
        if once:
            Path(article.source).touch()
        if once or article.text.startswith(KILL):
            os.kill(os.getpid(), signal.SIGKILL)
    return original_run_batch(batch, options, folder)


@pytest.fixture
def killing(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "run_batch", killing_batch)


def marked(marker: str, doc_id: str, source: Path | str = "") -> Article:
    return Article(doc_id, str(source or doc_id), f"{marker}\n{TEXT}")


def within_deadline(run: Callable[[], T]) -> T:
    """`run()`'s result or exception, in a thread given `DEADLINE` seconds."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = run()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(DEADLINE)
    assert not thread.is_alive(), f"the run still waits after {DEADLINE} s: it hangs"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def rows_of(out: Path, doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    tables = {name: read_table(out / f"{name}.csv") for name in NAMES}
    return {
        name: table[table.doc_id.isin(doc_ids)].reset_index(drop=True)
        for name, table in tables.items()
    }


def assert_same_rows(out: Path, reference: Path, doc_ids: set[str]) -> None:
    mine, theirs = rows_of(out, doc_ids), rows_of(reference, doc_ids)
    for name in NAMES:
        pd.testing.assert_frame_equal(mine[name], theirs[name], obj=name)


def documents(out: Path) -> pd.DataFrame:
    return read_table(out / "documents.csv").set_index("doc_id")


def test_a_killed_local_worker_costs_only_the_article_that_killed_it(killing, corpus_out, tmp_path):
    seeds = list(read_articles([ARTICLES]))
    once = marked(KILL_ONCE, "killed-once", tmp_path / "killed-once")
    killer = marked(KILL, "killer")
    # batches of 1, 2 and 4: [seed], [seed, once], [seed, seed, killer, seed]
    articles = [*seeds[:2], once, *seeds[2:4], killer, *seeds[4:]]
    out = tmp_path / "out"
    summary = within_deadline(lambda: extract(articles, out, workers=2))
    assert Path(once.source).exists()  # its worker did die
    table = documents(out)
    assert table.loc["killer", "status"] == "error"
    assert table.loc["killer", "error"] == parallel.DIED_TWICE
    assert summary.errors == [("killer", parallel.DIED_TWICE)]
    assert (table.drop(index="killer").status == "ok").all()
    assert_same_rows(out, corpus_out, {article.doc_id for article in seeds})


def failing_batch(batch: parallel.Batch, *arguments: object) -> tuple[int, BatchResult]:
    """A bug in the code, in every batch the workers get (the first runs here)."""
    if batch[0]:
        raise ZeroDivisionError("a bug")
    return batch[0], BatchResult(rows=parallel.Rows())


def test_an_exception_in_a_worker_still_stops_the_run(monkeypatch, tmp_path):
    """Only a death is retried: an exception is the error it always was."""
    monkeypatch.setattr(parallel, "run_batch", failing_batch)
    articles = [marked("", f"a{number}") for number in range(4)]
    with pytest.raises(ZeroDivisionError, match="a bug"):
        within_deadline(lambda: extract(articles, tmp_path / "out", workers=2))


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """One worker in a process of its own, with a nanny that restarts it when it
    dies; a task may see its worker die once and run again, not twice."""
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=1, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as local,
    ):
        yield local


def test_a_dask_worker_restarted_by_its_nanny_reruns_the_batch(
    killing, cluster, corpus_out, tmp_path
):
    seed = next(read_articles([ARTICLES]))
    articles = [marked(KILL_ONCE, "killed-once", tmp_path / "killed-once"), seed]
    out = tmp_path / "out"
    within_deadline(lambda: extract(articles, out, scheduler=cluster.scheduler_address))
    assert Path(articles[0].source).exists()  # its worker did die
    assert (documents(out).status == "ok").all()
    assert_same_rows(out, corpus_out, {seed.doc_id})


def test_a_batch_that_kills_every_dask_worker_is_error_rows(killing, cluster, tmp_path):
    out = tmp_path / "out"
    articles = [marked(KILL, "killer")]
    summary = within_deadline(lambda: extract(articles, out, scheduler=cluster.scheduler_address))
    reason = "the Dask worker annotating its batch died (killed, or out of memory) 2 times"
    assert summary.errors == [("killer", f"{reason} (KilledWorker)")]
    assert documents(out).loc["killer", "status"] == "error"


def test_a_dask_cluster_left_with_no_worker_stops_the_run_in_bounded_time(
    killing, monkeypatch, tmp_path
):
    """The issue's case: the only worker, with no nanny, killed mid-run."""
    dask_command = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask_command is None:
        pytest.skip("the dask command is not installed (pip install '.[dask]')")
    monkeypatch.setattr(parallel, "NO_WORKERS_SECONDS", 2.0)
    out = tmp_path / "out"
    out.mkdir()
    (out / "events.csv").write_text("the previous run's table\n", encoding="utf-8")
    with LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as local:
        address = local.scheduler_address
        command = [dask_command, "worker", address, "--no-nanny", "--nthreads", "1"]
        # the worker imports this module to run `killing_batch`
        environment = {**os.environ, "PYTHONPATH": str(ROOT)}
        worker = subprocess.Popen(
            [*command, "--no-dashboard"], env=environment, stderr=subprocess.DEVNULL
        )
        try:
            with Client(address) as client:
                client.wait_for_workers(1, timeout=DEADLINE)
            started = time.perf_counter()
            with pytest.raises(parallel.SchedulerError) as raised:
                within_deadline(lambda: extract([marked(KILL, "killer")], out, scheduler=address))
            waited = time.perf_counter() - started
            assert worker.wait(timeout=10) == -signal.SIGKILL  # it did die mid-run
        finally:
            worker.kill()
    assert str(raised.value) == f"the Dask cluster at {address} has had no workers for 2 s"
    assert waited < 30
    assert not (out / "documents.csv").exists()
    assert (out / "events.csv").read_text(encoding="utf-8") == "the previous run's table\n"


def test_a_dask_scheduler_that_goes_away_stops_the_run(tmp_path):
    """No worker ever comes; the scheduler going, not the grace period, ends the run."""
    with LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as local:
        address = local.scheduler_address
        threading.Timer(2, local.close).start()
        started = time.perf_counter()
        with pytest.raises(parallel.SchedulerError) as raised:
            within_deadline(lambda: extract([marked("", "a")], tmp_path / "out", scheduler=address))
        waited = time.perf_counter() - started
    assert str(raised.value) == f"the Dask scheduler at {address} stopped answering"
    assert waited < parallel.NO_WORKERS_SECONDS / 2
