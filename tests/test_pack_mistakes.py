"""Pack mistakes that used to match nothing without a word: a trigger, context or
exclude word that is no lemma, and words or prepositions of several tokens.
Each is one `PackError` line naming the file, the pattern and the field; the
packs shipped in the repository pass the same checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline
from pipeline.patterns.pack import PackError, build_pack, not_a_lemma
from tests.conftest import ROOT, run_cli

EXAMPLES = sorted((ROOT / "examples" / "patterns").iterdir())


def pack_file(folder: Path, pattern: dict, relations: list[dict] | None = None) -> Path:
    path = folder / "mine.json"
    data = {"pattern": [{"name": "p", "relation": "MEMBERSHIP", **pattern}]}
    path.write_text(json.dumps({**data, "relation": relations or []}), encoding="utf-8")
    return path


def test_an_inflected_trigger_stops_the_command_with_one_line(tmp_path):
    path = tmp_path / "sanctions.toml"
    path.write_text(
        '[[pattern]]\nname = "sanctions"\nrelation = "MEMBERSHIP"\ntrigger = ["ввели"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("extract", "corpus/articles", "--patterns", str(path), "--out", str(out))
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert lines == [
        f"error: {path}: pattern 'sanctions': field 'trigger': 'ввели' is not a lemma: "
        "patterns match lemmas; did you mean 'ввести'?"
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            {"trigger": ["вступить"], "context": ["санкции"]},
            "field 'context': 'санкции' is not a lemma: patterns match lemmas; "
            "did you mean 'санкция'?",
        ),
        (
            {"trigger": ["вступить"], "exclude": ["форума"]},
            "field 'exclude': 'форума' is not a lemma: patterns match lemmas; "
            "did you mean 'форум'?",
        ),
        # lemmas keep ё ("приём"), and are lower case ("нато", "opec")
        ({"trigger": ["прием"], "pos": ["NOUN"]}, "field 'trigger': 'прием' is not a lemma"),
        ({"trigger": ["вступить"], "context": ["НАТО"]}, "did you mean 'нато'?"),
        ({"trigger": ["вступить"], "context": ["OPEC"]}, "did you mean 'opec'?"),
        (
            {"trigger": ["вступить в"]},
            "field 'trigger': 'вступить в' is 2 words: each entry is one token's lemma",
        ),
        (
            {
                "trigger": ["ввести"],
                "roles": {"organization": [{"finder": "subtree", "preps": ["в отношении"]}]},
            },
            "field 'roles.organization'[0].preps: 'в отношении' is 2 words: the finders "
            "compare the one word that marks a name",
        ),
        (
            {
                "trigger": ["ввести"],
                "government": {"organization": ["в+acc", "по отношению к+dat"]},
            },
            "field 'government.organization': 'по отношению к+dat' is 3 words",
        ),
    ],
)
def test_a_word_that_can_never_match_is_refused(tmp_path, pattern, message):
    path = pack_file(tmp_path, pattern)
    with pytest.raises(PackError) as error:
        build_pack([path])
    text = str(error.value)
    assert text.startswith(f"{path}: pattern 'p': field ")
    assert message in text and "\n" not in text


def test_a_multi_word_preposition_of_a_relation_role_is_refused(tmp_path):
    relation = {
        "name": "SANCTIONS",
        "roles": {
            "country": {"types": ["COUNTRY"], "find": ["subject"]},
            "target": {
                "types": ["COUNTRY"],
                "find": [{"finder": "nearest_in_sentence", "not_preps": ["с", "в связи с"]}],
            },
        },
    }
    path = pack_file(tmp_path, {"relation": "SANCTIONS", "trigger": ["ввести"]}, [relation])
    with pytest.raises(PackError, match="is 3 words") as error:
        build_pack([path])
    assert str(error.value).startswith(
        f"{path}: relation 'SANCTIONS': field 'roles.target.find'[0].not_preps: 'в связи с'"
    )


def test_a_lemma_that_is_also_another_words_form_is_accepted(tmp_path):
    """The likeliest reading of "нападающий" is a participle of "нападать", of "данные"
    a form of "дать": any reading that gives the word back makes it a lemma."""
    words = ["нападающий", "данные", "вести", "государство-член", "opec"]
    assert [not_a_lemma(word) for word in words] == [""] * len(words)
    pack = build_pack([pack_file(tmp_path, {"trigger": words[:3], "context": words[3:]})])
    assert pack.patterns[-1].trigger == frozenset(words[:3])


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_the_packs_in_the_repository_pass_the_checks(example):
    pack = build_pack([example])
    assert pack.patterns[0].source.endswith("chairmanship.toml")  # the default pack first
    assert pack.patterns[-1].source == str(example)


def test_loading_a_pipeline_with_a_bad_pack_fails_before_any_text(tmp_path):
    """The events factory reads its packs lazily (a saved pipeline restores its own),
    so `pipeline.load` reads them at once."""
    path = pack_file(tmp_path, {"trigger": ["ввели"]})
    with pytest.raises(PackError, match="did you mean 'ввести'"):
        pipeline.load(patterns=[path])
