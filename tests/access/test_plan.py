# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The pure planner and the access log, value in, value out."""

from __future__ import annotations

from dataclasses import replace

from open_commons import access
from open_commons.access_log import Done, append_text, chain_problems, holders, partner_access, records_of
from open_commons.model.access import AccessPolicy, Reason
from open_commons.model.partners import Identity, IdentityKind, Partner, PartnerStatus, StatusChange

DAY = "2026-06-15"
POLICY = AccessPolicy("simplon", ("lecteurs", "relecteurs"), maintainers=("ines",), protected=("root",))


def _partner(pid: str, status: PartnerStatus, *logins: tuple[str, str | None, str | None]) -> Partner:
    idents = tuple(Identity(IdentityKind.GITHUB, login, since, until, index=i)
                   for i, (login, since, until) in enumerate(logins))
    return Partner(pid, pid, "association", "", status, (StatusChange(status, "2025-01-01"),), None, idents,
                   path=f"partners/{pid}.yaml")


A = _partner("asso-a", PartnerStatus.VALIDATED, ("alice", None, None), ("bob", None, "2026-06-14"),
             ("carl", "2026-07-01", None))
B = _partner("asso-b", PartnerStatus.SUSPENDED, ("dora", None, None))
C = _partner("asso-c", PartnerStatus.VALIDATED, ("eve", None, None))
D = _partner("asso-d", PartnerStatus.VALIDATED, ("eve", None, None))  # eve claimed by C and D


def test_desired_is_validated_logins_valid_that_day_plus_maintainers() -> None:
    wanted = {g.login: g for g in access.desired([A, B, C, D], POLICY, DAY)}
    assert set(wanted) == {"alice", "ines"}
    assert wanted["alice"].reason is Reason.VALIDATED and wanted["ines"].reason is Reason.MAINTAINER
    assert {g.login for g in access.desired([A], POLICY, "2026-07-01")} == {"alice", "carl", "ines"}
    assert {g.login for g in access.desired([A], POLICY, "2026-06-14")} == {"alice", "bob", "ines"}


def test_every_team_gets_the_same_plan_and_each_removal_its_reason() -> None:
    current = {"lecteurs": {"alice": "active", "bob": "active", "dora": "pending", "eve": "active",
                            "zed": "active", "root": "active", "carl": "active"},
               "relecteurs": {"ines": "active", "alice": "active"}}
    plan = access.plan([A, B, C, D], replace(POLICY, max_removal_share=1.0), DAY, current)
    reasons = {(c.team, c.login): c.grant.reason for c in plan.removals}
    assert reasons == {("lecteurs", "bob"): Reason.IDENTITY_ENDED, ("lecteurs", "dora"): Reason.PARTNER_NOT_VALIDATED,
                       ("lecteurs", "eve"): Reason.IDENTITY_CONFLICT, ("lecteurs", "zed"): Reason.NOT_REGISTERED,
                       ("lecteurs", "carl"): Reason.IDENTITY_NOT_STARTED}
    assert {(c.team, c.login) for c in plan.additions} == {("lecteurs", "ines")}
    assert [(c.team, c.login) for c in plan.kept] == [("lecteurs", "root")]
    assert [f.code for f in plan.findings] == ["ACC003"] and not plan.blocked


def test_the_guard_allows_its_share_exactly_and_blocks_above() -> None:
    current = {"lecteurs": {"alice": "active", "dora": "active"}, "relecteurs": {"alice": "active", "ines": "active"}}
    at_limit = access.plan([A, B], POLICY, DAY, current)  # 1 of 2 removed: 50 %, allowed
    assert not at_limit.blocked
    strict = access.plan([A, B], replace(POLICY, max_removal_share=0.49), DAY, current)
    assert [f.code for f in strict.findings] == ["ACC004"] and strict.blocked
    assert access.plan([A, B], POLICY, DAY, {"lecteurs": {}, "relecteurs": {}}).findings == ()  # empty team


def test_offline_plan_has_no_changes_and_accounts_are_checked() -> None:
    offline = access.plan([A], POLICY, DAY)
    assert offline.current is None and offline.changes == () and len(offline.desired) == 2
    online = access.plan([A], POLICY, DAY, {"lecteurs": {}, "relecteurs": {}})
    checked = access.with_accounts(online, {"alice": "User", "ines": None})
    assert [f.code for f in checked.findings] == ["ACC001"] and checked.blocked
    org = access.with_accounts(online, {"alice": "Organization", "ines": "User"})
    assert [f.code for f in org.findings] == ["ACC005"] and not org.blocked
    assert "alice" not in {c.login for c in org.changes}


def test_the_log_is_hash_chained_and_says_who_holds_access_since_when() -> None:
    plan = access.plan([A, B], replace(POLICY, teams=("lecteurs",)), DAY, {"lecteurs": {"dora": "active"}})
    text, added = append_text("", [Done(c, "active" if c.action == "add" else "removed") for c in plan.changes],
                              at="2026-06-15T04:23:00Z", organization="simplon")
    assert [r["seq"] for r in added] == [1, 2, 3] and chain_problems(text) == []
    assert set(holders(records_of(text))) == {"alice", "ines"}
    later = replace(plan, changes=tuple(c for c in plan.changes if c.login == "alice"))
    removal = replace(later.changes[0], action="remove")
    text2, _ = append_text(text, [Done(removal, "removed")], at="2026-07-01T04:23:00Z", organization="simplon")
    assert text2.startswith(text) and set(holders(records_of(text2))) == {"ines"}
    tampered = text2.replace('"login":"ines"', '"login":"mallory"')
    assert any("hash" in p for p in chain_problems(tampered))
    per_partner, outside = partner_access(records_of(text), [A, B], replace(POLICY, teams=("lecteurs",)), DAY)
    assert per_partner["asso-a"].people == {"alice": "2026-06-15"} and per_partner["asso-a"].agrees
    assert outside == ()
