"""The focus country and the words that refer to it.

An article about Kazakhstan calls it "страна", "наша страна", "республика",
"государство" or "официальная Астана", and uses demonyms ("казахстанские
миротворцы"). The focus country is the country with the most mentions (ties:
the earliest); singular "страна"/"республика"/"государство" outside a name
refer to it, a demonym refers to its own country, and "официальная X" to the
country whose capital X is. References go to `doc.spans["country_refs"]`,
labelled `COUNTRY`, with the country's Wikidata id in `kb_id_`.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401  (registers span attributes)
from pipeline.gazetteer import gazetteer

REFERRING_NOUNS = {"страна", "республика", "государство"}


def focus_country(doc: Doc) -> str:
    countries = [span for span in doc.spans.get("entities", []) if span.label_ == "COUNTRY"]
    counts = Counter(span.kb_id_ for span in countries if span.kb_id_)
    if not counts:
        return ""
    first = {}
    for span in countries:
        first.setdefault(span.kb_id_, span.start)
    return min(counts, key=lambda kb: (-counts[kb], first[kb]))


def reference(doc: Doc, start: int, end: int, country_id: str) -> Span:
    span = Span(doc, start, end, label="COUNTRY", kb_id=country_id)
    entry = gazetteer().entries.get(country_id)
    span._.canonical = entry.canonical if entry else ""
    span._.source = "coref"
    return span


class CountryReferences:
    def __call__(self, doc: Doc) -> Doc:
        focus = focus_country(doc)
        doc._.focus_country = focus
        covered = {token.i for span in doc.spans.get("entities", []) for token in span}
        entries = gazetteer().entries
        capitals = {
            span.start: span.kb_id_
            for span in doc.spans.get("entities", [])
            if span.kb_id_ in entries and entries[span.kb_id_].kind == "capital"
        }
        refs = []
        for token in doc:
            if token.i in covered:
                continue
            lemma = token.lemma_
            if focus and lemma in REFERRING_NOUNS and token.morph.get("Number") != ["Plur"]:
                refs.append(reference(doc, token.i, token.i + 1, focus))
            elif lemma == "официальный" and token.i + 1 in capitals:
                city = gazetteer().entries[capitals[token.i + 1]]
                refs.append(reference(doc, token.i, token.i + 2, city.country_id))
            elif token.pos_ == "ADJ" and (entry := gazetteer().adjective(lemma)):
                refs.append(reference(doc, token.i, token.i + 1, entry.country_id))
        doc.spans["country_refs"] = refs
        return doc


@Language.factory("country_references")
def make_country_references(nlp: Language, name: str) -> CountryReferences:
    return CountryReferences()
