# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""An in-memory GitHub behind the bot's ``GitHubPort``: handlers tested without HTTP or processes.

It keeps what the REST API keeps (check runs with their annotations, comments, labels, files with
a blob sha) and answers like it where the bot depends on it: a write with a stale sha is a
``Conflict``, an unknown pull request is ``NotFound``. The contract with GitHub itself is checked
by the HTTP fake (``tests/github_fake``); this one is for speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from open_commons.github.client import Conflict, NotFound
from open_commons.model.github import (
    CheckOutput,
    CheckRun,
    Comment,
    FileContent,
    PullRequest,
    Repository,
    Review,
    ReviewComment,
    User,
)
from open_commons.model.ledger import CoAuthor
from open_commons.model.ledger import FileChange as PRFile

BOT = User("open-commons[bot]", "Bot")


@dataclass
class Run:
    id: int
    name: str
    head_sha: str
    status: str = "in_progress"
    conclusion: str | None = None
    outputs: list[CheckOutput] = field(default_factory=list)

    @property
    def annotations(self) -> list[str]:
        return [a.title for o in self.outputs for a in o.annotations]


@dataclass
class MemoryGitHub:
    pulls: dict[int, PullRequest] = field(default_factory=dict)
    files: dict[int, list[PRFile]] = field(default_factory=dict)
    co_authors: dict[int, list[CoAuthor]] = field(default_factory=dict)
    approvers: dict[int, list[str]] = field(default_factory=dict)
    patches: dict[int, dict[str, str | None]] = field(default_factory=dict)
    posted_reviews: dict[int, list[tuple[Review, list[ReviewComment]]]] = field(default_factory=dict)
    permissions: dict[str, str] = field(default_factory=dict)
    runs: dict[int, Run] = field(default_factory=dict)
    issue_comments: dict[int, list[Comment]] = field(default_factory=dict)
    issue_labels: dict[int, list[str]] = field(default_factory=dict)
    repo_labels: set[str] = field(default_factory=set)
    branches: dict[str, str] = field(default_factory=lambda: {"main": "0" * 40})
    contents: dict[tuple[str, str], str] = field(default_factory=dict)
    conflicts_to_inject: int = 0
    calls: list[str] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def _log(self, what: str) -> None:
        self.calls.append(what)

    def get_pull(self, repo: str, number: int) -> PullRequest:
        self._log(f"get_pull {number}")
        if number not in self.pulls:
            raise NotFound(f"pull {number}")
        return self.pulls[number]

    def open_pulls_for_sha(self, repo: str, sha: str) -> list[int]:
        return [n for n, p in self.pulls.items() if p.state == "open" and p.head.sha == sha]

    def pull_files(self, repo: str, number: int) -> list[PRFile]:
        return list(self.files.get(number, []))

    def pull_co_authors(self, repo: str, number: int) -> list[CoAuthor]:
        return list(self.co_authors.get(number, []))

    def pull_approvers(self, repo: str, number: int) -> list[str]:
        return list(self.approvers.get(number, []))

    def permission(self, repo: str, login: str) -> str:
        return self.permissions.get(login.lower(), "read")

    def pull_patches(self, repo: str, number: int) -> dict[str, str | None]:
        return dict(self.patches.get(number, {}))

    def reviews(self, repo: str, number: int) -> list[Review]:
        return [r for r, _comments in self.posted_reviews.get(number, [])]

    def create_review(self, repo: str, number: int, commit_id: str, body: str,
                      comments: Sequence[ReviewComment]) -> int:
        review = Review(next(self._ids), BOT, body, commit_id)
        self.posted_reviews.setdefault(number, []).append((review, list(comments)))
        self._log(f"create_review {number}")
        return review.id

    def check_runs(self, repo: str, sha: str, name: str) -> list[CheckRun]:
        return [CheckRun(r.id, r.name, r.head_sha, r.status, r.conclusion, len(r.annotations))
                for r in self.runs.values() if r.head_sha == sha and r.name == name]

    def create_check_run(self, repo: str, name: str, sha: str) -> CheckRun:
        run = Run(next(self._ids), name, sha)
        self.runs[run.id] = run
        self._log(f"create_check_run {sha[:7]}")
        return CheckRun(run.id, name, sha, run.status)

    def update_check_run(self, repo: str, run_id: int, output: CheckOutput, *, conclusion: str | None) -> None:
        assert len(output.annotations) <= 50, "GitHub takes at most 50 annotations a request"
        run = self.runs[run_id]
        run.outputs.append(output)
        if conclusion is not None:
            run.status, run.conclusion = "completed", conclusion

    def comments(self, repo: str, number: int) -> list[Comment]:
        return list(self.issue_comments.get(number, []))

    def create_comment(self, repo: str, number: int, body: str) -> int:
        cid = next(self._ids)
        self.issue_comments.setdefault(number, []).append(Comment(cid, body, BOT))
        self._log(f"create_comment {number}")
        return cid

    def edit_comment(self, repo: str, comment_id: int, body: str) -> None:
        for number, items in self.issue_comments.items():
            for i, c in enumerate(items):
                if c.id == comment_id:
                    items[i] = Comment(c.id, body, c.author)
                    self._log(f"edit_comment {number}")
                    return
        raise NotFound(f"comment {comment_id}")

    def delete_comment(self, repo: str, comment_id: int) -> None:
        for items in self.issue_comments.values():
            items[:] = [c for c in items if c.id != comment_id]

    def labels(self, repo: str, number: int) -> list[str]:
        return list(self.issue_labels.get(number, []))

    def ensure_label(self, repo: str, name: str, color: str = "ededed") -> None:
        self.repo_labels.add(name)

    def add_labels(self, repo: str, number: int, names: Sequence[str]) -> None:
        current = self.issue_labels.setdefault(number, [])
        for n in names:
            assert n in self.repo_labels, f"label {n!r} added before it exists"
            if n not in current:
                current.append(n)

    def remove_label(self, repo: str, number: int, name: str) -> None:
        self.issue_labels[number] = [n for n in self.issue_labels.get(number, []) if n != name]

    def branch_sha(self, repo: str, branch: str) -> str | None:
        return self.branches.get(branch)

    def create_branch(self, repo: str, branch: str, sha: str) -> None:
        self.branches[branch] = sha

    def read_file(self, repo: str, path: str, ref: str) -> FileContent | None:
        text = self.contents.get((ref, path))
        return None if text is None else FileContent(text, _blob_sha(text))

    def write_file(self, repo: str, path: str, branch: str, text: str, message: str, sha: str | None) -> None:
        current = self.contents.get((branch, path))
        if self.conflicts_to_inject:
            self.conflicts_to_inject -= 1
            raise Conflict("409: is at another sha")
        if (current is None) != (sha is None) or (current is not None and _blob_sha(current) != sha):
            raise Conflict("409: sha does not match")
        self.contents[(branch, path)] = text
        self._log(f"write_file {path}")


def _blob_sha(text: str) -> str:
    data = text.encode()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class FolderLeases:
    """A workspace whose every lease is one prepared folder (the policy files, no git)."""

    root: Path
    leased: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def lease(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
              shas: Sequence[str] = ()) -> Iterator[Path]:
        self.leased.append(checkout)
        yield self.root
