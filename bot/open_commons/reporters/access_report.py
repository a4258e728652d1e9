# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""An access plan as text, JSON or Markdown. Pure: a ``Plan`` and a language in, a string out."""

# i18n-catalog: ledger

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from open_commons.i18n import N_, _
from open_commons.i18n import render as tr
from open_commons.model import Finding
from open_commons.model.access import Change, Grant, Plan, Reason

OPEN = "…"
STATUS = {
    "validated": N_("validated"),
    "applicant": N_("an applicant, not validated"),
    "suspended": N_("suspended"),
    "left": N_("a former partner"),
}


def _span(grant: Grant) -> str:
    return f"{grant.since or OPEN} → {grant.until or OPEN}"


def reason(grant: Grant, lang: str) -> str:
    """Why a login is in, or why it goes, in words."""
    status = _(STATUS[grant.status], lang) if grant.status in STATUS else (grant.status or "-")
    p = {"partner": grant.partner or "-", "status": status, "since": grant.since or OPEN,
         "until": grant.until or OPEN, "span": _span(grant)}
    templates = {
        Reason.VALIDATED: N_("{partner}: validated partner, identity valid {span}"),
        Reason.MAINTAINER: N_("maintainer listed in commons.yaml"),
        Reason.PROTECTED: N_("protected in commons.yaml: never removed"),
        Reason.PARTNER_NOT_VALIDATED: N_("{partner} is {status} (identity {span})"),
        Reason.IDENTITY_ENDED: N_("{partner}: the identity ended on {until} (status {status})"),
        Reason.IDENTITY_NOT_STARTED: N_("{partner}: the identity starts on {since}"),
        Reason.IDENTITY_CONFLICT: N_("claimed by two partners on that day ({partner}…)"),
        Reason.NOT_REGISTERED: N_("listed by no partner"),
    }
    return _(templates[grant.reason], lang, **p)


def _finding(f: Finding, lang: str) -> list[str]:
    where = f.path or "."
    if f.line:
        where += f":{f.line}"
    severity = _(N_("warning"), lang) + " " if f.severity.value == "warning" else ""
    out = [f"{where}: {f.code} {severity}{tr(f.message, lang)}"]
    if f.fix:
        out.append("    " + _(N_("fix: {fix}"), lang, fix=tr(f.fix, lang)))
    return out


def _header(plan: Plan, lang: str) -> str:
    return _(N_("Access plan on {day}: organisation {org}, team(s) {teams}"), lang, day=plan.day,
             org=plan.policy.organization or "-", teams=", ".join(plan.policy.teams) or "-")


def _summary(plan: Plan, lang: str) -> str:
    if plan.current is None:
        text = _(N_("{n} login(s) should have access (offline: the current membership was not read)."), lang,
                 n=len(plan.desired))
    else:
        text = _(N_("{adds} addition(s), {removals} removal(s), {kept} protected login(s) kept."), lang,
                 adds=len(plan.additions), removals=len(plan.removals), kept=len(plan.kept))
    if plan.blocked:
        text += " " + _(N_("{errors} error(s): nothing will be applied."), lang, errors=plan.errors)
    return text


SIGN = {"add": "+", "remove": "-", "keep": "="}


def _rows(plan: Plan) -> list[tuple[str, str, Grant]]:
    if plan.current is None:
        return [("=", "*", g) for g in plan.desired]
    return [(SIGN[c.action], c.team, c.grant) for c in (*plan.changes, *plan.kept)]


def text(plan: Plan, lang: str) -> str:
    lines = [_header(plan, lang), ""]
    rows = _rows(plan)
    width = max((len(g.login) for _s, _t, g in rows), default=0)
    team_width = max((len(t) for _s, t, _g in rows), default=0)
    for sign, team, grant in rows:
        lines.append(f"{sign} {team.ljust(team_width)}  {grant.login.ljust(width)}  {reason(grant, lang)}")
    if not rows:
        lines.append(_(N_("Nothing to change."), lang))
    if plan.findings:
        lines.append("")
        for f in plan.findings:
            lines += _finding(f, lang)
    lines += ["", _summary(plan, lang)]
    return "\n".join(lines) + "\n"


def markdown(plan: Plan, lang: str) -> str:
    lines = [f"### {_header(plan, lang)}", ""]
    rows = _rows(plan)
    if rows:
        lines.append(f"| | {_(N_('Team'), lang)} | {_(N_('Login'), lang)} | {_(N_('Reason'), lang)} |")
        lines.append("|---|---|---|---|")
        for sign, team, grant in rows:
            why = reason(grant, lang).replace("|", "\\|")
            lines.append(f"| {sign} | {team} | `{grant.login}` | {why} |")
    else:
        lines.append(_(N_("Nothing to change."), lang))
    if plan.findings:
        lines.append("")
        for f in plan.findings:
            first, *rest = _finding(f, lang)
            lines.append(f"- **{f.code}** {first}" + "".join(f"<br>{r.strip()}" for r in rest))
    lines += ["", _summary(plan, lang)]
    return "\n".join(lines) + "\n"


def json_report(plan: Plan, lang: str, applied: list[dict[str, Any]] | None = None) -> str:
    """The plan as JSON; with ``applied``, the access-log records of the changes made."""
    data: dict[str, Any] = plan.to_json()
    if applied is not None:
        data["applied"] = applied
    for key in ("changes", "kept"):
        for item, change in zip(data[key], (*plan.changes,) if key == "changes" else plan.kept, strict=True):
            item["why"] = reason(change.grant, lang)
    for item, grant in zip(data["desired"], plan.desired, strict=True):
        item["why"] = reason(grant, lang)
    data["findings"] = [{"code": f.code, "severity": f.severity.value, "path": f.path, "line": f.line,
                         "message": tr(f.message, lang), "fix": tr(f.fix, lang) if f.fix else None}
                        for f in plan.findings]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


ACCESS_REPORTERS: dict[str, Callable[[Plan, str], str]] = {"text": text, "json": json_report, "markdown": markdown}


def change_line(change: Change, state: str, lang: str) -> str:
    """One applied change, for the output of ``commons access apply``."""
    return f"{SIGN.get(change.action, '?')} {change.team}  {change.login}  [{state}]  {reason(change.grant, lang)}"
