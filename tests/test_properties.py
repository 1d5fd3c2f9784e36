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


@SETTINGS
@given(text=TEXT)
def test_any_text_gives_well_formed_rows(nlp, text):
    article = make_article("doc", "doc.txt", text)
    doc = next(nlp.pipe([make_doc(nlp, article)]))
    rows = Rows()
    rows.add_doc(doc)
    written = {name: [] for name in BLOCK_TABLES}
    for name, blocks in rows.blocks.items():
        for block in blocks:
            written[name] += list(csv.reader(io.StringIO(block.text)))
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
