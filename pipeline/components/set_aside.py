"""Keep markup and site chrome out of the results.

`make_doc` flags the tokens of set-aside ranges (`pipeline.chrome`); the
models never see them. This component, placed after the entity and date
components, drops any mention that touches such a token (a gazetteer match
in a headline list, a date in a photo caption), so that references, focus
country and events are computed from the article body alone.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extensions import has_set_aside


def in_body(span: Span) -> bool:
    return not any(token._.set_aside for token in span)


class SetAsideFilter:
    def __call__(self, doc: Doc) -> Doc:
        if not has_set_aside(doc) or not any(token._.set_aside for token in doc):
            return doc
        for group in ("ner", "entities", "dates"):
            if group in doc.spans:
                doc.spans[group] = [span for span in doc.spans[group] if in_body(span)]
        doc.ents = filter_spans([span for span in doc.ents if in_body(span)])
        return doc


@Language.factory("set_aside_filter", assigns=["doc.ents", "doc.spans"])
def make_set_aside_filter(nlp: Language, name: str) -> SetAsideFilter:
    return SetAsideFilter()
