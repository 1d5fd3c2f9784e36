"""WITHDRAWAL: the country left an organization or suspended its membership."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "leave_verb",
        "WITHDRAWAL",
        "выйти выходить",
        preps="из",
        doc="В 2012 году Узбекистан вышел из ОДКБ.",
    ),
    pattern(
        "abandon_verb",
        "WITHDRAWAL",
        "покинуть покидать",
        relations="obj",
        doc="В 2009 году Грузия покинула СНГ.",
    ),
    pattern(
        "leave_noun",
        "WITHDRAWAL",
        "выход",
        pos="NOUN",
        preps="из",
        doc="Выход Узбекистана из ОДКБ произошёл в 2012 году.",
    ),
    pattern(
        "suspend_membership",
        "WITHDRAWAL",
        "приостановить приостанавливать заморозить",
        context="членство участие",
        doc="В 2024 году Армения заморозила участие в ОДКБ.",
    ),
]
