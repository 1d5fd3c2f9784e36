"""The HTML report in a real browser: nothing off-screen horizontally at desktop
and phone widths. Needs Chromium (`.ci/run` installs it); skips without one."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from pipeline.corpus import Article, read_articles
from pipeline.extraction import extract
from pipeline.report import write_report
from tests.conftest import ARTICLES, ROOT

BROWSER = next(
    (
        path
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (path := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium on this machine (.ci/run installs it)"
)

# The report in a frame of the given width (headless windows are at least 500 px
# wide), measured from the page around it once the report has loaded.
FRAME = """<!doctype html><html><body style="margin:0">
<iframe id="f" src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var root = this.contentDocument.documentElement, over = [];
  this.contentDocument.querySelectorAll("body *").forEach(function (e) {{
    var box = e.getBoundingClientRect();
    var inside = e.parentElement && e.parentElement.closest(".table-box");
    if (box.right > root.clientWidth + 1 && !inside)
      over.push(e.tagName + " " + (e.textContent || "").trim().slice(0, 40));
  }});
  var probe = document.createElement("pre");
  probe.id = "probe";
  var width = {{scroll: root.scrollWidth, client: root.clientWidth}};
  probe.textContent = JSON.stringify(Object.assign(width, {{over: over.slice(0, 10)}}));
  document.body.appendChild(probe);
}});
</script></body></html>"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The seeds and sixteen more articles with long ids (a nav that must wrap),
    with the evaluation's score tables."""
    out = tmp_path_factory.mktemp("layout")
    extra = [
        Article(
            f"agency-wire-2025-11-{n:02d}-story",
            "test",
            f"В 2015 году Армения вступила в ЕАЭС. {n}",
        )
        for n in range(16)
    ]
    extract([*read_articles([ARTICLES]), *extra], out)
    evaluate = [str(ROOT / ".venv" / "bin" / "python"), "-m", "pipeline", "evaluate"]
    subprocess.run(
        [*evaluate, "--gold", str(ROOT / "corpus" / "gold"), "--pred", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return write_report(out)


def browse(page, *options: str) -> subprocess.CompletedProcess:
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += ["--allow-file-access-from-files", "--virtual-time-budget=5000", *options]
    return subprocess.run(
        [*command, page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    )


@pytest.mark.parametrize("width", [1400, 390])
def test_nothing_is_off_screen_horizontally(report, tmp_path, width):
    frame = tmp_path / f"frame-{width}.html"
    frame.write_text(FRAME.format(src=report.as_uri(), width=width), encoding="utf-8")
    size = f"--window-size={max(width + 40, 600)},1000"
    dom = browse(frame, size, "--dump-dom").stdout
    measured = json.loads(
        re.search(r'<pre id="probe">(.*?)</pre>', dom).group(1).replace("&quot;", '"')
    )
    assert measured["client"] == width
    assert (measured["scroll"], measured["over"]) == (width, [])
    shot = tmp_path / f"report-{width}.png"
    browse(frame, size, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
