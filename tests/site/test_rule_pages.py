# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every rule has a page on the site, in both languages, made from the texts of docs/rules/ (rule_sections);
an index of the rules by family; the incremental build leaves them alone; ``rule_url`` (the bot's links)
names files the build wrote."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markupsafe import escape as jinja_escape

from open_commons import rules as rule_families
from open_commons.i18n import _
from open_commons.reporters.rule_page import rule_sections, shown
from open_commons.rules.registry import RULES
from open_commons.site import build_site
from open_commons.sources.tree import load_config
from open_commons.urls import rule_url, site_base
from tests.site.conftest import REPO, read
from tests.site.helpers import broken_links, chromium_path, dump_dom, page_links

rule_families.load_all()
CODES = sorted(RULES)
# a {name} left in a text: a message template shown raw instead of ‹name› (YAML such as {id: x} is fine)
PLACEHOLDER = re.compile(r"\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}")
PAGES = {"fr": "rules/{code}.html", "en": "en/rules/{code}.html"}  # the shipped commons speaks French
INDEX = {"fr": "rules/index.html", "en": "en/rules/index.html"}

GUIDE = """---
# SPDX-FileCopyrightText: 2026 Simplon.co
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: sourcing/guide-court
title: Un guide court
description: Une ressource pour construire un petit site.
type: guide
phases: [sourcing]
language: fr
version: 1.0.0
status: published
access: public
authors:
  - name: Simplon.co
    partner: simplon
date_created: 2026-01-10
date_modified: 2026-01-10
---

# Un guide court

Accueillir les candidat·es, présenter la formation.
"""


def small_commons(root: Path) -> Path:
    """The shipped policy (French, with its site_url) and one resource."""
    root.mkdir(parents=True)
    shutil.copyfile(REPO / "commons.yaml", root / "commons.yaml")
    (root / "content" / "sourcing").mkdir(parents=True)
    (root / "content" / "sourcing" / "guide-court.md").write_text(GUIDE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = small_commons(tmp_path_factory.mktemp("rules") / "commons")
    out = root.parent / "_site"
    report = build_site(root, out)
    assert report.resources == 1
    return root, out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_rule_has_its_page_with_title_sections_and_example(small: tuple[Path, Path], lang: str) -> None:
    _root, out = small
    assert len(CODES) >= 100
    for code in CODES:
        rule = RULES[code]
        page = read(out / PAGES[lang].format(code=code))
        assert f'<html lang="{lang}">' in page, code
        assert f'<h1><span class="rule-code">{code}</span> {jinja_escape(_(rule.title, lang))}</h1>' in page, code
        for heading, _text in rule_sections(rule, lang):
            assert f">{jinja_escape(heading)}</h2>" in page, (code, heading)
        example = re.search(r"<pre><code>(.*?)</code></pre>", page, re.DOTALL)
        assert example, code
        assert html.unescape(example.group(1)) == shown(_(rule.example, lang)).replace("\\n", "\n") + "\n", code


def test_no_page_shows_a_raw_placeholder(small: tuple[Path, Path]) -> None:
    _root, out = small
    pages = sorted(out.rglob("*.html"))
    assert len([p for p in pages if p.parent.name == "rules"]) == 2 * (len(CODES) + 1)
    raw = {p.relative_to(out).as_posix(): PLACEHOLDER.findall(text_of(read(p))) for p in pages}
    assert {k: v for k, v in raw.items() if v} == {}
    assert "‹field›" in read(out / "rules" / "SCH001.html")  # where a finding names the field, the page says ‹field›


def text_of(page: str) -> str:
    """What a reader sees: the text without the tags (an attribute such as the search's data-count="{n} …"
    is a template for its script, not text)."""
    return html.unescape(re.sub(r"<[^>]*>", "", page))


def test_the_placeholder_check_sees_a_raw_one() -> None:
    assert PLACEHOLDER.findall(text_of("<p>le champ « {field} » manque</p>")) == ["{field}"]
    assert PLACEHOLDER.findall(text_of('<p data-count="{n} found">x</p>')) == []
    assert PLACEHOLDER.findall("authors: [{name: Simplon.co}] · ‹field›") == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_index_lists_every_rule_by_family_and_every_page_links_to_it(small: tuple[Path, Path], lang: str) -> None:
    _root, out = small
    index = read(out / INDEX[lang])
    refs, ids = page_links(index)
    assert sorted(r.removesuffix(".html") for r in refs if re.fullmatch(r"[A-Z]{2,4}\d{3}\.html", r)) == CODES
    assert {rule.family for rule in RULES.values()} <= ids  # a section per family, each with its anchor
    for family in rule_families.FAMILIES:
        assert f'<h2 id="{family}">{jinja_escape(_(rule_families.FAMILY_TITLES[family], lang))}</h2>' in index
    home = read(out / ("index.html" if lang == "fr" else "en/index.html"))
    assert 'href="rules/index.html"' in home  # the footer of every page leads to the rules
    rule = read(out / PAGES[lang].format(code="ATT003"))
    assert 'href="index.html#share_alike"' in rule
    other = "en" if lang == "fr" else "fr"
    switch = "../../rules/ATT003.html" if lang == "en" else "../en/rules/ATT003.html"
    assert f'hreflang="{other}" href="{switch}"' in rule  # the same rule in the other language
    assert broken_links(out) == []


def test_an_unchanged_build_rewrites_no_rule_page(small: tuple[Path, Path], tmp_path: Path) -> None:
    root, built = small
    out = tmp_path / "_site"
    shutil.copytree(built, out)
    again = build_site(root, out)
    assert again.written == [] and again.unchanged == again.planned
    # a changed resource rewrites its page, never a rule's
    guide = root.parent / "edited"
    shutil.copytree(root, guide)
    path = guide / "content" / "sourcing" / "guide-court.md"
    path.write_text(read(path).replace("présenter la formation", "présenter la formation en détail"), encoding="utf-8")
    changed = build_site(guide, out)
    assert "resources/sourcing/guide-court.html" in changed.written
    assert not [p for p in changed.written if "rules/" in p]
    # a rule page removed from the folder is written again, alone
    (out / "en" / "rules" / "LIC001.html").unlink()
    assert build_site(guide, out).written == ["en/rules/LIC001.html"]


def test_rule_url_names_a_page_the_build_wrote(small: tuple[Path, Path]) -> None:
    root, out = small
    settings = load_config(root).settings
    base = site_base(settings.site_url)
    assert base == "https://simplon.github.io/open-commons/"
    for code in CODES:
        for lang in ("fr", "en"):
            url = rule_url(settings, code, lang)
            assert url is not None and url.startswith(base) and url.endswith(f"/{code}.html")
            assert (out / url[len(base):]).is_file(), url
    assert rule_url(settings, "SCH001", "de") == base + "rules/SCH001.html"  # another language: the commons'
    assert rule_url(settings, "../index", "fr") is None


# --- in a browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("page", ["rules/index.html", "rules/ATT003.html", "en/rules/index.html",
                                  "en/rules/SCH001.html"])
def test_a_rule_page_and_the_index_in_chromium(small: tuple[Path, Path], page: str, tmp_path: Path) -> None:
    """Chromium renders the page; every link of the rendered DOM resolves to a file of the site."""
    assert chromium_path(), "the browser tests need chromium (scripts/test installs it)"
    _root, out = small
    dom = dump_dom(out / page, tmp_path / "profile")
    assert re.search(r"<h1>(<span class=\"rule-code\">[A-Z]+\d+</span> )?[^<]+", dom), dom[:2000]
    refs, _ids = page_links(dom)
    internal = [r for r in refs if not urlsplit(r).scheme]
    assert len(internal) > (100 if page.endswith("index.html") else 5)
    for ref in internal:
        parts = urlsplit(ref)
        target = ((out / page).parent / unquote(parts.path)).resolve() if parts.path else out / page
        assert target.is_file() and out.resolve() in target.parents, ref
