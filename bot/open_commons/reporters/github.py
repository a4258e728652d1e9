# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""GitHub Actions workflow commands: ``::error file=…,line=…::message``."""

from __future__ import annotations

from open_commons.i18n import render as tr
from open_commons.model.report import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, lang: str) -> str:
    out = []
    for f in report.findings:
        props = [f"file={escape_property(f.path or '.')}"]
        if f.line:
            props.append(f"line={f.line}")
            if f.column:
                props.append(f"col={f.column}")
        props.append(f"title={escape_property(f.code)}")
        text = tr(f.message, lang)
        if f.fix:
            text += "\n" + tr(f.fix, lang)
        out.append(f"::{_LEVEL[f.severity.value]} {','.join(props)}::{escape_data(text)}")
    return "\n".join(out) + ("\n" if out else "")
