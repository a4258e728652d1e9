# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A cached clone of the base repository, fetched with the installation token (GitHub App mode).

The PR head is fetched as git objects only; the working tree holds the trusted base commit (its
commons.yaml and partners/). Git runs with hooks, submodules and credential helpers off; the
token travels in an ``http.extraHeader`` given through the environment (never in a URL or on
disk); the clone is refused when it grows beyond ``max_bytes``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from open_commons.app.lease import repository_lock, worktree
from open_commons.errors import GitError
from open_commons.github.context import auth_settings
from open_commons.model.github import PullRequest, Repository
from open_commons.sources.gitrun import Git

MAX_BYTES = 500 * 1024 * 1024
_SAFE_REF = re.compile(r"^[A-Za-z0-9._/-]{1,255}$")


@dataclass
class CachedClone:
    cache_dir: Path
    token: str | None = None
    url_for: Callable[[str], str] = field(default=lambda url: url)  # tests map clone URLs to local paths
    max_bytes: int = MAX_BYTES

    def _env(self, url: str) -> dict[str, str]:
        return Git(self.cache_dir, extra_settings=auth_settings(self.token, url)).env

    def _git(self, root: Path, url: str, *args: str) -> None:
        Git(root, extra_settings=auth_settings(self.token, url), secret=self.token).run(*args)

    def _size(self, root: Path) -> int:
        out = Git(root).run("count-objects", "-v", check=False).stdout.decode()
        sizes = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
        return (int(sizes.get("size", 0)) + int(sizes.get("size-pack", 0))) * 1024

    def fetch(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
              shas: Sequence[str] = ()) -> Path:
        """The clone of ``repo`` holding ``checkout``, ``shas`` and the PR head as git objects."""
        root = self.cache_dir / repo.full_name.replace("/", "__")
        root.mkdir(parents=True, exist_ok=True)
        with repository_lock(root):
            base_url = self.url_for(repo.clone_url or f"https://github.com/{repo.full_name}.git")
            if not (root / ".git").is_dir():
                self._git(root, base_url, "init", "-q")
            git = Git(root)
            wanted = [s for s in (checkout, *shas) if s]
            if any(not git.has_commit(s) for s in wanted):
                self._git(root, base_url, "fetch", "-q", "--no-tags", "--no-recurse-submodules", base_url,
                          "+refs/heads/*:refs/remotes/origin/*")
            if pull is not None and not git.has_commit(pull.head.sha):
                if pull.head.repo is not None and _SAFE_REF.match(pull.head.ref):
                    head_url = self.url_for(pull.head.repo.clone_url
                                            or f"https://github.com/{pull.head.repo.full_name}.git")
                    try:
                        self._git(root, head_url, "fetch", "-q", "--no-tags", "--no-recurse-submodules", head_url,
                                  f"+refs/heads/{pull.head.ref}:refs/remotes/pr/{int(pull.number)}")
                    except GitError:
                        pass
                if not git.has_commit(pull.head.sha):  # pushed again since, or a deleted fork
                    self._git(root, base_url, "fetch", "-q", "--no-tags", base_url,
                              f"+refs/pull/{int(pull.number)}/head:refs/remotes/pr/{int(pull.number)}")
            if self._size(root) > self.max_bytes:
                raise GitError(f"the clone of {repo.full_name} is larger than {self.max_bytes} bytes: refused")
            missing = [s for s in wanted if not git.has_commit(s)]
            if missing:
                raise GitError(f"commit(s) {', '.join(m[:12] for m in missing)} not found in {repo.full_name}")
        return root

    @contextlib.contextmanager
    def lease(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
              shas: Sequence[str] = ()) -> Iterator[Path]:
        """A private working tree of ``checkout`` for one delivery (see ``app.lease``)."""
        root = self.fetch(repo, checkout, pull, shas)
        with worktree(root, checkout) as tree:
            yield tree
