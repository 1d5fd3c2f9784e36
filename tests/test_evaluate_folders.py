"""`evaluate` on gold folders as people make them: entities only, events only,
header-only tables, and files it cannot read (issue 28). Every folder is written
by the test; the texts are made up."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from pipeline.columns import COLUMNS, GOLD_COLUMNS
from pipeline.evaluate import (
    Evaluation,
    EvaluationError,
    evaluate,
    score_tables,
    write_evaluation,
)
from tests.conftest import ROOT

TEXTS = {
    "a": "Казахстан вступил в ОБСЕ в 2010 году.",
    "b": "Иванов приехал в Астану.",
    "c": "Астана растёт.",  # no gold for it: out of scope
}


def mention(doc_id: str, text: str, entity_type: str, canonical: str, entity_id: str) -> dict:
    start = TEXTS[doc_id].index(text)
    return {
        "doc_id": doc_id,
        "start": start,
        "end": start + len(text),
        "text": text,
        "type": entity_type,
        "canonical": canonical,
        "entity_id": entity_id,
    }


def event(doc_id: str, event_type: str, organization: str, organization_id: str, year: str):
    return {
        "doc_id": doc_id,
        "event_type": event_type,
        "country_id": "Q232",
        "organization_id": organization_id,
        "country": "Казахстан",
        "organization": organization,
        "year_start": year,
        "year_end": year,
        "evidence": TEXTS[doc_id],
    }


GOLD_ENTITIES = [
    mention("a", "Казахстан", "COUNTRY", "Казахстан", "Q232"),
    mention("a", "ОБСЕ", "ORGANIZATION", "ОБСЕ", "Q81299"),
    mention("a", "2010 году", "DATE", "2010", ""),
    mention("b", "Иванов", "PERSON", "Иван Иванов", "Q100"),
    mention("b", "Астану", "CITY", "Астана", "Q1520"),
]
PRED_ENTITIES = [
    *GOLD_ENTITIES[:3],
    {**GOLD_ENTITIES[3], "entity_id": ""},  # found, not linked
    # the CITY in b is missed; c is in no gold table, so its LOCATION gets no row
    mention("c", "Астана", "LOCATION", "Астана", ""),
]
GOLD_EVENTS = [
    event("a", "MEMBERSHIP", "ОБСЕ", "Q81299", "2010"),
    event("a", "SPONSORSHIP", "ООН", "Q1065", ""),  # a type no pack has: fine
]
PRED_EVENTS = [
    {**GOLD_EVENTS[0], "pattern": "join_verb"},
    {**event("a", "CHAIRMANSHIP", "ОБСЕ", "Q81299", ""), "pattern": "chair_noun"},
    {**event("c", "MEMBERSHIP", "ООН", "Q1065", ""), "pattern": "member_noun"},
]


def write(path: Path, rows: list[dict], columns: list[str]) -> None:
    cells = [{column: row.get(column, "") for column in columns} for row in rows]
    pd.DataFrame(cells, columns=columns).to_csv(path, index=False)


def gold_folder(
    folder: Path, entities: list[dict] | None = None, events: list[dict] | None = None
) -> Path:
    """A gold folder with the tables given (an empty list: a header-only table)."""
    folder.mkdir()
    for name, rows in (("entities", entities), ("events", events)):
        if rows is not None:
            write(folder / f"{name}.csv", rows, GOLD_COLUMNS[name])
    return folder


def pred_folder(folder: Path, *names: str) -> Path:
    """An extraction with the tables named, written with all of the pipeline's columns."""
    folder.mkdir()
    sentences = [
        {"doc_id": doc_id, "sent_id": 0, "start": 0, "end": len(text), "text": text}
        for doc_id, text in TEXTS.items()
    ]
    rows = {"entities": PRED_ENTITIES, "events": PRED_EVENTS, "sentences": sentences}
    for name in names:
        write(folder / f"{name}.csv", rows[name], COLUMNS[name])
    return folder


def csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n")


def table(text: str) -> str:
    return textwrap.dedent(text).lstrip()


SCORES_HEADER = "task,match,label,tp,fp,fn,precision,recall,f1,correct,total,accuracy\n"
ENTITY_SCORES = table("""
    entities,exact,PERSON,1,0,0,1.0,1.0,1.0,,,
    entities,exact,ORGANIZATION,1,0,0,1.0,1.0,1.0,,,
    entities,exact,COUNTRY,1,0,0,1.0,1.0,1.0,,,
    entities,exact,CITY,0,0,1,,0.0,0.0,,,
    entities,exact,DATE,1,0,0,1.0,1.0,1.0,,,
    entities,exact,micro,4,0,1,1.0,0.8,0.8889,,,
    entities,overlap,PERSON,1,0,0,1.0,1.0,1.0,,,
    entities,overlap,ORGANIZATION,1,0,0,1.0,1.0,1.0,,,
    entities,overlap,COUNTRY,1,0,0,1.0,1.0,1.0,,,
    entities,overlap,CITY,0,0,1,,0.0,0.0,,,
    entities,overlap,DATE,1,0,0,1.0,1.0,1.0,,,
    entities,overlap,micro,4,0,1,1.0,0.8,0.8889,,,
    linking,overlap,COUNTRY,,,,,,,1,1,1.0
    linking,overlap,ORGANIZATION,,,,,,,1,1,1.0
    linking,overlap,PERSON,,,,,,,0,1,0.0
    linking,overlap,all,,,,,,,2,3,0.6667
    date_values,overlap,DATE,,,,,,,1,1,1.0
""")
EVENT_SCORES = table("""
    events,strict,all,1,1,1,0.5,0.5,0.5,,,
    events,strict,dated,1,0,0,1.0,1.0,1.0,,,
    events,strict,undated,0,1,1,0.0,0.0,0.0,,,
    events,loose,all,1,1,1,0.5,0.5,0.5,,,
    events,loose,dated,1,0,0,1.0,1.0,1.0,,,
    events,loose,undated,0,1,1,0.0,0.0,0.0,,,
    patterns,strict,chair_noun,0,1,,0.0,,,,,
    patterns,strict,join_verb,1,0,,1.0,,,,,
""")
ENTITY_ERRORS = table("""
    doc_id,error,type,start,end,text,note,sentence
    b,FN,CITY,17,23,Астану,,Иванов приехал в Астану.
""")
EVENT_ERRORS = table("""
    doc_id,error,event_type,country,organization,year_start,year_end,pattern,note,evidence
    a,FN,SPONSORSHIP,Казахстан,ООН,,,,,Казахстан вступил в ОБСЕ в 2010 году.
    a,FP,CHAIRMANSHIP,Казахстан,ОБСЕ,,,chair_noun,same country and organization \
in the other table as MEMBERSHIP 2010–2010,Казахстан вступил в ОБСЕ в 2010 году.
""")
NO_ENTITY_ERRORS = "doc_id,error,type,start,end,text,note,sentence\n"
NO_EVENT_ERRORS = (
    "doc_id,error,event_type,country,organization,year_start,year_end,pattern,note,evidence\n"
)


def assert_tables(evaluation: Evaluation, scores: str, entity_errors: str, event_errors: str):
    assert csv_text(evaluation.scores) == SCORES_HEADER + scores
    assert csv_text(evaluation.entity_errors) == entity_errors
    assert csv_text(evaluation.event_errors) == event_errors


def test_both_tables(tmp_path):
    gold = gold_folder(tmp_path / "gold", GOLD_ENTITIES, GOLD_EVENTS)
    pred = pred_folder(tmp_path / "pred", "entities", "events", "sentences")
    assert_tables(evaluate(gold, pred), ENTITY_SCORES + EVENT_SCORES, ENTITY_ERRORS, EVENT_ERRORS)


def test_events_only_gold_scores_events_and_needs_no_entity_tables(tmp_path):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    pred = pred_folder(tmp_path / "pred", "events")
    assert_tables(evaluate(gold, pred), EVENT_SCORES, NO_ENTITY_ERRORS, EVENT_ERRORS)


def test_entities_only_gold_scores_entities_and_linking(tmp_path):
    gold = gold_folder(tmp_path / "gold", entities=GOLD_ENTITIES)
    pred = pred_folder(tmp_path / "pred", "entities", "sentences")
    assert_tables(evaluate(gold, pred), ENTITY_SCORES, ENTITY_ERRORS, NO_EVENT_ERRORS)


def test_header_only_entities_make_every_mention_of_the_gold_documents_a_false_positive(
    tmp_path,
):
    # the documents in scope are those events.csv names: only a
    gold = gold_folder(tmp_path / "gold", entities=[], events=GOLD_EVENTS)
    pred = pred_folder(tmp_path / "pred", "entities", "events", "sentences")
    entity_scores = table("""
        entities,exact,ORGANIZATION,0,1,0,0.0,,0.0,,,
        entities,exact,COUNTRY,0,1,0,0.0,,0.0,,,
        entities,exact,DATE,0,1,0,0.0,,0.0,,,
        entities,exact,micro,0,3,0,0.0,,0.0,,,
        entities,overlap,ORGANIZATION,0,1,0,0.0,,0.0,,,
        entities,overlap,COUNTRY,0,1,0,0.0,,0.0,,,
        entities,overlap,DATE,0,1,0,0.0,,0.0,,,
        entities,overlap,micro,0,3,0,0.0,,0.0,,,
        linking,overlap,all,,,,,,,0,0,
        date_values,overlap,DATE,,,,,,,0,0,
    """)
    entity_errors = table("""
        doc_id,error,type,start,end,text,note,sentence
        a,FP,COUNTRY,0,9,Казахстан,,Казахстан вступил в ОБСЕ в 2010 году.
        a,FP,ORGANIZATION,20,24,ОБСЕ,,Казахстан вступил в ОБСЕ в 2010 году.
        a,FP,DATE,27,36,2010 году,,Казахстан вступил в ОБСЕ в 2010 году.
    """)
    assert_tables(evaluate(gold, pred), entity_scores + EVENT_SCORES, entity_errors, EVENT_ERRORS)


def test_header_only_events_make_every_event_of_the_gold_documents_a_false_positive(tmp_path):
    gold = gold_folder(tmp_path / "gold", entities=GOLD_ENTITIES, events=[])
    pred = pred_folder(tmp_path / "pred", "entities", "events", "sentences")
    event_scores = table("""
        events,strict,all,0,2,0,0.0,,0.0,,,
        events,strict,dated,0,1,0,0.0,,0.0,,,
        events,strict,undated,0,1,0,0.0,,0.0,,,
        events,loose,all,0,2,0,0.0,,0.0,,,
        events,loose,dated,0,1,0,0.0,,0.0,,,
        events,loose,undated,0,1,0,0.0,,0.0,,,
        patterns,strict,chair_noun,0,1,,0.0,,,,,
        patterns,strict,join_verb,0,1,,0.0,,,,,
    """)
    event_errors = table("""
        doc_id,error,event_type,country,organization,year_start,year_end,pattern,note,evidence
        a,FP,CHAIRMANSHIP,Казахстан,ОБСЕ,,,chair_noun,,Казахстан вступил в ОБСЕ в 2010 году.
        a,FP,MEMBERSHIP,Казахстан,ОБСЕ,2010,2010,join_verb,,Казахстан вступил в ОБСЕ в 2010 году.
    """)
    assert_tables(evaluate(gold, pred), ENTITY_SCORES + event_scores, ENTITY_ERRORS, event_errors)


def test_score_views_show_three_decimals_from_memory_and_from_scores_csv(tmp_path):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    evaluation = evaluate(gold, pred_folder(tmp_path / "pred", "events"))
    expected = [
        (
            "Events, strict (type, country, organization, years)",
            [
                ["all", "1", "1", "1", "0.500", "0.500", "0.500"],
                ["dated", "1", "0", "0", "1.000", "1.000", "1.000"],
                ["undated", "0", "1", "1", "0.000", "0.000", "0.000"],
            ],
        ),
        (
            "Events, loose (type ignored)",
            [
                ["all", "1", "1", "1", "0.500", "0.500", "0.500"],
                ["dated", "1", "0", "0", "1.000", "1.000", "1.000"],
                ["undated", "0", "1", "1", "0.000", "0.000", "0.000"],
            ],
        ),
        (
            "Precision per pattern (strict)",
            [["chair_noun", "0", "1", "0.000"], ["join_verb", "1", "0", "1.000"]],
        ),
    ]

    def views(evaluation: Evaluation) -> list:
        return [(title, view.values.tolist()) for title, view in score_tables(evaluation)]

    assert views(evaluation) == expected
    # the report reads scores.csv back as text ("0.5") and shows the same cells
    write_evaluation(evaluation, tmp_path / "eval")
    read_back = pd.read_csv(tmp_path / "eval" / "scores.csv", dtype=str, keep_default_na=False)
    assert views(Evaluation(read_back, read_back.iloc[:0], read_back.iloc[:0])) == expected


def test_a_score_that_is_not_a_number_is_shown_as_it_is():
    scores = pd.DataFrame(
        [["date_values", "overlap", "DATE", "", "", "", "", "", "", "1", "2", "n/a"]],
        columns=list(SCORES_HEADER.strip().split(",")),
    )
    [(_, view)] = score_tables(Evaluation(scores, scores.iloc[:0], scores.iloc[:0]))
    assert view.values.tolist() == [["DATE", "1", "2", "n/a"]]


# -- what cannot be scored: one line naming the file ------------------------


def error_of(gold: Path, pred: Path) -> str:
    with pytest.raises(EvaluationError) as caught:
        evaluate(gold, pred)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.fixture
def pred(tmp_path) -> Path:
    return pred_folder(tmp_path / "pred", "entities", "events", "sentences")


def test_a_gold_folder_with_neither_table(tmp_path, pred):
    gold = gold_folder(tmp_path / "gold")
    message = error_of(gold, pred)
    assert message == f"{gold}: no entities.csv or events.csv: no gold set to score against"


def test_a_gold_folder_that_is_not_there(tmp_path, pred):
    assert error_of(tmp_path / "absent", pred) == f"{tmp_path / 'absent'}: no such folder"


def test_gold_tables_with_no_rows_name_no_document(tmp_path, pred):
    gold = gold_folder(tmp_path / "gold", entities=[], events=[])
    message = error_of(gold, pred)
    assert message == f"{gold}: the gold tables have no rows, so they name no document to score"


def test_a_missing_column_is_named(tmp_path, pred):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    pd.DataFrame(GOLD_ENTITIES).drop(columns=["type", "entity_id"]).to_csv(
        gold / "entities.csv", index=False
    )
    assert error_of(gold, pred) == (
        f"{gold / 'entities.csv'}: no column type, entity_id "
        "(the header has doc_id, start, end, text, canonical)"
    )


def test_a_missing_column_of_the_extraction_is_named(tmp_path):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    pred = pred_folder(tmp_path / "pred")
    pd.DataFrame(PRED_EVENTS).drop(columns=["pattern"]).to_csv(pred / "events.csv", index=False)
    assert error_of(gold, pred).startswith(f"{pred / 'events.csv'}: no column pattern (")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\xff", "not UTF-8 text"),
        (
            b'doc_id,start\n"a,1\n',
            "not a readable CSV table (Error tokenizing data. C error: EOF inside string "
            "starting at row 1)",
        ),
        (b"", "not a readable CSV table (No columns to parse from file)"),
    ],
)
def test_a_file_that_is_no_csv_table(tmp_path, pred, content, problem):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    (gold / "entities.csv").write_bytes(content)
    assert error_of(gold, pred) == f"{gold / 'entities.csv'}: {problem}"


def test_offsets_that_are_not_whole_numbers(tmp_path, pred):
    gold = gold_folder(
        tmp_path / "gold", entities=[GOLD_ENTITIES[0], {**GOLD_ENTITIES[1], "end": "24.0"}]
    )
    assert error_of(gold, pred) == (
        f"{gold / 'entities.csv'}: data row 2: end is '24.0', not a whole number"
    )


def test_a_missing_extraction_table_points_at_the_pred_folder(tmp_path):
    gold = gold_folder(tmp_path / "gold", GOLD_ENTITIES, GOLD_EVENTS)
    pred = pred_folder(tmp_path / "pred", "entities", "sentences")
    message = error_of(gold, pred)
    assert message == f"{pred / 'events.csv'}: no such file (run extract first?)"


def test_a_parquet_extraction_is_named(tmp_path):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    pred = pred_folder(tmp_path / "pred")
    (pred / "events.parquet").write_bytes(b"")
    assert error_of(gold, pred) == (
        f"{pred / 'events.csv'}: no such file; evaluate reads CSV tables: extract with --format csv"
    )


def test_a_byte_order_mark_does_not_hide_the_first_column(tmp_path):
    gold = gold_folder(tmp_path / "gold", events=GOLD_EVENTS)
    text = (gold / "events.csv").read_text(encoding="utf-8")
    (gold / "events.csv").write_text(text, encoding="utf-8-sig")
    pred = pred_folder(tmp_path / "pred", "events")
    assert csv_text(evaluate(gold, pred).scores) == SCORES_HEADER + EVENT_SCORES


# -- the bundled gold set ---------------------------------------------------

# `evaluate` on corpus/gold and the corpus extraction, as it was before gold
# folders with one table were allowed: scoring both tables did not change.
BUNDLED_SCORES = table("""
    task,match,label,tp,fp,fn,precision,recall,f1,correct,total,accuracy
    entities,exact,PERSON,9,2,2,0.8182,0.8182,0.8182,,,
    entities,exact,ORGANIZATION,85,4,8,0.9551,0.914,0.9341,,,
    entities,exact,COUNTRY,120,0,0,1.0,1.0,1.0,,,
    entities,exact,CITY,10,0,0,1.0,1.0,1.0,,,
    entities,exact,LOCATION,18,1,2,0.9474,0.9,0.9231,,,
    entities,exact,DATE,27,0,0,1.0,1.0,1.0,,,
    entities,exact,micro,269,7,12,0.9746,0.9573,0.9659,,,
    entities,overlap,PERSON,10,1,1,0.9091,0.9091,0.9091,,,
    entities,overlap,ORGANIZATION,89,0,4,1.0,0.957,0.978,,,
    entities,overlap,COUNTRY,120,0,0,1.0,1.0,1.0,,,
    entities,overlap,CITY,10,0,0,1.0,1.0,1.0,,,
    entities,overlap,LOCATION,19,0,1,1.0,0.95,0.9744,,,
    entities,overlap,DATE,27,0,0,1.0,1.0,1.0,,,
    entities,overlap,micro,275,1,6,0.9964,0.9786,0.9874,,,
    linking,overlap,CITY,,,,,,,8,8,1.0
    linking,overlap,COUNTRY,,,,,,,118,118,1.0
    linking,overlap,LOCATION,,,,,,,10,14,0.7143
    linking,overlap,ORGANIZATION,,,,,,,48,49,0.9796
    linking,overlap,all,,,,,,,184,189,0.9735
    date_values,overlap,DATE,,,,,,,25,26,0.9615
    events,strict,all,40,0,3,1.0,0.9302,0.9639,,,
    events,strict,dated,17,0,1,1.0,0.9444,0.9714,,,
    events,strict,undated,23,0,2,1.0,0.92,0.9583,,,
    events,loose,all,40,0,3,1.0,0.9302,0.9639,,,
    events,loose,dated,17,0,1,1.0,0.9444,0.9714,,,
    events,loose,undated,23,0,2,1.0,0.92,0.9583,,,
    patterns,strict,chair_noun,6,0,,1.0,,,,,
    patterns,strict,chair_verb,7,0,,1.0,,,,,
    patterns,strict,creation_initiative,1,0,,1.0,,,,,
    patterns,strict,deploy_contingent,1,0,,1.0,,,,,
    patterns,strict,founder_noun,1,0,,1.0,,,,,
    patterns,strict,host_event,2,0,,1.0,,,,,
    patterns,strict,host_office,2,0,,1.0,,,,,
    patterns,strict,initiator_noun,1,0,,1.0,,,,,
    patterns,strict,join_verb,1,0,,1.0,,,,,
    patterns,strict,member_noun,12,0,,1.0,,,,,
    patterns,strict,mission_participant,1,0,,1.0,,,,,
    patterns,strict,participant_member,1,0,,1.0,,,,,
    patterns,strict,send_troops,1,0,,1.0,,,,,
    patterns,strict,take_part_noun,2,0,,1.0,,,,,
    patterns,strict,take_part_verb,1,0,,1.0,,,,,
""")


def test_bundled_gold_scores_are_unchanged(corpus_out):
    evaluation = evaluate(ROOT / "corpus" / "gold", corpus_out)
    assert csv_text(evaluation.scores) == BUNDLED_SCORES
    # one error row per exact-match and strict miss
    assert (len(evaluation.entity_errors), len(evaluation.event_errors)) == (7 + 12, 3)
