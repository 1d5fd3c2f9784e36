"""Matching patterns against an annotated `Doc`: triggers, arguments, time.

One engine serves every pattern, so that argument finding, coordination,
negation, modality and time are the same for all of them and a new pattern
is only data (see `pipeline.patterns.pattern`).

Arguments are the outermost entity mentions (`doc.ents`) plus the country
references of the coref component. Coordination needs no special case: every
organization in the trigger's subtree is an argument ("в ШОС, ОДКБ и СВМДА"
gives three events), and coordinated subjects give one event each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from pipeline.gazetteer import gazetteer
from pipeline.patterns.pattern import Pattern

SUBJECTS = {"nsubj", "nsubj:pass"}
NOMINAL = {"NOUN", "PROPN"}  # not pronouns: "кто", "он" stand for someone else
NEGATION = {"не", "нет", "ни"}
# the trigger is a plan, a hope or an invitation, not a fact
MODALITY = {
    "планировать",
    "намереваться",
    "собираться",
    "хотеть",
    "желать",
    "приглашать",
    "пригласить",
    "предлагать",
    "предложить",
    "надеяться",
    "рассчитывать",
    "стремиться",
    "мечтать",
    "намерение",
    "план",
    "планы",
    "перспектива",
    "заявка",
    "готовность",
    "готовый",
    "мочь",
    "должный",
    "условие",
    "отказаться",
    "отказываться",
    "отказ",
    "поддержка",
    "возможный",
    "возможность",
}
# words opening a sentence that continues the previous one (its time applies)
CONTINUATIONS = (
    "кроме того",
    "также",
    "а также",
    "при этом",
    "тогда же",
    "затем",
    "помимо этого",
    "в том же году",
)
# "является членом более 40 организаций. В их числе ООН, ОБСЕ, ..."
LIST_OPENERS = ("в их числе", "в том числе", "среди них", "среди которых")
ANAPHORS = {"организация", "состав", "объединение", "структура", "блок", "союз"}
# names NER finds that are not international organizations: a plant, a ministry
NATIONAL_HEADS = {
    "завод",
    "фабрика",
    "комбинат",
    "компания",
    "корпорация",
    "предприятие",
    "университет",
    "институт",
    "академия",
    "кафедра",
    "министерство",
    "ведомство",
    "акимат",
    "парламент",
    "мажилис",
    "сенат",
    "армия",
    "партия",
    "газета",
    "редакция",
}
INTERNATIONAL = re.compile(
    r"международн|всемирн|ООН|\bЕС\b|европейск|азиатск|африканск|исламск|тюркск|евразийск"
    r"|содружеств|альянс|коалици|миротвор|миссия|миссии|НАТО|СНГ|ОДКБ|ШОС|ОБСЕ|БРИКС",
    re.IGNORECASE,
)
# subjects that act for the country that owns them ("президент Казахстана",
# "военнослужащие страны", "казахстанские миротворцы"), unlike "дипломат из Кореи"
STATE_AGENTS = {
    "президент",
    "правительство",
    "руководство",
    "власть",
    "лидер",
    "глава",
    "министерство",
    "мид",
    "армия",
    "войско",
    "военнослужащий",
    "военный",
    "миротворец",
    "контингент",
    "батальон",
    "подразделение",
    "делегация",
    "сторона",
}
ANAPHOR_MODIFIERS = {"этот", "данный", "её", "ее", "их", "тот", "сам"}
YEAR_IN_NAME = re.compile(r"[-\s](1[89]\d\d|20\d\d)$")
CLAUSE_BREAKS = {";", ":", "—", "–"}
RIGHT_WINDOW = 12
ANAPHORA_SENTENCES = 2


@dataclass(frozen=True)
class Event:
    event_type: str
    pattern: str
    trigger: str
    trigger_start: int
    country: str
    country_id: str
    organization: str
    organization_id: str
    date: str
    year_start: int | None
    year_end: int | None
    sent_start: int  # character offsets of the evidence sentence in doc.text
    sent_end: int

    def key(self) -> tuple:
        return (
            self.event_type,
            self.country_id or self.country,
            self.organization_id or self.organization,
            self.date,
        )


def name(span: Span) -> str:
    return span._.canonical or span._.lemma or span.text


@dataclass(frozen=True)
class Argument:
    """A country argument that is no mention of its own (the country of a host city)."""

    name: str
    entity_id: str


def argument(value: Span | Argument) -> Argument:
    return value if isinstance(value, Argument) else Argument(name(value), value.kb_id_)


def international(span: Span) -> bool:
    """Events join countries to international organizations, not to parties or companies.

    A curated gazetteer organization is international; a name NER found is
    taken when it, or the words just before it, say so ("Международных сил
    коалиции", "международной миссии «Совет мира»").
    """
    entry = gazetteer().get(span.kb_id_, span._.canonical) if span._.source != "ner" else None
    if entry is not None:
        return entry.type == "ORGANIZATION"
    if span.root.lemma_ in NATIONAL_HEADS:
        return False
    before = span.doc[max(span.sent.start, span.start - 3) : span.start].text
    return bool(INTERNATIONAL.search(span.text) or INTERNATIONAL.search(before))


def linked_inside(span: Span, doc: Doc) -> Span:
    """An unknown name around a known organization ("Офис ПРООН") stands for the known one."""
    if span._.source != "ner":
        return span
    inner = [
        other
        for other in doc.spans.get("entities", [])
        if other.label_ == "ORGANIZATION"
        and other.kb_id_
        and span.start <= other.start
        and other.end <= span.end
    ]
    return inner[0] if inner else span


class DocIndex:
    """Entity mentions of one document, indexed by token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = list(doc.sents)
        self.organizations = [
            linked_inside(span, doc)
            for span in doc.ents
            if span.label_ == "ORGANIZATION" and international(linked_inside(span, doc))
        ]
        self.countries = [span for span in doc.ents if span.label_ == "COUNTRY"]
        self.countries += list(doc.spans.get("country_refs", []))
        self.cities = [
            span
            for span in doc.ents
            if span.label_ == "CITY" and gazetteer().get(span.kb_id_, span._.canonical)
        ]
        self.dates = [span for span in doc.spans.get("dates", []) if span._.value]
        self.org_at = {token.i: span for span in self.organizations for token in span}
        self.country_at = {token.i: span for span in self.countries for token in span}

    def within(self, spans: Iterable[Span], sent: Span) -> list[Span]:
        return [span for span in spans if sent.start <= span.start and span.end <= sent.end]

    def sentence_index(self, token: Token) -> int:
        return next(i for i, sent in enumerate(self.sents) if sent.start <= token.i < sent.end)


@dataclass(frozen=True)
class When:
    value: str = ""
    year_start: int | None = None
    year_end: int | None = None


def when_of(date: Span) -> When:
    return When(date._.value, date._.year_start, date._.year_end)


def year_in_name(organization: Span) -> When:
    """ "ЭКСПО-2017": an event named with its year happened in that year."""
    match = YEAR_IN_NAME.search(name(organization))
    if not match:
        return When()
    year = int(match.group(1))
    return When(str(year), year, year)


def continues(sent: Span) -> bool:
    words = sent.text.lower().split()
    return " ".join(words[:3]).startswith(CONTINUATIONS) or (words[:1] == ["и"])


def pos_of(token: Token) -> str:
    """The tagger calls a capitalized noun PROPN at a sentence start: still a noun trigger."""
    return "NOUN" if token.pos_ == "PROPN" else token.pos_


def neighbourhood(token: Token) -> list[Token]:
    near = [*token.children, token.head, *token.head.children]
    near += [grandchild for child in token.children for grandchild in child.children]
    return near


def negated(token: Token) -> bool:
    previous = token.doc[token.i - 1] if token.i > 0 else None
    if previous is not None and previous.lower_ in NEGATION:
        return True
    heads = [token, token.head] if token.pos_ != "VERB" else [token]
    return any(child.lower_ in NEGATION for head in heads for child in head.children)


def not_yet(token: Token) -> bool:
    """The clause speaks of the future or of a condition ("станет", "вступила бы").

    The predicate is the trigger itself, the verb it depends on, or, for a
    noun trigger that is a subject ("вступление Черногории в НАТО станет ..."),
    the verb it is the subject of.
    """
    node = token
    for _ in range(3):
        if node.pos_ in {"VERB", "AUX"}:
            clause = [node, *(c for c in node.children if c.dep_ in {"aux", "aux:pass", "cop"})]
            if any(t.morph.get("Tense") == ["Fut"] for t in clause):
                return True
            return any(c.lower_ == "бы" for c in node.children)
        if node.head.i == node.i:
            return False
        if node.dep_ in SUBJECTS:
            node = node.head
            if node.pos_ not in {"VERB", "AUX"}:
                return False
            continue
        node = node.head
    return False


def modal(token: Token) -> bool:
    """A plan, hope or invitation governs the trigger ("приглашают вступить в БРИКС").

    Walks up the complements of the trigger; a subject boundary stops the
    walk, so "председательствующий в СНГ Туркменистан предложил ..." is a fact.
    """
    if not_yet(token):
        return True
    node = token
    for _ in range(3):
        if node.lemma_ in MODALITY:
            return True
        if node.dep_ in SUBJECTS or node.head.i == node.i:
            return False
        node = node.head
    return node.lemma_ in MODALITY


def owners(token: Token) -> list[Token]:
    """Genitive and demonym modifiers: the country "президент Казахстана" acts for."""
    return [
        child
        for child in token.children
        if child.dep_ in {"nmod", "amod"} and not any(c.dep_ == "case" for c in child.children)
    ]


def actor(span: Span) -> bool:
    """A country that can act: a subject, an owner, a recipient, "страна"; not a place.

    A place comes with a preposition ("в Испании", "из Южной Кореи"); an actor
    does not ("Казахстана", "Казахстану", "казахстанские").
    """
    if span._.source == "coref":
        return True
    return not any(child.dep_ == "case" for child in first_conjunct(span.root).children)


def anaphor(token: Token) -> bool:
    """ "к организации", "в её состав": a singular noun pointing back, not "в структурах"."""
    if token.lemma_ not in ANAPHORS or token.morph.get("Number") == ["Plur"]:
        return False
    modifiers = {child.lemma_ for child in token.children if child.dep_ in {"amod", "det"}}
    return modifiers <= ANAPHOR_MODIFIERS


def governed(span: Span, preps: frozenset[str]) -> bool:
    """Whether one of `preps` introduces the mention, or the list it is coordinated in."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in preps:
        return True
    token = span.root
    for _ in range(8):  # "из ОДКБ, ЕАЭС и СНГ": the case marker sits on the first conjunct
        if any(child.dep_ == "case" and child.lower_ in preps for child in token.children):
            return True
        if token.dep_ != "conj":
            return False
        token = token.head
    return False


def first_conjunct(token: Token) -> Token:
    for _ in range(8):
        if token.dep_ != "conj":
            break
        token = token.head
    return token


def attached(span: Span, trigger: Token, relations: frozenset[str]) -> bool:
    """Whether the mention (or the list it heads) depends on the trigger by one of `relations`."""
    token = first_conjunct(span.root)
    return token.head.i == trigger.i and token.dep_ in relations


def unique(spans: Iterable[Span]) -> list[Span]:
    seen, result = set(), []
    for span in spans:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            result.append(span)
    return result


def subject_tokens(trigger: Token) -> list[Token]:
    node = trigger
    for _ in range(4):  # up through "вошёл в число участников" and conjoined verbs
        subjects = [child for child in node.children if child.dep_ in SUBJECTS]
        if any(trigger in subject.subtree for subject in subjects):
            return []  # the trigger is inside the subject: "председательство ... стало"
        if subjects:
            conjuncts = [c for s in subjects for c in s.children if c.dep_ == "conj"]
            return subjects + conjuncts
        if node.head.i == node.i:
            break
        node = node.head
    return []


class Matcher:
    def __init__(self, doc: Doc, patterns: Iterable[Pattern]) -> None:
        self.index = DocIndex(doc)
        self.by_lemma: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            for lemma in pattern.trigger:
                self.by_lemma.setdefault(lemma, []).append(pattern)

    def events(self) -> Iterator[Event]:
        doc = self.index.doc
        for token in doc:
            for pattern in self.by_lemma.get(token.lemma_, ()):
                # a capitalized first word is often tagged PROPN, whatever it is
                capitalized = token.pos_ == "PROPN" and token.is_sent_start
                if (pos_of(token) in pattern.pos or capitalized) and self.fires(pattern, token):
                    yield from self.apply(pattern, token)

    def fires(self, pattern: Pattern, token: Token) -> bool:
        near = {t.lemma_ for t in neighbourhood(token)}
        if pattern.context_relations:
            related = {c.lemma_ for c in token.children if c.dep_ in pattern.context_relations}
            if not pattern.context & related:
                return False
        if pattern.context and not pattern.context & near:
            return False
        if pattern.exclude & near:
            return False
        return not negated(token) and not modal(token)

    def apply(self, pattern: Pattern, trigger: Token) -> Iterator[Event]:
        sent = trigger.sent
        organizations = self.organizations(pattern, trigger)
        countries = self.countries(pattern, trigger, organizations)
        date = self.date(trigger)
        for country in map(argument, countries):
            for organization in organizations:
                when = when_of(date) if date is not None else year_in_name(organization)
                yield Event(
                    event_type=pattern.event_type,
                    pattern=pattern.name,
                    trigger=trigger.text,
                    trigger_start=trigger.idx,
                    country=country.name,
                    country_id=country.entity_id,
                    organization=name(organization),
                    organization_id=organization.kb_id_,
                    date=when.value,
                    year_start=when.year_start,
                    year_end=when.year_end,
                    sent_start=sent.start_char,
                    sent_end=sent.end_char,
                )

    def inherit_times(self, events: list[Event]) -> list[Event]:
        """Undated events in a sentence that continues a restated, dated event take its time.

        "Одним из направлений казахстанского председательства в ШОС стало
        расширение. И ... к организации присоединилась Беларусь": the first
        sentence restates the chairmanship the article dates 2024, the second
        continues it, so Belarus joined in 2024.
        """
        dated = {event.key()[:3]: event for event in events if event.date}
        starts = [sent.start_char for sent in self.index.sents]
        implied = {
            starts.index(event.sent_start): dated[event.key()[:3]]
            for event in events
            if not event.date and event.key()[:3] in dated
        }
        result = []
        for event in events:
            number = starts.index(event.sent_start)
            source = implied.get(number - 1)
            if not event.date and source and continues(self.index.sents[number]):
                event = replace(
                    event,
                    date=source.date,
                    year_start=source.year_start,
                    year_end=source.year_end,
                )
            result.append(event)
        return result

    # -- organization -------------------------------------------------------

    def organizations(self, pattern: Pattern, trigger: Token) -> list[Span]:
        index = self.index
        sent = trigger.sent
        if pattern.organization == "sentence":
            found = index.within(index.organizations, sent)
            found.sort(key=lambda span: abs(span.start - trigger.i))
            return found[:1]
        # a country subject is not an organization argument; an organization
        # subject is ("Офис ПРООН был открыт в Бишкеке")
        subjects = {
            t.i for s in subject_tokens(trigger) if s.i in index.country_at for t in s.subtree
        }
        # a noun's organizations follow it ("членом Совета Безопасности ООН")
        first = trigger.i if pos_of(trigger) == "NOUN" else sent.start
        found = unique(
            index.org_at[t.i]
            for t in trigger.subtree
            if t.i in index.org_at and t.i not in subjects and t.i >= first
        )
        if not found:
            found = self.to_the_right(trigger)
        if pattern.preps:
            found = [span for span in found if governed(span, pattern.preps)]
        if pattern.relations:
            found = [span for span in found if attached(span, trigger, pattern.relations)]
        if not found:
            found = self.listed_next(trigger)
        if not found and any(anaphor(t) for t in neighbourhood(trigger)):
            found = self.previous_organization(trigger)
        return found

    def to_the_right(self, trigger: Token) -> list[Span]:
        found = []
        for token in trigger.doc[trigger.i + 1 : min(trigger.sent.end, trigger.i + RIGHT_WINDOW)]:
            if token.text in CLAUSE_BREAKS:
                break
            if token.i in self.index.org_at:
                found.append(self.index.org_at[token.i])
        return unique(found)

    def listed_next(self, trigger: Token) -> list[Span]:
        index = self.index
        number = index.sentence_index(trigger)
        if number + 1 >= len(index.sents):
            return []
        following = index.sents[number + 1]
        if not following.text.lower().startswith(LIST_OPENERS):
            return []
        return index.within(index.organizations, following)

    def previous_organization(self, trigger: Token) -> list[Span]:
        index = self.index
        number = index.sentence_index(trigger)
        earlier = [
            span
            for sent in index.sents[max(0, number - ANAPHORA_SENTENCES) : number + 1]
            for span in index.within(index.organizations, sent)
            if span.end <= trigger.i
        ]
        return earlier[-1:]

    # -- country ------------------------------------------------------------

    def countries(
        self, pattern: Pattern, trigger: Token, organizations: list[Span]
    ) -> list[Span | Argument]:
        index = self.index
        inside_orgs = {t.i for span in organizations for t in span}
        if pattern.country == "city":
            cities = index.within(index.cities, trigger.sent)
            countries = [self.city_country(city) for city in cities]
            if countries:
                return countries[:1]
        if pos_of(trigger) == "NOUN":
            modifiers = unique(
                index.country_at[child.i]
                for child in trigger.children
                if child.i in index.country_at and child.dep_ in {"nmod", "amod"}
            )
            if modifiers:
                return modifiers
        if trigger.dep_ in {"amod", "acl"} and trigger.head.pos_ in NOMINAL:
            # a participle's actor is the noun it describes: "председательствующий в
            # СНГ Туркменистан", not "французское издание, учредившее приз"
            head = trigger.head
            if head.i in index.country_at:
                return [index.country_at[head.i]]
            owned = [index.country_at[t.i] for t in owners(head) if t.i in index.country_at]
            return unique(owned) if head.lemma_ in STATE_AGENTS else []
        # the subject, or the country that owns it ("президент Казахстана",
        # "военнослужащие страны", "казахстанские миротворцы")
        subject_words = subject_tokens(trigger)
        subjects = unique(
            index.country_at[t.i]
            for s in subject_words
            for t in [s, *(owners(s) if s.lemma_ in STATE_AGENTS else [])]
            if t.i in index.country_at
        )
        if subjects:
            return subjects
        if any(s.pos_ in NOMINAL and s.i not in index.org_at for s in subject_words):
            return []  # a subject that is neither country nor organization ("министр")
        if trigger.morph.get("Number") == ["Plur"] and pos_of(trigger) == "NOUN":
            return []  # "в странах — членах ОДКБ": members in general, no one country
        # no subject (a noun trigger, a relative "кто"): the nearest country before
        # the trigger that is an actor, not a place ("в Испании" is no actor)
        candidates = [
            span
            for span in index.within(index.countries, trigger.sent)
            if span.start not in inside_orgs and span.end <= trigger.i and actor(span)
        ]
        return candidates[-1:]

    @staticmethod
    def city_country(city: Span) -> Argument:
        # an Argument, not a Span: spaCy keeps span attributes per character
        # range, so a COUNTRY span over "Астане" would rename the city itself
        entry = gazetteer().get(city.kb_id_, city._.canonical)
        country = gazetteer().get(entry.country_id)
        return Argument(country.canonical if country else "", entry.country_id)

    # -- time ---------------------------------------------------------------

    def date(self, trigger: Token) -> Span | None:
        index = self.index
        sent = trigger.sent
        dates = index.within(index.dates, sent)
        if dates:
            related = {t.i for t in trigger.subtree} | {t.i for t in trigger.head.children}
            near = [span for span in dates if span.root.i in related]
            return min(near or dates, key=lambda span: abs(span.start - trigger.i))
        number = index.sentence_index(trigger)
        if number and continues(sent):
            previous = index.within(index.dates, index.sents[number - 1])
            return previous[-1] if previous else None
        return None


def firing(patterns: Iterable[Pattern], lemmas: frozenset[str]) -> list[Pattern]:
    """The patterns that can fire in a document with these lemmas: the matcher
    looks at a token only through its lemma's patterns, so the others cannot
    change the document's events."""
    return [pattern for pattern in patterns if pattern.trigger & lemmas]


def find_events(doc: Doc, patterns: Iterable[Pattern]) -> list[Event]:
    """Events of one document in text order, one per (type, country, organization, time)."""
    matcher = Matcher(doc, patterns)
    found = matcher.inherit_times(list(matcher.events()))
    # an undated restatement of an event the document dates elsewhere is that event
    dated = {event.key()[:3] for event in found if event.date}
    seen, events = set(), []
    for event in found:
        if event.key() in seen or (not event.date and event.key()[:3] in dated):
            continue
        seen.add(event.key())
        events.append(event)
    return events
