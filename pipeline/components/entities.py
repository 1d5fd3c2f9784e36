"""Entities: slovnet NER and the gazetteer merged, typed, named and linked.

The gazetteer knows the entities users join on (countries, cities, regions,
international organizations, with Wikidata ids); NER finds names it does not
know (people, companies, unlisted places) and confirms the boundaries. Rules:

- a gazetteer match and an NER span with the same tokens are one mention,
  typed and linked by the gazetteer; NER LOC decides between readings of an
  ambiguous alias. Where NER reads the span as a person ("Доминик"), or as an
  organization named after a city ("Барселона" the club), NER wins;
- a place the gazetteer finds inside a person's name ("Доминик Стросс-Кан")
  or in quotes inside an organization's name (`центра "Астана"`) names no
  place and is dropped;
- a capital after "официальный" ("официальная Астана") is the state
  speaking, not a city mention: coref makes it a reference to the country;
- an NER span inside a longer gazetteer match is dropped ("Совет
  Безопасности" inside "Совет Безопасности ООН");
- a gazetteer match inside a longer NER span is kept as a nested mention
  ("ООН" inside "Университет Организации Объединённых Наций"), unless it
  repeats the entity ("Казахстан" in "Республики Казахстан") or is a place in
  a place's name ("Азии" in "Центральной Азии");
- an NER organization the gazetteer does not know is linked through the
  organization names learned from NEREL train when it has exactly their words;
- slovnet often cuts a name before a genitive organization ("Исполнительного
  комитета" + "СНГ"): the two become one organization, the inner one nested;
- slovnet's spans lose surrounding quotes and a legal form or lower-case
  descriptor before them ("ОАО «Газпром»" → Газпром), and are cut
  at a bracket ("Организации Объединенных Наций (ООН)" is two names); common
  nouns it takes for names ("СМИ") are dropped;
- an abbreviation in brackets right after a mention names the same entity
  everywhere in the document ("... центра "Астана" (МФЦА)");
- NER LOC spans the gazetteer does not know become LOCATION;
- a one-word NER person or place that is a country's adjective ("Монгольский
  контингент" at a sentence start) is dropped: coref reads it as the demonym.

`doc.spans["entities"]` holds every mention, nested ones included (the
entities table); `doc.ents` holds the outermost, non-overlapping ones.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import extensions  # noqa: F401  (registers span attributes)
from pipeline.gazetteer import (
    Entry,
    Match,
    gazetteer,
    geonames_cities,
    is_caps,
    organization_links,
    token_forms,
)
from pipeline.lemmatizer import analyzer
from pipeline.normalize import mention_lemma

NER_TYPES = {"PERSON": "PERSON", "ORGANIZATION": "ORGANIZATION", "LOC": "LOCATION"}
PLACE_TYPES = {"COUNTRY", "CITY", "LOCATION"}
QUOTES = set("\"'«»“”„")
# Common-noun abbreviations slovnet tags as organizations: "СМИ сообщают".
NOT_NAMES = {"СМИ", "НКО", "ОПГ", "ВУЗ", "вуз"}
LEGAL_FORMS = {"ОАО", "ООО", "ЗАО", "ПАО", "АО", "НАО", "ГУП", "ФГУП", "МУП", "АНО", "НКО"}


def pick(match: Match, ner_label: str, span: Span) -> Entry | None:
    """The reading of an alias that agrees with what NER saw, else the most likely one;
    None where NER's person or organization should win over a place reading."""
    wanted = PLACE_TYPES if ner_label == "LOC" else {ner_label}
    agreeing = next((entry for entry in match.entries if entry.type in wanted), None)
    if agreeing:
        return agreeing
    if ner_label == "PERSON":
        return country_named(match, span) or organization_named(match, span)
    if ner_label == "ORGANIZATION" and match.entry.type == "CITY":
        return None
    return match.entry


def country_named(match: Match, span: Span) -> Entry | None:
    """A country NER took for a person ("Нигер вышел", "Чад вступил"): the country,
    where the words are the country's own name in some case form, not a first
    name that happens to be an alias form ("Доминик" is no form of "Доминика")."""
    words = " ".join(token.lemma_ for token in span).lower()
    for entry in match.entries:
        if entry.type != "COUNTRY":
            continue
        if span.text == entry.canonical or words == entry.canonical.lower():
            return entry
    return None


def organization_named(match: Match, span: Span) -> Entry | None:
    """An international organization NER took for a person ("членом Меркосур"): the
    organization, where the words are exactly one of its curated names or
    abbreviations as written, not an inflected form a surname might share."""
    for entry in match.entries:
        if entry.type == "ORGANIZATION" and span.text in (entry.canonical, *entry.aliases):
            return entry
    return None


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


def trim_quotes(span: Span) -> Span | None:
    """The name in quotes is the name: "«Газпром»", "ОАО «Газпром»" and "компании
    «Газпром»" name Газпром. Words before the quotes stay when they are part of the
    name themselves (capitalised): `Международного финансового центра "Астана"`."""
    doc = span.doc
    opening = next((token.i for token in span if token.text in QUOTES), None)
    if opening is None or any(
        token.text not in LEGAL_FORMS and not token.text[:1].islower()
        for token in doc[span.start : opening]
    ):
        return span
    start, end = opening + 1, span.end
    if end > start and doc[end - 1].text in QUOTES:
        inner = sum(token.text in QUOTES for token in doc[start:end])
        end -= inner % 2
    return Span(doc, start, end, label=span.label_) if end > start else None


def repaired(ner: list[Span]) -> list[Span]:
    """slovnet's spans with their boundaries repaired and common nouns dropped."""
    spans = [trim_quotes(span) for span in split_brackets(ner)]
    spans = [without_initial_noun(span) for span in spans if span is not None]
    return [span for span in spans if span.text not in NOT_NAMES]


def without_initial_noun(span: Span) -> Span:
    """ "Делегация Кирибати прибыла", "Учреждённая Сербией в 2001 году ...": slovnet
    takes a capitalized first word of the sentence into the place's name. A common
    noun or a verb form there (one the dictionary knows only as such) is no part of
    a place's name."""
    first = span[0]
    if span.label_ != "LOC" or len(span) < 2 or not first.is_sent_start:
        return span
    readings = analyzer().parse(first.lower_)
    proper = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr"}

    def common(reading: object) -> bool:
        if reading.tag.POS in VERB_FORMS:
            return True
        return reading.tag.POS == "NOUN" and not proper & reading.tag.grammemes

    if readings and all(common(r) for r in readings):
        return Span(span.doc, span.start + 1, span.end, label=span.label_)
    return span


VERB_FORMS = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}


def names_no_place(span: Span, entry: Entry, ner: list[Span]) -> bool:
    """A place reading inside a person's name, or in quotes inside an organization's."""
    if entry.type not in PLACE_TYPES:
        return False
    quoted = span.start > 0 and span.doc[span.start - 1].text in QUOTES
    for other in ner:
        if not inside(span, other) or (other.start, other.end) == (span.start, span.end):
            continue
        if other.label_ == "PERSON" or (other.label_ == "ORGANIZATION" and quoted):
            return True
    return False


def ner_mention(span: Span) -> Span:
    """An NER span the curated gazetteer does not know, linked where NEREL's facts
    know it; a place GeoNames knows as a city is one ("в Керчи", "Ухане")."""
    if span.label_ in EXTRA_NAMES:
        entry = whole_name(span.label_, tuple(token.text for token in span))
        if entry is not None:
            source = "ner+gazetteer" if span.label_ == "ORGANIZATION" else "ner+geonames"
            return linked(span, entry, source)
    return unlinked(span, NER_TYPES[span.label_], "ner")


EXTRA_NAMES = {"ORGANIZATION": organization_links, "LOC": geonames_cities}


@lru_cache(maxsize=20_000)
def whole_name(label: str, words: tuple[str, ...]) -> Entry | None:
    """The entry whose alias is exactly `words`; news repeats its names, so each is
    looked up once."""
    for match in EXTRA_NAMES[label]().match(words):
        if (match.start, match.end) == (0, len(words)):
            return match.entry
    return None


def official_capital(doc: Doc, match: Match) -> bool:
    """ "официальная Астана" is the state speaking, not the city (see coref)."""
    return (
        match.start > 0
        and doc[match.start - 1].lemma_ == "официальный"
        and any(entry.kind == "capital" for entry in match.entries)
    )


def merge(doc: Doc, matches: list[Match], ner: list[Span]) -> list[Span]:
    metonyms = {(m.start, m.end) for m in matches if official_capital(doc, m)}
    matches = [m for m in matches if (m.start, m.end) not in metonyms]
    ner = [span for span in repaired(ner) if (span.start, span.end) not in metonyms]
    ner_at = {(span.start, span.end): span.label_ for span in ner}
    gaz = []
    for match in matches:
        span = Span(doc, match.start, match.end)
        entry = pick(match, ner_at.get((match.start, match.end), ""), span)
        if entry is not None and not names_no_place(span, entry, ner):
            gaz.append((span, entry))
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
        mentions.append(ner_mention(span))
    return drop_redundant_nested(join_cut_names(mentions))


def continues_name(first: Span, second: Span) -> bool:
    """`second` is a genitive organization right after `first` that completes its name:
    "Исполнительного комитета" + "СНГ", "Генассамблеи" (a body of the UN) + "ООН"."""
    if first.label_ != "ORGANIZATION" or second.label_ != "ORGANIZATION":
        return False
    if second.start != first.end or first[-1].text in QUOTES | {")"}:
        return False
    genitive = (len(second) == 1 and is_caps(second.text)) or second.root.morph.get("Case") == [
        "Gen"
    ]
    if not genitive:
        return False
    if not first.kb_id_:
        return first._.source == "ner"
    entry = gazetteer().get(first.kb_id_, first._.canonical)
    return entry is not None and bool(second.kb_id_) and entry.parent_id == second.kb_id_


def join_cut_names(mentions: list[Span]) -> list[Span]:
    """Join an organization name slovnet cut before its genitive organization."""
    outer = [m for m in mentions if not any(o is not m and inside(m, o) for o in mentions)]
    starts = {m.start: m for m in outer}
    joined = {}
    for first in sorted(outer, key=lambda m: m.start):
        second = starts.get(first.end)
        if second is None or id(second) in joined or not continues_name(first, second):
            continue
        span = Span(first.doc, first.start, second.end)
        if first.kb_id_:
            joined[id(first)] = linked(span, gazetteer().get(first.kb_id_), "gazetteer")
        else:
            joined[id(first)] = unlinked(span, "ORGANIZATION", "ner")
    return [joined.get(id(m), m) for m in mentions]


def redundant(mention: Span, other: Span) -> bool:
    """`mention` inside the longer `other` adds nothing: the same entity ("Казахстан"
    in "Республики Казахстан"), or a place inside a place's name ("Азии" in
    "Центральной Азии", "Республику Конго" in "Демократическую Республику Конго")."""
    if other is mention or not inside(mention, other) or len(other) <= len(mention):
        return False
    same = (other.kb_id_ or other._.canonical) == (mention.kb_id_ or mention._.canonical)
    return same or (mention.label_ in PLACE_TYPES and other.label_ in PLACE_TYPES)


def drop_redundant_nested(mentions: list[Span]) -> list[Span]:
    return [
        mention
        for mention in mentions
        if mention._.source == "ner" or not any(redundant(mention, other) for other in mentions)
    ]


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


def lemma_of(mention: Span) -> str:
    """A one-word name the gazetteer linked is its canonical name where the two
    share a normal form: "в Ломе" is no form of "Лом", "Абуджу" one of "Абуджа",
    which pymorphy3 does not know."""
    canonical = mention._.canonical
    linked_word = len(mention) == 1 and " " not in canonical and "gazetteer" in mention._.source
    if linked_word and token_forms(mention.text) & token_forms(canonical):
        return canonical
    return mention_lemma(mention, person=mention.label_ == "PERSON")


def misread_demonym(span: Span) -> bool:
    """slovnet takes a capitalized demonym at a sentence start for a person or a
    place ("Монгольский контингент прибыл"): an adjective naming a country is
    neither, it is a reference to the country (coref)."""
    return (
        span.label_ in {"PERSON", "LOC"}
        and len(span) == 1
        and span[0].pos_ == "ADJ"
        and gazetteer().adjective(span[0].lemma_) is not None
    )


class EntityLinker:
    def __call__(self, doc: Doc) -> Doc:
        words = [token.text for token in doc]
        ner = [span for span in doc.spans.get("ner", []) if not misread_demonym(span)]
        mentions = merge(doc, gazetteer().match(words), ner)
        mentions += bracket_abbreviations(doc, mentions)
        mentions.sort(key=lambda span: (span.start, -span.end))
        for mention in mentions:
            mention._.lemma = lemma_of(mention)
        doc.spans["entities"] = mentions
        doc.ents = filter_spans(mentions)
        return doc


@Language.factory(
    "gazetteer_linker",
    requires=["doc.spans", "token.lemma", "token.pos", "token.dep"],
    assigns=["doc.ents", "doc.spans", "span._.canonical", "span._.lemma", "span._.source"],
)
def make_gazetteer_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker()
