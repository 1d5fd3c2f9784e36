"""FOUNDING: the country founded, co-founded or initiated the creation of an organization."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "founder_noun",
        "FOUNDING",
        "соучредитель учредитель основатель сооснователь",
        pos="NOUN",
        doc="Казахстан стал одним из соучредителей Центральноазиатской зоны.",
    ),
    pattern(
        "initiator_noun",
        "FOUNDING",
        "инициатор",
        pos="NOUN",
        context="создание учреждение образование",
        doc="Страна выступила инициатором создания Евразийского экономического союза.",
    ),
    pattern(
        "found_verb",
        "FOUNDING",
        "основать учредить",
        exclude="база город столица",
        doc="Казахстан, Россия и Беларусь учредили Евразийский экономический союз.",
    ),
    pattern(
        "creation_initiative",
        "FOUNDING",
        "создание учреждение",
        pos="NOUN",
        context="инициатива",
        doc="Среди инициатив Казахстана – создание Международного банка низкообогащённого урана.",
    ),
]
