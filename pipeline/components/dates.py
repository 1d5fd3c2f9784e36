"""Dates: the date grammar over every sentence, into `doc.spans["dates"]`.

Each span's `_.value` (and `_.canonical`, which DATE entities show) is the
EDTF value, resolved against the publication date in `doc._.meta` when there
is one; `_.year_start`/`_.year_end` are what events take. `find_dates` only
parses the words around a year, month or other anchor of a sentence, so most
of the text costs one regex search.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401  (registers span attributes)
from pipeline.dates import find_dates


def publication_date(doc: Doc) -> date | None:
    value = (doc._.meta or {}).get("date")
    return date.fromisoformat(value) if value else None


# "в том же году" reads the year named at most this many sentences before
SAME_YEAR_REACH = 2


class DateExtractor:
    def __call__(self, doc: Doc) -> Doc:
        """Sentence by sentence, so that a date never spans two sentences; the last
        single year named is handed on for "в том же году"."""
        published = publication_date(doc)
        spans = []
        named, age = None, 0
        for sent in doc.sents:
            age += 1
            for mention in find_dates(sent.text, published, year=named):
                if mention.year_start is not None and mention.year_start == mention.year_end:
                    named, age = mention.year_start, 0
                span = doc.char_span(
                    sent.start_char + mention.start,
                    sent.start_char + mention.end,
                    label="DATE",
                    alignment_mode="expand",
                )
                if span is None:
                    continue
                span._.value = mention.value
                span._.canonical = mention.value
                span._.year_start = mention.year_start
                span._.year_end = mention.year_end
                span._.source = "dates"
                spans.append(span)
            if age >= SAME_YEAR_REACH:
                named = None
        doc.spans["dates"] = spans
        return doc


@Language.factory(
    "dates", assigns=["doc.spans", "span._.value", "span._.year_start", "span._.year_end"]
)
def make_dates(nlp: Language, name: str) -> DateExtractor:
    return DateExtractor()
