"""PARTICIPATION: the country took part in a mission or operation, or sent troops to it."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "take_part_verb",
        "PARTICIPATION",
        "участвовать",
        doc="Казахстанские миротворцы участвуют в миссии ООН в Ливане.",
    ),
    pattern(
        "take_part_noun",
        "PARTICIPATION",
        "участие",
        pos="NOUN",
        context="принимать принять",
        doc="Военнослужащие Казахстана принимают участие в миссиях ООН.",
    ),
    pattern(
        "send_troops",
        "PARTICIPATION",
        "направить направлять отправить отправлять",
        context="военнослужащий контингент миротворец батальон военный наблюдатель",
        doc="В начале 2024 года Казахстан направил 139 военнослужащих в миссию ООН.",
    ),
    pattern(
        "serve_in_mission",
        "PARTICIPATION",
        "служить нести",
        context="миссия операция служба",
        doc="Казахстанские миротворцы несут службу в миссии ООН на Голанских высотах.",
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
