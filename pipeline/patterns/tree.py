"""Reading the dependency tree around a trigger: negation, modality, subjects, lists.

Small functions of tokens and spans, shared by the engine and the finders;
the word lists they consult come from the pack's `Lexicon`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from spacy.tokens import Span, Token

from pipeline.lemmatizer import analyzer

T = TypeVar("T")
SUBJECTS = {"nsubj", "nsubj:pass"}
NOMINAL = {"NOUN", "PROPN"}  # not pronouns: "кто", "он" stand for someone else
MODIFIERS = {"nmod", "amod"}
NAME_PARTS = {"flat", "flat:name", "flat:foreign", "appos"}
CONJUNCT_DEPTH = 8


def pos_of(token: Token) -> str:
    """The tagger calls a capitalized noun PROPN at a sentence start: still a noun
    trigger. A rare verb it calls a noun ("председательствовали" NOUN) is a verb
    when the dictionary knows no noun of that form."""
    pos = "NOUN" if token.pos_ == "PROPN" else token.pos_
    if pos in {"NOUN", "ADJ"} and token.lemma_.endswith(INFINITIVE_ENDINGS):
        # "Учреждённая Сербией ..." opening a sentence: a participle read as a name
        if pos == "NOUN" and not noun_form(token.lower_):
            return "VERB"
        if token.is_sent_start and verb_forms_only(token.lower_):
            return "VERB"
    return pos


def verb_forms_only(word: str) -> bool:
    parses = analyzer().parse(word)
    return bool(parses) and all(p.tag.POS in {"PRTF", "PRTS", "GRND", "VERB"} for p in parses)


INFINITIVE_ENDINGS = ("ть", "ться", "ти", "тись", "чь", "чься")


def noun_form(word: str) -> bool:
    return any(parse.tag.POS == "NOUN" for parse in analyzer().parse(word))


def neighbourhood(token: Token) -> list[Token]:
    near = [*token.children, token.head, *token.head.children]
    near += [grandchild for child in token.children for grandchild in child.children]
    return near


# nouns a trigger can be counted into: "вышел из числа членов", "в ряды участников"
GROUP_NOUNS = {"число", "ряд", "состав"}


def group_neighbourhood(token: Token) -> set[str]:
    """The lemmas around the group noun the trigger depends on ("Туркмения вышла из
    числа постоянных членов СНГ": "выйти" is two words up), else none."""
    if token.head.lemma_ not in GROUP_NOUNS or token.head.i == token.i:
        return set()
    return {t.lemma_ for t in neighbourhood(token.head)}


def negated(token: Token, negation: frozenset[str]) -> bool:
    """A negation before the trigger or on a word of its clause: "не вступил", "не
    получила статуса наблюдателя" (on the verb a noun trigger depends on)."""
    previous = token.doc[token.i - 1] if token.i > 0 else None
    if previous is not None and previous.lower_ in negation:
        return True
    heads = [token] if token.pos_ == "VERB" else [*predicates(token), token.head]
    # a negation that is a conjunct is a gapped clause of its own: "Египет вступил в
    # БРИКС, а Саудовская Аравия — нет" negates only Saudi Arabia's joining
    return any(
        child.lower_ in negation and child.dep_ != "conj"
        for head in heads
        for child in head.children
    )


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
            # "будет принимать": the tagger may call this "будет" present tense
            if any(future(t) or t.lower_.startswith("буд") for t in clause):
                return True
            return any(c.lower_ == "бы" for c in node.children)
        if node.head.i == node.i:
            return conditional(node)
        copular = node is not token and any(c.dep_ == "cop" for c in node.children)
        if copular and conditional(node):  # a nominal predicate on the way up: "будут рады"
            return True
        if node.dep_ in SUBJECTS:
            node = node.head
            if node.pos_ not in {"VERB", "AUX"}:
                return conditional(node)
            continue
        node = node.head
    return False


def future(token: Token) -> bool:
    """The verb speaks of the future: the tagger says so and the form is no past
    ("председательствовали" of a two-aspect verb is past whatever the tagger
    guessed), or a perfective verb has a present form."""
    tense = token.morph.get("Tense")
    if tense not in (["Fut"], ["Pres"]):
        return False
    verbs = [parse for parse in analyzer().parse(token.lower_) if parse.tag.POS == "VERB"]
    if tense == ["Fut"]:
        return not any("past" in parse.tag for parse in verbs)
    # "учредит", "покинут": a perfective present is a future (the dictionary knows
    # the aspect better than the tagger)
    return bool(verbs) and all("futr" in parse.tag for parse in verbs)


PYMORPHY_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt"}


def could_be(word: str, case: str) -> bool:
    """Whether the dictionary allows the form in that case ("форум" is also accusative)."""
    grammeme = PYMORPHY_CASES.get(case, "loct")
    return any(grammeme in parse.tag for parse in analyzer().parse(word))


def conditional(predicate: Token) -> bool:
    """A nominal predicate in the conditional or the future: "лучшей альтернативой был
    бы союз, нежели членство" (the parser may hang "бы" on the subject beside the
    trigger), "выходу из ЕС будут рады"."""
    words = [predicate, *predicate.children]
    if any(c.lower_ == "бы" for word in words for c in [word, *word.children]):
        return True
    # "выходу Великобритании будут рады": a nominal predicate in the future;
    # "Brexit — выход Британии из ЕС — создаст сложности": the verb beside it
    if any(w.dep_ in {"cop", "aux"} and w.lower_.startswith("буд") for w in words):
        return True
    if any(w.dep_ == "parataxis" and future(w) for w in words):
        return True
    doc = predicate.doc  # "был бы": the particle right after the copula, wherever it hangs
    return any(
        w.dep_ == "cop" and w.i + 1 < len(doc) and doc[w.i + 1].lower_ == "бы" for w in words
    )


def modal(token: Token, modality: frozenset[str]) -> bool:
    """A plan, hope or invitation governs the trigger ("приглашают вступить в БРИКС").

    Walks up the complements of the trigger; a subject boundary stops the
    walk, so "председательствующий в СНГ Туркменистан предложил ..." is a fact
    — except for an event noun that is itself the subject of a modal verb
    ("выход Великобритании из ЕС может иметь последствия").
    """
    if not_yet(token):
        return True
    node = token
    for _ in range(3):  # the trigger itself may be a modality word: "подала заявку"
        if node.dep_ in SUBJECTS and node.pos_ == "NOUN" and node.head.lemma_ in modality:
            return True
        if node.dep_ in SUBJECTS or node.head.i == node.i:
            return False
        if node.dep_ == "conj" and node.morph.get("VerbForm") == ["Fin"]:
            # "поддержал инициативу и вошёл в число участников": a verb of its own
            # ("намерен вступить в ВТО и присоединиться к ЕАЭС" still is a plan)
            return False
        node = node.head
        if node.lemma_ in modality or any(judged(c, modality) for c in node.children):
            return True
    return False


def judged(token: Token, modality: frozenset[str]) -> bool:
    """A secondary predicate that rates what the verb's object says: "считают
    вступление Грузии в НАТО маловероятным"."""
    return (
        token.lemma_ in modality
        and token.dep_ in {"xcomp", "parataxis"}
        and token.pos_ in {"ADJ", "ADV"}
    )


def owners(token: Token) -> list[Token]:
    """Genitive and demonym modifiers, and where they come from: the country
    "президент Казахстана" and "миротворцы из Казахстана" act for."""
    return [
        child
        for child in token.children
        if child.dep_ in MODIFIERS
        and all(c.lower_ == "из" for c in child.children if c.dep_ == "case")
    ]


def first_conjunct(token: Token) -> Token:
    for _ in range(CONJUNCT_DEPTH):
        if token.dep_ != "conj":
            break
        token = token.head
    return token


def has_preposition(token: Token) -> bool:
    return any(child.dep_ == "case" for child in first_conjunct(token).children)


def marked(token: Token, preps: frozenset[str]) -> bool:
    """One of `preps` is the word's own case marker ("в марте", "к соглашению")."""
    return any(child.dep_ == "case" and child.lower_ in preps for child in token.children)


def governed(span: Span, preps: frozenset[str]) -> bool:
    """Whether one of `preps` introduces the mention, or the list it is coordinated in."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in preps:
        return True
    token = span.root
    for _ in range(CONJUNCT_DEPTH):  # "из ОДКБ, ЕАЭС и СНГ": the marker is on the first conjunct
        if marked(token, preps):
            return True
        if token.dep_ != "conj":
            return False
        token = token.head
    return False


def attached(span: Span, trigger: Token, relations: frozenset[str]) -> bool:
    """Whether the mention (or the list it heads) depends on the trigger by one of `relations`."""
    token = first_conjunct(span.root)
    return token.head.i == trigger.i and token.dep_ in relations


def participle_head(trigger: Token) -> Token | None:
    """The noun a participle or adjective trigger describes ("председательствующий в СНГ
    Туркменистан"): its actor, whatever else the sentence holds."""
    head = trigger.head
    if trigger.dep_ in {"amod", "acl"} and head.pos_ in NOMINAL and agree(trigger, head):
        return head
    return agreeing_noun(trigger)


def agree(participle: Token, noun: Token) -> bool:
    """Case, number and (in the singular) gender match, where both words have them."""
    features = ["Case", "Number"]
    if participle.morph.get("Number") == ["Sing"]:
        features.append("Gender")
    for feature in features:
        mine, theirs = participle.morph.get(feature), noun.morph.get(feature)
        if mine and theirs and mine != theirs:
            return False
    return True


def agreeing_noun(participle: Token) -> Token | None:
    """A second reading of a participle phrase the parser broke apart ("делегация
    председательствующей в 2021 году в ЕАЭС Армении": "Армении" hung on "ЕАЭС"):
    the first noun after the participle's own dependents that agrees with it,
    before the clause ends."""
    morph = participle.morph
    if morph.get("VerbForm") != ["Part"] or not (morph.get("Case") and morph.get("Number")):
        return None
    if any(child.dep_ in SUBJECTS for child in participle.children):
        return None  # read as a predicate with its own subject: that reading stands
    for token in participle.doc[participle.i + 1 : participle.sent.end]:
        if token.is_punct or token.pos_ in {"VERB", "AUX", "CCONJ"}:
            return None
        if token.pos_ in NOMINAL and token.morph.get("Case") and agree(participle, token):
            return token
    return None


def subject_tokens(trigger: Token) -> list[Token]:
    """The subjects (and their conjuncts) of the trigger or of the verb it depends on."""
    node = trigger
    for _ in range(4):  # up through "вошёл в число участников" and conjoined verbs
        # an instrumental is no subject, whatever the parser says ("Китай и Россия
        # выступили соучредителями ШОС" with "соучредителями" as nsubj)
        subjects = [
            child
            for child in node.children
            if child.dep_ in SUBJECTS and child.morph.get("Case") != ["Ins"]
        ]
        if any(trigger in subject.subtree for subject in subjects):
            return []  # the trigger is inside the subject: "председательство ... стало"
        if not subjects and node is trigger:
            subjects = fronted_objects(trigger)
        if subjects:
            return subjects + [c for s in subjects for c in conjuncts(s)]
        if node.head.i == node.i:
            break
        node = node.head
    return []


def fronted_objects(trigger: Token) -> list[Token]:
    """A second reading of "Таджикистан и Киргизия создали ЕврАзЭС" parsed with two
    objects: of two objects around the verb and no subject, the first is the
    subject (a nominative and an accusative look alike)."""
    objects = [c for c in trigger.children if c.dep_ == "obj"]
    before = [o for o in objects if o.i < trigger.i]
    if len(before) == 1 and any(o.i > trigger.i for o in objects):
        return before
    return []


def conjuncts(token: Token) -> list[Token]:
    """The words coordinated with `token`, also those the parser hangs on a part of
    its name ("Кот-д’Ивуар, Куба и Кувейт": "Кувейт" on "Ивуар"; "Соломоновы
    Острова, Сомали": "Сомали" on "Острова")."""
    parts = [token, *(c for c in token.children if c.dep_ in NAME_PARTS and c.i <= token.i + 2)]
    return [
        c
        for part in parts
        for c in part.children
        if c.dep_ == "conj" and not clashing_case(token, c)
    ]


def clashing_case(first: Token, other: Token) -> bool:
    """Coordinated nouns share their case: a genitive "conjunct" of a nominative
    subject is a misparse ("ТС России, Белоруссии ... (к ним присоединились Армения
    и Киргизия)" with "Белоруссии" hung on "Армения"). Only where the dictionary
    reads neither word in the other's case (the tagger's case may be the wrong one)."""
    mine, theirs = first.morph.get("Case"), other.morph.get("Case")
    if not mine or not theirs or mine == theirs or other.pos_ not in NOMINAL:
        return False
    return not could_be(other.lower_, mine[0]) and not could_be(first.lower_, theirs[0])


def predicates(trigger: Token, depth: int = 2) -> list[Token]:
    """The trigger and the words it depends on, up to the nearest verb: where its
    clause's dependents hang ("Афганистану присвоен статус наблюдателя")."""
    nodes = [trigger]
    node = trigger
    for _ in range(depth):
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            break
        node = node.head
        nodes.append(node)
    return nodes


def unique(found: Iterable[T]) -> list[T]:
    """In order, without repeats: spans by their tokens, anything else by equality."""
    seen, result = set(), []
    for value in found:
        key = (value.start, value.end) if isinstance(value, Span) else value
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result
