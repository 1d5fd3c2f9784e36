"""The relation benchmark: R-line reading and scoring on invented brat files, the real data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.bench import relations
from pipeline.bench.relations import (
    Argument,
    GoldRelation,
    RelationScore,
    declared_relations,
    extract_relations,
    read_gold,
    read_relations,
    score,
)
from pipeline.patterns import PackError
from tests.conftest import SHARED, read_table

NEREL_DEV = SHARED / "bench" / "nerel-1.1" / "dev"
needs_nerel = pytest.mark.skipif(
    not NEREL_DEV.is_dir(),
    reason=f"NEREL 1.1 dev not found in {NEREL_DEV} (../shared next to the repository)",
)

# Invented text; offsets below are computed from it, never typed by hand.
TEXT = (
    "Иван Петров, директор завода «Северный металл», рассказал о планах. "
    "Завод «Северный металл» находится в Туле. "
    "Компания «Луч» из Омска наняла Анну Смирнову."
)
COLUMNS = [
    "doc_id", "sent_id", "relation",
    "arg1_role", "arg1_type", "arg1_text", "arg1_start", "arg1_end", "arg1_canonical", "arg1_id",
    "arg2_role", "arg2_type", "arg2_text", "arg2_start", "arg2_end", "arg2_canonical", "arg2_id",
    "date", "year_start", "year_end", "trigger", "pattern", "evidence",
]  # fmt: skip


def span(part: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def t_line(entity: str, kind: str, part: str, occurrence: int = 0) -> str:
    start, end = span(part, occurrence)
    return f"{entity}\t{kind} {start} {end}\t{part}"


PETROV, FACTORY, TULA = span("Иван Петров"), span("завода «Северный металл»"), span("Туле")
FACTORY2, LUCH, OMSK = span("Завод «Северный металл»"), span("Компания «Луч»"), span("Омска")
SMIRNOVA = span("Анну Смирнову")
# "директор" … "металл»": one discontinuous entity whose covering extent is the whole title
DIRECTOR, METAL = span("директор"), span("«Северный металл»")
ANN = "\n".join(
    [
        t_line("T1", "PERSON", "Иван Петров"),
        t_line("T2", "ORGANIZATION", "завода «Северный металл»"),
        f"T3\tPROFESSION {DIRECTOR[0]} {DIRECTOR[1]};{METAL[0]} {METAL[1]}\tдиректор металл»",
        t_line("T4", "ORGANIZATION", "Завод «Северный металл»"),
        t_line("T5", "CITY", "Туле"),
        t_line("T6", "ORGANIZATION", "Компания «Луч»"),
        t_line("T7", "CITY", "Омска"),
        t_line("T8", "PERSON", "Анну Смирнову"),
        t_line("T9", "STATE_OR_PROVINCE", "Омска"),
        "R1\tWORKPLACE Arg1:T1 Arg2:T2",
        "R2\tWORKPLACE Arg1:T3 Arg2:T2\t",  # trailing tab
        "R3\tHEADQUARTERED_IN Arg1:T4 Arg2:T5",
        "R4\tHEADQUARTERED_IN Arg1:T6 Arg2:T7\t",
        "R5\tWORKPLACE Arg1:T8 Arg2:T6",
        "R6\tWORKPLACE Arg1:T1 Arg2:T2",  # the same relation again: counts once
        "R7\tHEADQUARTERED_IN Arg1:T6 Arg2:T99",  # no T99: malformed, skipped
        "R8\tLOCATED_IN Arg1:T7 Arg2:T9",
        "N1\tReference T5 Wikidata:Q2057\tТула",
        "A1\tSomething T1",
    ]
)


def gold_relation(kind: str, arg1: tuple[int, int], type1: str, arg2: tuple[int, int], type2: str):
    return GoldRelation(kind, Argument(*arg1, type1), Argument(*arg2, type2))


def predictions(*rows: tuple[str, str, tuple[int, int], tuple[int, int]]) -> pd.DataFrame:
    """relations.csv rows (doc_id, relation, arg1 span, arg2 span), read back as strings."""
    records = []
    for doc_id, kind, (start1, end1), (start2, end2) in rows:
        record = dict.fromkeys(COLUMNS, "")
        record.update(doc_id=doc_id, relation=kind, pattern="test")
        record.update(arg1_start=str(start1), arg1_end=str(end1))
        record.update(arg2_start=str(start2), arg2_end=str(end2))
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS, dtype=str)


# -- reading -----------------------------------------------------------------


def test_read_relations_resolves_spans_in_file_order():
    assert read_relations(ANN) == [
        gold_relation("WORKPLACE", PETROV, "PERSON", FACTORY, "ORGANIZATION"),
        gold_relation("WORKPLACE", (DIRECTOR[0], METAL[1]), "PROFESSION", FACTORY, "ORGANIZATION"),
        gold_relation("HEADQUARTERED_IN", FACTORY2, "ORGANIZATION", TULA, "CITY"),
        gold_relation("HEADQUARTERED_IN", LUCH, "ORGANIZATION", OMSK, "CITY"),
        gold_relation("WORKPLACE", SMIRNOVA, "PERSON", LUCH, "ORGANIZATION"),
        gold_relation("WORKPLACE", PETROV, "PERSON", FACTORY, "ORGANIZATION"),
        gold_relation("LOCATED_IN", OMSK, "CITY", OMSK, "LOCATION"),  # STATE_OR_PROVINCE renamed
    ]


def test_read_gold_covers_every_text_even_without_relations(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Без отношений.", encoding="utf-8")
    (tmp_path / "b.ann").write_text("", encoding="utf-8")
    (tmp_path / "c.ann").write_text(ANN, encoding="utf-8")  # no text: not scored
    assert read_gold(tmp_path) == {"a": read_relations(ANN), "b": []}


def relation_toml(name: str) -> str:
    return (
        f'[[relation]]\nname = "{name}"\n'
        f'roles.a = {{ types = ["PERSON"], find = ["subject"] }}\n'
        f'roles.b = {{ types = ["ORGANIZATION"], find = ["object"] }}\n'
    )


def test_declared_relations_reads_the_pack(tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text(
        relation_toml("WORKPLACE")
        + relation_toml("HEADQUARTERED_IN")
        + '[[pattern]]\nname = "p"\nrelation = "WORKPLACE"\ntrigger = ["работать"]\n',
        encoding="utf-8",
    )
    assert declared_relations(pack) == ["WORKPLACE", "HEADQUARTERED_IN"]
    pack.write_text('[[pattern]]\nname = "p"\n', encoding="utf-8")
    with pytest.raises(PackError, match="pattern 'p': field 'relation': no relation"):
        declared_relations(pack)
    pack.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="declares no"):
        declared_relations(pack)


# -- scoring -----------------------------------------------------------------


def test_score_right_wrong_and_duplicate_predictions():
    gold = {"a": read_relations(ANN), "b": []}
    predicted = predictions(
        # right: "Петров" overlaps the PERSON, "Северный" the factory
        ("a", "WORKPLACE", span("Петров"), span("Северный")),
        # the same spans again from another pattern: one prediction
        ("a", "WORKPLACE", span("Петров"), span("Северный")),
        # right, other spans, the same gold relation: found does not grow
        ("a", "WORKPLACE", PETROV, FACTORY),
        # right: "директор" lies in the discontinuous title's covering extent
        ("a", "WORKPLACE", DIRECTOR, FACTORY),
        # wrong: arguments swapped (the factory does overlap the title, Petrov not the factory)
        ("a", "WORKPLACE", FACTORY, PETROV),
        # wrong: a pair right in "a", in a document whose gold has nothing
        ("b", "WORKPLACE", PETROV, FACTORY),
        # wrong: arg2 ends where the gold span starts, touching is not overlapping
        ("a", "WORKPLACE", SMIRNOVA, (LUCH[0] - 2, LUCH[0])),
        # right: HEADQUARTERED_IN in Omsk
        ("a", "HEADQUARTERED_IN", span("«Луч»"), OMSK),
        # wrong: the Tula factory is not headquartered in Omsk
        ("a", "HEADQUARTERED_IN", FACTORY2, OMSK),
        # a document not in the gold at all: wrong
        ("z", "HEADQUARTERED_IN", LUCH, OMSK),
    )
    assert score(predicted, gold, ["WORKPLACE", "HEADQUARTERED_IN"]) == [
        # 6 distinct predictions, 3 right; gold Petrov and the title found, Smirnova not
        RelationScore("WORKPLACE", 6, 3, 0.5, 3, 2, 2 / 3, pytest.approx(4 / 7)),
        RelationScore("HEADQUARTERED_IN", 3, 1, 1 / 3, 2, 1, 0.5, pytest.approx(0.4)),
    ]


def test_a_document_without_predictions_still_counts_its_gold():
    other = gold_relation("WORKPLACE", (0, 3), "PERSON", (5, 9), "ORGANIZATION")
    gold = {"a": read_relations(ANN), "b": [other]}
    predicted = predictions(("a", "WORKPLACE", SMIRNOVA, LUCH))
    assert score(predicted, gold, ["WORKPLACE"]) == [
        RelationScore("WORKPLACE", 1, 1, 1.0, 4, 1, 0.25, pytest.approx(0.4))
    ]


def test_relation_types_not_declared_are_ignored():
    gold = {"a": read_relations(ANN)}
    predicted = predictions(
        ("a", "HEADQUARTERED_IN", LUCH, OMSK),
        ("a", "LOCATED_IN", OMSK, OMSK),
        ("a", "FOUNDED_BY", LUCH, SMIRNOVA),
    )
    assert score(predicted, gold, ["HEADQUARTERED_IN"]) == [
        RelationScore("HEADQUARTERED_IN", 1, 1, 1.0, 2, 1, 0.5, pytest.approx(2 / 3))
    ]


def test_zero_predictions_leave_precision_and_f1_undefined():
    gold = {"a": read_relations(ANN)}
    empty = pd.DataFrame(columns=COLUMNS, dtype=str)
    assert score(empty, gold, ["WORKPLACE", "SPOUSE"]) == [
        RelationScore("WORKPLACE", 0, 0, None, 3, 0, 0.0, None),
        RelationScore("SPOUSE", 0, 0, None, 0, 0, None, None),
    ]


def test_all_wrong_predictions_give_zero_f1():
    gold = {"a": read_relations(ANN)}
    predicted = predictions(("a", "WORKPLACE", TULA, OMSK))
    assert score(predicted, gold, ["WORKPLACE"]) == [
        RelationScore("WORKPLACE", 1, 0, 0.0, 3, 0, 0.0, 0.0)
    ]


def test_score_needs_the_span_columns():
    with pytest.raises(ValueError, match="arg2_end"):
        score(predictions().drop(columns="arg2_end"), {}, ["WORKPLACE"])


# -- running -----------------------------------------------------------------


def test_extract_relations_runs_the_extractor_with_the_pack_only(tmp_path, monkeypatch):
    calls = []

    def fake_run(command, check):
        calls.append((command, check))
        (tmp_path / "out" / "relations.csv").write_text(",".join(COLUMNS) + "\n")

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(subprocess, "run", fake_run)
    texts, pack, out = tmp_path / "texts", tmp_path / "pack.toml", tmp_path / "out"
    assert extract_relations(texts, pack, out) == out / "relations.csv"
    assert calls == [
        (
            [
                *(sys.executable, "-m", "pipeline", "extract", str(texts), "--out", str(out)),
                *("--patterns", str(pack), "--patterns-only", "--no-cache", "-q"),
            ],
            True,
        )
    ]


def test_extract_relations_does_not_score_a_stale_table(tmp_path, monkeypatch):
    (tmp_path / "relations.csv").write_text(",".join(COLUMNS) + "\n")
    monkeypatch.setattr(subprocess, "run", lambda command, check: None)
    with pytest.raises(FileNotFoundError, match="no relations table"):
        extract_relations(tmp_path, tmp_path / "pack.toml", tmp_path)


def test_run_writes_the_scores_csv(tmp_path, monkeypatch):
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "a.txt").write_text(TEXT, encoding="utf-8")
    (dev / "a.ann").write_text(ANN, encoding="utf-8")
    pack = tmp_path / "pack.toml"
    pack.write_text(relation_toml("WORKPLACE") + relation_toml("SPOUSE"), encoding="utf-8")

    def fake_extract(texts: Path, pack_path: Path, out: Path) -> Path:
        assert (texts, pack_path, out) == (dev, pack, tmp_path / "bench" / "relations")
        out.mkdir(parents=True)
        predictions(("a", "WORKPLACE", SMIRNOVA, LUCH), ("a", "WORKPLACE", TULA, OMSK)).to_csv(
            out / "relations.csv", index=False
        )
        return out / "relations.csv"

    monkeypatch.setattr(relations, "extract_relations", fake_extract)
    out_csv = tmp_path / "bench" / "relations.csv"
    assert relations.run(out_csv, pack, dev) == [
        RelationScore("WORKPLACE", 2, 1, 0.5, 3, 1, 1 / 3, pytest.approx(0.4)),
        RelationScore("SPOUSE", 0, 0, None, 0, 0, None, None),
    ]
    assert read_table(out_csv).to_dict("records") == [
        {
            "dataset": "nerel-1.1-dev",
            "relation": "WORKPLACE",
            "predicted": "2",
            "right": "1",
            "precision": "0.5000",
            "gold": "3",
            "found": "1",
            "recall": "0.3333",
            "f1": "0.4000",
        },
        {
            "dataset": "nerel-1.1-dev",
            "relation": "SPOUSE",
            "predicted": "0",
            "right": "0",
            "precision": "",
            "gold": "0",
            "found": "0",
            "recall": "",
            "f1": "",
        },
    ]
    assert not out_csv.with_suffix(".csv.partial").exists()


def test_run_says_when_the_data_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"NEREL 1\.1 dev not found"):
        relations.run(tmp_path / "scores.csv", tmp_path / "pack.toml", tmp_path / "absent")
    with pytest.raises(FileNotFoundError, match="pattern pack not found"):
        relations.run(tmp_path / "scores.csv", tmp_path / "absent.toml", tmp_path)


# -- the real data -------------------------------------------------------------


@needs_nerel
def test_nerel_dev_gold_relations():
    gold = read_gold(NEREL_DEV)
    kinds = [r.relation for doc_relations in gold.values() for r in doc_relations]
    assert kinds.count("WORKPLACE") > 0
    assert kinds.count("HEADQUARTERED_IN") > 0
    for doc_id, doc_relations in gold.items():
        length = len((NEREL_DEV / f"{doc_id}.txt").read_text(encoding="utf-8"))
        for relation in doc_relations:
            for arg in (relation.arg1, relation.arg2):
                assert 0 <= arg.start < arg.end <= length, (doc_id, relation)
