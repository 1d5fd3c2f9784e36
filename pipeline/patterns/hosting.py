"""HOSTING: the country hosted a summit, meeting, office, bank or exhibition."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "host_event",
        "HOSTING",
        "провести проводить принять принимать проведение",
        pos="VERB NOUN",
        context="саммит встреча заседание форум выставка конференция сессия",
        country="city",
        organization="sentence",
        doc="В 2010 году страна председательствовала в ОБСЕ и провела саммит в Астане.",
    ),
    pattern(
        "host_office",
        "HOSTING",
        "открыть учредить разместить создать",
        context="база город столица центр банк офис представительство",
        country="city",
        doc="В Усть-Каменогорске был открыт Банк низкообогащённого урана МАГАТЭ.",
    ),
]
