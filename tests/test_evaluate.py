"""The scorer on hand-computed cases."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.columns import GOLD_COLUMNS
from pipeline.evaluate import Counts, evaluate, score_entities, score_events
from tests.conftest import ROOT

ENTITY_COLUMNS = GOLD_COLUMNS["entities"]
EVENT_COLUMNS = GOLD_COLUMNS["events"]


def entities(*rows):
    return pd.DataFrame(
        [dict(zip(ENTITY_COLUMNS, map(str, row))) for row in rows], columns=ENTITY_COLUMNS
    )


def events(*rows, pattern="p"):
    frame = pd.DataFrame(
        [dict(zip(EVENT_COLUMNS, map(str, row))) for row in rows], columns=EVENT_COLUMNS
    )
    frame["pattern"] = pattern
    return frame


GOLD = entities(
    ("d", 0, 9, "Казахстан", "COUNTRY", "Казахстан", "Q232"),
    ("d", 13, 17, "ОБСЕ", "ORGANIZATION", "ОБСЕ", "Q81299"),
    ("d", 20, 29, "2010 году", "DATE", "2010", ""),
)


def test_counts_arithmetic():
    counts = Counts(tp=2, fp=1, fn=1)
    assert (counts.precision, counts.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert counts.f1 == pytest.approx(2 / 3)
    # nothing to find, or nothing found: that score has no value, but F1 is 0
    assert (Counts(fp=1).recall, Counts(fp=1).f1) == (None, 0.0)
    assert (Counts(fn=1).precision, Counts(fn=1).f1) == (None, 0.0)
    assert Counts().f1 is None


def test_perfect_match():
    result = score_entities(GOLD, GOLD, {"d"})
    micro = sum(result.counts["exact"].values(), Counts())
    assert (micro.tp, micro.fp, micro.fn) == (3, 0, 0)
    assert result.linking == {"COUNTRY": (1, 1), "ORGANIZATION": (1, 1)}
    assert result.values == (1, 1)
    assert result.errors == []


def test_empty_prediction():
    result = score_entities(GOLD, GOLD.iloc[0:0], {"d"})
    micro = sum(result.counts["exact"].values(), Counts())
    assert (micro.tp, micro.fp, micro.fn) == (0, 0, 3)
    assert {error["error"] for error in result.errors} == {"FN"}


def test_partial_overlap_counts_only_for_overlap_matching():
    pred = entities(
        ("d", 0, 9, "Казахстан", "COUNTRY", "Казахстан", "Q232"),
        ("d", 13, 19, "ОБСЕ и", "ORGANIZATION", "", ""),
    )
    result = score_entities(GOLD, pred, {"d"})
    org_exact = result.counts["exact"]["ORGANIZATION"]
    org_overlap = result.counts["overlap"]["ORGANIZATION"]
    assert (org_exact.tp, org_exact.fp, org_exact.fn) == (0, 1, 1)
    assert (org_overlap.tp, org_overlap.fp, org_overlap.fn) == (1, 0, 0)
    # linked on the overlap-matched pair, but with the wrong (empty) id
    assert result.linking["ORGANIZATION"] == (0, 1)


def test_duplicate_predictions_are_false_positives():
    pred = pd.concat([GOLD, GOLD.iloc[[0]]], ignore_index=True)
    country = score_entities(GOLD, pred, {"d"}).counts["exact"]["COUNTRY"]
    assert (country.tp, country.fp, country.fn) == (1, 1, 0)


GOLD_EVENTS = events(
    ("d", "CHAIRMANSHIP", "Q232", "Q81299", "Казахстан", "ОБСЕ", 2010, 2010, "s1"),
    ("d", "MEMBERSHIP", "Q232", "Q1065", "Казахстан", "ООН", "", "", "s2"),
)


def test_right_organization_wrong_year():
    pred = events(
        ("d", "CHAIRMANSHIP", "Q232", "Q81299", "Казахстан", "ОБСЕ", 2011, 2011, "s1"),
        ("d", "MEMBERSHIP", "Q232", "Q1065", "Казахстан", "ООН", "", "", "s2"),
    )
    result = score_events(GOLD_EVENTS, pred, {"d"})
    strict = result.counts["strict"]
    assert (strict["all"].tp, strict["all"].fp, strict["all"].fn) == (1, 1, 1)
    assert (strict["dated"].tp, strict["dated"].fp, strict["dated"].fn) == (0, 1, 1)
    assert (strict["undated"].tp, strict["undated"].fp, strict["undated"].fn) == (1, 0, 0)
    assert result.patterns["p"] == Counts(tp=1, fp=1)
    notes = [error["note"] for error in result.errors]
    assert all("same country and organization" in note for note in notes)


def test_loose_ignores_the_event_type():
    pred = events(("d", "HOSTING", "Q232", "Q81299", "Казахстан", "ОБСЕ", 2010, 2010, "s1"))
    result = score_events(GOLD_EVENTS, pred, {"d"})
    assert result.counts["strict"]["all"].tp == 0
    assert result.counts["loose"]["all"].tp == 1


def test_names_resolve_through_the_gazetteer_when_gold_has_no_id():
    gold = events(
        (
            "d",
            "MEMBERSHIP",
            "Q232",
            "",
            "Казахстан",
            "Шанхайская организация сотрудничества",
            "",
            "",
            "s",
        )
    )
    pred = events(("d", "MEMBERSHIP", "Q232", "Q485207", "Казахстан", "ШОС", "", "", "s"))
    assert score_events(gold, pred, {"d"}).counts["strict"]["all"].tp == 1


def test_events_of_documents_outside_the_gold_set_are_ignored():
    pred = events(("other", "MEMBERSHIP", "Q232", "Q1065", "Казахстан", "ООН", "", "", "s"))
    assert score_events(GOLD_EVENTS, pred, {"d"}).counts["strict"]["all"].fp == 0


def test_corpus_evaluation_writes_sentences_into_errors(corpus_out):
    evaluation = evaluate(ROOT / "corpus" / "gold", corpus_out)
    scores = evaluation.scores
    assert set(scores["task"]) == {"entities", "linking", "date_values", "events", "patterns"}
    strict_dated = scores[
        (scores["task"] == "events") & (scores["match"] == "strict") & (scores["label"] == "dated")
    ]
    assert float(strict_dated["f1"].iloc[0]) >= 0.9
    assert evaluation.entity_errors["sentence"].str.len().gt(0).any()
