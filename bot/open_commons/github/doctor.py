# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``SetupPort`` over PyGithub: the repository settings ``commons doctor`` reads.

Every call goes through the client's ``Retrying`` (API version header, timeouts, back-off, rate
limits). PyGithub's own calls where it has them (the repository, its labels, a branch and its
protection rule); its requester for the rest (the rules of a branch, a ruleset, the Pages site).

GitHub's answers read as facts, not errors: 404 "Branch not found" is a missing branch, 404 "Branch
not protected" no protection rule, 404 on the Pages site no site. A 404 on a protection rule that
exists means the token may not read it (GitHub hides it from non-admins): ``GitHubDenied``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from open_commons.errors import GitHubDenied
from open_commons.github.client import PyGithubClient, _next_link, _repo_path
from open_commons.model.doctor import (
    BranchFacts,
    BranchRule,
    ClassicProtection,
    PagesFacts,
    RepoFacts,
    RequiredCheck,
    Ruleset,
)

T = TypeVar("T")
MAX_PAGES = 50
ROLES = ("admin", "maintain", "push", "triage", "pull")
ROLE_NAMES = {"push": "write", "pull": "read"}


def _quoted(name: str) -> str:
    return urllib.parse.quote(name, safe="")


def _message(err: Any) -> str:
    data = getattr(err, "data", None)
    return str(data.get("message", "")) if isinstance(data, dict) else str(data or "")


def _checks(node: Any) -> tuple[RequiredCheck, ...]:
    """Required checks of a protection rule: ``checks`` (with their App) and the older ``contexts``."""
    if not isinstance(node, dict):
        return ()
    out: list[RequiredCheck] = []
    for check in node.get("checks") or ():
        if isinstance(check, dict) and isinstance(check.get("context"), str):
            app = check.get("app_id")
            out.append(RequiredCheck(check["context"], app if isinstance(app, int) and app > 0 else None))
    known = {c.context for c in out}
    out += [RequiredCheck(c) for c in node.get("contexts") or () if isinstance(c, str) and c not in known]
    return tuple(out)


def _enabled(node: Any) -> bool:
    return bool(node.get("enabled")) if isinstance(node, dict) else bool(node)


class GitHubSetup:
    """``SetupPort`` on a ``PyGithubClient`` (its PyGithub object and its retry policy)."""

    def __init__(self, client: PyGithubClient) -> None:
        self.client = client
        self.gh = client.gh

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        return self.client.retry.call(what, fn)

    def _get(self, path: str, params: dict[str, Any] | None = None) -> tuple[Any, Any]:
        requester = self.gh.requester
        return requester.requestJsonAndCheck("GET", f"{requester.base_url}{path}", parameters=params)

    def _pages(self, path: str) -> Iterable[Any]:
        """Every item of a list answer, page after page (``Link: rel="next"``)."""
        requester = self.gh.requester
        url: str | None = f"{requester.base_url}{path}"
        params: dict[str, Any] | None = {"per_page": 100}
        for _page in range(MAX_PAGES):
            if url is None:
                return
            headers, data = requester.requestJsonAndCheck("GET", url, parameters=params)
            yield from data if isinstance(data, list) else ()
            url, params = _next_link(headers), None

    # -- SetupPort -------------------------------------------------------------
    def repository(self, repo: str) -> RepoFacts | None:
        from github.GithubException import GithubException

        def go() -> RepoFacts | None:
            try:
                r = self.gh.get_repo(repo)
                data = r.raw_data  # a lazy object: read here, inside the try
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
            flags = data.get("permissions") if isinstance(data, dict) else None
            role = None
            if isinstance(flags, dict):
                role = next((ROLE_NAMES.get(k, k) for k in ROLES if flags.get(k)), None)
            return RepoFacts(r.full_name, r.default_branch or "main", bool(r.private), role)
        return self._call(f"GET repository {repo}", go)

    def labels(self, repo: str) -> tuple[str, ...]:
        return self._call(f"GET labels {repo}",
                          lambda: tuple(label.name for label in self.gh.get_repo(repo).get_labels()))

    def branch(self, repo: str, branch: str) -> BranchFacts | None:
        from github.GithubException import GithubException

        def go() -> BranchFacts | None:
            try:
                b = self.gh.get_repo(repo).get_branch(branch)
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
            protection = b.raw_data.get("protection") if isinstance(b.raw_data, dict) else None
            checks = _checks(protection.get("required_status_checks")) if isinstance(protection, dict) else ()
            return BranchFacts(b.name, bool(b.protected), checks)
        return self._call(f"GET branch {repo} {branch}", go)

    def protection(self, repo: str, branch: str) -> ClassicProtection | None:
        from github.GithubException import GithubException

        def go() -> ClassicProtection | None:
            try:
                _headers, data = self._get(f"{_repo_path(repo)}/branches/{_quoted(branch)}/protection")
            except GithubException as err:
                if err.status == 404 and "not protected" in _message(err).lower():
                    return None
                if err.status == 404:  # GitHub hides a protection rule from who may not administer it
                    denied = GitHubDenied(f"GET protection {repo} {branch}: GitHub answered 404: {_message(err)}")
                    denied.status = 404
                    denied.accepted_permissions = "administration=read"
                    raise denied from None
                raise
            data = data if isinstance(data, dict) else {}
            restrictions = data.get("restrictions")
            apps = restrictions.get("apps") if isinstance(restrictions, dict) else None
            return ClassicProtection(
                required_checks=_checks(data.get("required_status_checks")),
                requires_pull_request=isinstance(data.get("required_pull_request_reviews"), dict),
                push_restricted=isinstance(restrictions, dict),
                push_apps=tuple(str(a.get("slug")) for a in apps or () if isinstance(a, dict)),
                lock_branch=_enabled(data.get("lock_branch")),
                allow_force_pushes=_enabled(data.get("allow_force_pushes")),
                allow_deletions=_enabled(data.get("allow_deletions")))
        return self._call(f"GET protection {repo} {branch}", go)

    def branch_rules(self, repo: str, branch: str) -> tuple[BranchRule, ...]:
        def go() -> tuple[BranchRule, ...]:
            out = []
            for rule in self._pages(f"{_repo_path(repo)}/rules/branches/{_quoted(branch)}"):
                if not isinstance(rule, dict) or not isinstance(rule.get("type"), str):
                    continue
                params = rule.get("parameters")
                listed = params.get("required_status_checks") if isinstance(params, dict) else None
                checks = tuple(RequiredCheck(c["context"], c["integration_id"] if isinstance(
                    c.get("integration_id"), int) else None)
                    for c in (listed if isinstance(listed, list) else ())
                    if isinstance(c, dict) and isinstance(c.get("context"), str))
                ruleset = rule.get("ruleset_id")
                out.append(BranchRule(rule["type"], ruleset if isinstance(ruleset, int) else None,
                                      str(rule.get("ruleset_source") or ""), checks))
            return tuple(out)
        return self._call(f"GET rules {repo} {branch}", go)

    def ruleset(self, repo: str, ruleset_id: int) -> Ruleset | None:
        from github.GithubException import GithubException

        def go() -> Ruleset | None:
            try:
                _headers, data = self._get(f"{_repo_path(repo)}/rulesets/{ruleset_id}")
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
            data = data if isinstance(data, dict) else {}
            actors = data.get("bypass_actors")
            apps = tuple(a["actor_id"] for a in actors if isinstance(a, dict) and a.get("actor_type") == "Integration"
                         and isinstance(a.get("actor_id"), int)) if isinstance(actors, list) else None
            return Ruleset(ruleset_id, str(data.get("name") or f"#{ruleset_id}"), apps)
        return self._call(f"GET ruleset {repo} {ruleset_id}", go)

    def pages(self, repo: str) -> PagesFacts | None:
        from github.GithubException import GithubException

        def go() -> PagesFacts | None:
            try:
                _headers, data = self._get(f"{_repo_path(repo)}/pages")
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
            data = data if isinstance(data, dict) else {}
            source = data.get("source")
            branch = source.get("branch") if isinstance(source, dict) else None
            build = data.get("build_type")
            return PagesFacts(build if isinstance(build, str) else None, branch if isinstance(branch, str) else None,
                              str(data.get("html_url") or ""))
        return self._call(f"GET pages {repo}", go)
