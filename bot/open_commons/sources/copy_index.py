# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which resources of a revision contain a given line: an index kept in the repository's git folder.

Copy detection (ATT011) looks for the base resources that contain one of the longest lines of a new
resource. Searching every blob of the base revision costs as much as the repository; this index
(SQLite, ``<git dir>/open-commons/copy-lines.sqlite``) maps each stripped line of 25 characters or
more of every Markdown file under the content folder to its paths, for one commit. Moving it to
another commit reads only the files `git diff-tree` says differ, so once built its cost follows
the change. It holds only what git already holds (it is rebuilt when missing or unreadable), and
nothing in it is executed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import git

if TYPE_CHECKING:  # pragma: no cover
    from open_commons.sources.git_revisions import Repo

MIN_LINE = 25
VERSION = "1"
_FILE = "copy-lines.sqlite"


def lines_of(text: str) -> set[str]:
    return {line.strip() for line in text.split("\n") if len(line.strip()) >= MIN_LINE}


def _indexed(path: str, content_root: str) -> bool:
    return path.startswith(content_root + "/") and path.endswith(".md")


def _connect(repo: Repo) -> sqlite3.Connection:
    folder = Path(repo.repo.git_dir) / "open-commons"
    folder.mkdir(exist_ok=True)
    db = sqlite3.connect(folder / _FILE, timeout=60, isolation_level=None)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS lines (line TEXT, path TEXT)")
        db.execute("CREATE INDEX IF NOT EXISTS lines_line ON lines (line)")
        db.execute("CREATE INDEX IF NOT EXISTS lines_path ON lines (path)")
    except sqlite3.Error:
        db.close()
        raise
    return db


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _add(db: sqlite3.Connection, repo: Repo, commit: str, paths: Iterable[str]) -> None:
    paths = list(paths)
    repo.prefetch(commit, paths)
    rows = []
    for path in paths:
        raw = repo.blob(commit, path)
        if raw is None:
            continue
        rows += [(line, path) for line in lines_of(raw.decode("utf-8", errors="replace"))]
    db.executemany("INSERT INTO lines (line, path) VALUES (?, ?)", rows)


def _move(db: sqlite3.Connection, repo: Repo, commit: str, content_root: str) -> None:
    """Bring the index to ``commit``: incrementally from the commit it holds, or from scratch."""
    from open_commons.sources.git_revisions import _git

    held = _meta(db, "commit") if _meta(db, "version") == VERSION and _meta(db, "content") == content_root else None
    if held == commit:
        return
    changed: list[str] | None = None
    if held is not None:
        try:
            out = _git(repo.repo, "diff-tree", "-r", "-z", "--no-renames", "--name-only", held, commit,
                       "--", content_root + "/")
            changed = [p for p in out.split("\0") if p]
        except git.GitCommandError:  # the held commit is gone (gc, another clone): rebuild
            changed = None
    if changed is None:
        db.execute("DELETE FROM lines")
        listing = _git(repo.repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", content_root + "/")
        paths = [entry.partition("\t")[2] for entry in listing.split("\0") if entry]
    else:
        db.executemany("DELETE FROM lines WHERE path = ?", [(p,) for p in changed])
        paths = changed
    _add(db, repo, commit, [p for p in paths if _indexed(p, content_root)])
    db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                   [("version", VERSION), ("content", content_root), ("commit", commit)])


def containing(repo: Repo, commit: str, content_root: str, probes: list[str]) -> set[str] | None:
    """Paths of the Markdown files under ``content_root`` at ``commit`` having one of ``probes`` as a
    line (stripped); None when the index cannot be used (the caller searches git instead)."""
    try:
        db = _connect(repo)
    except sqlite3.DatabaseError:  # not an index (damaged): built again
        try:
            (Path(repo.repo.git_dir) / "open-commons" / _FILE).unlink()
            db = _connect(repo)
        except (OSError, sqlite3.Error):
            return None
    except (OSError, sqlite3.Error):
        return None
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            _move(db, repo, commit, content_root)
            found: set[str] = set()
            for probe in probes:
                found |= {row[0] for row in db.execute("SELECT DISTINCT path FROM lines WHERE line = ?",
                                                       (probe.strip(),))}
            db.execute("COMMIT")
            return found
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return None
    finally:
        db.close()
