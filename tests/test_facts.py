"""facts.csv: the same relation gathered across articles, on tables built here
(each rule of pipeline/facts.py on the fewest mentions that show it) and on
the seed corpus."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from pipeline.columns import COLUMNS
from pipeline.facts import FACT_COLUMNS, facts, read_found, write_facts
from pipeline.tables import read_tables

EVENT_ROLES = {
    "arg1_role": "country",
    "arg1_type": "COUNTRY",
    "arg2_role": "organization",
    "arg2_type": "ORGANIZATION",
}
KAZAKHSTAN = {"country": "Казахстан", "country_id": "Q232"}
OSCE = {"organization": "ОБСЕ", "organization_id": "Q81299"}
EAEU = {"organization": "ЕАЭС", "organization_id": "Q4173083"}


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table in the contract, as `read_tables` gives it: "" for empty text, Int64 years."""
    integers = {"year_start", "year_end", "sent_id"} & set(COLUMNS[name])
    filled = [
        {column: None if column in integers else "" for column in COLUMNS[name]} | row
        for row in rows
    ]
    return pd.DataFrame(filled, columns=COLUMNS[name]).astype(dict.fromkeys(integers, "Int64"))


def event(doc_id: str, *parts: dict, year: int | None = None, **fields: object) -> dict:
    """An events row: MEMBERSHIP of Kazakhstan unless told; `year` a single year."""
    row = {"doc_id": doc_id, "event_type": "MEMBERSHIP", "pattern": "join_verb", **KAZAKHSTAN}
    if year is not None:
        row |= {"date": str(year), "year_start": year, "year_end": year}
    for part in parts:
        row |= part
    return row | fields


def documents(dates: dict[str, str], source: str = "corpus/articles") -> pd.DataFrame:
    return frame(
        "documents",
        [
            {"doc_id": doc_id, "source": f"{source}/{doc_id}.txt", "date": date, "status": "ok"}
            for doc_id, date in dates.items()
        ],
    )


def tables_of(events: list[dict], dates: dict[str, str] | None = None) -> dict:
    dates = dates if dates is not None else {row["doc_id"]: "" for row in events}
    return {"documents": documents(dates), "events": frame("events", events)}


def fact_id(*identity: str) -> str:
    """The documented id: a hash of relation, roles, argument keys and years."""
    return hashlib.blake2b("\x1f".join(identity).encode("utf-8"), digest_size=8).hexdigest()


def event_fact(
    relation: str, country: str, country_id: str, organization: str, organization_id: str, **rest
) -> dict:
    """An expected facts row of an event; `key1`/`key2` override the argument keys."""
    years = (rest.get("year_start"), rest.get("year_end"))
    keys = (
        rest.pop("key1", f"id:{country_id}"),
        rest.pop("key2", f"id:{organization_id}"),
    )
    identity = (
        relation,
        "country",
        keys[0],
        "organization",
        keys[1],
        *("" if year is None else str(year) for year in years),
    )
    return {
        "fact_id": fact_id(*identity),
        "relation": relation,
        **EVENT_ROLES,
        "arg1_canonical": country,
        "arg1_id": country_id,
        "arg2_canonical": organization,
        "arg2_id": organization_id,
        "n_sources": 1,
        **rest,
    }


def expected(*rows: dict) -> pd.DataFrame:
    texts = {column: "" for column in FACT_COLUMNS}
    filled = [texts | {"year_start": None, "year_end": None} | row for row in rows]
    result = pd.DataFrame(filled, columns=FACT_COLUMNS)
    types = {column: str for column in FACT_COLUMNS}
    types |= {"year_start": "Int64", "year_end": "Int64"}
    types |= {column: "int64" for column in FACT_COLUMNS if column.startswith("n_")}
    return result.astype(types)


def check(tables: dict, *rows: dict) -> None:
    pd.testing.assert_frame_equal(facts(tables), expected(*rows))


def test_the_same_fact_in_three_documents_is_one_row():
    """Two mentions in one article count as mentions, not as documents."""
    mentions = [
        event("b", EAEU, year=2015, pattern="member_noun"),
        event("a", EAEU, year=2015),
        event("c", EAEU, year=2015),
        event("a", EAEU, year=2015),
    ]
    check(
        tables_of(mentions),
        event_fact(
            "MEMBERSHIP",
            "Казахстан",
            "Q232",
            "ЕАЭС",
            "Q4173083",
            date="2015",
            year_start=2015,
            year_end=2015,
            n_mentions=4,
            n_documents=3,
            patterns="join_verb;member_noun",
            documents="a;b;c",
        ),
    )


def test_names_differ_but_ids_agree():
    """The name most mentions give is the one shown."""
    mentions = [
        event("a", EAEU, year=2015),
        event("b", EAEU, year=2015, country="Республика Казахстан"),
        event("c", EAEU, year=2015, organization="Евразийский экономический союз"),
        event("d", EAEU, year=2015, organization="Евразийский экономический союз"),
        event("e", EAEU, year=2015, organization="Евразийский экономический союз"),
    ]
    check(
        tables_of(mentions),
        event_fact(
            "MEMBERSHIP",
            "Казахстан",
            "Q232",
            "Евразийский экономический союз",
            "Q4173083",
            date="2015",
            year_start=2015,
            year_end=2015,
            n_mentions=5,
            n_documents=5,
            patterns="join_verb",
            documents="a;b;c;d;e",
        ),
    )


def test_unlinked_names_match_casefolded_with_yo_as_ye_and_whitespace_collapsed():
    bank = "Банк низкообогащённого урана МАГАТЭ"
    mentions = [
        event("a", event_type="HOSTING", organization=bank),
        event("b", event_type="HOSTING", organization=bank),
        event("c", event_type="HOSTING", organization=" банк  низкообогащенного урана\nМАГАТЭ"),
        event("d", event_type="HOSTING", organization="Банк урана"),
    ]
    row = {"n_sources": 1, "patterns": "join_verb"}
    check(
        tables_of(mentions),
        event_fact(
            "HOSTING",
            "Казахстан",
            "Q232",
            bank,
            "",
            key2="name:банк низкообогащенного урана магатэ",
            n_mentions=3,
            n_documents=3,
            documents="a;b;c",
            **row,
        ),
        event_fact(
            "HOSTING",
            "Казахстан",
            "Q232",
            "Банк урана",
            "",
            key2="name:банк урана",
            n_mentions=1,
            n_documents=1,
            documents="d",
            **row,
        ),
    )


def test_years_that_exclude_each_other_are_facts_listing_each_other():
    """No majority vote: each time is a fact, and `conflict` shows the others."""
    mentions = [
        event("a", EAEU, year=2015),
        event("b", EAEU, year=2015),
        event("c", EAEU, year=2015),
        event("d", EAEU, year=2014),
        event("e", EAEU, year=2016),
    ]
    facts_row = {
        "relation": "MEMBERSHIP",
        "country": "Казахстан",
        "country_id": "Q232",
        "organization": "ЕАЭС",
        "organization_id": "Q4173083",
        "patterns": "join_verb",
    }
    check(
        tables_of(mentions),
        event_fact(
            **facts_row,
            date="2014",
            year_start=2014,
            year_end=2014,
            conflict="2015 (3); 2016 (1)",
            n_mentions=1,
            n_documents=1,
            documents="d",
        ),
        event_fact(
            **facts_row,
            date="2015",
            year_start=2015,
            year_end=2015,
            conflict="2014 (1); 2016 (1)",
            n_mentions=3,
            n_documents=3,
            documents="a;b;c",
        ),
        event_fact(
            **facts_row,
            date="2016",
            year_start=2016,
            year_end=2016,
            conflict="2014 (1); 2015 (3)",
            n_mentions=1,
            n_documents=1,
            documents="e",
        ),
    )


def test_overlapping_times_are_facts_without_conflict():
    """ "с 2014 года" and "в 2024 году", a term 2017/2018 and 2018: compatible;
    open and closed intervals label the conflicts of a year they exclude."""
    mentions = [
        event("a", OSCE, date="2014/..", year_start=2014),
        event("b", OSCE, year=2024),
        event("c", OSCE, date="2017/2018", year_start=2017, year_end=2018),
        event("d", OSCE, year=2010),
    ]
    row = {
        "relation": "MEMBERSHIP",
        "country": "Казахстан",
        "country_id": "Q232",
        "organization": "ОБСЕ",
        "organization_id": "Q81299",
        "patterns": "join_verb",
        "n_mentions": 1,
        "n_documents": 1,
    }
    check(
        tables_of(mentions),
        event_fact(
            **row,
            date="2010",
            year_start=2010,
            year_end=2010,
            conflict="2014/.. (1); 2017/2018 (1); 2024 (1)",
            documents="d",
        ),
        event_fact(**row, date="2014/..", year_start=2014, conflict="2010 (1)", documents="a"),
        event_fact(
            **row,
            date="2017/2018",
            year_start=2017,
            year_end=2018,
            conflict="2010 (1); 2024 (1)",
            documents="c",
        ),
        event_fact(
            **row,
            date="2024",
            year_start=2024,
            year_end=2024,
            conflict="2010 (1); 2017/2018 (1)",
            documents="b",
        ),
    )


def test_undated_mentions_support_the_one_time_articles_give():
    """The fact's date is the one most of its dated mentions give."""
    mentions = [
        event("a", EAEU),
        event("b", EAEU, year=2015),
        event("c", EAEU, date="2015-01-02", year_start=2015, year_end=2015),
        event("d", EAEU, date="2015-01-02", year_start=2015, year_end=2015),
        event("e", EAEU),
    ]
    check(
        tables_of(mentions),
        event_fact(
            "MEMBERSHIP",
            "Казахстан",
            "Q232",
            "ЕАЭС",
            "Q4173083",
            date="2015-01-02",
            year_start=2015,
            year_end=2015,
            n_mentions=5,
            n_documents=5,
            patterns="join_verb",
            documents="a;b;c;d;e",
        ),
    )


def test_undated_mentions_of_several_times_stay_a_fact_without_time():
    mentions = [
        event("a", OSCE, event_type="CHAIRMANSHIP", date="XXXX-11-10"),
        event("b", OSCE, event_type="CHAIRMANSHIP", year=2010),
        event("c", OSCE, event_type="CHAIRMANSHIP", year=2030),
        event("d", OSCE, event_type="CHAIRMANSHIP"),
    ]
    row = {
        "relation": "CHAIRMANSHIP",
        "country": "Казахстан",
        "country_id": "Q232",
        "organization": "ОБСЕ",
        "organization_id": "Q81299",
        "patterns": "join_verb",
    }
    check(
        tables_of(mentions),
        event_fact(
            **row,
            date="2010",
            year_start=2010,
            year_end=2010,
            conflict="2030 (1)",
            n_mentions=1,
            n_documents=1,
            documents="b",
        ),
        event_fact(
            **row,
            date="2030",
            year_start=2030,
            year_end=2030,
            conflict="2010 (1)",
            n_mentions=1,
            n_documents=1,
            documents="c",
        ),
        event_fact(**row, date="XXXX-11-10", n_mentions=2, n_documents=2, documents="a;d"),
    )


def test_publication_dates_span_the_articles_that_have_one():
    mentions = [
        event("a", EAEU),
        event("b", EAEU),
        event("c", EAEU),
        event("d", OSCE),
    ]
    dates = {"a": "2025-03-01", "b": "", "c": "2024-12-31", "d": ""}
    row = {"relation": "MEMBERSHIP", "country": "Казахстан", "country_id": "Q232"}
    check(
        tables_of(mentions, dates),
        event_fact(
            **row,
            organization="ЕАЭС",
            organization_id="Q4173083",
            n_mentions=3,
            n_documents=3,
            first_published="2024-12-31",
            last_published="2025-03-01",
            patterns="join_verb",
            documents="a;b;c",
        ),
        event_fact(
            **row,
            organization="ОБСЕ",
            organization_id="Q81299",
            n_mentions=1,
            n_documents=1,
            patterns="join_verb",
            documents="d",
        ),
    )


def test_relations_are_facts_and_sources_are_record_files():
    """Records of one .jsonl file are one source; the role is part of the identity."""
    person = {"arg1_role": "person", "arg1_type": "PERSON", "arg1_canonical": "Токаев"}
    employer = {
        "arg2_role": "employer",
        "arg2_type": "ORGANIZATION",
        "arg2_canonical": "ООН",
        "arg2_id": "Q1065",
    }
    relations = [
        {"doc_id": "r1", "relation": "WORKPLACE", **person, **employer, "pattern": "work_at"},
        {"doc_id": "r2", "relation": "WORKPLACE", **person, **employer, "pattern": "work_at"},
        {"doc_id": "r3", "relation": "WORKPLACE", **person, **employer, "pattern": "work_at"},
    ]
    sources = {"r1": "news/tengri.jsonl:1", "r2": "news/tengri.jsonl:7", "r3": "news/kaz.csv:2"}
    tables = {
        "documents": frame(
            "documents",
            [
                {"doc_id": doc_id, "source": source, "status": "ok"}
                for doc_id, source in sources.items()
            ],
        ),
        "relations": frame("relations", relations),
    }
    identity = ("WORKPLACE", "person", "name:токаев", "employer", "id:Q1065", "", "")
    check(
        tables,
        {
            "fact_id": fact_id(*identity),
            "relation": "WORKPLACE",
            **person,
            **employer,
            "n_mentions": 3,
            "n_documents": 3,
            "n_sources": 2,
            "patterns": "work_at",
            "documents": "r1;r2;r3",
        },
    )


def mixed_tables() -> dict:
    """Events and relations with every rule at work, one name with a lone "\\r"."""
    mentions = [
        event("a", EAEU, year=2015),
        event("b", EAEU, year=2015, pattern="member_noun"),
        event("c", EAEU, year=2014),
        event("c", EAEU),
        event("d", OSCE, event_type="CHAIRMANSHIP"),
        event("d", OSCE, event_type="CHAIRMANSHIP", year=2010),
        event("e", OSCE, event_type="HOSTING", country="Казах\rстан", country_id=""),
        event("e", OSCE, event_type="HOSTING", year=2010, country="Беларусь", country_id="Q184"),
    ]
    relation = {
        "doc_id": "e",
        "relation": "WORKPLACE",
        "arg1_role": "person",
        "arg1_type": "PERSON",
        "arg1_canonical": "Токаев",
        "arg2_role": "employer",
        "arg2_type": "ORGANIZATION",
        "arg2_canonical": "ООН",
        "arg2_id": "Q1065",
        "pattern": "work_at",
    }
    tables = tables_of(mentions, {doc_id: f"2025-01-0{n}" for n, doc_id in enumerate("abcde", 1)})
    tables["relations"] = frame("relations", [relation, relation | {"doc_id": "a"}])
    return tables


def test_shuffled_input_gives_the_same_file(tmp_path):
    tables = mixed_tables()
    write_facts(tables, tmp_path / "facts.csv")
    shuffled = {name: table.sample(frac=1, random_state=7) for name, table in tables.items()}
    write_facts(shuffled, tmp_path / "shuffled.csv")
    assert (tmp_path / "facts.csv").read_bytes() == (tmp_path / "shuffled.csv").read_bytes()


def test_the_file_follows_the_csv_conventions(tmp_path):
    """A lone "\\r" quoted, integers without ".0", empty cells empty, "\\n" after each row."""
    write_facts(mixed_tables(), tmp_path / "facts.csv")
    text = (tmp_path / "facts.csv").read_bytes().decode("utf-8")
    rows = text.split("\n")
    assert rows[0] == ",".join(FACT_COLUMNS)
    assert rows[-1] == ""
    assert ',"Казах\rстан",,' in text
    read = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    written = facts(mixed_tables()).astype("string").fillna("")
    pd.testing.assert_frame_equal(read, written, check_dtype=False)


def test_no_mentions_give_an_empty_table_with_the_columns():
    empty = facts({"documents": documents({"a": ""}), "events": frame("events", [])})
    pd.testing.assert_frame_equal(empty, expected())


@pytest.fixture(scope="module")
def seed_facts(tables) -> pd.DataFrame:
    return facts(tables)


def test_every_seed_mention_is_counted_once(tables, seed_facts):
    assert seed_facts["n_mentions"].sum() == len(tables["events"]) + len(tables["relations"])
    assert seed_facts["fact_id"].is_unique


def test_the_seed_osce_chairmanship_is_one_fact_of_two_articles(seed_facts):
    """000 dates it 2010; 001 names it without a time and has no publication date."""
    chair = seed_facts[
        (seed_facts["relation"] == "CHAIRMANSHIP") & (seed_facts["arg2_id"] == "Q81299")
    ]
    check_rows = event_fact(
        "CHAIRMANSHIP",
        "Казахстан",
        "Q232",
        "Организация по безопасности и сотрудничеству в Европе",
        "Q81299",
        date="2010",
        year_start=2010,
        year_end=2010,
        n_mentions=2,
        n_documents=2,
        first_published="2025-09-29",
        last_published="2025-09-29",
        patterns="chair_noun;chair_verb",
        documents="000_3fd7f8a6fa297c02;001_2c0979c30964dcc0",
    )
    pd.testing.assert_frame_equal(chair.reset_index(drop=True), expected(check_rows))


def test_the_files_on_disk_give_the_facts_of_the_tables(corpus_out, seed_facts):
    """read_found reads three tables, as text; read_tables all, typed."""
    pd.testing.assert_frame_equal(facts(read_found(corpus_out)), seed_facts)
    pd.testing.assert_frame_equal(facts(read_tables(corpus_out)), seed_facts)


def test_the_run_writes_facts_with_the_tables(corpus_out, tmp_path):
    write_facts(read_found(corpus_out), tmp_path / "facts.csv")
    assert (corpus_out / "facts.csv").read_bytes() == (tmp_path / "facts.csv").read_bytes()


def test_pipeline_facts_is_the_function():
    import pipeline
    import pipeline.facts  # importing the module must not replace the function

    assert pipeline.facts is facts
