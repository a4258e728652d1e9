# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons doctor`` as values: what a repository's setup was found to be, check by check.

Standard library only. ``Diagnosis`` is what the use case (``app/doctor.py``) returns and the
reporters print; ``SetupPort`` is what it reads from GitHub (``github/doctor.py`` implements it over
PyGithub, the tests in memory); ``Workflow`` is a workflow file as the checks see it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from open_commons.model import Message

GITHUB_ACTIONS_APP_ID = 15368  # the App a workflow's GITHUB_TOKEN acts for (github-actions)


class Status(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"  # not run: no token, another route, or GitHub could not be read before it

    @property
    def mark(self) -> str:
        return {"ok": "✓", "warning": "!", "error": "✗", "skipped": "-"}[self.value]


@dataclass(frozen=True)
class CheckInfo:
    """One check of ``commons doctor``: a stable code, what it looks at, and how to fix it in general."""

    code: str  # DOC001…
    name: str  # kebab-case, stable
    where: str  # "local" (the checkout) or "github" (through the API, with a token)
    title: str  # N_() template: what is checked
    fix: str  # N_() template: how to fix it when nothing more precise is known


@dataclass(frozen=True)
class Result:
    """The outcome of one check: ``details`` say what was found (a line each), ``fix`` how to fix it."""

    check: CheckInfo
    status: Status
    details: tuple[Message, ...] = ()
    fix: Message | None = None


@dataclass(frozen=True)
class Diagnosis:
    results: tuple[Result, ...]
    repository: str = ""  # owner/name, when known
    api_url: str = ""  # the API read, when a token was given
    route: str = "actions"  # actions (workflows) or app (commons bot serve)
    notes: tuple[Message, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def exit_code(self) -> int:
        """0 nothing to fix (warnings allowed), 1 a problem to fix."""
        return 1 if self.count(Status.ERROR) else 0


# --------------------------------------------------------------------------- workflows


@dataclass(frozen=True)
class Job:
    id: str
    name: str  # the name its check run gets: ``name:``, else the job id
    permissions: Mapping[str, str] | None  # the GITHUB_TOKEN's, as the job states them (None: not stated)
    commands: tuple[str, ...] = ()  # the bot's commands it runs: report, publish, handle, check, site, access
    uses: tuple[str, ...] = ()  # the actions of its steps (owner/name, without the version)


@dataclass(frozen=True)
class Workflow:
    path: str  # .github/workflows/x.yml
    name: str  # ``name:``, else the path (what ``workflow_run.workflows`` names)
    triggers: Mapping[str, Mapping[str, object]]  # event -> its settings ({} when none)
    jobs: tuple[Job, ...] = ()
    problem: str = ""  # why it could not be read ("" when it was)

    def runs(self, command: str) -> bool:
        return any(command in j.commands for j in self.jobs)

    def jobs_running(self, command: str) -> tuple[Job, ...]:
        return tuple(j for j in self.jobs if command in j.commands)


# --------------------------------------------------------------------------- what GitHub says


@dataclass(frozen=True)
class RequiredCheck:
    context: str
    app_id: int | None = None  # the App that must report it (None: any)


@dataclass(frozen=True)
class RepoFacts:
    full_name: str
    default_branch: str
    private: bool = False
    role: str | None = None  # admin, maintain, write, triage, read: the token's (None: GitHub did not say)


@dataclass(frozen=True)
class BranchFacts:
    name: str
    protected: bool
    required_checks: tuple[RequiredCheck, ...] = ()  # of a branch protection rule, as any reader sees them


@dataclass(frozen=True)
class ClassicProtection:
    """A branch protection rule (Settings > Branches), as its admins see it."""

    required_checks: tuple[RequiredCheck, ...] = ()
    requires_pull_request: bool = False
    push_restricted: bool = False  # only the people, teams and Apps listed may push
    push_apps: tuple[str, ...] = ()  # slugs of the Apps listed
    lock_branch: bool = False
    allow_force_pushes: bool = False
    allow_deletions: bool = False


@dataclass(frozen=True)
class BranchRule:
    """An active rule of a ruleset that applies to a branch (``GET rules/branches/{branch}``)."""

    type: str  # pull_request, required_status_checks, update, creation, deletion, non_fast_forward…
    ruleset_id: int | None = None
    source: str = ""  # the repository or organisation the ruleset belongs to
    required_checks: tuple[RequiredCheck, ...] = ()


@dataclass(frozen=True)
class Ruleset:
    id: int
    name: str
    bypass_apps: tuple[int, ...] | None = None  # Apps that may bypass it (None: the list is not shown to this token)


@dataclass(frozen=True)
class PagesFacts:
    build_type: str | None  # workflow (GitHub Actions) or legacy (a branch)
    source_branch: str | None = None
    html_url: str = ""


class SetupPort(Protocol):
    """The repository settings ``commons doctor`` reads from GitHub. A missing thing is None or empty;
    a refusal raises ``GitHubDenied``, no answer ``GitHubUnreachable`` (``open_commons.errors``)."""

    def repository(self, repo: str) -> RepoFacts | None: ...
    def labels(self, repo: str) -> tuple[str, ...]: ...
    def branch(self, repo: str, branch: str) -> BranchFacts | None: ...
    def protection(self, repo: str, branch: str) -> ClassicProtection | None: ...
    def branch_rules(self, repo: str, branch: str) -> tuple[BranchRule, ...]: ...
    def ruleset(self, repo: str, ruleset_id: int) -> Ruleset | None: ...
    def pages(self, repo: str) -> PagesFacts | None: ...
