"""The NER benchmark: scorer on hand-computed cases, readers on tiny samples, the real data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.bench.factru import read_factru
from pipeline.bench.mention import Mention, relabel
from pipeline.bench.ner import Result, side_by_side, total, with_places, write_csv
from pipeline.bench.nerel import link_names, read_ann, read_nerel
from pipeline.bench.score import (
    Counts,
    drop_overlapping,
    linking_counts,
    span_counts,
    token_counts,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FACTRU_DEV = SHARED / "bench" / "factru-2016" / "devset"
NEREL_DEV = SHARED / "bench" / "nerel-1.1" / "dev"
needs_shared = pytest.mark.skipif(
    not (FACTRU_DEV.is_dir() and NEREL_DEV.is_dir()),
    reason=f"benchmark data not found in {SHARED / 'bench'} (../shared next to the repository)",
)


def at(text: str, part: str, kind: str, entity_id: str = "") -> Mention:
    start = text.index(part)
    return Mention(start, start + len(part), kind, entity_id)


# -- scorer ------------------------------------------------------------------


def test_counts_precision_recall_f1():
    counts = Counts(correct=3, predicted=4, gold=6)
    assert (counts.precision, counts.recall) == (0.75, 0.5)
    assert counts.f1 == pytest.approx(0.6)
    assert Counts().f1 == 0.0


def test_drop_overlapping_keeps_the_earlier_longer_span():
    outer, inner, crossing, later = (
        Mention(0, 10, "ORG"),
        Mention(4, 8, "LOC"),
        Mention(8, 14, "LOC"),
        Mention(20, 25, "PER"),
    )
    assert drop_overlapping([inner, later, crossing, outer]) == [outer, later]


def test_token_counts_by_hand():
    text = "Иван Петров из Москвы пришёл в Газпром нефть ."
    gold = [
        at(text, "Иван Петров", "PER"),
        at(text, "Москвы", "LOC"),
        at(text, "Газпром нефть", "ORG"),
    ]
    predicted = [
        at(text, "Петров", "PER"),  # one of two tokens
        at(text, "Москвы пришёл", "LOC"),  # one right token, one wrong
        at(text, "Газпром нефть", "ORG"),
        at(text, "нефть", "LOC"),  # begins inside the ORG before it: dropped
        Mention(0, 3, "PER"),  # "Ива": does not end on a token boundary, dropped
    ]
    counts = token_counts(text, predicted, gold, ["PER", "LOC", "ORG"])
    assert counts["PER"] == Counts(correct=1, predicted=1, gold=2)
    assert counts["LOC"] == Counts(correct=1, predicted=2, gold=1)
    assert counts["ORG"] == Counts(correct=2, predicted=2, gold=2)


def test_span_counts_need_type_start_and_end():
    gold = [Mention(0, 3, "COUNTRY"), Mention(10, 20, "ORGANIZATION"), Mention(10, 20, "FACILITY")]
    predicted = [
        Mention(0, 3, "COUNTRY"),
        Mention(0, 3, "COUNTRY"),  # repeated: counts once
        Mention(10, 19, "ORGANIZATION"),
        Mention(30, 35, "CITY"),
    ]
    counts = span_counts(predicted, gold, ["COUNTRY", "ORGANIZATION", "CITY"])
    assert counts["COUNTRY"] == Counts(correct=1, predicted=1, gold=1)
    assert counts["ORGANIZATION"] == Counts(correct=0, predicted=1, gold=1)
    assert counts["CITY"] == Counts(correct=0, predicted=1, gold=0)


def test_linking_counts_only_gold_mentions_with_an_id():
    gold = [
        Mention(0, 3, "COUNTRY", "Q30"),
        Mention(5, 9, "COUNTRY", "Q159"),
        Mention(12, 15, "ORGANIZATION", "Q1065"),
        Mention(20, 25, "ORGANIZATION"),  # no id: not counted
    ]
    predicted = [
        Mention(0, 3, "COUNTRY", "Q30"),
        Mention(5, 9, "COUNTRY", "Q15180"),  # wrong id
        Mention(12, 15, "LOCATION", "Q1065"),  # right id, type does not matter
        Mention(20, 25, "ORGANIZATION", "Q7"),
    ]
    shares = linking_counts(predicted, gold, ["COUNTRY", "ORGANIZATION"])
    assert (shares["COUNTRY"].correct, shares["COUNTRY"].total) == (1, 2)
    assert (shares["ORGANIZATION"].correct, shares["ORGANIZATION"].total) == (1, 1)


def test_totals_are_micro_averages():
    summed = total([{"ORG": Counts(1, 2, 3)}, {"ORG": Counts(2, 2, 2)}])
    assert summed["ORG"] == Counts(3, 4, 5)


def test_relabel_and_places():
    mentions = [Mention(0, 3, "COUNTRY", "Q30"), Mention(4, 8, "DATE")]
    assert relabel(mentions, {"COUNTRY": "LOC"}) == [Mention(0, 3, "LOC")]
    assert relabel(mentions, {"COUNTRY": "LOC"})[0].entity_id == "Q30"
    assert {m.type for m in with_places(mentions)} == {"COUNTRY", "DATE", "PLACE"}


def test_csv_and_table(tmp_path):
    results = [
        Result("slovnet", "d", "ner", "PER", 0.5, 1.0, 2 / 3, None, 4),
        Result("pipeline", "d", "ner", "PER", 1.0, 1.0, 1.0, None, 4),
        Result("pipeline", "d", "linking", "COUNTRY", None, None, None, 0.9, 10),
    ]
    path = tmp_path / "bench" / "ner.csv"
    write_csv(results, path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows[0]["f1"] == "0.6667" and rows[2]["accuracy"] == "0.9000"
    assert rows[2]["precision"] == ""
    table = side_by_side(results)
    assert table.row_count == 2


# -- readers -------------------------------------------------------------------


def write_factru(folder: Path) -> str:
    text = "Глава ОАО «Газпром» Алексей Миллер прибыл в Москву."
    spans = {
        "1": ("org_descr", "ОАО"),
        "2": ("org_name", "Газпром"),
        "3": ("name", "Алексей"),
        "4": ("surname", "Миллер"),
        "5": ("loc_name", "Москву"),
        "6": ("job", "Глава"),
    }
    with (folder / "book_1.spans").open("w", encoding="utf-8") as handle:
        for span_id, (kind, part) in spans.items():
            start = text.index(part)
            handle.write(f"{span_id} {kind} {start} {len(part)} 0 1  # 0 {part}\n")
    (folder / "book_1.objects").write_text(
        "10 Org 1 2 # ОАО Газпром\n20 Person 3 4 # Алексей Миллер\n"
        "30 LocOrg 5 # Москву\n40 Facility 6 # Глава\n",
        encoding="utf-8",
    )
    (folder / "book_1.txt").write_text(text, encoding="utf-8")
    return text


def test_factru_reader_builds_naeval_spans(tmp_path):
    text = write_factru(tmp_path)
    [doc] = read_factru(tmp_path)
    assert doc.doc_id == "book_1" and doc.text == text
    found = [(text[m.start : m.stop], m.type) for m in doc.mentions]
    assert found == [("Газпром", "ORG"), ("Алексей Миллер", "PER"), ("Москву", "LOC")]


ANN = (
    "T1\tCOUNTRY 0 3\tСША\n"
    "T2\tORGANIZATION 10 20\tабвгдежзик\n"
    "T3\tSTATE_OR_PROVINCE 22 28\tТехас.\n"
    "T4\tLAW 30 35;40 45\tразрыв\n"
    "N1\tReference T1 Wikidata:Q30\tСоединённые Штаты Америки\n"
    "N2\tReference T2 Wikidata:NULL\tнет данных\n"
    "N3\tReference T3 Wikidaиция\n"
    "R1\tHEADQUARTERED_IN Arg1:T2 Arg2:T1\n"
)


def test_nerel_reader():
    mentions = read_ann(ANN)
    assert mentions == [
        Mention(0, 3, "COUNTRY"),
        Mention(10, 20, "ORGANIZATION"),
        Mention(22, 28, "LOCATION"),  # STATE_OR_PROVINCE is a contract LOCATION
        Mention(30, 45, "LAW"),  # discontinuous: the covering extent
    ]
    assert [m.entity_id for m in mentions] == ["Q30", "", "", ""]
    assert link_names(ANN) == {"Q30": ["Соединённые Штаты Америки"]}


def test_nerel_folder(tmp_path):
    (tmp_path / "1_text.txt").write_text("США" + " " * 50, encoding="utf-8")
    (tmp_path / "1_text.ann").write_text(ANN, encoding="utf-8")
    [doc] = read_nerel(tmp_path)
    assert doc.doc_id == "1_text" and doc.mentions[0].entity_id == "Q30"


# -- the real data sets ----------------------------------------------------------


@needs_shared
def test_factru_dev_reads_and_aligns():
    docs = read_factru(FACTRU_DEV)
    assert len(docs) == 122
    mentions = [m for doc in docs for m in doc.mentions]
    assert {m.type for m in mentions} == {"PER", "LOC", "ORG"}
    assert all(
        doc.text[m.start : m.stop].strip() == doc.text[m.start : m.stop]
        for doc in docs
        for m in doc.mentions
    )


@needs_shared
def test_nerel_dev_reads_with_links():
    docs = read_nerel(NEREL_DEV)
    assert len(docs) == 94
    linked = [m for doc in docs for m in doc.mentions if m.entity_id]
    assert sum(m.type == "COUNTRY" for m in linked) > 300


@needs_shared
@pytest.mark.slow
def test_full_benchmark(tmp_path):
    from pipeline.bench.ner import run

    results = run(tmp_path / "ner.csv")
    rows = list(csv.DictReader((tmp_path / "ner.csv").open(encoding="utf-8")))
    assert len(rows) == len(results)
    assert {(r["system"], r["dataset"]) for r in rows} == {
        (system, dataset)
        for system in ("slovnet", "pipeline")
        for dataset in ("factru-2016-dev", "nerel-1.1-dev")
    }
    scores = {(r.system, r.dataset, r.task, r.type): r for r in results}
    for kind in ("PER", "LOC", "ORG"):
        assert scores["pipeline", "factru-2016-dev", "ner", kind].f1 > 0.5
    assert scores["pipeline", "nerel-1.1-dev", "linking", "COUNTRY"].accuracy > 0.5
