"""The linking benchmark (`pipeline.bench.linking`) counts what it says it counts."""

from __future__ import annotations

import csv

from pipeline.bench import linking
from pipeline.bench.linking import Result, judge, results
from pipeline.bench.mention import Document, Mention

TEXT = "МИД России и ЕС, а также НАТО и полиция. Кремль"
#       0   4      11 13   19    25   30 32       40  43


def gold() -> Document:
    return Document(
        "d1",
        TEXT,
        (
            Mention(0, 3, "ORGANIZATION", "Q20901295"),  # a generic body's bare name
            Mention(0, 10, "ORGANIZATION", "Q789889"),
            Mention(4, 10, "COUNTRY", "Q159"),
            Mention(13, 15, "ORGANIZATION", "Q458"),
            Mention(25, 29, "ORGANIZATION", "Q7184"),
            Mention(32, 39, "ORGANIZATION", "Q35535"),  # lower case
            Mention(41, 47, "ORGANIZATION", "Q2060629"),
            Mention(41, 47, "LOCATION", "Q1"),  # not scored: another type
            Mention(19, 24, "ORGANIZATION", ""),  # no link: not scored
        ),
    )


PREDICTED = [
    Mention(0, 3, "ORGANIZATION", "Q789889"),
    Mention(4, 10, "COUNTRY", "Q159"),
    Mention(13, 15, "LOCATION", "Q458"),  # any type carrying the id counts
    Mention(25, 29, "ORGANIZATION", ""),
    Mention(41, 47, "LOCATION", ""),
]


def test_each_linked_gold_mention_is_judged_once():
    judged = judge(gold(), PREDICTED)
    assert [(j.text, j.outcome, j.predicted) for j in judged] == [
        ("МИД", "wrong_id", ("ORGANIZATION:Q789889",)),
        ("МИД России", "no_span", ()),
        ("России", "correct", ("COUNTRY:Q159",)),
        ("ЕС", "correct", ("LOCATION:Q458",)),
        ("НАТО", "no_id", ("ORGANIZATION:",)),
        ("полиция", "no_span", ()),
        ("Кремль", "no_id", ("LOCATION:",)),
    ]


def test_counts_per_type_and_subset():
    rows = results("train", judge(gold(), PREDICTED))
    assert rows == [
        Result("train", "ORGANIZATION", "all", 6, 1, 1, 2, 2, 1 / 6),
        Result("train", "ORGANIZATION", "named", 5, 1, 1, 2, 1, 0.2),
        Result("train", "ORGANIZATION", "specific", 4, 1, 0, 2, 1, 0.25),
        Result("train", "COUNTRY", "all", 1, 1, 0, 0, 0, 1.0),
        Result("train", "COUNTRY", "named", 1, 1, 0, 0, 0, 1.0),
        Result("train", "COUNTRY", "specific", 1, 1, 0, 0, 0, 1.0),
    ]


def write_split(folder, name: str) -> None:
    split = folder / name
    split.mkdir(parents=True)
    (split / "d1.txt").write_text(TEXT, encoding="utf-8")
    (split / "d1.ann").write_text(
        "T1\tORGANIZATION 0 10\tМИД России\n"
        "T2\tCOUNTRY 4 10\tРоссии\n"
        "N1\tReference T1 Wikidata:Q789889\tМИД РФ\n"
        "N2\tReference T2 Wikidata:Q159\tРоссия\n",
        encoding="utf-8",
    )


def test_run_writes_the_table_and_only_trains_misses(tmp_path, monkeypatch):
    nerel = tmp_path / "nerel"
    for name in ("train", "dev"):
        write_split(nerel, name)
    monkeypatch.setattr(linking, "predictions", lambda docs: [PREDICTED for _ in docs])
    out, misses = tmp_path / "linking.csv", tmp_path / "misses.csv"
    linking.run(nerel, out, misses)
    with out.open(encoding="utf-8") as handle:
        table = [
            (r["split"], r["type"], r["subset"], r["gold"], r["correct"], r["no_span"])
            for r in csv.DictReader(handle)
        ]
    counts = {"ORGANIZATION": ("1", "0", "1"), "COUNTRY": ("1", "1", "0")}  # gold, correct, no_span
    assert table == [
        (split, kind, subset, *counts[kind])
        for split in ("train", "dev")
        for kind in ("ORGANIZATION", "COUNTRY")
        for subset in ("all", "named", "specific")
    ]
    assert misses.read_text(encoding="utf-8").splitlines() == [
        "doc_id,start,stop,type,gold_id,text,outcome,got",
        "d1,0,10,ORGANIZATION,Q789889,МИД России,no_span,",
    ]


def test_a_missing_split_is_an_error(tmp_path):
    assert linking.main(["--nerel", str(tmp_path), "--out", str(tmp_path / "x.csv")]) == 2
