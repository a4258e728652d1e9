# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A cached clone of the base repository, fetched with the installation token (GitHub App mode).

The PR head is fetched as git objects only; the working tree holds the trusted base commit (its
commons.yaml and partners/). Git runs with hooks, submodules and credential helpers off; the
token travels in an ``http.extraHeader`` given through the environment (never in a URL or on
disk); the clone is refused when it grows beyond ``max_bytes``.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from open_commons.errors import GitError
from open_commons.github.context import has_commit
from open_commons.model.github import PullRequest, Repository

MAX_BYTES = 500 * 1024 * 1024
_SAFE_REF = re.compile(r"^[A-Za-z0-9._/-]{1,255}$")


@dataclass
class CachedClone:
    cache_dir: Path
    token: str | None = None
    url_for: Callable[[str], str] = field(default=lambda url: url)  # tests map clone URLs to local paths
    max_bytes: int = MAX_BYTES
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def _env(self, url: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        extra = {"core.hooksPath": "/dev/null", "credential.helper": "", "submodule.recurse": "false",
                 "protocol.ext.allow": "never", "core.fsmonitor": "false"}
        if self.token and url.startswith("https://"):
            basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
            extra["http.extraHeader"] = f"AUTHORIZATION: basic {basic}"
        env["GIT_CONFIG_COUNT"] = str(len(extra))
        for i, (k, v) in enumerate(extra.items()):
            env[f"GIT_CONFIG_KEY_{i}"], env[f"GIT_CONFIG_VALUE_{i}"] = k, v
        env["GIT_TERMINAL_PROMPT"] = "0"
        return env

    def _git(self, root: Path, url: str, *args: str) -> None:
        proc = subprocess.run(["git", "-C", str(root), *args], env=self._env(url), capture_output=True, check=False,
                              timeout=600)
        if proc.returncode != 0:
            message = proc.stderr.decode(errors="replace").strip().replace(self.token or "\0", "***")
            raise GitError(f"git {args[0]} failed: {message[-500:]}")

    def _size(self, root: Path) -> int:
        out = subprocess.run(["git", "-C", str(root), "count-objects", "-v"], capture_output=True, check=False)
        sizes = dict(line.split(": ", 1) for line in out.stdout.decode().splitlines() if ": " in line)
        return (int(sizes.get("size", 0)) + int(sizes.get("size-pack", 0))) * 1024

    def prepare(self, repo: Repository, checkout: str, pull: PullRequest | None = None,
                shas: Sequence[str] = ()) -> Path:
        root = self.cache_dir / repo.full_name.replace("/", "__")
        with self._guard:
            lock = self._locks.setdefault(str(root), threading.Lock())
        with lock:
            base_url = self.url_for(repo.clone_url or f"https://github.com/{repo.full_name}.git")
            if not (root / ".git").is_dir():
                root.mkdir(parents=True, exist_ok=True)
                self._git(root, base_url, "init", "-q")
            wanted = [s for s in (checkout, *shas) if s]
            if any(not has_commit(root, s) for s in wanted):
                self._git(root, base_url, "fetch", "-q", "--no-tags", "--no-recurse-submodules", base_url,
                          "+refs/heads/*:refs/remotes/origin/*")
            if pull is not None and not has_commit(root, pull.head.sha):
                if pull.head.repo is not None and _SAFE_REF.match(pull.head.ref):
                    head_url = self.url_for(pull.head.repo.clone_url or f"https://github.com/{pull.head.repo.full_name}.git")
                    try:
                        self._git(root, head_url, "fetch", "-q", "--no-tags", "--no-recurse-submodules", head_url,
                                  f"+refs/heads/{pull.head.ref}:refs/remotes/pr/{pull.number}")
                    except GitError:
                        pass
                if not has_commit(root, pull.head.sha):  # pushed again since, or a deleted fork
                    self._git(root, base_url, "fetch", "-q", "--no-tags", base_url,
                              f"+refs/pull/{pull.number}/head:refs/remotes/pr/{pull.number}")
            if self._size(root) > self.max_bytes:
                raise GitError(f"the clone of {repo.full_name} is larger than {self.max_bytes} bytes: refused")
            missing = [s for s in wanted if not has_commit(root, s)]
            if missing:
                raise GitError(f"commit(s) {', '.join(m[:12] for m in missing)} not found in {repo.full_name}")
            self._git(root, base_url, "checkout", "-q", "--force", "--detach", checkout)
            self._git(root, base_url, "clean", "-q", "-f", "-d", "-x")
        return root
