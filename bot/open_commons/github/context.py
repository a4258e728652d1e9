# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What every handler gets: the GitHub port, where the git objects are, the clock."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from open_commons.errors import GitError
from open_commons.github.client import GitHubPort
from open_commons.model.github import PullRequest, Repository


class Workspace(Protocol):
    """A git checkout of the base repository holding the commits a handler needs.

    ``prepare`` returns its root, with the working tree at ``checkout`` (a trusted commit of the
    base repository: its commons.yaml and partners/ are the policy) and ``shas`` readable as git
    objects. Nothing is executed from them.
    """

    def prepare(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
                shas: Sequence[str] = ()) -> Path: ...


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-C", str(root), *args],
                          capture_output=True, check=False)


def has_commit(root: Path, sha: str) -> bool:
    return _git(root, "cat-file", "-e", f"{sha}^{{commit}}").returncode == 0


@dataclass
class LocalWorkspace:
    """The checkout GitHub Actions made (``actions/checkout`` with ``fetch-depth: 0``)."""

    root: Path

    def prepare(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
                shas: Sequence[str] = ()) -> Path:
        missing = [s for s in (checkout, *shas) if s and not has_commit(self.root, s)]
        if missing:
            raise GitError(f"commit(s) {', '.join(m[:12] for m in missing)} not in {self.root}: fetch them "
                           "first (actions/checkout with fetch-depth: 0, and the PR head as data)")
        return self.root


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


@dataclass
class Bot:
    port: GitHubPort
    workspace: Workspace
    clock: Callable[[], str] = today
    details: dict[str, object] = field(default_factory=dict)
