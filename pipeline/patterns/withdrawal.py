"""WITHDRAWAL: the country left an organization or suspended its membership."""

from pipeline.patterns.pattern import pattern

PATTERNS = [
    pattern(
        "leave_verb",
        "WITHDRAWAL",
        "выйти выходить",
        context="из",
        doc="Страна вышла из ОДКБ.",
    ),
    pattern(
        "suspend_membership",
        "WITHDRAWAL",
        "приостановить приостанавливать заморозить",
        context="членство участие",
        doc="Страна приостановила членство в организации.",
    ),
]
