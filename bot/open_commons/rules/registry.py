# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The rule registry: stable codes, names, severities and doc pages.

A code is never reused: a retired rule keeps its entry with ``retired=True``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from open_commons.i18n import N_
from open_commons.model import Commons, Finding, Message, Resource, Severity, msg, printable, printable_params


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case, stable
    severity: Severity
    title: str  # N_() templates from here on
    message: str
    fix: str
    why: str
    example: str  # a short example of the problem (front-matter, file layout…)
    family: str
    retired: bool = False
    fixable: bool = False  # `commons fix` applies its fix (no judgement needed)

    def at(
        self,
        path: str,
        line: int | None = None,
        column: int | None = None,
        /,
        *,
        severity: Severity | None = None,
        line_fix: str | None = None,
        **params: object,
    ) -> Finding:
        """A finding of this rule at a place, with the message and fix filled with ``params``; ``line_fix``
        is the corrected text of the line when the fix is that one line (offered as a GitHub suggestion).

        A file name that is not UTF-8 is written ``\\xNN`` (in the path and in text parameters),
        so that every reporter can print and encode it."""
        if not path.isascii():
            path = printable(path)
        safe = printable_params(params)
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            path=path,
            message=Message(self.message, safe),
            fix=Message(self.fix, safe) if self.fix else None,
            line=line,
            column=column,
            suggestion=line_fix,
        )


RULES: dict[str, Rule] = {}
Check = Callable[[Commons], Iterable[Finding]]
CHECKS: list[tuple[str, Check]] = []
# A resource check sees one resource and the commons' context (config, schemas, files), never
# the other resources: it can run in a worker process while the tree is being read.
ResourceCheck = Callable[[Resource, Commons], Iterable[Finding]]
RESOURCE_CHECKS: list[tuple[str, ResourceCheck]] = []


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    title: str,
    message: str,
    fix: str,
    why: str,
    example: str,
    family: str,
    fixable: bool = False,
) -> Rule:
    if code in RULES:
        raise ValueError(f"rule code {code} registered twice")
    if any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule name {name} registered twice")
    new = Rule(code, name, severity, title, message, fix, why, example, family, fixable=fixable)
    RULES[code] = new
    return new


def check(family: str) -> Callable[[Check], Check]:
    """Register a function ``Commons -> findings`` run by ``commons check``."""

    def deco(fn: Check) -> Check:
        CHECKS.append((family, fn))
        return fn

    return deco


def resource_check(family: str) -> Callable[[ResourceCheck], ResourceCheck]:
    """Register a function ``(Resource, Commons) -> findings`` run on every resource."""

    def deco(fn: ResourceCheck) -> ResourceCheck:
        RESOURCE_CHECKS.append((family, fn))
        return fn

    return deco


def lookup(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    if key.upper() in RULES:
        return RULES[key.upper()]
    return next((r for r in RULES.values() if r.name == key.lower()), None)


def did_you_mean(value: str, known: Iterable[str]) -> Message | str:
    """`` (did you mean 'x'?)`` for the known value closest to a typo, or "" (a parameter of a message)."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return msg(N_(" (did you mean '{near}'?)"), near=close[0]) if close else ""
