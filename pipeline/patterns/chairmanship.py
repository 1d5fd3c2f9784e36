"""CHAIRMANSHIP: the country chaired or presided over an organization or its body."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "chair_verb",
        "CHAIRMANSHIP",
        "председательствовать",
        doc="В 2024 году страна председательствовала в ШОС, ОДКБ и СВМДА.",
    ),
    pattern(
        "chair_noun",
        "CHAIRMANSHIP",
        "председательство",
        pos="NOUN",
        doc="председательство Казахстана в ОБСЕ; казахстанское председательство в ШОС",
    ),
    pattern(
        "chair_person_noun",
        "CHAIRMANSHIP",
        "председатель",
        pos="NOUN",
        context="стать избрать являться быть",
        doc="Казахстан стал председателем ОДКБ.",
    ),
]
