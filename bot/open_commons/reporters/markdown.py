# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# i18n-catalog: licensing
"""A Markdown report shaped for a pull request comment: by file, most important first, each with its fix.

Text from the commons goes through the one escaping function (``reporters.escape``).
"""

from __future__ import annotations

from collections import defaultdict

from open_commons.i18n import N_, _
from open_commons.i18n import render as tr
from open_commons.model import Finding
from open_commons.model.report import Report
from open_commons.reporters.escape import Into, escape, fence
from open_commons.rules.registry import RULES

_ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def _finding(f: Finding, lang: str) -> list[str]:
    rule = RULES.get(f.code)
    where = _(N_("line {line}"), lang, line=f.line) if f.line else _(N_("whole file"), lang)
    title = _(rule.title, lang) if rule else f.code
    out = [f"- {_ICON[f.severity.value]} **{f.code}** {title} ({where}): {escape(tr(f.message, lang), Into.MARKDOWN)}"]
    if f.fix:
        fix = tr(f.fix, lang)
        head, _sep, rest = fix.partition("\n")
        out.append("  - " + _(N_("How to fix: {fix}"), lang, fix=escape(head, Into.MARKDOWN)))
        if rest:
            out.append("")
            out += ["    " + line for line in fence(rest, "yaml").split("\n")]
    return out


def render(report: Report, lang: str) -> str:
    if not report.findings:
        return _(N_("✅ No problem found in {files} resource(s)."), lang, files=report.checked_files) + "\n"
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_file[f.path or "commons.yaml"].append(f)

    def weight(path: str) -> tuple[int, int, str]:
        items = by_file[path]
        return (min(f.severity.rank for f in items), -len(items), path)

    lines = [
        "### " + _(N_("Licence and attribution check"), lang),
        "",
        _(N_("{errors} error(s) and {warnings} warning(s) to look at, by file (most important first)."),
          lang, errors=report.errors, warnings=report.warnings),
        "",
    ]
    for path in sorted(by_file, key=weight):
        lines.append(f"#### {escape(path, Into.CODE)}")
        lines.append("")
        for f in sorted(by_file[path], key=lambda f: (f.severity.rank, f.line or 0, f.code)):
            lines += _finding(f, lang)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
