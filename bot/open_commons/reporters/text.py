# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``path:line:col: CODE message`` then how to fix, most useful first (like ruff and check-jsonschema)."""

from __future__ import annotations

from open_commons.i18n import N_, _
from open_commons.i18n import render as tr
from open_commons.model import Finding
from open_commons.model.report import Report
from open_commons.rules.registry import RULES


def location(f: Finding) -> str:
    where = f.path or "."
    if f.line:
        where += f":{f.line}"
        if f.column:
            where += f":{f.column}"
    return where


def render(report: Report, lang: str) -> str:
    lines: list[str] = []
    for f in report.findings:
        severity = _(N_("warning"), lang) + " " if f.severity.value == "warning" else ""
        lines.append(f"{location(f)}: {f.code} {severity}{tr(f.message, lang)}")
        if f.fix:
            lines.append("    " + _(N_("fix: {fix}"), lang, fix=tr(f.fix, lang)))
        rule = RULES.get(f.code)
        if rule is not None and rule.fixable:
            lines.append("    " + _(N_("(`commons fix` makes this change for you)"), lang))
    lines.extend(tr(note, lang) for note in report.notes)
    lines.append(
        _(
            N_("{errors} error(s), {warnings} warning(s) in {files} resource(s) checked."),
            lang,
            errors=report.errors,
            warnings=report.warnings,
            files=report.checked_files,
        )
    )
    return "\n".join(lines) + "\n"
