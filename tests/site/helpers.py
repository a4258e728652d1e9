# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Helpers of the site tests: headless Chromium, PNG statistics, link crawling, axe-core."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.browser import CHROMIUM, FLAGS, chromium, chromium_path, dump_dom, png_pixels, png_stats, screenshot

__all__ = ["CHROMIUM", "FLAGS", "chromium", "chromium_path", "dump_dom", "png_pixels", "png_stats", "screenshot"]

VENDOR = Path(__file__).parent / "vendor"


# --- links ---------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("img", "script")):
                self.refs.append((name, value))


def page_links(html: str) -> tuple[list[str], set[str]]:
    parser = _Links()
    parser.feed(html)
    return [value for _n, value in parser.refs], parser.ids


def broken_links(site: Path) -> list[str]:
    """Every internal link or asset of every page that does not resolve to a file (or an anchor)."""
    broken = []
    ids_cache: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        refs, ids = page_links(page.read_text(encoding="utf-8"))
        ids_cache[page] = ids
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue
            if ref.startswith("/"):
                broken.append(f"{page.relative_to(site)}: absolute path {ref}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
                continue
            if site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {ref} leaves the site")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = page_links(target.read_text(encoding="utf-8"))[1]
                if unquote(parts.fragment) not in ids_cache[target]:
                    broken.append(f"{page.relative_to(site)}: {ref} (no such anchor)")
    return broken


# --- axe-core --------------------------------------------------------------------------------

_AXE_RUNNER = """<script src="{axe}"></script>
<script>
window.addEventListener("load", function () {{
  function done(text) {{
    var pre = document.createElement("pre"); pre.id = "axe-result"; pre.textContent = text;
    document.body.appendChild(pre);
  }}
  axe.run(document, {{resultTypes: ["violations"]}}).then(function (r) {{
    done(JSON.stringify(r.violations.map(function (v) {{
      return {{id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(function (n) {{ return n.target.join(" "); }})}};
    }})));
  }}, function (e) {{ done("ERROR " + e); }});
}});
</script>
</body>"""
_RESULT = re.compile(r'<pre id="axe-result">(.*?)</pre>', re.DOTALL)


def axe_violations(page: Path, profile: Path) -> list[dict[str, object]]:
    """Run axe-core in Chromium on a copy of ``page`` (beside it, so relative assets load)."""
    axe = page.parent / "axe.min.js"
    shutil.copyfile(VENDOR / "axe.min.js", axe)
    copy = page.with_name(page.stem + ".axe-check.html")
    html = page.read_text(encoding="utf-8")
    assert "</body>" in html
    copy.write_text(html.replace("</body>", _AXE_RUNNER.format(axe="axe.min.js")), encoding="utf-8")
    try:
        dom = dump_dom(copy, profile, budget_ms=60000)
    finally:
        copy.unlink()
        axe.unlink()
    found = _RESULT.search(dom)
    assert found, "axe produced no result"
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert not text.startswith("ERROR"), text
    return json.loads(text)
