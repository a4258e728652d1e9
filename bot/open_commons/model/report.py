# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``Report``: the findings of one check, and the exit code they mean (set once, at the end)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from open_commons.model import Finding, Message, Severity


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    checked_files: int = 0
    config_error: bool = False
    extra: Mapping[str, object] = field(default_factory=dict)
    base: str | None = None  # the revision a change was compared with ("origin/main"), if any
    base_sha: str | None = None
    notes: tuple[Message, ...] = ()  # what the check did, said before the summary (e.g. the base it used)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def codes(self) -> tuple[str, ...]:
        """The rule codes found, sorted, once each (what two verdicts are compared on)."""
        return tuple(sorted({f.code for f in self.findings}))

    @property
    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 errors, 2 configuration error."""
        if self.config_error:
            return 2
        return 1 if self.errors else 0
