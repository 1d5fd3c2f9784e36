"""Russian news to structured facts: entities, dates and country–organization events."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

__version__ = "0.1.0"
# When the process started using the package: "time to first document" counts from here.
STARTED = time.time()

# the function, bound here: importing the module `pipeline.facts` later must not
# replace it (a submodule import sets the package's attribute of that name)
from pipeline.facts import facts as facts  # noqa: E402


def load(patterns: Sequence[str | Path] = (), default_patterns: bool = True) -> Language:
    """The spaCy pipeline with the default pack and `patterns` (pack files or
    modules); spaCy and the models load only when this is called."""
    from pipeline.nlp import build

    return build(patterns=patterns, default_patterns=default_patterns)


def annotate(
    text: str, date: str = "", doc_id: str = "doc", nlp: Language | None = None, title: str = ""
) -> Doc:
    """One text as `extract` annotates it: a leading date prefix or byline gives
    the publication date (`date`, YYYY-MM-DD, wins), markup and site chrome are
    set aside, and the patterns run. `doc._.events` are the rows events.csv
    would hold; `doc.spans["entities"]`, `doc.spans["dates"]` the mentions."""
    from pipeline.corpus import make_article, valid_iso_date
    from pipeline.nlp import make_doc

    if date:
        valid_iso_date(date)  # ValueError naming the bad date
    nlp = nlp or load()
    return nlp(make_doc(nlp, make_article(doc_id, "annotate", text, pub_date=date, title=title)))


def extract(
    inputs: Sequence[str | Path],
    nlp: Language | None = None,
    patterns: Sequence[str | Path] = (),
    out: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Folders, .txt, .jsonl and .csv files (as the CLI takes them) into the
    tables, by the CLI's own code: the rows of the CSV files, which are written
    to `out` (a temporary folder if not given), as DataFrames with integer
    columns Int64. `nlp` (from `load`) or `patterns` choose the packs."""
    import tempfile

    from pipeline.corpus import read_articles
    from pipeline.extraction import extract as extract_tables
    from pipeline.runner import Options
    from pipeline.tables import read_tables

    options = Options(patterns=tuple(str(p) for p in patterns))
    paths = [Path(path) for path in inputs]
    if out is not None:
        articles = read_articles(paths, exclude=[Path(out)])
        extract_tables(articles, Path(out), options, nlp=nlp)
        return read_tables(Path(out))
    with tempfile.TemporaryDirectory(prefix="newsfacts-") as folder:
        extract_tables(read_articles(paths), Path(folder), options, nlp=nlp)
        return read_tables(Path(folder))
