# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Organisations, teams and team memberships of the fake GitHub (mixed into ``FakeGitHub``).

The endpoints behave as GitHub's REST description says ("Team members", API version 2022-11-28):

- ``GET /orgs/{org}/teams/{team_slug}`` — the team;
- ``GET /orgs/{org}/teams/{team_slug}/members?role=all|member|maintainer`` — active members only,
  paginated (30 by default, 100 at most, ``Link`` header);
- ``GET /orgs/{org}/teams/{team_slug}/invitations`` — pending invitations (organization-invitation
  objects; ``login`` is null for an invitation sent to an email), paginated;
- ``GET /orgs/{org}/teams/{team_slug}/memberships/{username}`` — ``{url, role, state}``, 404 when
  the person is neither a member nor invited;
- ``PUT /orgs/{org}/teams/{team_slug}/memberships/{username}`` (body ``{"role": "member"|"maintainer"}``)
  — an organisation member becomes ``active`` at once; anyone else gets an invitation and a ``pending``
  membership (only an organisation owner may invite); 404 for an unknown organisation, team or
  user, 422 for a bad role or for an organisation added as a member, 403 for a team kept in sync
  with an identity provider, for an installation without ``members: write`` and for a user who is
  neither an organisation owner nor a maintainer of the team;
- ``DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}`` — 204, also cancels a pending
  invitation; 404 when there is no membership; 403 as above.

An installation reads teams with ``members: read`` (or write) and writes them with ``members: write``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .transport import DOCS, ApiError, Response, validation_failed

if TYPE_CHECKING:
    from .server import _Ctx, _Principal

_TEAM_DOCS = f"{DOCS}/teams/members"


@dataclass
class _Invitation:
    id: int
    role: str  # the team role asked for
    created_at: str
    inviter: str


@dataclass
class _Team:
    id: int
    slug: str
    name: str
    privacy: str = "closed"
    synced: bool = False  # team synchronisation with an identity provider: the API may not change it
    members: dict[str, str] = field(default_factory=dict)  # login (lower) -> member | maintainer
    pending: dict[str, _Invitation] = field(default_factory=dict)  # login (lower) -> invitation


@dataclass
class _Org:
    login: str
    id: int
    members: dict[str, str] = field(default_factory=dict)  # login (lower) -> admin | member
    teams: dict[str, _Team] = field(default_factory=dict)  # slug -> team


class TeamsMixin:
    """State and endpoints for organisations and teams. Needs ``FakeGitHub``'s lock, ids and users."""

    # provided by FakeGitHub
    _lock: Any
    _ids: Any
    _users: dict[str, Any]
    _installations: dict[int, Any]

    @property
    def url(self) -> str:  # FakeGitHub's
        raise NotImplementedError

    def _init_teams(self) -> None:
        self._orgs: dict[str, _Org] = {}

    # ------------------------------------------------------------------ set-up and inspection
    def add_org(self, org: str, *, owners: tuple[str, ...] | list[str] = ("open-commons[bot]",),
                members: tuple[str, ...] | list[str] = ()) -> None:
        """Create an organisation (a user of type Organization) with its owners and members."""
        with self._lock:
            self._ensure_user(org, type="Organization")  # type: ignore[attr-defined]
            o = self._orgs.setdefault(org.lower(), _Org(org, next(self._ids)))
            for login in owners:
                self._ensure_user(login)  # type: ignore[attr-defined]
                o.members[login.lower()] = "admin"
            for login in members:
                self._ensure_user(login)  # type: ignore[attr-defined]
                o.members.setdefault(login.lower(), "member")

    def add_team(self, org: str, slug: str, *, name: str | None = None, members: tuple[str, ...] | list[str] = (),
                 maintainers: tuple[str, ...] | list[str] = (), pending: tuple[str, ...] | list[str] = (),
                 synced: bool = False) -> None:
        """Create a team. ``members``/``maintainers`` become organisation members too; ``pending`` are
        invited (not organisation members)."""
        with self._lock:
            if org.lower() not in self._orgs:
                self.add_org(org)
            o = self._orgs[org.lower()]
            team = o.teams.setdefault(slug, _Team(next(self._ids), slug, name or slug, synced=synced))
            for login, role in [(m, "member") for m in members] + [(m, "maintainer") for m in maintainers]:
                self._ensure_user(login)  # type: ignore[attr-defined]
                o.members.setdefault(login.lower(), "member")
                team.members[login.lower()] = role
            for login in pending:
                self._ensure_user(login)  # type: ignore[attr-defined]
                team.pending[login.lower()] = _Invitation(next(self._ids), "member", _now(), "ghost")

    def team_state(self, org: str, slug: str) -> dict[str, dict[str, str]]:
        """``{"members": {login: role}, "pending": {login: role}}`` of a team (logins in lower case)."""
        with self._lock:
            team = self._orgs[org.lower()].teams[slug]
            return {"members": dict(team.members), "pending": {k: v.role for k, v in team.pending.items()}}

    def accept_invitation(self, org: str, login: str) -> None:
        """``login`` accepts every pending invitation of ``org``: organisation member, active in its teams."""
        with self._lock:
            o = self._orgs[org.lower()]
            o.members.setdefault(login.lower(), "member")
            for team in o.teams.values():
                inv = team.pending.pop(login.lower(), None)
                if inv is not None:
                    team.members[login.lower()] = inv.role

    # ------------------------------------------------------------------ routing
    def _team_routes(self) -> list[tuple[str, str, Callable[[_Ctx], Response], Literal["token", "jwt", "any"]]]:
        team = r"/orgs/(?P<org>[^/]+)/teams/(?P<team>[^/]+)"
        return [
            ("GET", team, self._get_team, "token"),
            ("GET", team + r"/members", self._list_team_members, "token"),
            ("GET", team + r"/invitations", self._list_team_invitations, "token"),
            ("GET", team + r"/memberships/([^/]+)", self._get_team_membership, "token"),
            ("PUT", team + r"/memberships/([^/]+)", self._put_team_membership, "token"),
            ("DELETE", team + r"/memberships/([^/]+)", self._delete_team_membership, "token"),
        ]

    # ------------------------------------------------------------------ helpers
    def _members_permission(self, principal: _Principal) -> str:
        """An installation's ``members`` permission (users: decided by their role)."""
        if principal.kind != "installation":
            return "write"
        inst = self._installations.get(principal.installation_id or -1)
        return "write" if inst is None else str(inst.permissions.get("members", "none"))

    def _ctx_team(self, ctx: _Ctx) -> tuple[_Org, _Team]:
        o = self._orgs.get(ctx.args[0].lower())
        if o is None:
            raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)
        if self._members_permission(ctx.principal) == "none":
            raise ApiError(403, "Resource not accessible by integration", documentation_url=_TEAM_DOCS)
        p = ctx.principal
        if p.kind == "installation":
            inst = self._installations.get(p.installation_id or -1)
            if inst is not None and str(inst.account).lower() != o.login.lower():
                raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)
        elif (p.login or "").lower() not in o.members:
            raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)  # a closed team is hidden from outsiders
        team = o.teams.get(ctx.args[1])
        if team is None:
            raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)
        return o, team

    def _may_write(self, ctx: _Ctx, o: _Org, team: _Team) -> None:
        p = ctx.principal
        if p.kind == "installation":
            if self._members_permission(p) != "write":
                raise ApiError(403, "Resource not accessible by integration", documentation_url=_TEAM_DOCS)
        else:
            login = (p.login or "").lower()
            if o.members.get(login) != "admin" and team.members.get(login) != "maintainer":
                raise ApiError(403, "You must be an organization owner or team maintainer to change team memberships.",
                               documentation_url=_TEAM_DOCS)
        if team.synced:
            raise ApiError(403, "This team is synchronized with an identity provider: change its membership there.",
                           documentation_url=_TEAM_DOCS)

    def _team_json(self, o: _Org, team: _Team) -> dict[str, Any]:
        url = f"{self.url}/organizations/{o.id}/team/{team.id}"
        return {
            "id": team.id, "node_id": f"T_{team.id}", "url": url,
            "html_url": f"https://github.com/orgs/{o.login}/teams/{team.slug}",
            "name": team.name, "slug": team.slug, "description": None, "privacy": team.privacy,
            "notification_setting": "notifications_enabled", "permission": "pull",
            "members_url": f"{url}/members{{/member}}", "repositories_url": f"{url}/repos", "parent": None,
            "members_count": len(team.members), "repos_count": 0,
            "organization": self._user_json(o.login),  # type: ignore[attr-defined]
        }

    def _membership_json(self, o: _Org, team: _Team, login: str, role: str, state: str) -> dict[str, Any]:
        user = self._users[login.lower()].login
        return {"url": f"{self.url}/organizations/{o.id}/team/{team.id}/memberships/{urllib.parse.quote(user)}",
                "role": role, "state": state}

    # ------------------------------------------------------------------ endpoints
    def _get_team(self, ctx: _Ctx) -> Response:
        o, team = self._ctx_team(ctx)
        return Response(200, self._team_json(o, team))

    def _list_team_members(self, ctx: _Ctx) -> Response:
        _o, team = self._ctx_team(ctx)
        role = ctx.q("role", "all")
        if role not in ("all", "member", "maintainer"):
            raise validation_failed("Team", "role", "invalid")
        logins = sorted(k for k, v in team.members.items() if role == "all" or v == role)
        items, headers = self._page(ctx, logins)  # type: ignore[attr-defined]
        return Response(200, [self._user_json(self._users[k].login) for k in items], headers)  # type: ignore[attr-defined]

    def _list_team_invitations(self, ctx: _Ctx) -> Response:
        o, team = self._ctx_team(ctx)
        items, headers = self._page(ctx, sorted(team.pending.items(), key=lambda kv: kv[1].id))  # type: ignore[attr-defined]
        out = []
        for login, inv in items:
            out.append({
                "id": inv.id, "node_id": f"OI_{inv.id}", "login": self._users[login].login, "email": None,
                "role": "direct_member", "created_at": inv.created_at, "failed_at": None, "failed_reason": None,
                "inviter": self._user_json(inv.inviter),  # type: ignore[attr-defined]
                "team_count": sum(1 for t in o.teams.values() if login in t.pending),
                "invitation_teams_url": f"{self.url}/organizations/{o.id}/invitations/{inv.id}/teams",
                "invitation_source": "member",
            })
        return Response(200, out, headers)

    def _get_team_membership(self, ctx: _Ctx) -> Response:
        o, team = self._ctx_team(ctx)
        login = ctx.args[2].lower()
        if login in team.members:
            return Response(200, self._membership_json(o, team, login, team.members[login], "active"))
        if login in team.pending:
            return Response(200, self._membership_json(o, team, login, team.pending[login].role, "pending"))
        raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)

    def _put_team_membership(self, ctx: _Ctx) -> Response:
        o, team = self._ctx_team(ctx)
        body = ctx.body()
        role = body.get("role", "member")
        if role not in ("member", "maintainer"):
            raise validation_failed("TeamMember", "role", "invalid", "role must be member or maintainer")
        user = self._users.get(ctx.args[2].lower())
        if user is None:
            raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)
        if user.type == "Organization":
            raise ApiError(422, "Unprocessable Entity: an organization cannot be added to a team",
                           documentation_url=_TEAM_DOCS)
        self._may_write(ctx, o, team)
        login = user.login.lower()
        if login in team.members or login in o.members:
            team.pending.pop(login, None)
            team.members[login] = role
            return Response(200, self._membership_json(o, team, login, role, "active"))
        p = ctx.principal
        if p.kind != "installation" and o.members.get((p.login or "").lower()) != "admin":
            raise ApiError(403, "Only an organization owner can invite someone who is not an organization member.",
                           documentation_url=_TEAM_DOCS)
        inv = team.pending.get(login)
        if inv is None:
            inv = _Invitation(next(self._ids), role, _now(), p.login or "ghost")
            team.pending[login] = inv
        inv.role = role
        return Response(200, self._membership_json(o, team, login, role, "pending"))

    def _delete_team_membership(self, ctx: _Ctx) -> Response:
        o, team = self._ctx_team(ctx)
        self._may_write(ctx, o, team)
        login = ctx.args[2].lower()
        if login not in team.members and login not in team.pending:
            raise ApiError(404, "Not Found", documentation_url=_TEAM_DOCS)
        team.members.pop(login, None)
        team.pending.pop(login, None)
        return Response(204)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
