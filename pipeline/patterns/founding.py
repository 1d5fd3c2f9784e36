"""FOUNDING: the country founded, co-founded or initiated the creation of an organization."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "founder_noun",
        "FOUNDING",
        "соучредитель учредитель основатель сооснователь",
        pos="NOUN",
        doc="В 2006 году Казахстан стал одним из соучредителей ЦАЗСЯО.",
    ),
    pattern(
        "initiator_noun",
        "FOUNDING",
        "инициатор",
        pos="NOUN",
        context="создание учреждение образование",
        doc="Казахстан выступил инициатором создания СВМДА.",
    ),
    pattern(
        "creation_initiative",
        "FOUNDING",
        "создание учреждение",
        pos="NOUN",
        context="инициатива",
        doc="Среди инициатив Казахстана – создание Международного банка низкообогащённого урана.",
    ),
    pattern(
        "found_verb",
        "FOUNDING",
        "основать учредить",
        exclude="база город столица",
        doc="В 2014 году Казахстан, Россия и Беларусь учредили ЕАЭС.",
    ),
    pattern(
        "stood_at_origins",
        "FOUNDING",
        "исток",
        pos="NOUN",
        context="стоять",
        doc="Казахстан стоял у истоков СНГ.",
    ),
]
