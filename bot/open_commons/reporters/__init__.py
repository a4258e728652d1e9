# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reporters: findings to text, chosen by name. Pure: a report and a language in, a string out."""

from __future__ import annotations

from collections.abc import Callable

from open_commons.model.report import Report
from open_commons.reporters import github, json_report, markdown, sarif, text

Reporter = Callable[[Report, str], str]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
}


def register(name: str, reporter: Reporter) -> None:
    REPORTER_BY_NAME[name] = reporter
