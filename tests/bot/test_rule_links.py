# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every code the bot writes leads to the rule's page on the commons' site (``site_url`` in commons.yaml):
the sticky comment and the check run's summary link it, each annotation ends with its address, SARIF's
helpUri is it. The pages the links name are files of the site built from the same commons. Without a site,
or with an address that is not a plain http(s) one, no link at all."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from open_commons import rules as rule_families
from open_commons.cli import main
from open_commons.github import comment, pr_check
from open_commons.model import Settings
from open_commons.pipeline import Report, check
from open_commons.reporters import sarif
from open_commons.reporters.escape import Into, escape, link
from open_commons.site import build_site
from open_commons.sources import licensed
from open_commons.sources.tree import load_config
from open_commons.urls import rule_url, site_base, web_url
from tests.bot.conftest import UPSTREAM, World, adapt_pull, load_payload
from tests.licensing.licensing_helpers import MAIN, resource, write

rule_families.load_all()
SITE = "https://simplon.github.io/open-commons/"  # the shipped commons.yaml's site_url
MD = MarkdownIt("commonmark", {"html": True}).enable("table")  # as GitHub reads a comment (raw HTML on)
HREF = re.compile(r'href="([^"]*)"')
HOSTILE_URLS = [
    "javascript:alert(1)",
    'https://x.org/" onmouseover="alert(1)',
    "https://x.org/a b",
    "https://x.org/)[clic](javascript:alert(1)",
    "https://x.org/<img src=x onerror=alert(1)>",
    "https://@evil.org/",
    "https://x.org/?next=javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.org/",
    "java\tscript:alert(1)",
    "https://x.org/\u202e",
    "",
]


def commons_with_problems(root: Path, site_url: str | None = SITE, url: str | None = None) -> Path:
    """A commons (the shipped policy) with a good resource and three that fail the check in different ways."""
    policy = (MAIN / "commons.yaml").read_text(encoding="utf-8")
    line = "" if site_url is None else f"site_url: {json.dumps(site_url)}\n"
    policy = re.sub(r"^site_url:.*\n", lambda _m: line, policy, flags=re.MULTILINE)
    if url is not None:
        policy = re.sub(r"^url:.*$", lambda _m: f"url: {json.dumps(url)}", policy, flags=re.MULTILINE)
    write(root, {
        "commons.yaml": policy,
        "content/sourcing/guide.md": resource("sourcing/guide"),
        "content/sourcing/sans-auteur.md": resource("sourcing/sans-auteur").replace(
            "authors:\n  - name: Simplon.co\n    partner: simplon\n", ""),
        "content/sourcing/licence-nc.md": resource("sourcing/licence-nc", licence="CC-BY-NC-4.0"),
        "content/sourcing/mauvais-type.md": resource("sourcing/mauvais-type").replace("type: guide", "type: roman"),
    })
    (root / "LICENSES").mkdir()
    shutil.copy(MAIN / "LICENSES" / "CC-BY-SA-4.0.txt", root / "LICENSES" / "CC-BY-SA-4.0.txt")
    return root


def links(markdown: str) -> list[str]:
    """The addresses of every link GitHub would show in this Markdown."""
    return HREF.findall(MD.render(markdown))


@pytest.fixture(scope="module")
def commons(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report, Path]:
    """The commons, its check report and its site."""
    root = commons_with_problems(tmp_path_factory.mktemp("links") / "commons")
    report = check(licensed.full(root))
    assert len({f.code for f in report.findings}) >= 3, [f.code for f in report.findings]
    site = root.parent / "_site"
    build_site(root, site)
    return root, report, site


def page_of(site: Path, url: str) -> Path:
    assert url.startswith(SITE), url
    return site / url[len(SITE):]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_comment_links_each_code_to_its_page_on_the_site_built_from_the_same_commons(
        commons: tuple[Path, Report, Path], lang: str) -> None:
    root, report, site = commons
    settings = load_config(root).settings
    body = comment.render(report, lang, partner=None, author="awadiallo", unregistered="inform", settings=settings)
    items = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(items) == len(report.findings)
    prefix = "" if lang == "fr" else "en/"
    for finding, item in zip([f for f in report.findings if f.severity.value == "error"]
                             + [f for f in report.findings if f.severity.value == "warning"], items, strict=True):
        url = f"{SITE}{prefix}rules/{finding.code}.html"
        assert f"**[{finding.code}]({url})**" in item, item
        assert page_of(site, url).is_file(), url
        assert f"<h1><span class=\"rule-code\">{finding.code}</span>" in page_of(site, url).read_text(encoding="utf-8")
    assert set(links(body)) <= {f"{SITE}{prefix}rules/{f.code}.html" for f in report.findings} | {
        settings.partners.apply_url}
    assert "commons rules" not in body  # the page says it all


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_check_run_links_each_code_and_each_annotation_ends_with_the_page(
        commons: tuple[Path, Report, Path], lang: str) -> None:
    root, report, site = commons
    settings = load_config(root).settings
    pr = pr_check.PullReport(7, "a" * 40, "b" * 40, "awadiallo", report.findings, checked=4)
    _title, text = pr_check.summary(pr, lang, settings)
    html = MD.render(text)
    rows = html[html.index("<tbody>"):].split("<tr>")[1:]
    assert len(rows) == len(report.findings) and all(row.count("<td>") == 4 for row in rows)
    for finding, row in zip(report.findings, rows, strict=True):
        url = rule_url(settings, finding.code, lang)
        assert url and f'<a href="{url}">{finding.code}</a>' in row
        assert page_of(site, url).is_file()
    notes = pr_check.annotations(report.findings, lang, settings)
    assert len(notes) == len(report.findings)
    for finding, note in zip(report.findings, notes, strict=True):
        url = rule_url(settings, finding.code, lang)
        assert url and note.message.endswith(url) and note.title == finding.code
        assert page_of(site, url).is_file()


def test_sarif_help_uri_is_the_rule_page_on_the_site(commons: tuple[Path, Report, Path]) -> None:
    root, _report, site = commons
    for lang in ("fr", "en"):
        result = CliRunner().invoke(main, ["check", "--root", str(root), "--no-base", "--format", "sarif",
                                           "--lang", lang], catch_exceptions=False)
        rules = json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]
        assert rules
        for entry in rules:
            assert entry["helpUri"] == rule_url(load_config(root).settings, entry["id"], lang)
            assert page_of(site, entry["helpUri"]).is_file()


def test_without_a_site_no_link_and_the_comment_names_commons_rules(tmp_path: Path) -> None:
    root = commons_with_problems(tmp_path / "commons", site_url=None)
    settings = load_config(root).settings
    assert settings.site_url == ""
    report = check(licensed.full(root))
    for lang in ("fr", "en"):
        body = comment.render(report, lang, partner="simplon", author="simplon", unregistered="none",
                              settings=settings)
        assert links(body) == []
        first = next(f for f in report.findings if f.severity.value == "error")
        assert f"`commons rules {first.code}`" in body
        pr = pr_check.PullReport(7, "a" * 40, "b" * 40, "simplon", report.findings)
        assert links(pr_check.summary(pr, lang, settings)[1]) == []
        assert all("://" not in n.message for n in pr_check.annotations(report.findings, lang, settings))
    doc = json.loads(sarif.render(Report(report.findings, extra={"settings": settings}), "fr"))
    assert {r["helpUri"] for r in doc["runs"][0]["tool"]["driver"]["rules"]} == {
        sarif.DOCS.format(code=c) for c in {f.code for f in report.findings}}


@pytest.mark.parametrize("value", HOSTILE_URLS)
def test_a_hostile_site_url_gives_no_link(tmp_path: Path, value: str) -> None:
    root = commons_with_problems(tmp_path / "commons", site_url=value)
    settings = load_config(root).settings
    assert site_base(settings.site_url) is None
    report = check(licensed.full(root))
    if value.strip():  # commons check tells the maintainers, against the schema
        assert "CFG001" in {f.code for f in report.findings if f.path == "commons.yaml"}, report.findings
    findings = tuple(f for f in report.findings if f.path != "commons.yaml")
    for lang in ("fr", "en"):
        body = comment.render(Report(findings), lang, partner="simplon", author="simplon", unregistered="none",
                              settings=settings)
        assert links(body) == [] and "commons rules" in body
        assert not any(part in body for part in ("javascript", "onmouseover", "onerror", "evil.org", "x.org"))
        pr = pr_check.PullReport(7, "a" * 40, "b" * 40, "simplon", findings)
        text = pr_check.summary(pr, lang, settings)[1]
        assert links(text) == [] and "x.org" not in text and "javascript" not in text
        assert all("://" not in n.message and "javascript" not in n.message
                   for n in pr_check.annotations(findings, lang, settings))
        doc = json.loads(sarif.render(Report(findings, extra={"settings": settings}), lang))
        assert all(r["helpUri"].startswith("https://github.com/simplon/open-commons/blob/main/docs/rules/")
                   for r in doc["runs"][0]["tool"]["driver"]["rules"])


@pytest.mark.parametrize("value", ["javascript:alert(1)", 'https://x.org/" onmouseover=alert(1)'])
def test_a_hostile_url_gives_no_link_either(tmp_path: Path, value: str) -> None:
    """``url`` (the commons' home, for credit lines) never makes a link of the bot's, whatever it holds."""
    root = commons_with_problems(tmp_path / "commons", site_url=None, url=value)
    settings = load_config(root).settings
    report = check(licensed.full(root))
    findings = tuple(f for f in report.findings if f.path != "commons.yaml")
    body = comment.render(Report(findings), "fr", partner="simplon", author="simplon", unregistered="none",
                          settings=settings)
    assert links(body) == [] and "javascript" not in body and "onmouseover" not in body
    assert all(rule_url(settings, f.code, "fr") is None for f in findings)


def test_web_url_accepts_only_plain_http_addresses() -> None:
    for good in ("https://simplon.github.io/open-commons/", "http://localhost:8000/site", "HTTPS://x.org",
                 "https://x.org/a%C3%A9/b_c-d.e~f/"):
        assert web_url(good) is not None, good
    assert web_url("HTTPS://x.org") == "https://x.org"
    for bad in [*HOSTILE_URLS, None, 42, "https://x.org/#top", "https://x.org/%zz", "ftp://x.org/",
                "https://x.org/" + "a" * 3000]:
        assert web_url(bad) is None, bad
        assert escape(bad, Into.URL) == ""
        assert link("**X**", bad) == "**X**"
    assert link("X", "https://x.org/p") == "[X](https://x.org/p)"
    assert rule_url(Settings(site_url="https://x.org/site", language="en"), "SCH001", "fr") == \
        "https://x.org/site/fr/rules/SCH001.html"
    assert rule_url(Settings(site_url="https://x.org/site/", language="en"), "SCH001", "en") == \
        "https://x.org/site/rules/SCH001.html"
    assert rule_url(Settings(site_url="https://x.org/"), "SCH001)[x](javascript:1", "fr") is None


# --- through the fake GitHub -----------------------------------------------------------------------

def test_the_posted_comment_and_check_run_lead_to_pages_of_the_commons_site(world: World, tmp_path: Path) -> None:
    """A fork PR through the bot (the shipped commons.yaml, with its site_url): every link in the comment,
    the summary and the annotations names a page of the site built from the upstream commons."""
    from tests.bot.test_end_to_end import NUMBER, _comments, _deliver, _open_bad_pull

    bad = _open_bad_pull(world)
    out = _deliver(world, "pull_request", adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, NUMBER))
    assert out[0].status == "done", out
    body = _comments(world)[0]["body"]
    run = world.fake.check_runs(UPSTREAM, head_sha=bad, name="Open Commons")[-1]
    notes = world.fake.annotations(UPSTREAM, run["id"])
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(world.upstream.path), str(checkout)], check=True)
    site = tmp_path / "_site"
    build_site(checkout, site, kits=False)

    found = [u for u in links(body) + links(run["output"]["summary"]) if u.startswith(SITE)]
    found += [n["message"].rsplit(" ", 1)[-1] for n in notes]
    assert f"{SITE}rules/ATT003.html" in found and len(found) >= 3
    for url in found:
        assert page_of(site, url).is_file(), url
