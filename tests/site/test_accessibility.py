# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""WCAG basics on every page of the built site (axe-core covers a sample in test_browser.py):
lang, one h1, headings in order, landmarks, alt text, labels, link text, skip link; contrast of the CSS."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from open_commons.site.render import STATIC


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.lang = ""
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.ids: set[str] = set()
        self.labels: set[str] = set()
        self.inputs: list[str] = []
        self.links: list[list[str]] = []  # text parts of open links
        self.first_link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            if a["id"] in self.ids:
                self.problems.append(f"duplicate id {a['id']}")
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag in ("main", "nav", "header", "footer"):
            self.landmarks.add(tag)
        elif tag == "img" and "alt" not in a:
            self.problems.append(f"img without alt: {a.get('src')}")
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.inputs.append(a.get("id", ""))
        elif tag == "a":
            if self.first_link is None:
                self.first_link = a.get("href", "")
            self.links.append([a.get("aria-label", "")])

    def handle_data(self, data: str) -> None:
        for parts in self.links:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links and not "".join(self.links.pop()).strip():
            self.problems.append("link without text")

    def report(self) -> list[str]:
        out = list(self.problems)
        if self.lang not in ("fr", "en"):
            out.append(f"html lang={self.lang!r}")
        if self.headings.count(1) != 1:
            out.append(f"{self.headings.count(1)} h1")
        if self.headings and self.headings[0] != 1:
            out.append("first heading is not h1")
        for before, after in zip(self.headings, self.headings[1:], strict=False):
            if after > before + 1:
                out.append(f"heading h{before} followed by h{after}")
        missing = {"main", "nav", "header", "footer"} - self.landmarks
        if missing:
            out.append(f"landmarks missing: {sorted(missing)}")
        out += [f"input without label: {i!r}" for i in self.inputs if i not in self.labels]
        if self.first_link != "#contenu" or "contenu" not in self.ids:
            out.append("no skip link to the main content first")
        return out


def audit(html: str) -> list[str]:
    parser = _Audit()
    parser.feed(html)
    return parser.report()


@pytest.mark.parametrize("which", ["shipped_site", "fixture_site"])
def test_every_page_passes_the_wcag_basics(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    problems = {p.relative_to(site).as_posix(): audit(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_audit_catches_problems() -> None:
    bad = ('<html><body><h2>x</h2><h1>a</h1><h1>b</h1><h4>c</h4><img src="a.png"><input id="q"><a href="x"> </a>'
           '<p id="d"></p><p id="d"></p></body></html>')
    found = " | ".join(audit(bad))
    for expected in ("img without alt", "link without text", "html lang", "2 h1", "first heading",
                     "h1 followed by h4", "landmarks missing", "input without label", "skip link", "duplicate id"):
        assert expected in found, expected


# --- contrast ---------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# (text, background) pairs the stylesheet uses
PAIRS = [("text", "bg"), ("muted", "bg"), ("link", "bg"), ("text", "card-bg"), ("muted", "card-bg"),
         ("link", "card-bg"), ("accent-text", "accent-bg"), ("text", "notice-bg"), ("link", "notice-bg")]


def test_colours_of_the_stylesheet_have_enough_contrast() -> None:
    css = (STATIC / "site.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", css))
    assert {"text", "bg", "link", "muted", "accent-bg", "accent-text", "card-bg", "focus"} <= set(colours)
    for fg, bg in PAIRS:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg, contrast(colours[fg], colours[bg]))
    # the focus outline must stand out from the backgrounds it is drawn on (WCAG 1.4.11: 3:1)
    for bg in ("bg", "card-bg"):
        assert contrast(colours["focus"], colours[bg]) >= 3, bg
    assert re.search(r":focus-visible[^{]*\{[^}]*outline:\s*3px solid", css)
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail
