"""Pattern packs users add: the example packs end to end through the CLI, a pack
written as a Python module with its own finder, and bad packs refused early.

The sentences are invented in the forms news text uses; each example pack is
run as a user runs it (`extract --patterns FILE`) and its whole output checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.patterns.declared import Declarations
from tests.conftest import ROOT, read_table

runner = CliRunner()
EXAMPLES = ROOT / "examples" / "patterns"
OBSERVER = EXAMPLES / "observer.toml"
NEREL = EXAMPLES / "nerel.toml"


def write_jsonl(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "news.jsonl"
    lines = [
        json.dumps({"id": key, "text": text}, ensure_ascii=False) for key, text in texts.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def extract(tmp_path: Path, texts: dict[str, str], *args: str) -> Path:
    out = tmp_path / "out"
    source = write_jsonl(tmp_path, texts)
    result = runner.invoke(app, ["extract", str(source), "--out", str(out), "-q", *args])
    assert result.exit_code == 0, result.output
    return out


OBSERVER_TEXTS = {
    "status": "В 2004 году Монголия получила статус наблюдателя при ШОС.",
    "dative": "Афганистану присвоен статус наблюдателя в ШОС.",
    "applied": "В 2023 году Алжир подал заявку на вступление в БРИКС.",
    "wto": "Азербайджан подал заявку на вступление в ВТО.",
    "negated": "Беларусь не получила статус наблюдателя при ШОС.",
    "plan": "Сербия намерена подать заявку на вступление в ЕС.",
    "striving": "Сербия добивается статуса наблюдателя при ШОС.",
    "not_filed": "Казахстан не подавал заявку в ВТО.",
    "joined": "В 2015 году Казахстан вступил в ВТО.",
    "became": "Иран, ставший наблюдателем при ВТО в 2005 году, ведёт переговоры.",
}


def test_observer_pack_adds_two_event_types(tmp_path):
    out = extract(tmp_path, OBSERVER_TEXTS, "--patterns", str(OBSERVER))
    events = read_table(out / "events.csv")
    rows = events[["doc_id", "event_type", "country", "organization", "year_start", "pattern"]]
    assert sorted(map(tuple, rows.to_numpy().tolist())) == [
        ("applied", "APPLICATION", "Алжир", "БРИКС", "2023", "application_filed"),
        (
            "became",
            "OBSERVER",
            "Иран",
            "Всемирная торговая организация",
            "2005",
            "observer_became",
        ),
        (
            "dative",
            "OBSERVER",
            "Афганистан",
            "Шанхайская организация сотрудничества",
            "",
            "observer_status",
        ),
        (
            "joined",
            "MEMBERSHIP",
            "Казахстан",
            "Всемирная торговая организация",
            "2015",
            "join_verb",
        ),
        (
            "status",
            "OBSERVER",
            "Монголия",
            "Шанхайская организация сотрудничества",
            "2004",
            "observer_status",
        ),
        (
            "wto",
            "APPLICATION",
            "Азербайджан",
            "Всемирная торговая организация",
            "",
            "application_filed",
        ),
    ]
    assert read_table(out / "relations.csv").empty  # country–organization: events.csv only
    pack = json.loads((out / "pack.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in pack["relation"]][-2:] == ["OBSERVER", "APPLICATION"]


def test_observer_lexicon_makes_a_plan_silent(tmp_path):
    """Without the pack's `[lexicon]` words, "добивается статуса" is an observer status."""
    data = tomllib.loads(OBSERVER.read_text(encoding="utf-8"))
    del data["lexicon"]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    texts = {"striving": OBSERVER_TEXTS["striving"]}
    without = read_table(extract(tmp_path / "a", texts, "--patterns", str(bare)) / "events.csv")
    assert list(without["event_type"]) == ["OBSERVER"]
    with_words = read_table(
        extract(tmp_path / "b", texts, "--patterns", str(OBSERVER)) / "events.csv"
    )
    assert with_words.empty


NEREL_TEXTS = {
    "head": "Глава МВД Рашид Нургалиев посетил Казань.",
    "appointed": "Нурлан Ермекбаев назначен генеральным секретарём ШОС в 2022 году.",
    "company": "Российская компания «Газпром» снизила добычу.",
    "seat": "Штаб-квартира ОБСЕ находится в Вене.",
    "met": "Президент встретился с журналистами в Казани.",
}


def test_nerel_pack_writes_relations_with_offsets_that_round_trip(tmp_path):
    out = extract(tmp_path, NEREL_TEXTS, "--patterns", str(NEREL), "--patterns-only")
    assert read_table(out / "events.csv").empty  # the default pack is not loaded
    relations = read_table(out / "relations.csv")
    columns = [
        "doc_id",
        "relation",
        "arg1_role",
        "arg1_text",
        "arg2_role",
        "arg2_type",
        "arg2_text",
    ]
    assert sorted(map(tuple, relations[columns].to_numpy().tolist())) == [
        ("appointed", "WORKPLACE", "person", "Нурлан Ермекбаев", "employer", "ORGANIZATION", "ШОС"),
        (
            "company",
            "HEADQUARTERED_IN",
            "organization",
            "Газпром",
            "place",
            "COUNTRY",
            "Российская",
        ),
        ("head", "WORKPLACE", "person", "Рашид Нургалиев", "employer", "ORGANIZATION", "МВД"),
        ("seat", "HEADQUARTERED_IN", "organization", "ОБСЕ", "place", "CITY", "Вене"),
    ]
    for row in relations.itertuples(index=False):
        text = NEREL_TEXTS[row.doc_id]
        assert text[int(row.arg1_start) : int(row.arg1_end)] == row.arg1_text
        assert text[int(row.arg2_start) : int(row.arg2_end)] == row.arg2_text
    appointed = relations[relations["doc_id"] == "appointed"].iloc[0]
    assert (appointed["arg2_id"], appointed["date"], appointed["year_start"]) == (
        "Q485207",
        "2022",
        "2022",
    )
    sentences = read_table(out / "sentences.csv")
    joined = relations.merge(sentences, on=["doc_id", "sent_id"], how="left")
    assert joined["text"].notna().all()


@pytest.mark.parametrize(
    ("pack", "message"),
    [
        (
            '[[pattern]]\nname = "p"\nrelation = "NOPE"\ntrigger = ["быть"]\n',
            "pattern 'p': field 'relation'",
        ),
        (
            '[[pattern]]\nname = "p"\nrelation = "MEMBERSHIP"\ntrigger = ["быть"]\n'
            'roles.country = [{ finder = "subject", agent = true }]\n',
            "pattern 'p': field 'roles.country'[0].agent: finder 'subject' takes no 'agent'",
        ),
        (
            '[[relation]]\nname = "R"\nroles.a = { types = ["THING"] }\n',
            "relation 'R': field 'roles.a.types'",
        ),
        ("[[pattern]\n", "not valid TOML"),
    ],
)
def test_a_bad_pack_is_refused_before_any_article_is_read(tmp_path, pack, message):
    path = tmp_path / "bad.toml"
    path.write_text(pack, encoding="utf-8")
    out = tmp_path / "out"
    missing = tmp_path / "no-such-input"  # never looked at: the pack fails first
    result = runner.invoke(
        app, ["extract", str(missing), "--out", str(out), "--patterns", str(path)]
    )
    assert result.exit_code == 2
    assert str(path) in result.output and message in result.output.replace("\n", "")
    assert not out.exists()


def test_patterns_only_without_a_pack_is_one_line(tmp_path):
    result = runner.invoke(app, ["extract", "--out", str(tmp_path / "o"), "--patterns-only"])
    assert result.exit_code == 2
    assert "--patterns-only needs at least one --patterns FILE" in result.output


def readme_block(first_line: str) -> str:
    """The ```python block of docs/packs.md that starts with `first_line`."""
    text = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in text.split("```python\n")[1:]]
    (block,) = [block for block in blocks if block.startswith(first_line)]
    return block


def test_readme_new_finder_example_runs_as_written(tmp_path):
    module = tmp_path / "capitals.py"
    module.write_text(readme_block("# capitals.py"), encoding="utf-8")
    texts = {"a": "Столица Казахстана Астана принимает гостей."}
    out = extract(tmp_path, texts, "--patterns", str(module), "--patterns-only")
    relations = read_table(out / "relations.csv")
    columns = ["relation", "arg1_canonical", "arg2_text", "pattern"]
    assert relations[columns].to_numpy().tolist() == [
        ["CAPITAL", "Казахстан", "Астана", "capital_noun"]
    ]


def test_readme_python_example_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    names: dict = {}
    code = readme_block("import pipeline\n\nnlp = pipeline.load(patterns=")
    exec(code.replace('"my_events"', repr(str(tmp_path / "my_events"))), names)
    doc = names["doc"]
    charter = "Организация Договора о коллективной безопасности"
    assert [(e.event_type, e.country, e.organization, e.date, e.pattern) for e in doc._.events] == [
        ("MEMBERSHIP", "Казахстан", charter, "1993", "ratify_charter")
    ]
    assert doc._.relations == doc._.events
    saved = json.loads((tmp_path / "my_events" / "pack.json").read_text(encoding="utf-8"))
    assert "ratify_charter" in {pattern["name"] for pattern in saved["pattern"]}
    assert "намерен" in saved["lexicon"]["modality"]


def test_the_report_reads_declarations_without_loading_spacy_or_the_models():
    code = (
        "import sys, pipeline.report.style as style;"
        "assert style.event_color('MEMBERSHIP') == '#0072b2';"
        "assert style.event_color('OBSERVER', {'OBSERVER': '#56b4e9'}) == '#56b4e9';"
        "heavy = ('spacy', 'pymorphy3', 'pandas', 'numpy', 'matplotlib', 'natasha');"
        "print(sorted(name for name in heavy if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_declared_type_gets_its_own_colour():
    relations = [{"name": f"R{n}", "roles": {}} for n in range(12)]
    relations[3]["colour"] = "#0072b2"
    colours = Declarations(tuple(relations), ()).colours()
    assert len(set(colours.values())) == 12 and colours["R3"] == "#0072b2"
