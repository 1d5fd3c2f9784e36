"""Shared fixtures: one pipeline and one extraction of the bundled corpus per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline.corpus import read_articles
from pipeline.extraction import extract
from pipeline.nlp import build

# Tests never touch the user's annotation cache; subprocesses inherit this.
TEST_CACHE = tempfile.mkdtemp(prefix="newsfacts-test-cache-")
os.environ["NEWSFACTS_CACHE"] = TEST_CACHE


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The test cache goes with the session: runs left 5.5 MB each in /tmp."""
    shutil.rmtree(TEST_CACHE, ignore_errors=True)


ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "corpus" / "articles"
SHARED = ROOT.parent / "shared"


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    """The command as a user types it: a fresh process, its exit code and its stderr."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="session")
def nlp():
    return build()


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    extract(read_articles([ARTICLES]), out)
    return out


@pytest.fixture(scope="session")
def tables(corpus_out) -> dict[str, pd.DataFrame]:
    names = ["documents", "sentences", "tokens", "entities", "events", "relations"]
    return {name: read_table(corpus_out / f"{name}.csv") for name in names}


@pytest.fixture(scope="session")
def raw_texts() -> dict[str, str]:
    return {path.stem: path.read_bytes().decode("utf-8") for path in sorted(ARTICLES.glob("*.txt"))}
