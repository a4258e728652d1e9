# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every case of tests/fixtures/hostile/ gives its expected findings, and nothing crashes.

The check runs in-process, as `commons check` does (the whole tree, REUSE included). Cases
marked ``comment: true`` also render the pull request comment the bot would post, in both
languages: text coming from the pull request must not ping anyone nor inject HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from open_commons.github import comment
from open_commons.i18n import render
from open_commons.model.report import Report
from open_commons.pipeline import check
from open_commons.sources import licensed
from tests.hostile.corpus import HOSTILE, Case, cases, detokenise, lay_out

CASES = cases()
# a mention GitHub would turn into a notification: @ at a word start, followed by a login
MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9][A-Za-z0-9-]*")
RAW_HTML = re.compile(r"<\s*/?\s*(script|img|iframe|a|details|svg|style)\b", re.IGNORECASE)


def _run(case: Case, tmp_path: Path) -> Report:
    root = lay_out(case, tmp_path / "commons", tmp_path / "outside")
    return check(licensed.full(root))


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert all(c.findings or c.expected.get("clean") for c in CASES), "every case says what it expects"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_its_findings(case: Case, tmp_path: Path) -> None:
    report = _run(case, tmp_path)
    found = [(f.code, f.path, f.line) for f in report.findings]
    for want in case.findings:
        path = detokenise(want["path"])
        hits = [f for f in report.findings if f.code == want["code"] and f.path == path]
        assert hits, f"{want} not in {found}"
        if "line" in want:
            assert any(f.line == want["line"] for f in hits), f"{want}: lines {[f.line for f in hits]}"
    for code in case.expected.get("absent") or []:
        assert code not in {f.code for f in report.findings}, found
    if case.expected.get("clean"):
        assert report.findings == (), found
    else:
        assert report.exit_code == 1
    for f in report.findings:  # every finding can be shown in both languages
        for lang in ("fr", "en"):
            assert render(f.message, lang)
            assert f.fix is None or render(f.fix, lang)


COMMENT_CASES = [c for c in CASES if c.expected.get("comment")]


def rendered_html(markdown: str) -> str:
    """The comment as GitHub renders it (CommonMark, raw HTML allowed, as in GitHub comments)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def outside_code(html: str) -> str:
    return re.sub(r"<code>.*?</code>", "", html, flags=re.DOTALL)


@pytest.mark.parametrize("case", COMMENT_CASES, ids=[c.name for c in COMMENT_CASES])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pr_comment_escapes_what_the_pull_request_wrote(case: Case, lang: str, tmp_path: Path) -> None:
    report = _run(case, tmp_path)
    assert report.findings
    body = comment.render(report, lang, partner=None, author="contributor", unregistered="none")
    html = rendered_html(body)
    text = outside_code(html)
    assert not MENTION.findall(text), MENTION.findall(text)
    assert not RAW_HTML.search(text), RAW_HTML.search(text)
    assert "href=\"https://evil.example" not in html  # no link written by the pull request
    assert html.count("<!--") == 1  # only the bot's own hidden marker
    for char in ("\u202e", "\u2066", "\x00", "\x1b"):
        assert char not in body


@pytest.mark.parametrize("text", [
    "`<img src=x>``",  # runs of different lengths: not a code span for CommonMark
    "\\`<img src=x>`",  # an escaped backtick opens no span
    "`a\n\n<script>alert(1)</script>`",  # a blank line ends the paragraph before the span closes
    "@admin [clic](https://evil.example) <details open>",
    "<!-- open-commons:report --> a forged marker",
])
def test_escaping_matches_what_commonmark_reads(text: str) -> None:
    html = outside_code(rendered_html("- " + comment._escape(text)))
    assert not MENTION.findall(html) and not RAW_HTML.search(html) and "<!--" not in html, html
    assert "href=" not in html


def test_a_file_name_cannot_close_its_code_span() -> None:
    html = rendered_html(comment._code("content/x`@admin`\n\n<img src=x>.md"))
    assert not MENTION.findall(outside_code(html)) and not RAW_HTML.search(outside_code(html)), html


def test_a_multi_line_fix_keeps_its_text_and_cannot_close_its_fence() -> None:
    fix = "Ajoutez :\n# Copyright: 2026 Awa <awa@example.org>\n````\n<img src=x>"
    html = rendered_html("- " + comment._fix_block(fix))
    assert "awa@example.org" in html and "\u200b" not in html  # copied as is, no hidden character
    assert not RAW_HTML.search(outside_code(html)), html


def test_hostile_fixtures_hold_no_raw_invisible_or_control_character() -> None:
    for path in HOSTILE.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            bad = [c for c in text if c in "\u202e\u2066\u2069\u200b\u200d\x00\x1b\x9b"]
            assert not bad, (path, bad)
