# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""SARIF 2.1.0 for GitHub code scanning: one run, one rule per code used, one result per finding."""

from __future__ import annotations

import json
from typing import Any

from open_commons import __version__
from open_commons.i18n import render as tr
from open_commons.i18n import _
from open_commons.model.report import Report
from open_commons.rules.registry import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
DOCS = "https://github.com/simplon/open-commons/blob/main/docs/rules/{code}.md"


def render(report: Report, lang: str) -> str:
    codes = sorted({f.code for f in report.findings})
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for code in codes:
        rule = RULES.get(code)
        index[code] = len(rules)
        entry: dict[str, Any] = {"id": code, "helpUri": DOCS.format(code=code)}
        if rule is not None:
            entry.update({
                "name": rule.name,
                "shortDescription": {"text": _(rule.title, lang)},
                "fullDescription": {"text": _(rule.why, lang)},
                "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
            })
        rules.append(entry)
    results = []
    for f in report.findings:
        text = tr(f.message, lang)
        if f.fix:
            text += "\n" + tr(f.fix, lang)
        region: dict[str, int] = {"startLine": f.line or 1}
        if f.column:
            region["startColumn"] = f.column
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity.value],
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path or "commons.yaml", "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
        })
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "open-commons", "version": __version__,
                                "informationUri": "https://github.com/simplon/open-commons", "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
