"""HOSTING: the country hosted a summit, meeting, office, bank or exhibition."""

from pipeline.patterns.pattern import pattern

EVENTS = "саммит встреча заседание форум выставка конференция сессия съезд переговоры"

PATTERNS = [
    pattern(
        "host_event",
        "HOSTING",
        "провести проводить проведение",
        pos="VERB NOUN",
        context=EVENTS,
        country="city",
        organization="sentence",
        doc="В 2010 году Казахстан провёл саммит ОБСЕ в Астане.",
    ),
    pattern(
        "host_receive",
        "HOSTING",
        "принять принимать",
        context=EVENTS,
        # "принять" also means adopting a text: "статута, принятого конференцией"
        context_relations="obj",
        country="city",
        organization="sentence",
        doc="В 2022 году Астана приняла саммит СВМДА.",
    ),
    pattern(
        "event_took_place",
        "HOSTING",
        "состояться пройти проходить",
        context=EVENTS,
        country="city",
        organization="sentence",
        doc="В декабре 2010 года в Астане состоялся саммит ОБСЕ.",
    ),
    pattern(
        "host_platform",
        "HOSTING",
        "площадка",
        pos="NOUN",
        context=EVENTS,
        organization="sentence",
        doc="Казахстан стал площадкой для саммита СВМДА в 2022 году.",
    ),
    pattern(
        "host_office",
        "HOSTING",
        "открыть учредить разместить создать",
        context="база город столица центр банк офис представительство",
        country="city",
        doc="В 2017 году в Усть-Каменогорске был открыт Банк низкообогащённого урана МАГАТЭ.",
    ),
]
