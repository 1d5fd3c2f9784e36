"""Whatever an id or a text holds — control characters, carriage returns, quotes,
separators, lone surrogates in the JSON — every table stays valid CSV and gives
back exactly what went in (issue 27, row 2 and the property tests)."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.columns import COLUMNS
from pipeline.corpus import Article, read_articles
from pipeline.tables import Rows, TableWriter, block, read_tables, row

# every character a UTF-8 file can hold, with the troublesome ones made likely
TROUBLE = "\r\n\t\x00\x1b\x0b\x0c\x85\u2028\u2029\",;'=+-@ \ufeff"
TEXT = st.text(
    st.one_of(st.sampled_from(TROUBLE), st.characters(blacklist_categories=("Cs",))),
    min_size=1,
    max_size=30,
)


def sentence_rows(doc_id: str, texts: list[str]) -> list[tuple]:
    return [
        row(
            "sentences",
            {"doc_id": doc_id, "sent_id": n, "start": n, "end": n + 1, "text": t, "chrome": 0},
        )
        for n, t in enumerate(texts)
    ]


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(TEXT, min_size=1, max_size=12, unique=True),
    texts=st.lists(TEXT, min_size=1, max_size=4),
)
def test_every_table_gives_back_what_went_in(ids, texts):
    # two batches whose ids interleave: the chunks are merged, not concatenated
    batches = [Rows(), Rows()]
    for number, doc_id in enumerate(ids):
        batch = batches[number % 2]
        batch.add_error(Article(doc_id, source=texts[0]), error=texts[-1])
        batch.blocks["sentences"].append(block("sentences", sentence_rows(doc_id, texts)))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        writer = TableWriter(out)
        for index, batch in enumerate(batches):
            writer.add(index, batch)
        writer.finish()
        frames = read_tables(out)
        with (out / "documents.csv").open(encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
    documents = frames["documents"]
    assert len(records) == len(ids) + 1  # no row split, none merged
    assert sorted(documents["doc_id"]) == sorted(ids)
    assert set(documents["source"]) == {texts[0]}
    assert set(documents["error"]) == {texts[-1]}
    sentences = frames["sentences"]
    assert sentences.columns.tolist() == COLUMNS["sentences"]
    for doc_id in ids:
        mine = sentences[sentences["doc_id"] == doc_id].sort_values("sent_id")
        assert mine["text"].tolist() == texts


@settings(max_examples=60, deadline=None)
@given(records=st.lists(st.tuples(st.text(max_size=12), st.text(max_size=40)), max_size=8))
def test_any_json_record_is_read_or_reported_and_can_be_written(records):
    """Lone surrogates included (st.text draws them): what the reader gives back
    always encodes as UTF-8, one article per line."""
    lines = [json.dumps({"id": doc_id, "text": text}) for doc_id, text in records]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "news.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        articles = list(read_articles([path]))
    assert len(articles) == len(records)
    for article in articles:
        for value in (article.doc_id, article.source, article.text, article.error, article.warning):
            value.encode("utf-8")


def test_carriage_returns_in_ids_survive_extraction(tmp_path, nlp):
    from pipeline.extraction import extract

    articles = [
        Article("cr\rid", "a.jsonl:1", "Армения вступила в ЕАЭС в 2015 году."),
        Article("lf\nid", "a.jsonl:2", "Текст\rс возвратом каретки."),
        Article('q"id,', "a.jsonl:3", "Ещё текст."),
    ]
    extract(articles, tmp_path, nlp=nlp)
    frames = read_tables(tmp_path)
    assert sorted(frames["documents"]["doc_id"]) == sorted(a.doc_id for a in articles)
    assert frames["events"][["doc_id", "country", "organization"]].values.tolist() == [
        ["cr\rid", "Армения", "Евразийский экономический союз"]
    ]
    tokens = frames["tokens"]
    assert set(tokens["doc_id"]) == {a.doc_id for a in articles}
    assert pd.read_csv(tmp_path / "sentences.csv").shape[0] == len(frames["sentences"])
