"""The spaCy `Language`: a blank Russian pipeline filled with natasha's tools.

spaCy's trained Russian pipelines are not used: razdel tokenizes, slovnet
tags, parses and finds names, pymorphy3 lemmatizes, and each of these is a
named spaCy component, so users get a normal `Doc` (tokens, `pos_`, `morph`,
`lemma_`, `head`/`dep_`, `sents`, `ents`, span groups) and can add their own
components or inspect any stage with displacy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.attrs import LIKE_NUM
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401  (registers custom attributes)
from pipeline.chrome import set_aside as set_aside_ranges
from pipeline.components import (  # noqa: F401  (registers the factories)
    coref,
    dates,
    entities,
    events,
    lemma,
    morph,
    ner,
    set_aside,
    syntax,
)
from pipeline.corpus import Article
from pipeline.lex_attrs import like_num

PIPELINE = (
    "slovnet_morph",
    "pymorphy_lemmatizer",
    "slovnet_syntax",
    "slovnet_ner",
    "gazetteer_linker",
    "dates",
    "set_aside_filter",
    "country_references",
    "events",
)


def build(
    batch_size: int = 64, patterns: Sequence[str | Path] = (), default_patterns: bool = True
) -> Language:
    """The full pipeline; models are loaded once per process and shared.

    `patterns`: pack files or modules for the `events` component, added to the
    default pack unless `default_patterns` is false (`extract --patterns`).
    """
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "razdel_tokenizer"}}})
    nlp.vocab.lex_attr_getters[LIKE_NUM] = like_num  # this vocabulary's own table
    model_config = {"batch_size": batch_size}
    events_config = {"patterns": [str(p) for p in patterns], "default_patterns": default_patterns}
    for name in PIPELINE:
        config = model_config if name.startswith("slovnet_") else {}
        nlp.add_pipe(name, config=events_config if name == "events" else config)
    # the factory leaves the packs unread (`spacy.load` restores saved ones instead):
    # read them now, so a bad pack fails here and not at the first text
    nlp.get_pipe("events").initialize()
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """The article's body as a `Doc`; `doc._.meta["offset"]` maps back to the raw text.

    Markup and site chrome stay in the text (offsets!) but their tokens are
    flagged `set_aside`, so no model or rule looks at them.
    """
    doc = nlp.make_doc(article.body)
    ranges = set_aside_ranges(article.body)
    for start, end, _ in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        for token in span if span is not None else ():
            token._.set_aside = True
    doc._.meta = {"set_aside": ranges, **article_meta(article)}
    return doc


def article_meta(article: Article) -> dict:
    """Where the document came from; annotation does not depend on it, except the date."""
    return {
        "doc_id": article.doc_id,
        "source": article.source,
        "date": article.date,
        "date_source": article.date_source,
        "title": article.title,
        "warning": article.warning,
        "encoding": article.encoding,
        "offset": article.body_start,
    }
