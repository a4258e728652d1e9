# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Partners-only access as values: the policy, who should be in the team(s), the changes. Standard library only.

The partners-only repository is read through one or more GitHub teams. Who belongs in them follows
the partner registry: every GitHub login of a validated partner whose identity is valid that day,
plus the maintainers the policy lists. A pending invitation counts as a member.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from open_commons.model import Finding, Severity

DEFAULT_MAX_REMOVAL_SHARE = 0.5
DEFAULT_LOG = "ledger/access.jsonl"


class Reason(enum.StrEnum):
    """Why a login is in, or why it goes."""

    VALIDATED = "validated-partner"  # a validated partner's identity, valid that day
    MAINTAINER = "maintainer"  # listed in the policy
    PROTECTED = "protected"  # kept whatever the registry says
    PARTNER_NOT_VALIDATED = "partner-not-validated"  # the partner is an applicant, suspended or left
    IDENTITY_ENDED = "identity-ended"  # the identity's date range ended
    IDENTITY_NOT_STARTED = "identity-not-started"  # the identity's date range starts later
    IDENTITY_CONFLICT = "identity-conflict"  # two partners claim the login that day
    NOT_REGISTERED = "not-registered"  # no partner lists the login


@dataclass(frozen=True)
class AccessPolicy:
    """``partners.access`` in commons.yaml."""

    organization: str
    teams: tuple[str, ...]
    maintainers: tuple[str, ...] = ()
    protected: tuple[str, ...] = ()
    max_removal_share: float = DEFAULT_MAX_REMOVAL_SHARE
    role: str = "member"
    log: str = DEFAULT_LOG

    @classmethod
    def from_config(cls, config: Any) -> AccessPolicy:
        access = config.settings.partners.access
        return cls(
            organization=access.organization,
            teams=access.teams,
            maintainers=access.maintainers,
            protected=access.protected,
            max_removal_share=access.max_removal_share if access.max_removal_share is not None
            else DEFAULT_MAX_REMOVAL_SHARE,
            log=access.log,
        )


@dataclass(frozen=True)
class Grant:
    """Why a login is (or should be) in the team: the partner, its status and the identity's dates."""

    login: str
    reason: Reason
    partner: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    path: str = ""  # the partner file
    index: int | None = None  # the identity's position in it

    def as_dict(self) -> dict[str, Any]:
        return {"login": self.login, "reason": self.reason.value, "partner": self.partner, "status": self.status,
                "since": self.since, "until": self.until}


@dataclass(frozen=True)
class Change:
    """One membership to add or remove, in one team, with its reason."""

    action: str  # add | remove
    team: str
    grant: Grant

    @property
    def login(self) -> str:
        return self.grant.login

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "team": self.team, **self.grant.as_dict()}


Membership = Mapping[str, Mapping[str, str]]  # team -> login (lower case) -> active | pending


@dataclass(frozen=True)
class Plan:
    day: str
    policy: AccessPolicy
    desired: tuple[Grant, ...]  # who should be in every team
    current: Membership | None  # None: not read (offline)
    changes: tuple[Change, ...] = ()
    kept: tuple[Change, ...] = ()  # protected logins left in place although the registry does not list them
    findings: tuple[Finding, ...] = ()

    @property
    def additions(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.action == "add")

    @property
    def removals(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.action == "remove")

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def blocked(self) -> bool:
        """Nothing is applied while a finding is an error."""
        return self.errors > 0

    def to_json(self) -> dict[str, Any]:
        """Everything but the findings (reporters render them in a language)."""
        return {
            "day": self.day,
            "organization": self.policy.organization,
            "teams": list(self.policy.teams),
            "desired": [g.as_dict() for g in self.desired],
            "current": None if self.current is None else {t: dict(sorted(m.items())) for t, m in self.current.items()},
            "changes": [c.as_dict() for c in self.changes],
            "kept": [c.as_dict() for c in self.kept],
            "blocked": self.blocked,
        }


@dataclass(frozen=True)
class PartnerAccess:
    """For the audit: a partner's people with access (from the access log) against the registry."""

    people: Mapping[str, str] = field(default_factory=dict)  # login -> day access was given
    since: str | None = None  # the earliest of those days
    missing: tuple[str, ...] = ()  # logins the registry grants that have no access
    extra: tuple[str, ...] = ()  # logins with access the registry no longer grants

    @property
    def agrees(self) -> bool:
        return not self.missing and not self.extra


class TeamPort(Protocol):
    """What ``commons access`` needs from GitHub: one organisation's team memberships.

    Logins come back in lower case. A pending invitation is a membership in the ``pending`` state.
    """

    def team_members(self, org: str, team: str) -> list[str]: ...
    def team_invitations(self, org: str, team: str) -> list[str]: ...
    def account_type(self, login: str) -> str | None: ...
    def add_team_membership(self, org: str, team: str, login: str, role: str = "member") -> str: ...
    def remove_team_membership(self, org: str, team: str, login: str) -> bool: ...
