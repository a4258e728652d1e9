# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The rule registry: stable codes, names, severities and doc pages.

A code is never reused: a retired rule keeps its entry with ``retired=True``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from open_commons.model import Commons, Finding, Message, Resource, Severity, printable, printable_params


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

    def at(
        self,
        path: str,
        line: int | None = None,
        column: int | None = None,
        /,
        *,
        severity: Severity | None = None,
        **params: object,
    ) -> Finding:
        """A finding of this rule at a place, with the message and fix filled with ``params``.

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
) -> Rule:
    if code in RULES:
        raise ValueError(f"rule code {code} registered twice")
    if any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule name {name} registered twice")
    new = Rule(code, name, severity, title, message, fix, why, example, family)
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
