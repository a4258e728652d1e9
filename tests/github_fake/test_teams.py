# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The fake's team endpoints behave as GitHub's REST description says, through real PyGithub and our port."""

from __future__ import annotations

from typing import Any

import pytest
from github import GithubException

from open_commons.github.client import Forbidden, NotFound, PyGithubClient, Retrying, make_github

from .server import FakeGitHub

ORG, TEAM = "simplon", "partenaires"
BASE = f"/orgs/{ORG}/teams/{TEAM}"


@pytest.fixture
def org(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_org(ORG)
    fake_github.add_team(ORG, TEAM, members=[f"user{i:03d}" for i in range(130)], maintainers=["lead"],
                         pending=["invited"])
    fake_github.add_user("outsider")
    return fake_github


def port(fake: FakeGitHub, token: str = "t") -> PyGithubClient:
    return PyGithubClient(make_github(token, fake.url), Retrying(sleep=lambda _s: None))


def raw(fake: FakeGitHub, method: str, path: str, body: Any = None, token: str = "t") -> tuple[int, Any, dict]:  # type: ignore[type-arg]
    gh = fake.client(token)
    try:
        headers, data = gh.requester.requestJsonAndCheck(method, f"{fake.url}{path}", input=body)
    except GithubException as err:
        return err.status, err.data, dict(err.headers or {})
    return 200, data, headers


def test_members_are_listed_on_every_page_with_link_headers(org: FakeGitHub) -> None:
    members = port(org).team_members(ORG, TEAM)
    assert len(members) == 131 and "lead" in members and "invited" not in members  # pending is not a member
    pages = org.find_requests("GET", BASE + "/members$")
    assert [r.param("page") for r in pages] == [None, "2"] and pages[0].param("per_page") == "100"
    status, data, headers = raw(org, "GET", BASE + "/members?per_page=50&page=2")
    assert status == 200 and len(data) == 50 and 'rel="next"' in headers["link"] and 'rel="prev"' in headers["link"]
    status, data, _h = raw(org, "GET", BASE + "/members?role=maintainer")
    assert [u["login"] for u in data] == ["lead"]


def test_pending_invitations_are_listed_and_their_membership_is_pending(org: FakeGitHub) -> None:
    assert port(org).team_invitations(ORG, TEAM) == ["invited"]
    status, data, _h = raw(org, "GET", BASE + "/invitations")
    assert status == 200 and data[0]["login"] == "invited" and data[0]["role"] == "direct_member"
    status, data, _h = raw(org, "GET", BASE + "/memberships/invited")
    assert status == 200 and data["state"] == "pending" and data["role"] == "member"
    status, data, _h = raw(org, "GET", BASE + "/memberships/lead")
    assert (data["state"], data["role"]) == ("active", "maintainer")
    assert raw(org, "GET", BASE + "/memberships/outsider")[0] == 404


def test_adding_an_outsider_invites_them_and_an_org_member_is_active(org: FakeGitHub) -> None:
    p = port(org)
    assert p.add_team_membership(ORG, TEAM, "outsider") == "pending"
    assert p.add_team_membership(ORG, TEAM, "outsider") == "pending"  # idempotent
    assert org.team_state(ORG, TEAM)["pending"] == {"invited": "member", "outsider": "member"}
    org.accept_invitation(ORG, "outsider")
    assert raw(org, "GET", BASE + "/memberships/outsider")[1]["state"] == "active"
    assert p.add_team_membership(ORG, TEAM, "user001", "maintainer") == "active"  # a role update
    assert org.team_state(ORG, TEAM)["members"]["user001"] == "maintainer"
    put = org.find_requests("PUT", BASE + "/memberships/outsider")[0]
    assert put.json == {"role": "member"}


def test_removing_a_member_or_an_invitation(org: FakeGitHub) -> None:
    p = port(org)
    assert p.remove_team_membership(ORG, TEAM, "user002") is True
    assert p.remove_team_membership(ORG, TEAM, "invited") is True  # cancels the invitation
    assert p.remove_team_membership(ORG, TEAM, "user002") is False  # already gone: 404, not an error
    state = org.team_state(ORG, TEAM)
    assert "user002" not in state["members"] and state["pending"] == {}
    assert org.find_requests("DELETE", BASE + "/memberships/user002")[0].status == 204


def test_unknown_user_team_or_organisation_is_404(org: FakeGitHub) -> None:
    p = port(org)
    with pytest.raises(NotFound):
        p.add_team_membership(ORG, TEAM, "no-such-user")
    with pytest.raises(NotFound):
        p.team_members(ORG, "no-such-team")
    with pytest.raises(NotFound):
        p.team_invitations("no-such-org", TEAM)
    assert p.account_type("no-such-user") is None and p.account_type("outsider") == "User"
    assert p.account_type(ORG) == "Organization"


def test_bad_role_and_organisation_member_are_422(org: FakeGitHub) -> None:
    status, data, _h = raw(org, "PUT", BASE + "/memberships/outsider", {"role": "owner"})
    assert status == 422 and data["message"] == "Validation Failed" and data["errors"][0]["field"] == "role"
    org.add_user("some-org", type="Organization")
    status, data, _h = raw(org, "PUT", BASE + "/memberships/some-org", {"role": "member"})
    assert status == 422
    assert org.team_state(ORG, TEAM)["pending"] == {"invited": "member"}
    # the bad role is sent on purpose: the contract check records it, and this test claims it
    claimed = org.take_divergences()
    assert claimed and all("role: 'owner' is not one of" in d for d in claimed), claimed


def test_permissions_members_write_owner_or_team_maintainer(org: FakeGitHub) -> None:
    org.add_app(9, permissions={"members": "read", "metadata": "read"})
    org.add_installation(90, account=ORG, app_id=9)
    org.add_token("inst-read", "open-commons[bot]", kind="installation", installation_id=90)
    reader = port(org, "inst-read")
    assert len(reader.team_members(ORG, TEAM)) == 131  # members: read can list
    with pytest.raises(Forbidden):
        reader.add_team_membership(ORG, TEAM, "outsider")
    with pytest.raises(Forbidden):
        reader.remove_team_membership(ORG, TEAM, "user003")
    org.add_installation(91, account=ORG, app_id=9, permissions={"metadata": "read"})
    org.add_token("inst-none", "open-commons[bot]", kind="installation", installation_id=91)
    with pytest.raises(Forbidden):
        port(org, "inst-none").team_members(ORG, TEAM)
    org.add_installation(92, account=ORG, app_id=9, permissions={"members": "write"})
    org.add_token("inst-write", "open-commons[bot]", kind="installation", installation_id=92)
    assert port(org, "inst-write").add_team_membership(ORG, TEAM, "outsider") == "pending"
    # a plain member of the organisation may read but not change the team; a team maintainer may
    org.add_token("member-token", "user004")
    with pytest.raises(Forbidden):
        port(org, "member-token").remove_team_membership(ORG, TEAM, "user005")
    org.add_token("lead-token", "lead")
    assert port(org, "lead-token").remove_team_membership(ORG, TEAM, "user005") is True
    with pytest.raises(Forbidden):  # only an owner invites someone outside the organisation
        org.add_user("stranger")
        port(org, "lead-token").add_team_membership(ORG, TEAM, "stranger")
    org.add_token("outsider-token", "nobody-in-org")
    with pytest.raises(NotFound):  # the team is hidden from people outside the organisation
        port(org, "outsider-token").team_members(ORG, TEAM)


def test_a_team_synchronised_with_an_identity_provider_refuses_changes(org: FakeGitHub) -> None:
    org.add_team(ORG, "synced", members=["user010"], synced=True)
    with pytest.raises(Forbidden):
        port(org).add_team_membership(ORG, "synced", "user011")
    with pytest.raises(Forbidden):
        port(org).remove_team_membership(ORG, "synced", "user010")
