"""Roles by government: a trigger's pack entry says how each role is marked, and the
arguments are the mentions of the trigger's clause marked so.

A mark is a case ("nom", "acc", "gen", "dat", "ins") or a preposition with its
case ("в+acc", "к+dat", "из+gen", "в+loc"). Marks are written for the active
voice; in a passive clause the subject's mark becomes the instrumental agent's
and the object's the subject's ("ШОС была создана Китаем": создать is nom →
Китай, acc → ШОС). "gen" is the genitive (or demonym) of a noun trigger
("вступление Казахстана").

Where the mark lands is read from the clause (`pipeline.patterns.clauses`): a
participle's noun and the antecedent of "который" fill the role their own
case stands for; an infinitive takes the subject of the verb it completes.
What a generic noun, a pronoun, a capital or an official stands for is
`pipeline.patterns.stand_ins`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.lemmatizer import analyzer
from pipeline.patterns.argument_finders import COPULAS, besides, predicate_subjects
from pipeline.patterns.clauses import RELATIVE, Clause, accusative, clause_of
from pipeline.patterns.context import Context, Found
from pipeline.patterns.registry import finders
from pipeline.patterns.stand_ins import PERSONAL, stands_for
from pipeline.patterns.tree import (
    MODIFIERS,
    NOMINAL,
    SUBJECTS,
    could_be,
    first_conjunct,
    pos_of,
    unique,
)

CASES = {"nom": "Nom", "gen": "Gen", "dat": "Dat", "acc": "Acc", "ins": "Ins", "loc": "Loc"}
# what the dependency relation says of a word whose case the form does not show
# ("США", "Того", "НАТО")
CASE_BY_RELATION = {
    "Nom": {"nsubj", "nsubj:pass"},
    "Acc": {"obj"},
    "Ins": {"obl:agent", "obl", "nmod"},
    "Dat": {"iobj", "obl"},
    "Gen": {"nmod"},
}
PASSIVE = {"nom": "ins", "acc": "nom"}
DEPENDENTS = {"amod", "det", "nmod", "nummod"}  # a noun's own words, not the verb's


def parse_mark(mark: str) -> tuple[str, str]:
    """("в", "Acc") for "в+acc", ("", "Nom") for "nom"; ValueError for anything else."""
    prep, _, case = mark.rpartition("+")
    if case not in CASES or (prep and not prep.isalpha()) or ("+" in mark and not prep):
        raise ValueError(
            f"{mark!r} is no mark: a case ({', '.join(CASES)}) or a preposition+case ('в+acc')"
        )
    return prep.lower(), CASES[case]


@finders.register("governed")
def governed(
    ctx: Context, *, marks: list[str] | None = None, heads: list[str] | None = None
) -> list[Found]:
    """The mentions of the trigger's clause marked as one of `marks` says, in order
    of the marks: the first mark that finds something wins. `heads`: nouns that
    carry the mark for the mention they name ("принял саммит ШОС": the summit is
    the object, ШОС its genitive), besides the lexicon's `containers`."""
    clause = clause_of(ctx.trigger)
    containers = ctx.lexicon.sets["containers"] | set(heads or ())
    for mark in marks or ():
        prep, case = parse_mark(mark)
        if pos_of(ctx.trigger) == "NOUN" and case == "Nom" and not prep:
            found = what_it_is(ctx)
            if not found and ctx.trigger.dep_ in {"obj", "obl"}:
                # "приняла участие", "стала членом": the light verb's subject acts
                found = marked_in(ctx, clause, prep, case, containers)
        else:
            found = marked_in(ctx, clause, prep, case, containers)
        if found:
            return unique([*found, *besides(ctx.trigger, ctx.at)]) if case == "Nom" else found
    return []


def what_it_is(ctx: Context) -> list[Found]:
    """The subject of a noun trigger is what the noun is said to be: across a copula
    ("Армения является членом ЕАЭС") or in a relative clause whose relative word is
    the predicate ("постоянные члены Совбеза, которыми являются Китай и Франция")."""
    trigger = ctx.trigger
    found: list[Found] = list(predicate_subjects(trigger, ctx.at))
    if not found:  # "Пекин стал одним из основателей ШОС": a capital, an official
        for subject in copula_subjects(trigger):
            found += stands_for(ctx, subject)
    clause = clause_of(trigger)
    if not found and clause.kind in {"participle", "relative"} and clause.head is not None:
        # "Монголия, ставшая наблюдателем", "Монголия, которая стала наблюдателем"
        relative = clause.relative
        if clause.kind == "participle" or (relative and relative.morph.get("Case") == ["Nom"]):
            found += stands_for(ctx, clause.head)
    for child in trigger.children:
        if child.dep_ != "acl:relcl":
            continue
        relative = clause_of(child).relative
        if relative is None or relative.morph.get("Case") != ["Ins"]:
            continue
        for subject in child.children:
            if subject.dep_ in SUBJECTS:
                found += stands_for(ctx, subject)
    return unique(found)


COPULA_DEPTH = 3


def copula_subjects(noun: Token) -> list[Token]:
    """The subjects of the copula a noun is the predicate of, up through "одним из"
    and the like: "Пекин стал одним из основателей", "Индия является членом"."""
    node = noun
    for _ in range(COPULA_DEPTH):
        subjects = [c for c in node.children if c.dep_ in SUBJECTS and c.i != noun.i]
        if subjects:
            return [*subjects, *(c for s in subjects for c in s.conjuncts)]
        if node.head.i == node.i or node.dep_ not in {"nmod", "xcomp", "obl", "root"}:
            return []
        node = node.head
        if node.pos_ in {"VERB", "AUX"} and node.lemma_ not in COPULAS | {"оставаться"}:
            return []
    return []


def marked_in(
    ctx: Context, clause: Clause, prep: str, case: str, containers: frozenset[str] | set[str]
) -> list[Found]:
    if case == "Gen" and not prep:
        return genitives(ctx, ctx.trigger)
    # an actor (the active subject, in the passive the agent) may be a capital or an
    # official standing for its country; an object may not ("принял делегацию Сербии")
    acting = case == "Nom" and not prep
    if clause.passive and not prep:
        case = CASES[PASSIVE.get(case.lower(), case.lower())]
    if not prep and case == "Nom":
        if clause.kind == "participle" and clause.head is not None:
            return stands_for(ctx, clause.head, acting=acting)
        if clause.controller is not None:
            return marked_in(ctx, clause.controller, prep, case, containers)
    found: list[Found] = []
    own_heads = {clause.predicate.i, ctx.trigger.i}  # a noun trigger's dependents are its own
    standing = stand_in_words(ctx) | containers
    cities = ctx.index.at(("CITY",))
    for i in sorted(clause.tokens):
        token = ctx.doc[i]
        if i == ctx.trigger.i:
            continue
        if i not in ctx.at and i not in cities and token.lemma_ not in standing:
            continue  # nothing a mark could find: no mention, nothing standing for one
        span = ctx.at.get(i)
        if span is not None and span.root.i != i:
            continue  # a word inside a name: its head word carries the mark
        if contained(token, prep, case, containers):
            found += stands_for(ctx, token, acting=acting)
            continue
        first = first_conjunct(token)
        misparsed = first.dep_ == "amod" and first.pos_ in NOMINAL  # a name is no adjective
        inside = first.dep_ in DEPENDENTS and first.head.i not in own_heads
        if not prep and inside and not misparsed:
            continue  # "принял российский план": a word inside another noun's phrase
        noun = first.head
        core = noun.dep_ in {"obj", "nsubj", "nsubj:pass"} and noun.head.i == clause.predicate.i
        if prep and inside and core and noun.pos_ == "NOUN" and noun.lemma_ not in containers:
            continue  # "принял председательство в СНГ": the chair's, not the verb's
        # a participle has no subject of its own: a name hung on it as one is its
        # object ("покинувшее ЭКОВАС" with ЭКОВАС as nsubj)
        objectlike = clause.kind == "participle" and case == "Acc" and token.dep_ == "nsubj"
        if fits(token, prep, case) or (objectlike and not prep and not case_of(token)):
            found += stands_for(ctx, token, acting=acting)
    if not found and case == "Nom" and not prep:
        found = unmarked_subject(ctx, clause)
    return unique(found)


def stand_in_words(ctx: Context) -> frozenset[str]:
    """The lemmas that may stand for a mention (`pipeline.patterns.stand_ins`)."""
    sets = ctx.lexicon.sets
    return (
        sets["anaphors"]
        | sets["possessive_anaphors"]
        | sets["state_agents"]
        | sets["representatives"]
        | PERSONAL
        | RELATIVE
    )


def unmarked_subject(ctx: Context, clause: Clause) -> list[Found]:
    """A second reading where the parser hung the subject as anything: a name that
    does not show its case ("председательствовало Перу" with "Перу" a genitive),
    right on the predicate, without a preposition, is the subject of a clause that
    has none."""
    predicate = clause.predicate
    subjects = [c for c in predicate.children if c.dep_ in SUBJECTS and c.i in clause.tokens]
    # a subject the form allows as the object, beside an object: the parser swapped
    # them ("Саммиты ВТО принимал Вьетнам" with "Вьетнам" the object)
    swapped = [c for c in subjects if accusative(c) and c.i not in ctx.at]
    if len(subjects) > len(swapped):
        return []
    # two objects and no subject: the parser took the subject for an object ("ряды
    # ОДКБ пополнил Узбекистан")
    doubled = sum(c.dep_ == "obj" for c in predicate.children) >= 2
    objects = set() if doubled or swapped else {"obj", "iobj"}
    found: list[Found] = []
    for child in predicate.children:
        if child.i not in ctx.at or preposition(child) or child.dep_ in objects:
            continue
        # the tagger's genitive of a name is often a guess ("Перу" read as "перо"),
        # and of two objects the subject is one of them
        if case_of(child) in {"", "Nom", "Gen"} or (not objects and could_be(child.lower_, "Nom")):
            found += stands_for(ctx, child)
    return found


def marked_as(span: Span, marks: tuple[str, ...] | list[str]) -> bool:
    """Whether a mention is marked as one of `marks` says, voice aside (a gapped
    clause keeps the marks of the clause it elides); any mention without marks."""
    if not marks:
        return True
    root = span.root
    before = span.doc[span.start - 1] if span.start else None
    prep = before.lower_ if before is not None and before.pos_ == "ADP" else preposition(root)
    for mark in marks:
        wanted, case = parse_mark(mark)
        if wanted != prep:
            continue
        own = case_of(root)
        if not own or own == case or (case in {"Nom", "Acc"} and own in {"Nom", "Acc"}):
            return True
        if not wanted and could_be(root.lower_, case):
            return True  # a remnant's bare name is what it stands for, whatever the tag
    return False


def genitives(ctx: Context, noun: Token) -> list[Found]:
    """The genitive or demonym modifiers of a noun trigger, through the officials
    and contingents they name ("вступление Казахстана", "участие казахстанских
    миротворцев")."""
    found: list[Found] = []
    for child in noun.children:
        if child.dep_ in MODIFIERS and not preposition(child):
            found += stands_for(ctx, child)
    return unique(found)


def preposition(token: Token) -> str:
    """The preposition that marks the word or the list it is in ("в ШОС, ОДКБ и СВМДА")."""
    first = first_conjunct(token)
    for child in first.children:
        if child.dep_ == "case":
            return child.lower_
    return ""


def case_of(token: Token) -> str:
    """The word's case, or "" where its form does not show it: an indeclinable
    name or an abbreviation, whatever the tagger guessed."""
    case = token.morph.get("Case")
    if not case or token.text.isupper() or indeclinable(token.text):
        return ""
    return case[0]


def indeclinable(word: str) -> bool:
    parses = analyzer().parse(word)
    return bool(parses) and all("Fixd" in parse.tag for parse in parses[:3])


def fits(token: Token, prep: str, case: str) -> bool:
    """Whether the word is marked by `prep` and `case`; a word that does not show its
    case takes it from the list it is in, else from how it depends."""
    if preposition(token) != prep:
        return False
    own = case_of(token)
    if not own:
        listed = [case_of(t) for t in [first_conjunct(token), *first_conjunct(token).conjuncts]]
        own = next((c for c in listed if c), "")
    if own:
        if own == case or (case == "Acc" and own == "Nom" and bool(prep)):
            return True
        # "ряды" tagged nominative as an object: the form allows the accusative and
        # the relation says it
        relation = first_conjunct(token).dep_
        return relation in CASE_BY_RELATION.get(case, set()) and could_be(token.lower_, case)
    if prep:
        return True
    return first_conjunct(token).dep_ in CASE_BY_RELATION.get(case, set())


def contained(token: Token, prep: str, case: str, containers: frozenset[str] | set[str]) -> bool:
    """A genitive inside a marked container noun: "в состав ЕАЭС", "в ряды НАТО",
    "в военную структуру НАТО"."""
    possessive = token.dep_ == "det" and token.pos_ in {"DET", "PRON"}  # "её саммит"
    if (token.dep_ != "nmod" and not possessive) or preposition(token):
        return False
    node = token.head
    for _ in range(3):
        if node.lemma_ not in containers:
            return False
        if fits(node, prep, case):
            return True
        if node.dep_ != "nmod":
            return False
        node = node.head
    return False


__all__ = ["governed", "parse_mark"]
