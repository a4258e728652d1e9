# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Read git history in one streaming pass, with a cache keyed by commit hash.

One ``git log --raw --numstat --diff-merges=first-parent`` process, started through gitpython's
git command and read line by line (no process per commit, no combined diff, no copy detection);
each commit's author, dates, subject, ``Co-authored-by`` trailers, file changes and line counts
are kept in a cache file (``.git/open-commons-cache/`` by default) keyed by commit hash, so that a
later run asks git only for the commits it has not seen (``git log HEAD --not <cached tips>``).

Merged pull requests are found on the main line (the first-parent chain): GitHub merge commits
("Merge pull request #N from owner/branch") and squash merges ("Title (#N)").
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from open_commons.errors import GitError
from open_commons.model.ledger import CoAuthor, FileChange, PullRequest

CACHE_VERSION = 2
CACHE_FILE = "history.json"
MAX_TIPS = 16  # revisions whose history the cache holds (branches read before)
_HEADER = "\x1e"
FORMAT = _HEADER + "%H%x1f%P%x1f%an%x1f%ae%x1f%ct%x1f%s%x1f%(trailers:key=Co-authored-by,valueonly,separator=%x1d)"
_CHANGE = {"A": "added", "M": "modified", "D": "removed", "R": "renamed", "T": "modified", "C": "added"}
MERGE_SUBJECT = re.compile(r"^Merge pull request #(?P<n>\d+) from (?P<owner>[A-Za-z0-9-]+)/")
SQUASH_SUBJECT = re.compile(r"\(#(?P<n>\d+)\)\s*$")
_NUMSTAT = re.compile(r"^(\d+|-)\t(\d+|-)\t")
_ENV = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.quotePath", "GIT_CONFIG_VALUE_0": "off",
        "LC_ALL": "C.UTF-8"}


def iso_utc(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    committed: int  # committer timestamp (when a PR was merged, for a merge or squash commit)
    subject: str
    trailers: tuple[str, ...]  # Co-authored-by values
    files: tuple[FileChange, ...]  # against the first parent

    def to_json(self) -> list[object]:
        return [list(self.parents), self.author_name, self.author_email, self.committed, self.subject,
                list(self.trailers), [[f.path, f.change, f.added, f.removed, f.previous_path] for f in self.files]]

    @classmethod
    def from_json(cls, sha: str, row: list) -> Commit:  # type: ignore[type-arg]
        parents, name, email, committed, subject, trailers, files = row
        return cls(sha, tuple(parents), name, email, committed, subject, tuple(trailers),
                   tuple(FileChange(p, c, a, r, pp) for p, c, a, r, pp in files))


class _Commits(dict):  # type: ignore[type-arg]
    """Commits by hash, built from cached rows only when asked for (a cached run touches few)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list] = {}  # type: ignore[type-arg]

    def __missing__(self, sha: str) -> Commit:
        row = self.rows.get(sha)
        if row is None:
            raise KeyError(sha)
        commit = self[sha] = Commit.from_json(sha, row)
        return commit

    def __contains__(self, sha: object) -> bool:
        return dict.__contains__(self, sha) or sha in self.rows

    def get(self, sha: str, default: Commit | None = None) -> Commit | None:  # type: ignore[override]
        return self[sha] if sha in self else default  # noqa: SIM401 - dict.get would skip the lazy rows

    def materialize(self) -> dict[str, Commit]:
        for sha in self.rows:
            if not dict.__contains__(self, sha):
                self[sha]
        return dict(self)

    def __len__(self) -> int:
        return len(set(self.rows) | set(self.keys()))


@dataclass
class History:
    """Every commit reachable from a revision, by hash, and that revision's main line."""

    head: str | None
    lazy: _Commits = field(default_factory=_Commits)
    read_from_git: int = 0  # commits git was asked for in this run (0 when the cache had them all)

    @property
    def commits(self) -> _Commits:
        return self.lazy

    def all_commits(self) -> dict[str, Commit]:
        return self.lazy.materialize()

    def main_line(self) -> list[Commit]:
        """The first-parent chain from head, oldest first."""
        out = []
        sha = self.head
        while sha and sha in self.commits:
            commit = self.commits[sha]
            out.append(commit)
            sha = commit.parents[0] if commit.parents else None
        out.reverse()
        return out

    def branch_commits(self, merge: Commit, main: set[str]) -> list[Commit]:
        """The commits a merge brought in: reachable from its second parent, off the main line."""
        out, stack, seen = [], list(merge.parents[1:]), set()
        while stack:
            sha = stack.pop()
            if sha in seen or sha in main or sha not in self.commits:
                continue
            seen.add(sha)
            commit = self.commits[sha]
            out.append(commit)
            stack.extend(commit.parents)
        return out

    def pr_facts(self, main_commits: Sequence[Commit] | None = None, main: set[str] | None = None) -> list[list]:  # type: ignore[type-arg]
        """What history says of each PR merged on the main line (JSON-able rows, oldest first):
        [number, merge sha, committed, fork owner (merge subject) or "", author email, files, trailers]."""
        if main_commits is None:
            main_commits = self.main_line()
        if main is None:
            main = {c.sha for c in main_commits}
        out: list[list] = []  # type: ignore[type-arg]
        for commit in main_commits:
            merge = MERGE_SUBJECT.match(commit.subject) if len(commit.parents) > 1 else None
            squash = SQUASH_SUBJECT.search(commit.subject) if len(commit.parents) == 1 else None
            if merge:
                branch = self.branch_commits(commit, main)
                tip = self.commits.get(commit.parents[1])
                trailers = [t for c in sorted(branch, key=lambda c: c.committed) for t in c.trailers]
                owner, email, number = merge.group("owner"), tip.author_email if tip else "", int(merge.group("n"))
            elif squash:
                owner, email, trailers, number = "", commit.author_email, list(commit.trailers), int(squash.group("n"))
            else:
                continue
            out.append([number, commit.sha, commit.committed, owner, email,
                        [[f.path, f.change, f.added, f.removed, f.previous_path] for f in commit.files], trailers])
        return out

    def merged_prs(self, repository_owner: str = "", login_for_email=None) -> list[tuple[PullRequest, Commit]]:  # type: ignore[no-untyped-def]
        """Pull requests merged on the main line, oldest first, with their merge (or squash) commit."""
        prs = prs_from_facts(self.pr_facts(), repository_owner, login_for_email)
        return [(pr, self.commits[pr.merge_sha]) for pr in prs]


def prs_from_facts(facts: Iterable[list], repository_owner: str = "", login_for_email=None) -> list[PullRequest]:  # type: ignore[no-untyped-def,type-arg]
    """PullRequests from ``History.pr_facts`` rows.

    ``login_for_email(email, day)`` turns a commit email into a GitHub login when it can (the
    identity registry); a merge commit's fork owner is the PR author unless it is the repository's
    owner.
    """
    owner = repository_owner.lower()
    out = []
    for number, sha, committed, fork_owner, email, files, trailers in facts:
        merged_at = iso_utc(committed)
        login = fork_owner.lower() if fork_owner and fork_owner.lower() != owner else None
        if login is None and login_for_email and email:
            login = login_for_email(email, merged_at[:10])
        co_authors = tuple(c for c in (_coauthor(t) for t in trailers) if c is not None)
        changes = tuple(FileChange(p, c, a, r, pp) for p, c, a, r, pp in files)
        out.append(PullRequest(number, sha, merged_at, login, changes, co_authors, (), email or None))
    return out


PR_CACHE_FILE = "merged-prs.json"


@dataclass
class MergedPRs:
    prs: list[PullRequest]
    main: set[str]  # the main line's commits
    commits_read: int  # commits git was asked for
    # the single-parent commits among the merges, whose subject alone ends in "(#N)": a squash merge, or a
    # commit pushed, rebased or fast-forwarded with such a title; only GitHub can tell (merge commits prove)
    squashes: set[str] = field(default_factory=set)


def _squashes(facts: Iterable[list]) -> set[str]:  # type: ignore[type-arg]
    return {str(row[1]) for row in facts if not row[3]}  # no fork owner: the squash pattern matched


def merged_pull_requests(repo, rev: str = "HEAD", cache_dir: Path | None = None, repository_owner: str = "",  # type: ignore[no-untyped-def]
                         login_for_email=None) -> MergedPRs:
    """The PRs merged on ``rev``'s main line, with a cache of their facts by head.

    Cached and unchanged: no git log at all. Moved on: git is asked only for the new commits,
    and only the new main-line commits are examined.
    """
    head = resolve(repo, rev)
    if head is None:
        return MergedPRs([], set(), 0)
    cache_file = cache_dir / PR_CACHE_FILE if cache_dir else None
    cached = None
    if cache_file and cache_file.is_file():
        try:
            cached = json.loads(cache_file.read_text(encoding="utf-8"))
            if cached.get("v") != CACHE_VERSION:
                cached = None
        except ValueError:
            cached = None
    if cached and cached.get("head") == head:
        return MergedPRs(prs_from_facts(cached["facts"], repository_owner, login_for_email), set(cached["main"]), 0,
                         _squashes(cached["facts"]))
    history = read_history(repo, rev, cache=(cache_dir / CACHE_FILE) if cache_dir else False)
    new_main: list[Commit] = []
    old_main: list[str] = []
    facts: list[list] = []  # type: ignore[type-arg]
    sha: str | None = head
    stop = cached.get("head") if cached else None
    while sha and sha in history.commits and sha != stop:
        commit = history.commits[sha]
        new_main.append(commit)
        sha = commit.parents[0] if commit.parents else None
    new_main.reverse()
    if cached and sha == stop:
        old_main, facts = list(cached["main"]), list(cached["facts"])
    main = set(old_main) | {c.sha for c in new_main}
    facts += history.pr_facts(new_main, main)
    main_list = old_main + [c.sha for c in new_main]
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"v": CACHE_VERSION, "head": head, "main": main_list, "facts": facts},
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache_file)
    return MergedPRs(prs_from_facts(facts, repository_owner, login_for_email), main, history.read_from_git,
                     _squashes(facts))


def _coauthor(value: str) -> CoAuthor | None:
    m = re.match(r"^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$", value)
    return CoAuthor(m.group(1), m.group(2).lower()) if m else None


def _unquote(path: str) -> str:
    """Undo git's C-style quoting of an unusual path."""
    if not (len(path) >= 2 and path[0] == '"' and path[-1] == '"'):
        return path
    raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1")
    return raw.decode("utf-8", "replace")


def parse_rows(lines: Iterable[str]) -> Iterator[tuple[str, list]]:  # type: ignore[type-arg]
    """(sha, cache row) of each commit in the output of ``git log --format=FORMAT --raw --numstat``."""
    header: list[str] | None = None
    raws: list[tuple[str, str, str | None]] = []
    counts: list[tuple[int, int]] = []
    change = _CHANGE

    def row() -> tuple[str, list]:  # type: ignore[type-arg]
        assert header is not None
        sha, parents, name, email, committed, subject, trailers = header
        files = []
        for i, (status, path, old) in enumerate(raws):
            added, removed = counts[i] if i < len(counts) else (0, 0)
            files.append([path, change.get(status, "modified"), added, removed, old])
        return sha, [parents.split(), name, email.lower(), int(committed), subject,
                     [t.strip() for t in trailers.split("\x1d") if t.strip()] if trailers else [], files]

    for line in lines:
        if not line:
            continue
        first = line[0]
        if first == _HEADER:
            if header is not None:
                yield row()
            parts = line[1:].split("\x1f")
            if len(parts) < 7:
                parts += [""] * (7 - len(parts))
            header = parts[:7]
            raws, counts = [], []
        elif first == ":":
            meta, _, paths = line.partition("\t")
            status = meta.rpartition(" ")[2][:1]  # ":100644 100644 <sha> <sha> M" or "... R087"
            if '"' in paths:
                names = [_unquote(n) for n in paths.split("\t")]
            else:
                names = paths.split("\t")
            if status in ("R", "C") and len(names) == 2:
                raws.append((status, names[1], names[0] if status == "R" else None))
            else:
                raws.append((status, names[0], None))
        elif first.isdigit() or first == "-":
            added, removed, _rest = line.split("\t", 2)
            counts.append((int(added) if added != "-" else 0, int(removed) if removed != "-" else 0))
    if header is not None:
        yield row()


def parse_log(lines: Iterable[str]) -> Iterator[Commit]:
    """Commits from the output of ``git log --format=FORMAT --raw --numstat``."""
    for sha, row in parse_rows(lines):
        yield Commit.from_json(sha, row)


def default_cache_dir(repo) -> Path:  # type: ignore[no-untyped-def]
    return Path(repo.git_dir) / "open-commons-cache"


def _load_cache(path: Path) -> dict[str, list] | None:  # type: ignore[type-arg]
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("v") != CACHE_VERSION or not isinstance(data.get("commits"), dict):
        return None
    return data


def _save_cache(path: Path, tips: Sequence[str], commits: dict[str, Commit], raw: dict[str, list]) -> None:  # type: ignore[type-arg]
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = raw
    for sha, commit in commits.items():
        if sha not in rows:
            rows[sha] = commit.to_json()
    text = json.dumps({"v": CACHE_VERSION, "tips": list(tips), "commits": rows}, ensure_ascii=False,
                      separators=(",", ":"))  # dumps: the C encoder (json.dump streams in Python)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".history-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def open_repo(root: Path):  # type: ignore[no-untyped-def]
    import git

    from open_commons.sources.gitrun import gitpython

    try:
        return gitpython(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
        raise GitError(f"{root} is not a git repository") from err


def resolve(repo, rev: str) -> str | None:  # type: ignore[no-untyped-def]
    import git

    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}").strip() or None
    except git.GitCommandError:
        return None


def stream_log(repo, revs: Sequence[str]) -> Iterator[Commit]:  # type: ignore[no-untyped-def]
    """One ``git log`` process over ``revs``, parsed as it streams."""
    for sha, row in stream_rows(repo, revs):
        yield Commit.from_json(sha, row)


def stream_rows(repo, revs: Sequence[str]) -> Iterator[tuple[str, list]]:  # type: ignore[no-untyped-def,type-arg]
    """One ``git log`` process over ``revs``: (sha, row) of each commit as git writes them."""
    import git

    proc = repo.git.log(*revs, f"--format={FORMAT}", "--raw", "--numstat", "--diff-merges=first-parent",
                        "--no-color", "--no-abbrev", as_process=True, env=_ENV)

    def lines() -> Iterator[str]:
        rest = b""
        while True:
            chunk = proc.stdout.read1(1 << 18)  # what is there: git keeps writing while we parse
            if not chunk:
                break
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            if parts:  # whole lines only: a UTF-8 character is never cut
                yield from b"\n".join(parts).decode("utf-8", "replace").split("\n")
        if rest:
            yield rest.decode("utf-8", "replace")

    try:
        yield from parse_rows(lines())
    finally:
        proc.stdout.close()
        try:
            proc.wait()
        except git.GitCommandError as err:  # pragma: no cover - git failed mid-way
            raise GitError(str(err)) from err


def read_history(repo, rev: str = "HEAD", cache: Path | bool | None = True) -> History:  # type: ignore[no-untyped-def]
    """Every commit reachable from ``rev``; ``cache``: True (default place), a file, or False."""
    head = resolve(repo, rev)
    if head is None:
        return History(None)
    cache_path = None
    if cache is True:
        cache_path = default_cache_dir(repo) / CACHE_FILE
    elif isinstance(cache, (str, Path)):
        cache_path = Path(cache)
    data = _load_cache(cache_path) if cache_path else None
    raw: dict[str, list] = data["commits"] if data else {}  # type: ignore[type-arg,assignment]
    known_tips = [t for t in (data or {}).get("tips", []) if t in raw]
    history = History(head)
    if head not in raw:
        revs = [head]
        tips = [t for t in known_tips if resolve(repo, t)] if known_tips else []
        if tips:
            revs += ["--not", *tips]
        for sha, row in stream_rows(repo, revs):
            raw[sha] = row
            history.read_from_git += 1
    history.lazy.rows = raw  # commits are built when first asked for
    if cache_path and history.read_from_git:
        tips = [head, *(t for t in known_tips if t != head)][:MAX_TIPS]
        _save_cache(cache_path, tips, {}, raw)
    return history
