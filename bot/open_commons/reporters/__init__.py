# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reporters: findings to text, chosen by name. Pure: a report and a language in, a string out."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from open_commons.model import Finding, Message, printable, printable_params
from open_commons.model.report import Report
from open_commons.reporters import github, json_report, markdown, sarif, text

Reporter = Callable[[Report, str], str]


def _finding(f: Finding) -> Finding:
    message = printable_params(f.message.params)
    fix = printable_params(f.fix.params) if f.fix is not None else None
    if f.path.isascii() and message is f.message.params and (f.fix is None or fix is f.fix.params):
        return f
    return dataclasses.replace(f, path=printable(f.path), message=Message(f.message.template, message),
                               fix=Message(f.fix.template, fix) if f.fix is not None and fix is not None else None)


def printable_report(report: Report) -> Report:
    """The report with every path and text parameter printable (a file name that is not UTF-8
    written ``\\xNN``); the same report when there is nothing to escape (the usual case)."""
    findings = tuple(_finding(f) for f in report.findings)
    if all(a is b for a, b in zip(findings, report.findings, strict=True)):
        return report
    return dataclasses.replace(report, findings=findings)


def _safe(reporter: Reporter) -> Reporter:
    def render(report: Report, lang: str) -> str:
        return reporter(printable_report(report), lang)

    render.__doc__ = reporter.__doc__
    return render


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": _safe(text.render),
    "json": _safe(json_report.render),
    "github": _safe(github.render),
    "sarif": _safe(sarif.render),
    "markdown": _safe(markdown.render),
}


def register(name: str, reporter: Reporter) -> None:
    REPORTER_BY_NAME[name] = _safe(reporter)
