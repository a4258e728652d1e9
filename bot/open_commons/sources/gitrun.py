# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one way the tool runs git: nothing a repository names is ever executed.

A checkout is data. Its configuration (``.git/config`` and what it includes), its attributes
and its hooks can name programs that git would run: hooks, ``core.fsmonitor``, filter drivers
(clean, smudge, process), diff drivers (textconv, command), ``diff.external``, merge drivers,
credential helpers, ``core.sshCommand``, signature programs. Every git process started by the
tool, directly, through GitPython or inside the ``reuse`` library, gets an environment that
turns all of them off:

- fixed settings given as command-line configuration (``GIT_CONFIG_COUNT``), which wins over
  every configuration file;
- every executable setting the repository's configuration declares (filter, diff and merge
  drivers by name) overridden with an empty command (git runs nothing for an empty one);
- no system configuration, no terminal prompt, and no ``GIT_*`` variable inherited from the
  caller (a ``GIT_DIR`` or ``GIT_CONFIG_PARAMETERS`` of the environment cannot redirect it).

Reading the configuration (``git config --list``) executes nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from open_commons.errors import GitError

TIMEOUT = 600
SAFE_SETTINGS: Mapping[str, str] = {
    "core.hooksPath": "/dev/null",
    "core.fsmonitor": "false",
    "core.untrackedCache": "false",
    "core.sshCommand": "ssh",
    "core.gitProxy": "",
    "core.askPass": "",
    "core.pager": "cat",
    "core.editor": ":",
    "core.alternateRefsCommand": "",
    "sequence.editor": ":",
    "diff.external": "",
    "log.showSignature": "false",
    "credential.helper": "",
    "submodule.recurse": "false",
    "fetch.recurseSubmodules": "false",
    "protocol.ext.allow": "never",
    "gc.auto": "0",
    "maintenance.auto": "false",
    "advice.detachedHead": "false",
}
# settings of the repository's own configuration that name a program: overridden with ""
_REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), value) for pattern, value in (
        (r"^filter\..+\.(clean|smudge|process)$", ""),
        (r"^filter\..+\.required$", "false"),
        (r"^diff\..+\.(textconv|command)$", ""),
        (r"^merge\..+\.driver$", ""),
        (r"^credential\..+\.helper$", ""),
        (r"^remote\..+\.uploadpack$", "git-upload-pack"),
        (r"^remote\..+\.receivepack$", "git-receive-pack"),
    ))
_lock = threading.Lock()


def _base_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    if extra:
        env.update(extra)
    return env


def _with_settings(env: dict[str, str], settings: Mapping[str, str]) -> dict[str, str]:
    env["GIT_CONFIG_COUNT"] = str(len(settings))
    for i, (key, value) in enumerate(settings.items()):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env


def repository_overrides(root: Path) -> dict[str, str]:
    """Empty commands for every program the repository's configuration names (by driver name)."""
    env = _with_settings(_base_env(), SAFE_SETTINGS)
    try:
        proc = subprocess.run(["git", "-C", str(root), "config", "--list", "-z"], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if proc.returncode != 0:
        return {}
    found: dict[str, str] = {}
    for entry in proc.stdout.split(b"\0"):
        key = entry.split(b"\n", 1)[0].decode("utf-8", "replace")
        for pattern, value in _REPLACEMENTS:
            if pattern.match(key):
                found[key] = value
    return found


def environment(root: Path | None = None, extra_settings: Mapping[str, str] | None = None,
                extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a hardened git process working in ``root``."""
    settings = dict(SAFE_SETTINGS)
    if root is not None:
        settings.update(repository_overrides(root))
    if extra_settings:
        settings.update(extra_settings)
    return _with_settings(_base_env(extra_env), settings)


class Git:
    """Git commands in one repository, hardened (see the module's docstring)."""

    def __init__(self, root: Path | str, *, extra_settings: Mapping[str, str] | None = None,
                 secret: str | None = None) -> None:
        self.root = Path(root)
        self._extra = dict(extra_settings or {})
        self._secret = secret
        self._env: dict[str, str] | None = None

    @property
    def env(self) -> dict[str, str]:
        if self._env is None:
            self._env = environment(self.root if self.root.is_dir() else None, self._extra)
        return self._env

    def refresh(self) -> None:
        """Read the repository's configuration again (after a fetch or an init)."""
        self._env = None

    def _clean(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def run(self, *args: str, input: bytes | None = None, check: bool = True, timeout: float = TIMEOUT,
            ok: Sequence[int] = (0,), env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        """``env``: more variables (a commit's author and dates), never ones that change what git runs."""
        extra = {k: v for k, v in (env or {}).items() if k.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_"))}
        try:
            proc = subprocess.run(["git", *args], cwd=self.root, env={**self.env, **extra}, input=input,
                                  stdin=None if input is not None else subprocess.DEVNULL,
                                  capture_output=True, check=False, timeout=timeout)
        except subprocess.TimeoutExpired as err:
            raise GitError(f"git {args[0] if args else ''}: no answer after {timeout:.0f} s") from err
        except OSError as err:
            raise GitError(f"git could not be started: {err}") from err
        if check and proc.returncode not in ok:
            message = self._clean(proc.stderr.decode("utf-8", "replace").strip())
            raise GitError(f"git {args[0] if args else ''} failed: {message[-500:]}")
        return proc

    def out(self, *args: str, ok: Sequence[int] = (0,), env: Mapping[str, str] | None = None) -> str:
        """Standard output as text (file names kept byte for byte: surrogate escapes)."""
        return self.run(*args, ok=ok, env=env).stdout.decode("utf-8", "surrogateescape")

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def popen(self, *args: str, stdin: int | None = subprocess.DEVNULL,
              stderr: int | None = subprocess.PIPE) -> subprocess.Popen[bytes]:
        return subprocess.Popen(["git", *args], cwd=self.root, env=self.env, stdin=stdin,
                                stdout=subprocess.PIPE, stderr=stderr)

    def has_commit(self, sha: str) -> bool:
        return bool(sha) and self.ok("cat-file", "-e", f"{sha}^{{commit}}")


def gitpython(root: Path | str, *, search_parent_directories: bool = False):  # type: ignore[no-untyped-def]
    """A GitPython ``Repo`` whose git processes (cat-file included) run hardened."""
    import git

    repo = git.Repo(root, search_parent_directories=search_parent_directories)
    env = environment(Path(repo.working_tree_dir or root))
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        env.setdefault(key, "")  # GitPython merges with os.environ: blank what it would inherit
    repo.git.update_environment(**env)
    return repo


@contextlib.contextmanager
def hardened_process(root: Path) -> Iterator[None]:
    """For libraries that start git themselves (``reuse``): the hardened settings in ``os.environ``
    while they run (and in the worker processes they fork)."""
    env = environment(root)
    with _lock:
        saved = {k: v for k, v in os.environ.items() if k.startswith("GIT_")}
        for key in saved:
            del os.environ[key]
        os.environ.update({k: v for k, v in env.items() if k.startswith("GIT_")})
        try:
            yield
        finally:
            for key in [k for k in os.environ if k.startswith("GIT_")]:
                del os.environ[key]
            os.environ.update(saved)
