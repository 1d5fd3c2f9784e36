"""The held-out rewordings scorer: whole event sets per text, years by their first four
characters. (Its figures are reported by `make bench-rewordings`, not asserted here:
the set is held out.)"""

from __future__ import annotations

import json

from pipeline.bench.rewordings import CASES, Score, key, read_cases


def test_score_counts_exact_texts_and_events():
    score = Score()
    gold = {key("MEMBERSHIP", "Литва", "НАТО", "2004")}
    score.add("base", {key("MEMBERSHIP", "Литва", "НАТО", "2004-03")}, gold)
    score.add("participle", set(), gold)
    score.add("negative", {key("WITHDRAWAL", "Литва", "НАТО", "")}, set())
    assert (score.texts, score.right, score.tp, score.fp, score.fn) == (3, 1, 1, 1, 1)
    assert dict(score.kinds) == {"base": [1, 1], "participle": [0, 1], "negative": [0, 1]}
    assert score.prf() == (0.5, 0.5, 0.5)


def test_cases_are_well_formed():
    cases = read_cases(CASES)
    assert len(cases) == 360
    for case in cases:
        assert case["text"].strip() and case["kind"]
        assert all(len(event) == 4 for event in case["expected"]), json.dumps(case)
