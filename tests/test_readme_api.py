"""The README's Python API section, run as a doctest: its examples must stay true."""

from __future__ import annotations

import doctest
import os

from tests.conftest import ROOT


def test_readme_python_api_section_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Python API")
    section = readme[start : readme.index("\n## ", start)]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(section, {}, "README: Python API", "README.md", 0)
    assert test.examples, "no examples found"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    cwd = os.getcwd()
    os.chdir(ROOT)  # the example reads corpus/articles
    try:
        runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.summarize(verbose=False).failed == 0
