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

from pipeline.gazetteer import gazetteer, lookup
from pipeline.grammars.offset import year_offset
from pipeline.patterns.clauses import DASHES, RELATIVE, clause_of
from pipeline.patterns.context import Context, Derived, Found, When, name
from pipeline.patterns.lexicon import Lexicon
from pipeline.patterns.registry import checks, finders
from pipeline.patterns.stand_ins import PERSONAL, stands_for
from pipeline.patterns.tree import (
    MODIFIERS,
    NOMINAL,
    SUBJECTS,
    attached,
    first_conjunct,
    governed,
    has_preposition,
    marked,
    neighbourhood,
    owners,
    participle_head,
    pos_of,
    predicates,
    subject_tokens,
    unique,
)
from pipeline.patterns.tree import conjuncts as coordinated_words

CLAUSE_BREAKS = {";", ":", "—", "–"}
COMPANIONS = {"вместе", "наряду"}
LIST_JOINTS = {",", "и", "а", "также"}  # "Алжир, Египет, Катар, а также Россия"
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
    if len(span) == 1 and span.root.lemma_ in lexicon.sets["anaphors"]:
        return False  # "Альянс принял Черногорию": NER's name for a sentence-initial anaphor
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
        if c.dep_ in MODIFIERS
        and (prepositions or not has_preposition(c))
        and not across_a_verb(c, trigger)
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
    # "вступление Казахстана и Киргизии", "штаб-квартиры Евросоюза и НАТО": the whole list
    found = [at[c.i] for c in modifiers if c.i in at]
    return unique(m for span in found for m in [span, *conjunct_mentions(span, at)])


def across_a_verb(word: Token, head: Token) -> bool:
    """A word hung on a noun across the verb that governs the noun: "Мали,
    Буркина-Фасо и Нигер объявили о создании ..." parsed with "Мали" a modifier of
    "создании". No genitive reaches back over its clause's verb; it is that
    verb's stranded subject (`stranded_subjects`)."""
    if word.i > head.i:
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in word.doc[word.i + 1 : head.i])


def stranded_subjects(trigger: Token) -> list[Token]:
    """The subject the parser hung on a noun after the verb (`across_a_verb`),
    with its conjuncts, when the verb has no subject of its own."""
    verb = clause_verb(trigger)
    if verb is None or any(c.dep_ in SUBJECTS for c in verb.children):
        return []
    found = [
        t
        for t in trigger.sent
        if t.i < verb.i
        and t.pos_ in NOMINAL
        and t.dep_ in MODIFIERS
        and t.head.i > verb.i
        and not has_preposition(t)
    ]
    return found + [c for t in found for c in coordinated_words(t)]


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
def subject(
    ctx: Context,
    *,
    agents: bool = False,
    predicative: bool = False,
    owned: list[str] | None = None,
    passive: bool = False,
) -> list[Found]:
    """The subject of the trigger or of the verb it depends on, with its conjuncts
    and the subjects of gapped clauses ("вступила Чехия, а в 2004 году —
    Словакия"); for a participle, the noun it describes.

    `agents`: a subject that acts for its owners ("власти Мали, Нигера и
    Буркина-Фасо", "казахстанские миротворцы": a `state_agents` word) gives
    them; `owned`: so do subjects with these lemmas ("участие Армении
    заморожено"). `predicative`: only where the noun trigger is what the
    subject is or becomes ("Иванов — глава МВД", "назначен секретарём ШОС"),
    not where it is an object ("Путин встретился с главой МИД"). `passive`: only
    the subject of a passive trigger ("Южный Судан был принят в ООН", not
    "Россия приняла в ООН резолюцию").
    """
    at = ctx.at
    if passive and not any(c.dep_ == "nsubj:pass" for c in ctx.trigger.children):
        return []
    if predicative:
        return predicate_subjects(ctx.trigger, at)
    acting = (ctx.lexicon.sets["state_agents"] if agents else frozenset()) | set(owned or ())
    head = participle_head(ctx.trigger)
    if head is not None:
        # "председательствующей страной был Туркменистан": the noun's own subject
        # names the country, not "страной" read as the article's focus country
        named = [at[c.i] for c in head.children if c.dep_ in SUBJECTS and c.i in at]
        if named:
            return unique(named)
        if head.i in at:
            return [at[head.i]]
        return owned_by(head, at) if head.lemma_ in acting else []
    found: list[Found] = []
    words = [*subject_tokens(ctx.trigger), *gapped_subjects(ctx.trigger)]
    for word in words or stranded_subjects(ctx.trigger):
        if word.i in at:
            found.append(at[word.i])
        elif word.lemma_ in RELATIVE:  # "Ирак, который основал ОПЕК": the antecedent
            found += stands_for(ctx, word)
        else:
            found += spelled_out(word, at)
        if word.lemma_ in acting:
            found += owned_by(word, at)
    found = unique([*detached_first(found, at, ctx.trigger), *found])
    found = after_contrast(found, at, ctx.trigger)
    return unique([*found, *besides(ctx.trigger, at)]) if found else found


def besides(trigger: Token, at: dict[int, Span]) -> list[Span]:
    """ "Помимо Казахстана, в ЕАЭС вступили Армения и Киргизия", "Кроме России, в
    ФСЭГ входят также Алжир ...": the ones named besides the subjects are in it
    too; "кроме" only with "также" or "тоже" ("все, кроме России, вышли")."""
    also = any(t.lower_ in {"также", "тоже"} for t in trigger.subtree)
    found = []
    for child in trigger.children:
        if child.i in at and (marked(child, {"помимо"}) or (also and marked(child, {"кроме"}))):
            found += [at[child.i], *conjunct_mentions(at[child.i], at)]
    # "Армения входит в ЕАЭС вместе с Россией", "наряду с Арменией является членом":
    # the companions share the act, wherever the parser hung "вместе"
    doc = trigger.doc
    near = {trigger.i, *(c.i for c in trigger.children), trigger.head.i}
    for token in trigger.sent:
        if token.lower_ in COMPANIONS and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "с":
            listed = at.get(token.i + 2)
            if listed is not None and (token.head.i in near or listed.root.head.i in near):
                found += [listed, *conjunct_mentions(listed, at)]
    return found


def after_contrast(found: list[Found], at: dict[int, Span], trigger: Token) -> list[Found]:
    """ "A, B и C – члены ШОС, а A (теперь ещё и B) входят в ЕАЭС": whatever the
    parse, subjects before a ", а" that comes before the trigger belong to the
    clause before it when that clause has a predicate of its own (a verb, a
    dash) and the trigger's clause a noun of its own before the trigger;
    "Казахстан, а затем и Киргизия вступили" is one list. A name after
    the "а" that the parser hung on the verb as a conjunct is the subject, with
    what a parenthesis beside it adds."""
    doc = trigger.doc
    cuts = [
        t.i
        for t in trigger.sent
        if t.i < trigger.i and t.lower_ in {"а", "но"} and t.i and doc[t.i - 1].text == ","
    ]
    starts = [span.start for span in found if isinstance(span, Span)]
    if not cuts or not starts or min(starts) > cuts[-1]:
        return found
    between = doc[min(starts) : cuts[-1]]
    if not any(t.pos_ in {"VERB", "AUX"} or t.text in DASHES for t in between):
        return found
    cut = cuts[-1]
    if not any(
        t.pos_ in {*NOMINAL, "PRON"} and not has_preposition(t) for t in doc[cut + 1 : trigger.i]
    ):
        return found  # "X получила статус наблюдателя, а в 2024 году стала членом": one subject
    hung = [c for c in trigger.children if c.dep_ == "conj" and cut < c.i < trigger.i]
    hung += [g for c in hung for g in c.children if g.dep_ == "parataxis"]
    own = [span for span in found if not isinstance(span, Span) or span.start > cut]
    return unique([*own, *(at[t.i] for t in hung if t.i in at)])


def detached_first(found: list[Found], at: dict[int, Span], trigger: Token) -> list[Span]:
    """ "Того, Бенин и Гана вошли в ЭКОВАС": the parser reads a list's first name as
    a pronoun hung on the verb; a mention just before the list, a comma between,
    that depends on the verb without a preposition, is the list's first member."""
    spans = [span for span in found if isinstance(span, Span)]
    if not spans:
        return []
    first = min(spans, key=lambda span: span.start)
    doc = first.doc
    if first.start < 2 or doc[first.start - 1].text != "," or first.start - 2 not in at:
        return []
    before = at[first.start - 2]
    root = before.root
    if before.end != first.start - 1 or before in spans or has_preposition(root):
        return []
    return [before] if root.head.i == trigger.i and root.dep_ in {"parataxis", "dep"} else []


def spelled_out(word: Token, at: dict[int, Span]) -> list[Span]:
    """ "вошли шесть стран: Казахстан, Китай, ...": the list after a colon or a dash
    that names what a common noun counts."""
    found = []
    for child in word.children:
        after_mark = child.i > 0 and word.doc[child.i - 1].text in {":", "—", "–"}
        if child.i in at and child.dep_ in {"appos", "parataxis"} and after_mark:
            found.append(at[child.i])
            found += conjunct_mentions(at[child.i], at)
    return found


def owned_by(token: Token, at: dict[int, Span]) -> list[Span]:
    """The mentions owning `token` ("президент Казахстана") and coordinated with them."""
    found = []
    for owner in owners(token):
        if owner.i in at:
            found.append(at[owner.i])
            found += conjunct_mentions(at[owner.i], at)
    return found


def gapped_subjects(trigger: Token) -> list[Token]:
    """ "вступила Чехия, а в 2004 году — Словакия": the parser hangs the second
    subject as an `orphan` on what is left of its clause, or makes it a
    conjunct of the verb with the clause's remnant as its `orphan`."""
    found = []
    for child in trigger.children:
        orphans = [c for c in child.children if c.dep_ == "orphan"]
        if child.dep_ in {"dep", "conj", "parataxis"}:
            found += orphans
        if child.dep_ == "conj" and child.pos_ in NOMINAL and (orphans or dashed(child)):
            found.append(child)  # "а в мае того же года — Словения": no orphan, a dash
    return found


def dashed(token: Token) -> bool:
    """A dash stands right before the word: what the gapped clause leaves out."""
    return token.i > 0 and token.doc[token.i - 1].text in DASHES


def gapped_clause_start(token: Token) -> int:
    """Where the gapped clause of a dashed remnant begins: after the comma or
    conjunction before it ("…, а в мае того же года — Словения")."""
    for i in range(token.i - 1, token.sent.start - 1, -1):
        if token.doc[i].text == "," or token.doc[i].lower_ in {"а", "и"}:
            return i
    return token.sent.start


COPULAS = {"быть", "стать", "являться", "становиться", "выступить", "выступать"}


def predicate_subjects(trigger: Token, at: dict[int, Span]) -> list[Found]:
    own = [c for c in trigger.children if c.dep_ in SUBJECTS]
    if not own and trigger.dep_ == "xcomp":
        own = [c for c in trigger.head.children if c.dep_ in SUBJECTS]
    modifier = trigger.head
    attributive = modifier.pos_ == "ADJ" or modifier.morph.get("VerbForm") == ["Part"]
    if not own and attributive and modifier.head.lemma_ in COPULAS:
        # "стал принимающей стороной" parsed with the noun under its participle
        own = [c for c in modifier.head.children if c.dep_ in SUBJECTS]
    words = own + [c for s in own for c in s.children if c.dep_ == "conj"]
    return unique(at[t.i] for t in words if t.i in at)


@finders.register("agent")
def agent(ctx: Context, *, agents: bool = False) -> list[Found]:
    """The agent of a passive or participle trigger, in the instrumental:
    "была основана Индонезией, Малайзией и Таиландом".

    `agents`: an agent that acts for its owners gives them ("был подписан
    главами Белоруссии, Казахстана и России").
    """
    found = in_case(ctx, "Ins", {"obl", "obl:agent", "nmod"})
    head = participle_head(ctx.trigger)
    if not found and head is not None:
        # "организация, созданная в 1949 году США, Канадой и ...": the parser may
        # hang the agents on the noun the participle describes
        found = in_case(ctx, "Ins", {"appos", "nmod"}, nodes=[head], after=ctx.trigger.i)
    if agents:
        acting = ctx.lexicon.sets["state_agents"]
        for node in predicates(ctx.trigger):
            for child in node.children:
                if child.lemma_ in acting and child.morph.get("Case") == ["Ins"]:
                    found += owned_by(child, ctx.at)
    return unique(found)


@finders.register("dative")
def dative(ctx: Context) -> list[Found]:
    """The recipient in the dative, of the trigger or of the verb it depends on:
    "Афганистану присвоен статус наблюдателя"."""
    return in_case(ctx, "Dat", {"iobj", "obl", "obj", "nmod"})


def in_case(
    ctx: Context,
    case: str,
    relations: set[str],
    nodes: list[Token] | None = None,
    after: int = -1,
) -> list[Found]:
    """Mentions in `case` without a preposition that depend by one of `relations`
    on the trigger or the words of its clause (or on `nodes`, past token `after`),
    with their conjuncts. An indeclinable first conjunct ("США, Канадой и ...")
    takes the list's case."""
    at = ctx.at
    found = []
    for node in nodes if nodes is not None else predicates(ctx.trigger):
        for child in node.children:
            if child.i not in at or child.dep_ not in relations or has_preposition(child):
                continue
            if child.i <= after:
                continue
            listed = [at[child.i], *conjunct_mentions(at[child.i], at)]
            if any(span.root.morph.get("Case") == [case] for span in listed):
                found += listed
    return unique(found)


@finders.register("object")
def direct_object(
    ctx: Context,
    *,
    names: bool = False,
    oblique: bool = False,
    owned: list[str] | None = None,
) -> list[Found]:
    """The direct object of the trigger and its conjuncts: "покинула СНГ".

    `names`: also the name of a common-noun object ("возглавил банк «Тинькофф»").
    `oblique`: also an accusative without a preposition the parser calls `obl`
    ("принял в свои ряды Армению"). `owned`: an object with one of these lemmas
    gives its owners ("ЭКОВАС приостановил членство Гвинеи").
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
        elif child.lemma_ in (owned or ()):
            found += owned_by(child, at)
    if oblique and not found:
        found = in_case(ctx, "Acc", {"obl"}, nodes=[ctx.trigger])
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


@finders.register("apposed")
def apposed(ctx: Context) -> list[Found]:
    """A name set beside a common-noun trigger in the noun's case ("сбит страной НАТО
    Турцией"), or named among a plural one ("среди стран НАТО Турция"), whatever
    relation the parser gave it."""
    trigger, at = ctx.trigger, ctx.at
    case = trigger.morph.get("Case")
    among = marked(trigger, {"среди"}) and trigger.morph.get("Number") == ["Plur"]
    found: list[Found] = []
    for child in trigger.children:
        if child.i not in at or has_preposition(child) or child.i < trigger.i:
            continue
        if child.dep_ not in {"appos", "nmod", "nsubj", "flat", "flat:name"}:
            continue
        if child.morph.get("Case") == case or (among and child.morph.get("Case") == ["Nom"]):
            found += [at[child.i], *conjunct_mentions(at[child.i], at)]
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
    ctx: Context,
    *,
    preps: list[str] | None = None,
    relations: list[str] | None = None,
    not_preps: list[str] | None = None,
    kinds: list[str] | None = None,
) -> list[Found]:
    """Mentions in the trigger's syntactic subtree, else to its right in the same
    clause; a list counts whole ("в ШОС, ОДКБ и СВМДА" gives three).

    A subject that another role accepts is no argument of this one ("Казахстан
    вступил в ВТО": Казахстан is the country); a noun's arguments follow it
    ("членом Совета Безопасности ООН"). `preps`: one of these prepositions
    must introduce the mention ("вышла из ОДКБ", not "из кризиса");
    `relations`: the mention must depend on the trigger by one of these
    ("obj": "покинула СНГ", not "покинула зал заседаний ООН"); `not_preps`: none
    of these may ("представительство при ОБСЕ" is a delegation to it); `kinds`:
    the gazetteer must know the mention as one of these ("mission": "служат в
    МООНЮС").
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
    if not_preps:
        found = [span for span in found if not governed(span, frozenset(not_preps))]
    if kinds:
        found = [span for span in found if kind_of(span) in kinds]
    return found


def kind_of(span: Span) -> str:
    """The gazetteer's kind of a linked mention ("mission", "forum", ...), else ""."""
    entry = lookup(span.kb_id_, span._.canonical, span._.source)
    return entry.kind if entry is not None else ""


def to_the_right(ctx: Context) -> list[Found]:
    trigger, at = ctx.trigger, ctx.at
    found = []
    for token in trigger.doc[trigger.i + 1 : min(trigger.sent.end, trigger.i + RIGHT_WINDOW)]:
        if token.text in CLAUSE_BREAKS:
            break
        if token.i in at:
            found.append(at[token.i])
    return unique(found)


@finders.register("copula_subject")
def copula_subject(ctx: Context, *, copulas: list[str] | None = None) -> list[Found]:
    """A second reading of "председательствующей страной в ОДКБ была Армения", which
    the parser often breaks apart: the subject of a copula after the trigger in
    its sentence, when the copula's predicate (or the copula itself) has one."""
    words = set(copulas or ("быть", "стать", "являться"))
    at, trigger = ctx.at, ctx.trigger
    found = []
    for token in ctx.sent:
        if token.i <= trigger.i or token.lemma_ not in words:
            continue
        heads = [token, token.head] if token.dep_ == "cop" else [token]
        named = [at[c.i] for h in heads for c in h.children if c.dep_ in SUBJECTS and c.i in at]
        found += [*named, *(m for span in named for m in conjunct_mentions(span, at))]
    return unique(found)


@finders.register("late_subject")
def late_subject(ctx: Context) -> list[Found]:
    """A second reading where the parser took the object for a second subject:
    "Мали, Буркина-Фасо и Нигер покинули ЭКОВАС" with ЭКОВАС as `nsubj`. Only
    a subject after the trigger, when another subject stands before it."""
    subjects = [c for c in ctx.trigger.children if c.dep_ in SUBJECTS]
    if not any(s.i < ctx.trigger.i for s in subjects):
        return []
    at = ctx.at
    return unique(at[s.i] for s in subjects if s.i > ctx.trigger.i and s.i in at)


@finders.register("nearest_in_sentence")
def nearest_in_sentence(ctx: Context, *, not_preps: list[str] | None = None) -> list[Found]:
    """The mention nearest the trigger anywhere in its sentence: for events whose
    organization stands anywhere ("в Астане состоялся саммит ОБСЕ"). `not_preps`:
    none of these may introduce it ("переговоры с ЕС" are with the Union, not its)."""
    mentions = [
        span for span in ctx.in_sentence() if not governed(span, frozenset(not_preps or ()))
    ]
    found = sorted(mentions, key=lambda span: abs(span.start - ctx.trigger.i))
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
    subjects = subject_tokens(trigger)
    if any(s.pos_ in NOMINAL and s.i not in others for s in subjects):
        return []
    if any(s.lemma_ in PERSONAL for s in subjects):
        return []  # "он выступает партнёром России и членом ШОС": someone named before
    if trigger.morph.get("Number") == ["Plur"] and pos_of(trigger) == "NOUN":
        return []
    taken = {t.i for span in ctx.found.get(outside, []) if isinstance(span, Span) for t in span}
    own = clause_of(trigger).predicate.i
    candidates = [
        span
        for span in ctx.in_sentence()
        if span.start not in taken
        and span.end <= trigger.i
        and actor(span)
        and not embedded_elsewhere(span, own)
    ]
    return candidates[-1:]


def embedded_elsewhere(span: Span, own: int) -> bool:
    """The mention is inside a relative or participle clause that is not the
    trigger's ("ОБСЕ, председателем которой был Казахстан, провела саммит": the
    summit is not Kazakhstan's)."""
    clause = clause_of(span.root)
    return clause.kind in {"relative", "participle"} and clause.predicate.i != own


def actor(span: Span) -> bool:
    """A place comes with a preposition ("в Испании", "из Южной Кореи"); an actor
    does not ("Казахстана", "Казахстану", "казахстанские")."""
    return span._.source == "coref" or not has_preposition(span.root)


@finders.register("listed_before")
def listed_before(ctx: Context, *, nouns: list[str] | None = None) -> list[Found]:
    """ "В 1994 году Казахстан, Киргизия и Узбекистан подписали ... В 1998 году эти
    три государства вступили ...": a subject of several `nouns` pointed at by
    "этот" stands for the list of the sentence before."""
    words = set(nouns or ("страна", "государство"))
    pointing = []
    for word in subject_tokens(ctx.trigger):
        counts = [c for c in word.children if c.dep_.startswith("nummod")]
        several = word.morph.get("Number") == ["Plur"] or counts
        # "эти три государства": the parser may hang "эти" on the numeral
        demonstrative = any(
            c.lemma_ in {"этот", "данный"} for w in [word, *counts] for c in w.children
        )
        if word.lemma_ in words and several and demonstrative:
            pointing.append(word)
    if not pointing:
        return []
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    for sent in reversed(index.sents[max(0, number - ANAPHORA_SENTENCES) : number]):
        listed = [
            span
            for span in index.within(ctx.mentions, sent)
            if span.root.dep_ == "conj" or conjunct_mentions(span, ctx.at)
        ]
        if len(listed) >= 2:
            return unique(listed)
    return []


@finders.register("listed_after_colon")
def listed_after_colon(ctx: Context, *, reach: int = 6) -> list[Found]:
    """ "Страны — члены ЕАЭС: Армения, Белоруссия и Россия", "Основатели ОПЕК: Иран,
    Ирак ...": the list after a colon that closes the trigger's phrase (at most
    `reach` words of its own or of mentions between them). The list is read from
    the words, not from the tree: the parser hangs it anywhere."""
    trigger = ctx.trigger
    doc, end = trigger.doc, trigger.sent.end
    phrase = {t.i for t in trigger.subtree} | set(ctx.others_at)
    colon = next(
        (i for i in range(trigger.i + 1, min(end, trigger.i + reach + 2)) if doc[i].text == ":"),
        None,
    )
    if colon is None or any(i not in phrase for i in range(trigger.i + 1, colon)):
        return []
    return word_list(ctx.at, colon + 1, end, forward=True)


@finders.register("listed_before_dash")
def listed_before_dash(ctx: Context, *, reach: int = 2) -> list[Found]:
    """ "Армения и Россия – члены ЕАЭС": the list right before a dash that opens the
    trigger's phrase (at most `reach` words before the trigger: "— полноправные
    члены"), read from the words; the parser makes it the root, an apposition
    or a parataxis as it likes."""
    trigger = ctx.trigger
    doc, start = trigger.doc, trigger.sent.start
    dash = next(
        (
            i
            for i in range(trigger.i - 1, max(start, trigger.i - reach - 1) - 1, -1)
            if doc[i].text in DASHES
        ),
        None,
    )
    if dash is None or any(doc[i].pos_ not in {"ADJ", "DET"} for i in range(dash + 1, trigger.i)):
        return []
    listed = word_list(ctx.at, dash - 1, start - 1, forward=False)
    # what the dash predicates of is in the nominative: not "Лидеры Армении и России –"
    if any(span.root.morph.get("Case") not in (["Nom"], ["Acc"], []) for span in listed):
        return []
    return listed


def word_list(at: dict[int, Span], first: int, stop: int, *, forward: bool) -> list[Span]:
    """Mentions joined by commas, "и" and ", а также" from token `first` on (or
    back), up to `stop`."""
    found: list[Span] = []
    i = first
    step = 1 if forward else -1
    while (
        i != stop
        and (span := at.get(i)) is not None
        and i == (span.start if forward else span.end - 1)
    ):
        found.append(span)
        i = span.end if forward else span.start - 1
        while i != stop and span.doc[i].lower_ in LIST_JOINTS:
            i += step
    return found if forward else found[::-1]


@finders.register("unit_country")
def unit_country(ctx: Context) -> list[Found]:
    """A named national unit as the subject: "Казбат участвовал в операциях ...",
    where the text defines "Казбат — Казахстанский миротворческий батальон".
    The country is the one the definition names, by a demonym or by name."""
    names = {w.text for w in subject_tokens(ctx.trigger) if w.pos_ in NOMINAL}
    if not names:
        return []
    at = ctx.at
    found: list[Found] = []
    doc = ctx.doc
    for span in doc.spans.get("entities", []):
        if span.label_ != "ORGANIZATION":
            continue
        if span[0].text in names and len(span) > 1:
            definition = span[1:]  # "Казбат - Казахстанский миротворческий батальон"
        elif span.start > 1 and doc[span.start - 1].text in DASHES:
            if doc[span.start - 2].text not in names:
                continue
            definition = span  # "Армбат" + "—" + "Армянский миротворческий батальон"
        else:
            continue
        for token in definition:
            if token.i in at:
                found.append(at[token.i])
            elif token.pos_ == "ADJ" and (entry := gazetteer().adjective(token.lemma_)):
                country = gazetteer().get(entry.country_id)
                found.append(
                    Derived(country.canonical if country else "", entry.country_id, "COUNTRY")
                )
    return unique(found)


@finders.register("agent_before")
def agent_before(ctx: Context) -> list[Found]:
    """A state agent of no named country as the subject ("Казахстан направляет
    миротворцев. Первый контингент был направлен в миссию ООН ..."): it acts for
    the country that was the subject of a sentence just before."""
    agents = ctx.lexicon.sets["state_agents"]
    subjects = [w for w in subject_tokens(ctx.trigger) if w.pos_ in NOMINAL]
    if not subjects or any(w.lemma_ not in agents for w in subjects):
        return []
    owning = [o for w in subjects for o in owners(w)]
    if any(o.pos_ in NOMINAL or gazetteer().adjective(o.lemma_) for o in owning):
        return []  # "контингент НАТО", "турецкий контингент": someone named
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    for sent in reversed(index.sents[max(0, number - ANAPHORA_SENTENCES) : number]):
        acting = [span for span in index.within(ctx.mentions, sent) if span.root.dep_ in SUBJECTS]
        if acting:
            return unique(acting)
    return []


@finders.register("city_country")
def city_country(ctx: Context, *, attached: bool = False) -> list[Found]:
    """The country of the first known city in the sentence: "в Алматы" → Казахстан.

    `attached`: only a city the trigger or its clause governs ("саммит ОДКБ в
    Ереване", not "саммит обсудил положение в Кабуле").
    """
    nodes = {t.i for t in predicates(ctx.trigger)}
    cities = ctx.index.within(ctx.index.by_type.get("CITY", []), ctx.sent)
    cities = [city for city in cities if not dateline(city)]
    for n, city in enumerate(cities):
        if attached and (city.root.head.i not in nodes or not has_preposition(city.root)):
            continue
        country = host_country(city)
        if country is None:
            continue  # a city no list knows: the next one may be the host
        # "в 2019 году в Бишкеке прошёл саммит ШОС, а в 2020 году — в Москве"
        later = [host_country(other) for other in cities[n + 1 :] if gapped_place(city, other)]
        return unique([country, *(found for found in later if found is not None)])
    return capital_of(ctx, nodes if attached else None)


def dateline(city: Span) -> bool:
    """An agency's dateline, "БРЮССЕЛЬ, 3 мая (Reuters) —": the city it was filed
    in, in capitals, opening the sentence; no place where anything happened."""
    return city.start == city.sent.start and city.text.isupper() and len(city.text) > 3


def capital_of(ctx: Context, nodes: set[int] | None) -> list[Found]:
    """ "в столице Казахстана", "в казахстанской столице": the capital a sentence
    names by its country. `nodes`: the words the capital must hang on (attached)."""
    countries = ctx.index.at(("COUNTRY",))
    for token in ctx.sent:
        if token.lemma_ != "столица" or not marked(token, {"в", "во"}):
            continue
        if nodes is not None and token.head.i not in nodes:
            continue
        owning = [c for c in token.children if c.dep_ in MODIFIERS and c.i in countries]
        if owning:
            return [countries[owning[0].i]]
    return []


def host_country(city: Span) -> Derived | None:
    entry = lookup(city.kb_id_, city._.canonical, city._.source)
    if entry is None:
        return None
    # a Derived, not a Span: spaCy keeps span attributes per character
    # range, so a COUNTRY span over "Астане" would rename the city itself
    country = gazetteer().get(entry.country_id)
    return Derived(country.canonical if country else "", entry.country_id, "COUNTRY", city)


def gapped_place(first: Span, later: Span) -> bool:
    """`later` is all a gapped clause keeps: "..., а в 2020 году — в Москве", read
    from the words (a dash, then the preposition and the city)."""
    doc = later.doc
    if later.start < 2 or doc[later.start - 1].lower_ not in {"в", "во"}:
        return False
    if doc[later.start - 2].text not in DASHES:
        return False
    return any(
        doc[i].lower_ in {"а", "и"} and doc[i - 1].text == ","
        for i in range(first.end + 1, later.start - 2)
    )


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


@finders.register("clause_before")
def clause_before(
    ctx: Context, *, verbs: list[str] | None = None, preps: list[str] | None = None
) -> list[Found]:
    """ "в НАТО вступили Польша и Венгрия: в марте присоединилась Чехия": a trigger
    with no object of its own shares the one that `preps` introduce in the clause
    of one of `verbs` before it, in its sentence, else (when its sentence names
    none of the role's mentions) in the sentence before ("В 2007 году в ЕС
    вступили Болгария и Румыния. В 2013 году присоединилась Хорватия.").
    "..., а позже присоединился к соглашению" has an object: nothing."""
    trigger, wanted, verbs = ctx.trigger, frozenset(preps or ()), frozenset(verbs or ())
    dated = {i for span in trigger.doc.spans.get("dates", []) for i in range(span.start, span.end)}
    if any(
        child.i not in dated and marked(child, wanted) for child in trigger.children
    ):  # "присоединился к соглашению"; "в марте" is no object
        return []
    index = ctx.index
    number = index.sentence_index(trigger)
    sentences = [ctx.sent]
    if number and not index.within(ctx.mentions, ctx.sent):
        sentences.append(index.sents[number - 1])
    own = {t.i for t in trigger.subtree}
    for sent in sentences:
        mentions = index.within(ctx.mentions, sent)
        earlier = [t for t in sent if t.i < trigger.i and t.lemma_ in verbs and t.i not in own]
        for verb in reversed(earlier):
            inside = {t.i for t in verb.subtree} - own
            found = [
                span
                for span in mentions
                if span.root.i in inside and span.end <= trigger.i and governed(span, wanted)
            ]
            if found:
                return found
    return []


@finders.register("anaphor")
def anaphor(
    ctx: Context,
    *,
    nouns: list[str] | None = None,
    modifiers: list[str] | None = None,
    possessed: list[str] | None = None,
    bare: list[str] | None = None,
) -> list[Found]:
    """ "к организации", "в её состав": the mention named last, at most two sentences
    back, when a singular anaphor noun stands by the trigger. A pronoun ("в неё
    входят") points to the topic of the sentence before it: its first mention
    ("Хотя ФСЭГ называют газовой ОПЕК, ... В неё входят": ФСЭГ).

    `nouns` with one of `modifiers` are definite descriptions of that mention for
    this pattern: "учредительный договор подписали" after the union was named
    is the union's founding treaty. `possessed`: nouns whose possessive pronoun
    points back too ("договор о его создании подписали"), only these: "к его
    инициативе" is a person's as often as an organization's. `bare`: trigger
    words that point back by themselves ("ШОС основана в 2001 году.
    Государствами-основателями являются ...").
    """
    described = frozenset(nouns or ()), frozenset(modifiers or ())
    near = neighbourhood(ctx.trigger)
    anaphors = [t for t in near if is_anaphor(t, ctx.lexicon) or describes(t, *described)]
    if ctx.trigger.lemma_ in (bare or ()):
        anaphors.append(ctx.trigger)
    anaphors += [
        child
        for t in near
        if t.lemma_ in (possessed or ())
        for child in t.children
        if child.lemma_ in ctx.lexicon.sets["possessive_anaphors"]
        and child.dep_ in {"nmod", "det"}
        and child.morph.get("Number") != ["Plur"]
    ]
    if not anaphors:
        return []
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    sentences = [
        [span for span in index.within(ctx.mentions, sent) if span.end <= ctx.trigger.i]
        for sent in index.sents[max(0, number - ANAPHORA_SENTENCES) : number + 1]
    ]
    if all(t.lemma_ in ctx.lexicon.sets["pronoun_anaphors"] for t in anaphors):
        named = [spans for spans in sentences if spans]
        return named[-1][:1] if named else []
    return [span for spans in sentences for span in spans][-1:]


def is_anaphor(token: Token, lexicon: Lexicon) -> bool:
    if token.lemma_ in lexicon.sets["pronoun_anaphors"]:
        # "в неё входят", "к нему присоединилась": a pronoun after a preposition
        return token.morph.get("Number") != ["Plur"] and has_preposition(token)
    if token.lemma_ not in lexicon.sets["anaphors"] or token.morph.get("Number") == ["Plur"]:
        return False
    modifiers = {child.lemma_ for child in token.children if child.dep_ in {"amod", "det"}}
    return modifiers <= lexicon.sets["anaphor_modifiers"]


def describes(token: Token, nouns: frozenset[str], modifiers: frozenset[str]) -> bool:
    if token.lemma_ not in nouns or any(c.dep_ in MODIFIERS - {"amod"} for c in token.children):
        return False  # "договор о дружбе" names its own subject
    return any(c.dep_ == "amod" and c.lemma_ in modifiers for c in token.children)


# -- time -----------------------------------------------------------------------


@finders.register("date")
def date(ctx: Context) -> list[When]:
    """The date nearest the trigger in its sentence, preferring its syntactic
    neighbours; in a sentence that continues the previous one, that one's last.
    An argument of a gapped clause has the clause's own date ("в 1999 году
    вступила Чехия, а в 2004 году — Словакия")."""
    index, trigger = ctx.index, ctx.trigger
    dates = index.within(ctx.mentions, ctx.sent)
    phrase = detached_phrase(trigger) or detached_phrase(trigger.head)
    if phrase is not None:  # "Россия, член Совета Европы с 1996 года, вышла ..."
        own = [when_of(d) for d in dates if phrase[0] < d.start < phrase[1]][:1]
        # "Саммит АТЭС 2012 года, проходивший во Владивостоке": the noun's own date
        head = trigger.head if trigger.dep_ in {"acl", "amod"} else None
        named = {t.i for t in head.subtree} if head is not None else set()
        return (
            own
            or [
                when_of(d)
                for d in dates
                if d.start in named and not phrase[0] < d.start < phrase[1]
            ][:1]
        )
    others = [detached_phrase(t) for t in ctx.sent if t.i != trigger.i]
    dates = [d for d in dates if not any(p and p[0] < d.start < p[1] for p in others)]
    shift = None
    for found in ctx.found.values():
        for span in found:
            if isinstance(span, Derived):
                span = span.source
            if not isinstance(span, Span):
                continue
            root = span.root
            remnants = [root.head] if root.dep_ == "orphan" else []
            remnants += [c for c in root.children if c.dep_ == "orphan"]
            own = [d for d in dates for t in remnants if d.start <= t.i < d.end]
            if not own and root.dep_ == "conj" and dashed(root):
                own = [d for d in dates if gapped_clause_start(root) < d.start < root.i]
            if own:
                return [when_of(own[0])]
            # "..., а Албания — пятью годами позже": counted from the clause's date
            words = [t.text for r in remnants for t in r.subtree if t.i != root.i]
            shift = year_offset(words) if shift is None else shift
    clause = clause_of(trigger).tokens
    if shift is None and not any(d.start in clause for d in dates):
        # "а годом позже к организации присоединилась Беларусь", "Спустя два года ...":
        # the clause counts from the date before it, in its sentence or the one before
        shift = year_offset([ctx.doc[i].text for i in sorted(clause)])
        if shift is not None:
            base = date_of_clause(ctx, trigger, [d for d in dates if d.start < trigger.i])
            base = base or date_before(ctx)
            return [shifted(base[0], shift)] if base and base[0].year_start else []
    if shift is not None:
        base = date_of_clause(ctx, trigger, dates)
        return [shifted(base[0], shift)] if base and base[0].year_start else []
    return date_of_clause(ctx, trigger, dates)


def date_before(ctx: Context) -> list[When]:
    """The last date of the sentence before the trigger's."""
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    previous = index.within(ctx.mentions, index.sents[number - 1]) if number else []
    return [when_of(previous[-1])] if previous else []


def shifted(when: When, years: int) -> When:
    """A year counted from another date ("пятью годами позже")."""
    year = (when.year_start or 0) + years
    return When(str(year), year, year)


def date_of_clause(ctx: Context, trigger: Token, dates: list[Span]) -> list[When]:
    """The date nearest the trigger in its clause, else the sentence's it continues."""
    index = ctx.index
    if dates:
        related = {t.i for t in trigger.subtree} | {t.i for t in trigger.head.children}
        near = [span for span in dates if span.root.i in related]
        # else the nearest, unless it dates a coordinated clause ("в процессе
        # присоединения к ВТО проблема оставалась ... и была урегулирована в декабре")
        own = clause_verb(trigger)
        near = near or [s for s in dates if not other_clause(trigger, own, s)]
        if near:
            return [when_of(min(near, key=lambda span: abs(span.start - trigger.i)))]
        return []
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


@finders.register("date_of")
def date_of(ctx: Context, *, of: str = "") -> list[When]:
    """The date beside the argument of role `of` where an earlier sentence named it
    (the argument itself, or the same entity in the sentence just before): "Союз
    был учреждён в 1993 году. Учредительный договор подписали ..." signs it in
    1993. Only for patterns whose act is the one that sentence dates."""
    index = ctx.index
    for span in ctx.found.get(of, []):
        if not isinstance(span, Span):
            continue
        if span.end > ctx.sent.start:  # named here: "СНГ было основано 8 декабря 1991
            span = named_before(ctx, span)  # года. Соглашение о создании СНГ подписали ..."
            if span is None:
                continue
        dates = index.within(ctx.mentions, span.sent)
        if dates:
            return [when_of(min(dates, key=lambda d: abs(d.start - span.start)))]
    return []


def named_before(ctx: Context, span: Span) -> Span | None:
    """The same entity's mention in the sentence before the trigger's, if any."""
    index = ctx.index
    number = index.sentence_index(ctx.trigger)
    if not number or not span.kb_id_:
        return None
    before = index.within(index.mentions((span.label_,)), index.sents[number - 1])
    same = [mention for mention in before if mention.kb_id_ == span.kb_id_]
    return same[-1] if same else None


def detached_phrase(token: Token) -> tuple[int, int] | None:
    """The bounds of an apposition or participle set off by a comma or dash ("Польша,
    вступившая в НАТО в 1999 году, в 2004 году вошла в ЕС"): its dates are its
    own, and the clause around it does not take them."""
    doc = token.doc
    if (
        token.dep_ not in {"appos", "acl"}
        or not token.i
        or doc[token.i - 1].text not in {",", *DASHES}
    ):
        return None
    end = next(
        (i for i in range(token.i + 1, token.sent.end) if doc[i].text in {",", *DASHES}),
        None,
    )
    # set off on both sides: a phrase that runs to the sentence's end ("стал первой
    # страной СНГ, председательствовавшей в ОБСЕ") is dated by the clause
    return None if end is None else (token.i - 1, end)


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause the token is in: itself or its nearest verbal ancestor."""
    for _ in range(8):
        if token.pos_ in {"VERB", "AUX"}:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def other_clause(trigger: Token, own: Token | None, date: Span) -> bool:
    """The date belongs to a clause coordinated with the trigger's, whose verb stands
    between them (a date beside the trigger is its own, however it is parsed)."""
    verb = clause_verb(date.root)
    if not coordinated(own, verb) or verb is None:
        return False
    return min(trigger.i, date.start) < verb.i < max(trigger.i, date.start)


def coordinated(first: Token | None, second: Token | None) -> bool:
    """Two different clauses joined by coordination, neither inside the other but
    through a `conj`: their times are their own."""
    if first is None or second is None or first.i == second.i:
        return False

    def governs(upper: Token, lower: Token) -> bool:
        node = lower
        for _ in range(12):
            if node.i == upper.i:
                return True
            if node.dep_ == "conj" or node.head.i == node.i:
                return False
            node = node.head
        return False

    return not governs(first, second) and not governs(second, first)


def when_of(date: Span) -> When:
    return When(date._.value, date._.year_start, date._.year_end)


# "И если ...", "И хотя ...": a condition or a concession, no continued narrative
SUBORDINATE_OPENERS = {"если", "хотя"}


def continues(sent: Span, lexicon: Lexicon) -> bool:
    words = sent.text.lower().split()
    if " ".join(words[:3]).startswith(lexicon.continuations):
        return True
    return words[:1] == ["и"] and not SUBORDINATE_OPENERS & set(words[1:2])
