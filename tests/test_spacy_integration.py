"""The pipeline as spaCy sees it: saved and loaded by spaCy alone, its components
declaring what they assign and require."""

from __future__ import annotations

import subprocess
import sys


def test_analyze_pipes_finds_no_problems(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    assert analysis["summary"]["events"]["assigns"] == ["doc._.relations", "doc._.events"]


def test_a_saved_pipeline_loads_in_an_interpreter_that_never_imported_pipeline(nlp, tmp_path):
    nlp.to_disk(tmp_path / "saved")
    code = (
        "import sys, spacy;"
        "assert 'pipeline' not in sys.modules;"
        f"nlp = spacy.load({str(tmp_path / 'saved')!r});"
        "doc = nlp('В 2015 году Армения вступила в ЕАЭС.');"
        "print([(e.event_type, e.country_id, e.organization_id, e.date) for e in doc._.events])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('MEMBERSHIP', 'Q399', 'Q4173083', '2015')]"
