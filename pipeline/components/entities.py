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
- slovnet's spans lose surrounding quotes, edge punctuation ("/ТАСС/") and a
  legal form or lower-case descriptor before them ("ОАО «Газпром»" →
  Газпром), and are cut at a bracket ("Организации Объединенных Наций (ООН)"
  is two names); spans that name nothing are dropped: common nouns it takes
  for names ("СМИ", "Report", `gazetteer/not_names.csv`), words that cannot
  be names ("За", "ВЫСТУПИЛИ ВСЕ"), an agency's byline ("МОСКВА, 12 мая
  /ТАСС/");
- an abbreviation in brackets right after a mention names the same entity
  everywhere in the document ("... центра "Астана" (МФЦА)"), and a name with
  its abbreviation in brackets is one entity whichever of the two the
  gazetteer knows ("Экономического сообщества западноафриканских государств
  (ЭКОВАС)"); an organization named again in the same words keeps its id;
- one id per entity, whatever the text calls it: a generic body ("МИД",
  "парламент") is linked only to its own country's body, when the mention
  says whose it is ("МИД России", "российский МИД"), and a short form
  ("Совет Безопасности", "альянс") only to the organization the text names
  (`pipeline.gazetteer.bodies`);
- "Сербия и Черногория" is two countries unless the union is meant (a
  singular predicate, "союз" before it, or the union named otherwise);
- NER LOC spans the gazetteer does not know become LOCATION;
- a one-word NER person or place that is a country's adjective ("Монгольский
  контингент" at a sentence start) is dropped: coref reads it as the demonym.

`doc.spans["entities"]` holds every mention, nested ones included (the
entities table); `doc.ents` holds the outermost, non-overlapping ones.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline import extensions  # noqa: F401  (registers span attributes)
from pipeline.gazetteer import (
    Entry,
    Match,
    fold,
    gazetteer,
    geonames_cities,
    is_caps,
    organization_links,
    token_forms,
)
from pipeline.gazetteer.bodies import (
    abbreviation,
    demonym_country,
    generic_body,
    national,
    not_names,
    short_forms_of,
)
from pipeline.lemmatizer import FUNCTION_POS, analyzer
from pipeline.normalize import mention_lemma

NER_TYPES = {"PERSON": "PERSON", "ORGANIZATION": "ORGANIZATION", "LOC": "LOCATION"}
PLACE_TYPES = {"COUNTRY", "CITY", "LOCATION"}
QUOTES = set("\"'«»“”„")
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
    mention._.canonical = written_lemma(mention)
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
    """slovnet's spans with their boundaries repaired, and those that name nothing
    dropped: common nouns ("СМИ", "Report"), words that cannot be names ("За"),
    an agency's byline."""
    spans = [trim_quotes(span) for span in split_brackets(ner)]
    spans = [trim_punctuation(span) for span in spans if span is not None]
    spans = [without_initial_noun(span) for span in spans if span is not None]
    return [
        span
        for span in spans
        if span.text not in not_names() and not no_name_words(span) and not byline(span)
    ]


EDGE_PUNCTUATION = {"/", ".", ",", ":", ";", "—", "–", "-", "|"}


def trim_punctuation(span: Span) -> Span | None:
    """ "/ТАСС/", "Движение За свободу.": punctuation at a name's edge is no part of it."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].text in EDGE_PUNCTUATION:
        start += 1
    while end > start and doc[end - 1].text in EDGE_PUNCTUATION:
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_) if end > start else None


@lru_cache(maxsize=20_000)
def cannot_name(word: str) -> bool:
    """A word the dictionary knows only as a function word, a pronoun or a
    finite verb: "За", "ВЫСТУПИЛИ", "ВСЕ" name nothing, capitalised or not."""
    readings = analyzer().parse(word.lower())
    return bool(readings) and all(
        r.is_known and (r.tag.POS in FUNCTION_POS | FINITE or "Apro" in r.tag) for r in readings
    )


FINITE = {"VERB", "INFN"}  # participles are also adjectives, and names ("Кадима")


def a_city(word: str) -> bool:
    """A curated city (datelines name the large ones; GeoNames has a "Мид")."""
    matches = gazetteer().match([word.title()])
    return any(entry.type == "CITY" for match in matches for entry in match.entries)


def no_name_words(span: Span) -> bool:
    """Only words that cannot be names; one word in capitals is an abbreviation
    ("СЕ" is no particle), and words in quotes are a name («Наши»)."""
    doc = span.doc
    quoted = span.start > 0 and doc[span.start - 1].text in QUOTES
    if quoted or (len(span) == 1 and is_caps(span.text)):
        return False
    words = [token.text for token in span if token.is_alpha]
    return bool(words) and all(cannot_name(word) for word in words)


MONTHS = {
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
}  # fmt: skip
BYLINE_ENDS = {".", "—", "–", "-", ")", "/", ",", ":"}


def byline(span: Span) -> bool:
    """The agency that filed the text, not a party to it: "/ТАСС/", and the name
    closing a dateline ("МОСКВА, 12 мая /ТАСС/.", "БАКУ, 12 мая — Report.",
    "БРЮССЕЛЬ, 3 мая (Reuters) —")."""
    if span.label_ not in {"ORGANIZATION", "LOC"}:  # slovnet calls some agencies places
        return False
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    if before == "/" and after == "/":
        return True
    start = span.sent.start
    opening = doc[start]
    if start == span.start or not is_caps(opening.text) or not a_city(opening.text):
        return False
    between = doc[start : span.start]
    dated = any(t.lemma_ in MONTHS for t in between)
    bracketed = before == "(" and after == ")"
    dateline = all(
        is_caps(t.text) or t.like_num or t.is_punct or t.lemma_ in MONTHS for t in between
    )
    return dateline and (dated or bracketed) and (after in BYLINE_ENDS or span.end == span.sent.end)


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
    return written_lemma(mention)


def written_lemma(mention: Span) -> str:
    """The dictionary form in the text's own spelling. The dictionary writes ё
    ("СЕ" would become "СЁ", "Объединенных" "Объединённые"), and a name in
    capitals is an abbreviation, which does not decline: neither is the name
    the text wrote, and a declined one is its stem."""
    if len(mention) == 1 and is_caps(stem := abbreviation(mention.text)):
        return stem  # "МИДе" → "МИД", not "Мид"
    lemma = mention_lemma(mention, person=mention.label_ == "PERSON")
    if "ё" not in mention.text.lower():
        lemma = lemma.replace("ё", "е").replace("Ё", "Е")
    return lemma


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


def entry_of(mention: Span) -> Entry | None:
    """The curated or learned entry a mention is linked to."""
    if not mention.kb_id_ and "gazetteer" not in mention._.source:
        return None
    curated = gazetteer().get(mention.kb_id_, mention._.canonical)
    return curated or organization_links().entries.get(mention.kb_id_)


def relinked(mention: Span, entry: Entry | None, source: str) -> Span:
    """The mention over the same words, linked to `entry`, or unlinked (None)."""
    if entry is None:
        return unlinked(mention, mention.label_, source)
    return linked(mention, entry, source)


def country_pairs(doc: Doc, mentions: list[Span]) -> list[Span]:
    """ "Сербия и Черногория подписали": two countries, which the gazetteer reads as
    the union named after them. The union is meant where the pair agrees with a
    singular predicate ("Сербия и Черногория вступила"), follows "союз", or the
    text names the union otherwise ("Государственный союз Сербии и Черногории")."""
    result = []
    for mention in mentions:
        parts = pair_of(mention) if mention.label_ == "COUNTRY" else None
        if parts is None or union_meant(mention, mentions):
            result.append(mention)
            continue
        for span, entry in parts:
            result.append(linked(span, entry, "gazetteer"))
    return result


def pair_of(mention: Span) -> list[tuple[Span, Entry]] | None:
    """The two countries a mention "X и Y" coordinates, if both are countries."""
    doc = mention.doc
    joints = [token.i for token in mention if token.lower_ == "и"]
    if len(joints) != 1:
        return None
    parts = [Span(doc, mention.start, joints[0]), Span(doc, joints[0] + 1, mention.end)]
    found = []
    for part in parts:
        words = [token.text for token in part]
        match = next(
            (m for m in gazetteer().match(words) if (m.start, m.end) == (0, len(words))), None
        )
        entry = next((e for e in match.entries if e.type == "COUNTRY"), None) if match else None
        if entry is None:
            return None
        found.append((Span(doc, part.start, part.end, label="COUNTRY"), entry))
    return found


def union_meant(mention: Span, mentions: list[Span]) -> bool:
    """The predicate's number decides; without one, "союз" before the pair or the
    union's own name elsewhere in the text does."""
    doc = mention.doc
    if mention.start > 0 and doc[mention.start - 1].lemma_ == "союз":
        return True
    number = predicate_number(mention[0])
    if number:
        return number == "Sing"
    return any(
        other.kb_id_ == mention.kb_id_ and pair_of(other) is None
        for other in mentions
        if other is not mention and other.label_ == "COUNTRY"
    )


def predicate_number(subject: Token) -> str:
    """The number of the predicate `subject` is the subject of ("" if none)."""
    if not subject.dep_.startswith("nsubj"):
        return ""
    predicate = subject.head
    copula = next((child for child in predicate.children if child.dep_ == "cop"), None)
    for word in (copula, predicate):
        if (
            word is not None
            and word.pos_ in {"VERB", "AUX"}
            and (number := word.morph.get("Number"))
        ):
            return number[0]
    return (predicate.morph.get("Number") or [""])[0] if predicate.pos_ == "ADJ" else ""


def bracket_pairs(doc: Doc, mentions: list[Span]) -> list[Span]:
    """A name and its abbreviation in brackets are one entity, whichever of the two
    the gazetteer knows: "Экономического сообщества западноафриканских государств
    (ЭКОВАС)", "ЭКОВАС (Экономическое сообщество ...)"."""
    by_end = {}
    for m in sorted(mentions, key=len):  # the outermost mention ending there
        if m.label_ in NAMED_TYPES:
            by_end[m.end] = m
    taken: dict[int, Span] = {}
    for inner in mentions:
        if inner.start == 0 or inner.end >= len(doc):
            continue
        if doc[inner.start - 1].text != "(" or doc[inner.end].text != ")":
            continue
        outer = by_end.get(inner.start - 1)
        if outer is None:
            continue
        pair = (outer, inner)
        if not any(len(m) == 1 and is_caps(m.text) for m in pair):
            continue
        known = [m for m in pair if m.kb_id_ and m.label_ == "ORGANIZATION"]
        unknown = [m for m in pair if not m.kb_id_ and m._.source == "ner"]
        if len(known) == 1 and len(unknown) == 1 and (entry := entry_of(known[0])):
            taken[id(unknown[0])] = linked(unknown[0], entry, "abbreviation")
    return [taken.get(id(m), m) for m in mentions]


NAMED_TYPES = {"ORGANIZATION", "LOCATION"}


def country_named_by(mention: Span, countries: dict[int, Span]) -> tuple[str, int, int]:
    """The country a body's mention names, and the words of the body: "МИД
    России" (a country after it), "российского МИДа" (a demonym before it),
    "МИД Франции" or "Российский МИД" (either inside NER's span). `countries`:
    the linked country mentions by their first token."""
    doc = mention.doc
    start, end = mention.start, mention.end
    for first in range(start + 1, end + 1):  # after the body, or ending the span
        other = countries.get(first)
        if other is None or (first < end and other.end != end):
            continue
        if is_caps(other.text) or other.root.morph.get("Case") == ["Gen"]:
            return other.kb_id_, start, first
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.pos_ == "ADJ" and (country := demonym_country(before.text)):
        return country, start, end
    if len(mention) > 1 and (country := demonym_country(mention[0].text)):
        return country, start + 1, end
    return "", start, end


def link_bodies(mentions: list[Span]) -> tuple[list[Span], set[int]]:
    """Generic bodies linked to their country's body, or to none (see
    `pipeline.gazetteer.bodies`); also the ids of the mentions whose country was
    named, which nothing else may relink."""
    countries = {m.start: m for m in mentions if m.label_ == "COUNTRY" and m.kb_id_}
    result, settled = [], set()
    for mention in mentions:
        if mention.label_ != "ORGANIZATION":
            result.append(mention)
            continue
        country, start, end = country_named_by(mention, countries)
        body = generic_body([token.text for token in mention.doc[start:end]])
        if not body:
            result.append(mention)
            continue
        if country:
            entry = national().get((body, country))
            source = "ner+gazetteer" if entry is not None else "ner"
            mention = relinked(mention, entry, source)
            settled.add(id(mention))
        elif mention.kb_id_ and gazetteer().get(mention.kb_id_) is None:
            mention = relinked(mention, None, "ner")  # a learned link to one country's body
        result.append(mention)
    return result, settled


def named_keys(mentions: list[Span]) -> set[str]:
    keys = set()
    for mention in mentions:
        if mention.kb_id_:
            keys.add(mention.kb_id_)
        elif "gazetteer" in mention._.source and gazetteer().get("", mention._.canonical):
            keys.add(mention._.canonical)
    return keys


def short_form_at(doc: Doc, start: int, end_limit: int) -> list[tuple[int, str, bool]]:
    """The short forms that start at `start` and end by `end_limit`: (end, entity,
    whether the form is written with a capital)."""
    found = []
    for form in short_forms_of(doc[start].text):
        end = start + len(form.words)
        if end > end_limit:
            continue
        if all(token_forms(doc[i].text) & forms for i, forms in zip(range(start, end), form.words)):
            if form.capital and not doc[start].text[:1].isupper():
                continue
            found.append((end, form.entity, form.capital))
    return found


def short_form_mentions(doc: Doc, mentions: list[Span], settled: set[int]) -> list[Span]:
    """Short forms linked to the organization the text names ("Совет Безопасности"
    in a text naming the UN Security Council, "альянс" in one naming NATO); a
    one-word form at a sentence start or before a genitive ("Фонд национального
    благосостояния") is some other name."""
    named = named_keys(mentions)
    if not named:
        return mentions
    starts = [sent.start for sent in doc.sents]
    covered = {token.i for m in mentions for token in m}
    result = []
    for mention in mentions:
        if mention.label_ == "ORGANIZATION" and not mention.kb_id_ and id(mention) not in settled:
            entity = short_form_entity(doc, mention.start, mention.end, named, mentions, starts)
            if entity:
                mention = linked(mention, gazetteer().get(entity, entity), "short form")
        result.append(mention)
    for token in doc:
        if token.i in covered or token.is_punct:
            continue
        ends = {end for end, _, _ in short_form_at(doc, token.i, len(doc))}
        for end in sorted(ends, reverse=True):
            if any(i in covered for i in range(token.i, end)):
                continue
            entity = short_form_entity(doc, token.i, end, named, mentions, starts)
            if entity:
                span = Span(doc, token.i, end)
                result.append(linked(span, gazetteer().get(entity, entity), "short form"))
                covered.update(range(token.i, end))
                break
    return result


def short_form_entity(
    doc: Doc, start: int, end: int, named: set[str], mentions: list[Span], starts: list[int]
) -> str:
    """The organization a short form at `start`–`end` stands for, else ""."""
    found = short_form_at(doc, start, end)
    forms = [(entity, capital) for stop, entity, capital in found if stop == end]
    entities = {entity for entity, _ in forms if entity in named}
    if len(entities) != 1:
        return ""
    [entity] = entities
    capital = any(capital for found, capital in forms if found == entity)
    if end - start == 1:
        if capital and doc[start].is_sent_start:
            return ""  # a capital that only starts the sentence says nothing
        following = doc[end] if end < len(doc) else None
        if following is not None and genitive_modifier(following):
            return ""
    beside = [m for m in mentions if m.end == start or m.start == end]
    if any((m.kb_id_ or m._.canonical) == entity for m in beside):
        return ""  # "альянса НАТО": the name itself is there
    if not capital and not refers_back(doc[start:end], entity, mentions, starts):
        return ""
    return entity


def refers_back(span: Span, entity: str, mentions: list[Span], starts: list[int]) -> bool:
    """A common noun ("альянс") is the organization the text has just named, in this
    sentence or the two before, and only bare: "военный альянс", "альянс с
    Российской империей" are some other alliance."""
    if any(child.dep_ == "amod" for child in span.root.children):
        return False
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in ALLIANCE_WITH:
        return False
    here = bisect_right(starts, span.start)
    return any(
        (m.kb_id_ or m._.canonical) == entity
        and m.start < span.start
        and here - bisect_right(starts, m.start) <= 2
        for m in mentions
    )


ALLIANCE_WITH = {"с", "со", "между"}


def genitive_modifier(token: Token) -> bool:
    """A lower-case genitive noun or adjective after a word continues its name."""
    return (
        token.pos_ in {"NOUN", "ADJ", "PROPN"}
        and token.morph.get("Case") == ["Gen"]
        and not token.text[:1].isupper()
    )


def same_name_same_id(mentions: list[Span]) -> list[Span]:
    """An organization the text names again in the same words is the same one:
    the id one mention got (from a bracket, a short form) goes to the others."""
    ids: dict[str, set[str]] = {}
    entries: dict[str, Span] = {}
    for mention in mentions:
        if mention.label_ == "ORGANIZATION" and mention.kb_id_:
            ids.setdefault(fold(mention._.lemma), set()).add(mention.kb_id_)
            entries[mention.kb_id_] = mention
    result = []
    for mention in mentions:
        if mention.label_ == "ORGANIZATION" and not mention.kb_id_ and mention._.source == "ner":
            found = ids.get(fold(mention._.lemma), set())
            words = [token.text for token in mention]
            if len(found) == 1 and not generic_body(words):
                [entity_id] = found
                entry = entry_of(entries[entity_id])
                if entry is not None:
                    lemma = mention._.lemma
                    mention = linked(mention, entry, "same name")
                    mention._.lemma = lemma
        result.append(mention)
    return result


class EntityLinker:
    def __call__(self, doc: Doc) -> Doc:
        words = [token.text for token in doc]
        ner = [span for span in doc.spans.get("ner", []) if not misread_demonym(span)]
        mentions = country_pairs(doc, merge(doc, gazetteer().match(words), ner))
        mentions += bracket_abbreviations(doc, mentions)
        mentions, settled = link_bodies(mentions)
        mentions = bracket_pairs(doc, mentions)
        mentions = short_form_mentions(doc, mentions, settled)
        mentions.sort(key=lambda span: (span.start, -span.end))
        for mention in mentions:
            mention._.lemma = lemma_of(mention)
        mentions = same_name_same_id(mentions)
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
