# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Webhook payloads -> model values, validated field by field.

A payload is untrusted input: every field used is checked for its type and shape; a payload that
does not fit raises ``EventError`` naming the field (never a KeyError or a TypeError). Fields not
used are ignored. Events the bot does not handle give a plain ``Event``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from open_commons import jsonsafe
from open_commons.errors import CommonsError
from open_commons.model.github import (
    CheckRunEvent,
    Event,
    IssueCommentEvent,
    IssuesEvent,
    PingEvent,
    PullRequest,
    PullRequestEvent,
    PushEvent,
    Ref,
    Repository,
    User,
)

MAX_PAYLOAD_BYTES = 25 * 1024 * 1024  # GitHub caps deliveries at 25 MB
MAX_PAYLOAD_DEPTH = 32  # GitHub's payloads nest about 8 levels
_FULL_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$")
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_EVENT = re.compile(r"^[a-z_]{1,64}$")
_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
MAX_TEXT = 65536


class EventError(CommonsError):
    """A webhook payload that does not have the shape GitHub gives it."""


def _get(obj: Any, path: str) -> Any:
    node = obj
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise EventError(f"payload field {path!r} is missing")
        node = node[part]
    return node


def _opt(obj: Any, path: str) -> Any:
    try:
        return _get(obj, path)
    except EventError:
        return None


def _str(obj: Any, path: str, pattern: re.Pattern[str] | None = None, *, optional: bool = False,
         max_len: int = 1024) -> str:
    value = _opt(obj, path) if optional else _get(obj, path)
    if value is None and optional:
        return ""
    if not isinstance(value, str) or len(value) > max_len:
        raise EventError(f"payload field {path!r} is not a string of at most {max_len} characters")
    if pattern is not None and not pattern.match(value):
        raise EventError(f"payload field {path!r} has an unexpected value: {value[:80]!r}")
    return value


def _int(obj: Any, path: str, *, optional: bool = False) -> int:
    value = _opt(obj, path) if optional else _get(obj, path)
    if value is None and optional:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise EventError(f"payload field {path!r} is not a positive integer")
    return value


def _bool(obj: Any, path: str, default: bool = False) -> bool:
    value = _opt(obj, path)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise EventError(f"payload field {path!r} is not a boolean")
    return value


def user(obj: Any, path: str) -> User:
    node = _get(obj, path)
    if not isinstance(node, Mapping):
        raise EventError(f"payload field {path!r} is not a user")
    login = _str(node, "login", _LOGIN, max_len=64)
    kind = _str(node, "type", optional=True, max_len=32) or "User"
    return User(login, kind)


def repository(obj: Any, path: str) -> Repository:
    node = _get(obj, path)
    if not isinstance(node, Mapping):
        raise EventError(f"payload field {path!r} is not a repository")
    return Repository(
        full_name=_str(node, "full_name", _FULL_NAME, max_len=140),
        clone_url=_str(node, "clone_url", optional=True, max_len=2048),
        default_branch=_str(node, "default_branch", optional=True, max_len=255) or "main",
        private=_bool(node, "private"),
        fork=_bool(node, "fork"),
    )


def _ref(obj: Any, path: str) -> Ref:
    node = _get(obj, path)
    if not isinstance(node, Mapping):
        raise EventError(f"payload field {path!r} is not a ref")
    repo = repository(node, "repo") if isinstance(node.get("repo"), Mapping) else None
    return Ref(_str(node, "ref", max_len=255), _str(node, "sha", _SHA), repo)


def pull_request(obj: Any, path: str = "pull_request") -> PullRequest:
    node = _get(obj, path)
    if not isinstance(node, Mapping):
        raise EventError(f"payload field {path!r} is not a pull request")
    merged = _bool(node, "merged")
    merge_sha = _opt(node, "merge_commit_sha")
    if merge_sha is not None and (not isinstance(merge_sha, str) or not _SHA.match(merge_sha)):
        raise EventError(f"payload field '{path}.merge_commit_sha' is not a commit sha")
    merged_at = _str(node, "merged_at", _TS, optional=True, max_len=40) or None
    if merged and (merge_sha is None or merged_at is None):
        raise EventError(f"payload field {path!r} says merged without merge_commit_sha and merged_at")
    state = _str(node, "state", re.compile(r"^(open|closed)$"))
    return PullRequest(
        number=_int(node, "number"),
        title=_str(node, "title", max_len=1024),
        state=state,
        author=user(node, "user"),
        head=_ref(node, "head"),
        base=_ref(node, "base"),
        merged=merged,
        merge_sha=merge_sha,
        merged_at=merged_at,
        draft=_bool(node, "draft"),
        author_association=_str(node, "author_association", optional=True, max_len=32) or "NONE",
    )


def _labels(node: Any, path: str) -> tuple[str, ...]:
    raw = _opt(node, path) or []
    if not isinstance(raw, list):
        raise EventError(f"payload field {path!r} is not a list")
    out = []
    for i, label in enumerate(raw):
        out.append(_str(label, "name", max_len=100) if isinstance(label, Mapping) else _str({"n": label}, "n"))
        del i
    return tuple(out)


def parse(name: str, payload: Any, delivery: str = "") -> Event:
    """A validated event from the ``X-GitHub-Event`` name and the decoded JSON payload."""
    if not isinstance(name, str) or not _EVENT.match(name):
        raise EventError(f"unknown event name {str(name)[:40]!r}")
    if not isinstance(payload, Mapping):
        raise EventError("the payload is not a JSON object")
    action = _str(payload, "action", optional=True, max_len=64)
    repo = repository(payload, "repository") if isinstance(payload.get("repository"), Mapping) else None
    sender = user(payload, "sender") if isinstance(payload.get("sender"), Mapping) else None
    installation = _int(payload, "installation.id", optional=True) or None
    common: dict[str, Any] = dict(name=name, action=action, repo=repo, sender=sender,
                                  installation_id=installation, delivery=delivery)
    if name == "ping":
        return PingEvent(**common, zen=_str(payload, "zen", optional=True), hook_id=_int(payload, "hook_id", optional=True) or None)
    if name in ("pull_request", "pull_request_target"):
        if repo is None:
            raise EventError("payload field 'repository' is missing")
        pull = pull_request(payload)
        return PullRequestEvent(**common, pull=pull)
    if name == "issue_comment":
        if repo is None:
            raise EventError("payload field 'repository' is missing")
        issue = _get(payload, "issue")
        if not isinstance(issue, Mapping):
            raise EventError("payload field 'issue' is not an object")
        return IssueCommentEvent(
            **common,
            number=_int(issue, "number"),
            on_pull=isinstance(issue.get("pull_request"), Mapping),
            comment_id=_int(payload, "comment.id"),
            body=_str(payload, "comment.body", max_len=MAX_TEXT, optional=True),
            author=user(payload, "comment.user"),
            author_association=_str(payload, "comment.author_association", optional=True, max_len=32) or "NONE",
            issue_author=user(issue, "user"),
        )
    if name == "check_run":
        if repo is None:
            raise EventError("payload field 'repository' is missing")
        run = _get(payload, "check_run")
        pulls = _opt(run, "pull_requests") or []
        if not isinstance(pulls, list):
            raise EventError("payload field 'check_run.pull_requests' is not a list")
        numbers = tuple(_int(p, "number") for p in pulls)
        return CheckRunEvent(
            **common,
            check_run_id=_int(run, "id"),
            check_name=_str(run, "name", max_len=255),
            head_sha=_str(run, "head_sha", _SHA),
            pull_numbers=numbers,
            app_id=_int(run, "app.id", optional=True) or None,
        )
    if name == "issues":
        if repo is None:
            raise EventError("payload field 'repository' is missing")
        issue = _get(payload, "issue")
        return IssuesEvent(
            **common,
            number=_int(issue, "number"),
            title=_str(issue, "title", max_len=1024),
            body=_str(issue, "body", optional=True, max_len=MAX_TEXT),
            labels=_labels(issue, "labels"),
            author=user(issue, "user"),
        )
    if name == "push":
        if repo is None:
            raise EventError("payload field 'repository' is missing")
        return push(payload, common)
    return Event(**common)


PUSH_COMMITS_LISTED = 20  # a push payload lists at most this many commits
MAX_PUSH_PATHS = 10_000


def push(payload: Mapping[str, Any], common: Mapping[str, Any]) -> PushEvent:
    """A ``push`` payload: its branch, new tip and the paths its listed commits touched."""
    commits = _opt(payload, "commits") or []
    if not isinstance(commits, list):
        raise EventError("payload field 'commits' is not a list")
    paths: list[str] = []
    for commit in commits:
        if not isinstance(commit, Mapping):
            raise EventError("payload field 'commits' holds something that is not a commit")
        for key in ("added", "modified", "removed"):
            listed = commit.get(key) or []
            if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
                raise EventError(f"payload field 'commits.{key}' is not a list of paths")
            paths += listed
    return PushEvent(**common, ref=_str(payload, "ref", optional=True, max_len=255),
                     before=_str(payload, "before", _SHA, optional=True),
                     after=_str(payload, "after", _SHA, optional=True), deleted=_bool(payload, "deleted"), paths=tuple(sorted(set(paths)))[:MAX_PUSH_PATHS],
                     truncated=len(commits) >= PUSH_COMMITS_LISTED or len(paths) > MAX_PUSH_PATHS)


def load_json(raw: bytes) -> Any:
    """A delivery body or an event file as JSON (UTF-8, size capped; too deep is an error)."""
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise EventError("the payload is larger than 25 MB")
    try:
        return jsonsafe.loads(raw, max_depth=MAX_PAYLOAD_DEPTH, max_bytes=MAX_PAYLOAD_BYTES, expect=dict)
    except jsonsafe.JsonInputError as err:
        raise EventError(f"the payload is refused: {err}") from None


def parse_bytes(name: str, raw: bytes, delivery: str = "") -> Event:
    """Decode a delivery body (UTF-8 JSON, size capped) and parse it."""
    return parse(name, load_json(raw), delivery)
