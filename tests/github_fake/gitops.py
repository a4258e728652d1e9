# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Access to the real git repositories that back the fake GitHub.

Everything goes through the ``git`` command with plumbing commands, so the
working tree (if any) of a backing repository is never touched: commits made
through the fake (contents API, ``commit_files``) only write objects and move
refs. Read them back with ``git show BRANCH:PATH`` or ``GitRepo.read_file``.

Commands run with ``GIT_DIR`` set to the repository and, when the fake knows
other repositories (forks), with ``GIT_ALTERNATE_OBJECT_DIRECTORIES`` pointing
at their object stores, so a pull request from a fork can be diffed inside the
base repository without fetching anything.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "CommitInfo",
    "FileChange",
    "GitError",
    "GitRepo",
    "Ident",
    "TreeEntry",
    "init_repo",
]

_STATUS = {
    "A": "added",
    "D": "removed",
    "M": "modified",
    "R": "renamed",
    "C": "copied",
    "T": "changed",
    "U": "changed",
}


class GitError(RuntimeError):
    """A git command failed."""


@dataclass(frozen=True)
class Ident:
    """A git author or committer identity; ``date`` is ISO 8601 or None (now)."""

    name: str
    email: str
    date: str | None = None


@dataclass(frozen=True)
class CommitInfo:
    """Metadata of one commit, dates normalised to UTC ``YYYY-MM-DDTHH:MM:SSZ``."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_date: str
    committer_name: str
    committer_email: str
    committer_date: str
    message: str


@dataclass(frozen=True)
class FileChange:
    """One entry of a diff between two commits, as GitHub's "diff entry" needs it."""

    filename: str
    status: str
    previous_filename: str | None
    additions: int
    deletions: int
    binary: bool
    old_sha: str | None
    new_sha: str | None
    patch: str | None

    @property
    def changes(self) -> int:
        return self.additions + self.deletions

    @property
    def sha(self) -> str | None:
        """The blob GitHub reports: the new one, or the old one for a removal."""
        return self.new_sha if self.status != "removed" else self.old_sha


@dataclass(frozen=True)
class TreeEntry:
    """An entry of a git tree (``git ls-tree -l``)."""

    mode: str
    type: str
    sha: str
    size: int | None
    name: str


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_ref(ref: str) -> None:
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r\t ") or ":" in ref:
        raise GitError(f"invalid ref: {ref!r}")


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_LITERAL_PATHSPECS": "1",
            "GIT_NO_REPLACE_OBJECTS": "1",
        }
    )
    return env


def init_repo(path: Path, *, bare: bool = True, default_branch: str = "main") -> GitRepo:
    """Create an empty repository at ``path`` (bare by default) and return it."""
    path.mkdir(parents=True, exist_ok=True)
    args = ["git", "init", "-q", "-b", default_branch]
    if bare:
        args.append("--bare")
    args.append(str(path))
    subprocess.run(args, check=True, env=_clean_env(), capture_output=True)
    return GitRepo(path)


class GitRepo:
    """A real git repository (bare or not) driven through plumbing commands.

    Not thread-safe by itself: the fake server calls it under its lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        env = _clean_env()
        out = subprocess.run(
            ["git", "-C", str(self.path), "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir"],
            check=False,
            env=env,
            capture_output=True,
        )
        if out.returncode != 0:
            raise GitError(f"not a git repository: {self.path}: {out.stderr.decode(errors='replace').strip()}")
        git_dir, common_dir = out.stdout.decode().splitlines()[:2]
        self.git_dir = Path(git_dir)
        self.objects_dir = Path(common_dir) / "objects"
        self.alternates: tuple[str, ...] = ()
        self._commit_cache: dict[str, CommitInfo] = {}
        self._diff_cache: dict[tuple[str | None, str], list[FileChange]] = {}
        self._empty_tree: str | None = None

    # -- running git ---------------------------------------------------------------
    def run(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        ok_codes: Sequence[int] = (0,),
    ) -> bytes:
        """Run ``git ARGS`` on this repository and return its standard output."""
        full_env = _clean_env()
        full_env["GIT_DIR"] = str(self.git_dir)
        if self.alternates:
            full_env["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = os.pathsep.join(self.alternates)
        if env:
            full_env.update(env)
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=false", "-c", "log.showSignature=false", *args],
            input=input,
            env=full_env,
            capture_output=True,
            check=False,
        )
        if proc.returncode not in ok_codes:
            raise GitError(f"git {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
        return proc.stdout

    def _code(self, *args: str) -> tuple[int, bytes]:
        full_env = _clean_env()
        full_env["GIT_DIR"] = str(self.git_dir)
        if self.alternates:
            full_env["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = os.pathsep.join(self.alternates)
        proc = subprocess.run(["git", *args], env=full_env, capture_output=True, check=False)
        return proc.returncode, proc.stdout

    # -- refs ----------------------------------------------------------------------
    def resolve(self, ref: str) -> str | None:
        """The commit sha ``ref`` (sha, branch, tag, ``refs/...``) names, or None."""
        try:
            _check_ref(ref)
        except GitError:
            return None
        code, out = self._code("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return out.decode().strip() if code == 0 else None

    def branch_sha(self, branch: str) -> str | None:
        """The tip of ``refs/heads/BRANCH`` or None."""
        return self.resolve(f"refs/heads/{branch}")

    def ref_sha(self, ref: str) -> str | None:
        """The object a full ref (``refs/...``) points at, or None."""
        try:
            _check_ref(ref)
        except GitError:
            return None
        code, out = self._code("rev-parse", "--verify", "--quiet", ref)
        return out.decode().strip() if code == 0 else None

    def branches(self) -> list[str]:
        """Names of all branches, sorted."""
        out = self.run("for-each-ref", "--format=%(refname)", "refs/heads")
        return sorted(line.removeprefix("refs/heads/") for line in out.decode().splitlines() if line)

    def update_ref(self, ref: str, new: str, old: str | None = None) -> None:
        """Point ``ref`` at ``new``; if ``old`` is given, only if it is still there."""
        _check_ref(ref)
        args = ["update-ref", ref, new]
        if old is not None:
            args.append(old)
        self.run(*args)

    def delete_ref(self, ref: str) -> None:
        _check_ref(ref)
        self.run("update-ref", "-d", ref)

    def object_type(self, sha: str) -> str | None:
        try:
            _check_ref(sha)
        except GitError:
            return None
        code, out = self._code("cat-file", "-t", sha)
        return out.decode().strip() if code == 0 else None

    # -- history -------------------------------------------------------------------
    def commits(self, shas: Iterable[str]) -> list[CommitInfo]:
        """Metadata of the given commits, in the given order (cached by sha)."""
        wanted = list(shas)
        missing = [s for s in dict.fromkeys(wanted) if s not in self._commit_cache]
        if missing:
            fmt = "%H%x1f%T%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1e"
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                out = self.run("log", "--no-walk=unsorted", f"--format={fmt}", *chunk, "--")
                for record in out.decode("utf-8", errors="replace").split("\x1e"):
                    record = record.lstrip("\n")
                    if not record:
                        continue
                    f = record.split("\x1f")
                    info = CommitInfo(
                        sha=f[0],
                        tree=f[1],
                        parents=tuple(f[2].split()),
                        author_name=f[3],
                        author_email=f[4],
                        author_date=_utc(f[5]),
                        committer_name=f[6],
                        committer_email=f[7],
                        committer_date=_utc(f[8]),
                        message=f[9].rstrip("\n"),
                    )
                    self._commit_cache[info.sha] = info
        return [self._commit_cache[s] for s in wanted]

    def commit(self, sha: str) -> CommitInfo:
        return self.commits([sha])[0]

    def rev_list(self, head: str, exclude: Sequence[str] = (), *, limit: int | None = None) -> list[str]:
        """Commits reachable from ``head`` and not from ``exclude``, oldest first."""
        args = ["rev-list", "--topo-order", "--reverse", head, *[f"^{e}" for e in exclude]]
        shas = self.run(*args, "--").decode().split()
        return shas if limit is None else shas[:limit]

    def count(self, head: str, exclude: Sequence[str] = ()) -> int:
        out = self.run("rev-list", "--count", head, *[f"^{e}" for e in exclude], "--")
        return int(out.decode().strip())

    def merge_base(self, a: str, b: str) -> str | None:
        out = self.run("merge-base", a, b, ok_codes=(0, 1))
        text = out.decode().strip()
        return text or None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        code, _ = self._code("merge-base", "--is-ancestor", ancestor, descendant)
        return code == 0

    # -- trees and blobs -----------------------------------------------------------
    def empty_tree(self) -> str:
        if self._empty_tree is None:
            self._empty_tree = self.run("hash-object", "-t", "tree", "--stdin", input=b"").decode().strip()
        return self._empty_tree

    def list_tree(self, treeish: str) -> list[TreeEntry] | None:
        """Entries of a tree object (``COMMIT^{tree}``, ``COMMIT:dir``), or None if absent."""
        code, out = self._code("ls-tree", "-z", "-l", treeish)
        if code != 0:
            return None
        entries = []
        for item in out.split(b"\0"):
            if not item:
                continue
            meta, name = item.split(b"\t", 1)
            mode, typ, sha, size = meta.decode().split()
            entries.append(
                TreeEntry(mode, typ, sha, None if size == "-" else int(size), name.decode("utf-8", "replace"))
            )
        return entries

    def entry(self, commit: str, path: str) -> TreeEntry | None:
        """The tree entry for ``path`` in ``commit`` (a ``tree`` entry for directories).

        The empty path is the root tree (mode 040000, name "").
        """
        path = path.strip("/")
        if not path:
            sha = self.ref_sha(f"{commit}^{{tree}}")
            return TreeEntry("040000", "tree", sha, None, "") if sha else None
        parent, _, name = path.rpartition("/")
        entries = self.list_tree(f"{commit}:{parent}" if parent else f"{commit}^{{tree}}")
        if entries is None:
            return None
        for e in entries:
            if e.name == name:
                return e
        return None

    def read_blob(self, sha: str) -> bytes:
        return self.run("cat-file", "blob", sha)

    def read_file(self, ref: str, path: str) -> bytes | None:
        """The content of ``path`` at ``ref`` (branch, sha...), or None if absent."""
        sha = self.resolve(ref)
        if sha is None:
            return None
        e = self.entry(sha, path)
        if e is None or e.type != "blob":
            return None
        return self.read_blob(e.sha)

    def hash_blob(self, data: bytes, *, write: bool = False) -> str:
        args = ["hash-object", "--stdin"] + (["-w"] if write else [])
        return self.run(*args, input=data).decode().strip()

    # -- diffs ---------------------------------------------------------------------
    def diff(self, old: str | None, new: str) -> list[FileChange]:
        """The changes from ``old`` (None: the empty tree) to ``new``, with rename detection.

        Cached by (old, new): both must be commit shas.
        """
        key = (old, new)
        cached = self._diff_cache.get(key)
        if cached is not None:
            return cached
        base = old if old is not None else self.empty_tree()
        common = ["diff-tree", "-r", "-M", "--no-commit-id", "--no-ext-diff", "--no-textconv"]
        raw = self.run(*common, "--raw", "-z", "--no-abbrev", base, new).split(b"\0")
        numstat = self.run(*common, "--numstat", "-z", base, new).split(b"\0")
        patch_text = self.run(*common, "-p", "--no-color", base, new).decode("utf-8", errors="replace")

        entries: list[tuple[str, str | None, str, str | None, str | None]] = []
        i = 0
        while i < len(raw):
            meta = raw[i].decode()
            if not meta.startswith(":"):
                i += 1
                continue
            _old_mode, _new_mode, raw_old, raw_new, status = meta[1:].split()
            letter = status[0]
            if letter in "RC":
                src, dst = raw[i + 1].decode("utf-8", "replace"), raw[i + 2].decode("utf-8", "replace")
                i += 3
            else:
                src = dst = raw[i + 1].decode("utf-8", "replace")
                i += 2
            zero = set("0")
            entries.append(
                (
                    dst,
                    src if letter in "RC" else None,
                    _STATUS.get(letter, "modified"),
                    None if set(raw_old) <= zero else raw_old,
                    None if set(raw_new) <= zero else raw_new,
                )
            )

        stats: list[tuple[int, int, bool]] = []
        j = 0
        while j < len(numstat):
            item = numstat[j].decode("utf-8", "replace")
            if not item:
                j += 1
                continue
            added, deleted, path = item.split("\t", 2)
            j += 1 if path else 3  # a rename: "a\td\t" then src and dst
            binary = added == "-"
            stats.append((0 if binary else int(added), 0 if binary else int(deleted), binary))

        chunks: list[str] = []
        current: list[str] | None = None
        for line in patch_text.split("\n"):
            if line.startswith("diff --git "):
                if current is not None:
                    chunks.append("\n".join(current))
                current = []
            elif current is not None:
                current.append(line)
        if current is not None:
            chunks.append("\n".join(current))

        changes = []
        for n, (filename, previous, change_status, old_sha, new_sha) in enumerate(entries):
            additions, deletions, binary = stats[n] if n < len(stats) else (0, 0, False)
            patch: str | None = None
            if not binary and len(chunks) == len(entries):
                body = chunks[n]
                at = body.find("@@")
                if at != -1 and (at == 0 or body[at - 1] == "\n"):
                    patch = body[at:].rstrip("\n")
            changes.append(
                FileChange(filename, change_status, previous, additions, deletions, binary, old_sha, new_sha, patch)
            )
        self._diff_cache[key] = changes
        return changes

    # -- writing -------------------------------------------------------------------
    def commit_tree(
        self,
        parent: str | None,
        changes: Mapping[str, bytes | str | None],
        message: str,
        *,
        author: Ident | None = None,
        committer: Ident | None = None,
    ) -> str:
        """Create (without moving any ref) a commit on top of ``parent`` applying ``changes``.

        ``changes`` maps paths to new contents (str is UTF-8 encoded) or None to delete.
        Existing files keep their mode (e.g. executable).
        """
        author = author or Ident("Test Author", "author@example.org")
        committer = committer or author
        with tempfile.TemporaryDirectory(prefix="fakegh-index-") as tmp:
            index_env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            if parent is not None:
                self.run("read-tree", parent, env=index_env)
            else:
                self.run("read-tree", "--empty", env=index_env)
            infos: list[str] = []
            for path, content in changes.items():
                path = path.strip("/")
                if content is None:  # mode 0 removes the entry
                    infos.append(f"0 {'0' * len(self.empty_tree())}\t{path}")
                    continue
                data = content.encode() if isinstance(content, str) else content
                blob = self.hash_blob(data, write=True)
                mode = "100644"
                if parent is not None:
                    current = self.entry(parent, path)
                    if current is not None and current.type == "blob" and current.mode in ("100755", "120000"):
                        mode = current.mode
                infos.append(f"{mode} {blob}\t{path}")
            if infos:
                self.run(
                    "update-index", "--add", "--index-info", input=("\n".join(infos) + "\n").encode(), env=index_env
                )
            tree = self.run("write-tree", env=index_env).decode().strip()
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
        }
        if author.date:
            env["GIT_AUTHOR_DATE"] = author.date
        if committer.date:
            env["GIT_COMMITTER_DATE"] = committer.date
        args = ["commit-tree", tree] + (["-p", parent] if parent else [])
        return self.run(*args, "-F", "-", input=message.encode(), env=env).decode().strip()

    def commit_files(
        self,
        branch: str,
        changes: Mapping[str, bytes | str | None],
        message: str = "Update files",
        *,
        author: Ident | None = None,
        committer: Ident | None = None,
        parent: str | None = None,
    ) -> str:
        """Commit ``changes`` on ``branch`` (created from ``parent`` or empty if missing).

        This is what a ``git push`` to the branch would do; returns the new commit sha.
        """
        tip = self.branch_sha(branch)
        base = parent if parent is not None else tip
        sha = self.commit_tree(base, changes, message, author=author, committer=committer)
        self.update_ref(f"refs/heads/{branch}", sha, tip if tip is not None else "0" * len(sha))
        return sha
