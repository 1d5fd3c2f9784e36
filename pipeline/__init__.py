"""Russian news to structured facts: entities, dates and country–organization events."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__version__ = "0.1.0"
# When the process started using the package: "time to first document" counts from here.
STARTED = time.time()


def load(patterns: Sequence[str | Path] = (), default_patterns: bool = True) -> Language:
    """The spaCy pipeline with the default pack and `patterns` (pack files or
    modules); spaCy and the models load only when this is called."""
    from pipeline.nlp import build

    return build(patterns=patterns, default_patterns=default_patterns)
