"""The gold event benchmark: matching and counts on invented rows, RuSentRel's author
artifact, and one end-to-end run on two documents of a real gold set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.bench import gold_events
from pipeline.bench.gold_events import (
    GOLD,
    SETS,
    Score,
    blank_authors,
    events_of,
    main,
    match,
    read_gold,
    run,
    scores,
)

EU, NATO = "Европейский союз", "НАТО"


def event(
    doc: str = "d1",
    kind: str = "MEMBERSHIP",
    country: str = "Франция",
    country_id: str = "Q142",
    organization: str = EU,
    organization_id: str = "Q458",
    years: tuple[str, str] = ("", ""),
) -> dict[str, str]:
    return {
        "doc_id": doc,
        "event_type": kind,
        "country": country,
        "country_id": country_id,
        "organization": organization,
        "organization_id": organization_id,
        "year_start": years[0],
        "year_end": years[1],
        "start": "",
        "end": "",
    }


def counts(gold: list[dict], predicted: list[dict], dated: bool = True, docs=("d1", "d2")):
    """(tp, fp, fn) of the ALL row."""
    matching = "strict" if dated else "undated"
    result = scores("set", matching, match(gold, predicted, docs, dated))[0]
    assert result.event_type == "ALL"
    return result.tp, result.fp, result.fn


def test_counts_overall_and_per_type():
    gold = [
        event(),
        event(country="Германия", country_id="Q183"),
        event(kind="HOSTING", organization=NATO, organization_id="Q7184"),
        event(doc="d2", kind="WITHDRAWAL"),
    ]
    predicted = [
        event(),
        event(country="Германия", country_id="Q183"),
        event(kind="HOSTING", country="Италия", country_id="Q38"),
        event(doc="d2", kind="MEMBERSHIP"),  # right pair, wrong type
    ]
    rows = {
        r.event_type: r for r in scores("s", "strict", match(gold, predicted, ["d1", "d2"], True))
    }
    assert list(rows) == ["ALL", "HOSTING", "MEMBERSHIP", "WITHDRAWAL"]
    assert (rows["ALL"].tp, rows["ALL"].fp, rows["ALL"].fn) == (2, 2, 2)
    assert (rows["MEMBERSHIP"].tp, rows["MEMBERSHIP"].fp, rows["MEMBERSHIP"].fn) == (2, 1, 0)
    assert (rows["HOSTING"].tp, rows["HOSTING"].fp, rows["HOSTING"].fn) == (0, 1, 1)
    assert rows["WITHDRAWAL"] == Score("s", "strict", "WITHDRAWAL", 0, 0, 1, None, 0.0, None)
    assert rows["ALL"].precision == rows["ALL"].recall == rows["ALL"].f1 == 0.5


def test_ids_when_both_sides_have_one_else_normalized_names():
    gold = [event(organization="Европейский Союз", organization_id="Q458")]
    # the id decides: another name, or the same name under another id
    assert counts(gold, [event(organization="ЕС", organization_id="Q458")]) == (1, 0, 0)
    assert counts(gold, [event(organization="Европейский союз", organization_id="Q1")]) == (0, 1, 1)
    # one side without an id: the names, casefolded, ё as е, without quotes and extra spaces
    unlinked = event(organization=" «европейский  союз» ", organization_id="")
    assert counts(gold, [unlinked]) == (1, 0, 0)
    assert counts(
        [event(country="Объединённые Штаты", country_id="")],
        [event(country='"Объединенные штаты"', country_id="Q30")],
    ) == (1, 0, 0)
    assert counts(gold, [event(organization="Евросоюз", organization_id="")]) == (0, 1, 1)


def test_largest_pairing_when_a_name_agrees_with_two_ids():
    # the id-less gold name agrees with both predictions; only the first has the other gold's id
    gold = [
        event(organization="Союз", organization_id=""),
        event(organization="ЕС", organization_id="Q1"),
    ]
    predicted = [
        event(organization="Союз", organization_id="Q1"),
        event(organization="Союз", organization_id="Q2"),
    ]
    assert counts(gold, predicted) == (2, 0, 0)


def test_duplicates_count_once():
    gold = [event(), event()]
    predicted = [event(), event(), event(doc="d2"), event(doc="d2")]
    assert counts(gold, predicted) == (1, 1, 0)
    assert len(events_of(predicted, dated=True)) == 2


def test_years_count_in_strict_only():
    gold = [
        event(years=("2014", "")),
        event(country="Германия", country_id="Q183", years=("1957", "1957")),
    ]
    predicted = [
        event(years=("2014", "2014")),
        event(country="Германия", country_id="Q183", years=("1957", "1957")),
    ]
    assert counts(gold, predicted, dated=True) == (1, 1, 1)
    assert counts(gold, predicted, dated=False) == (2, 0, 0)
    # undated keys of different years are one event
    two_years = [event(years=("2014", "")), event(years=("2016", ""))]
    assert counts(two_years, [event()], dated=False) == (1, 0, 0)


def test_only_the_listed_documents_are_scored():
    assert counts([], [event(doc="d3")]) == (0, 0, 0)
    with pytest.raises(ValueError, match="d3"):
        counts([event(doc="d3")], [])


def test_author_artifact_blanked_keeping_offsets():
    raw = (
        "{Author, Unknown} Россия вступила в ВТО.\r\n"
        "{Author, Unknown} \r\n\n"
        "Текст {Author, Unknown} цел."
    )
    text = blank_authors(raw)
    assert len(text) == len(raw)
    assert text.count("{Author") == 1
    assert text.splitlines()[0] == " " * 18 + "Россия вступила в ВТО."
    start = raw.index("Россия")
    assert text[start : start + 22] == raw[start : start + 22] == "Россия вступила в ВТО."
    assert text.endswith("Текст {Author, Unknown} цел.")  # only at the start of a line


def test_cli_refuses_unknown_sets_and_missing_gold(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["factru-dev"])
    assert exited.value.code == 2
    assert main(["--gold", str(tmp_path), "--out", str(tmp_path)]) == 2
    assert "no SET.events.csv" in capsys.readouterr().err


def available_set() -> str | None:
    """A set with gold files and texts: NEREL first (its texts are short), one with
    gold events first."""
    found = [
        dataset
        for dataset in ("nerel-dev", "nerel-train", "rusentrel-test", "rusentrel-train")
        if gold_events.has_gold(dataset) and SETS[dataset].is_dir()
    ]
    return min(found, key=lambda dataset: not read_gold(dataset)[1], default=None)


DATASET = available_set()


@pytest.mark.skipif(
    DATASET is None,
    reason=f"no gold event set in {GOLD} with its texts in ../shared/bench (not annotated yet, "
    "or the shared benchmark data is absent)",
)
def test_end_to_end_on_two_documents(tmp_path, nlp, capsys):
    documents, events = read_gold(DATASET)
    chosen = two_documents(documents, {row["doc_id"] for row in events})
    write(tmp_path / f"{DATASET}.documents.csv", [{"doc_id": d} for d in chosen], ["doc_id"])
    kept = [row for row in events if row["doc_id"] in chosen]
    write(tmp_path / f"{DATASET}.events.csv", kept, list(gold_events.GOLD_COLUMNS))

    results = run([DATASET], out=tmp_path, misses=True, gold=tmp_path, nlp=nlp)

    with (tmp_path / "gold_events.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == [
        "dataset",
        "matching",
        "event_type",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "f1",
    ]
    assert len(table) == len(results)
    assert [r["matching"] for r in table if r["event_type"] == "ALL"] == ["strict", "undated"]
    assert {r["dataset"] for r in table} == {DATASET}
    gold_keys = len(events_of(kept, dated=True))
    for matching in ("strict", "undated"):
        rows = [r for r in table if r["matching"] == matching]
        overall, per_type = rows[0], rows[1:]
        for name in ("tp", "fp", "fn"):
            assert int(overall[name]) == sum(int(r[name]) for r in per_type)
    for row in table:  # an undefined ratio is an empty cell
        assert (row["precision"] == "") == (int(row["tp"]) + int(row["fp"]) == 0)
    strict = table[0]
    assert int(strict["tp"]) + int(strict["fn"]) == gold_keys
    assert "Events against the gold event sets" in capsys.readouterr().out


def two_documents(documents: list[str], annotated: set[str]) -> list[str]:
    """The shortest document with gold events and the shortest other one: a fast run
    that still scores something."""

    def size(doc_id: str) -> int:
        return (SETS[DATASET] / f"{doc_id}.txt").stat().st_size

    first = sorted(annotated & set(documents), key=size)[:1]
    return sorted(first + sorted(set(documents) - set(first), key=size)[: 2 - len(first)])


def write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
