# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A local HTTP server that speaks the part of GitHub's REST API the bot uses.

Point PyGithub at it::

    with FakeGitHub() as gh:
        gh.add_repo("open-commons/commons", git_dir=repo_path)
        g = Github(base_url=gh.url, auth=Auth.Token("t"), retry=None,
                   seconds_between_requests=0, seconds_between_writes=0)
        g.get_repo("open-commons/commons").get_pull(1).get_files()

Repositories are backed by real git repositories: pull request files, commits
and comparisons are computed with ``git``; the contents API commits for real.
Everything else (comments, labels, check runs, reviews, permissions, apps) is
state held by the fake. Requests are recorded and faults can be injected.

The state is guarded by one lock: every endpoint runs under it.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import secrets
import socket
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .gitops import CommitInfo, FileChange, GitError, GitRepo, Ident
from .hook_deliveries import HookDeliveries  # the App's webhook deliveries API (a separate block)
from .repo_settings import RepoSettingsMixin  # branch protection rules, rulesets, Pages (read-only)
from .teams import TeamsMixin
from .transport import DOCS, ApiError, Fault, RecordedRequest, Response, paginate, validation_failed

if TYPE_CHECKING:
    from github import Github

__all__ = ["UNSET", "FakeGitHub"]

JSON = Any
Permission = Literal["admin", "maintain", "write", "triage", "read", "none"]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Default of ``set_pull`` keywords: leave the field as it is."""

_ROLE_LEVEL = {"none": 0, "read": 1, "triage": 2, "write": 3, "maintain": 4, "admin": 5}
_CHECK_STATUSES = {"queued", "in_progress", "completed", "waiting", "requested", "pending"}
_CHECK_CONCLUSIONS = {"action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"}
_ANNOTATION_LEVELS = {"notice", "warning", "failure"}
_REVIEW_STATES = {"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"}
_MAX_ANNOTATIONS_PER_REQUEST = 50
_MAX_OUTPUT_CHARS = 65535
_MAX_COMMENT_CHARS = 65536
_MAX_PR_FILES = 3000
_MAX_PR_COMMITS = 250
_MAX_CONTENT_BYTES = 1024 * 1024  # the contents API's default media type stops there
_MAX_BLOB_BYTES = 100 * 1024 * 1024  # raw/object media types and the git blobs API stop there
_RAW_MEDIA = ("application/vnd.github.raw", "application/vnd.github.v3.raw")
_OBJECT_MEDIA = ("application/vnd.github.object", "application/vnd.github.v3.object")
_TOO_LARGE = ("This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, "
              "but you can use the Git Data API to request blobs up to 100 MB in size.")
_NOT_ACCESSIBLE = "Resource not accessible by integration"
# GITHUB_TOKEN's default permissions in a workflow with "permissions: write-all"-like grants
_DEFAULT_TOKEN_PERMISSIONS = {"checks": "write", "contents": "write", "issues": "write", "pull_requests": "write",
                              "metadata": "read"}
# what each endpoint needs from an App installation or a scoped token: alternatives, level
_NEEDS: dict[str, tuple[tuple[str, ...], str]] = {
    "_get_repo": (("metadata",), "read"),
    "_get_permission": (("metadata",), "read"),
    "_list_labels": (("metadata", "issues", "pull_requests"), "read"),
    "_get_label": (("metadata", "issues", "pull_requests"), "read"),
    "_list_pulls": (("pull_requests",), "read"),
    "_get_pull": (("pull_requests",), "read"),
    "_list_pull_files": (("pull_requests",), "read"),
    "_list_pull_commits": (("pull_requests",), "read"),
    "_list_reviews": (("pull_requests",), "read"),
    "_list_review_comments": (("pull_requests",), "read"),
    "_create_review": (("pull_requests",), "write"),
    "_compare": (("contents",), "read"),
    "_get_commit": (("contents",), "read"),
    "_get_branch": (("contents",), "read"),
    "_get_ref": (("contents",), "read"),
    "_get_blob": (("contents",), "read"),
    "_get_contents": (("contents",), "read"),
    "_create_ref": (("contents",), "write"),
    "_update_ref": (("contents",), "write"),
    "_delete_ref": (("contents",), "write"),
    "_put_contents": (("contents",), "write"),
    "_delete_contents": (("contents",), "write"),
    "_list_check_runs_for_ref": (("checks",), "read"),
    "_get_check_run": (("checks",), "read"),
    "_list_annotations": (("checks",), "read"),
    "_create_check_run": (("checks",), "write"),
    "_update_check_run": (("checks",), "write"),
    "_get_issue": (("issues", "pull_requests"), "read"),
    "_list_comments": (("issues", "pull_requests"), "read"),
    "_get_comment": (("issues", "pull_requests"), "read"),
    "_list_issue_labels": (("issues", "pull_requests"), "read"),
    "_create_comment": (("issues", "pull_requests"), "write"),
    "_update_comment": (("issues", "pull_requests"), "write"),
    "_delete_comment": (("issues", "pull_requests"), "write"),
    "_add_issue_labels": (("issues", "pull_requests"), "write"),
    "_set_issue_labels_api": (("issues", "pull_requests"), "write"),
    "_clear_issue_labels": (("issues", "pull_requests"), "write"),
    "_remove_issue_label": (("issues", "pull_requests"), "write"),
    "_create_label": (("issues", "pull_requests"), "write"),
    "_get_branch_protection": (("administration",), "read"),
    "_get_branch_rules": (("metadata",), "read"),
    "_get_ruleset": (("metadata",), "read"),
    "_get_pages": (("pages",), "read"),
}
_NOREPLY = re.compile(r"^(?:\d+\+)?(?P<login>[^@]+)@users\.noreply\.github\.com$", re.IGNORECASE)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _hunks(patch: str) -> list[tuple[int, int, str]]:
    """The hunks of a patch as (first, last) line of the new file, with the hunk's text up to there."""
    out: list[tuple[int, int, str]] = []
    lines = patch.split("\n")
    for i, line in enumerate(lines):
        m = _HUNK.match(line)
        if m:
            first, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("@@")), len(lines))
            if count:
                out.append((first, first + count - 1, "\n".join(lines[i:end])))
    return out


def _position(patch: str, new_line: int) -> int:
    """GitHub's ``position`` of a new-file line: its rank in the patch, the first ``@@`` line being 0."""
    current = 0
    for rank, line in enumerate(patch.split("\n")):
        m = _HUNK.match(line)
        if m:
            current = int(m.group(1))
            continue
        if line.startswith("-"):
            continue
        if current == new_line:
            return rank
        current += 1
    return 1


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _node_id(kind: str, ident: int | str) -> str:
    return base64.b64encode(f"0:{kind}{ident}".encode()).decode().rstrip("=")


def _q(text: str) -> str:
    return urllib.parse.quote(text, safe="/")


# ----------------------------------------------------------------------------- state


@dataclass
class _User:
    login: str
    id: int
    type: str
    name: str | None
    email: str | None
    site_admin: bool
    created_at: str


@dataclass
class _Label:
    id: int
    name: str
    color: str
    description: str | None
    default: bool = False


@dataclass
class _Comment:
    id: int
    issue_number: int
    body: str
    user: str
    created_at: str
    updated_at: str
    app_id: int | None


@dataclass
class _Review:
    id: int
    user: str
    body: str
    state: str
    commit_id: str
    submitted_at: str | None


@dataclass
class _ReviewComment:
    id: int
    review_id: int
    user: str
    body: str
    path: str
    line: int
    start_line: int | None
    commit_id: str
    diff_hunk: str
    position: int
    created_at: str


@dataclass
class _Pull:
    id: int
    base_ref: str
    head_ref: str
    head_repo: str
    pinned_head_sha: str | None
    last_head_sha: str | None
    pinned_base_sha: str | None
    merged: bool
    merge_commit_sha: str | None
    merged_at: str | None
    merged_by: str | None
    draft: bool
    mergeable: bool | None
    mergeable_state: str
    maintainer_can_modify: bool
    frozen_head_sha: str | None = None
    frozen_base_sha: str | None = None
    reviews: list[_Review] = field(default_factory=list)
    review_comments: list[_ReviewComment] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Issue:
    id: int
    number: int
    title: str
    body: str | None
    user: str
    state: str
    labels: list[str]
    created_at: str
    updated_at: str
    closed_at: str | None
    comments: list[_Comment] = field(default_factory=list)
    pull: _Pull | None = None


@dataclass
class _CheckRun:
    id: int
    name: str
    head_sha: str
    status: str
    conclusion: str | None
    started_at: str | None
    completed_at: str | None
    details_url: str | None
    external_id: str | None
    output: dict[str, Any]
    annotations: list[dict[str, Any]]
    images: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    app_id: int | None
    check_suite_id: int


@dataclass
class _Protection:
    """A ruleset or a classic branch protection rule on the branches matching ``pattern`` (fnmatch)."""

    pattern: str
    kind: Literal["ruleset", "branch_protection"]
    rules: tuple[str, ...]  # see ``FakeGitHub.protect``
    bypass: tuple[str, ...]  # logins (``slug[bot]`` for an App) allowed through (a classic rule: may push)
    id: int = 0
    name: str = ""
    checks: tuple[str, ...] = ()  # the required status checks' names
    integration_id: int | None = None  # the App that must report them (None: any)

    def applies(self, branch: str, login: str | None) -> bool:
        import fnmatch

        return fnmatch.fnmatchcase(branch, self.pattern) and (login or "").lower() not in self.bypass


@dataclass
class _Repo:
    owner: str
    name: str
    id: int
    git: GitRepo
    default_branch: str
    private: bool
    fork_of: str | None
    description: str | None
    created_at: str
    labels: dict[str, _Label] = field(default_factory=dict)
    permissions: dict[str, str] = field(default_factory=dict)
    protections: list[_Protection] = field(default_factory=list)
    issues: dict[int, _Issue] = field(default_factory=dict)
    check_runs: dict[int, _CheckRun] = field(default_factory=dict)
    pages: dict[str, str] | None = None  # the GitHub Pages site: build_type, branch (None: not enabled)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass
class _App:
    id: int
    slug: str
    name: str
    owner: str
    public_key: str | None
    permissions: dict[str, str]
    events: list[str]
    token_ttl: float
    created_at: str


@dataclass
class _Installation:
    id: int
    app_id: int
    account: str
    repositories: list[str] | None
    permissions: dict[str, str]
    created_at: str


@dataclass
class _Token:
    token: str
    login: str
    kind: Literal["user", "installation"]
    installation_id: int | None
    expires_at: float | None
    permissions: dict[str, str] | None = None  # None: an installation's, or a user's role
    app_id: int | None = None  # the App a non-installation token acts for (GITHUB_TOKEN: github-actions)


@dataclass
class _Principal:
    kind: Literal["user", "installation", "app"]
    login: str | None
    key: str
    installation_id: int | None = None
    app_id: int | None = None
    permissions: dict[str, str] | None = None


@dataclass
class _Ctx:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    json: JSON
    args: tuple[str, ...]
    principal: _Principal

    def q(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def body(self) -> dict[str, Any]:
        if self.json is None:
            return {}
        if not isinstance(self.json, dict):
            raise ApiError(400, "Problems parsing JSON")
        return self.json


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern[str]
    handler: Callable[[_Ctx], Response]
    auth: Literal["token", "jwt", "any"]


# ----------------------------------------------------------------------------- server


class FakeGitHub(TeamsMixin, HookDeliveries, RepoSettingsMixin):
    """A fake GitHub REST server backed by local git repositories.

    Use as a context manager or call ``start()`` / ``stop()``. ``url`` is the
    ``base_url`` to give PyGithub. The token ``token`` (default ``"t"``) is
    accepted and authenticates as ``login`` (default ``open-commons[bot]``,
    type ``user_type``, default ``"Bot"``). More tokens: ``add_token``; an App
    and its installations: ``add_app`` / ``add_installation``.
    """

    def __init__(
        self,
        *,
        token: str = "t",
        login: str = "open-commons[bot]",
        user_type: str = "Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        html_base: str = "https://github.com",
        check_contract: bool = True,
    ) -> None:
        self._lock = threading.RLock()
        self._host = host
        self._port = port
        self.html_base = html_base.rstrip("/")
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._ids = itertools.count(1001)
        self._users: dict[str, _User] = {}
        self._repos: dict[str, _Repo] = {}
        self._apps: dict[int, _App] = {}
        self._installations: dict[int, _Installation] = {}
        self._tokens: dict[str, _Token] = {}
        self._comments: dict[int, tuple[_Repo, _Issue, _Comment]] = {}
        self._faults: list[Fault] = []
        self._requests: list[RecordedRequest] = []
        self._rate: dict[str, tuple[float, int]] = {}
        self._suites: dict[tuple[str, str, int | None], int] = {}
        self.rate_limit = 5000
        self.faults_served = 0
        self.server_errors: list[str] = []
        self.check_contract = check_contract
        self._current_principal: _Principal | None = None  # the one being served (under the lock)
        self.divergences: list[str] = []
        self._init_teams()  # organisations and teams: tests/github_fake/teams.py
        self.add_user(login, type=user_type)
        self.add_token(token, login, permissions=_DEFAULT_TOKEN_PERMISSIONS)
        self._routes = self._build_routes()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeGitHub:
        """Bind a free port on ``host`` and serve in a background daemon thread."""
        if self._httpd is not None:
            return self
        handler = _make_handler(self)
        httpd = _Server((self._host, self._port), handler)
        self._httpd = httpd
        self._stopping.clear()
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close open connections (delayed answers are cut short)."""
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.stop()
        if exc_type is None:
            self.assert_contract()

    def assert_contract(self) -> None:
        """Fail (AssertionError) if a request or an answer diverged from GitHub's description."""
        with self._lock:
            found = list(self.divergences)
        assert not found, "the exchange diverged from GitHub's OpenAPI description:\n" + "\n".join(found)

    def take_divergences(self) -> list[str]:
        """The divergences recorded so far, forgotten (for tests that diverge on purpose)."""
        with self._lock:
            found, self.divergences = self.divergences, []
        return found

    def client(self, token: str = "t", **kwargs: Any) -> Github:
        """A ``github.Github`` pointed at this fake: no retries, no throttling, 10 s timeout.

        ``kwargs`` override the defaults (e.g. ``retry=GithubRetry()``, ``per_page=100``).
        """
        from github import Auth, Github  # imported here: the fake itself needs only the stdlib

        options: dict[str, Any] = {
            "base_url": self.url,
            "auth": Auth.Token(token),
            "retry": None,
            "timeout": 10,
            "seconds_between_requests": 0,
            "seconds_between_writes": 0,
        }
        options.update(kwargs)
        return Github(**options)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (the API root; give it as PyGithub's ``base_url``)."""
        if self._httpd is None:
            return f"http://{self._host}:{self._port}"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # ------------------------------------------------------------------ requests & faults
    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request received so far, in order."""
        with self._lock:
            return list(self._requests)

    def reset_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def find_requests(self, method: str | None = None, path_regex: str | None = None) -> list[RecordedRequest]:
        """Recorded requests with that method and whose path matches ``path_regex`` (re.search)."""
        rx = re.compile(path_regex) if path_regex else None
        return [
            r
            for r in self.requests
            if (method is None or r.method == method.upper()) and (rx is None or rx.search(r.path))
        ]

    def inject(
        self,
        method: str | None = None,
        path_regex: str = r".*",
        status: int | None = 502,
        times: int | None = 1,
        headers: Mapping[str, str] | None = None,
        body: JSON = None,
        delay: float = 0.0,
        rate_limit: Literal["primary", "secondary"] | None = None,
        delay_after: float = 0.0,
    ) -> Fault:
        """Answer the next ``times`` matching requests (None: all) with ``status``.

        ``method`` None matches every method; ``path_regex`` is searched in the
        path (no query string). The request is not processed, so state does not
        change. ``body`` defaults to GitHub's ``{"message", "documentation_url"}``;
        ``headers`` are added (rate-limit headers are there anyway). ``delay``
        seconds are waited first; with ``status=None`` the request is then
        processed normally (a slow answer). ``rate_limit="primary"`` makes a
        403/429 primary rate-limit answer (``x-ratelimit-remaining: 0``,
        ``x-ratelimit-reset``, ``Retry-After``) and ``"secondary"`` a secondary
        one (its message and ``Retry-After``); PyGithub raises
        ``RateLimitExceededException`` for both. Faults are tried in order.
        """
        hdrs = {k: str(v) for k, v in (headers or {}).items()}
        if rate_limit is not None:
            status = status if status in (403, 429) else 403
            retry_after = next((v for k, v in hdrs.items() if k.lower() == "retry-after"), None)
            if retry_after is None:
                retry_after = "1"
                hdrs["Retry-After"] = retry_after
            if rate_limit == "primary":
                hdrs.setdefault("X-RateLimit-Remaining", "0")
                hdrs.setdefault("X-RateLimit-Reset", str(int(time.time() + float(retry_after))))
                if body is None:
                    body = {
                        "message": "API rate limit exceeded for installation. If you reach out to GitHub Support "
                        "for help, please include the request ID FAKE.",
                        "documentation_url": f"{DOCS}/overview/rate-limits-for-the-rest-api",
                    }
            elif body is None:
                body = {
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                    "try again. If you reach out to GitHub Support for help, please include the request ID FAKE.",
                    "documentation_url": f"{DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                }
        elif status is not None and body is None:
            message = "Resource not accessible by integration" if status == 403 else HTTPStatus(status).phrase
            body = {"message": message, "documentation_url": DOCS}
        fault = Fault(
            method=method.upper() if method else None,
            path_regex=re.compile(path_regex),
            status=status,
            times=times,
            headers=hdrs,
            body=body,
            delay=delay,
            delay_after=delay_after,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    # ------------------------------------------------------------------ users, tokens, apps
    def add_user(
        self,
        login: str,
        *,
        type: str = "User",
        name: str | None = None,
        email: str | None = None,
        site_admin: bool = False,
    ) -> dict[str, Any]:
        """Create or update a user (``type``: User, Bot or Organization); returns its JSON."""
        with self._lock:
            user = self._users.get(login.lower())
            if user is None:
                user = _User(login, next(self._ids), type, name, email, site_admin, _now())
                self._users[login.lower()] = user
            else:
                user.type, user.site_admin = type, site_admin
                user.name = name if name is not None else user.name
                user.email = email if email is not None else user.email
            return self._user_json(user.login, full=True)

    def add_token(
        self,
        token: str,
        login: str,
        *,
        kind: Literal["user", "installation"] = "user",
        installation_id: int | None = None,
        expires_in: float | None = None,
        permissions: Mapping[str, str] | None = None,
        app_id: int | None = None,
    ) -> str:
        """Accept ``token`` as authenticating ``login`` (created if unknown).

        ``permissions`` scopes the token like an App's (``{"checks": "write", "metadata": "read"}``):
        an endpoint needing another answers 403 "Resource not accessible by integration". Without
        them a user token has its role's rights on each repository, an installation token its
        installation's. ``app_id``: the App the token acts for (a workflow's ``GITHUB_TOKEN`` acts
        for github-actions): it owns the check runs the token creates.
        """
        with self._lock:
            self._ensure_user(login)
            expires = time.time() + expires_in if expires_in is not None else None
            self._tokens[token] = _Token(token, login, kind, installation_id, expires,
                                         dict(permissions) if permissions is not None else None, app_id)
        return token

    def revoke_token(self, token: str) -> None:
        """Forget a token: it gets 401 from now on."""
        with self._lock:
            self._tokens.pop(token, None)

    def expire_token(self, token: str) -> None:
        """Make a token expired (401 "Bad credentials") without forgetting it."""
        with self._lock:
            if token in self._tokens:
                self._tokens[token].expires_at = time.time() - 1

    def installation_tokens(self, installation_id: int | None = None) -> list[str]:
        """Tokens issued through ``POST /app/installations/{id}/access_tokens``."""
        with self._lock:
            return [
                t.token
                for t in self._tokens.values()
                if t.kind == "installation" and (installation_id is None or t.installation_id == installation_id)
            ]

    def add_app(
        self,
        app_id: int = 1,
        *,
        slug: str = "open-commons",
        name: str | None = None,
        owner: str = "open-commons",
        public_key: str | None = None,
        permissions: Mapping[str, str] | None = None,
        events: Iterable[str] = ("pull_request", "issue_comment", "check_run", "push"),
        token_ttl: float = 3600.0,
    ) -> None:
        """Register a GitHub App. Its bot user is ``{slug}[bot]`` (type Bot).

        JWTs (``Authorization: Bearer``) must have ``iss`` == app id, a future
        ``exp`` at most 10 minutes after ``iat``. If ``public_key`` (PEM) is given,
        the RS256 signature is verified too (with PyJWT). Installation tokens
        live ``token_ttl`` seconds.
        """
        with self._lock:
            self._ensure_user(owner, type="Organization")
            self.add_user(f"{slug}[bot]", type="Bot")
            self._apps[app_id] = _App(
                app_id,
                slug,
                name or slug.replace("-", " ").title(),
                owner,
                public_key,
                dict(
                    permissions
                    or {
                        "checks": "write",
                        "contents": "write",
                        "issues": "write",
                        "pull_requests": "write",
                        "metadata": "read",
                    }
                ),
                list(events),
                token_ttl,
                _now(),
            )

    def add_installation(
        self,
        installation_id: int,
        *,
        account: str,
        app_id: int | None = None,
        repositories: Iterable[str] | None = None,
        permissions: Mapping[str, str] | None = None,
    ) -> None:
        """Install an App (the only one if ``app_id`` is None) on ``account``.

        ``repositories`` None means all the account's repositories.
        """
        with self._lock:
            if app_id is None:
                if len(self._apps) != 1:
                    raise ValueError("give app_id: there is not exactly one app")
                app_id = next(iter(self._apps))
            app = self._apps[app_id]
            self._ensure_user(account, type="Organization")
            self._installations[installation_id] = _Installation(
                installation_id,
                app_id,
                account,
                None if repositories is None else [r.lower() for r in repositories],
                dict(permissions or app.permissions),
                _now(),
            )

    # ------------------------------------------------------------------ repositories
    def add_repo(
        self,
        full_name: str,
        git_dir: Path | str,
        *,
        default_branch: str = "main",
        private: bool = False,
        fork_of: str | None = None,
        description: str | None = None,
    ) -> GitRepo:
        """Serve ``owner/name`` from the git repository at ``git_dir`` (bare or not).

        ``fork_of`` names a registered repository it is a fork of. All registered
        repositories see each other's objects (git alternates, via environment
        only), so PRs from forks diff in the base repository.
        """
        owner, _, name = full_name.partition("/")
        if not owner or not name or "/" in name:
            raise ValueError(f"not owner/name: {full_name!r}")
        git = GitRepo(Path(git_dir))
        with self._lock:
            if fork_of is not None and fork_of.lower() not in self._repos:
                raise ValueError(f"unknown repository {fork_of!r}")
            self._ensure_user(owner)
            self._repos[full_name.lower()] = _Repo(
                owner, name, next(self._ids), git, default_branch, private, fork_of, description, _now()
            )
            self._refresh_alternates()
        return git

    def git(self, full_name: str) -> GitRepo:
        """The ``GitRepo`` backing a repository (to commit, read files, resolve refs)."""
        with self._lock:
            return self._repo(full_name).git

    def set_permission(self, repo: str, login: str, permission: Permission) -> None:
        """Set ``login``'s role on ``repo``: admin, maintain, write, triage, read or none."""
        if permission not in _ROLE_LEVEL:
            raise ValueError(permission)
        with self._lock:
            self._ensure_user(login)
            self._repo(repo).permissions[login.lower()] = permission

    def protect(
        self,
        repo: str,
        pattern: str,
        *,
        kind: Literal["ruleset", "branch_protection"] = "ruleset",
        rules: Iterable[str] = ("pull_request",),
        bypass: Iterable[str] = (),
        checks: Iterable[str] | None = None,
        integration_id: int | None = None,
        name: str | None = None,
    ) -> int:
        """Protect the branches matching ``pattern`` like a ruleset (or a classic protection rule); returns
        the ruleset's id.

        ``rules`` of a ruleset (GitHub's rule types): ``pull_request``, ``required_status_checks`` and
        ``update`` refuse writes to the branch (contents API: 409; git refs API: 422), ``creation``
        refuses creating it, ``deletion`` deleting it, ``non_fast_forward`` force-pushing it. A classic
        rule refuses deletions and force pushes unless ``allow_deletions`` / ``allow_force_pushes``,
        and writes with ``pull_request``, ``required_status_checks``, ``lock_branch``, or ``restrictions``
        (only ``bypass`` may push), with GitHub's messages ("Repository rule violations found", or
        "Protected branch update failed"). ``bypass``: logins let through (an App: ``slug[bot]``).
        ``checks``: the required status checks (default "Open Commons" with ``required_status_checks``),
        from the App ``integration_id`` (None: any source). ``name``: the ruleset's.
        """
        rules = tuple(rules)
        if checks is None:
            checks = ("Open Commons",) if "required_status_checks" in rules else ()
        with self._lock:
            ident = next(self._ids)
            self._repo(repo).protections.append(
                _Protection(pattern, kind, rules, tuple(b.lower() for b in bypass), ident,
                            name or f"Protect {pattern}", tuple(checks), integration_id))
            return ident

    def add_label(self, repo: str, name: str, *, color: str = "ededed", description: str | None = None) -> None:
        with self._lock:
            r = self._repo(repo)
            r.labels[name.lower()] = _Label(next(self._ids), name, color, description)

    def add_issue(
        self,
        repo: str,
        number: int,
        *,
        title: str = "An issue",
        body: str | None = "",
        user: str = "contributor",
        state: str = "open",
        labels: Iterable[str] = (),
    ) -> None:
        """Create a plain issue (pull requests are created by ``add_pull``)."""
        with self._lock:
            r = self._repo(repo)
            if number in r.issues:
                raise ValueError(f"#{number} exists in {repo}")
            self._ensure_user(user)
            now = _now()
            r.issues[number] = _Issue(
                next(self._ids), number, title, body, user, state, [], now, now, now if state == "closed" else None
            )
            self._set_issue_labels(r, r.issues[number], labels)

    def add_pull(
        self,
        repo: str,
        number: int,
        *,
        head_ref: str,
        base: str = "main",
        head_sha: str | None = None,
        head_repo: str | None = None,
        user: str = "contributor",
        title: str = "A pull request",
        body: str | None = "",
        state: str = "open",
        merged: bool = False,
        merge_commit_sha: str | None = None,
        base_sha: str | None = None,
        draft: bool = False,
        labels: Iterable[str] = (),
        mergeable: bool | None = True,
        mergeable_state: str = "clean",
        maintainer_can_modify: bool = False,
        merged_by: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Open (or record) pull request ``number`` from ``head_repo:head_ref`` into ``base``.

        ``head_repo`` defaults to ``repo`` (a same-repository PR); for a fork
        register it first with ``add_repo(..., fork_of=repo)``. With ``head_sha``
        None the head follows the tip of ``head_ref`` (like a push updating the
        PR); a given ``head_sha`` pins it. ``base_sha`` pins the base likewise
        (else the tip of ``base``). When the PR is merged/closed both get frozen:
        the base at ``base_sha``, else the first parent of ``merge_commit_sha``,
        else the current tip. ``extra`` is merged into the PR JSON.
        """
        with self._lock:
            r = self._repo(repo)
            if number in r.issues:
                raise ValueError(f"#{number} exists in {repo}")
            head_full = self._repo(head_repo or repo).full_name
            self._ensure_user(user)
            pull = _Pull(
                id=next(self._ids),
                base_ref=base,
                head_ref=head_ref,
                head_repo=head_full,
                pinned_head_sha=head_sha,
                last_head_sha=None,
                pinned_base_sha=base_sha,
                merged=False,
                merge_commit_sha=None,
                merged_at=None,
                merged_by=None,
                draft=draft,
                mergeable=mergeable,
                mergeable_state=mergeable_state,
                maintainer_can_modify=maintainer_can_modify,
                extra=dict(extra or {}),
            )
            now = _now()
            issue = _Issue(next(self._ids), number, title, body, user, "open", [], now, now, None, pull=pull)
            r.issues[number] = issue
            head = self._head_sha(r, pull)
            if head is None or r.git.resolve(head) is None:
                del r.issues[number]
                raise ValueError(f"head {head_full}:{head_ref} ({head_sha}) does not resolve")
            if r.git.branch_sha(base) is None and base_sha is None:
                del r.issues[number]
                raise ValueError(f"base branch {base!r} does not exist in {repo}")
            self._set_issue_labels(r, issue, labels)
            self._update_pull(
                r, issue, state=state, merged=merged, merge_commit_sha=merge_commit_sha, merged_by=merged_by
            )

    def set_pull(
        self,
        repo: str,
        number: int,
        *,
        title: str = UNSET,
        body: str | None = UNSET,
        state: str = UNSET,
        merged: bool = UNSET,
        merge_commit_sha: str | None = UNSET,
        merged_by: str | None = UNSET,
        head_sha: str | None = UNSET,
        base_sha: str | None = UNSET,
        base: str = UNSET,
        draft: bool = UNSET,
        mergeable: bool | None = UNSET,
        mergeable_state: str = UNSET,
        maintainer_can_modify: bool = UNSET,
        labels: Iterable[str] = UNSET,
        extra: Mapping[str, Any] = UNSET,
    ) -> None:
        """Change a pull request; keywords left out stay as they are.

        ``head_sha=None`` / ``base_sha=None`` go back to following the branches.
        ``merged=True`` closes the PR (``merged_at`` now) and freezes its shas.
        """
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            pull = issue.pull
            if pull is None:
                raise ValueError(f"#{number} is not a pull request")
            if title is not UNSET:
                issue.title = title
            if body is not UNSET:
                issue.body = body
            if head_sha is not UNSET:
                pull.pinned_head_sha = head_sha
            if base_sha is not UNSET:
                pull.pinned_base_sha = base_sha
            if base is not UNSET:
                pull.base_ref = base
            if draft is not UNSET:
                pull.draft = draft
            if mergeable is not UNSET:
                pull.mergeable = mergeable
            if mergeable_state is not UNSET:
                pull.mergeable_state = mergeable_state
            if maintainer_can_modify is not UNSET:
                pull.maintainer_can_modify = maintainer_can_modify
            if labels is not UNSET:
                issue.labels = []
                self._set_issue_labels(r, issue, labels)
            if extra is not UNSET:
                pull.extra = dict(extra)
            self._update_pull(
                r,
                issue,
                state=issue.state if state is UNSET else state,
                merged=pull.merged if merged is UNSET else merged,
                merge_commit_sha=pull.merge_commit_sha if merge_commit_sha is UNSET else merge_commit_sha,
                merged_by=pull.merged_by if merged_by is UNSET else merged_by,
            )
            issue.updated_at = _now()

    def add_comment(self, repo: str, number: int, body: str, *, user: str = "contributor") -> int:
        """Add an issue/PR comment written by ``user``; returns its id."""
        with self._lock:
            r = self._repo(repo)
            self._ensure_user(user)
            return self._new_comment(r, self._issue(r, number), body, user, None).id

    def add_review(
        self,
        repo: str,
        number: int,
        *,
        user: str = "reviewer",
        state: str = "APPROVED",
        body: str = "",
        commit_id: str | None = None,
    ) -> int:
        """Add a review (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING); returns its id.

        ``commit_id`` defaults to the PR's current head.
        """
        if state not in _REVIEW_STATES:
            raise ValueError(state)
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            if issue.pull is None:
                raise ValueError(f"#{number} is not a pull request")
            self._ensure_user(user)
            sha = commit_id or self._head_sha(r, issue.pull) or ""
            review = _Review(next(self._ids), user, body, state, sha, None if state == "PENDING" else _now())
            issue.pull.reviews.append(review)
            return review.id

    # ------------------------------------------------------------------ inspection
    def comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        """The comments of an issue/PR, as the API returns them."""
        with self._lock:
            r = self._repo(repo)
            return [self._comment_json(r, self._issue(r, number), c) for c in self._issue(r, number).comments]

    def issue_labels(self, repo: str, number: int) -> list[str]:
        with self._lock:
            return list(self._issue(self._repo(repo), number).labels)

    def labels(self, repo: str) -> list[str]:
        """The names of the repository's labels."""
        with self._lock:
            return [lab.name for lab in self._repo(repo).labels.values()]

    def check_runs(self, repo: str, *, head_sha: str | None = None, name: str | None = None) -> list[dict[str, Any]]:
        """Check runs of a repository (oldest first), as the API returns them."""
        with self._lock:
            r = self._repo(repo)
            return [
                self._check_run_json(r, run)
                for run in r.check_runs.values()
                if (head_sha is None or run.head_sha == head_sha) and (name is None or run.name == name)
            ]

    def annotations(self, repo: str, check_run_id: int) -> list[dict[str, Any]]:
        with self._lock:
            r = self._repo(repo)
            run = r.check_runs[check_run_id]
            return [self._annotation_json(r, run, a) for a in run.annotations]

    def reviews(self, repo: str, number: int) -> list[dict[str, Any]]:
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            return [self._review_json(r, issue, rv) for rv in (issue.pull.reviews if issue.pull else [])]

    def pull_review_comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        """The review comments of a PR (``GET /repos/{o}/{r}/pulls/{n}/comments``)."""
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            return [self._review_comment_json(r, issue, c) for c in (issue.pull.review_comments if issue.pull else [])]

    def pull(self, repo: str, number: int) -> dict[str, Any]:
        """The pull request JSON as ``GET /repos/{o}/{r}/pulls/{n}`` returns it."""
        with self._lock:
            r = self._repo(repo)
            return self._pull_json(r, self._issue(r, number))

    # ================================================================== internals: state helpers
    def _ensure_user(self, login: str, *, type: str = "User") -> _User:
        user = self._users.get(login.lower())
        if user is None:
            m = re.fullmatch(r".+\[bot\]", login)
            user = _User(login, next(self._ids), "Bot" if m else type, None, None, False, _now())
            self._users[login.lower()] = user
        return user

    def _repo(self, full_name: str) -> _Repo:
        r = self._repos.get(full_name.lower())
        if r is None:
            raise KeyError(f"unknown repository {full_name!r}")
        return r

    def _issue(self, r: _Repo, number: int) -> _Issue:
        issue = r.issues.get(number)
        if issue is None:
            raise KeyError(f"no issue or pull request #{number} in {r.full_name}")
        return issue

    def _refresh_alternates(self) -> None:
        dirs = {str(r.git.objects_dir) for r in self._repos.values()}
        for r in self._repos.values():
            r.git.alternates = tuple(sorted(d for d in dirs if d != str(r.git.objects_dir)))

    def _set_issue_labels(self, r: _Repo, issue: _Issue, names: Iterable[str]) -> None:
        for name in names:
            label = r.labels.get(name.lower())
            if label is None:
                label = _Label(next(self._ids), name, "ededed", None)
                r.labels[name.lower()] = label
            if label.name.lower() not in (n.lower() for n in issue.labels):
                issue.labels.append(label.name)

    def _head_sha(self, r: _Repo, pull: _Pull) -> str | None:
        """The PR head: the pinned sha, else the tip of the head branch (else the last one seen)."""
        if pull.pinned_head_sha is not None:
            return r.git.resolve(pull.pinned_head_sha) or pull.pinned_head_sha
        if pull.frozen_head_sha is not None:
            return pull.frozen_head_sha
        head_repo = self._repos.get(pull.head_repo.lower())
        sha = head_repo.git.branch_sha(pull.head_ref) if head_repo else None
        if sha is not None:
            pull.last_head_sha = sha
        return sha or pull.last_head_sha

    def _base_sha(self, r: _Repo, pull: _Pull) -> str:
        if pull.pinned_base_sha is not None:
            return r.git.resolve(pull.pinned_base_sha) or pull.pinned_base_sha
        if pull.frozen_base_sha is not None:
            return pull.frozen_base_sha
        sha = r.git.branch_sha(pull.base_ref)
        if sha is None:
            raise ApiError(500, f"base branch {pull.base_ref} vanished")
        return sha

    def _update_pull(
        self, r: _Repo, issue: _Issue, *, state: str, merged: bool, merge_commit_sha: str | None, merged_by: str | None
    ) -> None:
        pull = issue.pull
        assert pull is not None
        if state not in ("open", "closed"):
            raise ValueError(state)
        if merged:
            state = "closed"
        was_open = issue.state == "open"
        if state == "closed" and was_open:
            # freeze head and base at the time of closing (a reopening thaws them)
            pull.frozen_head_sha = self._head_sha(r, pull)
            parents: tuple[str, ...] = ()
            merge_sha = r.git.resolve(merge_commit_sha) if merged and merge_commit_sha else None
            if merge_sha is not None:
                parents = r.git.commit(merge_sha).parents
            pull.frozen_base_sha = parents[0] if parents else self._base_sha(r, pull)
            issue.closed_at = _now()
        elif state == "open":
            pull.frozen_head_sha = pull.frozen_base_sha = None
            issue.closed_at = None
        issue.state = state
        if merged and not pull.merged:
            pull.merged_at = _now()
        if not merged:
            pull.merged_at = None
        pull.merged = merged
        pull.merge_commit_sha = merge_commit_sha
        pull.merged_by = merged_by if merged else None
        if merged_by:
            self._ensure_user(merged_by)

    def _new_comment(self, r: _Repo, issue: _Issue, body: str, user: str, app_id: int | None) -> _Comment:
        now = _now()
        comment = _Comment(next(self._ids), issue.number, body, user, now, now, app_id)
        issue.comments.append(comment)
        self._comments[comment.id] = (r, issue, comment)
        issue.updated_at = now
        return comment

    def _role(self, r: _Repo, login: str) -> str:
        explicit = r.permissions.get(login.lower())
        if explicit is not None:
            return explicit
        if login.lower() == r.owner.lower():
            return "admin"
        return "none" if r.private else "read"

    def _user_for_email(self, email: str) -> str | None:
        for u in self._users.values():
            if u.email and u.email.lower() == email.lower():
                return u.login
        m = _NOREPLY.match(email)
        if m and m.group("login").lower() in self._users:
            return self._users[m.group("login").lower()].login
        return None

    # ================================================================== internals: JSON shapes
    def _api_repo(self, r: _Repo) -> str:
        return f"{self.url}/repos/{r.full_name}"

    def _html_repo(self, r: _Repo) -> str:
        return f"{self.html_base}/{r.full_name}"

    def _user_json(self, login: str, *, full: bool = False) -> dict[str, Any]:
        u = self._ensure_user(login)
        api = f"{self.url}/users/{urllib.parse.quote(u.login)}"
        out: dict[str, Any] = {
            "login": u.login,
            "id": u.id,
            "node_id": _node_id("U", u.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{u.id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.html_base}/{u.login}"
            if u.type != "Bot"
            else f"{self.html_base}/apps/{u.login.removesuffix('[bot]')}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": u.type,
            "user_view_type": "public",
            "site_admin": u.site_admin,
        }
        if full:
            out.update(
                {
                    "name": u.name,
                    "company": None,
                    "blog": "",
                    "location": None,
                    "email": u.email,
                    "hireable": None,
                    "bio": None,
                    "twitter_username": None,
                    "public_repos": sum(1 for r in self._repos.values() if r.owner.lower() == u.login.lower()),
                    "public_gists": 0,
                    "followers": 0,
                    "following": 0,
                    "created_at": u.created_at,
                    "updated_at": u.created_at,
                }
            )
        return out

    def _perm_flags(self, role: str) -> dict[str, bool]:
        level = _ROLE_LEVEL[role]
        return {
            "admin": level >= 5,
            "maintain": level >= 4,
            "push": level >= 3,
            "triage": level >= 2,
            "pull": level >= 1,
        }

    def _repo_json(self, r: _Repo, principal: _Principal | None = None, *, full: bool = True) -> dict[str, Any]:
        api = self._api_repo(r)
        html = self._html_repo(r)
        branch = r.git.branch_sha(r.default_branch)
        out: dict[str, Any] = {
            "id": r.id,
            "node_id": _node_id("R", r.id),
            "name": r.name,
            "full_name": r.full_name,
            "private": r.private,
            "owner": self._user_json(r.owner),
            "html_url": html,
            "description": r.description,
            "fork": r.fork_of is not None,
            "url": api,
            "archive_url": f"{api}/{{archive_format}}{{/ref}}",
            "assignees_url": f"{api}/assignees{{/user}}",
            "blobs_url": f"{api}/git/blobs{{/sha}}",
            "branches_url": f"{api}/branches{{/branch}}",
            "collaborators_url": f"{api}/collaborators{{/collaborator}}",
            "comments_url": f"{api}/comments{{/number}}",
            "commits_url": f"{api}/commits{{/sha}}",
            "compare_url": f"{api}/compare/{{base}}...{{head}}",
            "contents_url": f"{api}/contents/{{+path}}",
            "contributors_url": f"{api}/contributors",
            "deployments_url": f"{api}/deployments",
            "downloads_url": f"{api}/downloads",
            "events_url": f"{api}/events",
            "forks_url": f"{api}/forks",
            "git_commits_url": f"{api}/git/commits{{/sha}}",
            "git_refs_url": f"{api}/git/refs{{/sha}}",
            "git_tags_url": f"{api}/git/tags{{/sha}}",
            "issue_comment_url": f"{api}/issues/comments{{/number}}",
            "issue_events_url": f"{api}/issues/events{{/number}}",
            "issues_url": f"{api}/issues{{/number}}",
            "keys_url": f"{api}/keys{{/key_id}}",
            "labels_url": f"{api}/labels{{/name}}",
            "languages_url": f"{api}/languages",
            "merges_url": f"{api}/merges",
            "milestones_url": f"{api}/milestones{{/number}}",
            "notifications_url": f"{api}/notifications{{?since,all,participating}}",
            "pulls_url": f"{api}/pulls{{/number}}",
            "releases_url": f"{api}/releases{{/id}}",
            "statuses_url": f"{api}/statuses/{{sha}}",
            "tags_url": f"{api}/tags",
            "trees_url": f"{api}/git/trees{{/sha}}",
            "hooks_url": f"{api}/hooks",
            "stargazers_url": f"{api}/stargazers",
            "subscribers_url": f"{api}/subscribers",
            "subscription_url": f"{api}/subscription",
            "teams_url": f"{api}/teams",
            "svn_url": html,
            "mirror_url": None,
            "git_url": f"git://github.com/{r.full_name}.git",
            "ssh_url": f"git@github.com:{r.full_name}.git",
            "clone_url": f"{html}.git",
            "homepage": None,
            "size": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "language": None,
            "has_issues": True,
            "has_projects": False,
            "has_downloads": True,
            "has_wiki": False,
            "has_pages": r.pages is not None,
            "has_discussions": False,
            "forks_count": sum(1 for o in self._repos.values() if (o.fork_of or "").lower() == r.full_name.lower()),
            "archived": False,
            "disabled": False,
            "open_issues_count": sum(1 for i in r.issues.values() if i.state == "open"),
            "license": None,
            "allow_forking": True,
            "is_template": False,
            "topics": [],
            "visibility": "private" if r.private else "public",
            "forks": 0,
            "open_issues": sum(1 for i in r.issues.values() if i.state == "open"),
            "watchers": 0,
            "default_branch": r.default_branch,
            "created_at": r.created_at,
            "updated_at": r.created_at,
            "pushed_at": r.git.commit(branch).committer_date if branch else r.created_at,
        }
        principal = principal or self._current_principal
        if principal is not None and principal.login:
            out["permissions"] = self._perm_flags(self._role(r, principal.login))
        out.update({"allow_merge_commit": True, "allow_squash_merge": True, "allow_rebase_merge": True,
                    "temp_clone_token": ""})
        if full:
            out.update(
                {
                    "allow_auto_merge": False,
                    "delete_branch_on_merge": False,
                    "network_count": 0,
                    "subscribers_count": 0,
                }
            )
            if r.fork_of:
                parent = self._repo(r.fork_of)
                source = parent
                while source.fork_of:
                    source = self._repo(source.fork_of)
                out["parent"] = self._repo_json(parent, principal, full=False)
                out["source"] = self._repo_json(source, principal, full=False)
        return out

    def _git_commit_json(self, r: _Repo, info: CommitInfo) -> dict[str, Any]:
        api = self._api_repo(r)
        return {
            "sha": info.sha,
            "node_id": _node_id("C", info.sha[:12]),
            "url": f"{api}/git/commits/{info.sha}",
            "html_url": f"{self._html_repo(r)}/commit/{info.sha}",
            "author": {"name": info.author_name, "email": info.author_email, "date": info.author_date},
            "committer": {"name": info.committer_name, "email": info.committer_email, "date": info.committer_date},
            "message": info.message,
            "tree": {"sha": info.tree, "url": f"{api}/git/trees/{info.tree}"},
            "parents": [
                {"sha": p, "url": f"{api}/git/commits/{p}", "html_url": f"{self._html_repo(r)}/commit/{p}"}
                for p in info.parents
            ],
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        }

    def _commit_json(self, r: _Repo, info: CommitInfo) -> dict[str, Any]:
        api = self._api_repo(r)
        html = self._html_repo(r)
        author = self._user_for_email(info.author_email)
        committer = self._user_for_email(info.committer_email)
        git_commit = self._git_commit_json(r, info)
        return {
            "sha": info.sha,
            "node_id": _node_id("C", info.sha[:12]),
            "commit": {
                "author": git_commit["author"],
                "committer": git_commit["committer"],
                "message": info.message,
                "tree": git_commit["tree"],
                "url": git_commit["url"],
                "comment_count": 0,
                "verification": git_commit["verification"],
            },
            "url": f"{api}/commits/{info.sha}",
            "html_url": f"{html}/commit/{info.sha}",
            "comments_url": f"{api}/commits/{info.sha}/comments",
            "author": self._user_json(author) if author else None,
            "committer": self._user_json(committer) if committer else None,
            "parents": [
                {"sha": p, "url": f"{api}/commits/{p}", "html_url": f"{html}/commit/{p}"} for p in info.parents
            ],
        }

    def _file_json(self, r: _Repo, change: FileChange, commit: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sha": change.sha,
            "filename": change.filename,
            "status": change.status,
            "additions": change.additions,
            "deletions": change.deletions,
            "changes": change.changes,
            "blob_url": f"{self._html_repo(r)}/blob/{commit}/{_q(change.filename)}",
            "raw_url": f"{self._html_repo(r)}/raw/{commit}/{_q(change.filename)}",
            "contents_url": f"{self._api_repo(r)}/contents/{_q(change.filename)}?ref={commit}",
        }
        if change.patch is not None:
            out["patch"] = change.patch
        if change.previous_filename is not None:
            out["previous_filename"] = change.previous_filename
        return out

    def _label_json(self, r: _Repo, name: str) -> dict[str, Any]:
        label = r.labels[name.lower()]
        return {
            "id": label.id,
            "node_id": _node_id("L", label.id),
            "url": f"{self._api_repo(r)}/labels/{urllib.parse.quote(label.name, safe='')}",
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def _association(self, r: _Repo, login: str) -> str:
        if login.lower() == r.owner.lower():
            return "OWNER"
        role = r.permissions.get(login.lower())
        if role and _ROLE_LEVEL[role] >= 3:
            return "MEMBER" if self._users[r.owner.lower()].type == "Organization" else "COLLABORATOR"
        if role and _ROLE_LEVEL[role] >= 1:
            return "COLLABORATOR"
        return "NONE"

    def _issue_json(self, r: _Repo, issue: _Issue) -> dict[str, Any]:
        api = self._api_repo(r)
        url = f"{api}/issues/{issue.number}"
        kind = "pull" if issue.pull else "issues"
        out: dict[str, Any] = {
            "url": url,
            "repository_url": api,
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{self._html_repo(r)}/{kind}/{issue.number}",
            "id": issue.id,
            "node_id": _node_id("I", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self._user_json(issue.user),
            "labels": [self._label_json(r, n) for n in issue.labels],
            "state": issue.state,
            "locked": False,
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "comments": len(issue.comments),
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
            "author_association": self._association(r, issue.user),
            "active_lock_reason": None,
            "body": issue.body,
            "closed_by": None,
            "state_reason": ("completed" if issue.state == "closed" else None),
            "timeline_url": f"{url}/timeline",
            "performed_via_github_app": None,
            "reactions": self._reactions(f"{url}/reactions"),
        }
        if issue.pull:
            p = f"{api}/pulls/{issue.number}"
            html = f"{self._html_repo(r)}/pull/{issue.number}"
            out["draft"] = issue.pull.draft
            out["pull_request"] = {
                "url": p,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": issue.pull.merged_at,
            }
        return out

    @staticmethod
    def _reactions(url: str) -> dict[str, Any]:
        return {
            "url": url,
            "total_count": 0,
            "+1": 0,
            "-1": 0,
            "laugh": 0,
            "hooray": 0,
            "confused": 0,
            "heart": 0,
            "rocket": 0,
            "eyes": 0,
        }

    def _pull_part(self, r: _Repo, repo_name: str, ref: str, sha: str) -> dict[str, Any]:
        part_repo = self._repos.get(repo_name.lower())
        owner = part_repo.owner if part_repo else repo_name.split("/")[0]
        return {
            "label": f"{owner}:{ref}",
            "ref": ref,
            "sha": sha,
            "user": self._user_json(owner),
            "repo": self._repo_json(part_repo, full=False) if part_repo else None,
        }

    def _pull_json(self, r: _Repo, issue: _Issue) -> dict[str, Any]:
        pull = issue.pull
        if pull is None:
            raise ApiError(404, "Not Found")
        api = self._api_repo(r)
        url = f"{api}/pulls/{issue.number}"
        issue_url = f"{api}/issues/{issue.number}"
        html = f"{self._html_repo(r)}/pull/{issue.number}"
        head_sha = self._head_sha(r, pull) or ""
        base_sha = self._base_sha(r, pull)
        merge_base = r.git.merge_base(base_sha, head_sha) if head_sha else None
        changes = r.git.diff(merge_base, head_sha) if merge_base else []
        n_commits = r.git.count(head_sha, [base_sha]) if head_sha else 0
        out: dict[str, Any] = {
            "url": url,
            "id": pull.id,
            "node_id": _node_id("PR", pull.id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue_url,
            "commits_url": f"{url}/commits",
            "review_comments_url": f"{url}/comments",
            "review_comment_url": f"{api}/pulls/comments{{/number}}",
            "comments_url": f"{issue_url}/comments",
            "statuses_url": f"{api}/statuses/{head_sha}",
            "number": issue.number,
            "state": issue.state,
            "locked": False,
            "title": issue.title,
            "user": self._user_json(issue.user),
            "body": issue.body,
            "labels": [self._label_json(r, n) for n in issue.labels],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
            "merged_at": pull.merged_at,
            "merge_commit_sha": pull.merge_commit_sha,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "head": self._pull_part(r, pull.head_repo, pull.head_ref, head_sha),
            "base": self._pull_part(r, r.full_name, pull.base_ref, base_sha),
            "_links": {
                "self": {"href": url},
                "html": {"href": html},
                "issue": {"href": issue_url},
                "comments": {"href": f"{issue_url}/comments"},
                "review_comments": {"href": f"{url}/comments"},
                "review_comment": {"href": f"{api}/pulls/comments{{/number}}"},
                "commits": {"href": f"{url}/commits"},
                "statuses": {"href": f"{api}/statuses/{head_sha}"},
            },
            "author_association": self._association(r, issue.user),
            "auto_merge": None,
            "draft": pull.draft,
            "merged": pull.merged,
            "mergeable": pull.mergeable if issue.state == "open" else None,
            "rebaseable": pull.mergeable if issue.state == "open" else None,
            "mergeable_state": pull.mergeable_state if issue.state == "open" else "unknown",
            "merged_by": self._user_json(pull.merged_by) if pull.merged_by else None,
            "comments": len(issue.comments),
            "review_comments": 0,
            "maintainer_can_modify": pull.maintainer_can_modify,
            "commits": n_commits,
            "additions": sum(c.additions for c in changes),
            "deletions": sum(c.deletions for c in changes),
            "changed_files": len(changes),
        }
        out.update(pull.extra)
        return out

    def _comment_json(self, r: _Repo, issue: _Issue, c: _Comment) -> dict[str, Any]:
        api = self._api_repo(r)
        kind = "pull" if issue.pull else "issues"
        url = f"{api}/issues/comments/{c.id}"
        return {
            "url": url,
            "html_url": f"{self._html_repo(r)}/{kind}/{issue.number}#issuecomment-{c.id}",
            "issue_url": f"{api}/issues/{issue.number}",
            "id": c.id,
            "node_id": _node_id("IC", c.id),
            "user": self._user_json(c.user),
            "created_at": c.created_at,
            "updated_at": c.updated_at,
            "author_association": self._association(r, c.user),
            "body": c.body,
            "reactions": self._reactions(f"{url}/reactions"),
            "performed_via_github_app": self._app_json(self._apps[c.app_id]) if c.app_id in self._apps else None,
            "pin": None,
            "minimized": None,
        }

    def _review_json(self, r: _Repo, issue: _Issue, rv: _Review) -> dict[str, Any]:
        pr_url = f"{self._api_repo(r)}/pulls/{issue.number}"
        html = f"{self._html_repo(r)}/pull/{issue.number}#pullrequestreview-{rv.id}"
        out = {
            "id": rv.id,
            "node_id": _node_id("PRR", rv.id),
            "user": self._user_json(rv.user),
            "body": rv.body,
            "state": rv.state,
            "html_url": html,
            "pull_request_url": pr_url,
            "author_association": self._association(r, rv.user),
            "_links": {"html": {"href": html}, "pull_request": {"href": pr_url}},
            "commit_id": rv.commit_id,
        }
        if rv.submitted_at:
            out["submitted_at"] = rv.submitted_at
        return out

    def _app_json(self, app: _App) -> dict[str, Any]:
        return {
            "id": app.id,
            "slug": app.slug,
            "node_id": _node_id("A", app.id),
            "client_id": f"Iv1.{app.id:016x}",
            "owner": self._user_json(app.owner),
            "name": app.name,
            "description": "",
            "external_url": f"{self.html_base}/{app.owner}",
            "html_url": f"{self.html_base}/apps/{app.slug}",
            "created_at": app.created_at,
            "updated_at": app.created_at,
            "permissions": dict(app.permissions),
            "events": list(app.events),
            "installations_count": sum(1 for i in self._installations.values() if i.app_id == app.id),
        }

    def _installation_json(self, inst: _Installation) -> dict[str, Any]:
        app = self._apps[inst.app_id]
        account = self._ensure_user(inst.account)
        return {
            "id": inst.id,
            "client_id": f"Iv1.{app.id:016x}",
            "account": self._user_json(inst.account),
            "repository_selection": "all" if inst.repositories is None else "selected",
            "access_tokens_url": f"{self.url}/app/installations/{inst.id}/access_tokens",
            "repositories_url": f"{self.url}/installation/repositories",
            "html_url": f"{self.html_base}/organizations/{inst.account}/settings/installations/{inst.id}",
            "app_id": app.id,
            "app_slug": app.slug,
            "target_id": account.id,
            "target_type": account.type,
            "permissions": dict(inst.permissions),
            "events": list(app.events),
            "created_at": inst.created_at,
            "updated_at": inst.created_at,
            "single_file_name": None,
            "has_multiple_single_files": False,
            "single_file_paths": [],
            "suspended_by": None,
            "suspended_at": None,
        }

    def _check_run_json(self, r: _Repo, run: _CheckRun) -> dict[str, Any]:
        api = self._api_repo(r)
        url = f"{api}/check-runs/{run.id}"
        html = f"{self._html_repo(r)}/runs/{run.id}"
        pulls = []
        for issue in r.issues.values():
            pull = issue.pull
            if pull is None or issue.state != "open" or self._head_sha(r, pull) != run.head_sha:
                continue
            base_sha = self._base_sha(r, pull)
            head_repo = self._repos.get(pull.head_repo.lower(), r)
            pulls.append(
                {
                    "url": f"{api}/pulls/{issue.number}",
                    "id": pull.id,
                    "number": issue.number,
                    "head": {
                        "ref": pull.head_ref,
                        "sha": run.head_sha,
                        "repo": {"id": head_repo.id, "url": self._api_repo(head_repo), "name": head_repo.name},
                    },
                    "base": {"ref": pull.base_ref, "sha": base_sha, "repo": {"id": r.id, "url": api, "name": r.name}},
                }
            )
        return {
            "id": run.id,
            "head_sha": run.head_sha,
            "node_id": _node_id("CR", run.id),
            "external_id": run.external_id or "",
            "url": url,
            "html_url": html,
            "details_url": run.details_url or html,
            "status": run.status,
            "conclusion": run.conclusion,
            "started_at": run.started_at,
            "completed_at": run.completed_at,
            "output": {
                "title": run.output.get("title"),
                "summary": run.output.get("summary"),
                "text": run.output.get("text"),
                "annotations_count": len(run.annotations),
                "annotations_url": f"{url}/annotations",
            },
            "name": run.name,
            "check_suite": {"id": run.check_suite_id},
            "app": self._app_json(self._apps[run.app_id]) if run.app_id in self._apps else None,
            "pull_requests": pulls,
        }

    def _annotation_json(self, r: _Repo, run: _CheckRun, a: dict[str, Any]) -> dict[str, Any]:
        return {
            "path": a["path"],
            "start_line": a["start_line"],
            "end_line": a["end_line"],
            "start_column": a.get("start_column"),
            "end_column": a.get("end_column"),
            "annotation_level": a["annotation_level"],
            "title": a.get("title"),
            "message": a["message"],
            "raw_details": a.get("raw_details"),
            "blob_href": f"{self._html_repo(r)}/blob/{run.head_sha}/{_q(a['path'])}",
        }

    def _ref_json(self, r: _Repo, ref: str, sha: str) -> dict[str, Any]:
        api = self._api_repo(r)
        kind = r.git.object_type(sha) or "commit"
        return {
            "ref": ref,
            "node_id": _node_id("REF", f"{r.id}{ref}"),
            "url": f"{api}/git/{_q(ref)}",
            "object": {"sha": sha, "type": kind, "url": f"{api}/git/{kind}s/{sha}"},
        }

    def _content_entry_json(self, r: _Repo, path: str, ref: str, sha: str, kind: str, size: int) -> dict[str, Any]:
        api = self._api_repo(r)
        url = f"{api}/contents/{_q(path)}?ref={urllib.parse.quote(ref, safe='')}"
        git_url = f"{api}/git/{'trees' if kind == 'dir' else 'blobs'}/{sha}"
        html_url = f"{self._html_repo(r)}/{'tree' if kind == 'dir' else 'blob'}/{ref}/{_q(path)}"
        return {
            "type": kind,
            "size": size,
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "sha": sha,
            "url": url,
            "git_url": git_url,
            "html_url": html_url,
            "download_url": None
            if kind == "dir"
            else f"https://raw.githubusercontent.com/{r.full_name}/{ref}/{_q(path)}",
            "_links": {"self": url, "git": git_url, "html": html_url},
        }

    # ================================================================== routing
    def _build_routes(self) -> list[_Route]:
        repo = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
        table: list[tuple[str, str, Callable[[_Ctx], Response], Literal["token", "jwt", "any"]]] = [
            ("GET", r"/user", self._get_authenticated_user, "token"),
            ("GET", r"/users/([^/]+)", self._get_user, "any"),
            ("GET", r"/rate_limit", self._get_rate_limit, "any"),
            ("GET", r"/app", self._get_app, "jwt"),
            ("GET", r"/apps/([^/]+)", self._get_app_by_slug, "any"),
            ("GET", r"/app/installations", self._list_installations, "jwt"),
            ("GET", r"/app/installations/(\d+)", self._get_installation, "jwt"),
            ("POST", r"/app/installations/(\d+)/access_tokens", self._create_access_token, "jwt"),
            ("GET", repo + r"/installation", self._get_repo_installation, "jwt"),
            ("GET", repo, self._get_repo, "token"),
            ("GET", repo + r"/pulls", self._list_pulls, "token"),
            ("GET", repo + r"/pulls/(\d+)", self._get_pull, "token"),
            ("GET", repo + r"/pulls/(\d+)/files", self._list_pull_files, "token"),
            ("GET", repo + r"/pulls/(\d+)/commits", self._list_pull_commits, "token"),
            ("GET", repo + r"/pulls/(\d+)/reviews", self._list_reviews, "token"),
            ("POST", repo + r"/pulls/(\d+)/reviews", self._create_review, "token"),
            ("GET", repo + r"/pulls/(\d+)/comments", self._list_review_comments, "token"),
            ("GET", repo + r"/compare/(.+)", self._compare, "token"),
            ("GET", repo + r"/commits/(.+)/check-runs", self._list_check_runs_for_ref, "token"),
            ("GET", repo + r"/commits/([^/]+)", self._get_commit, "token"),
            ("GET", repo + r"/branches/(.+)", self._get_branch, "token"),
            ("GET", repo + r"/git/ref/(.+)", self._get_ref, "token"),
            ("GET", repo + r"/git/refs/(.+)", self._get_ref, "token"),
            ("POST", repo + r"/git/refs", self._create_ref, "token"),
            ("GET", repo + r"/git/blobs/([0-9a-fA-F]+)", self._get_blob, "token"),
            ("PATCH", repo + r"/git/refs/(.+)", self._update_ref, "token"),
            ("DELETE", repo + r"/git/refs/(.+)", self._delete_ref, "token"),
            ("POST", repo + r"/check-runs", self._create_check_run, "token"),
            ("GET", repo + r"/check-runs/(\d+)", self._get_check_run, "token"),
            ("PATCH", repo + r"/check-runs/(\d+)", self._update_check_run, "token"),
            ("GET", repo + r"/check-runs/(\d+)/annotations", self._list_annotations, "token"),
            ("GET", repo + r"/issues/comments/(\d+)", self._get_comment, "token"),
            ("PATCH", repo + r"/issues/comments/(\d+)", self._update_comment, "token"),
            ("DELETE", repo + r"/issues/comments/(\d+)", self._delete_comment, "token"),
            ("GET", repo + r"/issues/(\d+)", self._get_issue, "token"),
            ("GET", repo + r"/issues/(\d+)/comments", self._list_comments, "token"),
            ("POST", repo + r"/issues/(\d+)/comments", self._create_comment, "token"),
            ("GET", repo + r"/issues/(\d+)/labels", self._list_issue_labels, "token"),
            ("POST", repo + r"/issues/(\d+)/labels", self._add_issue_labels, "token"),
            ("PUT", repo + r"/issues/(\d+)/labels", self._set_issue_labels_api, "token"),
            ("DELETE", repo + r"/issues/(\d+)/labels", self._clear_issue_labels, "token"),
            ("DELETE", repo + r"/issues/(\d+)/labels/(.+)", self._remove_issue_label, "token"),
            ("GET", repo + r"/labels", self._list_labels, "token"),
            ("POST", repo + r"/labels", self._create_label, "token"),
            ("GET", repo + r"/labels/(.+)", self._get_label, "token"),
            ("GET", repo + r"/contents/?", self._get_contents, "token"),
            ("GET", repo + r"/contents/(.+)", self._get_contents, "token"),
            ("PUT", repo + r"/contents/(.+)", self._put_contents, "token"),
            ("DELETE", repo + r"/contents/(.+)", self._delete_contents, "token"),
            ("GET", repo + r"/collaborators/([^/]+)/permission", self._get_permission, "token"),
        ]
        # first: /branches/{branch}/protection before /branches/{branch} (the first route matching wins)
        table = [*self._settings_routes(), *table]  # protection rules, rulesets, Pages: tests/github_fake/repo_settings.py
        table += self._team_routes()  # organisations and teams: tests/github_fake/teams.py
        table += self._hook_delivery_routes()  # type: ignore[arg-type] - tests/github_fake/hook_deliveries.py
        return [_Route(m, re.compile(p), h, a) for m, p, h, a in table]

    # ------------------------------------------------------------------ request handling
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        method = handler.command.upper()
        split = urllib.parse.urlsplit(handler.path)
        path = split.path
        if len(path) > 1:
            path = path.rstrip("/")
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        headers = dict(handler.headers.items())
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        parsed: JSON = None
        bad_json = False
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                bad_json = True

        with self._lock:
            fault = next((f for f in self._faults if f.matches(method, path)), None)
            if fault is not None:
                fault.served += 1
                self.faults_served += 1
        if fault is not None and fault.delay > 0:
            self._stopping.wait(fault.delay)

        principal: _Principal | None = None
        response: Response
        is_fault = fault is not None and fault.status is not None
        try:
            if is_fault:
                assert fault is not None and fault.status is not None
                principal = self._principal_or_none(headers)
                response = Response(fault.status, fault.body, dict(fault.headers))
            else:
                with self._lock:
                    principal = self._authenticate(headers)
                    if bad_json:
                        raise ApiError(400, "Problems parsing JSON")
                    response = self._dispatch(method, path, query, headers, parsed, principal)
        except ApiError as err:
            response = Response(err.status, err.body(), err.headers)
        except Exception:  # noqa: BLE001 - a bug of the fake: answer 500 and keep the traceback
            tb = traceback.format_exc()
            with self._lock:
                self.server_errors.append(tb)
            response = Response(
                500, {"message": f"fake GitHub crashed: {tb.splitlines()[-1]}", "documentation_url": DOCS}
            )

        if self.check_contract and not is_fault:
            self._check_contract(method, path, query, headers, parsed, raw, response)

        with self._lock:
            rate = self._rate_headers(principal.key if principal else "anonymous:" + handler.client_address[0])
            self._requests.append(
                RecordedRequest(
                    method=method,
                    path=path,
                    query=query,
                    headers=headers,
                    json=parsed,
                    body=raw,
                    status=response.status,
                    fault=is_fault,
                    login=principal.login if principal else None,
                )
            )
        out_headers = {**rate, **response.headers}
        if fault is not None and fault.delay_after > 0:  # the write is done; the answer comes too late
            self._stopping.wait(fault.delay_after)
        self._write(handler, response.status, response.body, out_headers)

    def _check_contract(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
        parsed: JSON,
        raw: bytes,
        response: Response,
    ) -> None:
        from .contract import contract

        try:
            terms = contract()
            found = terms.check_request(method, path, query, parsed, has_body=bool(raw))
            content_type = next((v for k, v in response.headers.items() if k.lower() == "content-type"), None)
            body = response.body
            if isinstance(body, (bytes, str)):
                content_type = "application/octet-stream"  # raw media types: nothing to validate
            accept = next((v for k, v in headers.items() if k.lower() == "accept"), None)
            found += terms.check_response(method, path, response.status, content_type, body, accept=accept)
        except Exception:  # noqa: BLE001 - a bug of the contract checker: the test must see it
            with self._lock:
                self.server_errors.append(traceback.format_exc())
            return
        if found:
            with self._lock:
                self.divergences.extend(found)

    def _write(self, handler: BaseHTTPRequestHandler, status: int, body: JSON, headers: Mapping[str, str]) -> None:
        if body is None or status == 204:
            payload = b""
        elif isinstance(body, bytes):
            payload = body
        elif isinstance(body, str):
            payload = body.encode()
        else:
            payload = json.dumps(body).encode()
        try:
            handler.send_response(status)
            lowered = {k.lower() for k in headers}
            if payload and "content-type" not in lowered:
                handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(payload)))
            handler.send_header("X-GitHub-Media-Type", "github.v3; format=json")
            handler.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
            handler.send_header("X-GitHub-Request-Id", secrets.token_hex(8).upper())
            for k, v in headers.items():
                handler.send_header(k, v)
            handler.end_headers()
            if payload and handler.command != "HEAD":
                handler.wfile.write(payload)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            handler.close_connection = True

    def _rate_headers(self, key: str) -> dict[str, str]:
        now = time.time()
        reset, used = self._rate.get(key, (now + 3600, 0))
        if reset <= now:
            reset, used = now + 3600, 0
        used += 1
        self._rate[key] = (reset, used)
        return {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(max(0, self.rate_limit - used)),
            "X-RateLimit-Reset": str(int(reset)),
            "X-RateLimit-Used": str(used),
            "X-RateLimit-Resource": "core",
        }

    def _principal_or_none(self, headers: Mapping[str, str]) -> _Principal | None:
        try:
            with self._lock:
                return self._authenticate(headers)
        except ApiError:
            return None

    def _authenticate(self, headers: Mapping[str, str]) -> _Principal:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
        if not auth:
            raise ApiError(401, "Requires authentication")
        scheme, _, value = auth.strip().partition(" ")
        value = value.strip()
        if scheme.lower() not in ("token", "bearer") or not value:
            raise ApiError(401, "Bad credentials")
        tok = self._tokens.get(value)
        if tok is not None:
            if tok.expires_at is not None and tok.expires_at <= time.time():
                raise ApiError(401, "Bad credentials")
            return _Principal(tok.kind, tok.login, "token:" + value, installation_id=tok.installation_id,
                              app_id=tok.app_id, permissions=tok.permissions)
        if value.count(".") == 2:
            return self._authenticate_jwt(value)
        raise ApiError(401, "Bad credentials")

    def _authenticate_jwt(self, token: str) -> _Principal:
        def b64(part: str) -> bytes:
            return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

        try:
            header_b64, payload_b64, _sig = token.split(".")
            header = json.loads(b64(header_b64))
            payload = json.loads(b64(payload_b64))
        except (ValueError, binascii.Error):
            raise ApiError(401, "A JSON web token could not be decoded") from None
        if not isinstance(payload, dict) or not isinstance(header, dict):
            raise ApiError(401, "A JSON web token could not be decoded")
        try:
            app_id = int(str(payload.get("iss")))
        except ValueError:
            raise ApiError(401, "'Issuer' claim ('iss') must be an Integer") from None
        app = self._apps.get(app_id)
        if app is None:
            raise ApiError(401, "Integration not found")
        now = time.time()
        exp, iat = payload.get("exp"), payload.get("iat")
        if not isinstance(exp, (int, float)) or exp <= now:
            raise ApiError(
                401,
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which "
                "the assertion expires",
            )
        if not isinstance(iat, (int, float)) or iat > now + 60:
            raise ApiError(
                401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
            )
        if exp - iat > 660 or exp > now + 660:
            raise ApiError(401, "'Expiration time' claim ('exp') is too far in the future")
        if app.public_key is not None:
            import jwt as pyjwt  # PyJWT, a dependency of PyGithub

            try:
                pyjwt.decode(
                    token,
                    app.public_key,
                    algorithms=["RS256"],
                    options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
                )
            except pyjwt.PyJWTError:
                raise ApiError(401, "A JSON web token could not be decoded") from None
        return _Principal("app", None, f"app:{app.id}", app_id=app.id)

    def _dispatch(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: JSON,
        principal: _Principal,
    ) -> Response:
        for route in self._routes:
            if route.method != method:
                continue
            m = route.pattern.fullmatch(path)
            if m is None:
                continue
            if route.auth == "jwt" and principal.kind != "app":
                raise ApiError(401, "A JSON web token could not be decoded")
            if route.auth == "token" and principal.kind == "app":
                raise ApiError(403, "A JSON web token cannot be used here: authenticate as an installation")
            args = tuple(urllib.parse.unquote(g) if g is not None else "" for g in m.groups())
            ctx = _Ctx(method, path, query, headers, body, args, principal)
            self._authorize(ctx, route)
            self._current_principal = principal
            try:
                return route.handler(ctx)
            finally:
                self._current_principal = None
        raise ApiError(404, "Not Found")

    # ------------------------------------------------------------------ permissions
    def _scopes(self, principal: _Principal) -> dict[str, str] | None:
        """The permissions a token carries (an installation's unless narrowed), None for a plain user token."""
        if principal.permissions is not None:
            return principal.permissions
        if principal.kind == "installation":
            inst = self._installations.get(principal.installation_id or -1)
            return dict(inst.permissions) if inst is not None else None
        return None

    def _authorize(self, ctx: _Ctx, route: _Route) -> None:
        need = _NEEDS.get(route.handler.__name__)
        if need is None or len(ctx.args) < 2:
            return
        r = self._repos.get(f"{ctx.args[0]}/{ctx.args[1]}".lower())
        if r is None or not self._can_see(ctx.principal, r):
            return  # the endpoint answers 404
        alternatives, level = need
        scopes = self._scopes(ctx.principal)
        if scopes is not None:
            if "metadata" in alternatives and level == "read" and scopes:
                return  # metadata: read comes with every App installation
            for scope in alternatives:
                have = scopes.get(scope)
                if have == "write" or (have == "read" and level == "read"):
                    return
            # GitHub names the permissions that would do (fine-grained actors): each set separated by "; "
            accepted = "; ".join(f"{scope}={level}" for scope in alternatives)
            raise ApiError(403, _NOT_ACCESSIBLE, headers={"X-Accepted-GitHub-Permissions": accepted})
        if level == "read" or ctx.principal.kind == "installation":
            return  # reads need no role on a visible repository; a hand-made installation token has no limits
        if route.handler.__name__ == "_put_contents" and r.fork_of:
            return  # a fork's PR branch may be open to the upstream's writers: the endpoint decides
        role = _ROLE_LEVEL[self._role(r, ctx.principal.login or "")]
        wanted = {"checks": 3, "contents": 3, "issues": 2, "pull_requests": 2}
        if alternatives == ("checks",):
            raise ApiError(403, "You must authenticate via a GitHub App.")
        if route.handler.__name__ in ("_create_comment",):
            return  # anyone may comment on a public repository
        if role < min(wanted.get(a, 3) for a in alternatives):
            raise ApiError(403, "Must have admin rights to Repository." if role == 0 else _NOT_ACCESSIBLE)

    def _acting_app(self, ctx: _Ctx) -> int | None:
        """The App a request acts for: its installation's, its token's, else the only App registered."""
        _, app_id = self._actor(ctx)
        if app_id is None:
            app_id = ctx.principal.app_id
        if app_id is None and len(self._apps) == 1:
            app_id = next(iter(self._apps))
        return app_id

    def _rule_violation(self, r: _Repo, ctx: _Ctx, branch: str, action: str) -> tuple[str, str] | None:
        """(kind, reason) of the first protection refusing ``action`` (update, force, creation, deletion) on
        ``branch``; a force push is an update too."""
        login = ctx.principal.login
        for prot in r.protections:
            if not prot.applies(branch, login):
                continue
            classic = prot.kind == "branch_protection"
            if action in ("update", "force") and "pull_request" in prot.rules:
                return prot.kind, "Changes must be made through a pull request."
            if action in ("update", "force") and "required_status_checks" in prot.rules:
                return prot.kind, f"Required status check \"{(prot.checks or ('Open Commons',))[0]}\" is expected."
            if action in ("update", "force") and ("update" in prot.rules or (classic and "lock_branch" in prot.rules)):
                return prot.kind, "Cannot update this protected ref."
            if action in ("update", "force") and classic and "restrictions" in prot.rules:
                return prot.kind, "You're not authorized to push to this branch."
            if action == "force" and ("non_fast_forward" in prot.rules if not classic
                                      else "allow_force_pushes" not in prot.rules):
                return prot.kind, "Cannot force-push to this branch"
            if action == "creation" and "creation" in prot.rules:
                return prot.kind, "Cannot create ref due to creations being restricted."
            if action == "deletion" and ("deletion" in prot.rules if not classic
                                         else "allow_deletions" not in prot.rules):
                return prot.kind, "Cannot delete this protected ref."
        return None

    def _refuse_by_rules(self, r: _Repo, ctx: _Ctx, branch: str, action: str, *, status: int) -> None:
        found = self._rule_violation(r, ctx, branch, action)
        if found is None:
            return
        kind, reason = found
        if kind == "ruleset":
            raise ApiError(status, f"Repository rule violations found\n\n{reason}\n\n",
                           documentation_url="https://docs.github.com/repositories/configuring-branches-and-merges-"
                           "in-your-repository/managing-rulesets/about-rulesets")
        raise ApiError(status, f"Protected branch update failed for refs/heads/{branch}.\n\n{reason}")

    # ------------------------------------------------------------------ endpoint helpers
    def _ctx_repo(self, ctx: _Ctx) -> _Repo:
        owner, name = ctx.args[0], ctx.args[1]
        r = self._repos.get(f"{owner}/{name}".lower())
        if r is None or not self._can_see(ctx.principal, r):
            raise ApiError(404, "Not Found")
        return r

    def _can_see(self, principal: _Principal, r: _Repo) -> bool:
        if principal.kind == "installation":
            inst = self._installations.get(principal.installation_id or -1)
            if inst is None:
                return True  # a token added by hand with kind="installation" and no installation
            if inst.repositories is None:
                return inst.account.lower() == r.owner.lower()
            return r.full_name.lower() in inst.repositories
        if principal.kind == "user" and r.private:
            return _ROLE_LEVEL[self._role(r, principal.login or "")] >= 1
        return True

    def _ctx_issue(self, ctx: _Ctx, r: _Repo, number: str) -> _Issue:
        issue = r.issues.get(int(number))
        if issue is None:
            raise ApiError(404, "Not Found")
        return issue

    def _ctx_pull(self, ctx: _Ctx, r: _Repo, number: str) -> _Issue:
        issue = self._ctx_issue(ctx, r, number)
        if issue.pull is None:
            raise ApiError(404, "Not Found")
        return issue

    def _page(
        self, ctx: _Ctx, items: list[Any], *, default: int = 30, maximum: int = 100
    ) -> tuple[list[Any], dict[str, str]]:
        return paginate(
            items, base_url=self.url, path=ctx.path, query=ctx.query, default_per_page=default, max_per_page=maximum
        )

    def _actor(self, ctx: _Ctx) -> tuple[str, int | None]:
        """The login acting and the app it acts for (installation tokens)."""
        p = ctx.principal
        app_id = None
        if p.kind == "installation" and p.installation_id in self._installations:
            app_id = self._installations[p.installation_id].app_id
        return p.login or "ghost", app_id

    # ------------------------------------------------------------------ users / apps
    def _get_authenticated_user(self, ctx: _Ctx) -> Response:
        if ctx.principal.kind == "installation":
            raise ApiError(403, "Resource not accessible by integration")
        return Response(200, self._user_json(ctx.principal.login or "", full=True))

    def _get_user(self, ctx: _Ctx) -> Response:
        user = self._users.get(ctx.args[0].lower())
        if user is None:
            raise ApiError(404, "Not Found")
        return Response(200, self._user_json(user.login, full=True))

    def _get_rate_limit(self, ctx: _Ctx) -> Response:
        reset, used = self._rate.get(ctx.principal.key, (time.time() + 3600, 0))
        core = {
            "limit": self.rate_limit,
            "remaining": max(0, self.rate_limit - used),
            "reset": int(reset),
            "used": used,
            "resource": "core",
        }
        return Response(200, {"resources": {"core": core}, "rate": core})

    def _get_app(self, ctx: _Ctx) -> Response:
        return Response(200, self._app_json(self._apps[ctx.principal.app_id or -1]))

    def _get_app_by_slug(self, ctx: _Ctx) -> Response:
        for app in self._apps.values():
            if app.slug == ctx.args[0]:
                return Response(200, self._app_json(app))
        raise ApiError(404, "Not Found")

    def _list_installations(self, ctx: _Ctx) -> Response:
        items = [self._installation_json(i) for i in self._installations.values() if i.app_id == ctx.principal.app_id]
        page, links = self._page(ctx, items)
        return Response(200, page, links)

    def _get_installation(self, ctx: _Ctx) -> Response:
        inst = self._installations.get(int(ctx.args[0]))
        if inst is None or inst.app_id != ctx.principal.app_id:
            raise ApiError(404, "Not Found")
        return Response(200, self._installation_json(inst))

    def _create_access_token(self, ctx: _Ctx) -> Response:
        inst = self._installations.get(int(ctx.args[0]))
        if inst is None or inst.app_id != ctx.principal.app_id:
            raise ApiError(404, "Not Found")
        app = self._apps[inst.app_id]
        body = ctx.body()
        permissions = dict(inst.permissions)
        requested = body.get("permissions") or {}
        if requested:
            for k, v in requested.items():
                if k not in inst.permissions or (v == "write" and inst.permissions[k] != "write"):
                    raise ApiError(422, "The permissions requested are not granted to this installation.")
            permissions = dict(requested)
        token = "ghs_" + secrets.token_urlsafe(27).replace("-", "A").replace("_", "B")[:36]
        expires = time.time() + app.token_ttl
        self._tokens[token] = _Token(token, f"{app.slug}[bot]", "installation", inst.id, expires,
                                     permissions=dict(requested) if requested else None)
        out: dict[str, Any] = {
            "token": token,
            "expires_at": _iso(expires),
            "permissions": permissions,
            "repository_selection": "all" if inst.repositories is None else "selected",
        }
        return Response(201, out)

    def _get_repo_installation(self, ctx: _Ctx) -> Response:
        owner, name = ctx.args[0], ctx.args[1]
        r = self._repos.get(f"{owner}/{name}".lower())
        if r is not None:
            for inst in self._installations.values():
                if inst.app_id != ctx.principal.app_id:
                    continue
                if inst.repositories is None and inst.account.lower() == r.owner.lower():
                    return Response(200, self._installation_json(inst))
                if inst.repositories is not None and r.full_name.lower() in inst.repositories:
                    return Response(200, self._installation_json(inst))
        raise ApiError(404, "Not Found")

    # ------------------------------------------------------------------ repos & pulls
    def _get_repo(self, ctx: _Ctx) -> Response:
        return Response(200, self._repo_json(self._ctx_repo(ctx), ctx.principal))

    def _list_pulls(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        state = ctx.q("state", "open")
        head = ctx.q("head")
        base = ctx.q("base")
        items = []
        for issue in sorted(r.issues.values(), key=lambda i: -i.number):
            pull = issue.pull
            if pull is None or (state != "all" and issue.state != state):
                continue
            if base and pull.base_ref != base:
                continue
            if head:
                owner, _, ref = head.partition(":")
                if pull.head_repo.split("/")[0].lower() != owner.lower() or (ref and pull.head_ref != ref):
                    continue
            items.append(issue)
        page, links = self._page(ctx, items)
        return Response(200, [self._pull_json(r, i) for i in page], links)

    def _get_pull(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        return Response(200, self._pull_json(r, self._ctx_pull(ctx, r, ctx.args[2])))

    def _pull_range(self, r: _Repo, issue: _Issue) -> tuple[str, str, str | None]:
        assert issue.pull is not None
        head = self._head_sha(r, issue.pull)
        if head is None:
            raise ApiError(500, "pull request head does not resolve")
        base = self._base_sha(r, issue.pull)
        return base, head, r.git.merge_base(base, head)

    def _list_pull_files(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_pull(ctx, r, ctx.args[2])
        _base, head, mb = self._pull_range(r, issue)
        changes = r.git.diff(mb, head)[:_MAX_PR_FILES] if mb else []
        page, links = self._page(ctx, changes)
        return Response(200, [self._file_json(r, c, head) for c in page], links)

    def _list_pull_commits(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_pull(ctx, r, ctx.args[2])
        base, head, _mb = self._pull_range(r, issue)
        shas = r.git.rev_list(head, [base], limit=_MAX_PR_COMMITS)
        page, links = self._page(ctx, shas)
        return Response(200, [self._commit_json(r, c) for c in r.git.commits(page)], links)

    def _list_reviews(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_pull(ctx, r, ctx.args[2])
        assert issue.pull is not None
        page, links = self._page(ctx, issue.pull.reviews)
        return Response(200, [self._review_json(r, issue, rv) for rv in page], links)

    def _create_review(self, ctx: _Ctx) -> Response:
        """A review, with comments on lines of the diff (GitHub refuses a line outside it: 422)."""
        r = self._ctx_repo(ctx)
        issue = self._ctx_pull(ctx, r, ctx.args[2])
        assert issue.pull is not None
        body = ctx.body()
        event = body.get("event")
        text = body.get("body") or ""
        comments = body.get("comments") or []
        if event in ("REQUEST_CHANGES", "COMMENT") and not text and not comments:
            raise ApiError(422, "Unprocessable Entity", errors=[f"Review body can't be blank when the event is {event}"])
        if len(text) > _MAX_COMMENT_CHARS:
            raise ApiError(422, "Unprocessable Entity", errors=["Body is too long (maximum is 65536 characters)"])
        _base, head, mb = self._pull_range(r, issue)
        commit_id = body.get("commit_id") or head
        if not r.git.resolve(commit_id):
            raise ApiError(422, "Unprocessable Entity", errors=["Commit could not be resolved"])
        patches = {c.filename: c.patch or "" for c in (r.git.diff(mb, head) if mb else [])}
        hunks = {name: _hunks(patch) for name, patch in patches.items()}
        login, _app = self._actor(ctx)
        pending: list[tuple[str, int, int | None, str, str, int]] = []
        for c in comments:
            path, line, start = c.get("path"), c.get("line"), c.get("start_line")
            if c.get("position") is not None and line is None:
                raise ApiError(422, "Unprocessable Entity", errors=["position is not supported by this server"])
            if path not in hunks:
                raise ApiError(422, "Unprocessable Entity", errors=["Path could not be resolved"])
            if (c.get("side") or "RIGHT") != "RIGHT" or (start is not None and (c.get("start_side") or "RIGHT")
                                                         != "RIGHT"):
                raise ApiError(422, "Unprocessable Entity", errors=["only RIGHT-side comments are supported here"])
            hunk = next((h for h in hunks[path] if h[0] <= line <= h[1]), None)
            if hunk is None:
                raise ApiError(422, "Unprocessable Entity",
                               errors=["Pull request review thread line must be part of the diff"])
            if start is not None and not (hunk[0] <= start < line):
                raise ApiError(422, "Unprocessable Entity",
                               errors=["Pull request review thread start line must precede the end line and "
                                       "be part of the same hunk as the line."])
            pending.append((path, line, start, str(c.get("body") or ""), hunk[2], _position(patches[path], line)))
        state = {"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED"}.get(
            str(event), "PENDING")
        self._ensure_user(login)
        review = _Review(next(self._ids), login, text, state, commit_id, None if state == "PENDING" else _now())
        issue.pull.reviews.append(review)
        for path, line, start, comment_body, diff_hunk, position in pending:
            issue.pull.review_comments.append(_ReviewComment(next(self._ids), review.id, login, comment_body, path,
                                                             line, start, commit_id, diff_hunk, position, _now()))
        return Response(200, self._review_json(r, issue, review))

    def _list_review_comments(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_pull(ctx, r, ctx.args[2])
        assert issue.pull is not None
        page, links = self._page(ctx, issue.pull.review_comments)
        return Response(200, [self._review_comment_json(r, issue, c) for c in page], links)

    def _review_comment_json(self, r: _Repo, issue: _Issue, c: _ReviewComment) -> dict[str, Any]:
        api = f"{self._api_repo(r)}/pulls/comments/{c.id}"
        html = f"{self._html_repo(r)}/pull/{issue.number}#discussion_r{c.id}"
        pr_url = f"{self._api_repo(r)}/pulls/{issue.number}"
        return {
            "url": api, "pull_request_review_id": c.review_id, "id": c.id, "node_id": _node_id("PRRC", c.id),
            "diff_hunk": c.diff_hunk, "path": c.path, "position": c.position, "original_position": c.position,
            "commit_id": c.commit_id, "original_commit_id": c.commit_id, "user": self._user_json(c.user),
            "body": c.body, "created_at": c.created_at, "updated_at": c.created_at, "html_url": html,
            "pull_request_url": pr_url, "author_association": self._association(r, c.user),
            "_links": {"self": {"href": api}, "html": {"href": html}, "pull_request": {"href": pr_url}},
            "start_line": c.start_line, "original_start_line": c.start_line,
            "start_side": "RIGHT" if c.start_line is not None else None, "line": c.line, "original_line": c.line,
            "side": "RIGHT", "subject_type": "line",
        }

    def _resolve_compare_side(self, r: _Repo, spec: str) -> str | None:
        if ":" in spec:
            parts = spec.split(":")
            if len(parts) == 2:
                owner, ref = parts
                candidates = [
                    o for o in self._repos.values() if o.owner.lower() == owner.lower() and self._same_network(o, r)
                ]
            else:
                owner, name, ref = parts[0], parts[1], ":".join(parts[2:])
                found = self._repos.get(f"{owner}/{name}".lower())
                candidates = [found] if found is not None and self._same_network(found, r) else []
            for c in candidates:
                sha = c.git.resolve(ref)
                if sha:
                    return sha
            return None
        return r.git.resolve(spec)

    def _network_root(self, r: _Repo) -> _Repo:
        while r.fork_of:
            r = self._repo(r.fork_of)
        return r

    def _same_network(self, a: _Repo, b: _Repo) -> bool:
        return self._network_root(a) is self._network_root(b)

    def _compare(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        spec = ctx.args[2]
        if "..." in spec:
            base_spec, head_spec = spec.split("...", 1)
            three_dot = True
        elif ".." in spec:
            base_spec, head_spec = spec.split("..", 1)
            three_dot = False
        else:
            raise ApiError(404, "Not Found")
        base = self._resolve_compare_side(r, base_spec)
        head = self._resolve_compare_side(r, head_spec)
        if base is None or head is None:
            raise ApiError(404, "Not Found")
        mb = r.git.merge_base(base, head)
        if mb is None:
            raise ApiError(404, f"No common ancestor between {base_spec} and {head_spec}.")
        ahead = r.git.count(head, [mb])
        behind = r.git.count(base, [mb])
        if ahead == 0 and behind == 0:
            status = "identical"
        elif behind == 0:
            status = "ahead"
        elif ahead == 0:
            status = "behind"
        else:
            status = "diverged"
        commit_shas = r.git.rev_list(head, [mb])
        has_paging = "page" in ctx.query or "per_page" in ctx.query
        if has_paging:
            page, links = self._page(ctx, commit_shas, default=250, maximum=1000)
        else:
            page, links = commit_shas[:250], {}
        changes = r.git.diff(mb if three_dot else base, head)[:300]
        api = self._api_repo(r)
        html = self._html_repo(r)
        info_base, info_mb = r.git.commits([base, mb])
        out = {
            "url": f"{api}/compare/{spec}",
            "html_url": f"{html}/compare/{spec}",
            "permalink_url": f"{html}/compare/{r.owner}:{base[:7]}...{r.owner}:{head[:7]}",
            "diff_url": f"{html}/compare/{spec}.diff",
            "patch_url": f"{html}/compare/{spec}.patch",
            "base_commit": self._commit_json(r, info_base),
            "merge_base_commit": self._commit_json(r, info_mb),
            "status": status,
            "ahead_by": ahead,
            "behind_by": behind,
            "total_commits": len(commit_shas),
            "commits": [self._commit_json(r, c) for c in r.git.commits(page)],
            "files": [self._file_json(r, c, head) for c in changes],
        }
        return Response(200, out, links)

    def _resolve_or_422(self, r: _Repo, ref: str) -> str:
        sha = r.git.resolve(ref)
        if sha is None:
            raise ApiError(422, f"No commit found for SHA: {ref}")
        return sha

    def _get_commit(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        sha = self._resolve_or_422(r, ctx.args[2])
        info = r.git.commit(sha)
        parent = info.parents[0] if info.parents else None
        changes = r.git.diff(parent, sha)[:3000]
        page, links = self._page(ctx, changes, default=300, maximum=300)
        out = self._commit_json(r, info)
        out["stats"] = {
            "total": sum(c.changes for c in changes),
            "additions": sum(c.additions for c in changes),
            "deletions": sum(c.deletions for c in changes),
        }
        out["files"] = [self._file_json(r, c, sha) for c in page]
        return Response(200, out, links)

    def _get_branch(self, ctx: _Ctx) -> Response:
        import fnmatch

        r = self._ctx_repo(ctx)
        name = ctx.args[2]
        sha = r.git.branch_sha(name)
        if sha is None:
            raise ApiError(404, "Branch not found")
        classic = [p for p in r.protections if p.kind == "branch_protection" and fnmatch.fnmatchcase(name, p.pattern)]
        checks = [(c, p.integration_id) for p in classic if "required_status_checks" in p.rules for c in p.checks]
        api = self._api_repo(r)
        return Response(
            200,
            {
                "name": name,
                "commit": self._commit_json(r, r.git.commit(sha)),
                "_links": {"self": f"{api}/branches/{_q(name)}", "html": f"{self._html_repo(r)}/tree/{_q(name)}"},
                # any protection (a ruleset or a classic rule); the classic rule's required checks are shown to
                # every reader (the rest of it only to admins: GET .../protection)
                "protected": any(fnmatch.fnmatchcase(name, p.pattern) for p in r.protections),
                "protection": {
                    "enabled": bool(classic),
                    "required_status_checks": {
                        "enforcement_level": "non_admins" if checks else "off",
                        "contexts": [c for c, _app in checks],
                        "checks": [{"context": c, "app_id": app} for c, app in checks],
                    },
                },
                "protection_url": f"{api}/branches/{_q(name)}/protection",
            },
        )

    def _get_ref(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        ref = "refs/" + ctx.args[2]
        sha = r.git.ref_sha(ref) if ref.count("/") >= 2 else None
        if sha is not None and not ref.endswith("/"):
            return Response(200, self._ref_json(r, ref, sha))
        if "/git/refs/" in ctx.path:  # plural form: matching refs as a list
            out = r.git.run("for-each-ref", "--format=%(refname) %(objectname)", ref.rstrip("/")).decode().split("\n")
            items = [self._ref_json(r, *line.split(" ", 1)) for line in out if line]
            if items:
                return Response(200, items)
        raise ApiError(404, "Not Found")

    def _create_ref(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        body = ctx.body()
        ref, sha = body.get("ref"), body.get("sha")
        if not isinstance(ref, str) or not isinstance(sha, str):
            raise ApiError(422, 'Invalid request.\n\n"ref" and "sha" are required.')
        if not ref.startswith("refs/") or ref.count("/") < 2:
            raise ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.")
        if r.git.object_type(sha) is None:
            raise ApiError(422, "Object does not exist")
        if r.git.ref_sha(ref) is not None:
            raise ApiError(422, "Reference already exists")
        if ref.startswith("refs/heads/"):
            self._refuse_by_rules(r, ctx, ref.removeprefix("refs/heads/"), "creation", status=422)
        try:
            r.git.update_ref(ref, sha, "0" * len(sha))
        except GitError:
            raise ApiError(422, "Reference update failed") from None
        return Response(201, self._ref_json(r, ref, sha))

    def _update_ref(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        ref = "refs/" + ctx.args[2]
        body = ctx.body()
        sha = body.get("sha")
        if not isinstance(sha, str):
            raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        current = r.git.ref_sha(ref)
        if current is None:
            raise ApiError(422, "Reference does not exist")
        if r.git.object_type(sha) is None:
            raise ApiError(422, "Object does not exist")
        forward = r.git.is_ancestor(current, sha)
        if not body.get("force") and not forward:
            raise ApiError(422, "Update is not a fast forward")
        if ref.startswith("refs/heads/"):
            self._refuse_by_rules(r, ctx, ref.removeprefix("refs/heads/"), "update" if forward else "force", status=422)
        r.git.update_ref(ref, sha, current)
        return Response(200, self._ref_json(r, ref, sha))

    def _delete_ref(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        ref = "refs/" + ctx.args[2]
        if r.git.ref_sha(ref) is None:
            raise ApiError(422, "Reference does not exist")
        if ref.startswith("refs/heads/"):
            self._refuse_by_rules(r, ctx, ref.removeprefix("refs/heads/"), "deletion", status=422)
        r.git.delete_ref(ref)
        return Response(204)

    # ------------------------------------------------------------------ check runs
    def _validate_output(self, output: Any) -> list[dict[str, Any]]:
        if not isinstance(output, dict):
            raise validation_failed("CheckRun", "output")
        for key in ("title", "summary"):
            if not isinstance(output.get(key), str):
                raise ApiError(422, f'Invalid request.\n\nNo subschema in "anyOf" matched.\n"{key}" wasn\'t supplied.')
        for key in ("summary", "text"):
            value = output.get(key)
            if isinstance(value, str) and len(value) > _MAX_OUTPUT_CHARS:
                raise validation_failed(
                    "CheckRun",
                    f"output.{key}",
                    "custom",
                    f"Output {key} exceeds the maximum size of {_MAX_OUTPUT_CHARS} characters",
                )
        annotations = output.get("annotations") or []
        if not isinstance(annotations, list):
            raise validation_failed("CheckRun", "output.annotations")
        if len(annotations) > _MAX_ANNOTATIONS_PER_REQUEST:
            raise validation_failed(
                "CheckRun",
                "output.annotations",
                "too_many",
                f"Only {_MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request; got {len(annotations)}",
            )
        out = []
        for a in annotations:
            if not isinstance(a, dict):
                raise validation_failed("CheckRun", "output.annotations")
            for key in ("path", "message"):
                if not isinstance(a.get(key), str) or not a[key]:
                    raise ApiError(422, f'Invalid request.\n\n"{key}" wasn\'t supplied.')
            for key in ("start_line", "end_line"):
                if not isinstance(a.get(key), int) or isinstance(a.get(key), bool) or a[key] < 1:
                    raise ApiError(422, f'Invalid request.\n\n"{key}" wasn\'t supplied.')
            if a.get("annotation_level") not in _ANNOTATION_LEVELS:
                raise ApiError(422, 'Invalid request.\n\n"annotation_level" must be notice, warning or failure.')
            if a["end_line"] < a["start_line"]:
                raise validation_failed(
                    "CheckRun", "output.annotations.end_line", "invalid", "end_line must be >= start_line"
                )
            if (a.get("start_column") is not None or a.get("end_column") is not None) and a["start_line"] != a[
                "end_line"
            ]:
                raise validation_failed(
                    "CheckRun",
                    "output.annotations",
                    "invalid",
                    "start_column and end_column may only be set on one line",
                )
            out.append(dict(a))
        return out

    def _apply_check_fields(self, run: _CheckRun, body: dict[str, Any]) -> None:
        status = body.get("status")
        conclusion = body.get("conclusion")
        if status is not None and status not in _CHECK_STATUSES:
            raise validation_failed("CheckRun", "status")
        if conclusion is not None and conclusion not in _CHECK_CONCLUSIONS:
            raise validation_failed("CheckRun", "conclusion")
        if (status == "completed" or body.get("completed_at")) and conclusion is None and run.conclusion is None:
            raise validation_failed(
                "CheckRun", "conclusion", "missing_field", "conclusion is required when status is completed"
            )
        annotations: list[dict[str, Any]] = []
        output = body.get("output")
        if output is not None:
            annotations = self._validate_output(output)
            images = output.get("images") or []
        else:
            images = []
        actions = body.get("actions")
        if actions is not None and (not isinstance(actions, list) or len(actions) > 3):
            raise validation_failed("CheckRun", "actions", "too_many")
        # validated: apply
        for key in ("name", "details_url", "external_id", "started_at"):
            if key in body and body[key] is not None:
                setattr(run, key, body[key])
        if conclusion is not None:
            run.conclusion = conclusion
            run.status = "completed"
            run.completed_at = body.get("completed_at") or run.completed_at or _now()
        elif status is not None:
            run.status = status
            if status != "completed":
                run.conclusion = None
                run.completed_at = None
        if output is not None:
            for key in ("title", "summary", "text"):
                if key in output:
                    run.output[key] = output[key]
            run.annotations.extend(annotations)
            run.images.extend(i for i in images if isinstance(i, dict))
        if actions is not None:
            run.actions = list(actions)

    def _create_check_run(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        body = ctx.body()
        name, head_sha = body.get("name"), body.get("head_sha")
        if not isinstance(name, str) or not name:
            raise ApiError(422, 'Invalid request.\n\n"name" wasn\'t supplied.')
        if not isinstance(head_sha, str) or not head_sha:
            raise ApiError(422, 'Invalid request.\n\n"head_sha" wasn\'t supplied.')
        sha = r.git.resolve(head_sha)
        if sha is None or not sha.startswith(head_sha.lower()):
            raise ApiError(422, f"No commit found for SHA: {head_sha}")
        app_id = self._acting_app(ctx)
        run = _CheckRun(
            id=next(self._ids),
            name=name,
            head_sha=sha,
            status="queued",
            conclusion=None,
            started_at=_now(),
            completed_at=None,
            details_url=None,
            external_id=None,
            output={},
            annotations=[],
            images=[],
            actions=[],
            app_id=app_id,
            check_suite_id=self._suites.setdefault((r.full_name, sha, app_id), next(self._ids)),
        )
        self._apply_check_fields(run, body)
        r.check_runs[run.id] = run
        return Response(201, self._check_run_json(r, run))

    def _ctx_check_run(self, ctx: _Ctx, r: _Repo) -> _CheckRun:
        run = r.check_runs.get(int(ctx.args[2]))
        if run is None:
            raise ApiError(404, "Not Found")
        return run

    def _get_check_run(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        return Response(200, self._check_run_json(r, self._ctx_check_run(ctx, r)))

    def _update_check_run(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        run = self._ctx_check_run(ctx, r)
        app_id = self._acting_app(ctx)
        if run.app_id is not None and app_id != run.app_id:
            raise ApiError(
                403,
                f"Invalid app_id `{app_id}` - check run can only be modified by the GitHub App that created it.",
            )
        self._apply_check_fields(run, ctx.body())
        return Response(200, self._check_run_json(r, run))

    def _list_annotations(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        run = self._ctx_check_run(ctx, r)
        page, links = self._page(ctx, run.annotations)
        return Response(200, [self._annotation_json(r, run, a) for a in page], links)

    def _list_check_runs_for_ref(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        sha = self._resolve_or_422(r, ctx.args[2])
        name = ctx.q("check_name")
        status = ctx.q("status")
        app_filter = ctx.q("app_id")
        runs = [
            run
            for run in sorted(r.check_runs.values(), key=lambda x: -x.id)
            if run.head_sha == sha
            and (name is None or run.name == name)
            and (app_filter is None or str(run.app_id) == app_filter)
        ]
        if ctx.q("filter", "latest") == "latest":  # the newest run of each name
            seen: set[str] = set()
            latest = []
            for run in runs:
                if run.name not in seen:
                    seen.add(run.name)
                    latest.append(run)
            runs = latest
        if status is not None:
            runs = [run for run in runs if run.status == status]
        page, links = self._page(ctx, runs)
        return Response(
            200, {"total_count": len(runs), "check_runs": [self._check_run_json(r, x) for x in page]}, links
        )

    # ------------------------------------------------------------------ issues, comments, labels
    def _get_issue(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        return Response(200, self._issue_json(r, self._ctx_issue(ctx, r, ctx.args[2])))

    def _list_comments(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        comments = issue.comments
        since = ctx.q("since")
        if since:
            comments = [c for c in comments if c.updated_at >= since]
        page, links = self._page(ctx, comments)
        return Response(200, [self._comment_json(r, issue, c) for c in page], links)

    def _comment_body(self, ctx: _Ctx) -> str:
        text = ctx.body().get("body")
        if not isinstance(text, str) or not text:
            raise validation_failed("IssueComment", "body", "missing_field")
        if len(text) > _MAX_COMMENT_CHARS:
            raise validation_failed(
                "IssueComment",
                "data",
                "unprocessable",
                f"Body is too long (maximum is {_MAX_COMMENT_CHARS} characters)",
            )
        return text

    def _create_comment(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        text = self._comment_body(ctx)
        login, app_id = self._actor(ctx)
        comment = self._new_comment(r, issue, text, login, app_id)
        return Response(
            201, self._comment_json(r, issue, comment), {"Location": self._comment_json(r, issue, comment)["url"]}
        )

    def _ctx_comment(self, ctx: _Ctx, r: _Repo) -> tuple[_Issue, _Comment]:
        found = self._comments.get(int(ctx.args[2]))
        if found is None or found[0] is not r:
            raise ApiError(404, "Not Found")
        return found[1], found[2]

    def _get_comment(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue, comment = self._ctx_comment(ctx, r)
        return Response(200, self._comment_json(r, issue, comment))

    def _update_comment(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue, comment = self._ctx_comment(ctx, r)
        comment.body = self._comment_body(ctx)
        comment.updated_at = _now()
        return Response(200, self._comment_json(r, issue, comment))

    def _delete_comment(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue, comment = self._ctx_comment(ctx, r)
        issue.comments.remove(comment)
        del self._comments[comment.id]
        return Response(204)

    def _label_names(self, ctx: _Ctx) -> list[str]:
        body = ctx.json
        if isinstance(body, dict):
            body = body.get("labels")
        if not isinstance(body, list):
            raise validation_failed("Label", "labels", "missing_field")
        names = []
        for item in body:
            name = item.get("name") if isinstance(item, dict) else item
            if not isinstance(name, str) or not name:
                raise validation_failed("Label", "name", "invalid")
            names.append(name)
        return names

    def _issue_labels_response(self, r: _Repo, issue: _Issue, status: int = 200) -> Response:
        return Response(status, [self._label_json(r, n) for n in issue.labels])

    def _list_issue_labels(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        page, links = self._page(ctx, issue.labels)
        return Response(200, [self._label_json(r, n) for n in page], links)

    def _add_issue_labels(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        self._set_issue_labels(r, issue, self._label_names(ctx))
        issue.updated_at = _now()
        return self._issue_labels_response(r, issue)

    def _set_issue_labels_api(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        names = self._label_names(ctx)
        issue.labels = []
        self._set_issue_labels(r, issue, names)
        issue.updated_at = _now()
        return self._issue_labels_response(r, issue)

    def _clear_issue_labels(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        issue.labels = []
        issue.updated_at = _now()
        return Response(204)

    def _remove_issue_label(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        issue = self._ctx_issue(ctx, r, ctx.args[2])
        name = ctx.args[3]
        kept = [n for n in issue.labels if n.lower() != name.lower()]
        if len(kept) == len(issue.labels):
            raise ApiError(404, "Label does not exist")
        issue.labels = kept
        issue.updated_at = _now()
        return self._issue_labels_response(r, issue)

    def _list_labels(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        page, links = self._page(ctx, [lab.name for lab in r.labels.values()])
        return Response(200, [self._label_json(r, n) for n in page], links)

    def _create_label(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        body = ctx.body()
        name = body.get("name")
        color = str(body.get("color") or "ededed").lstrip("#")
        if not isinstance(name, str) or not name:
            raise validation_failed("Label", "name", "missing_field")
        if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
            raise validation_failed("Label", "color", "invalid")
        if name.lower() in r.labels:
            raise validation_failed("Label", "name", "already_exists")
        r.labels[name.lower()] = _Label(next(self._ids), name, color.lower(), body.get("description"))
        return Response(201, self._label_json(r, name))

    def _get_label(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        name = ctx.args[2]
        if name.lower() not in r.labels:
            raise ApiError(404, "Not Found")
        return Response(200, self._label_json(r, name))

    # ------------------------------------------------------------------ contents
    def _media(self, ctx: _Ctx) -> str:
        """``raw``, ``object`` or ``json`` (the default), from the Accept header."""
        accept = next((v for k, v in ctx.headers.items() if k.lower() == "accept"), "") or ""
        for part in accept.split(","):
            mt = part.split(";")[0].strip().lower().removesuffix("+json")
            if mt in _RAW_MEDIA:
                return "raw"
            if mt in _OBJECT_MEDIA:
                return "object"
        return "json"

    @staticmethod
    def _too_large(limit: int) -> ApiError:
        message = _TOO_LARGE if limit == _MAX_CONTENT_BYTES else "The requested blob is too large to fetch (100 MB)."
        return ApiError(403, message, errors=[{"resource": "Blob", "field": "data", "code": "too_large"}],
                        documentation_url=f"{DOCS}/repos/contents#get-repository-content")

    def _get_blob(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        sha = ctx.args[2].lower()
        if r.git.object_type(sha) != "blob":
            raise ApiError(404, "Not Found")
        data = r.git.read_blob(sha)
        if len(data) > _MAX_BLOB_BYTES:
            raise self._too_large(_MAX_BLOB_BYTES)
        if self._media(ctx) == "raw":
            return Response(200, data, {"Content-Type": "application/vnd.github.raw; charset=utf-8"})
        encoded = base64.b64encode(data).decode()
        return Response(200, {
            "sha": sha,
            "node_id": _node_id("B", sha[:12]),
            "size": len(data),
            "url": f"{self._api_repo(r)}/git/blobs/{sha}",
            "content": "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n",
            "encoding": "base64",
        })

    def _get_contents(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        media = self._media(ctx)
        path = (ctx.args[2] if len(ctx.args) > 2 else "").strip("/")
        ref = ctx.q("ref") or r.default_branch
        sha = r.git.resolve(ref)
        if sha is None:
            raise ApiError(404, f"No commit found for the ref {ref}")
        entry = r.git.entry(sha, path)
        if entry is None:
            raise ApiError(404, "Not Found")
        if entry.type == "tree":
            listing = r.git.list_tree(f"{sha}:{path}" if path else f"{sha}^{{tree}}") or []
            items = []
            for e in listing:
                kind = {"tree": "dir", "commit": "submodule"}.get(e.type, "symlink" if e.mode == "120000" else "file")
                child = f"{path}/{e.name}" if path else e.name
                items.append(self._content_entry_json(r, child, ref, e.sha, kind, e.size or 0))
            if media == "object":
                out = self._content_entry_json(r, path, ref, entry.sha, "dir", 0)
                out["entries"] = items
                return Response(200, out)
            return Response(200, items)
        if entry.type != "blob":
            out = self._content_entry_json(r, path, ref, entry.sha, "submodule", 0)
            return Response(200, out)
        data = r.git.read_blob(entry.sha)
        if entry.mode == "120000":
            out = self._content_entry_json(r, path, ref, entry.sha, "symlink", len(data))
            out["target"] = data.decode("utf-8", "replace")
            return Response(200, out)
        if len(data) > _MAX_BLOB_BYTES or (len(data) > _MAX_CONTENT_BYTES and media == "json"):
            raise self._too_large(_MAX_CONTENT_BYTES if media == "json" else _MAX_BLOB_BYTES)
        if media == "raw":
            return Response(200, data, {"Content-Type": "application/vnd.github.raw; charset=utf-8"})
        out = self._content_entry_json(r, path, ref, entry.sha, "file", len(data))
        if len(data) > _MAX_CONTENT_BYTES:  # the object media type: no content, use the blobs API
            out.update({"content": "", "encoding": "none"})
        else:
            encoded = base64.b64encode(data).decode()
            out.update(
                {
                    "content": "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n",
                    "encoding": "base64",
                }
            )
        return Response(200, out)

    def _commit_idents(self, ctx: _Ctx, body: dict[str, Any]) -> tuple[Ident, Ident]:
        login, _ = self._actor(ctx)
        user = self._ensure_user(login)
        default = Ident(user.name or login, user.email or f"{user.id}+{login}@users.noreply.github.com")

        def ident(value: Any, fallback: Ident) -> Ident:
            if value is None:
                return fallback
            if not isinstance(value, dict) or not value.get("name") or not value.get("email"):
                raise validation_failed("Commit", "author", "invalid", "author and committer need name and email")
            return Ident(str(value["name"]), str(value["email"]), value.get("date"))

        committer = ident(body.get("committer"), default)
        author = ident(body.get("author"), committer)
        return author, committer

    def _write_prelude(self, ctx: _Ctx, r: _Repo, path: str) -> tuple[dict[str, Any], str, str | None, Any]:
        body = ctx.body()
        message = body.get("message")
        if not isinstance(message, str) or not message:
            raise ApiError(422, 'Invalid request.\n\n"message" wasn\'t supplied.')
        branch = body.get("branch") or r.default_branch
        tip = r.git.branch_sha(branch)
        if tip is None and r.git.branches():
            raise ApiError(404, f"Branch {branch} not found")
        entry = r.git.entry(tip, path) if tip else None
        return body, branch, tip, entry

    def _can_push(self, principal: _Principal, r: _Repo) -> bool:
        """Push access to ``r``: an installation (or a token scoped like one, e.g. a workflow's) with
        contents: write that sees it, else a user whose role is write or more."""
        scopes = self._scopes(principal)
        if principal.kind == "installation" or scopes is not None:
            return self._can_see(principal, r) and (scopes is None or scopes.get("contents") == "write")
        return _ROLE_LEVEL[self._role(r, principal.login or "")] >= _ROLE_LEVEL["write"]

    def _may_write_fork_branch(self, ctx: _Ctx, r: _Repo, branch: str) -> None:
        """GitHub's "Allow edits by maintainers": a fork's branch takes commits from its owners, and from
        whoever can push to the upstream repository of an open PR from that branch that allows it."""
        p = ctx.principal
        owner = _ROLE_LEVEL[self._role(r, p.login or "")] >= _ROLE_LEVEL["write"] if p.kind == "user" else (
            self._installations.get(p.installation_id or -1) is not None and self._can_see(p, r))
        if r.fork_of is None or owner:
            return
        for base in self._repos.values():
            for issue in base.issues.values():
                pull = issue.pull
                if pull is not None and issue.state == "open" and pull.head_repo.lower() == r.full_name.lower() \
                        and pull.head_ref == branch and pull.maintainer_can_modify and self._can_push(p, base):
                    return
        if p.kind == "installation":
            raise ApiError(403, _NOT_ACCESSIBLE)
        raise ApiError(404, "Not Found")

    def _put_contents(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        path = ctx.args[2].strip("/")
        body, branch, tip, entry = self._write_prelude(ctx, r, path)
        self._may_write_fork_branch(ctx, r, branch)
        content = body.get("content")
        if not isinstance(content, str):
            raise ApiError(422, 'Invalid request.\n\n"content" wasn\'t supplied.')
        try:
            data = base64.b64decode("".join(content.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(422, "content is not valid Base64") from None
        given = body.get("sha")
        if entry is not None and entry.type == "tree":
            raise ApiError(422, f"Invalid request.\n\n{path} is a directory.")
        if entry is not None and not given:
            raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if given and (entry is None or entry.sha != given):
            raise ApiError(409, f"{path} does not match {given}")
        if len(data) > _MAX_BLOB_BYTES:
            raise validation_failed("Blob", "data", "too_large", "File is too large (maximum is 100 MB)")
        self._refuse_by_rules(r, ctx, branch, "update" if tip else "creation", status=409)
        author, committer = self._commit_idents(ctx, body)
        new = r.git.commit_tree(tip, {path: data}, body["message"], author=author, committer=committer)
        r.git.update_ref(f"refs/heads/{branch}", new, tip if tip else "0" * len(new))
        blob = r.git.hash_blob(data)
        content_json = self._content_entry_json(r, path, branch, blob, "file", len(data))
        return Response(
            201 if entry is None else 200,
            {"content": content_json, "commit": self._git_commit_json(r, r.git.commit(new))},
        )

    def _delete_contents(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        path = ctx.args[2].strip("/")
        body, branch, tip, entry = self._write_prelude(ctx, r, path)
        given = body.get("sha")
        if not given:
            raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if entry is None or entry.type != "blob":
            raise ApiError(404, "Not Found")
        if entry.sha != given:
            raise ApiError(409, f"{path} does not match {given}")
        assert tip is not None
        self._refuse_by_rules(r, ctx, branch, "update", status=409)
        author, committer = self._commit_idents(ctx, body)
        new = r.git.commit_tree(tip, {path: None}, body["message"], author=author, committer=committer)
        r.git.update_ref(f"refs/heads/{branch}", new, tip)
        return Response(200, {"content": None, "commit": self._git_commit_json(r, r.git.commit(new))})

    # ------------------------------------------------------------------ permissions
    def _get_permission(self, ctx: _Ctx) -> Response:
        r = self._ctx_repo(ctx)
        user = self._users.get(ctx.args[2].lower())
        if user is None:
            raise ApiError(404, "Not Found")
        role = self._role(r, user.login)
        permission = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read"}.get(
            role, "none"
        )
        user_json = self._user_json(user.login)
        user_json["permissions"] = self._perm_flags(role)
        user_json["role_name"] = role
        return Response(200, {"permission": permission, "role_name": role, "user": user_json})


# ----------------------------------------------------------------------------- HTTP handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 makes bursts of parallel connections wait for SYN retries (1 s)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connections cut by the client or by ``stop()`` are not worth a traceback on stderr."""
        return


def _make_handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms ACK stalls
        server_version = "FakeGitHub/1.0"
        sys_version = ""

        def setup(self) -> None:
            super().setup()
            with fake._lock:
                fake._sockets.add(self.connection)

        def finish(self) -> None:
            try:
                super().finish()
            finally:
                with fake._lock:
                    fake._sockets.discard(self.connection)

        def _serve(self) -> None:
            try:
                fake._handle(self)
            except OSError:  # the connection went away
                self.close_connection = True
            except Exception:  # noqa: BLE001 - a bug of the fake outside an endpoint: kept for the test
                with fake._lock:
                    fake.server_errors.append(traceback.format_exc())
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
