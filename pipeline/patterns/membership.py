"""MEMBERSHIP: the country is, became or was elected a member; joined; acceded."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "member_noun",
        "MEMBERSHIP",
        "член",
        pos="NOUN",
        doc="Казахстан был избран непостоянным членом Совета Безопасности ООН.",
    ),
    pattern(
        "join_verb",
        "MEMBERSHIP",
        "вступить вступать присоединиться присоединяться",
        doc="К организации официально присоединилась Беларусь.",
    ),
    pattern(
        "enter_composition",
        "MEMBERSHIP",
        "войти входить",
        context="состав",
        doc="Страна вошла в состав ЕАЭС.",
    ),
    pattern(
        "participant_member",
        "MEMBERSHIP",
        "участник",
        pos="NOUN",
        context="являться стать быть",
        doc='Казахстан является участником "ОПЕК+".',
    ),
]
