"""Where the tool keeps what it can rebuild: annotated documents, built matchers."""

from __future__ import annotations

import os
from pathlib import Path


def default_location() -> Path:
    """$NEWSFACTS_CACHE, else $XDG_CACHE_HOME/newsfacts, else ~/.cache/newsfacts."""
    if os.environ.get("NEWSFACTS_CACHE"):
        return Path(os.environ["NEWSFACTS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsfacts"
