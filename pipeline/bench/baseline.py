"""The plain natasha pipeline a user would write: run (b) of the speed benchmark.

`python -m pipeline.bench.baseline INPUT... --out DIR [--stats FILE]` reads
every .txt file (folders recursively), and for each one does what natasha's
README shows: a `natasha.Doc`, segmentation, morphology, syntax and NER, a
lemma for every token, a normal form for every span, and natasha's
`DatesExtractor` over the text. Rows are gathered in lists and written with
pandas at the end, in the pipeline's table columns (what natasha cannot
fill stays empty; events are empty, natasha has no relation patterns).

It is ordinary use on purpose, neither a strawman nor tuned: models are
created once per process, nothing is batched across documents. From the
pipeline it imports only the table columns (`pipeline.columns`, which
imports nothing), so it loads no more than a user's script would.
`--stats` writes the same JSON as `python -m pipeline extract --stats`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from natasha import (
    DatesExtractor,
    Doc,
    MorphVocab,
    NewsEmbedding,
    NewsMorphTagger,
    NewsNERTagger,
    NewsSyntaxParser,
    Segmenter,
)
from natasha.obj import Date

from pipeline.columns import COLUMNS

IMPORTED = time.time()
STAGES = ("segment", "morph", "syntax", "ner", "lemmatize", "normalize", "dates", "tables")
SORT_KEYS = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "start"],
    "tokens": ["doc_id", "start"],
    "entities": ["doc_id", "start", "end", "type"],
    "events": ["doc_id"],
    "relations": ["doc_id"],
}
TYPES = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}


def process_start() -> float:
    """`time.time()` when this process started, so start-up counts as the user waits it.

    Linux gives the start in clock ticks since boot; elsewhere (or if /proc
    looks wrong) the time this module was imported is the best estimate.
    """
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return IMPORTED
    age = uptime - ticks / os.sysconf("SC_CLK_TCK")
    return time.time() - age if 0 <= age < 3600 else IMPORTED


@dataclass
class Tools:
    """natasha's models, created once per process as a user's script does."""

    segmenter: Segmenter
    morph_tagger: NewsMorphTagger
    syntax_parser: NewsSyntaxParser
    ner_tagger: NewsNERTagger
    morph_vocab: MorphVocab
    dates: DatesExtractor

    @classmethod
    def load(cls) -> Tools:
        emb = NewsEmbedding()
        morph_vocab = MorphVocab()
        return cls(
            Segmenter(),
            NewsMorphTagger(emb),
            NewsSyntaxParser(emb),
            NewsNERTagger(emb),
            morph_vocab,
            DatesExtractor(morph_vocab),
        )


@dataclass
class Stages:
    """Seconds spent in each stage, summed over all documents."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] += time.perf_counter() - started


def read_inputs(inputs: list[Path]) -> Iterator[Path]:
    """The .txt files: folders recursively in sorted order, files as given."""
    for path in inputs:
        yield from sorted(path.rglob("*.txt")) if path.is_dir() else [path]


def iso_date(fact: Date) -> str:
    """natasha's Date fact as an ISO-like value; an unknown year is XXXX (EDTF)."""
    year, month, day = fact.year, fact.month, fact.day
    parts = [f"{year:04d}" if year else "XXXX"]
    if month:
        parts.append(f"{month:02d}")
        if day:
            parts.append(f"{day:02d}")
    return "-".join(parts)


def annotate(text: str, tools: Tools, stages: Stages) -> tuple[Doc, list]:
    """natasha's Doc with every annotation, and the date matches over the whole text."""
    doc = Doc(text)
    if not text.strip():  # natasha's syntax parser fails on a text without tokens
        doc.tokens, doc.sents, doc.spans = [], [], []
        return doc, []
    with stages("segment"):
        doc.segment(tools.segmenter)
    with stages("morph"):
        doc.tag_morph(tools.morph_tagger)
    with stages("syntax"):
        doc.parse_syntax(tools.syntax_parser)
    with stages("ner"):
        doc.tag_ner(tools.ner_tagger)
    with stages("lemmatize"):
        for token in doc.tokens:
            token.lemmatize(tools.morph_vocab)
    with stages("normalize"):
        for span in doc.spans:
            span.normalize(tools.morph_vocab)
    with stages("dates"):
        dates = list(tools.dates(text))
    return doc, dates


def add_rows(rows: dict[str, list[tuple]], doc_id: str, source: str, doc: Doc, dates: list) -> None:
    """Append one document's rows to every table, in contract column order."""
    entities_before = len(rows["entities"])
    token_id = 0
    for sent_id, sent in enumerate(doc.sents):
        rows["sentences"].append((doc_id, sent_id, sent.start, sent.stop, sent.text, 0))
        for token in sent.tokens:
            rows["tokens"].append(
                (
                    doc_id,
                    sent_id,
                    token_id,
                    token.start,
                    token.stop,
                    token.text,
                    token.lemma,
                    token.pos,
                )
            )
            token_id += 1
        for span in sent.spans or ():
            rows["entities"].append(
                (
                    doc_id,
                    sent_id,
                    span.start,
                    span.stop,
                    span.text,
                    span.normal,
                    TYPES.get(span.type, span.type),
                    span.normal,
                    "",
                    "ner",
                    "",
                    "",
                )
            )
    sent_starts = [sent.start for sent in doc.sents]
    for match in dates:
        sent_id = max(bisect_right(sent_starts, match.start) - 1, 0)
        rows["entities"].append(
            (
                doc_id,
                sent_id,
                match.start,
                match.stop,
                doc.text[match.start : match.stop],
                "",
                "DATE",
                iso_date(match.fact),
                "",
                "dates",
                "",
                "",
            )
        )
    counts = (len(doc.sents), token_id, len(rows["entities"]) - entities_before, 0)
    rows["documents"].append(
        (doc_id, source, "", "", *counts, "ok", "", "", "utf-8", 0, ""),
    )


def write_tables(rows: dict[str, list[tuple]], out: Path) -> None:
    """Every table as CSV, sorted like the pipeline's, built with pandas as a user would."""
    out.mkdir(parents=True, exist_ok=True)
    for name, columns in COLUMNS.items():
        table = pd.DataFrame(rows[name], columns=columns)
        table = table.sort_values(SORT_KEYS[name], kind="stable")
        table.to_csv(out / f"{name}.csv", index=False)


def run(inputs: list[Path], out: Path) -> dict:
    """Annotate every input, write the tables, and return the --stats record."""
    started = process_start()
    tools = Tools.load()
    stages = Stages()
    rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
    documents = size = 0
    first_doc = None
    for path in read_inputs(inputs):
        text = path.read_text(encoding="utf-8")
        doc, dates = annotate(text, tools, stages)
        with stages("tables"):
            add_rows(rows, path.stem, str(path), doc, dates)
        documents += 1
        size += len(text.encode("utf-8"))
        if first_doc is None:
            first_doc = time.time() - started
    with stages("tables"):
        write_tables(rows, out)
    return {
        "documents": documents,
        "bytes": size,
        "wall_seconds": time.time() - started,
        "first_doc_seconds": first_doc if first_doc is not None else 0.0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "stages": stages.seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.baseline",
        description="The plain natasha pipeline (benchmark baseline): .txt files in, tables out.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="folders of .txt files, .txt files")
    parser.add_argument("--out", type=Path, required=True, help="folder for the CSV tables")
    parser.add_argument("--stats", type=Path, help="write timings and peak memory as JSON here")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.inputs if not path.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    stats = run(args.inputs, args.out)
    if args.stats:
        args.stats.parent.mkdir(parents=True, exist_ok=True)
        args.stats.write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
