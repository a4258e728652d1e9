# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML audit laid out by headless Chromium at 1280 px: the legends are inside their charts, no date
wraps, and the screenshot is not blank. Measured in the page (getBBox, client rects) by a script added to a
copy of the report; the report itself has no script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from open_commons import audit
from open_commons.ledger import collect
from open_commons.reporters.audit_report import AUDIT_REPORTERS
from open_commons.sources.tree import load_config
from tests.browser import chromium, chromium_path, png_stats, screenshot
from tests.ledger.test_ledger import record_all

pytestmark = pytest.mark.browser

MEASURE = """<script>
window.addEventListener("load", function () {
  var out = {svgs: 0, outside: [], wrapped: [], dates: 0};
  document.querySelectorAll("svg").forEach(function (svg) {
    out.svgs++;
    var box = svg.viewBox.baseVal;
    svg.querySelectorAll("text, rect").forEach(function (el) {
      var b = el.getBBox();
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > box.width + 0.5 || b.y + b.height > box.height + 0.5) {
        out.outside.push(el.textContent || el.outerHTML.slice(0, 60));
      }
    });
  });
  document.querySelectorAll("td.date, th.date, td.num").forEach(function (cell) {
    if (!cell.textContent.trim() || cell.textContent.trim() === "\\u2013") { return; }
    out.dates++;
    var range = document.createRange();
    range.selectNodeContents(cell);
    var lines = new Set(Array.prototype.map.call(range.getClientRects(), function (r) { return Math.round(r.top); }));
    if (lines.size > 1) { out.wrapped.push(cell.textContent); }
  });
  out.overflow = Array.prototype.filter.call(document.querySelectorAll(".scroll"), function (box) {
    return box.scrollWidth > box.clientWidth + 1;
  }).length;
  document.body.setAttribute("data-measure", JSON.stringify(out));
});
</script>"""


def _measure(page: Path, tmp_path: Path, width: int) -> dict[str, object]:
    probe = page.with_name("probe-" + page.name)
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = chromium([f"--window-size={width},2000", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
                      tmp_path / "profile")
    dom = result.stdout
    assert "data-measure=" in dom, result.stderr[-2000:]
    import html

    raw = dom.split('data-measure="', 1)[1].split('"', 1)[0]
    return json.loads(html.unescape(raw))


@pytest.fixture
def report(commons, history_prs, tmp_path: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    assert chromium_path(), "chromium is not installed"
    record_all(commons.root, history_prs)
    records, partners, sources = collect(commons.root, load_config(commons.root))
    result = audit.build(records, partners, audit.Policy(steward="simplon"), today="2024-06-30",
                         since="2023-07-01", sources=sources)
    pages = {}
    for lang in ("fr", "en"):
        page = tmp_path / f"audit-{lang}.html"
        page.write_text(AUDIT_REPORTERS["html"](result, lang, "Commun de test"), encoding="utf-8")
        pages[lang] = page
    return pages


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_at_1280_px_legends_fit_and_no_date_wraps(report: dict[str, Path], tmp_path: Path, lang: str) -> None:
    found = _measure(report[lang], tmp_path, 1280)
    assert found["svgs"] == 2
    assert found["outside"] == []
    assert found["dates"] >= 10  # the probe did look at the cells
    assert found["wrapped"] == []
    assert found["overflow"] == 0  # the partners' table fits the page: nothing hidden behind a scroll bar
    colours, ink = png_stats(screenshot(report[lang], tmp_path / f"audit-{lang}.png", tmp_path / "profile",
                                        size="1280,1600"))
    assert colours > 20 and ink > 0.05


def test_legends_fit_at_a_phone_width_too(report: dict[str, Path], tmp_path: Path) -> None:
    found = _measure(report["fr"], tmp_path, 390)
    assert found["svgs"] == 2 and found["outside"] == []


def test_the_probe_sees_a_legend_outside_and_a_wrapped_date(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><body><svg viewBox="0 0 100 50" width="100">'
                    '<text x="90" y="40">a long legend label</text></svg><table style="width:80px"><tr>'
                    '<td class="date">12 September 2026</td></tr></table></body></html>', encoding="utf-8")
    found = _measure(page, tmp_path, 1280)
    assert found["outside"] and found["wrapped"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axe_core_finds_no_issue_in_the_html_audit(report: dict[str, Path], tmp_path: Path, lang: str) -> None:
    from tests.site.helpers import axe_violations

    violations = axe_violations(report[lang], tmp_path / "axe-profile")
    assert [(v["id"], v["impact"]) for v in violations] == []
