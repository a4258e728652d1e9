# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A repository's settings as the fake GitHub shows them (mixed into ``FakeGitHub``): branch protection
rules, rulesets and the GitHub Pages site, read-only, as GitHub's REST description and docs say.

- ``GET /repos/{o}/{r}/branches/{branch}/protection`` — the classic protection rule (Settings >
  Branches) of a branch: 404 "Branch not found", 404 "Branch not protected" when no rule applies;
  it needs the admin role: any other user gets 404 "Not Found" (GitHub hides it), a token with
  fine-grained permissions without ``administration`` 403 "Resource not accessible by integration";
- ``GET /repos/{o}/{r}/rules/branches/{branch}`` — every active ruleset rule applying to a branch name
  (the branch need not exist), each with ``ruleset_id``, ``ruleset_source``; readable with ``metadata``;
  paginated;
- ``GET /repos/{o}/{r}/rulesets/{id}`` — a ruleset; ``bypass_actors`` only for who may edit it (the
  admin role, or ``administration`` on a scoped token), ``current_user_can_bypass`` for everyone;
- ``GET /repos/{o}/{r}/pages`` — the Pages site (``build_type`` ``workflow`` or ``legacy``, the
  branch it publishes), 404 when Pages is not enabled; needs ``pages: read`` on a scoped token.

Set up with ``protect`` (server.py) and ``set_pages``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from .transport import ApiError, Response

if TYPE_CHECKING:
    from .server import _Ctx, _Principal, _Protection, _Repo

_RULESETS_DOCS = ("https://docs.github.com/repositories/configuring-branches-and-merges-in-your-repository/"
                  "managing-rulesets/about-rulesets")
# the parameters GitHub's description requires for each rule type the fake knows
_RULE_PARAMETERS: dict[str, dict[str, Any]] = {
    "pull_request": {"dismiss_stale_reviews_on_push": False, "require_code_owner_review": False,
                     "require_last_push_approval": False, "required_approving_review_count": 1,
                     "required_review_thread_resolution": False},
    "update": {"update_allows_fetch_and_merge": False},
}


class RepoSettingsMixin:
    """Endpoints for branch protection, rulesets and Pages. Needs ``FakeGitHub``'s state and helpers."""

    # provided by FakeGitHub
    _lock: Any
    _apps: dict[int, Any]
    _users: dict[str, Any]

    if TYPE_CHECKING:
        @property
        def url(self) -> str: ...
        def _repo(self, full_name: str) -> _Repo: ...
        def _ctx_repo(self, ctx: _Ctx) -> _Repo: ...
        def _role(self, r: _Repo, login: str) -> str: ...
        def _scopes(self, principal: _Principal) -> dict[str, str] | None: ...
        def _api_repo(self, r: _Repo) -> str: ...
        def _html_repo(self, r: _Repo) -> str: ...
        def _user_json(self, login: str, *, full: bool = False) -> dict[str, Any]: ...
        def _page(self, ctx: _Ctx, items: list[Any], *, default: int = 30, maximum: int = 100
                  ) -> tuple[list[Any], dict[str, str]]: ...

    # ------------------------------------------------------------------ set up
    def set_pages(self, repo: str, *, build_type: Literal["workflow", "legacy"] | None = "workflow",
                  branch: str = "gh-pages") -> None:
        """Enable GitHub Pages: built by a workflow (Source: GitHub Actions) or published from ``branch``
        (legacy); ``build_type=None`` disables it again."""
        with self._lock:
            r = self._repo(repo)
            r.pages = None if build_type is None else {"build_type": build_type, "branch": branch}

    def _settings_routes(self) -> list[tuple[str, str, Callable[[_Ctx], Response], Literal["token", "jwt", "any"]]]:
        repo = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
        return [
            ("GET", repo + r"/branches/(.+)/protection", self._get_branch_protection, "token"),
            ("GET", repo + r"/rules/branches/(.+)", self._get_branch_rules, "token"),
            ("GET", repo + r"/rulesets/(\d+)", self._get_ruleset, "token"),
            ("GET", repo + r"/pages", self._get_pages, "token"),
        ]

    # ------------------------------------------------------------------ helpers
    def _administers(self, ctx: _Ctx, r: _Repo) -> bool:
        """Who may see a repository's protection settings in full: admins, and scoped tokens with administration."""
        scopes = self._scopes(ctx.principal)
        if scopes is not None:
            return scopes.get("administration") in ("read", "write")
        if ctx.principal.kind == "installation":
            return True  # a hand-made installation token without an installation: no limits
        return self._role(r, ctx.principal.login or "") == "admin"

    def _matching(self, r: _Repo, branch: str, kind: str) -> list[_Protection]:
        import fnmatch

        return [p for p in r.protections if p.kind == kind and fnmatch.fnmatchcase(branch, p.pattern)]

    def _app_of(self, login: str) -> Any:
        return next((a for a in self._apps.values() if f"{a.slug}[bot]".lower() == login.lower()), None)

    def _bypass_actors(self, prot: _Protection) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for login in prot.bypass:
            app = self._app_of(login)
            if app is not None:
                out.append({"actor_id": app.id, "actor_type": "Integration", "bypass_mode": "always"})
            elif login.lower() in self._users:
                out.append({"actor_id": self._users[login.lower()].id, "actor_type": "User", "bypass_mode": "always"})
        return out

    # ------------------------------------------------------------------ endpoints
    def _get_branch_protection(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        branch = ctx.args[2]
        if not self._administers(ctx, r):
            raise ApiError(404, "Not Found")  # GitHub hides the rule from non-admins
        if r.git.branch_sha(branch) is None:
            raise ApiError(404, "Branch not found")
        found = self._matching(r, branch, "branch_protection")
        if not found:
            raise ApiError(404, "Branch not protected")
        prot = found[0]
        base = f"{self._api_repo(r)}/branches/{branch}/protection"
        out: dict[str, Any] = {
            "url": base,
            "enforce_admins": {"url": f"{base}/enforce_admins", "enabled": False},
            "required_linear_history": {"enabled": False},
            "allow_force_pushes": {"enabled": "allow_force_pushes" in prot.rules},
            "allow_deletions": {"enabled": "allow_deletions" in prot.rules},
            "block_creations": {"enabled": "creation" in prot.rules},
            "required_conversation_resolution": {"enabled": False},
            "lock_branch": {"enabled": "lock_branch" in prot.rules},
            "allow_fork_syncing": {"enabled": False},
            "required_signatures": {"url": f"{base}/required_signatures", "enabled": False},
        }
        if "required_status_checks" in prot.rules:
            out["required_status_checks"] = {
                "url": f"{base}/required_status_checks", "strict": False, "enforcement_level": "non_admins",
                "contexts": list(prot.checks), "contexts_url": f"{base}/required_status_checks/contexts",
                "checks": [{"context": c, "app_id": prot.integration_id} for c in prot.checks],
            }
        if "pull_request" in prot.rules:
            out["required_pull_request_reviews"] = {
                "url": f"{base}/required_pull_request_reviews", "dismiss_stale_reviews": False,
                "require_code_owner_reviews": False, "required_approving_review_count": 1,
                "require_last_push_approval": False,
            }
        if "restrictions" in prot.rules:
            users, apps = [], []
            for login in prot.bypass:
                app = self._app_of(login)
                if app is not None:
                    apps.append({"id": app.id, "slug": app.slug, "name": app.name,
                                 "owner": {"login": app.owner, "type": "Organization"}})
                elif login in self._users:
                    users.append(self._user_json(self._users[login].login))
            out["restrictions"] = {"url": f"{base}/restrictions", "users_url": f"{base}/restrictions/users",
                                   "teams_url": f"{base}/restrictions/teams", "apps_url": f"{base}/restrictions/apps",
                                   "users": users, "teams": [], "apps": apps}
        return Response(200, out)

    def _rule_json(self, r: _Repo, prot: _Protection, rule: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": rule, "ruleset_source_type": "Repository", "ruleset_source": r.full_name,
                               "ruleset_id": prot.id}
        if rule == "required_status_checks":
            checks = [{"context": c, **({"integration_id": prot.integration_id} if prot.integration_id else {})}
                      for c in prot.checks]
            out["parameters"] = {"required_status_checks": checks, "strict_required_status_checks_policy": False}
        elif rule in _RULE_PARAMETERS:
            out["parameters"] = dict(_RULE_PARAMETERS[rule])
        return out

    def _get_branch_rules(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        branch = ctx.args[2]
        if "*" in branch:
            raise ApiError(404, "Not Found")  # "Cannot contain wildcard characters"
        rules = [self._rule_json(r, prot, rule) for prot in self._matching(r, branch, "ruleset") for rule in prot.rules]
        page, headers = self._page(ctx, rules)
        return Response(200, page, headers)

    def _get_ruleset(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        prot = next((p for p in r.protections if p.kind == "ruleset" and p.id == int(ctx.args[2])), None)
        if prot is None:
            raise ApiError(404, "Not Found")
        api = self._api_repo(r)
        out: dict[str, Any] = {
            "id": prot.id, "name": prot.name, "target": "branch", "source_type": "Repository",
            "source": r.full_name, "enforcement": "active",
            "conditions": {"ref_name": {"include": [f"refs/heads/{prot.pattern}"], "exclude": []}},
            "rules": [{k: v for k, v in self._rule_json(r, prot, rule).items() if k in ("type", "parameters")}
                      for rule in prot.rules],
            "node_id": f"RRS_{prot.id}",
            "_links": {"self": {"href": f"{api}/rulesets/{prot.id}"},
                       "html": {"href": f"{self._html_repo(r)}/rules/{prot.id}"}},
            "current_user_can_bypass": "always" if (ctx.principal.login or "").lower() in prot.bypass else "never",
        }
        if self._administers(ctx, r):
            out["bypass_actors"] = self._bypass_actors(prot)
        return Response(200, out)

    def _get_pages(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        if r.pages is None:
            raise ApiError(404, "Not Found")
        owner, name = r.full_name.split("/", 1)
        html = f"https://{owner.lower()}.github.io/{name}/"
        return Response(200, {
            "url": f"{self._api_repo(r)}/pages", "status": "built", "cname": None, "custom_404": False,
            "html_url": html, "build_type": r.pages["build_type"],
            "source": {"branch": r.pages["branch"], "path": "/"}, "public": not r.private,
            "https_enforced": True,
        })
