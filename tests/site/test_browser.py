# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The site in headless Chromium: screenshots are not blank, content renders, axe-core finds no serious issue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.site.helpers import (
    axe_violations,
    chromium_path,
    dump_dom,
    png_stats,
    screenshot,
)

pytestmark = pytest.mark.browser

PAGES = {
    "home": "index.html",
    "phase": "phases/sourcing.html",
    "resource": "resources/sourcing/information-collective.html",
    "partner": "partners/fabrique-roubaix.html",
    "keywords": "keywords.html",
    "checklist": "resources/communaute/contribuer.html",
}
AXE_PAGES = sorted({*PAGES.values(), "types/guide.html", "partners/index.html", "en/index.html",
                    "resources/sourcing/information-collective.en.html", "resources/formation/liens-utiles.html",
                    "resources/communaute/charte-de-reciprocite.html", "rules/index.html", "rules/ATT003.html",
                    "en/rules/SCH001.html"})  # each page once


@pytest.fixture(scope="module")
def site(fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert chromium_path(), "the browser tests need chromium (scripts/test installs it)"
    copy = tmp_path_factory.mktemp("browser") / "_site"
    shutil.copytree(fixture_site, copy)  # axe runs on copies of pages written beside them
    return copy


@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshot_is_not_blank(site: Path, name: str, tmp_path: Path) -> None:
    png = screenshot(site / PAGES[name], tmp_path / f"{name}.png", tmp_path / "profile")
    colours, ink = png_stats(png)
    assert colours > 20, (name, colours)
    assert ink > 0.05, (name, ink)


def test_a_blank_page_gives_a_blank_screenshot(tmp_path: Path) -> None:
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html lang='fr'><title>x</title><body></body></html>", encoding="utf-8")
    colours, ink = png_stats(screenshot(page, tmp_path / "blank.png", tmp_path / "profile", size="400,300"))
    assert colours <= 2 and ink < 0.01


def test_resource_page_renders_its_credit_line(site: Path, tmp_path: Path) -> None:
    dom = dump_dom(site / PAGES["resource"], tmp_path / "profile")
    assert "<h1>Animer une information collective</h1>" in dom
    credit = dom.split('id="credit"')[1].split("</p>")[0]
    assert "Animer une information collective" in credit and "Simplon.co" in credit
    assert "Proposer une amélioration" in dom


def test_partner_page_renders_its_contributions(site: Path, tmp_path: Path) -> None:
    dom = dump_dom(site / PAGES["partner"], tmp_path / "profile")
    assert "<h1>Fabrique numérique de Roubaix</h1>" in dom and "#12</a>" in dom


def test_search_appears_with_javascript_and_finds_a_resource(site: Path, tmp_path: Path) -> None:
    home = site / "index.html"
    html = home.read_text(encoding="utf-8")
    assert '<form class="search" role="search" hidden' in html  # without JavaScript: no dead form
    probe = home.with_name("search-probe.html")
    probe.write_text(html.replace("</body>", """<script>
window.addEventListener("load", function () {
  var input = document.getElementById("search-input");
  input.value = "information collective";
  input.dispatchEvent(new Event("input"));
});
</script></body>"""), encoding="utf-8")
    try:
        dom = dump_dom(probe, tmp_path / "profile", budget_ms=5000)
    finally:
        probe.unlink()
    form = dom.split('<form class="search"')[1].split("</form>")[0]
    assert "hidden" not in form.split(">")[0]
    assert 'href="resources/sourcing/information-collective.html"' in form


@pytest.mark.parametrize("page", AXE_PAGES)
def test_axe_finds_no_serious_issue(site: Path, page: str, tmp_path: Path) -> None:
    violations = axe_violations(site / page, tmp_path / "profile")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_axe_reports_a_broken_page(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><img src='x.png'><p style='color:#ccc;background:#fff'>pâle</p>"
                    "<a href='x'></a></body></html>", encoding="utf-8")
    ids = {v["id"] for v in axe_violations(page, tmp_path / "profile")}
    assert {"image-alt", "html-has-lang", "color-contrast", "link-name"} <= ids


def test_searching_recrutement_finds_the_resources_with_that_keyword(shipped_site: Path, tmp_path: Path) -> None:
    """The full-text search, run by Chromium on the home page opened as index.html?q=recrutement."""
    import json
    import re

    from tests.browser import chromium

    index = json.loads((shipped_site / "search-index.json").read_text(encoding="utf-8"))
    expected = {e["t"] for e in index if any(k.lower() == "recrutement" for k in e.get("k", []))}
    assert len(expected) >= 5
    result = chromium(["--virtual-time-budget=3000", "--dump-dom",
                       (shipped_site / "index.html").as_uri() + "?q=recrutement"], tmp_path / "profile")
    dom = result.stdout
    assert 'class="search-results"' in dom, result.stderr[-2000:]
    results = dom.split('class="search-results"', 1)[1].split("</ul>", 1)[0]
    found = {html_unescape(t) for t in re.findall(r"<a [^>]*>([^<]*)</a>", results)}
    assert expected <= found, expected - found


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_the_keyword_page_lists_recrutement_without_javascript(shipped_site: Path) -> None:
    page = (shipped_site / "keywords.html").read_text(encoding="utf-8")
    assert "recrutement" in page
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert 'href="keywords.html"' in home
