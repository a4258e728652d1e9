# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Two revisions of a commons as data, with gitpython.

Everything from the change is read as bytes (blobs, or files of the working
tree without following links): nothing in it is executed. Git runs with
external diff drivers, text conversions and hooks off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import git

from open_commons.errors import GitError
from open_commons.model.licensing import WORKTREE, ChangeSet, FileChange, Revision, Status
from open_commons.sources import frontmatter
from open_commons.sources.files import decode, read
from open_commons.sources.gitrun import Git, gitpython

MAX_BYTES = 4 * 1_048_576
_WORD = re.compile(r"\w+", re.UNICODE)
_SHINGLE = 4


@dataclass
class Repo:
    """A git repository and the two revisions compared."""

    root: Path
    repo: git.Repo
    base: str  # a commit sha
    head: str | None  # a commit sha, or None for the working tree
    runner: Git = field(init=False, repr=False)
    # (rev, path) -> (mode, type, object sha), or None when absent: filled by `git ls-tree` on the paths
    _entries: dict[tuple[str, str], tuple[str, str, str] | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.runner = Git(self.root)

    @property
    def git_dir(self) -> Path:
        return Path(self.repo.git_dir)

    def out(self, *args: str) -> str:
        """A hardened git command's output (GitError when it fails)."""
        return self.runner.out(*args)

    def text(self, rev: str | None, path: str, max_bytes: int = MAX_BYTES) -> str | None:
        if rev is None:
            return read(self.root, path, max_bytes).text
        raw = self.blob(rev, path)
        return None if raw is None else decode(path, raw, max_bytes).text

    def prefetch(self, rev: str | None, paths: Iterable[str]) -> None:
        """Look up the tree entries of ``paths`` at ``rev`` with one `git ls-tree` (only these paths:
        git reads the trees on their way, never the whole revision)."""
        if rev is None:
            return
        wanted = sorted({p for p in paths if p and (rev, p) not in self._entries})
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            out = _git(self.repo, "--literal-pathspecs", "ls-tree", "-z", "--full-tree", rev, "--", *chunk)
            for p in chunk:
                self._entries[(rev, p)] = None
            for entry in out.split("\0"):
                if not entry:
                    continue
                meta, _, path = entry.partition("\t")
                mode, kind, sha = meta.split()
                self._entries[(rev, path)] = (mode, kind, sha)

    def entry(self, rev: str, path: str) -> tuple[str, str, str] | None:
        if (rev, path) not in self._entries:
            self.prefetch(rev, [path])
        return self._entries.get((rev, path))

    def blob(self, rev: str, path: str) -> bytes | None:
        found = self.entry(rev, path)
        if found is None:
            return None
        mode, kind, sha = found
        if kind != "blob" or mode == "120000":  # no symlinks either
            return None
        return self.repo.odb.stream(bytes.fromhex(sha)).read()

    def exists(self, rev: str | None, path: str) -> bool:
        if rev is None:
            target = self.root / path
            return target.is_file() and not target.is_symlink()
        return self.entry(rev, path) is not None


def _git(repo: git.Repo, *args: str) -> str:
    return repo.git.execute(["git", *args], strip_newline_in_stdout=False)


def open_repo(root: Path | str, base: str, head: str | None = None) -> Repo:
    root = Path(root).resolve()
    try:
        repo = gitpython(root, search_parent_directories=True)
        base_sha = repo.commit(base).hexsha
        head_sha = repo.commit(head).hexsha if head else None
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
        raise GitError(f"{root} is not in a git repository") from err
    except (git.BadName, ValueError, git.GitCommandError) as err:
        raise GitError(f"unknown revision: {err}") from err
    top = Path(repo.working_tree_dir or root).resolve()
    if top != root:
        raise GitError(f"the commons ({root}) must be the top of its git repository ({top})")
    return Repo(root, repo, base_sha, head_sha)


def changed_paths(repo: Repo) -> list[tuple[Status, str | None, str | None, float | None]]:
    """(status, base path, head path, rename similarity) for every file the change touches."""
    args = ["diff", "--no-ext-diff", "--no-textconv", "--name-status", "-z", "-M", repo.base]
    if repo.head is not None:
        args.append(repo.head)
    args.append("--")
    untracked_proc = None
    if repo.head is None:  # untracked files of the working tree are added too: listed while git diffs
        untracked_proc = repo.runner.popen("ls-files", "-z", "--others", "--exclude-standard")
    try:
        out = _git(repo.repo, *args)
    except BaseException:
        if untracked_proc is not None:
            untracked_proc.kill()
            untracked_proc.communicate()
        raise
    parts = out.split("\0")
    result: list[tuple[Status, str | None, str | None, float | None]] = []
    i = 0
    while i < len(parts) and parts[i]:
        code = parts[i]
        letter = code[0]
        if letter in "RC":
            old, new = parts[i + 1], parts[i + 2]
            i += 3
            score = int(code[1:] or 100) / 100
            if letter == "R":
                result.append((Status.RENAMED, old, new, score))
            else:
                result.append((Status.ADDED, None, new, None))
            continue
        path = parts[i + 1]
        i += 2
        if letter == "A":
            result.append((Status.ADDED, None, path, None))
        elif letter == "D":
            result.append((Status.DELETED, path, None, None))
        elif letter == "T" or letter == "M":
            result.append((Status.MODIFIED, path, path, None))
    if untracked_proc is not None:
        raw, err = untracked_proc.communicate()
        if untracked_proc.returncode != 0:
            raise GitError(f"git ls-files failed: {err.decode(errors='replace').strip()[-500:]}")
        untracked = raw.decode("utf-8", errors="surrogateescape")
        result.extend((Status.ADDED, None, p, None) for p in untracked.split("\0") if p)
    return result


def _revision(repo: Repo, rev: str | None, path: str, content_root: str) -> Revision:
    text = repo.text(rev, path)
    doc = None
    if path.startswith(content_root + "/") and path.endswith(".md"):
        from open_commons.sources.files import TextFile

        if text is not None:
            doc = frontmatter.markdown_document(TextFile(path, text, ()))
    return Revision(path, text, doc)


def shingles(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    if len(words) < _SHINGLE:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i:i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1)}


def containment(new: set[int], old: set[int]) -> float:
    """Share of the new text's shingles found in the old text."""
    if not new:
        return 0.0
    return len(new & old) / len(new)


def _body(text: str | None) -> str:
    if not text:
        return ""
    parts = frontmatter.split(text)
    return text if not isinstance(parts, tuple) else parts[2]


def base_resources(repo: Repo, content_root: str) -> list[tuple[str, str, int]]:
    """(path, blob sha, size) of every resource of the base revision, with one `git ls-tree`."""
    out = _git(repo.repo, "ls-tree", "-r", "-l", "-z", repo.base, "--", content_root + "/")
    found = []
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, sha, size = meta.split()
        if kind == "blob" and mode != "120000" and path.endswith(".md") and path != f"{content_root}/README.md":
            found.append((path, sha, int(size) if size.isdigit() else 0))
    return found


MAX_PROBES = 400  # lines of a new text looked up in the index (every line of a resource, in practice)
MAX_CANDIDATES = 40  # resources scored, those sharing the most lines first
PASTED_MIN_WORDS = 20  # a pasted paragraph: at least this many words added, ...
PASTED_SHARE = 0.8  # ... most of them from one other resource


def _lines(body: str) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in body.split("\n") if len(line.strip()) >= 25))


def _probes(body: str, count: int = MAX_PROBES) -> list[str]:
    """The distinct lines of a body worth looking up (25 characters or more): all of them, so that
    padding a copy with longer new lines hides nothing; the longest first when there are too many."""
    lines = _lines(body)
    return sorted(lines, key=len, reverse=True)[:count] if len(lines) > count else lines


def _candidates(repo: Repo, probes: list[str], content_root: str) -> dict[str, int]:
    """Base resources containing one of the probe lines, found by `git grep` in the base tree (in C)."""
    if not probes:
        return {}
    found: dict[str, int] = {}
    for i in range(0, len(probes), 50):
        args = ["grep", "-c", "-F", "--no-color", "--no-textconv"]
        for probe in probes[i:i + 50]:
            args += ["-e", probe]
        args += [repo.base, "--", f"{content_root}/*.md"]
        try:
            out = _git(repo.repo, *args)
        except git.GitCommandError:  # exit status 1: no match
            continue
        prefix = repo.base + ":"
        for entry in out.split("\n"):  # base:path:count (a path may hold ':': the count is last)
            path, _, count = entry.removeprefix(prefix).rpartition(":")
            if path and count.strip().isdigit():
                found[path] = found.get(path, 0) + int(count)
    return found


def _matches(repo: Repo, probes: list[str], content_root: str) -> dict[str, int]:
    from open_commons.sources import copy_index

    found = copy_index.matches(repo, repo.base, content_root, probes) if probes else {}
    return found if found is not None else _candidates(repo, probes, content_root)


def _scored(repo: Repo, text: str, candidates: dict[str, int], exclude: str | None
            ) -> list[tuple[float, float, str, bytes]]:
    """(share of ``text`` found in the candidate, share of the candidate found in ``text``, path, blob)
    for the candidates sharing the most lines, best first."""
    target = shingles(text)
    if not target:
        return []
    ranked = sorted((p for p in candidates if p != exclude), key=lambda p: (-candidates[p], p))[:MAX_CANDIDATES]
    repo.prefetch(repo.base, ranked)
    out = []
    for path in ranked:
        raw = repo.blob(repo.base, path)
        if raw is None:
            continue
        old = shingles(_body(raw.decode("utf-8", errors="replace")))
        if not old:
            continue
        common = len(target & old)
        out.append((common / len(target), common / len(old), path, raw))
    out.sort(key=lambda t: (-max(t[0], t[1]), t[2]))
    return out


def _closest(repo: Repo, added: list[FileChange], content_root: str) -> dict[str, tuple[str, float, float]]:
    """For each added resource, the base resource it copies most: the share of the new body found in
    it, or the share of it found in the new body, whichever is larger (a copy padded with new text,
    or two resources merged into one, is still a copy of each).

    Candidates are the base resources sharing lines with the new body: looked up in the copy index
    (``copy_index``, kept in the git folder and moved from commit to commit by what differs), or found
    by `git grep` in the base tree when the index cannot be used; so the cost follows the change, not
    the number of resources. Similarity is measured on 4-word shingles.
    """
    best: dict[str, tuple[str, float, float]] = {}
    for change in added:
        if change.head is None or not change.head.text:
            continue
        body = _body(change.head.text)
        scored = _scored(repo, body, _matches(repo, _probes(body), content_root), None)
        if scored:
            share_new, share_old, path, _raw = scored[0]
            best[change.head.path] = (path, share_new, share_old)
    return best


def _source_credit(raw: bytes, path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(copyright notices, authors) of a resource's text."""
    from open_commons.sources.files import TextFile

    text = raw.decode("utf-8", errors="replace")
    doc = frontmatter.markdown_document(TextFile(path, text, ()))
    notices = tuple(t.split(":", 1)[1].strip() for _line, t in doc.comments
                    if t.startswith("SPDX-" "FileCopyrightText:"))
    authors = doc.data.get("authors") if doc.data else None
    names = tuple(str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")) \
        if isinstance(authors, list) else ()
    return notices, names


def _pasted(repo: Repo, change: FileChange, content_root: str) -> FileChange:
    """A modified resource: the lines it adds, looked up in the other resources (a pasted paragraph)."""
    if change.base is None or change.head is None or not change.head.text:
        return change
    before = set(_lines(_body(change.base.text or "")))
    added = [line for line in _lines(_body(change.head.text)) if line not in before]
    text = "\n".join(added)
    if len(_WORD.findall(text)) < PASTED_MIN_WORDS:
        return change
    scored = _scored(repo, text, _matches(repo, added[:MAX_PROBES], content_root), change.base.path)
    if not scored or scored[0][0] < PASTED_SHARE:
        return change
    share, _share_old, path, raw = scored[0]
    notices, authors = _source_credit(raw, path)
    return replace(change, pasted_from=path, pasted_share=share, pasted_words=len(_WORD.findall(text)),
                   source_notices=notices, source_authors=authors)


def change_set(repo: Repo, content_root: str = "content") -> ChangeSet:
    """Every file the change touches, with both revisions read as data."""
    changes: list[FileChange] = []
    paths = changed_paths(repo)
    repo.prefetch(repo.base, [old for _, old, _, _ in paths if old])
    repo.prefetch(repo.head, [new for _, _, new, _ in paths if new])
    for status, old, new, score in paths:
        base = _revision(repo, repo.base, old, content_root) if old else None
        head = _revision(repo, repo.head, new, content_root) if new else None
        changes.append(FileChange(status, base, head, score))
    added = [c for c in changes if c.status is Status.ADDED and c.head is not None and c.head.doc is not None]
    if added:
        closest = _closest(repo, added, content_root)
        changes = [
            replace(c, copied_from=closest[c.path][0], copy_similarity=closest[c.path][1],
                    copy_coverage=closest[c.path][2])
            if c.path in closest and c in added else c
            for c in changes
        ]
    changes = [_pasted(repo, c, content_root) if c.status in (Status.MODIFIED, Status.RENAMED)
               and c.head is not None and c.head.doc is not None else c for c in changes]
    return ChangeSet(repo.base, repo.head or WORKTREE, tuple(changes))



def export_files(repo: Repo, paths: Iterable[str], target: Path, rev: str | None = None) -> list[str]:
    """Write ``paths`` (those that exist as regular files) of ``rev`` (default: the head revision) under
    ``target``, from git objects (never through `git archive`, whose output the change's own
    .gitattributes decide); return them."""
    written = []
    rev = rev if rev is not None else repo.head
    paths = list(paths)
    if rev is not None:
        repo.prefetch(rev, paths)
    for path in paths:
        raw = repo.blob(rev, path) if rev is not None else None
        if raw is None:
            continue
        dest = target / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(raw)
        written.append(path)
    return written


def listing(repo: Repo, rev: str, prefix: str = "") -> list[str]:
    """Every regular file of ``rev`` (under ``prefix``), from the tree objects."""
    out = repo.out("ls-tree", "-r", "-z", "--full-tree", rev, "--", *([prefix + "/"] if prefix else []))
    found = []
    for entry in out.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if path and len(parts) == 3 and parts[1] == "blob" and parts[0] != "120000":
            found.append(path)
    return found


def reuse_support_files(repo: Repo, rev: str | None = None) -> list[str]:
    """REUSE.toml files, .reuse/dep5 and LICENSES/ of ``rev`` (default: the head revision): what REUSE
    needs besides the files."""
    rev = rev if rev is not None else repo.head
    if rev is None:
        return []
    return [p for p in listing(repo, rev) if (
        p == "REUSE.toml" or p.endswith("/REUSE.toml") or p.startswith("LICENSES/") or p == ".reuse/dep5")]


def indexed_reuse_tomls(repo: Repo) -> list[str]:
    """REUSE.toml files of the working tree known to git (in its index, or new and not ignored): read
    from the index, the working tree is not walked."""
    found = _git(repo.repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
                 "REUSE.toml", ":(glob)**/REUSE.toml")
    return sorted({p for p in found.split("\0") if p and (repo.root / p).is_file()})
