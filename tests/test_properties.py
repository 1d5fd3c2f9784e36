"""Property-based tests: any Unicode text goes through, no exception, offsets exact."""

from __future__ import annotations

import csv
import io
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.chrome import set_aside
from pipeline.corpus import make_article
from pipeline.nlp import make_doc
from pipeline.tables import BLOCK_TABLES, COLUMNS, Rows

# Russian-looking text mixed with anything Unicode has: the pipeline sees both.
WORDS = st.sampled_from(
    ["Казахстан", "вступил", "в", "ВТО", "2015", "году", ".", ",", "ООН", "«", "»", "—", "\n", " "]
)
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def annotated_rows(nlp, text: str) -> tuple[Rows, dict[str, list[list[str]]]]:
    """The text's rows: as built, and the block tables as their CSV would read back."""
    doc = next(nlp.pipe([make_doc(nlp, make_article("doc", "doc.txt", text))]))
    rows = Rows()
    rows.add_doc(doc)
    written = {name: [] for name in BLOCK_TABLES}
    for name, blocks in rows.blocks.items():
        for block in blocks:
            written[name] += list(csv.reader(io.StringIO(block.text)))
    return rows, written


@SETTINGS
@given(text=TEXT)
def test_any_text_gives_well_formed_rows(nlp, text):
    rows, written = annotated_rows(nlp, text)
    for name, table in written.items():
        columns = COLUMNS[name]
        for row in table:
            assert len(row) == len(columns)
            record = dict(zip(columns, row))
            assert text[int(record["start"]) : int(record["end"])] == record["text"]
    evidence = COLUMNS["events"].index("evidence")
    for event in rows.tables["events"]:
        assert event[evidence] in text
    [document] = rows.tables["documents"]
    assert document[COLUMNS["documents"].index("n_tokens")] == len(written["tokens"])


@SETTINGS
@given(text=st.text(max_size=300))
def test_set_aside_ranges_are_ordered_and_inside_the_text(text):
    ranges = set_aside(text)
    assert all(0 <= start < end <= len(text) for start, end, _ in ranges)
    assert all(a[1] <= b[0] for a, b in pairwise(ranges))


# What scraped articles start with before the story: whitespace, a BOM, markup.
LEADS = st.lists(
    st.sampled_from(
        ["\n", " ", "\t", "\ufeff", "<p>", "</div>", "&nbsp;", "\r\n", "\nФото: ТАСС\n"]
    ),
    max_size=6,
).map("".join)
SENTENCES = st.lists(
    st.sampled_from(
        [
            "Армения вступила в ЕАЭС в 2015 году.",
            "Грузия вышла из СНГ в 2009 году.",
            "В 2024 году Казахстан председательствовал в ШОС.",
            "Делегация ООН прибыла в Астану.",
        ]
    ),
    min_size=1,
    max_size=4,
)


@SETTINGS
@given(lead=LEADS, sentences=SENTENCES, gaps=st.lists(LEADS, min_size=4, max_size=4))
def test_every_sent_id_is_a_row_of_sentences(nlp, lead, sentences, gaps):
    """Events, relations, entities and tokens join to sentences.csv by sent_id,
    whatever leading whitespace, BOM or markup precedes the sentences."""
    text = lead + "".join(s + gap for s, gap in zip(sentences, gaps))
    rows, written = annotated_rows(nlp, text)
    sent_ids = {row[COLUMNS["sentences"].index("sent_id")] for row in written["sentences"]}
    for name in ("entities", "tokens"):
        position = COLUMNS[name].index("sent_id")
        assert {row[position] for row in written[name]} <= sent_ids, name
    for name in ("events", "relations"):
        position = COLUMNS[name].index("sent_id")
        assert {str(row[position]) for row in rows.tables[name]} <= sent_ids, name
    if sentences[0] != "Делегация ООН прибыла в Астану.":
        assert rows.tables["events"], "the first sentence states an event"
