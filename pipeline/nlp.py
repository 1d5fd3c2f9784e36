"""The spaCy `Language`: a blank Russian pipeline filled with natasha's tools.

spaCy's trained Russian pipelines are not used: razdel tokenizes, slovnet
tags, parses and finds names, pymorphy3 lemmatizes, and each of these is a
named spaCy component, so users get a normal `Doc` (tokens, `pos_`, `morph`,
`lemma_`, `head`/`dep_`, `sents`, `ents`, span groups) and can add their own
components or inspect any stage with displacy.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401  (registers custom attributes)
from pipeline.components import (  # noqa: F401  (registers the factories)
    coref,
    dates,
    entities,
    events,
    lemma,
    morph,
    ner,
    syntax,
)
from pipeline.components.segment import RazdelTokenizer
from pipeline.corpus import Article

PIPELINE = (
    "slovnet_morph",
    "pymorphy_lemmatizer",
    "slovnet_syntax",
    "slovnet_ner",
    "gazetteer_linker",
    "dates",
    "country_references",
    "events",
)


def build(batch_size: int = 64) -> Language:
    """The full pipeline; models are loaded once per process and shared."""
    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    model_config = {"batch_size": batch_size}
    for name in PIPELINE:
        config = model_config if name.startswith("slovnet_") else {}
        nlp.add_pipe(name, config=config)
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """The article's body as a `Doc`; `doc._.meta["offset"]` maps back to the raw text."""
    doc = nlp.make_doc(article.body)
    doc._.meta = {
        "doc_id": article.doc_id,
        "source": article.source,
        "date": article.date,
        "date_source": article.date_source,
        "title": article.title,
        "offset": article.body_start,
    }
    return doc
