# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""GitHub events and objects as the bot sees them, once validated. Standard library only.

``open_commons.github.events`` builds these from webhook payloads (never trusting a field
blindly); ``open_commons.github.client`` builds the API ones from PyGithub objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MARKER = "<!-- open-commons:report -->"


@dataclass(frozen=True)
class User:
    login: str
    type: str = "User"  # User, Bot, Organization

    @property
    def is_bot(self) -> bool:
        return self.type == "Bot" or self.login.endswith("[bot]")


@dataclass(frozen=True)
class Repository:
    full_name: str  # owner/name
    clone_url: str = ""
    default_branch: str = "main"
    private: bool = False
    fork: bool = False

    @property
    def owner(self) -> str:
        return self.full_name.split("/", 1)[0]


@dataclass(frozen=True)
class Ref:
    """One side of a pull request: a branch of a repository at a commit."""

    ref: str
    sha: str
    repo: Repository | None  # None when the fork was deleted


@dataclass(frozen=True)
class PullRequest:
    number: int
    title: str
    state: str  # open | closed
    author: User
    head: Ref
    base: Ref
    merged: bool = False
    merge_sha: str | None = None
    merged_at: str | None = None
    draft: bool = False
    author_association: str = "NONE"
    maintainer_can_modify: bool = False

    @property
    def from_fork(self) -> bool:
        return self.head.repo is None or self.head.repo.full_name.lower() != (
            self.base.repo.full_name.lower() if self.base.repo else "")


@dataclass(frozen=True)
class Event:
    """What every delivery has: its name, action, repository, sender and installation."""

    name: str  # X-GitHub-Event
    action: str
    repo: Repository | None
    sender: User | None
    installation_id: int | None = None
    delivery: str = ""


@dataclass(frozen=True)
class PullRequestEvent(Event):
    pull: PullRequest | None = None


@dataclass(frozen=True)
class IssueCommentEvent(Event):
    number: int = 0
    on_pull: bool = False
    comment_id: int = 0
    body: str = ""
    author: User | None = None
    author_association: str = "NONE"
    issue_author: User | None = None


@dataclass(frozen=True)
class CheckRunEvent(Event):
    check_run_id: int = 0
    check_name: str = ""
    head_sha: str = ""
    pull_numbers: tuple[int, ...] = ()
    app_id: int | None = None


@dataclass(frozen=True)
class IssuesEvent(Event):
    number: int = 0
    title: str = ""
    body: str = ""
    labels: tuple[str, ...] = ()
    author: User | None = None


@dataclass(frozen=True)
class PushEvent(Event):
    """A push: the branch, the new tip, and the paths its commits touched (as the payload lists them)."""

    ref: str = ""  # refs/heads/<branch>
    before: str = ""
    after: str = ""
    deleted: bool = False
    paths: tuple[str, ...] = ()  # added, modified and removed, over the payload's commits
    truncated: bool = False  # the payload lists at most 20 commits: ``paths`` may be incomplete

    @property
    def branch(self) -> str:
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else ""


@dataclass(frozen=True)
class PingEvent(Event):
    zen: str = ""
    hook_id: int | None = None


# --- what the API returns -----------------------------------------------------


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: User


@dataclass(frozen=True)
class Review:
    id: int
    author: User
    body: str
    commit_id: str
    state: str = "COMMENTED"


@dataclass(frozen=True)
class ReviewComment:
    """A comment on lines ``start_line``..``line`` of a file of the PR's head (right side of the diff)."""

    path: str
    line: int
    body: str
    start_line: int | None = None


@dataclass(frozen=True)
class CheckRun:
    id: int
    name: str
    head_sha: str
    status: str
    conclusion: str | None = None
    annotations_count: int = 0


@dataclass(frozen=True)
class Annotation:
    path: str
    start_line: int
    end_line: int
    level: str  # notice | warning | failure
    message: str
    title: str = ""


@dataclass(frozen=True)
class CheckOutput:
    title: str
    summary: str
    text: str = ""
    annotations: tuple[Annotation, ...] = ()


@dataclass(frozen=True)
class FileContent:
    text: str
    sha: str


@dataclass(frozen=True)
class Outcome:
    """What handling one event did, for the log line and the tests."""

    handler: str
    status: str  # done | ignored | error
    detail: str = ""
    data: dict[str, object] = field(default_factory=dict, compare=False)
