# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The check pipeline: a Commons in, a Report out. No I/O beyond what sources do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from open_commons import rules
from open_commons.model import Commons, Finding, Severity
from open_commons.rules.registry import CHECKS


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    checked_files: int = 0
    config_error: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 errors, 2 configuration error."""
        if self.config_error:
            return 2
        return 1 if self.errors else 0


def run_checks(commons: Commons, families: Iterable[str] | None = None) -> list[Finding]:
    rules.load_all()
    wanted = set(families) if families is not None else None
    findings: list[Finding] = []
    for family, fn in CHECKS:
        if wanted is None or family in wanted:
            findings.extend(fn(commons))
    return findings


def within(finding: Finding, paths: Sequence[str]) -> bool:
    if not paths:
        return True
    return any(finding.path == p or finding.path.startswith(p.rstrip("/") + "/") or p in ("", ".") for p in paths)


def check(commons: Commons, paths: Sequence[str] = (), families: Iterable[str] | None = None) -> Report:
    """Run every registered check and keep the findings under ``paths`` (all when empty)."""
    found = [f for f in run_checks(commons, families) if within(f, paths)]
    found.sort(key=lambda f: f.sort_key)
    config_error = any(f.code.startswith("CFG") and f.severity is Severity.ERROR for f in found)
    return Report(tuple(found), len(commons.resources), config_error)
