"""CHAIRMANSHIP: the country chaired or presided over an organization or its body."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "chair_verb",
        "CHAIRMANSHIP",
        "председательствовать председательствующий",
        pos="VERB ADJ",
        doc="В 2024 году Казахстан председательствовал в ШОС, ОДКБ и СВМДА.",
    ),
    pattern(
        "chair_noun",
        "CHAIRMANSHIP",
        "председательство",
        pos="NOUN",
        doc="Председательство Казахстана в ОБСЕ пришлось на 2010 год.",
    ),
    pattern(
        "chair_person_noun",
        "CHAIRMANSHIP",
        "председатель",
        pos="NOUN",
        context="стать избрать являться быть",
        doc="В 2019 году Казахстан стал председателем ОДКБ.",
    ),
    pattern(
        "head_verb",
        "CHAIRMANSHIP",
        "возглавить возглавлять",
        doc="В 2010 году Казахстан возглавил ОБСЕ.",
    ),
]
