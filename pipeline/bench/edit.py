"""`make bench` run d_edit: `python -m pipeline ...` as it runs after a user edits a pattern.

`python -m pipeline.bench.edit PATTERN_NAME extract TEXTS --cache DIR ...`
adds one word to the `exclude` list of the named pattern, which changes its
definition (and so the cache key of the events of every article its triggers
occur in) as a real edit of its module would, then runs the pipeline's CLI in
this process with the remaining arguments, exactly as `python -m pipeline`
does. The benchmark names the pattern whose triggers occur in the most texts
(`busiest_pattern`): the worst case for the pattern-editing loop.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # as `python -m pipeline` does

EDIT = "бенчмарк"  # the word the edit adds to `exclude`: it occurs in no news text


def busiest_pattern(texts: Iterable[Path]) -> str:
    """The pattern whose trigger words (in any reading) occur in the most texts."""
    from razdel import tokenize

    from pipeline.lemmatizer import normal_forms
    from pipeline.patterns import PATTERNS
    from pipeline.patterns.engine import firing

    counts = dict.fromkeys((pattern.name for pattern in PATTERNS), 0)
    for path in texts:
        text = path.read_text(encoding="utf-8", errors="replace")
        lemmas = frozenset(form for token in tokenize(text) for form in normal_forms(token.text))
        for pattern in firing(PATTERNS, lemmas):
            counts[pattern.name] += 1
    return max(counts, key=counts.__getitem__)


def main(argv: list[str]) -> None:
    import pipeline.components.events as events
    from pipeline.cli import run
    from pipeline.patterns import PATTERNS

    name, *arguments = argv
    if name not in {pattern.name for pattern in PATTERNS}:
        sys.exit(f"no pattern named {name!r}")
    events.PATTERNS = [
        replace(pattern, exclude=pattern.exclude | {EDIT}) if pattern.name == name else pattern
        for pattern in PATTERNS
    ]
    run(arguments)


if __name__ == "__main__":
    main(sys.argv[1:])
