"""Reading inputs: the date prefix, .jsonl/.csv records, and bad records reported, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.corpus import InputError, check_inputs, count_articles, make_article, read_articles


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
        "malformed JSON at column 2",
        "missing text",
        "",
        "duplicate id 'ok'",
    ]
    assert articles[1].source.endswith("news.jsonl:2")
    assert (
        articles[1].error
        == "malformed JSON at column 2: Expecting property name enclosed in double quotes"
    )
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


def read_all(path: Path) -> list[tuple[str, str, str, str, str]]:
    return [(a.source, a.doc_id, a.date, a.text, a.error) for a in read_articles([path])]


def test_an_unclosed_quote_never_swallows_the_next_record(tmp_path):
    source = tmp_path / "news.csv"
    source.write_text(
        "id,date,text\n"
        'n1,2025-01-01,"Армения вступила в ЕАЭС.\n'
        '2015, 2016, 2017 годы прошли спокойно."\n'  # prose inside a quoted field
        'n2,2025-01-02,"Незакрытая кавычка: Китай вступил в ВТО.\n'
        'n3,2025-01-03,"Казахстан вступил в ВТО."\n'
        "n4,2025-01-04,Четвёртый текст\n"
        "n5,2025-01-05,Пятый, с лишней запятой\n",
        encoding="utf-8",
    )
    swallowed = (
        "malformed CSV: a quoted field runs on into line 5, which reads as a record "
        "of its own (an unclosed quote?); record skipped"
    )
    assert read_all(source) == [
        (
            f"{source}:2",
            "n1",
            "2025-01-01",
            "Армения вступила в ЕАЭС.\n2015, 2016, 2017 годы прошли спокойно.",
            "",
        ),
        (f"{source}:4", "n2", "", "", swallowed),
        (f"{source}:5", "n3", "2025-01-03", "Казахстан вступил в ВТО.", ""),
        (f"{source}:6", "n4", "2025-01-04", "Четвёртый текст", ""),
        (
            f"{source}:7",
            "n5",
            "",
            "",
            "malformed CSV: 4 fields, the header has 3 (an unquoted comma?)",
        ),
    ]
    assert count_articles([source]) == 5


def test_an_unclosed_quote_in_a_two_column_file(tmp_path):
    source = tmp_path / "news.csv"
    source.write_text(
        'id,text\nn1,"Начало, без конца\nИтак, продолжение.\nn2,Второй\n', encoding="utf-8"
    )
    assert [(a.source, a.doc_id, a.text, bool(a.error)) for a in read_articles([source])] == [
        (f"{source}:2", "n1", "", True),
        (f"{source}:4", "n2", "Второй", False),
    ]


def test_a_broken_jsonl_line_is_reported_and_its_neighbours_kept(tmp_path):
    source = tmp_path / "news.jsonl"
    source.write_text(
        '{"id": "a", "text": "Первый."}\n'
        '{"id": "b", "text": "Обрыв\n'
        "\n"
        '{"id": "c", "text": "Третий."}\n',
        encoding="utf-8",
    )
    assert [(a.source, a.doc_id, a.text, a.error) for a in read_articles([source])] == [
        (f"{source}:1", "a", "Первый.", ""),
        (f"{source}:2", "", "", "malformed JSON at column 27: Invalid control character"),
        (f"{source}:4", "c", "Третий.", ""),
    ]


RECORDS = {
    ".jsonl": (
        '{"id": "n1", "text": "Казахстан вступил в ВТО в 2015 году.\\u2028Вторая строка."}\n'
        '{"id": "n2", "text": "Узбекистан вошёл в ЕАЭС.", "date": "2020-12-11"}\r\n'
    ),
    ".csv": (
        "id,date,text\n"
        'n1,,"Казахстан вступил в ВТО в 2015 году.\u2028Вторая строка."\n'
        'n2,2020-12-11,"Узбекистан вошёл в ЕАЭС."\r\n'
    ),
}
EXPECTED = [
    ("n1", "", "Казахстан вступил в ВТО в 2015 году.\u2028Вторая строка."),
    ("n2", "2020-12-11", "Узбекистан вошёл в ЕАЭС."),
]


@pytest.mark.parametrize("suffix", sorted(RECORDS))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_records_files_read_alike_in_every_encoding(tmp_path, suffix, encoding):
    """UTF-8 files are read line by line, the others decoded whole: the same
    records either way, a byte-order mark never part of an id, U+2028 inside
    a text never a record boundary."""
    text = RECORDS[suffix]
    if encoding == "cp1251":  # no U+2028 in cp1251
        text = text.replace("\\u2028", " ").replace("\u2028", " ")
    source = tmp_path / f"news{suffix}"
    source.write_bytes(text.encode(encoding))
    expected = [
        (doc_id, day, body.replace("\u2028", " ") if encoding == "cp1251" else body)
        for doc_id, day, body in EXPECTED
    ]
    articles = list(read_articles([source]))
    assert [(a.doc_id, a.date, a.text) for a in articles] == expected
    assert {a.error for a in articles} == {""}
    assert {a.encoding for a in articles} == {encoding}
    assert count_articles([source]) == 2


@pytest.mark.parametrize("suffix", sorted(RECORDS))
def test_a_binary_records_file_is_one_error(tmp_path, suffix):
    source = tmp_path / f"dump{suffix}"
    source.write_bytes(bytes(range(1, 32)) * 200)
    assert [(a.source, a.error) for a in read_articles([source])] == [
        (str(source), "cannot read: binary content (control characters), not text")
    ]
