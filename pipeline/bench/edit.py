"""`make bench` run d_edit: `python -m pipeline ...` as it runs after a user edits a pattern.

`python -m pipeline.bench.edit PATTERN_NAME extract TEXTS --cache DIR ...`
writes the default pack with one word added to the `exclude` list of the
named pattern into a pack file (in the temporary folder), which changes that pattern's
definition (and so the cache key of the events of every article its triggers
occur in) as a user's edit of the pack would, then runs the pipeline's CLI in
this process with the remaining arguments and `--patterns-only --patterns
FILE`, exactly as a user would. The benchmark names the pattern whose
triggers occur in the most texts (`busiest_pattern`): the worst case for the
pattern-editing loop.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # as `python -m pipeline` does

EDIT = "бенчмарк"  # the word the edit adds to `exclude`: it occurs in no news text


def busiest_pattern(texts: Iterable[Path]) -> str:
    """The pattern whose trigger words (in any reading) occur in the most texts."""
    from razdel import tokenize

    from pipeline.lemmatizer import normal_forms
    from pipeline.patterns import default_pack
    from pipeline.patterns.engine import firing

    patterns = default_pack().patterns
    counts = dict.fromkeys((pattern.name for pattern in patterns), 0)
    for path in texts:
        text = path.read_text(encoding="utf-8", errors="replace")
        lemmas = frozenset(form for token in tokenize(text) for form in normal_forms(token.text))
        for pattern in firing(patterns, lemmas):
            counts[pattern.name] += 1
    return max(counts, key=counts.__getitem__)


def edited_pack(name: str, folder: Path) -> Path:
    """The default pack with `EDIT` excluded by pattern `name`, as a pack file."""
    from pipeline.patterns import build_pack

    data = build_pack().as_data()
    (pattern,) = [item for item in data["pattern"] if item["name"] == name] or [None]
    if pattern is None:
        sys.exit(f"no pattern named {name!r}")
    pattern["exclude"] = sorted({*pattern.get("exclude", []), EDIT})
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    from pipeline.cli import run

    name, *arguments = argv
    # `run` leaves without teardown: the pack file goes to a fixed place, overwritten
    # by the next round, rather than to a temporary folder nothing would remove
    folder = Path(tempfile.gettempdir()) / "newsfacts-bench-edit"
    folder.mkdir(exist_ok=True)
    pack = edited_pack(name, folder)
    run([*arguments, "--patterns-only", "--patterns", str(pack)])


if __name__ == "__main__":
    main(sys.argv[1:])
