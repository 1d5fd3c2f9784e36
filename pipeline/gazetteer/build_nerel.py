"""Rebuild ``nerel_organizations.csv``: organization names → Wikidata ids from NEREL *train*.

Why this script exists
----------------------
News names far more organizations (ministries, parties, companies, media,
clubs) than the hand-kept ``organizations.csv`` of international bodies can
list. NEREL 1.1 (``../shared/bench/nerel-1.1``) links its ORGANIZATION
mentions to Wikidata, so its *train* split is a checked source of
name → id facts. Only train is read: NEREL dev is the benchmark's reported
set (``make bench-ner``) and must stay unseen.

What is kept
------------
* ORGANIZATION mentions with a Wikidata id whose text starts with a capital
  letter or a digit. Lower-case mentions ("правительство" → Q7188,
  "полиция" → Q35535) link common nouns to generic classes, not names; a
  capitalised form of a word that NEREL also writes in lower case is dropped
  for the same reason.
* Aliases: the mention as written (inflected forms are fine: the matcher
  compares normal forms), surrounding quotes removed. A generic body's name
  alone ("МИД", "Верховный суд", ``generic_bodies.csv``) is no alias: NEREL
  links it to the class or to the body of the country the article is about,
  and either id would merge every country's body in a join. A name NEREL links to
  several ids goes to the one with at least twice the mentions of all the
  others together, or is dropped; so is a name the curated gazetteer knows.
* Ids already in the curated CSVs are left to them.
* ``canonical``: the name NEREL's ``N`` lines give most often (its Wikidata
  label), else the dictionary form of the most frequent alias;
  ``count``: the supporting mentions.

The pipeline uses these rows only to link an organization that slovnet found
with exactly the same words (``pipeline/components/entities.py``), never to
find new mentions. Run from the repository root::

    .venv/bin/python -m pipeline.gazetteer.build_nerel [NEREL_TRAIN_FOLDER]
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

from razdel import tokenize
from spacy.language import Language

from pipeline.bench.nerel import link_names, read_document
from pipeline.gazetteer import (
    DATA,
    Entry,
    Gazetteer,
    fold,
    gazetteer,
    token_forms,
    write_rows,
)
from pipeline.gazetteer.bodies import generic_body
from pipeline.nlp import build as build_pipeline
from pipeline.normalize import mention_lemma

TRAIN = DATA.parents[1].parent / "shared" / "bench" / "nerel-1.1" / "train"
OUTPUT = DATA / "nerel_organizations.csv"
FIELDS = ["entity_id", "canonical", "aliases", "count"]
QUOTES = "\"'«»“”„"


def words(name: str) -> list[str]:
    return [token.text for token in tokenize(name)]


def covers(index: Gazetteer, name: str) -> set[str]:
    """The keys of the entries whose alias spans the whole of `name`."""
    tokens = words(name)
    return {
        entry.key
        for match in index.match(tokens)
        if (match.start, match.end) == (0, len(tokens))
        for entry in match.entries
    }


def dictionary_form(name: str) -> str:
    """ "Брянской областной думой" → "Брянская областная дума", with the pipeline's rules."""
    doc = nlp()(name)
    return mention_lemma(doc[:]) or name


@cache
def nlp() -> Language:
    return build_pipeline()


def alias_key(name: str) -> tuple[str, ...]:
    """Inflected forms of one name share this key ("Госдумы", "Госдуме"): per word,
    its first normal form other than the word itself."""
    return tuple(min(token_forms(word) - {fold(word)}, default=fold(word)) for word in words(name))


def collect(folder: Path) -> tuple[dict[tuple, Counter], dict[str, Counter], set[str]]:
    """Per alias key, how often each written form links to each id; the N-line names
    per id; and the folded forms NEREL writes in lower case."""
    votes: dict[tuple, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    lower: set[str] = set()
    for txt in sorted(folder.glob("*.txt")):
        doc = read_document(txt)
        for entity_id, given in link_names(txt.with_suffix(".ann").read_text("utf-8")).items():
            names[entity_id].update(name for name in given if name)
        for mention in doc.mentions:
            text = doc.text[mention.start : mention.stop].strip(QUOTES + " ")
            if mention.type != "ORGANIZATION" or not text:
                continue
            if text[0].islower():
                lower.add(fold(text))
            elif mention.entity_id:
                votes[alias_key(text)][(mention.entity_id, text)] += 1
    return votes, names, lower


def winners(votes: dict[tuple, Counter]) -> dict[str, Counter]:
    """Written forms per id, for the keys where one id has at least twice the
    mentions of all others together ("МВД": 22 × one ministry, 1 × another)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for counts in votes.values():
        per_id = Counter()
        for (entity_id, _), n in counts.items():
            per_id[entity_id] += n
        (best, top), *_ = per_id.most_common(1)
        if top >= 2 * (sum(per_id.values()) - top):
            for (entity_id, text), n in counts.items():
                if entity_id == best:
                    forms[best][text] += n
    return forms


def build_rows(folder: Path = TRAIN) -> list[dict[str, str]]:
    votes, names, lower = collect(folder)
    curated = gazetteer()
    candidates: dict[str, Counter] = {}
    for entity_id, counts in winners(votes).items():
        if entity_id in curated.entries:
            continue
        kept = Counter(
            {
                a: n
                for a, n in counts.items()
                if fold(a) not in lower and not covers(curated, a) and not generic_body(words(a))
            }
        )
        if kept:
            candidates[entity_id] = kept
    # both matched the way `organization_links` matches
    index = Gazetteer(
        [Entry(i, "", "ORGANIZATION", tuple(a)) for i, a in candidates.items()], nominative=False
    )
    labels = {i: label(names[i]) for i in candidates}
    label_index = Gazetteer(
        [Entry(i, name, "ORGANIZATION") for i, name in labels.items()], nominative=False
    )
    rows = []
    for entity_id, kept in candidates.items():
        own = [a for a, _ in kept.most_common() if covers(index, a) == {entity_id}]
        if not own:
            continue
        name = labels[entity_id]
        free = (
            name
            and not covers(curated, name)
            and covers(index, name) <= {entity_id}
            and covers(label_index, name) == {entity_id}
        )
        canonical = name if free else dictionary_form(own[0])
        rows.append(
            {
                "entity_id": entity_id,
                "canonical": canonical,
                "aliases": "|".join(unique(a for a in own if fold(a) != fold(canonical))),
                "count": str(sum(kept[a] for a in own)),
            }
        )
    return sorted(rows, key=lambda row: (fold(row["canonical"]), int(row["entity_id"][1:])))


def label(given: Counter) -> str:
    """The name NEREL's N lines give an id most often, if it is capitalised."""
    return next((name for name, _ in given.most_common() if name[:1].isupper()), "")


def unique(names) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(name), name)
    return list(seen.values())


def build(folder: Path = TRAIN, output: Path = OUTPUT) -> list[dict[str, str]]:
    rows = build_rows(folder)
    write_rows(output, FIELDS, rows)
    return rows


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else TRAIN
    if not folder.is_dir():
        print(f"{folder}: NEREL train folder not found", file=sys.stderr)
        return 2
    rows = build(folder)
    print(f"wrote {len(rows)} rows to {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
