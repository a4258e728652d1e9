# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""GitHub behind a small interface (``GitHubPort``) and its PyGithub adapter.

This package is the only place importing PyGithub. Every request carries
``X-GitHub-Api-Version: 2022-11-28`` and goes through ``Retrying.call``: a timeout on every request
(PyGithub's ``timeout``), retries with exponential back-off on 5xx and connection errors (a 5xx
``Retry-After`` honoured but capped), and on rate limits (primary: until ``X-RateLimit-Reset``;
secondary: ``Retry-After`` or a minute, then exponentially longer while the limit repeats, as GitHub
asks) with waits capped, through an injectable ``sleep`` so that tests never sleep. Lists are read
whole inside the retried call (every page).

GitHub's answers the bot must tell apart: a 409/422 from a ruleset or branch protection is a
``RuleViolation`` (never retried, it says what to change in the repository's settings), not a
``Conflict``; ``POST git/refs`` answering 422 "Reference already exists" is fine, any other 422 is
not; files over 1 MB are read through the object media type and the git blobs API (up to 100 MB).
"""

from __future__ import annotations

import base64
import logging
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from open_commons.errors import GitHubDenied, GitHubError, GitHubUnreachable
from open_commons.i18n import N_, _
from open_commons.model.access import TeamPort  # noqa: F401 - re-exported: the port's home is the model
from open_commons.model.github import (
    Annotation,
    CheckOutput,
    CheckRun,
    Comment,
    FileContent,
    PullRequest,
    Ref,
    Repository,
    Review,
    ReviewComment,
    User,
)
from open_commons.model.ledger import CoAuthor
from open_commons.model.ledger import FileChange as PRFile

log = logging.getLogger("open_commons.github")
T = TypeVar("T")

DEFAULT_API = "https://api.github.com"
API_VERSION = "2022-11-28"  # sent on every request (X-GitHub-Api-Version)
OBJECT_MEDIA = "application/vnd.github.object+json"  # contents: the same shape for every size, a sha
MAX_ANNOTATIONS = 50  # per request (GitHub's limit)
MAX_PR_FILES = 3000  # the REST API lists at most this many files of a PR
MAX_PR_COMMITS = 250  # ... and this many commits (compare gives more)


class NotFound(GitHubError):
    """404."""


class Conflict(GitHubError):
    """409 (or 422 'sha wasn't supplied'): someone else wrote first; re-read and retry."""


class Forbidden(GitHubDenied):
    """403 that is not a rate limit: a permission is missing."""


class RuleViolation(GitHubError):
    """409/422 from a ruleset or a branch protection rule: retrying cannot help, the settings must change."""


# GitHub's words for a write refused by a ruleset or a (classic) branch protection rule
_RULE_WORDS = re.compile(
    r"rule violation|protected branch|must be made through a pull request|status checks? .*expected|"
    r"approving review|creations being restricted|cannot (?:update|create|delete) this protected ref|"
    r"reference update failed", re.IGNORECASE)
RULE_HELP = N_("{what}: GitHub refused the write because of a ruleset or branch protection rule "
               "({message}). Let the bot write there: in the repository's Settings > Rules > Rulesets (or "
               "Branches), add the bot's GitHub App to the bypass list of the rule protecting this branch, or "
               "set ledger.branch in commons.yaml to a branch without that rule.")


# --------------------------------------------------------------------------- the port


class GitHubPort(Protocol):
    """What the bot needs from GitHub, in model values. One repository per call (``repo``: owner/name)."""

    def get_pull(self, repo: str, number: int) -> PullRequest: ...
    def open_pulls_for_sha(self, repo: str, sha: str) -> list[int]: ...
    def pull_files(self, repo: str, number: int) -> list[PRFile]: ...
    def pull_co_authors(self, repo: str, number: int) -> list[CoAuthor]: ...
    def pull_approvers(self, repo: str, number: int) -> list[str]: ...
    def pull_patches(self, repo: str, number: int) -> dict[str, str | None]: ...
    def reviews(self, repo: str, number: int) -> list[Review]: ...
    def create_review(self, repo: str, number: int, commit_id: str, body: str,
                      comments: Sequence[ReviewComment]) -> int: ...
    def permission(self, repo: str, login: str) -> str: ...
    def check_runs(self, repo: str, sha: str, name: str) -> list[CheckRun]: ...
    def create_check_run(self, repo: str, name: str, sha: str) -> CheckRun: ...
    def update_check_run(self, repo: str, run_id: int, output: CheckOutput, *, conclusion: str | None) -> None: ...
    def comments(self, repo: str, number: int) -> list[Comment]: ...
    def create_comment(self, repo: str, number: int, body: str) -> int: ...
    def edit_comment(self, repo: str, comment_id: int, body: str) -> None: ...
    def delete_comment(self, repo: str, comment_id: int) -> None: ...
    def labels(self, repo: str, number: int) -> list[str]: ...
    def ensure_label(self, repo: str, name: str, color: str = "ededed") -> None: ...
    def add_labels(self, repo: str, number: int, names: Sequence[str]) -> None: ...
    def remove_label(self, repo: str, number: int, name: str) -> None: ...
    def branch_sha(self, repo: str, branch: str) -> str | None: ...
    def create_branch(self, repo: str, branch: str, sha: str) -> None: ...
    def read_file(self, repo: str, path: str, ref: str) -> FileContent | None: ...
    def write_file(self, repo: str, path: str, branch: str, text: str, message: str, sha: str | None) -> None: ...


# --------------------------------------------------------------------------- retries


@dataclass
class Retrying:
    """Retry policy: ``attempts`` tries in all, waits doubling from ``base`` seconds, at most ``max_wait``."""

    attempts: int = 5
    base: float = 1.0
    max_wait: float = 120.0  # back-off and a 5xx Retry-After
    max_rate_wait: float = 900.0  # rate limits (GitHub asks to wait them out)
    secondary_wait: float = 60.0  # a secondary limit without Retry-After (GitHub: "at least one minute")
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time

    def wait_for(self, err: Exception, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when ``err`` is not worth retrying.

        ``attempt`` counts the tries already failed in this call (0 for the first): a secondary rate
        limit that repeats waits twice as long each time."""
        from github.GithubException import GithubException, RateLimitExceededException
        from requests.exceptions import ConnectionError as ReqConnectionError
        from requests.exceptions import Timeout

        backoff = min(self.max_wait, self.base * (2 ** attempt))
        if isinstance(err, (ReqConnectionError, Timeout)):
            return backoff
        if not isinstance(err, GithubException):
            return None
        headers = {k.lower(): v for k, v in (err.headers or {}).items()}
        retry_after = _seconds(headers.get("retry-after"))
        limited = isinstance(err, RateLimitExceededException) or err.status == 429 or (
            err.status == 403 and (retry_after is not None or headers.get("x-ratelimit-remaining") == "0"))
        if limited:
            if headers.get("x-ratelimit-remaining") == "0":  # primary: until the window resets
                if retry_after is not None:
                    return min(self.max_rate_wait, max(retry_after, 0.0))
                reset = _seconds(headers.get("x-ratelimit-reset"))
                if reset is not None:
                    return min(self.max_rate_wait, max(reset - self.clock(), 0.0) + 1)
            first = max(retry_after, 0.0) if retry_after is not None else self.secondary_wait
            return min(self.max_rate_wait, max(first, 1.0) * (2 ** attempt))
        if err.status >= 500:
            return min(self.max_wait, max(retry_after, 0.0)) if retry_after is not None else backoff
        return None  # 4xx (a plain 403 is a permission, not a limit)

    def call(self, what: str, fn: Callable[[], T]) -> T:
        from github.GithubException import GithubException

        for attempt in range(self.attempts):
            try:
                return fn()
            except Exception as err:
                wait = self.wait_for(err, attempt)
                if wait is None or attempt == self.attempts - 1:
                    if isinstance(err, GithubException) or wait is not None:
                        raise _translate(what, err) from err
                    raise
                log.warning("github: %s failed (%s); retry %d in %.1fs", what, _short(err), attempt + 1, wait)
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _short(err: Exception) -> str:
    status = getattr(err, "status", None)
    return f"{status}" if status else type(err).__name__


def _translate(what: str, err: Exception) -> Exception:
    status = getattr(err, "status", None)
    if not isinstance(status, int):  # no answer at all: a connection error or a timeout
        return GitHubUnreachable(f"{what}: GitHub could not be reached ({type(err).__name__})")
    data = getattr(err, "data", None)
    message = data.get("message", "") if isinstance(data, dict) else str(data or "")
    text = f"{what}: GitHub answered {status}: {message}".strip()
    out: GitHubError
    if status == 404:
        out = NotFound(text)
    elif status in (409, 422) and _RULE_WORDS.search(message):
        out = RuleViolation(_(RULE_HELP, None, what=what, message=" ".join(message.split())))
    elif status == 409 or (status == 422 and "sha" in message.lower()):
        out = Conflict(text)
    elif status == 403:
        out = Forbidden(text)
    elif status == 401:
        out = GitHubDenied(text)
    else:
        out = GitHubError(text)
    out.status = status
    headers = {str(k).lower(): str(v) for k, v in (getattr(err, "headers", None) or {}).items()}
    out.accepted_permissions = headers.get("x-accepted-github-permissions", "")
    return out


# --------------------------------------------------------------------------- team membership (partners-only access)


class TeamMembership:
    """``TeamPort`` over PyGithub's requester (mixed into ``PyGithubClient``).

    Endpoints: ``GET /orgs/{org}/teams/{team_slug}/members`` and ``/invitations`` (every page, by the
    ``Link`` header), ``PUT|DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}``, ``GET /users/{username}``.
    """

    gh: Any
    retry: Retrying

    def _team_path(self, org: str, team: str) -> str:
        from urllib.parse import quote

        return f"/orgs/{quote(org, safe='')}/teams/{quote(team, safe='')}"

    def _all_pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        requester = self.gh.requester
        url: str | None = f"{requester.base_url}{path}"
        query: dict[str, Any] | None = {**params, "per_page": 100}
        items: list[dict[str, Any]] = []
        pages = 0
        while url is not None:
            headers, data = requester.requestJsonAndCheck("GET", url, parameters=query)
            items += [d for d in data or () if isinstance(d, dict)]
            url, query = _next_link(headers), None
            pages += 1
            if pages > 1000:  # 100,000 entries: a loop, not a team
                raise GitHubError(f"GET {path}: more than 1000 pages")
        return items

    def team_members(self, org: str, team: str) -> list[str]:
        path = self._team_path(org, team) + "/members"
        return self.retry.call(f"GET {path}", lambda: sorted(
            str(u["login"]).lower() for u in self._all_pages(path, {"role": "all"}) if u.get("login")))

    def team_invitations(self, org: str, team: str) -> list[str]:
        path = self._team_path(org, team) + "/invitations"
        return self.retry.call(f"GET {path}", lambda: sorted(
            str(i["login"]).lower() for i in self._all_pages(path, {}) if i.get("login")))

    def account_type(self, login: str) -> str | None:
        """``User``, ``Organization`` or ``Bot`` for an existing account; None when GitHub does not know it."""
        from urllib.parse import quote

        from github.GithubException import GithubException

        def go() -> str | None:
            try:
                _h, data = self.gh.requester.requestJsonAndCheck(
                    "GET", f"{self.gh.requester.base_url}/users/{quote(login, safe='')}")
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
            return str((data or {}).get("type") or "User")
        return self.retry.call(f"GET user {login}", go)

    def add_team_membership(self, org: str, team: str, login: str, role: str = "member") -> str:
        """Add (or keep) ``login`` in the team; returns the membership state (``active`` or ``pending``)."""
        from urllib.parse import quote

        path = f"{self._team_path(org, team)}/memberships/{quote(login, safe='')}"

        def go() -> str:
            _h, data = self.gh.requester.requestJsonAndCheck("PUT", f"{self.gh.requester.base_url}{path}",
                                                             input={"role": role})
            return str((data or {}).get("state") or "active")
        return self.retry.call(f"PUT {path}", go)

    def remove_team_membership(self, org: str, team: str, login: str) -> bool:
        """Remove ``login`` (or cancel its invitation); False when it was not in the team."""
        from urllib.parse import quote

        from github.GithubException import GithubException

        path = f"{self._team_path(org, team)}/memberships/{quote(login, safe='')}"

        def go() -> bool:
            try:
                self.gh.requester.requestJsonAndCheck("DELETE", f"{self.gh.requester.base_url}{path}")
            except GithubException as err:
                if err.status == 404:
                    return False
                raise
            return True
        return self.retry.call(f"DELETE {path}", go)


def _next_link(headers: Any) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header, if any."""
    link = next((v for k, v in (headers or {}).items() if str(k).lower() == "link"), "") or ""
    for part in str(link).split(","):
        target, _sep, rel = part.partition(";")
        if 'rel="next"' in rel.replace(" ", ""):
            return target.strip().strip("<>")
    return None


# --------------------------------------------------------------------------- the adapter


def api_url() -> str:
    return (os.environ.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/")


def make_github(token: str, base_url: str | None = None, *, timeout: int = 20) -> Any:
    """A PyGithub client: our retries only (``retry=None``), no built-in throttling sleeps."""
    from github import Auth, Github

    return Github(
        base_url=base_url or api_url(),
        auth=Auth.Token(token),
        retry=None,
        timeout=timeout,
        seconds_between_requests=0,
        seconds_between_writes=0,
        per_page=100,
        user_agent="open-commons-bot",
        lazy=True,  # objects are fetched when read, not when named: fewer calls
        api_version=API_VERSION,
    )


def _user(obj: Any) -> User:
    return User(obj.login, getattr(obj, "type", None) or "User")


def _repo(obj: Any) -> Repository | None:
    if obj is None:
        return None
    return Repository(obj.full_name, obj.clone_url or "", obj.default_branch or "main", bool(obj.private),
                      bool(obj.fork))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class PyGithubClient(TeamMembership):
    """``GitHubPort`` over PyGithub.

    ``app_id``: the GitHub App the token acts for, when known (an installation token): only its own
    check runs are read and updated (GitHub lets no other App update them). Without it (a workflow's
    ``GITHUB_TOKEN``) the App is learnt from the first check run the client creates.
    """

    def __init__(self, gh: Any, retrying: Retrying | None = None, *, app_id: int | None = None) -> None:
        self.gh = gh
        self.retry = retrying or Retrying()
        self.app_id = app_id

    def _r(self, repo: str) -> Any:
        return self.gh.get_repo(repo)

    # -- pulls ----------------------------------------------------------------
    def get_pull(self, repo: str, number: int) -> PullRequest:
        def go() -> PullRequest:
            p = self._r(repo).get_pull(number)
            return PullRequest(
                number=p.number, title=p.title or "", state=p.state, author=_user(p.user),
                head=Ref(p.head.ref, p.head.sha, _repo(p.head.repo)),
                base=Ref(p.base.ref, p.base.sha, _repo(p.base.repo)),
                merged=bool(p.merged), merge_sha=p.merge_commit_sha, merged_at=_iso(p.merged_at),
                draft=bool(p.draft), author_association=getattr(p, "author_association", None) or "NONE",
                maintainer_can_modify=bool(p.raw_data.get("maintainer_can_modify")),
            )
        return self.retry.call(f"GET pull {repo}#{number}", go)

    def open_pulls_for_sha(self, repo: str, sha: str) -> list[int]:
        return self.retry.call(
            f"GET pulls {repo}",
            lambda: [p.number for p in self._r(repo).get_pulls(state="open") if p.head.sha == sha])

    def pull_files(self, repo: str, number: int) -> list[PRFile]:
        def go() -> list[PRFile]:
            out = []
            for i, f in enumerate(self._r(repo).get_pull(number).get_files()):
                if i >= MAX_PR_FILES:
                    break
                change = {"removed": "removed", "added": "added", "renamed": "renamed"}.get(f.status, "modified")
                out.append(PRFile(f.filename, change, f.additions or 0, f.deletions or 0, f.previous_filename))
            return out
        return self.retry.call(f"GET files {repo}#{number}", go)

    def pull_patches(self, repo: str, number: int) -> dict[str, str | None]:
        def go() -> dict[str, str | None]:
            out: dict[str, str | None] = {}
            for i, f in enumerate(self._r(repo).get_pull(number).get_files()):
                if i >= MAX_PR_FILES:
                    break
                out[f.filename] = f.patch
            return out
        return self.retry.call(f"GET files {repo}#{number}", go)

    def reviews(self, repo: str, number: int) -> list[Review]:
        def go() -> list[Review]:
            return [Review(r.id, _user(r.user), r.body or "", r.commit_id or "", r.state or "")
                    for r in self._r(repo).get_pull(number).get_reviews()]
        return self.retry.call(f"GET reviews {repo}#{number}", go)

    def create_review(self, repo: str, number: int, commit_id: str, body: str,
                      comments: Sequence[ReviewComment]) -> int:
        def one(c: ReviewComment) -> dict[str, Any]:
            out: dict[str, Any] = {"path": c.path, "line": c.line, "side": "RIGHT", "body": c.body}
            if c.start_line is not None and c.start_line < c.line:
                out.update(start_line=c.start_line, start_side="RIGHT")
            return out

        payload = {"commit_id": commit_id, "body": body, "event": "COMMENT", "comments": [one(c) for c in comments]}
        return self.retry.call(f"POST review {repo}#{number}",
                               lambda: int(_post(self.gh, f"{_repo_path(repo)}/pulls/{number}/reviews", payload)["id"]))

    def pull_co_authors(self, repo: str, number: int) -> list[CoAuthor]:
        from open_commons.identity import parse_trailer

        def go() -> list[CoAuthor]:
            found: list[CoAuthor] = []
            for i, c in enumerate(self._r(repo).get_pull(number).get_commits()):
                if i >= MAX_PR_COMMITS:
                    break
                for line in (c.commit.message or "").splitlines():
                    key, sep, value = line.partition(":")
                    if sep and key.strip().lower() == "co-authored-by":
                        co = parse_trailer(value)
                        if co and co not in found:
                            found.append(co)
            return found
        return self.retry.call(f"GET commits {repo}#{number}", go)

    def pull_approvers(self, repo: str, number: int) -> list[str]:
        def go() -> list[str]:
            return approvers((r.user.login if r.user is not None else None, r.state)
                             for r in self._r(repo).get_pull(number).get_reviews())
        return self.retry.call(f"GET reviews {repo}#{number}", go)

    def permission(self, repo: str, login: str) -> str:
        from github.GithubException import GithubException

        def go() -> str:
            try:
                return str(self._r(repo).get_collaborator_permission(login))
            except GithubException as err:
                if err.status == 404:
                    return "none"
                raise
        return self.retry.call(f"GET permission {repo} {login}", go)

    # -- check runs -------------------------------------------------------------
    def _own_runs(self, repo: str, sha: str, name: str) -> list[Any]:
        """The check runs named ``name`` on ``sha`` made by this client's App (every page)."""
        from github.CheckRun import CheckRun as GhCheckRun
        from github.PaginatedList import PaginatedList

        params: dict[str, Any] = {"check_name": name, "filter": "all"}
        if self.app_id is not None:
            params["app_id"] = self.app_id
        runs = PaginatedList(GhCheckRun, self.gh.requester,
                             f"{self.gh.requester.base_url}{_repo_path(repo)}/commits/{sha}/check-runs", params,
                             list_item="check_runs")
        return [r for r in runs if self.app_id is None or (r.app is not None and r.app.id == self.app_id)]

    def check_runs(self, repo: str, sha: str, name: str) -> list[CheckRun]:
        def go() -> list[CheckRun]:
            return [CheckRun(r.id, r.name, r.head_sha, r.status, r.conclusion,
                             int((r.output.annotations_count if r.output else 0) or 0))
                    for r in self._own_runs(repo, sha, name)]
        return self.retry.call(f"GET check-runs {repo}@{sha[:7]}", go)

    def create_check_run(self, repo: str, name: str, sha: str) -> CheckRun:
        tried: list[bool] = []

        def go() -> CheckRun:
            if tried:  # a try timed out after GitHub made the run: reuse it, or it stays in progress for ever
                made = next((r for r in self._own_runs(repo, sha, name) if r.status != "completed"), None)
                if made is not None:
                    return CheckRun(made.id, made.name, made.head_sha, made.status, made.conclusion)
            tried.append(True)
            r = self._r(repo).create_check_run(name=name, head_sha=sha, status="in_progress")
            if self.app_id is None and r.app is not None:
                self.app_id = r.app.id  # a GITHUB_TOKEN: the App it acts for (github-actions)
            return CheckRun(r.id, r.name, r.head_sha, r.status, r.conclusion)
        return self.retry.call(f"POST check-run {repo}@{sha[:7]}", go)

    def update_check_run(self, repo: str, run_id: int, output: CheckOutput, *, conclusion: str | None) -> None:
        payload: dict[str, Any] = {"title": output.title[:255], "summary": output.summary[:65535]}
        if output.text:
            payload["text"] = output.text[:65535]
        if output.annotations:
            payload["annotations"] = [_annotation(a) for a in output.annotations[:MAX_ANNOTATIONS]]
        kwargs: dict[str, Any] = {"output": payload}
        if conclusion is not None:
            kwargs.update(status="completed", conclusion=conclusion)

        def go() -> None:
            _edit_run(self._r(repo), run_id, kwargs)
        self.retry.call(f"PATCH check-run {run_id}", go)

    # -- comments ---------------------------------------------------------------
    def comments(self, repo: str, number: int) -> list[Comment]:
        return self.retry.call(
            f"GET comments {repo}#{number}",
            lambda: [Comment(c.id, c.body or "", _user(c.user))
                     for c in self._r(repo).get_issue(number).get_comments()])

    def create_comment(self, repo: str, number: int, body: str) -> int:
        return self.retry.call(f"POST comment {repo}#{number}",
                               lambda: self._issue(repo, number).create_comment(body).id)

    def edit_comment(self, repo: str, comment_id: int, body: str) -> None:
        self.retry.call(f"PATCH comment {comment_id}", lambda: _patch(self.gh, f"{_repo_path(repo)}/issues/comments/{comment_id}", {"body": body}))

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self.retry.call(f"DELETE comment {comment_id}", lambda: _delete(self.gh, f"{_repo_path(repo)}/issues/comments/{comment_id}"))

    def _issue(self, repo: str, number: int) -> Any:
        return self._r(repo).get_issue(number)

    # -- labels -----------------------------------------------------------------
    def labels(self, repo: str, number: int) -> list[str]:
        return self.retry.call(f"GET labels {repo}#{number}",
                               lambda: [lab.name for lab in self._issue(repo, number).get_labels()])

    def ensure_label(self, repo: str, name: str, color: str = "ededed") -> None:
        """The label exists in ``repo`` after this: read it (a real request), create it when missing."""
        from github.GithubException import GithubException

        labels = f"{_repo_path(repo)}/labels"

        def go() -> None:
            try:
                _get(self.gh, f"{labels}/{urllib.parse.quote(name, safe='')}")
                return
            except GithubException as err:
                if err.status != 404:
                    raise
            try:
                _post(self.gh, labels, {"name": name, "color": color.lstrip("#"),
                                         "description": "Managed by the Open Commons bot"})
            except GithubException as err:
                if err.status != 422 or not _already_exists(err):  # made by someone else meanwhile: fine
                    raise
        self.retry.call(f"label {name}", go)

    def add_labels(self, repo: str, number: int, names: Sequence[str]) -> None:
        if names:  # the documented body, {"labels": [...]} (PyGithub sends a bare list)
            self.retry.call(f"POST labels {repo}#{number}",
                            lambda: _post(self.gh, f"{_repo_path(repo)}/issues/{number}/labels",
                                          {"labels": list(names)}))

    def remove_label(self, repo: str, number: int, name: str) -> None:
        from github.GithubException import GithubException

        def go() -> None:
            try:
                self._issue(repo, number).remove_from_labels(name)
            except GithubException as err:
                if err.status != 404:  # already gone: fine
                    raise
        self.retry.call(f"DELETE label {repo}#{number}", go)

    # -- branches and contents ------------------------------------------------
    def branch_sha(self, repo: str, branch: str) -> str | None:
        from github.GithubException import GithubException

        def go() -> str | None:
            try:
                return self._r(repo).get_git_ref(f"heads/{branch}").object.sha
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
        return self.retry.call(f"GET ref {repo} {branch}", go)

    def create_branch(self, repo: str, branch: str, sha: str) -> None:
        from github.GithubException import GithubException

        def go() -> None:
            try:
                _post(self.gh, f"{_repo_path(repo)}/git/refs", {"ref": f"refs/heads/{branch}", "sha": sha})
            except GithubException as err:
                if err.status == 422 and "already exists" in _message(err).lower():
                    return  # someone else made it meanwhile
                raise  # any other 422 (a rule, an unknown sha) is an error
        self.retry.call(f"POST ref {repo} {branch}", go)

    def read_file(self, repo: str, path: str, ref: str) -> FileContent | None:
        """A text file of any size up to GitHub's 100 MB: the contents API with the object media type
        (its sha, and its bytes up to 1 MB), then the git blobs API for a bigger file."""
        from github.GithubException import GithubException

        def go() -> FileContent | None:
            url = f"{_repo_path(repo)}/contents/{urllib.parse.quote(path)}"
            try:
                entry = _get(self.gh, url, {"ref": ref}, {"Accept": OBJECT_MEDIA})
            except GithubException as err:
                if err.status == 404:
                    return None
                raise
            if not isinstance(entry, dict) or entry.get("type") != "file":
                kind = entry.get("type") if isinstance(entry, dict) else "folder"
                raise GitHubError(f"{path} is a {kind}, not a file, in {repo}@{ref}")
            sha = str(entry["sha"])
            if entry.get("encoding") == "base64" and (entry.get("content") or not entry.get("size")):
                data = base64.b64decode(entry.get("content") or "")
            else:  # over 1 MB: "encoding": "none", the bytes come from the git blobs API
                blob = _get(self.gh, f"{_repo_path(repo)}/git/blobs/{sha}")
                if blob.get("encoding") != "base64":
                    raise GitHubError(f"{path}@{ref}: the blob came as {blob.get('encoding')!r}, not base64")
                data = base64.b64decode(blob.get("content") or "")
            try:
                return FileContent(data.decode("utf-8"), sha)
            except UnicodeDecodeError:
                raise GitHubError(f"{path} is not UTF-8 text in {repo}@{ref}") from None
        return self.retry.call(f"GET contents {repo}:{path}@{ref}", go)

    def write_file(self, repo: str, path: str, branch: str, text: str, message: str, sha: str | None) -> None:
        def go() -> None:
            r = self._r(repo)
            if sha is None:
                r.create_file(path, message, text.encode("utf-8"), branch=branch)
            else:
                r.update_file(path, message, text.encode("utf-8"), sha, branch=branch)
        self.retry.call(f"PUT contents {repo}:{path}@{branch}", go)


def approvers(reviews: Iterable[tuple[str | None, str | None]]) -> list[str]:
    """The lower-case logins whose latest review (oldest first: (login, state)) approves: a later
    change request or a dismissal takes an approval back, a comment does not."""
    latest: dict[str, str] = {}
    for login, state in reviews:
        if login and state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[login.lower()] = state
    return sorted(k for k, v in latest.items() if v == "APPROVED")


def _repo_path(repo: str) -> str:
    return f"/repos/{repo}"


def _get(gh: Any, path: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
    _, data = gh.requester.requestJsonAndCheck("GET", f"{gh.requester.base_url}{path}", parameters=params,
                                               headers=headers)
    return data


def _post(gh: Any, path: str, body: Any) -> Any:
    _, data = gh.requester.requestJsonAndCheck("POST", f"{gh.requester.base_url}{path}", input=body)
    return data


def _message(err: Any) -> str:
    data = getattr(err, "data", None)
    return str(data.get("message", "")) if isinstance(data, dict) else str(data or "")


def _already_exists(err: Any) -> bool:
    data = getattr(err, "data", None)
    errors = data.get("errors") if isinstance(data, dict) else None
    return any(isinstance(e, dict) and e.get("code") == "already_exists" for e in errors or ()) or \
        "already exists" in _message(err).lower()


def _patch(gh: Any, path: str, body: dict[str, Any]) -> None:
    gh.requester.requestJsonAndCheck("PATCH", f"{gh.requester.base_url}{path}", input=body)


def _delete(gh: Any, path: str) -> None:
    gh.requester.requestJsonAndCheck("DELETE", f"{gh.requester.base_url}{path}")


def _edit_run(repo: Any, run_id: int, kwargs: dict[str, Any]) -> None:
    repo._requester.requestJsonAndCheck("PATCH", f"{repo.url}/check-runs/{run_id}", input=kwargs)


def _annotation(a: Annotation) -> dict[str, Any]:
    out: dict[str, Any] = {"path": a.path, "start_line": a.start_line, "end_line": a.end_line,
                           "annotation_level": a.level, "message": a.message[:64000]}
    if a.title:
        out["title"] = a.title[:255]
    return out


def batches(items: Iterable[T], size: int = MAX_ANNOTATIONS) -> list[list[T]]:
    chunk: list[T] = []
    out: list[list[T]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            out.append(chunk)
            chunk = []
    if chunk:
        out.append(chunk)
    return out
