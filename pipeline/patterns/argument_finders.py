"""The built-in argument finders and checks, each registered by name.

A pattern's role lists finder steps (`find = ["subject", {finder =
"prep_object", preps = ["в"]}]`); the engine tries them in order and the
first that returns something fills the role. A finder only looks: it returns
mentions from `ctx.mentions` (the role's types, passing its checks) or
`Derived` arguments, and never changes the `Doc`.

Parameters are keyword-only with defaults, so a pack is checked against the
signature before any article is read. A parameter named `of` or `outside`
names another role of the relation: that role is filled first.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from pipeline.gazetteer import gazetteer
from pipeline.patterns.context import Context, Derived, Found, When, name
from pipeline.patterns.lexicon import Lexicon
from pipeline.patterns.registry import checks, finders
from pipeline.patterns.tree import (
    MODIFIERS,
    NOMINAL,
    SUBJECTS,
    attached,
    first_conjunct,
    governed,
    has_preposition,
    neighbourhood,
    owners,
    participle_head,
    pos_of,
    predicates,
    subject_tokens,
    unique,
)

CLAUSE_BREAKS = {";", ":", "—", "–"}
RIGHT_WINDOW = 12
ANAPHORA_SENTENCES = 2
YEAR_IN_NAME = re.compile(r"[-\s](1[89]\d\d|20\d\d)$")


# -- checks -------------------------------------------------------------------


@checks.register("international")
def international(span: Span, lexicon: Lexicon) -> bool:
    """Events join countries to international organizations, not to parties or companies.

    A curated gazetteer organization is international; a name NER found is
    taken when it, or the words just before it, say so ("Международных сил
    коалиции", "международной миссии «Совет мира»").
    """
    entry = gazetteer().get(span.kb_id_, span._.canonical) if span._.source != "ner" else None
    if entry is not None:
        return entry.type == "ORGANIZATION"
    if span.root.lemma_ in lexicon.sets["national_heads"]:
        return False
    before = span.doc[max(span.sent.start, span.start - 3) : span.start].text
    pattern = lexicon.international_pattern
    return bool(pattern.search(span.text) or pattern.search(before))


@checks.register("named")
def named_mention(span: Span, lexicon: Lexicon) -> bool:
    """A name in the text, not a reference resolved to one ("страна" for the
    country the article is about): for relations that need the name itself."""
    return span._.source != "coref"


# -- the trigger's own syntax ---------------------------------------------------


@finders.register("noun_modifier")
def noun_modifier(
    ctx: Context, *, names: bool = False, prepositions: bool = True, nested: bool = False
) -> list[Found]:
    """A genitive or adjectival modifier of a noun trigger: "вступление Казахстана",
    "казахстанское председательство", "глава МВД".

    `names`: also the name standing beside a modifier noun ("сотрудник компании
    «Яндекс»": the company is the modifier, «Яндекс» its name); `prepositions`:
    false to skip modifiers with a preposition ("депутат от партии"); `nested`:
    also the modifier of a modifier noun ("пост главы ЦБ").
    """
    trigger = ctx.trigger
    if pos_of(trigger) != "NOUN":
        return []
    at = ctx.at
    modifiers = [
        c
        for c in trigger.children
        if c.dep_ in MODIFIERS and (prepositions or not has_preposition(c))
    ]
    if nested:
        modifiers += [
            g
            for c in modifiers
            if c.i not in at
            for g in c.children
            if g.dep_ in MODIFIERS and (prepositions or not has_preposition(g))
        ]
    if names:
        modifiers += [n for c in modifiers if c.i not in at for n in named(c)]
    return unique(at[c.i] for c in modifiers if c.i in at)


def named(token: Token) -> list[Token]:
    """The names in apposition to a common noun: "компания «Газпром»"."""
    return [c for c in token.children if c.dep_ in {"appos", "flat:name"} and c.i > token.i]


@finders.register("containing")
def containing(ctx: Context) -> list[Found]:
    """The mention the trigger is part of: for patterns fired by a mention
    (`trigger_types`) or by a word inside a name ("Министерство обороны")."""
    at = ctx.at
    return [at[ctx.trigger.i]] if ctx.trigger.i in at else []


@finders.register("modifier")
def modifier(ctx: Context, *, of: str = "") -> list[Found]:
    """A genitive or adjectival modifier of an argument already found for role `of`,
    or of the common noun it names: "МИД России", "российская компания «Газпром»"."""
    at = ctx.at
    found = []
    for span in ctx.found.get(of, []):
        if not isinstance(span, Span):
            continue
        root = span.root
        heads = [root]
        if root.dep_ in {"appos", "flat:name"} and root.head.pos_ == "NOUN":
            heads.append(root.head)
        for head in heads:
            found += [
                at[child.i]
                for child in head.children
                if child.i in at
                and child.dep_ in MODIFIERS
                and not has_preposition(child)
                and not span.start <= child.i < span.end
            ]
    return unique(found)


@finders.register("subject")
def subject(ctx: Context, *, agents: bool = False, predicative: bool = False) -> list[Found]:
    """The subject of the trigger or of the verb it depends on, with its conjuncts;
    for a participle, the noun it describes.

    `agents`: a subject that acts for its owner ("президент Казахстана",
    "казахстанские миротворцы": a `state_agents` word) gives the owner.
    `predicative`: only where the noun trigger is what the subject is or
    becomes ("Иванов — глава МВД", "назначен секретарём ШОС"), not where it
    is an object ("Путин встретился с главой МИД").
    """
    at = ctx.at
    if predicative:
        return predicate_subjects(ctx.trigger, at)
    state_agents = ctx.lexicon.sets["state_agents"]
    head = participle_head(ctx.trigger)
    if head is not None:
        if head.i in at:
            return [at[head.i]]
        if agents and head.lemma_ in state_agents:
            return unique(at[t.i] for t in owners(head) if t.i in at)
        return []
    words = subject_tokens(ctx.trigger)
    return unique(
        at[t.i]
        for s in words
        for t in [s, *(owners(s) if agents and s.lemma_ in state_agents else [])]
        if t.i in at
    )


def predicate_subjects(trigger: Token, at: dict[int, Span]) -> list[Found]:
    own = [c for c in trigger.children if c.dep_ in SUBJECTS]
    if not own and trigger.dep_ == "xcomp":
        own = [c for c in trigger.head.children if c.dep_ in SUBJECTS]
    words = own + [c for s in own for c in s.children if c.dep_ == "conj"]
    return unique(at[t.i] for t in words if t.i in at)


@finders.register("agent")
def agent(ctx: Context) -> list[Found]:
    """The agent of a passive or participle trigger, in the instrumental:
    "была основана Индонезией, Малайзией и Таиландом"."""
    return in_case(ctx, "Ins", {"obl", "obl:agent", "nmod"})


@finders.register("dative")
def dative(ctx: Context) -> list[Found]:
    """The recipient in the dative, of the trigger or of the verb it depends on:
    "Афганистану присвоен статус наблюдателя"."""
    return in_case(ctx, "Dat", {"iobj", "obl", "obj", "nmod"})


def in_case(ctx: Context, case: str, relations: set[str]) -> list[Found]:
    """Mentions in `case` without a preposition that depend by one of `relations`
    on the trigger or the words of its clause, with their conjuncts."""
    at = ctx.at
    found = []
    for node in predicates(ctx.trigger):
        for child in node.children:
            if (
                child.i in at
                and child.dep_ in relations
                and child.morph.get("Case") == [case]
                and not has_preposition(child)
            ):
                found.append(at[child.i])
                found += conjunct_mentions(at[child.i], at)
    return unique(found)


@finders.register("object")
def direct_object(ctx: Context, *, names: bool = False) -> list[Found]:
    """The direct object of the trigger and its conjuncts: "покинула СНГ".

    `names`: also the name of a common-noun object ("возглавил банк «Тинькофф»").
    """
    at = ctx.at
    objects = [child for child in ctx.trigger.children if child.dep_ == "obj"]
    if names:
        objects += [n for child in objects if child.i not in at for n in named(child)]
    found = []
    for child in objects:
        if child.i in at:
            found.append(at[child.i])
            found += conjunct_mentions(at[child.i], at)
    return unique(found)


@finders.register("prep_object")
def prep_object(ctx: Context, *, preps: list[str] | None = None) -> list[Found]:
    """A mention one of `preps` introduces, attached to the trigger, to a word
    of its clause, or to one of the trigger's dependents: "статус наблюдателя при
    ШОС", "штаб-квартира в Вене"."""
    allowed = frozenset(preps or ())
    nodes = {t.i for t in predicates(ctx.trigger)}
    nodes |= {child.i for child in ctx.trigger.children}
    return unique(
        span
        for span in ctx.in_sentence()
        if first_conjunct(span.root).head.i in nodes
        and span.root.i != ctx.trigger.i
        and governed(span, allowed)
    )


@finders.register("apposition")
def apposition(ctx: Context) -> list[Found]:
    """A name standing beside a noun trigger: "глава МВД Рашид Нургалиев"."""
    at = ctx.at
    trigger = ctx.trigger
    # the name follows the title, or the title's own modifier ("президента Грузии
    # Михаила Саакашвили", where the parser may hang the name on "Грузии")
    holders = [trigger, *(c for c in trigger.children if c.dep_ in MODIFIERS and c.i not in at)]
    found = [
        at[child.i]
        for holder in holders
        for child in holder.children
        if child.i in at
        and child.dep_ in {"appos", "flat:name", "nmod", "nsubj"}
        and not has_preposition(child)
        and child.i > trigger.i
    ]
    if trigger.dep_ in {"appos", "nmod"} and trigger.head.i in at:
        found.append(at[trigger.head.i])  # "Рашид Нургалиев, глава МВД"
    return unique(found)


@finders.register("conjuncts")
def conjuncts(ctx: Context, *, of: str = "") -> list[Found]:
    """The mentions coordinated with an argument already found for role `of`."""
    at = ctx.at
    found = []
    for span in ctx.found.get(of, []):
        if isinstance(span, Span):
            found += conjunct_mentions(span, at)
    return unique(found)


def conjunct_mentions(span: Span, at: dict[int, Span]) -> list[Span]:
    root = span.root
    return [
        at[token.i]
        for token in root.doc[root.sent.start : root.sent.end]
        if token.i in at and token.dep_ == "conj" and first_conjunct(token).i == root.i
    ]


# -- the trigger's surroundings -------------------------------------------------


@finders.register("subtree")
def subtree(
    ctx: Context, *, preps: list[str] | None = None, relations: list[str] | None = None
) -> list[Found]:
    """Mentions in the trigger's syntactic subtree, else to its right in the same
    clause; a list counts whole ("в ШОС, ОДКБ и СВМДА" gives three).

    A subject that another role accepts is no argument of this one ("Казахстан
    вступил в ВТО": Казахстан is the country); a noun's arguments follow it
    ("членом Совета Безопасности ООН"). `preps`: one of these prepositions
    must introduce the mention ("вышла из ОДКБ", not "из кризиса");
    `relations`: the mention must depend on the trigger by one of these
    ("obj": "покинула СНГ", not "покинула зал заседаний ООН").
    """
    at, trigger = ctx.at, ctx.trigger
    others = ctx.others_at
    subjects = {t.i for s in subject_tokens(trigger) if s.i in others for t in s.subtree}
    first = trigger.i if pos_of(trigger) == "NOUN" else ctx.sent.start
    found = unique(
        at[t.i] for t in trigger.subtree if t.i in at and t.i not in subjects and t.i >= first
    )
    if not found:
        found = to_the_right(ctx)
    if preps:
        found = [span for span in found if governed(span, frozenset(preps))]
    if relations:
        found = [span for span in found if attached(span, trigger, frozenset(relations))]
    return found


def to_the_right(ctx: Context) -> list[Found]:
    trigger, at = ctx.trigger, ctx.at
    found = []
    for token in trigger.doc[trigger.i + 1 : min(trigger.sent.end, trigger.i + RIGHT_WINDOW)]:
        if token.text in CLAUSE_BREAKS:
            break
        if token.i in at:
            found.append(at[token.i])
    return unique(found)


@finders.register("nearest_in_sentence")
def nearest_in_sentence(ctx: Context) -> list[Found]:
    """The mention nearest the trigger anywhere in its sentence: for events whose
    organization stands anywhere ("в Астане состоялся саммит ОБСЕ")."""
    found = sorted(ctx.in_sentence(), key=lambda span: abs(span.start - ctx.trigger.i))
    return found[:1]


@finders.register("nearest_actor")
def nearest_actor(ctx: Context, *, outside: str = "") -> list[Found]:
    """With no subject (a noun trigger, a relative "кто"): the nearest mention before
    the trigger that can act: not a place with a preposition ("в Испании").

    Silent where the sentence says the actor is someone else: a participle
    (its noun is the actor), a nominal subject this role does not accept
    ("министр"), a plural noun trigger ("в странах — членах ОДКБ": members in
    general). `outside`: a role whose arguments' words are not candidates.
    """
    trigger = ctx.trigger
    if participle_head(trigger) is not None:
        return []
    others = ctx.others_at
    if any(s.pos_ in NOMINAL and s.i not in others for s in subject_tokens(trigger)):
        return []
    if trigger.morph.get("Number") == ["Plur"] and pos_of(trigger) == "NOUN":
        return []
    taken = {t.i for span in ctx.found.get(outside, []) if isinstance(span, Span) for t in span}
    candidates = [
        span
        for span in ctx.in_sentence()
        if span.start not in taken and span.end <= trigger.i and actor(span)
    ]
    return candidates[-1:]


def actor(span: Span) -> bool:
    """A place comes with a preposition ("в Испании", "из Южной Кореи"); an actor
    does not ("Казахстана", "Казахстану", "казахстанские")."""
    return span._.source == "coref" or not has_preposition(span.root)


@finders.register("city_country")
def city_country(ctx: Context) -> list[Found]:
    """The country of the first known city in the sentence: "в Алматы" → Казахстан."""
    for city in ctx.index.within(ctx.index.by_type.get("CITY", []), ctx.sent):
        entry = gazetteer().get(city.kb_id_, city._.canonical)
        if entry is None:
            continue
        # a Derived, not a Span: spaCy keeps span attributes per character
        # range, so a COUNTRY span over "Астане" would rename the city itself
        country = gazetteer().get(entry.country_id)
        return [Derived(country.canonical if country else "", entry.country_id, "COUNTRY")]
    return []


@finders.register("listed_next")
def listed_next(ctx: Context) -> list[Found]:
    """ "является членом 40 организаций. В их числе ООН, ОБСЕ": the list in the next sentence."""
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    if number + 1 >= len(index.sents):
        return []
    following = index.sents[number + 1]
    if not following.text.lower().startswith(ctx.lexicon.list_openers):
        return []
    return index.within(ctx.mentions, following)


@finders.register("anaphor")
def anaphor(ctx: Context) -> list[Found]:
    """ "к организации", "в её состав": the mention named last, at most two sentences
    back, when a singular anaphor noun stands by the trigger."""
    if not any(is_anaphor(t, ctx.lexicon) for t in neighbourhood(ctx.trigger)):
        return []
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    earlier = [
        span
        for sent in index.sents[max(0, number - ANAPHORA_SENTENCES) : number + 1]
        for span in index.within(ctx.mentions, sent)
        if span.end <= ctx.trigger.i
    ]
    return earlier[-1:]


def is_anaphor(token, lexicon: Lexicon) -> bool:
    if token.lemma_ not in lexicon.sets["anaphors"] or token.morph.get("Number") == ["Plur"]:
        return False
    modifiers = {child.lemma_ for child in token.children if child.dep_ in {"amod", "det"}}
    return modifiers <= lexicon.sets["anaphor_modifiers"]


# -- time -----------------------------------------------------------------------


@finders.register("date")
def date(ctx: Context) -> list[When]:
    """The date nearest the trigger in its sentence, preferring its syntactic
    neighbours; in a sentence that continues the previous one, that one's last."""
    index, trigger = ctx.index, ctx.trigger
    dates = index.within(ctx.mentions, ctx.sent)
    if dates:
        related = {t.i for t in trigger.subtree} | {t.i for t in trigger.head.children}
        near = [span for span in dates if span.root.i in related]
        return [when_of(min(near or dates, key=lambda span: abs(span.start - trigger.i)))]
    number = index.sentence_index(trigger)
    if number and continues(ctx.sent, ctx.lexicon):
        previous = index.within(ctx.mentions, index.sents[number - 1])
        return [when_of(previous[-1])] if previous else []
    return []


@finders.register("year_in_name")
def year_in_name(ctx: Context, *, of: str = "") -> list[When]:
    """ "ЭКСПО-2017": an event named with its year happened in that year."""
    for span in ctx.found.get(of, []):
        match = YEAR_IN_NAME.search(span.name if isinstance(span, Derived) else name(span))
        if match:
            year = int(match.group(1))
            return [When(str(year), year, year)]
    return []


def when_of(date: Span) -> When:
    return When(date._.value, date._.year_start, date._.year_end)


def continues(sent: Span, lexicon: Lexicon) -> bool:
    words = sent.text.lower().split()
    return " ".join(words[:3]).startswith(lexicon.continuations) or (words[:1] == ["и"])
