"""`newsfacts` and `python -m pipeline` are one program with one start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import distribution, entry_points
from pathlib import Path

from pipeline import runner
from pipeline.runner import Options, Worker
from tests.conftest import ARTICLES, ROOT

# Run in the child: note the BLAS settings at the moment numpy is first imported.
WATCH = """
import importlib.abc, os, sys
class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "numpy":
            threads = os.environ.get("OPENBLAS_NUM_THREADS")
            sys.stderr.write("numpy sees OPENBLAS_NUM_THREADS=%s\\n" % threads)
            sys.meta_path.remove(self)
        return None
sys.meta_path.insert(0, Watch())
"""


def run_child(start: str, out: Path) -> subprocess.CompletedProcess:
    article = sorted(ARTICLES.glob("*.txt"))[0]
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    arguments = ["extract", str(article), "--out", str(out), "--workers", "1", "--quiet"]
    code = WATCH + start + f"; sys.argv = ['newsfacts', *{arguments!r}]; main()"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_the_distribution_is_newsfacts_and_its_script_is_the_module_entry():
    assert distribution("newsfacts").version
    (script,) = entry_points(group="console_scripts", name="newsfacts")
    assert script.value == "pipeline.__main__:main"


def test_both_entry_points_set_one_blas_thread_before_numpy_loads(tmp_path):
    (script,) = entry_points(group="console_scripts", name="newsfacts")
    starts = {
        "newsfacts": f"from {script.module} import {script.attr} as main",
        "python -m pipeline": "from pipeline.__main__ import main",
    }
    for label, start in starts.items():
        result = run_child(start, tmp_path / label.replace(" ", "_"))
        assert result.returncode == 0, result.stderr
        seen = [line for line in result.stderr.splitlines() if line.startswith("numpy sees")]
        assert seen == ["numpy sees OPENBLAS_NUM_THREADS=1"], label


def test_the_library_leaves_the_callers_collector_alone():
    """The collector threshold and gc.freeze are for processes that only annotate
    (the CLI, its workers), not for a notebook calling pipeline.extract."""
    code = (
        "import gc, pipeline;"
        "before = gc.get_threshold();"
        f"pipeline.extract([{str(sorted(ARTICLES.glob('*.txt'))[0])!r}]);"
        "print(gc.get_threshold() == before, gc.get_freeze_count())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split()[-2:] == ["True", "0"]


def test_only_a_process_that_annotates_tunes_collector_and_allocator(nlp, monkeypatch):
    """A notebook's Worker leaves the process as it found it; the CLI's and its
    workers' (`owns_process`) tune both."""
    calls = []
    monkeypatch.setattr(runner, "tune_collector", lambda: calls.append("collector"))
    monkeypatch.setattr(runner, "tune_allocator", lambda: calls.append("allocator"))
    Worker(Options(), nlp)
    assert calls == []
    Worker(Options(), nlp, owns_process=True)
    assert calls == ["collector", "allocator"]
