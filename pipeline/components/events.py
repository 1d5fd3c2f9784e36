"""Events: the relation patterns over the annotated document, into `doc._.events`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401  (registers doc attributes)
from pipeline.patterns import PATTERNS, Pattern, find_events


class EventExtractor:
    def __init__(self, patterns: list[Pattern]) -> None:
        names = [p.name for p in patterns]
        if len(names) != len(set(names)):
            raise ValueError("pattern names must be unique")
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc, self.patterns)
        return doc


@Language.factory("events")
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(PATTERNS)
