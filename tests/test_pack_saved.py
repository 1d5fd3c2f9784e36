"""A pipeline saved with `to_disk` carries its packs: `spacy.load` in a fresh
interpreter, from another folder, finds the same events without the pack files.
A module pack's code does not travel: it is imported again from where it was,
and where it is gone the load fails naming the module."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path

import pytest

import pipeline
from pipeline.components.events import RelationExtractor
from tests.conftest import ROOT

TEXTS = [
    "В 2012 году Афганистану был присвоен статус наблюдателя при ШОС.",
    "В 2023 году Алжир подал заявку на вступление в БРИКС.",
    "В 2015 году Армения вступила в ЕАЭС.",
]
CAPITALS = """
from pipeline.patterns import finders


@finders.register("saved_capital")
def saved_capital(ctx, *, words=None):
    return [s for s in ctx.in_sentence() if s.root.head.lemma_ in set(words or ())]


CITY = {"types": ["CITY"], "find": [{"finder": "saved_capital", "words": ["столица"]}]}
COUNTRY = {"types": ["COUNTRY"], "find": ["noun_modifier"]}
PACK = {
    "relation": [{"name": "CAPITAL", "roles": {"country": COUNTRY, "city": CITY}}],
    "pattern": [
        {"name": "capital", "relation": "CAPITAL", "trigger": ["столица"], "pos": ["NOUN"]}
    ],
}
"""
CAPITAL_TEXT = "Столица Казахстана Астана принимает гостей."


def load_elsewhere(saved: Path, folder: Path, texts: list[str]) -> subprocess.CompletedProcess:
    """`spacy.load` in a new interpreter working in `folder`: the relations of each text."""
    code = (
        "import json, sys, spacy; from dataclasses import astuple;"
        f"nlp = spacy.load({str(saved)!r});"
        f"texts = {texts!r};"
        "print(json.dumps([[astuple(r) for r in nlp(t)._.relations] for t in texts]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=folder, check=False
    )


def relations(nlp, texts: list[str]) -> list:
    return json.loads(json.dumps([[astuple(r) for r in nlp(t)._.relations] for t in texts]))


def test_a_pipeline_saved_with_a_relative_pack_path_loads_from_any_folder(tmp_path, monkeypatch):
    """The README's example: the config records "examples/patterns/observer.toml",
    which does not exist where the pipeline loads."""
    monkeypatch.chdir(ROOT)
    nlp = pipeline.load(patterns=["examples/patterns/observer.toml"])
    nlp.to_disk(tmp_path / "saved")
    expected = relations(nlp, TEXTS)
    assert [[row[0] for row in rows] for rows in expected] == [
        ["OBSERVER"],
        ["APPLICATION"],
        ["MEMBERSHIP"],
    ]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = load_elsewhere(tmp_path / "saved", elsewhere, TEXTS)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.fixture
def module_pipeline(tmp_path, monkeypatch):
    """A pipeline with a module pack of its own finder, saved; the module is in `tmp_path`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "capitals.py").write_text(CAPITALS, encoding="utf-8")
    nlp = pipeline.load(patterns=["capitals.py"], default_patterns=False)
    nlp.to_disk(tmp_path / "saved")
    return nlp


def test_a_module_pack_is_imported_again_where_the_pipeline_loads(module_pipeline, tmp_path):
    expected = relations(module_pipeline, [CAPITAL_TEXT])
    assert [[row[1] for row in rows] for rows in expected] == [["capital"]]
    saved = json.loads((tmp_path / "saved" / "events" / "modules.json").read_text("utf-8"))
    assert saved["modules"] == [str((tmp_path / "capitals.py").resolve())]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = load_elsewhere(tmp_path / "saved", elsewhere, [CAPITAL_TEXT])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_a_module_pack_that_is_gone_fails_naming_the_module(module_pipeline, tmp_path):
    (tmp_path / "capitals.py").unlink()
    result = load_elsewhere(tmp_path / "saved", tmp_path, [CAPITAL_TEXT])
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        f"pipeline.patterns.pack.PackError: {tmp_path / 'saved' / 'events' / 'pack.json'}: "
        "relation 'CAPITAL': field 'roles.city.find'[0]: no finder named 'saved_capital'"
    )
    assert f"({tmp_path / 'capitals.py'}: no such pack file)" in last
    assert "a saved pipeline carries its packs' data, not their code" in last


def test_the_component_round_trips_through_bytes_with_its_cache_key(module_pipeline):
    events = module_pipeline.get_pipe("events")
    loaded = RelationExtractor(module_pipeline, "events").from_bytes(events.to_bytes())
    lemmas = frozenset({"столица"})
    assert loaded.pack.modules == events.pack.modules and loaded.pack.code
    assert loaded.signature(lemmas) == events.signature(lemmas)
