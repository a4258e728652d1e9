# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Site safety: only http(s), mailto and relative URLs are written; resources failing the check are not
published; the manifest in the output folder is data, never a way to delete outside it."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from open_commons.cli import main
from open_commons.site import build_site
from open_commons.site.build import MANIFEST, read_manifest
from open_commons.site.render import relative, render_markdown, render_page
from open_commons.urls import safe_url
from tests.site.conftest import copy_commons, read

HOSTILE_SOURCE = """---
# SPDX-FileCopyrightText: 2026 Simplon.co
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: formation/source-piegee
title: Source piégée
description: Une source dont l'adresse est un script.
type: guide
phases: [formation]
language: fr
version: 1.0.0
status: published
access: public
authors:
  - name: Simplon.co
    partner: simplon
date_created: 2026-01-10
date_modified: 2026-01-10
is_based_on:
  - title: Un guide ailleurs
    url: "javascript:alert(document.cookie)"
    license: CC-BY-4.0
    authors: [Quelqu'un]
---

# Source piégée

Texte.
"""

HOSTILE_BODY = """---
# SPDX-FileCopyrightText: 2026 Simplon.co
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: formation/liens-pieges
title: Liens piégés
description: Des liens du corps vers des adresses dangereuses.
type: guide
phases: [formation]
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

# Liens piégés

[un fichier au nom piégé](javascript:alert(1).csv), [le même en relatif](./javascript:alert(2).csv),
[data](data:text/html;base64,PHNjcmlwdD4=), [vb](VBScript:msgbox), [tab](java&#9;script:alert(3)),
![image](javascript:alert(4)), [ok](https://example.org/a), [mail](mailto:contact@example.org).
"""

BAD_PARTNER = """schema_version: 1
id: partenaire-pirate
name: Partenaire pirate
kind: association
territory: Nulle part
status: validated
website: "javascript:alert('site')"
history:
  - status: validated
    since: 2025-06-01
commitment:
  charter: communaute/charte-de-reciprocite
  version: 1.0.0
  signed_on: 2025-06-01
identities:
  - github: pirate
"""


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.urls.append(value)


def unsafe_urls(site: Path) -> list[tuple[str, str]]:
    """Every href/src of every page whose scheme is not http, https or mailto."""
    bad = []
    for page in site.rglob("*.html"):
        parser = _Urls()
        parser.feed(read(page))
        for url in parser.urls:
            scheme = urlsplit(url.strip()).scheme.lower()
            if scheme not in ("", "http", "https", "mailto"):
                bad.append((str(page.relative_to(site)), url))
    return bad


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_commons(tmp_path_factory.mktemp("hostile") / "commons")
    (root / "content" / "formation" / "source-piegee.md").write_text(HOSTILE_SOURCE, encoding="utf-8")
    (root / "content" / "formation" / "liens-pieges.md").write_text(HOSTILE_BODY, encoding="utf-8")
    (root / "content" / "formation" / "javascript:alert(2).csv").write_text("a;b\n", encoding="utf-8")
    budget = root / "content" / "financement" / "budget-previsionnel.md"
    (root / "content" / "financement" / "javascript:alert(5)").write_text("x\n", encoding="utf-8")
    budget.write_text(read(budget).replace("attachments: [budget-previsionnel.csv,",
                                           "attachments: ['javascript:alert(5)', budget-previsionnel.csv,"),
                      encoding="utf-8")
    (root / "partners" / "partenaire-pirate.yaml").write_text(BAD_PARTNER, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-site") / "_site"
    report = build_site(root, out)
    return out, Path(json.dumps(report.refused))


def test_safe_url_allows_only_web_mail_and_relative() -> None:
    for good in ("https://example.org/a?b#c", "http://example.org", "mailto:a@example.org", "../x/y.html",
                 "y.html#frag", "#frag", "a%20b.pdf"):
        assert safe_url(good) == good, good
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
                "vbscript:x", "file:///etc/passwd", "\x01javascript:x", "https:evil", "//evil.example/x", None, ""):
        assert safe_url(bad) is None, bad
    assert safe_url("javascript:alert(1).csv".replace("javascript", "ftp")) is None
    assert safe_url("file:name.csv") is None
    assert relative("resources/a/b.html", "resources/a/javascript:alert(1)") == "./javascript:alert(1)"


def test_markdown_links_and_images_go_through_the_gate() -> None:
    def resolve(target: str) -> str | None:
        return "javascript:alert(9)" if target.endswith("trap.md") else None

    html = render_markdown("[a](javascript:x) [b](./trap.md) ![c](data:image/png;base64,AA) [d](https://ok.example)",
                           "content/x/y.md", resolve)
    assert "javascript:" not in html.split(">", 1)[1].replace("[a](javascript:x)", "")
    assert 'href="https://ok.example"' in html
    assert "<img" not in html


def test_templates_never_write_a_dangerous_url() -> None:
    ctx = {"lang": "fr", "page_path": "partners/x.html", "title": "x", "site_name": "x", "home_path": "index.html",
           "partners_path": "partners/index.html", "rules_path": "rules/index.html", "nav": [], "switch": None,
           "licence": {"id": "x", "name": "x", "url": "javascript:alert(1)"}, "repository_url": "javascript:x",
           "search": False, "partner": {"id": "x", "name": "X", "registered": True, "territory": "",
                                        "website": "javascript:alert(2)", "status": ""},
           "contributions": [{"pr": 1, "pr_url": "javascript:y", "date": "", "kinds": "", "resources": [],
                              "others": 0}], "reviews": [], "authored": [], "improved": []}
    html = render_page("partner.html", ctx)
    assert 'href="javascript' not in html and "javascript:alert(2)" in html  # shown as text only


def test_no_page_of_a_hostile_commons_writes_a_dangerous_url(hostile: tuple[Path, Path]) -> None:
    site, _refused = hostile
    assert unsafe_urls(site) == []
    for page in site.rglob("*.html"):
        text = read(page)
        assert 'href="javascript' not in text.lower() and 'src="javascript' not in text.lower(), page
    body = read(site / "resources" / "formation" / "liens-pieges.html")
    assert "le même en relatif" in body  # a file that is not an attachment: the link is dropped, its text kept
    assert 'href="https://example.org/a"' in body and 'href="mailto:contact@example.org"' in body
    pirate = read(site / "partners" / "partenaire-pirate.html")
    assert "javascript:alert" in pirate and 'href="javascript' not in pirate  # the website shown as text only


def test_a_resource_failing_the_check_is_not_published_and_the_build_says_which(
        hostile: tuple[Path, Path]) -> None:
    site, refused = hostile
    assert not (site / "resources" / "formation" / "source-piegee.html").exists()
    assert "content/formation/source-piegee.md" in str(refused)
    # an attachment named like a script fails the schema: the resource is left out, not half-published
    assert "content/financement/budget-previsionnel.md" in str(refused)
    assert not (site / "resources" / "financement" / "budget-previsionnel.html").exists()
    assert "Source piégée" not in read(site / "search-index.json")


def test_the_cli_names_the_resources_it_did_not_publish(tmp_path: Path) -> None:
    root = copy_commons(tmp_path / "commons")
    (root / "content" / "formation" / "source-piegee.md").write_text(HOSTILE_SOURCE, encoding="utf-8")
    result = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "s"), "--root", str(root), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "content/formation/source-piegee.md: not published" in result.output


# --- the manifest ---------------------------------------------------------------------------


@pytest.mark.parametrize("victim_name", ["../victim", "ABSOLUTE"])
def test_a_manifest_naming_a_path_outside_the_output_deletes_nothing(tmp_path: Path, victim_name: str) -> None:
    root = copy_commons(tmp_path / "commons")
    out = tmp_path / "site"
    build_site(root, out, kits=False)
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    name = str(victim) if victim_name == "ABSOLUTE" else victim_name
    manifest = json.loads(read(out / MANIFEST))
    manifest["files"][name] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert read_manifest(out) is False
    report = build_site(root, out, kits=False)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert report.manifest_ignored and report.removed == []
    assert read_manifest(out) not in (None, False)  # a fresh, sound manifest


def test_a_symlink_in_the_output_is_removed_not_followed(tmp_path: Path) -> None:
    root = copy_commons(tmp_path / "commons")
    out = tmp_path / "site"
    build_site(root, out, kits=False)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (out / "stale.txt").symlink_to(victim)
    manifest = json.loads(read(out / MANIFEST))
    manifest["files"]["stale.txt"] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    build_site(root, out, kits=False)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "stale.txt").is_symlink()


@pytest.mark.parametrize("text", ["{not json", "[]", '{"version": 1, "access": "public", "files": []}',
                                  '{"version": 1, "access": "public", "files": {"a.html": 3}}',
                                  '{"version": 99, "access": "public", "files": {}}', "\udcff"])
def test_a_malformed_manifest_means_a_full_rebuild_not_a_traceback(tmp_path: Path, text: str) -> None:
    root = copy_commons(tmp_path / "commons")
    out = tmp_path / "site"
    first = build_site(root, out, kits=False)
    (out / MANIFEST).write_bytes(text.encode("utf-8", "surrogateescape"))
    again = build_site(root, out, kits=False)
    assert again.manifest_ignored
    assert len(again.written) == first.planned
    assert build_site(root, out, kits=False).written == []
