"""The Python API section of docs/api.md, run as a doctest: its examples must stay true."""

from __future__ import annotations

import doctest
import os

from tests.conftest import ROOT


def test_readme_python_api_section_runs():
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    start = page.index("## Python API")
    end = page.find("\n## ", start + 1)
    section = page[start : end if end >= 0 else None]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(section, {}, "docs/api.md: Python API", "docs/api.md", 0)
    assert test.examples, "no examples found"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    cwd = os.getcwd()
    os.chdir(ROOT)  # the example reads corpus/articles
    try:
        runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.summarize(verbose=False).failed == 0
