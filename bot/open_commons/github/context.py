# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What every handler gets: the GitHub port, where the git objects are, the clock."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from open_commons.app.lease import repository_lock, worktree
from open_commons.errors import GitError
from open_commons.github.client import GitHubPort
from open_commons.model.github import PullRequest, Repository
from open_commons.sources.gitrun import Git


class Workspace(Protocol):
    """Where the git objects of the base repository are, and leases of its commits.

    ``lease`` yields a private working tree at ``checkout`` (a trusted commit of the base
    repository: its commons.yaml and partners/ are the policy) in which ``shas`` (the PR head…)
    are readable as git objects; the tree is removed after the ``with`` block. Nothing of it is
    executed, and no other delivery touches it.
    """

    def lease(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
              shas: Sequence[str] = ()) -> contextlib.AbstractContextManager[Path]: ...


def has_commit(root: Path, sha: str) -> bool:
    return Git(root).has_commit(sha)


def auth_settings(token: str | None, url: str) -> dict[str, str]:
    """The token as an HTTP header for git (never in a URL, on disk or on a command line), https only."""
    if not token or not url.startswith("https://"):
        return {}
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return {"http.extraHeader": f"AUTHORIZATION: basic {basic}"}


@dataclass
class LocalWorkspace:
    """The checkout GitHub Actions made (``actions/checkout`` with ``fetch-depth: 0``).

    A PR head that is not there yet is fetched from ``remote`` as git objects
    (``refs/pull/N/head``), with ``token`` when one is given.
    """

    root: Path
    token: str | None = None
    remote: str = "origin"

    def _fetch_pull(self, pull: PullRequest) -> None:
        git = Git(self.root)
        url = git.run("remote", "get-url", self.remote, check=False).stdout.decode().strip()
        if not url:
            return
        fetcher = Git(self.root, extra_settings=auth_settings(self.token, url), secret=self.token)
        with repository_lock(self.root):
            fetcher.run("fetch", "-q", "--no-tags", "--no-recurse-submodules", self.remote,
                        f"+refs/pull/{int(pull.number)}/head:refs/remotes/pr/{int(pull.number)}", check=False)

    @contextlib.contextmanager
    def lease(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
              shas: Sequence[str] = ()) -> Iterator[Path]:
        git = Git(self.root)
        if pull is not None and not git.has_commit(pull.head.sha):
            self._fetch_pull(pull)
        missing = [s for s in (checkout, *shas) if s and not git.has_commit(s)]
        if missing:
            raise GitError(f"commit(s) {', '.join(m[:12] for m in missing)} not in {self.root}: fetch them "
                           "first (actions/checkout with fetch-depth: 0, and the PR head as data)")
        with worktree(self.root, checkout) as tree:
            yield tree


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


@dataclass
class Bot:
    port: GitHubPort
    workspace: Workspace
    clock: Callable[[], str] = today
    details: dict[str, object] = field(default_factory=dict)
