"""The HTML report in a real browser at a desktop's width (1400 px) and a phone's
(390 px): nothing off-screen horizontally, the timeline's text no smaller than
the body's, its legend whole and its years on the first screen, the events
table's types readable; screenshots of both. Needs Chromium (`.ci/run` installs
it); skips, saying so, without one."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

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

# The report in a frame of the given size (headless windows are at least 500 px
# wide), measured from the page around it once the report has loaded: what sticks
# out on the right (other than inside a box that scrolls), the timeline's text
# size as drawn against the body's, where its legend ends, how far down its first
# year is, and whether the events table's type cells show whole.
FRAME = """<!doctype html><html><body style="margin:0">
<iframe id="f" src="{src}" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var doc = this.contentDocument, root = doc.documentElement, over = [];
  var win = this.contentWindow;
  doc.querySelectorAll("body *").forEach(function (e) {{
    var box = e.getBoundingClientRect();
    var inside = e.parentElement && e.parentElement.closest(".table-box, .chart-box, nav.docs");
    if (box.right > root.clientWidth + 1 && !inside)
      over.push(e.tagName + " " + (e.textContent || "").trim().slice(0, 40));
  }});
  var svg = doc.querySelector("#timeline-chart svg");
  var drawn = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  var label = doc.querySelector("#timeline-chart .label");
  var legend = doc.querySelector(".chart-legend").lastElementChild.getBoundingClientRect();
  var year = doc.querySelector("#timeline-chart .year").getBoundingClientRect();
  var clipped = [];
  doc.querySelectorAll("#events .etype").forEach(function (e) {{
    var cell = e.closest("td"), box = cell.closest(".table-box"), r = e.getBoundingClientRect();
    var shown = box.getBoundingClientRect();
    if (cell.scrollWidth > cell.clientWidth + 1 || r.right > shown.right + 1
        || r.right > root.clientWidth + 1 || r.width < 1)
      clipped.push(e.textContent);
  }});
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({{
    scroll: root.scrollWidth, client: root.clientWidth, over: over.slice(0, 10),
    body_px: parseFloat(win.getComputedStyle(doc.body).fontSize),
    label_px: parseFloat(win.getComputedStyle(label).fontSize) * drawn,
    legend_right: legend.right, year_bottom: year.bottom,
    types: doc.querySelectorAll("#events .etype").length, clipped: clipped.slice(0, 10)
  }});
  document.body.appendChild(probe);
}});
</script></body></html>"""
SCREENS = {1400: 900, 390: 844}  # a desktop window and a phone's screen, in CSS px


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


def measure(report, folder, width):
    frame = folder / f"frame-{width}.html"
    frame.write_text(
        FRAME.format(src=report.as_uri(), width=width, height=SCREENS[width]), encoding="utf-8"
    )
    size = f"--window-size={max(width + 40, 600)},{SCREENS[width] + 100}"
    dom = browse(frame, size, "--dump-dom").stdout
    measured = json.loads(
        re.search(r'<pre id="probe">(.*?)</pre>', dom).group(1).replace("&quot;", '"')
    )
    return frame, size, measured


@pytest.mark.parametrize("width", [1400, 390])
def test_the_report_reads_on_a_desktop_and_a_phone(report, tmp_path, width):
    """Nothing off-screen but inside a box that scrolls; the timeline's text at
    least the body's size as drawn, its legend whole, a year of its axis on the
    first screen; every event type readable in the events table. Screenshots of
    the first screen are kept (in $NEWSFACTS_SCREENSHOTS if set, else the test's
    temporary folder)."""
    frame, size, measured = measure(report, tmp_path, width)
    assert measured["client"] == width
    assert (measured["scroll"], measured["over"]) == (width, [])
    assert measured["label_px"] >= measured["body_px"] >= 14, measured
    assert measured["legend_right"] <= width, measured
    assert 0 < measured["year_bottom"] <= SCREENS[width], measured
    assert measured["types"] and measured["clipped"] == [], measured
    folder = Path(os.environ.get("NEWSFACTS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"report-{width}.png"
    browse(frame, size, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
