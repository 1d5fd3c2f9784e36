"""The focus country and the words that refer to it.

An article about Kazakhstan calls it "страна", "наша страна", "республика",
"государство" or "официальная Астана", and uses demonyms ("казахстанские
миротворцы"). Demonyms and "официальная X" name their country themselves: a
demonym refers to its own country (source `demonym`; `nationality` where it
only says who a person is: "американский актёр"), "официальная X" to the
country whose capital X is (source `capital`). The focus country is the
country named most often, by name or by these two (ties: the earliest).
Singular "страна"/"республика"/"государство" outside a name refer to it
(source `coref`), unless a modifier points elsewhere ("другая страна",
"любое государство"). References go to `doc.spans["country_refs"]`,
labelled `COUNTRY`, with the country's Wikidata id in `kb_id_`. City
adjectives ("московского") go to `doc.spans["city_refs"]`, labelled `CITY`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline import extensions  # noqa: F401  (registers span attributes)
from pipeline.gazetteer import DATA, gazetteer, read_rows

DEMONYM_HEADS = DATA / "demonym_heads.csv"
REFERRING_NOUNS = {"страна", "республика", "государство"}
# Modifiers after which the noun is some other or any country, not the focus one.
OTHER_COUNTRY = {
    "другой",
    "иной",
    "любой",
    "каждый",
    "всякий",
    "третий",
    "чужой",
    "соседний",
    "некоторый",
    "какой-то",
    "какой-либо",
    "один",
}


def focus_country(doc: Doc, refs: Iterable[Span] = ()) -> str:
    """The id of the country named most often (names, demonyms, "официальная X")."""
    entities = doc.spans.get("entities", [])
    named = [span for span in [*entities, *refs] if span.label_ == "COUNTRY" and span.kb_id_]
    if not named:
        return ""
    counts = Counter(span.kb_id_ for span in named)
    first = {}
    for span in sorted(named, key=lambda span: span.start):
        first.setdefault(span.kb_id_, span.start)
    return min(counts, key=lambda kb: (-counts[kb], first[kb]))


def reference(doc: Doc, start: int, end: int, country_id: str, source: str) -> Span:
    span = Span(doc, start, end, label="COUNTRY", kb_id=country_id)
    entry = gazetteer().entries.get(country_id)
    span._.canonical = entry.canonical if entry else ""
    span._.source = source
    return span


def naming_refs(doc: Doc, covered: set[int], named: set[int]) -> list[Span]:
    """Demonyms and "официальная <capital>": references that name their country.
    `covered`: tokens of mentions; `named`: those of mentions other than
    organizations, whose words a demonym cannot be."""
    capitals = {
        match.start: (match.end, entry.country_id)
        for match in gazetteer().match([token.text for token in doc])
        for entry in match.entries[:1]
        if entry.kind == "capital"
    }
    refs = []
    for token in doc:
        if token.i in named:
            continue
        official = token.lemma_ == "официальный" and token.i + 1 in capitals
        if official and token.i not in covered:
            end, country_id = capitals[token.i + 1]
            refs.append(reference(doc, token.i, end, country_id, "capital"))
        elif token.pos_ == "ADJ" and (entry := gazetteer().adjective(token.lemma_)):
            reading = demonym_heads().get(token.head.lemma_, "") if token.dep_ == "amod" else ""
            if reading == "language":
                continue  # "на английском языке"
            source = "nationality" if reading == "nationality" else "demonym"
            ref = reference(doc, token.i, token.i + 1, entry.country_id, source)
            ref._.lemma = token.lemma_  # "казахстанской" → "казахстанский"
            refs.append(ref)
    return refs


def city_refs(doc: Doc, named: set[int]) -> list[Span]:
    """City adjectives ("московского", "Каннский фестиваль") name their city, as
    NEREL annotates them (CITY, source `demonym`), inside names too."""
    refs = []
    for token in doc:
        if token.i in named or token.pos_ != "ADJ":
            continue
        if entry := gazetteer().city_adjective(token.lemma_):
            ref = Span(doc, token.i, token.i + 1, label="CITY", kb_id=entry.entity_id)
            ref._.canonical = entry.canonical
            ref._.lemma = token.lemma_
            ref._.source = "demonym"
            refs.append(ref)
    return refs


@lru_cache(maxsize=1)
def demonym_heads() -> dict[str, str]:
    """Nouns after which a demonym is a person's nationality ("американский актёр")
    or a language ("английский язык"), not the country: NEREL's NATIONALITY and
    LANGUAGE, read off its train split (`gazetteer/demonym_heads.csv`)."""
    return {row["lemma"]: row["reading"] for row in read_rows(DEMONYM_HEADS)}


def refers_to_focus(token: Token) -> bool:
    if token.lemma_ not in REFERRING_NOUNS or token.morph.get("Number") == ["Plur"]:
        return False
    if any(child.dep_.startswith("nummod") for child in token.children):
        return False  # "эти три государства": several, whatever the case form says
    if token.dep_ in {"nsubj", "nsubj:pass"} and token.morph.get("Case") == ["Gen"]:
        return False  # "Страны — члены ЕАЭС: ...": a subject in the plural, read as genitive
    modifiers = [*token.children, *token.doc[max(token.i - 1, 0) : token.i]]
    return not any(word.lemma_ in OTHER_COUNTRY for word in modifiers)


class CountryReferences:
    def __call__(self, doc: Doc) -> Doc:
        entities = doc.spans.get("entities", [])
        covered = {token.i for span in entities for token in span}
        # a demonym inside an organization's name names its country too, nested
        # like "ООН" in "Совета Безопасности ООН": "Казахстанской армии"
        named = {t.i for span in entities if span.label_ != "ORGANIZATION" for t in span}
        refs = naming_refs(doc, covered, named)
        # "Польский институт международных дел" says where a source is, not what
        # the article is about: a demonym inside a name does not count
        focus = focus_country(doc, [ref for ref in refs if ref.start not in covered])
        doc._.focus_country = focus
        if focus:
            taken = covered | {token.i for span in refs for token in span}
            refs += [
                reference(doc, token.i, token.i + 1, focus, "coref")
                for token in doc
                if token.i not in taken and refers_to_focus(token)
            ]
        doc.spans["country_refs"] = sorted(refs, key=lambda span: span.start)
        doc.spans["city_refs"] = city_refs(doc, named)
        return doc


@Language.factory(
    "country_references",
    requires=["doc.spans", "token.lemma", "token.pos", "token.dep"],
    assigns=["doc._.focus_country", "doc.spans"],
)
def make_country_references(nlp: Language, name: str) -> CountryReferences:
    return CountryReferences()
