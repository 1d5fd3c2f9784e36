"""Reading inputs: the date prefix, .jsonl/.csv records, and bad records reported, not fatal."""

from __future__ import annotations

import pytest

from pipeline.corpus import InputError, check_inputs, make_article, read_articles


def test_date_prefix_is_split_off():
    article = make_article("a", "a.txt", " date 2025-09-29 Казахстан уверенно")
    assert article.date == "2025-09-29"
    assert article.date_source == "prefix"
    assert article.body == "Казахстан уверенно"
    assert article.text[article.body_start :] == article.body


def test_byline_date_is_a_fallback():
    article = make_article("a", "a.txt", "фото - Новости Zakon.kz от 24.10.2025 10:22")
    assert (article.date, article.date_source) == ("2025-10-24", "byline")


def test_bad_jsonl_lines_are_reported_with_their_line(tmp_path):
    source = tmp_path / "news.jsonl"
    source.write_text(
        '{"id": "ok", "text": "Текст."}\n'
        "{not json\n"
        '{"id": "no-text"}\n'
        '{"id": "bad-date", "text": "x", "date": "29.09.2025"}\n'
        '{"id": "ok", "text": "Дубль."}\n',
        encoding="utf-8",
    )
    articles = list(read_articles([source]))
    assert [a.error.split(":")[0] for a in articles] == [
        "",
        "malformed JSON",
        "missing text",
        "",
        "duplicate id 'ok'",
    ]
    assert articles[1].source.endswith("news.jsonl:2")
    # a bad date drops the date and says so, never the text
    bad = articles[3]
    assert (bad.doc_id, bad.text, bad.date, bad.warning) == (
        "bad-date",
        "x",
        "",
        "invalid date '29.09.2025' (want YYYY-MM-DD): date left empty",
    )


def test_an_impossible_date_prefix_is_dropped_with_a_warning():
    article = make_article("p", "p.txt", " date 2025-02-30 \nКиргизия вступила в ЕАЭС.")
    assert (article.date, article.body, article.warning) == (
        "",
        "Киргизия вступила в ЕАЭС.",
        "date prefix '2025-02-30' is no real day: date left empty",
    )


def test_csv_records(tmp_path):
    source = tmp_path / "news.csv"
    source.write_text('id,text,date\nx1,"Текст, с запятой.",2024-01-02\n', encoding="utf-8")
    [article] = read_articles([source])
    assert (article.doc_id, article.text, article.date) == ("x1", "Текст, с запятой.", "2024-01-02")


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        check_inputs([tmp_path / "missing"])
