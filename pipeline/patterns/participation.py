"""PARTICIPATION: the country took part in a mission or operation, or sent troops to it."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "take_part_verb",
        "PARTICIPATION",
        "участвовать",
        doc="Казбат участвовал в миротворческих операциях ООН.",
    ),
    pattern(
        "take_part_noun",
        "PARTICIPATION",
        "участие",
        pos="NOUN",
        context="принимать принять",
        doc="Военнослужащие страны принимают участие в миссиях ООН в Ливане.",
    ),
    pattern(
        "send_troops",
        "PARTICIPATION",
        "направить направлять отправить отправлять",
        context="военнослужащий контингент миротворец батальон военный наблюдатель",
        doc="В начале 2024 года страна направила 139 военнослужащих в миссию ООН.",
    ),
    pattern(
        "deploy_contingent",
        "PARTICIPATION",
        "размещение разместить",
        pos="NOUN VERB",
        context="контингент миротворец военнослужащий",
        organization="sentence",
        doc="ООН предоставила Казахстану право на размещение контингента на Голанских высотах.",
    ),
    pattern(
        "mission_participant",
        "PARTICIPATION",
        "участник",
        pos="NOUN",
        context="миссия операция",
        doc='Казахстан вошёл в число участников международной миссии "Совет мира".',
    ),
]
