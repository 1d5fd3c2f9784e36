"""Entities: slovnet NER and the gazetteer merged, typed, named and linked.

The gazetteer knows the entities users join on (countries, cities, regions,
international organizations, with Wikidata ids); NER finds names it does not
know (people, companies, unlisted places) and confirms the boundaries. Rules:

- a gazetteer match and an NER span with the same tokens are one mention,
  typed and linked by the gazetteer; NER LOC decides between readings of an
  ambiguous alias;
- an NER span inside a longer gazetteer match is dropped ("Совет
  Безопасности" inside "Совет Безопасности ООН");
- a gazetteer match inside a longer NER span is kept as a nested mention
  ("ООН" inside "Университет Организации Объединённых Наций");
- an abbreviation in brackets right after a mention names the same entity
  everywhere in the document ("... центра "Астана" (МФЦА)");
- NER LOC spans the gazetteer does not know become LOCATION.

`doc.spans["entities"]` holds every mention, nested ones included (the
entities table); `doc.ents` holds the outermost, non-overlapping ones.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import extensions  # noqa: F401  (registers span attributes)
from pipeline.gazetteer import Entry, Match, gazetteer, is_caps
from pipeline.normalize import mention_lemma

NER_TYPES = {"PERSON": "PERSON", "ORGANIZATION": "ORGANIZATION", "LOC": "LOCATION"}
PLACE_TYPES = {"COUNTRY", "CITY", "LOCATION"}


def pick(match: Match, ner_label: str) -> Entry:
    """The reading of an alias that agrees with what NER saw, else the most likely one."""
    wanted = PLACE_TYPES if ner_label == "LOC" else {ner_label}
    return next((entry for entry in match.entries if entry.type in wanted), match.entry)


def linked(span: Span, entry: Entry, source: str) -> Span:
    mention = Span(span.doc, span.start, span.end, label=entry.type, kb_id=entry.entity_id)
    mention._.canonical = entry.canonical
    mention._.source = source
    return mention


def unlinked(span: Span, label: str, source: str) -> Span:
    mention = Span(span.doc, span.start, span.end, label=label)
    mention._.canonical = mention_lemma(mention, person=label == "PERSON")
    mention._.source = source
    return mention


def inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def split_brackets(ner: list[Span]) -> list[Span]:
    """slovnet takes "Организации Объединенных Наций (ООН)" as one name: make it two."""
    result = []
    for span in ner:
        opening = next((t.i for t in span if t.text == "("), None)
        if opening is None or opening == span.start:
            result.append(span)
            continue
        doc = span.doc
        result.append(Span(doc, span.start, opening, label=span.label_))
        closing = next((t.i for t in doc[opening : span.end] if t.text == ")"), None)
        if closing is not None and closing > opening + 1:
            result.append(Span(doc, opening + 1, closing, label=span.label_))
    return result


def merge(doc: Doc, matches: list[Match], ner: list[Span]) -> list[Span]:
    ner = split_brackets(ner)
    ner_at = {(span.start, span.end): span.label_ for span in ner}
    gaz = [(Span(doc, m.start, m.end), pick(m, ner_at.get((m.start, m.end), ""))) for m in matches]
    mentions = []
    for span, entry in gaz:
        source = "ner+gazetteer" if (span.start, span.end) in ner_at else "gazetteer"
        mentions.append(linked(span, entry, source))
    for span in ner:
        overlapping = [g for g, _ in gaz if g.start < span.end and span.start < g.end]
        if any((g.start, g.end) == (span.start, span.end) for g in overlapping):
            continue
        if any(inside(span, g) or not inside(g, span) for g in overlapping):
            continue  # inside a longer gazetteer name, or crossing one
        mentions.append(unlinked(span, NER_TYPES[span.label_], "ner"))
    return drop_same_entity_nested(mentions)


def drop_same_entity_nested(mentions: list[Span]) -> list[Span]:
    """ "Казахстан" inside "Республики Казахстан" is not a second mention."""
    kept = []
    for mention in mentions:
        identity = mention.kb_id_ or mention._.canonical
        if mention._.source != "ner" and any(
            other is not mention
            and (other.kb_id_ or other._.canonical) == identity
            and inside(mention, other)
            and len(other) > len(mention)
            for other in mentions
        ):
            continue
        kept.append(mention)
    return kept


def bracket_abbreviations(doc: Doc, mentions: list[Span]) -> list[Span]:
    covered = {token.i for mention in mentions for token in mention}
    names: dict[str, Span] = {}
    for mention in mentions:
        end = mention.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            abbreviation = doc[end + 1]
            if is_caps(abbreviation.text) and abbreviation.i not in covered:
                names.setdefault(abbreviation.text, mention)
    found = []
    for token in doc:
        outer = names.get(token.text)
        if outer is None or token.i in covered:
            continue
        mention = Span(doc, token.i, token.i + 1, label=outer.label_, kb_id=outer.kb_id_)
        mention._.canonical = outer._.canonical
        mention._.source = "abbreviation"
        found.append(mention)
    return found


class EntityLinker:
    def __call__(self, doc: Doc) -> Doc:
        words = [token.text for token in doc]
        ner = list(doc.spans["ner"]) if "ner" in doc.spans else []
        mentions = merge(doc, gazetteer().match(words), ner)
        mentions += bracket_abbreviations(doc, mentions)
        mentions.sort(key=lambda span: (span.start, -span.end))
        for mention in mentions:
            mention._.lemma = mention_lemma(mention, person=mention.label_ == "PERSON")
        doc.spans["entities"] = mentions
        doc.ents = filter_spans(mentions)
        return doc


@Language.factory("gazetteer_linker")
def make_gazetteer_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()
