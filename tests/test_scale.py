"""Scale-out and the pattern-editing loop: workers, cache, Parquet, a real Dask cluster."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from importlib.metadata import packages_distributions
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cache import PATTERN_STAGE
from pipeline.fingerprint import PACKAGE, closure, digest, providers, sources
from tests.conftest import ARTICLES, ROOT, read_table, run_cli

NAMES = ["documents", "entities", "events", "sentences", "tokens"]


def extract(out: Path, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "extract", str(ARTICLES), "--out", str(out), "-q"]
    return subprocess.run(
        [*command, *options], cwd=ROOT, capture_output=True, text=True, check=True
    )


def tables(out: Path, suffix: str = "csv") -> dict[str, bytes]:
    return {name: (out / f"{name}.{suffix}").read_bytes() for name in NAMES}


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single")
    extract(out, "--workers", "1", "--no-cache")
    return out


def test_workers_give_identical_tables(single, tmp_path):
    extract(tmp_path, "--workers", "2", "--no-cache")
    assert tables(tmp_path) == tables(single)


def test_warm_cache_gives_identical_tables(single, tmp_path):
    cache = tmp_path / "cache"
    extract(tmp_path / "cold", "--workers", "1", "--cache", str(cache))
    extract(
        tmp_path / "warm",
        "--workers",
        "1",
        "--cache",
        str(cache),
        "--stats",
        str(tmp_path / "s.json"),
    )
    stats = pd.read_json(tmp_path / "s.json", typ="series")
    assert stats["cached"] == 5
    assert tables(tmp_path / "warm") == tables(single)
    assert len(list(cache.rglob("*.entry"))) == 5, "one entry per article, named by hash"
    assert not [p for p in cache.rglob("*") if p.is_file() and "000_" in p.name]


def test_moved_corpus_is_served_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    moved = tmp_path / "moved"
    shutil.copytree(ARTICLES, moved / "renamed")
    extract(tmp_path / "first", "--workers", "1", "--cache", str(cache))
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(moved),
        "--out",
        str(tmp_path / "o"),
    ]
    stats = tmp_path / "s.json"
    subprocess.run(
        [*command, "-q", "--workers", "1", "--cache", str(cache), "--stats", str(stats)],
        cwd=ROOT,
        check=True,
    )
    assert pd.read_json(stats, typ="series")["cached"] == 5
    documents = read_table(tmp_path / "o" / "documents.csv")
    assert documents["source"].str.startswith(str(moved)).all()


def test_pattern_edit_reruns_only_the_articles_it_can_fire_in(tmp_path):
    """After a pattern edit in a user's pack, rows and events come from the cache
    wherever the edited pattern's triggers do not occur; the tables equal a cold run's."""
    from pipeline.corpus import read_articles
    from pipeline.extraction import extract as run
    from pipeline.patterns import build_pack
    from pipeline.runner import Options

    data = build_pack().as_data()
    pack = tmp_path / "pack.json"
    pack.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cache = Options(cache=tmp_path / "cache", patterns=(str(pack),), default_patterns=False)
    first = run(read_articles([ARTICLES]), tmp_path / "first", cache)
    assert (first.cached, first.reused) == (0, 0)
    again = run(read_articles([ARTICLES]), tmp_path / "again", cache)
    assert (again.cached, again.reused) == (5, 5)
    assert tables(tmp_path / "again") == tables(tmp_path / "first")
    default = run(read_articles([ARTICLES]), tmp_path / "default", Options(cache=cache.cache))
    assert default.reused == 5  # the same patterns from another file: the same key

    (hosting,) = [p for p in data["pattern"] if p["name"] == "host_event"]
    hosting["exclude"] = ["форум"]
    pack.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tokens = read_table(tmp_path / "first" / "tokens.csv")
    can_fire = tokens[tokens["lemma"].isin(hosting["trigger"])]["doc_id"].nunique()
    assert 0 < can_fire < 5
    after_edit = run(read_articles([ARTICLES]), tmp_path / "edited", cache)
    assert (after_edit.cached, after_edit.reused) == (5, 5 - can_fire)
    cold = Options(cache=None, patterns=(str(pack),), default_patterns=False)
    run(read_articles([ARTICLES]), tmp_path / "cold", cold)
    assert tables(tmp_path / "edited") == tables(tmp_path / "cold")


def annotation_key(root: Path) -> str:
    return digest(sources("pipeline.nlp", (PATTERN_STAGE,), root=root), root)


def test_annotation_key_covers_every_module_the_stages_import(tmp_path):
    """Derived from the imports: each module and data file of the annotation changes
    the key when edited, the pattern engine, packs, tables and CLI do not."""
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = annotation_key(copy)
    assert base == annotation_key(PACKAGE)  # the copy is the package
    found = sources("pipeline.nlp", (PATTERN_STAGE,), root=copy)
    names = {path.relative_to(copy).as_posix() for path in (*found.modules, *found.data)}
    for needed in (
        "inference.py",
        "models.py",
        "dates.py",
        "grammars/date.py",
        "lemmatizer.py",
        "normalize.py",
        "chrome.py",
        "components/ner.py",
        "components/coref.py",
        "gazetteer/__init__.py",
        "gazetteer/countries.csv",
    ):
        assert needed in names
    assert not {name for name in names if name.startswith(("patterns/", "report/", "bench/"))}
    assert not names & {"components/events.py", "tables.py", "cli.py", "runner.py", "cache.py"}
    assert {"natasha", "slovnet", "navec", "pymorphy3-dicts-ru", "yargy", "spacy"} <= {
        pinned.split("==")[0] for pinned in found.distributions
    }

    for unrelated in ("patterns/engine.py", "components/events.py", "tables.py", "cli.py"):
        with (copy / unrelated).open("a", encoding="utf-8") as handle:
            handle.write("# edited\n")
    with (copy / "patterns" / "mission" / "membership.toml").open("a", encoding="utf-8") as out:
        out.write("# edited\n")
    assert annotation_key(copy) == base
    for name in sorted(names):
        path = copy / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert annotation_key(copy) != base, f"editing {name} left the key unchanged"
        path.write_bytes(original)
    assert annotation_key(copy) == base


def test_gazetteer_matcher_key_covers_the_lemmatizer():
    found = sources("pipeline.gazetteer")
    names = {path.relative_to(PACKAGE).as_posix() for path in found.modules}
    assert {"gazetteer/__init__.py", "lemmatizer.py"} <= names
    assert {"pymorphy3", "pymorphy3-dicts-ru"} <= {
        pinned.split("==")[0] for pinned in found.distributions
    }


@pytest.fixture(scope="module")
def parquet_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    extract(out, "--workers", "1", "--no-cache", "--format", "parquet")
    return out


def test_parquet_tables_equal_the_csv_tables(single, parquet_out):
    for name in NAMES:
        parquet = pd.read_parquet(parquet_out / f"{name}.parquet")
        parquet = parquet.astype("string").fillna("")
        csv = read_table(single / f"{name}.csv").astype("string")
        pd.testing.assert_frame_equal(parquet, csv, check_dtype=False)


def test_parquet_integer_columns_are_nullable_int64(parquet_out):
    """Plain pd.read_parquet: an empty year_end (an open interval) keeps the column
    an integer one, not float64."""
    events = pd.read_parquet(parquet_out / "events.parquet")
    assert {c: str(events[c].dtype) for c in ("sent_id", "year_start", "year_end")} == {
        "sent_id": "Int64",
        "year_start": "Int64",
        "year_end": "Int64",
    }
    assert events["year_end"].isna().any()


def test_the_views_read_parquet_outputs(parquet_out):
    report = run_cli("report", "--out", str(parquet_out))
    assert report.returncode == 0, report.stderr
    page = (parquet_out / "report.html").read_text(encoding="utf-8")
    assert "Организация Объединённых Наций" in page
    show = run_cli("show", "003_15e088e1b15391c7", "--out", str(parquet_out))
    assert show.returncode == 0 and "Казахстан" in show.stdout, show.stderr
    patterns = run_cli("patterns", "--out", str(parquet_out))
    counts = {
        line.split("│")[1].strip(): line.split("│")[4].strip()
        for line in patterns.stdout.splitlines()
        if line.count("│") >= 5
    }
    assert counts["member_noun"] not in {"", "0"}


def test_a_folder_without_tables_is_one_clear_line(tmp_path):
    result = run_cli("report", "--out", str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path}: holds neither documents.csv nor documents.parquet (run extract first?)"
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_dask_cluster_gives_identical_tables(single, tmp_path):
    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        pytest.skip("the dask command is not installed (pip install '.[dask]')")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    worker = [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    processes = [subprocess.Popen(scheduler, cwd=ROOT, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(2)
        processes += [
            subprocess.Popen(worker, cwd=ROOT, stderr=subprocess.DEVNULL) for _ in range(2)
        ]
        extract(tmp_path, "--scheduler", address, "--no-cache")
        assert tables(tmp_path) == tables(single)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_the_python_extract_returns_the_rows_the_cli_writes(single, nlp, tmp_path):
    import pipeline

    frames = pipeline.extract([ARTICLES], nlp=nlp, out=tmp_path)
    for name in NAMES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (single / f"{name}.csv").read_bytes()
        as_text = frames[name].astype("string").fillna("").astype(str)
        assert as_text.equals(read_table(single / f"{name}.csv")), name


def test_an_unreachable_scheduler_is_one_line_within_seconds(tmp_path):
    (tmp_path / "events.csv").write_text("old tables\n", encoding="utf-8")
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.perf_counter()
    command = [sys.executable, "-m", "pipeline", "extract", str(ARTICLES), "--out", str(tmp_path)]
    result = subprocess.run(
        [*command, "--scheduler", address, "-q"], capture_output=True, text=True, cwd=ROOT
    )
    assert time.perf_counter() - started < 15
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {address}: no Dask scheduler answers within 5s (OSError); "
        f"the tables in {tmp_path} are as they were"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "events.csv"]  # no debris
    assert (tmp_path / "events.csv").read_text(encoding="utf-8") == "old tables\n"


def test_distributions_are_found_as_importlib_finds_them():
    """`providers` skips the scan of every installed distribution where it can:
    for every module outside the package that a stage imports, the same
    distributions as `packages_distributions`."""
    everything = packages_distributions()
    outside: set[str] = set()
    for entry in ("pipeline.nlp", "pipeline.tables", "pipeline.components.events"):
        outside |= closure(entry, (), PACKAGE)[1]
    assert {"spacy", "numpy", "slovnet", "yargy", "pymorphy3", "packaging"} <= outside
    assert {name: providers(name) for name in sorted(outside)} == {
        name: tuple(everything.get(name, ())) for name in sorted(outside)
    }
