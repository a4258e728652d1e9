# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A ``Diagnosis`` as text (one line per check, ✓ ✗ !, then what is wrong and how to fix it) or JSON,
and the list of the doctor's checks as a Markdown page (``docs/doctor.md``). Pure.

Much of what a diagnosis says comes from GitHub (ruleset and label names, branch names, GitHub's
error messages) or from files: every text parameter is data, made visible (control characters,
bidirectional overrides and line breaks escaped, so that nothing rewrites the terminal) and capped.
"""

# i18n-catalog: doctor

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from open_commons.i18n import N_, _
from open_commons.i18n import render as tr
from open_commons.model import Message
from open_commons.model.doctor import CheckInfo, Diagnosis, Result, Status
from open_commons.reporters.escape import Into, escape

PARAM_CHARS = 1000  # a text parameter longer than this is cut (a ruleset name, an error message)
SECTIONS = {"local": N_("The checkout"), "github": N_("GitHub")}


def safe(message: Message) -> Message:
    """The message with every text parameter made visible and capped (nested messages too)."""
    params: dict[str, Any] = {}
    for key, value in message.params.items():
        if isinstance(value, Message):
            params[key] = safe(value)
        elif isinstance(value, str):
            params[key] = escape(value, Into.PLAIN, limit=PARAM_CHARS)
        else:
            params[key] = value
    return Message(message.template, params)


def _text(message: Message | None, lang: str) -> str:
    return tr(safe(message), lang) if message is not None else ""


def _summary(d: Diagnosis, lang: str) -> str:
    return _(N_("{errors} problem(s) to fix, {warnings} warning(s), {ok} check(s) passed."), lang,
             errors=d.count(Status.ERROR), warnings=d.count(Status.WARNING), ok=d.count(Status.OK))


def _lines(r: Result, lang: str) -> list[str]:
    title = _(r.check.title, lang)
    details = [_text(m, lang) for m in r.details]
    if r.status is Status.OK:
        line = _(N_("{title}: {detail}"), lang, title=title, detail=details[0]) if details else title
        return [f"{r.status.mark} {r.check.code} {line}"]
    out = [f"{r.status.mark} {r.check.code} {title}"]
    out += [f"    {line}" for line in details]
    if r.fix is not None:
        out.append("    " + _(N_("fix: {fix}"), lang, fix=_text(r.fix, lang)))
    return out


def render_text(d: Diagnosis, lang: str) -> str:
    head = _(N_("commons doctor: {repo}"), lang, repo=escape(d.repository, Into.PLAIN, limit=PARAM_CHARS) or "-")
    if d.api_url:
        head += f" ({escape(d.api_url, Into.PLAIN, limit=PARAM_CHARS)})"
    lines = [head]
    for where, section in SECTIONS.items():
        shown = [r for r in d.results if r.check.where == where and r.status is not Status.SKIPPED]
        if shown:
            lines += ["", _(section, lang)]
            for r in shown:
                lines += _lines(r, lang)
    if d.notes:
        lines.append("")
        lines += [_text(note, lang) for note in d.notes]
    lines += ["", _summary(d, lang)]
    return "\n".join(lines) + "\n"


def result_dict(r: Result, lang: str) -> dict[str, Any]:
    return {
        "code": r.check.code,
        "name": r.check.name,
        "where": r.check.where,
        "status": r.status.value,
        "title": _(r.check.title, lang),
        "details": [_text(m, lang) for m in r.details],
        "fix": _text(r.fix, lang) or None,
    }


def render_json(d: Diagnosis, lang: str) -> str:
    data = {
        "repository": d.repository or None,
        "api_url": d.api_url or None,
        "route": d.route,
        "summary": {"errors": d.count(Status.ERROR), "warnings": d.count(Status.WARNING), "ok": d.count(Status.OK),
                    "skipped": d.count(Status.SKIPPED), "exit_code": d.exit_code},
        "notes": [_text(note, lang) for note in d.notes],
        "checks": [result_dict(r, lang) for r in d.results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


DOCTOR_REPORTERS = {"text": render_text, "json": render_json}


def checks_page(checks: Sequence[CheckInfo], langs: Mapping[str, str]) -> str:
    """The doctor's checks as Markdown: a table per language (``langs``: language -> heading)."""
    out: list[str] = []
    for lang, heading in langs.items():
        out += [f"## {heading}", "", "| " + " | ".join((_(N_("code"), lang), _(N_("name"), lang),
                                                         _(N_("where"), lang), _(N_("what is checked"), lang),
                                                         _(N_("how to fix it"), lang))) + " |",
                "|---|---|---|---|---|"]
        for c in checks:
            cells = (c.code, c.name, _(SECTIONS[c.where], lang), _(c.title, lang), _(c.fix, lang))
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")  # our own texts
        out.append("")
    return "\n".join(out)
