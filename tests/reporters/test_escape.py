# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one escaping function, on the hostile corpus, for every output the bot writes: the check-run
summary and annotations, the sticky comment (cut at GitHub's limit), the partner-application
comment and the ``partners/<id>.yaml`` it proposes. Markdown is read as GitHub reads it (CommonMark
with raw HTML and tables); YAML as YAML 1.1 and 1.2 read it."""

from __future__ import annotations

import html as htmllib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from open_commons.github import applications, comment, pr_check
from open_commons.model import Finding, Message, Severity
from open_commons.pipeline import Report, check
from open_commons.reporters.escape import (
    GITHUB_MAX_BODY,
    GITHUB_MAX_SUMMARY,
    LINE_BREAKS,
    Into,
    escape,
    fence,
    size,
    truncate,
    visible,
)
from open_commons.sources import licensed, yamlio
from tests.hostile.corpus import INJECTIONS, cases, hostile_texts, lay_out

TEXTS = hostile_texts()
MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9][A-Za-z0-9-]*")
RAW_HTML = re.compile(r"<\s*/?\s*(script|img|iframe|a|details|summary|svg|style)\b", re.IGNORECASE)
AUTOLINK = re.compile(r"(?i)https?://|www\.|[\w.+-]+@[A-Za-z0-9-]+\.[A-Za-z]")
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]")
MD = MarkdownIt("commonmark", {"html": True}).enable("table")


def outside_code(html: str) -> str:
    return re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.DOTALL)


def unsafe(markdown: str, markers: int = 0) -> list[str]:
    """What GitHub would turn into a mention, HTML, a link or an image, or a hidden character."""
    html = MD.render(markdown)
    text = re.sub(r"<!--.*?-->", "", outside_code(html), flags=re.DOTALL)  # GitHub shows no comment
    found = [f"mention {m}" for m in MENTION.findall(text)]
    found += [f"html {m.group(0)}" for m in RAW_HTML.finditer(text)]
    found += [f"link {m.group(0)}" for m in AUTOLINK.finditer(text)]
    found += ["href"] * html.count("href=") + ["src"] * text.count("src=\"")
    if html.count("<!--") != markers:
        found.append(f"{html.count('<!--')} HTML comments")
    found += [f"hidden U+{ord(c):04X}" for c in HIDDEN.findall(markdown)]
    return found


# --- the function, place by place --------------------------------------------------------------

def test_markdown_prose_is_inert() -> None:
    for text in TEXTS:
        out = escape(text, Into.MARKDOWN)
        assert not LINE_BREAKS & set(out), repr(text)
        assert unsafe("- " + out) == [], (text, out)
        assert unsafe("| a |\n|---|\n| " + escape(text, Into.TABLE_CELL) + " |") == [], text


def test_a_table_cell_stays_one_cell() -> None:
    for text in TEXTS:
        for into in (Into.TABLE_CELL, Into.TABLE_CODE):
            html = MD.render(f"| a | b |\n|---|---|\n| {escape(text, into)} | end |\n")
            body = html[html.index("<tbody>"):]
            assert body.count("<td>") == 2 and "<td>end</td>" in body, (text, into, html)


def test_a_code_span_holds_the_whole_text() -> None:
    for text in TEXTS:
        html = MD.render("x " + escape(text, Into.CODE))
        assert outside_code(html) == "<p>x </p>\n", (text, html)
        shown = htmllib.unescape(re.search(r"<code>(.*)</code>", html, re.DOTALL).group(1))  # type: ignore[union-attr]
        assert shown.strip() == visible(text).strip(), text


def yaml_loads(text: str, version: tuple[int, int] | None) -> Any:
    yaml = YAML(typ="safe", pure=True)
    if version:
        yaml.version = version
    return yaml.load(io.StringIO(text))


@pytest.mark.parametrize("version", [None, (1, 1), (1, 2)])
def test_yaml_strings_keep_the_value_and_break_no_line(version: tuple[int, int] | None) -> None:
    for text in TEXTS:
        quoted = escape(text, Into.YAML_STRING)
        assert not LINE_BREAKS & set(quoted) and not HIDDEN.search(quoted), repr(text)
        want = re.sub("[\ud800-\udfff]", "\ufffd", text)
        assert yaml_loads(f"a: {quoted}\nb: 1\n", version) == {"a": want, "b": 1}, repr(text)
        assert json.loads(quoted) == want


@pytest.mark.parametrize("version", [None, (1, 1), (1, 2)])
def test_a_yaml_comment_cannot_inject_a_key(version: tuple[int, int] | None) -> None:
    for text in TEXTS:
        line = "# " + escape(text, Into.YAML_COMMENT)
        assert not LINE_BREAKS & set(line) and not HIDDEN.search(line), repr(text)
        assert yaml_loads(line + "\nb: 1\n", version) == {"b": 1}, repr(text)


def test_plain_text_keeps_its_lines_and_shows_what_hides() -> None:
    for text in TEXTS:
        out = escape(text, Into.PLAIN)
        assert out.count("\n") == text.count("\n") and not HIDDEN.search(out), repr(text)
    assert escape("a\u202eb\r", Into.PLAIN) == "a\\u202Eb\\r"
    assert escape("x" * 50, Into.PLAIN, limit=10) == "x" * 9 + "…"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_any_text_in_any_place(text: str) -> None:
    assert yaml_loads(f"a: {escape(text, Into.YAML_STRING)}\n", (1, 1)) == {
        "a": re.sub("[\ud800-\udfff]", "\ufffd", text)}
    assert yaml_loads("# " + escape(text, Into.YAML_COMMENT) + "\nb: 1\n", (1, 1)) == {"b": 1}
    assert unsafe("- " + escape(text, Into.MARKDOWN)) == []
    assert outside_code(MD.render("x " + escape(text, Into.CODE))) == "<p>x </p>\n"


# --- truncation: never an open construct -------------------------------------------------------

def hostile_document(n: int) -> str:
    """Markdown whose hostile parts are all inside code spans, fences and HTML comments: cut in the
    middle of one of them, the rest would be read as Markdown again."""
    parts = ["<!-- open-commons:report -->", ""]
    for i in range(n):
        parts += [f"- {escape('<img src=x> @admin ' * (i % 5 + 1), Into.CODE)} — **X{i}** text",
                  "  " + "How to fix:", "", "  " + fence("<script>@admin</script>\n```\n<img src=x>\n" * (i % 3 + 1),
                                                          "yaml").replace("\n", "\n  "),
                  "", f"<!-- <img src=x> @admin {i}", f"still hidden --> after {i}", ""]
    return "\n".join(parts)


def test_truncate_never_leaves_a_construct_open() -> None:
    doc = hostile_document(40)
    assert unsafe(doc, markers=41) == []
    for limit in range(200, size(doc) + 1, 97):
        cut = truncate(doc, limit, "… (shortened)\n")
        assert size(cut) <= limit
        assert cut.endswith("… (shortened)\n") or cut == doc
        html = MD.render(cut)
        assert unsafe(cut, markers=html.count("<!--")) == [], limit
        assert html.count("<!--") == html.count("-->"), limit
        if cut != doc:  # the tail is its own paragraph: not swallowed by a fence, a comment or a span
            assert html.endswith("<p>… (shortened)</p>\n"), limit
    assert truncate(doc, size(doc), "tail") == doc
    naive = [n for n in range(200, size(doc), 97)  # a cut anywhere would leave constructs open
             if not MD.render(doc[:n] + "\n\n… (shortened)\n").endswith("<p>… (shortened)</p>\n")]
    assert len(naive) > 10


def test_size_counts_what_github_counts() -> None:
    assert size("é") == 1 and size("👩") == 2  # UTF-16 code units: never fewer than GitHub counts


# --- every output of the bot, on the hostile corpus --------------------------------------------

def findings_of(texts: list[str]) -> tuple[Finding, ...]:
    return tuple(Finding("LIC011", Severity.ERROR if i % 2 else Severity.WARNING, t[:300] or "x",
                         Message("'{value}' is refused", {"value": t}),
                         Message("Fix it:\n{value}\n", {"value": t}) if i % 3 == 0 else Message("{value}", {"value": t}),
                         line=i % 50 + 1) for i, t in enumerate(texts))


CORPUS_FINDINGS = findings_of(TEXTS)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_check_run_summary_and_annotations(lang: str) -> None:
    for start in range(0, len(CORPUS_FINDINGS), 100):
        pr = pr_check.PullReport(7, "a" * 40, "b" * 40, "contributor", CORPUS_FINDINGS[start:start + 100])
        _title, text = pr_check.summary(pr, lang)
        assert size(text) <= GITHUB_MAX_SUMMARY
        assert unsafe(text) == [], start
        html = MD.render(text)
        rows = html[html.index("<tbody>"):].split("<tr>")[1:]
        assert rows and all(row.count("<td>") == 4 for row in rows), start  # no cell broken by a "|"
    for note in pr_check.annotations(CORPUS_FINDINGS, lang):
        assert not HIDDEN.search(note.message) and len(note.message.encode("utf-8")) <= 65536
        assert note.path  # the file is data for the API, not text: kept as it is


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sticky_comment_is_inert_and_cut_at_the_limit(lang: str) -> None:
    body = comment.render(Report(CORPUS_FINDINGS), lang, partner=None, author="contributor", unregistered="allow")
    assert size(body) <= GITHUB_MAX_BODY and unsafe(body.replace("@contributor", ""), markers=1) == []
    long = findings_of([t + " " + "<img src=x> `@admin` " * 400 for t in INJECTIONS[:40]])
    body = comment.render(Report(long), lang, partner=None, author="contributor", unregistered="none")
    assert GITHUB_MAX_BODY - 5000 < size(body) <= GITHUB_MAX_BODY  # it was cut, and not much more
    assert unsafe(body, markers=1) == [] and body.rstrip().endswith(")")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_with_a_site_the_only_links_are_the_rule_pages(lang: str) -> None:
    """commons.yaml's site_url makes each code a link to its page: the only links of the comment and of the
    summary, and nothing else of the hostile corpus becomes one."""
    from open_commons.model import Settings
    from open_commons.urls import rule_url

    settings = Settings(site_url="https://simplon.github.io/open-commons/")
    page = rule_url(settings, "LIC011", lang)
    assert page and page.endswith("rules/LIC011.html")
    body = comment.render(Report(CORPUS_FINDINGS), lang, partner=None, author="contributor", unregistered="none",
                          settings=settings)
    assert set(re.findall(r'href="([^"]*)"', MD.render(body))) == {page}
    assert unsafe(body.replace(f"[LIC011]({page})", "LIC011"), markers=1) == []
    for start in range(0, len(CORPUS_FINDINGS), 100):
        pr = pr_check.PullReport(7, "a" * 40, "b" * 40, "contributor", CORPUS_FINDINGS[start:start + 100])
        text = pr_check.summary(pr, lang, settings)[1]
        html = MD.render(text)
        assert set(re.findall(r'href="([^"]*)"', html)) == {page}
        assert unsafe(text.replace(f"[LIC011]({page})", "LIC011")) == [], start
        rows = html[html.index("<tbody>"):].split("<tr>")[1:]
        assert rows and all(row.count("<td>") == 4 for row in rows), start
    for note in pr_check.annotations(CORPUS_FINDINGS, lang, settings):
        assert note.message.endswith(" " + page)  # last, even after a message cut at the limit
        assert not HIDDEN.search(note.message) and len(note.message.encode("utf-8")) <= 65536


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_markdown_report_is_inert(lang: str) -> None:
    from open_commons.reporters import markdown

    text = markdown.render(Report(CORPUS_FINDINGS), lang)
    assert unsafe(text) == []
    assert text.count("\n#### ") == len({f.path for f in CORPUS_FINDINGS})  # no file name broke its heading


COMMENT_CASES = [c for c in cases() if c.expected.get("comment")]


@pytest.mark.parametrize("case", COMMENT_CASES, ids=[c.name for c in COMMENT_CASES])
def test_corpus_reports_in_the_check_run(case: Any, tmp_path: Path) -> None:
    report = check(licensed.full(lay_out(case, tmp_path / "commons", tmp_path / "outside")))
    pr = pr_check.PullReport(7, "a" * 40, "b" * 40, "contributor", report.findings)
    for lang in ("fr", "en"):
        assert unsafe(pr_check.summary(pr, lang)[1]) == []
        assert all(not HIDDEN.search(n.message) for n in pr_check.annotations(report.findings, lang))


def form(**answers: str) -> str:
    heads = {"name": "Organisation", "kind": "Type de structure", "territory": "Territoire", "website": "Site web",
             "project": "Projet", "purpose": "Finalité sociale", "contacts": "Contacts", "logins": "Comptes GitHub",
             "charter": "Charte de réciprocité"}
    return "\n\n".join(f"### {heads[k]}\n\n{v}" for k, v in answers.items())


PARTNER_KEYS = {"schema_version", "id", "name", "kind", "territory", "website", "description", "status", "history",
                "commitment", "contacts", "identities"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_application_comment_and_partner_yaml(lang: str) -> None:
    for text in TEXTS:
        answers = applications.parse_form(form(
            name=text, kind=text, territory=text, website="https://ok.example " + text, project=text, purpose=text,
            contacts=f"{text} <a@b.example>\n{text}", logins=f"awadiallo {text} " + " ".join(f"u{i}" for i in range(30)),
            charter="- [X] oui"))
        answers["name"] = text  # as it would come through, even with the line breaks of a form
        app = applications.check(answers, lang, known_ids=set(), registered={})
        doc = applications.partner_yaml(app, "2026-11-30", "1.0.0", "https://github.com/o/r/issues/1")
        assert doc.count("\n") == len(doc.splitlines()) and not HIDDEN.search(doc), repr(text)
        data = YAML(typ="safe").load(doc)  # libyaml (YAML 1.1) breaks lines on U+0085, U+2028, U+2029 too
        assert set(data) <= PARTNER_KEYS and data["name"] == re.sub("[\ud800-\udfff]", "\ufffd", text[:200])
        data, problems = yamlio.load(doc)  # and as the commons reads partners/<id>.yaml
        assert not problems and data["status"] == "applicant" and len(data["identities"]) <= applications.MAX_ENTRIES
        body = applications.render(app, lang, doc, "partners")
        assert size(body) <= GITHUB_MAX_BODY and unsafe(body, markers=1) == [], (text, body)
        assert len(app.problems) <= 2 * applications.MAX_ENTRIES + 10


def test_application_echoes_are_capped() -> None:
    answers = applications.parse_form(form(kind="<img src=x>" * 100, logins="@admin/" * 100))
    app = applications.check(answers, "en", known_ids=set(), registered={})
    echoed = [p for p in app.problems if "img" in p or "admin" in p]
    assert echoed and all(len(p) < 300 for p in echoed)
    assert all("<img" not in p for p in echoed)
