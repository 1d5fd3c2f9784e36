"""What stands for an entity: a generic noun, a pronoun, a relative word, a capital,
an official or a contingent, resolved to the mentions it stands for.

"ОЧЭС — это региональная организация, созданная ...": the organization that was
created is "организация", which the dash makes ОЧЭС. "Париж вернулся в НАТО":
the capital acts for its country. "Рота сербских военных вошла в состав сил":
the troops act for Serbia. A resolver only looks; it returns mentions (spaCy
`Span`s) of the role's types or `Derived` countries.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.gazetteer import gazetteer, lookup
from pipeline.patterns.clauses import RELATIVE, clause_of
from pipeline.patterns.context import Context, Derived, Found
from pipeline.patterns.tree import MODIFIERS, NOMINAL, first_conjunct, has_preposition, unique

PERSONAL = {"он", "она", "оно", "они"}
PLACES = {"где", "куда", "откуда"}
GROUPS = {"страна", "государство", "страна-член", "государство-член", "член", "участник"}
LOOK_BACK = 2  # sentences a generic noun or a pronoun may point back over
AGENT_DEPTH = 3  # "министр иностранных дел Сербии": the country three words down


def listed(span: Span, at: dict[int, Span]) -> list[Span]:
    """The mention and the mentions coordinated with it, the whole list whichever
    member is given."""
    root = first_conjunct(span.root)
    first = at.get(root.i, span)
    doc = span.doc
    members = [
        at[t.i]
        for t in doc[root.sent.start : root.sent.end]
        if t.i in at and t.dep_ == "conj" and first_conjunct(t).i == root.i
    ]
    return unique([first, *members])


def stands_for(ctx: Context, token: Token, *, acting: bool = True) -> list[Found]:
    """The mentions of the role's types the word names or stands for, else nothing.
    `acting`: the word is an actor (a subject, an agent, an owner), so an official
    or a capital stands for its country ("принял делегацию Сербии" admits no Serbia)."""
    at = ctx.at
    if token.i in at:
        return listed(at[token.i], at)
    if token.lemma_ in RELATIVE and token.lemma_ not in PLACES:
        head = clause_of(token).head  # "ОДКБ, членами которой являются ...": ОДКБ
        return stands_for(ctx, head, acting=acting) if head is not None else []
    lexicon = ctx.lexicon.sets
    types = ctx.role.types
    if token.lemma_ in lexicon["anaphors"] and "ORGANIZATION" in types:
        return generic(ctx, token)
    if token.lemma_ in lexicon["containers"]:
        # "миссия ООН, в которую ...": the mission stands for the organization it names
        named = [c for c in token.children if c.dep_ == "nmod" and c.i in at]
        return listed(at[named[0].i], at) if named else []
    if token.lemma_ in PERSONAL and token.morph.get("Person") != ["1"]:
        found = pointed_back(ctx, token, subjects_only="COUNTRY" in types)
        return not_a_person(ctx, token, found)
    if token.lemma_ in lexicon["possessive_anaphors"] and "ORGANIZATION" in types:
        # "Китай основал её", "её саммит приняла Индия": the organization named last
        return not_a_person(ctx, token, pointed_back(ctx, token, subjects_only=False))
    if "COUNTRY" in types and acting:
        if token.lemma_ in lexicon["state_agents"] | lexicon["representatives"]:
            return acting_for(ctx, token)
        city = ctx.index.at(("CITY",)).get(token.i)
        if city is not None and not has_preposition(token):
            return capital_country(city)
    return []


def generic(ctx: Context, noun: Token) -> list[Found]:
    """A generic noun ("организация", "союз", "альянс") is the name it is set
    beside: in apposition, across a dash or a copula; else the one named last."""
    if noun.morph.get("Number") == ["Plur"]:
        return []
    at = ctx.at
    beside = [c for c in noun.children if c.dep_ in {"appos", "flat:name", "nsubj"} and c.i in at]
    if noun.dep_ in {"appos", "nsubj"} and noun.head.i in at:
        beside.append(noun.head)
    if beside:
        return listed(at[beside[0].i], at)
    return pointed_back(ctx, noun, subjects_only=False)


def pointed_back(ctx: Context, word: Token, *, subjects_only: bool) -> list[Found]:
    """The mention of the role's types named last before the word, in its sentence
    or the two before; `subjects_only`: a subject there (a country pronoun
    points to the actor, not to a place named in passing)."""
    index = ctx.index
    number = index.sentence_index(word)
    for sent in reversed(index.sents[max(0, number - LOOK_BACK) : number + 1]):
        spans = [s for s in index.within(ctx.mentions, sent) if s.end <= word.i]
        if subjects_only:
            spans = [s for s in spans if not has_preposition(s.root)]
        if spans:
            return [spans[-1]]
    return []


def not_a_person(ctx: Context, pronoun: Token, found: list[Found]) -> list[Found]:
    """A pronoun after a person named since the mention found points to the person
    ("визит Ильхама Алиева в Тегеран и его переговоры"): nothing."""
    people = ctx.index.by_type.get("PERSON", [])
    for value in found:
        if isinstance(value, Span) and any(
            value.end <= person.start and person.end <= pronoun.i for person in people
        ):
            return []
    return found


def acting_for(ctx: Context, agent: Token) -> list[Found]:
    """The countries an official, a delegation or a contingent acts for: the
    countries among its modifiers, down a few words ("министр иностранных дел
    Сербии", "рота сербских военных", "представители Китая и Индии")."""
    at = ctx.at
    found: list[Found] = []
    level = [agent]
    for _ in range(AGENT_DEPTH):
        below = [
            c
            for node in level
            for c in node.children
            if (c.dep_ in MODIFIERS | {"conj"} or c.lemma_ in RELATIVE)
            and all(g.lower_ == "из" for g in c.children if g.dep_ == "case")
        ]
        if any(c.lemma_ in GROUPS and c.morph.get("Number") == ["Plur"] for c in below):
            return []  # "постпреды стран-членов НАТО и России": many states, not one
        for child in below:
            if child.i in at:
                found += listed(at[child.i], at)
            elif child.lemma_ in RELATIVE:  # "Венгрия, чей премьер-министр ..."
                found += stands_for(ctx, child)
        level = [c for c in below if c.i not in at and c.pos_ in NOMINAL | {"ADJ"}]
        if not level:
            break
    return unique(found)


def capital_country(city: Span) -> list[Found]:
    """A capital named as an actor stands for its country: "Анкара вернулась в ОБСЕ"."""
    entry = lookup(city.kb_id_, city._.canonical, city._.source)
    if entry is None or entry.kind != "capital" or not entry.country_id:
        return []
    country = gazetteer().get(entry.country_id)
    return [Derived(country.canonical if country else "", entry.country_id, "COUNTRY", city)]
