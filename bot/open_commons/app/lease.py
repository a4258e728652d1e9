# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A lease: a private working tree of one commit, for one bot delivery, removed after it.

Two deliveries on one repository never share a working tree: each reads the policy
(commons.yaml, partners/) and the files of *its* commit, whatever the other does meanwhile.
The tree is a ``git worktree`` of the repository's objects, checked out by the hardened git
runner (no hook, filter or fsmonitor runs); the PR head is never checked out, only read as
git objects by the checks.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from open_commons.sources.gitrun import Git

_guards: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def repository_lock(git_root: Path) -> threading.Lock:
    """One lock per repository for what changes its shared state (fetch, worktree add/remove)."""
    with _guard:
        return _guards.setdefault(str(Path(git_root).resolve()), threading.Lock())


@contextlib.contextmanager
def worktree(git_root: Path, commit: str) -> Iterator[Path]:
    """A working tree of ``commit`` of the repository at ``git_root``, for the ``with`` block only."""
    git = Git(git_root)
    holder = Path(tempfile.mkdtemp(prefix="commons-lease-"))
    target = holder / "tree"
    lock = repository_lock(git_root)
    try:
        with lock:
            sha = git.out("rev-parse", "--verify", "-q", f"{commit}^{{commit}}").strip()
            git.run("worktree", "add", "--detach", "--force", "--quiet", str(target), sha)
        yield target
    finally:
        with lock:
            git.run("worktree", "remove", "--force", str(target), check=False)
            git.run("worktree", "prune", check=False)
        shutil.rmtree(holder, ignore_errors=True)
