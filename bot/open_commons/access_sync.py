# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Partners-only access, end to end: read the registry, read the teams, plan, apply, log.

Shared by ``commons access`` (GitHub Actions or a laptop) and the App's ``push`` handler
(``github/access.py``). GitHub is reached through ``TeamPort``; the plan itself is pure
(``open_commons.access``). Nothing is applied while the plan has an error finding.
"""

# i18n-catalog: ledger

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from open_commons import access
from open_commons.access_log import Done
from open_commons.errors import CommonsError
from open_commons.i18n import N_, render
from open_commons.model import Config, Document, Finding, Message, msg
from open_commons.model.access import AccessPolicy, Plan
from open_commons.model.partners import Partner

if TYPE_CHECKING:
    from open_commons.model.access import TeamPort


class AccessConfigError(CommonsError):
    """``partners.access`` in commons.yaml does not say which team(s) to manage, or says it wrongly."""

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "en"))
        self.message = message


class ApplyFailed(CommonsError):
    """GitHub refused a change half-way: ``done`` lists the changes made before."""

    def __init__(self, message: str, done: Sequence[Done]) -> None:
        super().__init__(message)
        self.done = list(done)


@dataclass(frozen=True)
class Registry:
    """The partner registry as the access plan needs it."""

    partners: tuple[Partner, ...]
    documents: Mapping[str, Document]
    findings: tuple[Finding, ...]
    policy: AccessPolicy
    config: Config = field(compare=False)


def policy_of(config: Config) -> AccessPolicy:
    share = config.settings.partners.access.max_removal_share
    if share is None:
        partners = config.data.get("partners")
        access = partners.get("access") if isinstance(partners, Mapping) else None
        share = access.get("max_removal_share") if isinstance(access, Mapping) else None
        raise AccessConfigError(msg(N_("commons.yaml: partners.access.max_removal_share is a share between 0 "
                                       "and 1 (found {value})"), value=repr(share)))
    policy = AccessPolicy.from_config(config)
    if not policy.teams or not policy.organization:
        raise AccessConfigError(msg(N_(
            "commons.yaml: set partners.access.teams (the GitHub team(s) reading the partners-only repository) "
            "and partners.access.organization (or repository: owner/name)")))
    return policy


def load_registry(root: Path, config: Config) -> Registry:
    from open_commons.rules import access as rules
    from open_commons.sources import schemas
    from open_commons.sources.partners import MAILMAP, load_documents, partners_from, partners_root

    policy = policy_of(config)
    docs = load_documents(root, config)
    mailmap = root / MAILMAP
    text = mailmap.read_text(encoding="utf-8", errors="replace") if mailmap.is_file() and not mailmap.is_symlink() else None
    findings = rules.registry_findings(docs, config, schemas.load("partner"), text)
    partners = tuple(partners_from(docs, partners_root(config)))
    return Registry(partners, {d.path: d for d in docs}, tuple(findings), policy, config)


def current_membership(port: TeamPort, policy: AccessPolicy) -> dict[str, dict[str, str]]:
    """Every team's members (all pages) and pending invitations (which count as members)."""
    out: dict[str, dict[str, str]] = {}
    for team in policy.teams:
        members = dict.fromkeys(port.team_members(policy.organization, team), "active")
        for login in port.team_invitations(policy.organization, team):
            members.setdefault(login, "pending")
        out[team] = members
    return out


def make_plan(registry: Registry, day: str, port: TeamPort | None) -> Plan:
    """The plan on ``day``; ``port`` None (offline) gives the desired membership alone."""
    current = current_membership(port, registry.policy) if port is not None else None
    result = access.plan(registry.partners, registry.policy, day, current, registry_findings=registry.findings,
                         documents=registry.documents)
    if port is None:
        return result
    kinds = {login: port.account_type(login) for login in sorted({c.login for c in result.additions})}
    return access.with_accounts(result, kinds, registry.documents)


def apply_plan(port: TeamPort, plan: Plan, *, role: str = "member",
               progress: Callable[[Done], None] | None = None) -> list[Done]:
    """Make the changes of an unblocked plan; the states GitHub answered. Idempotent: a membership
    already there (or already gone) is not an error."""
    if plan.blocked:
        return []
    org = plan.policy.organization
    done: list[Done] = []
    for change in plan.changes:
        try:
            if change.action == "add":
                state = port.add_team_membership(org, change.team, change.login, role)
            else:
                state = "removed" if port.remove_team_membership(org, change.team, change.login) else "absent"
        except CommonsError as err:
            raise ApplyFailed(str(err), done) from err
        item = Done(change, state)
        done.append(item)
        if progress is not None:
            progress(item)
    return done
