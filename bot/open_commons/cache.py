# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A cache of per-file results between runs of ``commons check`` (as ruff keeps one).

Each entry is keyed by the file's content (BLAKE2 of its bytes, and of its
``.license`` sidecar for REUSE), and the whole cache by a *scope*: the tool's
code, the schemas, the policy and whatever else a per-file result depends on.
Anything that changes the scope throws the whole cache away, so a stale entry
can only come from a file whose bytes did not change. The cache lives in
``.git/open-commons/`` (outside git, in the user's cache folder), is written
atomically, and a cache that cannot be read is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import open_commons

FORMAT = 1


def digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def file_digest(path: Path, limit: int) -> str | None:
    """Digest of a regular file's bytes (None for links, unreadable or oversized files: never cached)."""
    from open_commons.sources.files import open_regular

    try:
        if path.is_symlink():
            return None
        size = path.lstat().st_size
        if size > limit:
            return None
        with os.fdopen(open_regular(path), "rb") as fh:  # a FIFO is refused, never waited on
            return digest(fh.read(limit + 1))
    except OSError:
        return None


@cache
def code_digest() -> str:
    """Digest of the tool's own code and data: any change of the tool invalidates every cache."""
    package = Path(open_commons.__file__).resolve().parent
    parts = [open_commons.__version__.encode()]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".po", ".json") and path.is_file():
            parts += [path.relative_to(package).as_posix().encode(), path.read_bytes()]
    return digest(*parts)


def location(root: Path) -> Path:
    """In the checkout's .git (never seen by REUSE or git), else in the user's cache folder."""
    git = root / ".git"
    if git.is_dir():
        return git / "open-commons" / "check-cache.pickle"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "open-commons"
    return base / digest(str(root.resolve()).encode()) / "check-cache.pickle"


class CheckCache:
    """Sections of entries (``section -> {path: (key, value)}``) valid for one scope."""

    def __init__(self, path: Path, scope: str) -> None:
        self.path = path
        self.scope = scope
        self.sections: dict[str, dict[str, tuple[str, Any]]] = {}
        self.dirty = False

    @classmethod
    def open(cls, root: Path, scope: str, name: str = "check-cache.pickle") -> CheckCache:
        """The cache of ``root`` (``name``: another tool's own cache beside it, e.g. the site's)."""
        found = cls(location(root).with_name(name), scope)
        try:
            with found.path.open("rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict) and data.get("format") == FORMAT and data.get("scope") == scope:
                found.sections = data["sections"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError,
                ValueError, ImportError, IndexError):
            found.sections = {}
        return found

    def section(self, name: str) -> dict[str, tuple[str, Any]]:
        return self.sections.setdefault(name, {})

    def replace(self, name: str, entries: dict[str, tuple[str, Any]], changed: bool) -> None:
        """Set a section; ``changed``: some entry was computed anew or dropped since it was read."""
        if changed or name not in self.sections:
            self.sections[name] = entries
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".check-cache.")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"format": FORMAT, "scope": self.scope, "sections": self.sections}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
