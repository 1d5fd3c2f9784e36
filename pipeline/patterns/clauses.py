"""Clauses as their own stage: which words a trigger's clause holds, its voice, and
the clause it leans on.

The finders that follow one tree path each break when a sentence gains a word.
A clause is wider than a path and narrower than a sentence: the predicate and
its dependents, without the clauses embedded in it (a participle phrase, a
relative clause, an adverbial phrase, a coordinated verb with a subject of its
own). Arguments are then read from the clause by how they are marked
(`pipeline.patterns.government`), wherever the parser hung them inside it.

A participle phrase leans on the noun it describes ("организация, созданная в
1992 году Турцией": the noun is what was created); a relative clause on the
antecedent of "который"; an infinitive on the verb it completes (its subject is
that verb's).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Token

from pipeline.lemmatizer import analyzer
from pipeline.patterns.tree import NOMINAL, agree, could_be

VERBAL = {"VERB", "AUX"}
# children that head a clause of their own when they are predicates
CLAUSAL = {"acl", "acl:relcl", "advcl", "ccomp", "csubj", "parataxis", "conj", "xcomp"}
RELATIVE = {"который", "кой", "чей", "где", "куда", "откуда"}
PREDICATE_DEPTH = 4


@dataclass(frozen=True)
class Clause:
    """One clause: `predicate` the word it is about; `kind` finite, participle,
    converb, infinitive, relative or nominal; `head` the noun a participle
    describes or the antecedent of a relative word."""

    predicate: Token
    kind: str
    passive: bool
    head: Token | None

    @cached_property
    def tokens(self) -> frozenset[int]:
        """The predicate's dependents, down the tree, without embedded clauses, and
        the words of the phrase its punctuation bounds (`surface_span`); not the
        gapped clauses after it, which are clauses of their own (`remnants`)."""
        found, stack = set(), [self.predicate]
        while stack:
            node = stack.pop()
            found.add(node.i)
            stack += [c for c in node.children if not heads_clause(c)]
        gapped = {i for start, end in remnants(self.predicate) for i in range(start, end)}
        found |= set(surface_span(self.predicate)) | set(opening_relative(self.predicate))
        return frozenset(found - gapped)

    @cached_property
    def relative(self) -> Token | None:
        """The relative word ("который", "в которую") standing for `head`."""
        for i in sorted(self.tokens):
            token = self.predicate.doc[i]
            if token.lemma_ in RELATIVE:
                return token
        return None

    @cached_property
    def controller(self) -> Clause | None:
        """The clause an infinitive completes: it gives the infinitive's subject."""
        predicate = self.predicate
        if self.kind != "infinitive" or predicate.dep_ != "xcomp":
            return None
        return clause_of(predicate.head)


def is_predicate(token: Token) -> bool:
    if token.pos_ in VERBAL:
        return token.dep_ != "aux" and token.dep_ != "aux:pass" and token.dep_ != "cop"
    # a nominal predicate: "ГУАМ — это организация", "Армения — член ЕАЭС"
    return any(c.dep_ in {"nsubj", "cop"} for c in token.children)


def heads_clause(token: Token) -> bool:
    """A dependent that starts a clause of its own: a predicate hung as a clause
    (a coordinated noun is a list member, not a clause)."""
    if token.dep_ not in CLAUSAL:
        return False
    if token.dep_ == "conj" and token.pos_ not in VERBAL:
        return any(c.dep_ in {"nsubj", "cop"} for c in token.children)
    return is_predicate(token) or token.dep_ in {"acl", "acl:relcl", "advcl"}


def predicate_of(token: Token) -> Token:
    """The predicate of the clause the token is in: itself for a verb, else the
    nearest verb (or nominal predicate) above it."""
    node = token
    for _ in range(PREDICATE_DEPTH):
        if node.pos_ in VERBAL and node.dep_ not in {"aux", "aux:pass", "cop"}:
            return node
        if node.pos_ in {"ADJ", "PROPN"} and verb_form(node) in (["Part"], ["Conv"]):
            return node  # "Учреждённая Сербией ..." tagged as an adjective
        if heads_clause(node) or node.head.i == node.i:
            return node
        node = node.head
    return node


def clause_of(token: Token) -> Clause:
    """The clause the token belongs to."""
    predicate = predicate_of(token)
    form = verb_form(predicate)
    # a reflexive verb is middle, whatever the tagger says ("ШОС пополнилась Индией")
    reflexive = predicate.lower_.endswith(("ся", "сь"))
    passive = not reflexive and (
        predicate.morph.get("Voice") == ["Pass"]
        or any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in predicate.children)
        or (predicate.pos_ not in VERBAL and dictionary_passive(predicate))
    )
    head = None
    if form == ["Part"]:
        kind = "participle"
        head = described_noun(predicate)
        if head is None:  # a short participle in a finite clause: "была основана"
            kind = "finite"
    elif form == ["Conv"]:
        kind = "converb"
    elif form == ["Inf"]:
        kind = "infinitive"
    elif form == ["Fin"] or predicate.pos_ in VERBAL:
        kind = "finite"
    else:
        kind = "nominal"
    relative = predicate.dep_ == "acl:relcl" or (
        kind == "finite"
        and predicate.head.i != predicate.i  # a sentence's root is no relative clause
        and any(predicate.doc[i].lemma_ in RELATIVE for i in _own(predicate))
    )
    if relative or (kind == "finite" and opening_relative(predicate)):
        kind, head = "relative", antecedent(predicate)
    return Clause(predicate, kind, passive, head)


# pymorphy's parts of speech for the verb forms the tagger may miss
FORMS = {"PRTF": "Part", "PRTS": "Part", "GRND": "Conv", "INFN": "Inf", "VERB": "Fin"}


def verb_form(token: Token) -> list[str]:
    """The tagger's verb form, else the dictionary's where the tagger read a verb
    form as a name or an adjective ("Председательствовавшая" opening a sentence),
    or a participle as a converb ("направившее")."""
    form = token.morph.get("VerbForm")
    if form in (["Fin"], ["Inf"]) or (not form and token.pos_ in VERBAL):
        return form
    forms = {FORMS.get(parse.tag.POS) for parse in analyzer().parse(token.lower_)}
    if len(forms) == 1 and None not in forms:
        return [forms.pop()]
    return form


def dictionary_passive(token: Token) -> bool:
    """A passive participle the tagger read as a name or an adjective ("Учреждённая")."""
    parses = [p for p in analyzer().parse(token.lower_) if p.tag.POS in {"PRTF", "PRTS"}]
    return bool(parses) and all("pssv" in p.tag for p in parses)


def surface_span(predicate: Token) -> range:
    """The words of a participle or converb phrase set off by a comma, read from the
    punctuation: ", направившее в 1971 году миротворцев в миссию ЭКОВАС," is one
    phrase whatever the parser hung where."""
    doc = predicate.doc
    if verb_form(predicate) not in (["Part"], ["Conv"]):
        return range(0)
    if predicate.is_sent_start and verb_form(predicate) == ["Part"]:
        # a phrase opening the sentence runs to its noun: "Принявшее в 1989 году
        # саммит ООН Чили ..."
        noun = described_noun(predicate)
        return range(predicate.i, noun.i) if noun is not None else range(0)
    if not predicate.i or doc[predicate.i - 1].text != ",":
        return range(0)
    end = predicate.i + 1
    while end < predicate.sent.end and doc[end].text not in {",", ";", ":", *DASHES}:
        end += 1
    return range(predicate.i, end)


def surface_lemmas(token: Token) -> set[str]:
    """The lemmas of the comma-bounded phrase a participle or converb trigger opens."""
    return {token.doc[i].lemma_ for i in surface_span(token)}


def accusative(token: Token) -> bool:
    """Tagged accusative, or an inanimate noun whose form may be ("форум", "саммит")."""
    if token.morph.get("Case") == ["Acc"]:
        return True
    # a common noun opening a sentence is often tagged PROPN ("Саммиты ЕАЭС ...")
    noun = token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_sent_start)
    inanimate = noun and token.morph.get("Animacy") == ["Inan"]
    return inanimate and could_be(token.lower_, "Acc")


def dependents(token: Token, relations: frozenset[str] | set[str]) -> list[Token]:
    """The token's dependents by `relations`, read as the clause means them: a
    relative word is its antecedent ("саммит, который Мали приняла"), and of two
    subjects the one the tagger calls accusative is the object ("Саммит ЕАЭС
    приняла Киргизия")."""
    found = []
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    for child in token.children:
        relation = child.dep_
        if relation == "nsubj" and len(subjects) > 1 and accusative(child):
            relation = "obj"
        if relation not in relations:
            continue
        if child.lemma_ in RELATIVE:
            head = clause_of(child).head
            found.append(head if head is not None else child)
        else:
            found.append(child)
    if "obj" in relations:  # the objects of a phrase the parser broke apart
        doc = token.doc
        found += [
            doc[i]
            for i in surface_span(token)
            if doc[i].pos_ == "NOUN"
            and accusative(doc[i])
            and not any(c.dep_ == "case" for c in doc[i].children)
            and doc[i] not in found
        ]
    return found


def opening_relative(predicate: Token) -> list[int]:
    """The relative word that opens the predicate's clause, read from the words
    (", которая в 1958 году вышла": the parser may hang "которая" on the main
    verb), with its preposition."""
    doc = predicate.doc
    comma = next(
        (
            i
            for i in range(predicate.i - 1, predicate.sent.start - 1, -1)
            if doc[i].text in {",", ";", ":"} or doc[i].pos_ in VERBAL
        ),
        None,
    )
    if comma is None or doc[comma].text != ",":
        return []
    # "которая", "в которую", "в миссии которой", "членом которой": within three words
    for i in range(comma + 1, min(comma + 4, predicate.i)):
        if doc[i].lemma_ in RELATIVE:
            return list(range(comma + 1, i + 1))
    return []


def _own(predicate: Token) -> list[int]:
    return [c.i for c in predicate.children] + [
        g.i for c in predicate.children if c.dep_ in {"obl", "nmod"} for g in c.children
    ]


def described_noun(participle: Token) -> Token | None:
    """The noun a full participle agrees with: its head, or the first agreeing noun
    after its phrase ("принятая в ООН в 1955 году Португалия")."""
    if participle.morph.get("Variant") == ["Short"]:
        return None
    head = participle.head
    attached = participle.dep_ in {"acl", "amod", "acl:relcl"} and head.i != participle.i
    if attached and head.pos_ in NOMINAL | {"PRON"}:
        # a phrase after its noun is the noun's; one before it must agree with it
        # ("Принявшее в 1989 году саммит ООН Чили": not the summit)
        if head.i < participle.i or agreeing(participle, head):
            return head
    elif attached and agree(participle, head):
        return head
    if participle.pos_ not in VERBAL:
        # the tagger read the participle as a name or an adjective: the dictionary's
        # readings decide ("Учреждённая Сербией в 2001 году ОБСЕ")
        for token in participle.doc[participle.i + 1 : participle.sent.end]:
            if token.pos_ in VERBAL or token.text in {",", ";", ":"}:
                return None
            if token.dep_ == "nmod" and participle.i < token.head.i < token.i:
                continue  # "саммит ООН": a genitive of the phrase's own noun
            if token.pos_ in NOMINAL and agreeing(participle, token):
                return token
        return None
    if not participle.morph.get("Case"):
        # a full participle the tagger read as a converb, set off after its noun
        # ("Того, покинувшее ЭКОВАС, ..."): the word before the comma
        doc = participle.doc
        before = participle.i - 2
        full = any(p.tag.POS == "PRTF" for p in analyzer().parse(participle.lower_))
        set_off = before >= participle.sent.start and doc[before + 1].text == ","
        if full and set_off and doc[before].pos_ in NOMINAL | {"PRON"}:
            return doc[before]
        return None  # a short form the tagger did not mark: part of a finite clause
    # a phrase before its noun, whatever the parser hung where: the first noun after
    # the participle that agrees with it, before a verb or a comma
    for token in participle.doc[participle.i + 1 : participle.sent.end]:
        if token.pos_ in VERBAL or token.text in {",", ";", ":"}:
            return None
        if token.pos_ not in NOMINAL or not token.morph.get("Case"):
            continue
        # a list agrees in the plural: "Входящие в организацию Боливия, Венесуэла ..."
        listed = participle.morph.get("Number") == ["Plur"] and any(
            c.dep_ == "conj" for c in token.children
        )
        if agree(participle, token) or (listed and same_case(participle, token)):
            return token
    return None


GRAMMEMES = {
    "nomn": ("Case", "Nom"), "gent": ("Case", "Gen"), "datv": ("Case", "Dat"),
    "accs": ("Case", "Acc"), "ablt": ("Case", "Ins"), "loct": ("Case", "Loc"),
    "masc": ("Gender", "Masc"), "femn": ("Gender", "Fem"), "neut": ("Gender", "Neut"),
    "sing": ("Number", "Sing"), "plur": ("Number", "Plur"),
}  # fmt: skip
FEATURES = ("Case", "Number", "Gender")


def readings(token: Token, parts: set[str]) -> list[dict[str, str]]:
    """The token's case, number and gender: the tagger's, and the dictionary's for
    each of its parses of these parts of speech."""
    # the tagger's features of a verb form it did not recognize are a guess
    trusted = "PRTF" not in parts or token.pos_ in VERBAL
    found = [{f: token.morph.get(f)[0] for f in FEATURES if token.morph.get(f)}] if trusted else []
    for parse in analyzer().parse(token.lower_):
        if parse.tag.POS in parts:
            found.append(dict(GRAMMEMES[g] for g in parse.tag.grammemes if g in GRAMMEMES))
    return found


def agreeing(participle: Token, noun: Token) -> bool:
    """Whether some reading of the participle agrees with some reading of the noun
    (a feature one side lacks does not count against it)."""
    for mine in readings(participle, {"PRTF", "ADJF"}):
        for theirs in readings(noun, {"NOUN"}):
            shared = [f for f in FEATURES if f in mine and f in theirs]
            if mine.get("Number") == "Plur" or theirs.get("Number") == "Plur":
                shared = [f for f in shared if f != "Gender"]
            if "Case" in shared and all(mine[f] == theirs[f] for f in shared):
                return True
    return False


def same_case(first: Token, second: Token) -> bool:
    return first.morph.get("Case") == second.morph.get("Case")


def antecedent(predicate: Token) -> Token | None:
    """The noun a relative clause is about: its head in the tree, else the nearest
    noun before the comma that opens it."""
    if predicate.dep_ == "acl:relcl" and predicate.head.pos_ in NOMINAL:
        return predicate.head
    relative = min(
        (
            predicate.doc[i]
            for i in [*_own(predicate), *opening_relative(predicate)]
            if predicate.doc[i].lemma_ in RELATIVE
        ),
        key=lambda t: t.i,
        default=None,
    )
    if relative is None:
        return None
    # the clause opens at the comma before the relative word's phrase ("..., в миссии
    # которой ..."); the antecedent is the last noun before it
    doc = predicate.doc
    start = relative.i
    while start > predicate.sent.start and doc[start - 1].text not in {",", *DASHES}:
        start -= 1
    for token in reversed(doc[predicate.sent.start : start]):
        if token.pos_ in NOMINAL:
            return token
    return None


DASHES = {"-", "—", "–"}
OPENERS = {"а", "и", "но"}


def remnants(trigger: Token) -> list[tuple[int, int]]:
    """The gapped clauses after the trigger's, as token ranges: "..., в 1995-м —
    Латвия и Молдавия, в 1996 году — Хорватия", "..., а в 2022 году Россия — из
    Совета Европы". Read from the words: a stretch between commas with a dash and
    no verb of its own; a stretch of names alone after one continues its list."""
    doc, sent = trigger.doc, trigger.sent
    cuts = [t.i for t in doc[trigger.i + 1 : sent.end] if t.text in {",", ";"}]
    if not cuts:
        return []
    found: list[tuple[int, int]] = []
    for start, end in zip(cuts, [*cuts[1:], sent.end], strict=True):
        words = [t for t in doc[start + 1 : end] if not t.is_punct or t.text in DASHES]
        if words and words[0].lower_ in OPENERS:
            words = words[1:]
        if not words or any(t.pos_ in VERBAL and t.morph.get("VerbForm") for t in words):
            if found:
                break
            continue
        if any(t.text in DASHES for t in words[1:]):
            found.append((start + 1, end))
        elif found and found[-1][1] == start and all(t.pos_ in NOMINAL | {"CCONJ"} for t in words):
            found[-1] = (found[-1][0], end)  # "в 1995-м — Латвия, Молдавия и Литва"
        elif found:
            break
    return found
