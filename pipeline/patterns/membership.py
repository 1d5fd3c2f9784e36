"""MEMBERSHIP: the country is, became or was elected a member; joined; acceded."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "member_noun",
        "MEMBERSHIP",
        "член государство-член страна-член членство",
        pos="NOUN PROPN",
        doc="В 2017–2018 годах Казахстан был избран непостоянным членом Совета Безопасности ООН.",
    ),
    pattern(
        "join_verb",
        "MEMBERSHIP",
        "вступить вступать присоединиться присоединяться",
        preps="в во к",
        doc="В 2015 году Казахстан вступил в ВТО.",
    ),
    pattern(
        "join_noun",
        "MEMBERSHIP",
        "вступление присоединение",
        pos="NOUN",
        exclude="сила",
        preps="в во к",
        doc="Вступление Казахстана в ВТО состоялось в 2015 году.",
    ),
    pattern(
        "enter_composition",
        "MEMBERSHIP",
        "войти входить",
        context="состав",
        doc="В 2015 году Киргизия вошла в состав ЕАЭС.",
    ),
    pattern(
        "belong_verb",
        "MEMBERSHIP",
        "входить",
        preps="в во",
        doc="Кроме России, в ФСЭГ входят Алжир, Катар и Иран.",
    ),
    pattern(
        "admitted",
        "MEMBERSHIP",
        "принять принимать",
        context="член",
        doc="В 1992 году Казахстан был принят в члены ООН.",
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
