# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which resources of a revision contain a given line: an index kept in the repository's git folder.

Copy detection (ATT011) looks for the base resources that contain one of the longest lines of a new
resource. Searching every blob of the base revision costs as much as the repository; this index
(SQLite, ``<git dir>/open-commons/copy-lines-v2.sqlite``) maps each stripped line of 25 characters
or more of every Markdown file under the content folder to its paths, for one commit. Moving it to
another commit reads only the files `git diff-tree` says differ, so once built its cost follows
the change. It holds only what git already holds (it is rebuilt when missing or unreadable), and
nothing in it is executed.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from open_commons.errors import GitError
from open_commons.sources.gitrun import Git


class Repo(Protocol):
    """What the index needs of a repository (``git_revisions.Repo`` is one)."""

    root: Path

    @property
    def git_dir(self) -> Path: ...

    def prefetch(self, rev: str | None, paths: Iterable[str]) -> None: ...

    def entry(self, rev: str, path: str) -> tuple[str, str, str] | None: ...

    def out(self, *args: str) -> str: ...

MIN_LINE = 25
COMMON = 50  # a line found in more resources than this says nothing about where a text comes from
VERSION = "2"
_FILE = f"copy-lines-v{VERSION}.sqlite"


def lines_of(text: str) -> set[str]:
    return {line.strip() for line in text.split("\n") if len(line.strip()) >= MIN_LINE}


def _indexed(path: str, content_root: str) -> bool:
    return path.startswith(content_root + "/") and path.endswith(".md")


def _connect(repo: Repo) -> sqlite3.Connection:
    folder = repo.git_dir / "open-commons"
    folder.mkdir(exist_ok=True)
    db = sqlite3.connect(folder / _FILE, timeout=60, isolation_level=None)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS paths (id INTEGER PRIMARY KEY, path TEXT UNIQUE)")
        db.execute("CREATE TABLE IF NOT EXISTS lines (h INTEGER, p INTEGER, PRIMARY KEY (h, p)) WITHOUT ROWID")
        db.execute("CREATE INDEX IF NOT EXISTS lines_p ON lines (p)")
    except sqlite3.Error:
        db.close()
        raise
    return db


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _hash(line: str) -> int:
    """A stable 64-bit key of a stripped line (a collision only adds a candidate, scored afterwards)."""
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big", signed=True)


def _blobs(repo: Repo, shas: list[str]) -> Iterator[bytes]:
    """The content of these blobs, in order, streamed by one `git cat-file --batch`."""
    proc = Git(repo.root).popen("cat-file", "--batch", stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None

    def feed() -> None:
        try:
            proc.stdin.write("".join(f"{sha}\n" for sha in shas).encode())  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for _ in shas:
            header = proc.stdout.readline().split()
            if len(header) < 3:
                raise OSError("git cat-file --batch: unexpected output")
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            yield data
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()
        writer.join()


def _add(db: sqlite3.Connection, repo: Repo, commit: str, paths: Iterable[str]) -> None:
    paths = list(paths)
    repo.prefetch(commit, paths)
    wanted = []
    for path in paths:
        found = repo.entry(commit, path)
        if found is not None and found[1] == "blob" and found[0] != "120000":
            wanted.append((path, found[2]))
    for (path, _sha), raw in zip(wanted, _blobs(repo, [sha for _, sha in wanted]), strict=True):
        db.execute("INSERT OR IGNORE INTO paths (path) VALUES (?)", (path,))
        pid = db.execute("SELECT id FROM paths WHERE path = ?", (path,)).fetchone()[0]
        db.executemany("INSERT OR IGNORE INTO lines (h, p) VALUES (?, ?)",
                       [(_hash(line), pid) for line in lines_of(raw.decode("utf-8", errors="replace"))])


def _move(db: sqlite3.Connection, repo: Repo, commit: str, content_root: str) -> None:
    """Bring the index to ``commit``: incrementally from the commit it holds, or from scratch."""
    held = _meta(db, "commit") if _meta(db, "version") == VERSION and _meta(db, "content") == content_root else None
    if held == commit:
        return
    changed: list[str] | None = None
    if held is not None:
        try:
            out = repo.out("diff-tree", "-r", "-z", "--no-renames", "--name-only", held, commit,
                       "--", content_root + "/")
            changed = [p for p in out.split("\0") if p]
        except GitError:  # the held commit is gone (gc, another clone): rebuild
            changed = None
    if changed is None:
        db.execute("DELETE FROM lines")
        db.execute("DELETE FROM paths")
        listing = repo.out("ls-tree", "-r", "-z", "--full-tree", commit, "--", content_root + "/")
        paths = [entry.partition("\t")[2] for entry in listing.split("\0") if entry]
    else:
        db.executemany("DELETE FROM lines WHERE p = (SELECT id FROM paths WHERE path = ?)", [(p,) for p in changed])
        paths = changed
    _add(db, repo, commit, [p for p in paths if _indexed(p, content_root)])
    db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                   [("version", VERSION), ("content", content_root), ("commit", commit)])


def containing(repo: Repo, commit: str, content_root: str, probes: list[str]) -> set[str] | None:
    """Paths of the Markdown files under ``content_root`` at ``commit`` having one of ``probes`` as a
    line (stripped); None when the index cannot be used (the caller searches git instead)."""
    found = matches(repo, commit, content_root, probes)
    return None if found is None else set(found)


def matches(repo: Repo, commit: str, content_root: str, probes: list[str]) -> dict[str, int] | None:
    """For each Markdown file under ``content_root`` at ``commit`` sharing lines with ``probes``: how many
    of them; None when the index cannot be used (the caller searches git instead)."""
    try:
        db = _connect(repo)
    except sqlite3.DatabaseError:  # not an index (damaged): built again
        try:
            (repo.git_dir / "open-commons" / _FILE).unlink()
            db = _connect(repo)
        except (OSError, sqlite3.Error):
            return None
    except (OSError, sqlite3.Error):
        return None
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            _move(db, repo, commit, content_root)
            found: dict[str, int] = {}
            for probe in dict.fromkeys(p.strip() for p in probes):
                rows = db.execute("SELECT paths.path FROM lines JOIN paths ON paths.id = lines.p WHERE lines.h = ? "
                                  "LIMIT ?", (_hash(probe), COMMON + 1)).fetchall()
                if len(rows) > COMMON:  # a line that many resources share is boilerplate, not a sign of a copy
                    continue
                for (path,) in rows:
                    found[path] = found.get(path, 0) + 1
            db.execute("COMMIT")
            return found
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except (sqlite3.Error, OSError, GitError):  # the caller searches git itself
        return None
    finally:
        db.close()
