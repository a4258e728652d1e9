# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Findings as JSON, for scripts and the bot."""

from __future__ import annotations

import json
from typing import Any

from open_commons.i18n import render as tr
from open_commons.model import Finding
from open_commons.model.report import Report
from open_commons.rules.registry import RULES


def finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    rule = RULES.get(f.code)
    return {
        "code": f.code,
        "rule": rule.name if rule else None,
        "severity": f.severity.value,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "message": tr(f.message, lang),
        "fix": tr(f.fix, lang) if f.fix else None,
        "fixable": bool(rule and rule.fixable),  # `commons fix` applies it
        "suggestion": f.suggestion,  # the corrected line, when the fix is one line
    }


def render(report: Report, lang: str) -> str:
    data = {
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "resources": report.checked_files,
            "exit_code": report.exit_code,
            "base": report.base,
            "base_sha": report.base_sha,
        },
        "notes": [tr(note, lang) for note in report.notes],
        "findings": [finding_dict(f, lang) for f in report.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
