# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Partners and their identities (GitHub logins, emails, email domains), each with a date range.

Standard library only. Dates are ISO strings (``YYYY-MM-DD``), compared as strings; a range is
inclusive at both ends and open when a bound is missing (like SortingHat enrollments).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class IdentityKind(enum.StrEnum):
    GITHUB = "github"
    EMAIL = "email"
    DOMAIN = "domain"


class PartnerStatus(enum.StrEnum):
    APPLICANT = "applicant"
    VALIDATED = "validated"
    SUSPENDED = "suspended"
    LEFT = "left"


def in_range(day: str, since: str | None, until: str | None) -> bool:
    """True when ``day`` (YYYY-MM-DD) is within [since, until]; a missing bound is open."""
    return (since is None or since <= day) and (until is None or day <= until)


def ranges_overlap(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    lo = max(a[0] or "", b[0] or "")
    hi_a, hi_b = a[1] or "9999-12-31", b[1] or "9999-12-31"
    return lo <= min(hi_a, hi_b)


@dataclass(frozen=True)
class Identity:
    """One way a partner shows up: a GitHub login, an email or an email domain (lower case)."""

    kind: IdentityKind
    value: str
    since: str | None = None
    until: str | None = None
    login: str | None = None  # for an email listed under a GitHub login: that login
    name: str | None = None
    index: int = 0  # position in the partner file's identities (for line numbers)

    def active_at(self, day: str) -> bool:
        return in_range(day, self.since, self.until)

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.value}"


@dataclass(frozen=True)
class StatusChange:
    status: PartnerStatus
    since: str
    note: str = ""


@dataclass(frozen=True)
class Commitment:
    charter: str  # id of the charter resource
    version: str
    signed_on: str
    signed_by: str = ""


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    territory: str
    status: PartnerStatus
    history: tuple[StatusChange, ...] = ()
    commitment: Commitment | None = None
    identities: tuple[Identity, ...] = ()
    contacts: tuple[dict[str, str], ...] = field(default=(), compare=False)
    website: str | None = None
    path: str = ""

    @property
    def validated_on(self) -> str | None:
        """The first day the partner was validated (None if never)."""
        return next((c.since for c in self.history if c.status is PartnerStatus.VALIDATED), None)

    def status_at(self, day: str) -> PartnerStatus | None:
        current = None
        for change in sorted(self.history, key=lambda c: c.since):
            if change.since <= day:
                current = change.status
        return current
