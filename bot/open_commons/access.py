# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Plan partners-only access: the partner registry at a date in, the team changes out. Pure.

- Desired membership: every GitHub login of a partner *validated* that day whose identity is valid
  that day, plus the maintainers of the policy; nobody from an applicant, suspended or former partner;
  nobody through a login two partners claim that day.
- Against the current membership of each team (a pending invitation counts as in): additions and
  removals, each with its reason (partner, status, identity date range).
- Never removed: the protected logins and the maintainers of the policy.
- Guard: when a team would lose more than ``max_removal_share`` of its members, an ACC004 error.
- Any error finding (registry, unknown login, guard) blocks the whole plan: nothing is applied.
"""

# i18n-catalog: ledger

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from open_commons.model import Document, Finding
from open_commons.model.access import AccessPolicy, Change, Grant, Membership, Plan, Reason
from open_commons.model.partners import Identity, IdentityKind, Partner, PartnerStatus
from open_commons.rules import access as rules


def status_on(partner: Partner, day: str) -> PartnerStatus:
    """The partner's status that day (before its first recorded change: applicant)."""
    if not partner.history:
        return partner.status
    return partner.status_at(day) or PartnerStatus.APPLICANT


def _line(documents: Mapping[str, Document] | None, path: str, index: int | None) -> int | None:
    doc = (documents or {}).get(path)
    if doc is None or index is None:
        return None
    return doc.line_of("identities", index)


def login_index(partners: Sequence[Partner]) -> dict[str, list[tuple[Partner, Identity]]]:
    index: dict[str, list[tuple[Partner, Identity]]] = defaultdict(list)
    for partner in partners:
        for ident in partner.identities:
            if ident.kind is IdentityKind.GITHUB:
                index[ident.value].append((partner, ident))
    return index


def _grant(login: str, reason: Reason, partner: Partner | None = None, ident: Identity | None = None,
           status: PartnerStatus | None = None) -> Grant:
    return Grant(login, reason, partner.id if partner else None, status.value if status else None,
                 ident.since if ident else None, ident.until if ident else None,
                 partner.path if partner else "", ident.index if ident else None)


def desired(partners: Sequence[Partner], policy: AccessPolicy, day: str) -> tuple[Grant, ...]:
    """Who should be in every team on ``day``, one grant per login, sorted by login."""
    out: dict[str, Grant] = {}
    for login, entries in login_index(partners).items():
        active = [(p, i) for p, i in entries if i.active_at(day)]
        if len({p.id for p, _ in active}) != 1:
            continue  # nobody on that day, or two partners claim it (PTN004)
        partner, ident = active[0]
        status = status_on(partner, day)
        if status is PartnerStatus.VALIDATED:
            out[login] = _grant(login, Reason.VALIDATED, partner, ident, status)
    for login in policy.maintainers:
        out.setdefault(login, Grant(login, Reason.MAINTAINER))
    return tuple(sorted(out.values(), key=lambda g: g.login))


def why_not(login: str, partners: Sequence[Partner], day: str,
            index: Mapping[str, list[tuple[Partner, Identity]]] | None = None) -> Grant:
    """Why ``login`` has no place in the teams on ``day`` (the reason of its removal); ``index``:
    ``login_index(partners)`` when asked for many logins."""
    entries = (index if index is not None else login_index(partners)).get(login, [])
    if not entries:
        return Grant(login, Reason.NOT_REGISTERED)
    active = [(p, i) for p, i in entries if i.active_at(day)]
    if len({p.id for p, _ in active}) > 1:
        partner, ident = active[-1]
        return _grant(login, Reason.IDENTITY_CONFLICT, partner, ident, status_on(partner, day))
    if active:
        partner, ident = active[0]
        return _grant(login, Reason.PARTNER_NOT_VALIDATED, partner, ident, status_on(partner, day))
    ended = [(p, i) for p, i in entries if i.until is not None and i.until < day]
    if ended:
        partner, ident = max(ended, key=lambda e: e[1].until or "")
        return _grant(login, Reason.IDENTITY_ENDED, partner, ident, status_on(partner, day))
    partner, ident = min(entries, key=lambda e: e[1].since or "")
    return _grant(login, Reason.IDENTITY_NOT_STARTED, partner, ident, status_on(partner, day))


def _no_login(partners: Sequence[Partner], day: str, documents: Mapping[str, Document] | None) -> list[Finding]:
    out = []
    for partner in partners:
        if status_on(partner, day) is not PartnerStatus.VALIDATED:
            continue
        for ident in partner.identities:
            if ident.kind is IdentityKind.EMAIL and ident.login is None and ident.active_at(day):
                out.append(rules.NO_LOGIN.at(partner.path or "partners", _line(documents, partner.path, ident.index),
                                             identity=ident.value, partner=partner.id))
    return out


def plan(partners: Sequence[Partner], policy: AccessPolicy, day: str, current: Membership | None = None, *,
         registry_findings: Iterable[Finding] = (), documents: Mapping[str, Document] | None = None) -> Plan:
    """The access plan on ``day``; ``current`` None (offline) gives the desired membership alone."""
    wanted = desired(partners, policy, day)
    findings: list[Finding] = list(registry_findings)
    findings += _no_login(partners, day, documents)
    if current is None:
        return Plan(day, policy, wanted, None, findings=tuple(findings))
    by_login = {g.login: g for g in wanted}
    index = login_index(partners)
    keep = set(policy.protected) | set(policy.maintainers)
    changes: list[Change] = []
    kept: list[Change] = []
    for team in policy.teams:
        members = {login.lower() for login in current.get(team, {})}
        for grant in wanted:
            if grant.login not in members:
                changes.append(Change("add", team, grant))
        removals = []
        for login in sorted(members - set(by_login)):
            if login in keep:
                kept.append(Change("keep", team, Grant(login, Reason.PROTECTED)))
                continue
            reason = why_not(login, partners, day, index)
            removals.append(Change("remove", team, reason))
            if reason.reason is Reason.IDENTITY_ENDED:
                findings.append(rules.ENDED.at(reason.path or "partners", _line(documents, reason.path, reason.index),
                                               login=login, partner=reason.partner, until=reason.until))
        changes += removals
        if members and len(removals) / len(members) > policy.max_removal_share:
            findings.append(rules.GUARD.at("commons.yaml", None, removals=len(removals), members=len(members),
                                           team=team, share=round(100 * len(removals) / len(members)),
                                           limit=round(100 * policy.max_removal_share)))
    return Plan(day, policy, wanted, current, tuple(changes), tuple(kept), tuple(findings))


def with_accounts(result: Plan, kinds: Mapping[str, str | None], documents: Mapping[str, Document] | None = None) -> Plan:
    """The plan with an error for each login to add that GitHub does not know (ACC001), and a warning
    for each organisation account (ACC005), whose addition is dropped: ``kinds`` maps logins to their
    account type (None: no such account)."""
    bad = {login: kind for login, kind in kinds.items() if kind is None or kind == "Organization"}
    if not bad:
        return result
    grants: dict[str, Grant] = {}
    for grant in (*(c.grant for c in result.additions), *result.desired):
        if grant.login in bad:
            grants.setdefault(grant.login, grant)
    found = []
    for login, grant in sorted(grants.items()):
        where = (grant.path or "commons.yaml", _line(documents, grant.path, grant.index))
        if bad[login] is None:
            found.append(rules.LOGIN_UNKNOWN.at(*where, login=login, partner=grant.partner or "-"))
        else:
            found.append(rules.ORGANIZATION.at(*where, login=login, partner=grant.partner or "-"))
    orgs = {login for login, kind in bad.items() if kind == "Organization"}
    changes = tuple(c for c in result.changes if not (c.action == "add" and c.login in orgs))
    return replace(result, changes=changes, findings=result.findings + tuple(found))


def unlogged(result: Plan, logged: Collection[tuple[str, str]]) -> tuple[Change, ...]:
    """Wanted logins already in a team that the access log does not show (``logged``: (team, login)
    pairs holding access per the log): recorded once as ``present``, so that the log, and the audit
    reading it, know every access, including the ones given before the log began."""
    if result.current is None:
        return ()
    out = []
    for team in result.policy.teams:
        members = result.current.get(team, {})
        out += [Change("present", team, g) for g in result.desired if g.login in members and (team, g.login) not in logged]
    return tuple(out)
