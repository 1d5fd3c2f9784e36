"""The annotation cache under damage, sharing and kills: it never changes a table."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import srsly
from spacy.tokens import Doc

from pipeline.cache import HEADER, DocCache, Entry, article_key, pack, sweep, unpack
from pipeline.corpus import read_articles
from pipeline.extraction import extract
from pipeline.runner import Options
from pipeline.tables import FOUND_TABLES
from tests.conftest import ARTICLES, ROOT

NAMES = ("documents", "sentences", "tokens", "entities", "events", "relations")


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in NAMES}


def command(out: Path, cache: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "pipeline", "extract", str(ARTICLES)),
        *("--out", str(out), "--cache", str(cache), "-q", "--workers", "1"),
    ]


def test_entry_round_trips_and_refuses_every_kind_of_damage():
    entry = Entry(b"doc bytes", events={"k": [[] for _ in FOUND_TABLES]})
    data = pack("key", entry)
    assert unpack("key", data) == entry
    damaged = {
        "truncated": data[: len(data) // 2],
        "garbage": os.urandom(len(data)),
        "empty": b"",
        "older format": data.replace(HEADER, b"newsfacts-cache 4\n", 1),
        "flipped byte": data[:-1] + bytes([data[-1] ^ 1]),
    }
    for kind, bad in damaged.items():
        with pytest.raises(ValueError):
            unpack("key", bad)
        assert kind
    with pytest.raises(ValueError, match="another article"):
        unpack("other key", data)


def test_damaged_entries_are_dropped_and_redone(corpus_out, tmp_path):
    cache = tmp_path / "cache"
    first = extract(read_articles([ARTICLES]), tmp_path / "first", Options(cache=cache))
    assert (first.cached, first.cache_dropped) == (0, 0)
    entries = sorted(cache.rglob("*.entry"))
    assert len(entries) == 5
    truncated, garbage, foreign, swapped, _ = entries
    truncated.write_bytes(truncated.read_bytes()[:100])
    garbage.write_bytes(b"\x00not an entry")
    foreign.write_bytes(foreign.read_bytes().replace(HEADER, b"newsfacts-cache 0\n", 1))
    swapped.write_bytes(entries[-1].read_bytes())  # another article's entry under this name
    second = extract(read_articles([ARTICLES]), tmp_path / "second", Options(cache=cache))
    assert (second.reused, second.cache_dropped) == (1, 4)
    assert tables(tmp_path / "second") == tables(corpus_out)
    third = extract(read_articles([ARTICLES]), tmp_path / "third", Options(cache=cache))
    assert (third.reused, third.cache_dropped) == (5, 0)  # repaired
    assert tables(tmp_path / "third") == tables(corpus_out)


def test_an_unloadable_doc_is_annotated_again(corpus_out, tmp_path):
    cache = tmp_path / "cache"
    extract(read_articles([ARTICLES]), tmp_path / "first", Options(cache=cache))
    store = DocCache(cache)
    articles = list(read_articles([ARTICLES]))
    store.store(articles[0], Entry(b"\x93 not a doc"))  # valid entry, unreadable Doc
    again = extract(read_articles([ARTICLES]), tmp_path / "again", Options(cache=cache))
    assert (again.reused, again.cache_dropped) == (4, 1)
    assert tables(tmp_path / "again") == tables(corpus_out)
    assert store.lookup(articles[0]).doc != b"\x93 not a doc"


def test_concurrent_runs_sharing_a_cache_both_succeed(corpus_out, tmp_path):
    cache = tmp_path / "cache"
    runs = [
        subprocess.Popen(command(tmp_path / f"out{n}", cache), cwd=ROOT, stderr=subprocess.PIPE)
        for n in range(2)
    ]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors.decode()
    for n in range(2):
        assert tables(tmp_path / f"out{n}") == tables(corpus_out)
    assert len(list(cache.rglob("*.entry"))) == 5
    assert not list(cache.rglob("*.tmp"))


def test_sigkill_while_writing_the_cache_leaves_a_usable_cache(corpus_out, tmp_path):
    cache = tmp_path / "cache"
    process = subprocess.Popen(command(tmp_path / "killed", cache), cwd=ROOT)
    deadline = time.monotonic() + 240
    while not list(cache.rglob("*.entry")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stale = cache / "ab" / "abandoned.tmp"  # what a kill inside a write leaves
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half an entry")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    fresh = cache / "ab" / "another-run-writing.tmp"
    fresh.write_bytes(b"being written")
    subprocess.run(command(tmp_path / "next", cache), cwd=ROOT, check=True)
    assert tables(tmp_path / "next") == tables(corpus_out)
    assert not stale.exists(), "stale temporary files are swept"
    assert fresh.exists(), "a live run's temporary file is left alone"
    assert sweep(cache, older_than=0) == 1


def test_plugin_lookup_is_skipped_only_inside_the_cache(tmp_path):
    """The srsly shortcut is scoped: outside a cache call the registries are untouched."""
    before = [
        (registry.entry_points, "get_all" in registry.__dict__)
        for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders)
    ]
    store = DocCache(tmp_path)
    article = next(iter(read_articles([ARTICLES])))
    store.store(article, Entry(b"x"))
    assert store.lookup(article) == Entry(b"x")
    after = [
        (registry.entry_points, "get_all" in registry.__dict__)
        for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders)
    ]
    assert after == before
    assert store.path(article_key(article)).is_file()


def test_documents_pack_the_same_with_and_without_the_plugin_shortcut(nlp):
    from pipeline.cache import without_plugin_lookup
    from pipeline.corpus import make_article
    from pipeline.nlp import make_doc

    article = make_article("a", "a.txt", "В 2001 году Китай вступил в ВТО.")
    with nlp.select_pipes(disable=["events"]):  # the cache stores Docs before the patterns
        doc = nlp(make_doc(nlp, article))
    public = doc.to_bytes()
    with without_plugin_lookup():
        shortcut = doc.to_bytes()
        again = Doc(nlp.vocab).from_bytes(public).to_bytes()
    assert shortcut == public == again


def test_plugin_shortcut_blocks_nest_and_the_outermost_restores():
    """A batch holds the block open; the loads inside it open it again for free,
    and only leaving the batch gives srsly its registries back."""
    from pipeline.cache import without_plugin_lookup

    registry = srsly.msgpack_encoders
    before = (registry.entry_points, "get_all" in registry.__dict__)
    with without_plugin_lookup():
        patched = registry.__dict__["get_all"]
        with without_plugin_lookup():
            assert registry.__dict__["get_all"] is patched
        assert registry.__dict__["get_all"] is patched
        assert registry.entry_points is False
    assert (registry.entry_points, "get_all" in registry.__dict__) == before
