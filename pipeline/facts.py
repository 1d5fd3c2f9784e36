"""Facts: the same relation gathered across articles, with how many report it.

"Армения вступила в ЕАЭС в 2015 году" may be in hundreds of articles: each is
a row of events.csv (a mention); facts.csv has one row for what they all say,
with the number of mentions, documents and sources, the first and last
publication date, and the documents (docs/tables.md, "facts.csv").

Identity. A fact is a relation (an event's `event_type`), its two arguments
and its time. An argument is its Wikidata id when linked, so that
"Республика Казахстан" and "Казахстан" with one id are one argument, and
otherwise its canonical name compared casefolded, with ё as е and runs of
whitespace as one space. The name shown is the one most mentions give (ties:
the first in code-point order), the same in every fact.

Time. The time of a fact is its years (`year_start`, `year_end`), as the
annotation guide counts events: one per relation, arguments and time. So
mentions whose years agree are one fact even when their `date` differs
("2024" and "2024-07-04"; the fact shows the date most of them give), and
mentions giving other years are other facts, never merged into a majority:
years that differ are no proof of an error (Kazakhstan chaired the OSCE in
2010 and may again; Astana hosted SCO summits in 2017 and 2024). Where two
facts of the same relation and arguments have no year in common, articles
disagree or the relation happened twice, and each lists the other's time
with its mentions in `conflict` ("2014 (5); 2016 (1)", earliest first): a
few mentions against many point at a wrong year, comparable counts at a
relation that happened twice. Years that overlap are compatible readings, not a conflict:
"с 2014 года" (2014/..) and "в 2024 году", a term 2017/2018 and 2018, the
decade 200X and 2005. An undated mention of a relation and arguments that
articles date with exactly one time supports that fact (it says nothing
against it); with several times, which one it means is unknown, and the
undated mentions make a fact of their own without a time, as they do when
no article dates the relation.

Sources. documents.csv knows no news outlet, only the file an article came
from: a source here is the .jsonl or .csv file of a record, or the folder of
a .txt file, so that an archive kept as one file or folder per outlet counts
its outlets.

pandas is imported inside the functions: `pipeline/__init__.py` imports this
module (so that `pipeline.facts` is the function, not this module) and
`import pipeline` must not load pandas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FACTS_FILE = "facts.csv"
# The documents list last: the one cell that grows with the corpus.
FACT_COLUMNS = [
    "fact_id",
    "relation",
    "arg1_role",
    "arg1_type",
    "arg1_canonical",
    "arg1_id",
    "arg2_role",
    "arg2_type",
    "arg2_canonical",
    "arg2_id",
    "date",
    "year_start",
    "year_end",
    "conflict",
    "n_mentions",
    "n_documents",
    "n_sources",
    "first_published",
    "last_published",
    "patterns",
    "documents",
]
ARGUMENT_FIELDS = ("role", "type", "canonical", "id")
MENTION_COLUMNS = [
    "doc_id",
    "relation",
    *(f"arg{n}_{field}" for n in (1, 2) for field in ARGUMENT_FIELDS),
    "date",
    "year_start",
    "year_end",
    "pattern",
]
# What `facts` reads of each table (and `read_found` reads from disk).
SOURCE_COLUMNS = {
    "documents": ["doc_id", "source", "date", "status"],
    "events": [
        "doc_id",
        "event_type",
        "country",
        "country_id",
        "organization",
        "organization_id",
        "date",
        "year_start",
        "year_end",
        "pattern",
    ],
    "relations": MENTION_COLUMNS,
}
# events.csv names no roles: its arguments are a country and an organization.
EVENT_ARGUMENTS = {
    "arg1": ("country", "COUNTRY", "country", "country_id"),
    "arg2": ("organization", "ORGANIZATION", "organization", "organization_id"),
}
PAIR = ["relation", "arg1_role", "arg1_key", "arg2_role", "arg2_key"]
YEARS = ["year_start", "year_end"]
ID_BYTES = 8  # fact_id: 16 hex digits of a hash of the identity


def facts(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per fact (columns `FACT_COLUMNS`) from the tables as `pipeline.extract`
    or `read_tables` give them; documents, events and relations may each be missing.
    Rows are sorted by relation, argument names and years: the same mentions in any
    order give the same frame."""
    import pandas as pd

    found = mentions(tables)
    if found.empty:
        return pd.DataFrame({column: pd.Series(dtype=dtype(column)) for column in FACT_COLUMNS})
    for n in (1, 2):
        found[f"arg{n}_key"] = entity_key(found[f"arg{n}_id"], found[f"arg{n}_canonical"])
    found["pair"] = found.groupby(PAIR, sort=False).ngroup()
    own_time = timed(found)
    lend_times(found, own_time)
    # the dates a fact shows: of the mentions that gave it its years, or of an undated one's
    date_giving = (found["date"] != "") & (own_time | ~timed(found))
    found["fact"] = found.groupby(["pair", *YEARS], sort=False).ngroup()

    table = found.drop_duplicates("fact").set_index("fact").sort_index()
    table = table[["pair", *PAIR, "arg1_id", "arg2_id", *YEARS]]
    names = entity_names(found)
    for n in (1, 2):
        table[f"arg{n}_canonical"] = table[f"arg{n}_key"].map(names["canonical"])
        table[f"arg{n}_type"] = table[f"arg{n}_key"].map(names["type"])
    table["date"] = most_frequent(found[date_giving], "fact", "date")
    table["n_mentions"] = found.groupby("fact").size()
    documents = found[["fact", "doc_id"]].drop_duplicates().sort_values(["fact", "doc_id"])
    table["n_documents"] = documents.groupby("fact").size()
    table["documents"] = joined(documents, "doc_id", ";")
    patterns = found[["fact", "pattern"]].drop_duplicates().sort_values(["fact", "pattern"])
    table["patterns"] = joined(patterns, "pattern", ";")
    published = documents.merge(publications(tables), on="doc_id", how="left")
    table["n_sources"] = published.groupby("fact")["source"].nunique()
    dated = published[published["date"].fillna("") != ""].groupby("fact")["date"]
    table["first_published"] = dated.min()
    table["last_published"] = dated.max()
    table["conflict"] = conflicts(table)
    table["fact_id"] = fact_ids(table)
    table = table.fillna({column: "" for column in FACT_COLUMNS if dtype(column) is str})
    for column in YEARS:
        table[column] = pd.to_numeric(table[column]).astype("Int64")
    order = [
        "relation",
        "arg1_canonical",
        "arg1_id",
        "arg2_canonical",
        "arg2_id",
        *YEARS,
        "fact_id",
    ]
    table = table.sort_values(order, na_position="last", kind="stable", ignore_index=True)
    return table[FACT_COLUMNS].astype({column: dtype(column) for column in FACT_COLUMNS})


def dtype(column: str) -> type | str:
    """Years nullable (an undated fact has none), counts always there, the rest text."""
    if column in YEARS:
        return "Int64"
    return "int64" if column.startswith("n_") else str


def mentions(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Events and relations as rows of one shape (`MENTION_COLUMNS`), empty cells ""
    and years as text, whatever types the tables came with."""
    import pandas as pd

    parts = []
    events = tables.get("events")
    if events is not None and len(events):
        columns = {
            "doc_id": events["doc_id"],
            "relation": events["event_type"],
            "date": events["date"],
            "year_start": events["year_start"],
            "year_end": events["year_end"],
            "pattern": events["pattern"],
        }
        for arg, (role, kind, name, entity_id) in EVENT_ARGUMENTS.items():
            columns |= {
                f"{arg}_role": role,
                f"{arg}_type": kind,
                f"{arg}_canonical": events[name],
                f"{arg}_id": events[entity_id],
            }
        parts.append(pd.DataFrame(columns)[MENTION_COLUMNS])
    relations = tables.get("relations")
    if relations is not None and len(relations):
        parts.append(relations[MENTION_COLUMNS])
    if not parts:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    found = pd.concat(parts, ignore_index=True)
    for column in YEARS:
        found[column] = year_text(found[column])
    texts = [column for column in MENTION_COLUMNS if column not in YEARS]
    found[texts] = found[texts].fillna("").astype(str)
    return found


def year_text(values: pd.Series) -> pd.Series:
    """Years as "2014" or "", from Int64, float (a CSV read with default options) or text."""
    import pandas as pd

    years = pd.to_numeric(values, errors="coerce").astype("Int64")
    return years.astype("string").fillna("").astype(object)


def entity_key(ids: pd.Series, names: pd.Series) -> pd.Series:
    """The id when linked, else the name casefolded, ё as е, whitespace collapsed
    (each distinct name once: a corpus repeats few names many times)."""
    keys = {
        name: "name:" + " ".join(name.casefold().replace("ё", "е").split())
        for name in names.unique()
    }
    return names.map(keys).where(ids == "", "id:" + ids)


def timed(found: pd.DataFrame) -> pd.Series:
    """Whether a mention belongs to a dated fact: its own years, or lent ones."""
    return (found["year_start"] != "") | (found["year_end"] != "")


def lend_times(found: pd.DataFrame, own_time: pd.Series) -> None:
    """Undated mentions take the time of their relation and arguments when
    the dated mentions give exactly one."""
    times = found.loc[own_time, ["pair", *YEARS]].drop_duplicates()
    single = times[~times["pair"].duplicated(keep=False)].set_index("pair")
    lent = ~own_time & found["pair"].isin(single.index)
    for column in YEARS:
        found.loc[lent, column] = found.loc[lent, "pair"].map(single[column])


def most_frequent(frame: pd.DataFrame, group: str, column: str) -> pd.Series:
    """Per group, the value most rows give; ties go to the first in code-point order."""
    counts = frame.groupby([group, column]).size().rename("count").reset_index()
    counts = counts.sort_values(
        [group, "count", column], ascending=[True, False, True], kind="stable"
    )
    return counts.drop_duplicates(group).set_index(group)[column]


def entity_names(found: pd.DataFrame) -> dict[str, pd.Series]:
    """The name and entity type shown for each argument key, the same in every fact."""
    import pandas as pd

    fields = ["key", "canonical", "type"]
    both = pd.concat(
        [
            found[[f"arg{n}_key", f"arg{n}_canonical", f"arg{n}_type"]].set_axis(fields, axis=1)
            for n in (1, 2)
        ],
        ignore_index=True,
    )
    return {field: most_frequent(both, "key", field) for field in ("canonical", "type")}


def publications(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """doc_id → source (`source_of`) and publication date, for the articles read."""
    import pandas as pd

    documents = tables.get("documents")
    if documents is None:
        return pd.DataFrame(columns=["doc_id", "source", "date"])
    read = documents[documents["status"] == "ok"]
    return pd.DataFrame(
        {
            "doc_id": read["doc_id"],
            "source": source_of(read["source"].fillna("")),
            "date": read["date"].fillna(""),
        }
    )


def source_of(sources: pd.Series) -> pd.Series:
    """What stands for an outlet: the file of a record ("news.jsonl:12" → "news.jsonl"),
    the folder of a .txt file ("archive/tengri/a.txt" → "archive/tengri")."""
    record = sources.str.contains(r":\d+$", regex=True)
    files = sources.str.replace(r":\d+$", "", regex=True)
    folders = sources.str.replace(r"(^|[/\\])[^/\\]*$", "", regex=True)
    return files.where(record, folders)


def time_label(start: pd.Series, end: pd.Series) -> pd.Series:
    """Years as EDTF: "2014", "2017/2018", "2014/..", "../2019"."""
    return start.where(start == end, start.replace("", "..") + "/" + end.replace("", ".."))


def conflicts(table: pd.DataFrame) -> pd.Series:
    """Per dated fact, the times of its relation and arguments that exclude its
    own (no year in common), with their mentions, earliest first: "2014 (5); 2016 (1)"."""
    import pandas as pd

    dated = table[timed(table)]
    times = pd.DataFrame(
        {
            "pair": dated["pair"],
            "fact": dated.index,
            "start": pd.to_numeric(dated["year_start"]).fillna(float("-inf")),
            "end": pd.to_numeric(dated["year_end"]).fillna(float("inf")),
            "entry": time_label(dated["year_start"], dated["year_end"])
            + " ("
            + dated["n_mentions"].astype(str)
            + ")",
        }
    )
    other = times.merge(times, on="pair", suffixes=("", "_other"))
    other = other[(other["start_other"] > other["end"]) | (other["end_other"] < other["start"])]
    other = other.sort_values(["fact", "start_other", "end_other"], kind="stable")
    return joined(other, "entry_other", "; ")


def joined(frame: pd.DataFrame, column: str, separator: str) -> pd.Series:
    """Per fact, the values of `column` in the frame's order, joined: one pass over
    plain lists, where a pandas aggregation would call Python once per fact."""
    import pandas as pd

    rows = zip(frame["fact"].tolist(), frame[column].tolist())
    return pd.Series(
        {
            fact: separator.join(value for _, value in group)
            for fact, group in groupby(rows, itemgetter(0))
        }
    )


def fact_ids(table: pd.DataFrame) -> list[str]:
    """A hash of the identity: the same fact has the same id in any run on any corpus."""
    identities = zip(*(table[column].tolist() for column in [*PAIR, *YEARS]))
    return [
        hashlib.blake2b("\x1f".join(identity).encode("utf-8"), digest_size=ID_BYTES).hexdigest()
        for identity in identities
    ]


def read_found(folder: Path) -> dict[str, pd.DataFrame]:
    """What `facts` reads of the CSV tables in `folder`: only these columns of
    documents, events and relations, none of the big tables `read_tables` reads too."""
    import pandas as pd

    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, usecols=columns)
        for name, columns in SOURCE_COLUMNS.items()
        if (folder / f"{name}.csv").is_file()
    }


def write_facts(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """facts.csv as the other tables are written: UTF-8, "\\n", minimal quoting
    (and a lone "\\r" quoted)."""
    from pipeline.csv_text import write_rows

    table = facts(tables)
    rows = table.astype(object).where(table.notna(), None).itertuples(index=False, name=None)
    write_rows(path, FACT_COLUMNS, rows)
