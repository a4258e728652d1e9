# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The sticky comment: one per pull request, found by a hidden marker, edited in place.

Like CLA assistant and dependency-review-action: every page of comments is searched for the
marker (only in comments written by a bot, so that a person quoting it is never edited); the
first one found is edited when its text differs; a second one left by an earlier race is deleted.
"""

# i18n-catalog: bot

from __future__ import annotations

from collections.abc import Sequence

from open_commons.i18n import N_, _
from open_commons.i18n import render as tr
from open_commons.model import Finding, Settings, Severity
from open_commons.model.github import MARKER, Comment
from open_commons.model.report import Report
from open_commons.reporters.escape import GITHUB_MAX_BODY, Into, escape, fence, link, truncate
from open_commons.rules.registry import RULES
from open_commons.urls import rule_url

MAX_COMMENT = GITHUB_MAX_BODY  # GitHub refuses more than 65,536 characters
MAX_LISTED = 30


def _code(text: str) -> str:
    """A code span that text from the change cannot close (a file name may hold backticks)."""
    return escape(text, Into.CODE)


def _where(f: Finding) -> str:
    where = _code(f.path or ".")
    if f.line:
        where += " (" + _(N_("line {line}"), None, line=f.line) + ")"
    return where


def _fix_block(text: str) -> str:
    """A fix: its instruction (the first line) as text, the lines to write (the rest) in a fenced block
    (literal: no mention, no HTML; copied as is, so without any French in it); a one-line fix
    escaped like a message."""
    head, _sep, rest = text.strip("\n").partition("\n")
    out = " " + _escape(head)
    if rest.strip():
        out += "\n\n" + "\n".join("  " + ln for ln in fence(rest, "yaml").splitlines())
    return out


def _suggestion(f: Finding, lang: str) -> str:
    """The corrected line as a GitHub suggested change (applied as is: the block holds only the line)."""
    if not f.suggestion or not f.line:
        return ""
    intro = _(N_("Suggested change for line {line}:"), lang, line=f.line)
    return "\n\n  " + intro + "\n\n" + "\n".join("  " + ln for ln in fence(f.suggestion, "suggestion").splitlines())


def _escape(text: str) -> str:
    """Neutralise mentions, HTML (tags, comments) and links in text coming from the change."""
    return escape(text, Into.MARKDOWN)


def _rule(code: str, lang: str, settings: Settings | None) -> str:
    """The rule's code in bold, linked to its page on the commons' site when commons.yaml gives the site."""
    return "**" + link(escape(code, Into.MARKDOWN), rule_url(settings, code, lang) if settings else None) + "**"


def render(report: Report, lang: str, *, partner: str | None, author: str, unregistered: str,
           apply_url: str = "", check_url: str = "", settings: Settings | None = None) -> str:
    """The comment in ``lang``: verdict, each problem with where and the exact fix, then the partner line.
    With ``settings`` whose ``site_url`` is set, each rule code links to the rule's page on the site;
    otherwise the comment says how to read a rule's page (``commons rules CODE``)."""
    from open_commons.i18n import set_language

    set_language(lang)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    warnings = [f for f in report.findings if f.severity is Severity.WARNING]
    lines = [MARKER, ""]
    if errors:
        lines.append("### " + _(N_("Open Commons: {count} problem(s) to fix before merging"), lang, count=len(errors)))
    elif warnings:
        lines.append("### " + _(N_("Open Commons: all is well, with {count} remark(s)"), lang, count=len(warnings)))
    else:
        lines.append("### " + _(N_("Open Commons: all is well"), lang))
        lines.append("")
        lines.append(_(N_("The licence and the credits of the resources you changed are in order. Thank you!"), lang))
    shown = 0
    for title, group in ((N_("To fix"), errors), (N_("Remarks"), warnings)):
        if not group:
            continue
        lines += ["", f"**{_(title, lang)}**", ""]
        for f in group:
            if shown >= MAX_LISTED:
                break
            shown += 1
            item = f"- {_where(f)} — {_rule(f.code, lang, settings)} {_escape(tr(f.message, lang))}"
            if f.fix:
                item += "\n  " + _(N_("How to fix:"), lang) + _fix_block(tr(f.fix, lang))
            item += _suggestion(f, lang)
            rule = RULES.get(f.code)
            if rule is not None and rule.fixable:
                item += "\n  " + _(N_("`commons fix` makes this change for you."), lang)
            lines.append(item)
    if len(errors) + len(warnings) > shown:
        lines += ["", _(N_("… and {count} more: see the check run."), lang, count=len(errors) + len(warnings) - shown)]
    listed = errors + warnings
    if listed and (settings is None or rule_url(settings, listed[0].code, lang) is None):
        lines += ["", _(N_("What a rule checks, why, an example and how to fix it: {command}."), lang,
                        command=escape(f"commons rules {listed[0].code}", Into.CODE))]
    lines.append("")
    if partner:
        lines.append(_(N_("This contribution will be credited to the partner **{partner}**."), lang, partner=partner))
    elif unregistered == "none":  # a maintainer of the commons
        pass
    elif unregistered == "block":
        lines.append(_(N_("@{author} is not a registered partner of this commons: the pull request cannot be merged "
                          "until your organisation joins. Apply here: {url}"), lang, author=author, url=apply_url))
    else:
        lines.append(_(N_("@{author} is not (yet) a registered partner: your contribution is welcome, but it will not "
                          "be credited to an organisation. To join the commons: {url}"), lang, author=author,
                       url=apply_url))
    if check_url:
        lines += ["", _(N_("Details: {url}"), lang, url=check_url)]
    body = "\n".join(lines) + "\n"
    return truncate(body, MAX_COMMENT, "… " + _(N_("(comment shortened: see the check run)"), lang) + "\n")


def ours(comments: Sequence[Comment]) -> list[Comment]:
    return [c for c in comments if MARKER in c.body and c.author.is_bot]


def upsert(port, repo: str, number: int, body: str) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """Create, edit or leave the sticky comment; return (what was done, comment id)."""
    found = ours(port.comments(repo, number))
    if not found:
        return "created", port.create_comment(repo, number, body)
    first, extra = found[0], found[1:]
    for dup in extra:
        port.delete_comment(repo, dup.id)
    if first.body.strip() == body.strip():
        return "unchanged", first.id
    port.edit_comment(repo, first.id, body)
    return "edited", first.id
