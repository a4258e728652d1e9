# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Read files safely: no symlink followed, sizes capped, bytes checked before decoding."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from open_commons.model import SPECIAL_FILE as SPECIAL
from open_commons.model import Problem, ProblemKind

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextFile:
    """A file's text (None when it cannot be read as text) and what was wrong with it."""

    path: str
    text: str | None
    problems: tuple[Problem, ...]


def decode(rel: str, raw: bytes, max_bytes: int) -> TextFile:
    """Bytes to text: empty, too large, binary, BOM, non-UTF-8 and CRLF handled."""
    if not raw:
        return TextFile(rel, None, (Problem(ProblemKind.EMPTY, 1, 1),))
    if len(raw) > max_bytes:
        return TextFile(rel, None, (Problem(ProblemKind.TOO_LARGE, 1, 1, f"{len(raw)}/{max_bytes}"),))
    nul = raw.find(b"\x00", 0, 8192)
    if nul >= 0:
        return TextFile(rel, None, (Problem(ProblemKind.BINARY, raw.count(b"\n", 0, nul) + 1, None),))
    problems: list[Problem] = []
    if raw.startswith(BOM):
        problems.append(Problem(ProblemKind.BOM, 1, 1))
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return TextFile(rel, None, (Problem(ProblemKind.NOT_UTF8, line, col, raw[err.start : err.start + 1].hex()),))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF is accepted
    return TextFile(rel, text, tuple(problems))




def special_kind(mode: int) -> str | None:
    """``fifo``, ``socket``, ``device``… for a file that is not a regular file (nor a folder)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"  # pragma: no cover - door, whiteout…


def is_special(path: Path) -> bool:
    """True for a FIFO, a socket or a device (never opened: opening a FIFO blocks)."""
    try:
        return special_kind(os.lstat(path).st_mode) is not None
    except OSError:
        return False


class NotRegular(OSError):
    """A path that is not a regular file (FIFO, socket, device, folder): never opened for reading."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, SPECIAL + kind)  # strerror: special:fifo (rules translate it)
        self.kind = kind
        self.filename = str(path)

    def __str__(self) -> str:
        return str(self.strerror)


def open_regular(path: Path) -> int:
    """A read-only descriptor on ``path`` if it is a regular file, never following a symlink and
    never blocking (a FIFO swapped in after the check is opened with O_NONBLOCK, then refused).
    Raises NotRegular or OSError."""
    kind = special_kind(os.lstat(path).st_mode)
    if kind is not None:
        raise NotRegular(path, kind)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, special_kind(mode) or "folder")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bytes(root: Path, rel: str, max_bytes: int) -> bytes | None:
    """The bytes of a regular file (at most ``max_bytes + 1``), None for anything else or on error."""
    try:
        if (root / rel).is_symlink():
            return None
        with os.fdopen(open_regular(root / rel), "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError:
        return None


def read(root: Path, rel: str, max_bytes: int) -> TextFile:
    """Read ``root/rel`` without following a symlink, without reading more than ``max_bytes``, and
    only if it is a regular file (a FIFO, a socket or a device gives a problem, never a hang)."""
    return read_with_bytes(root, rel, max_bytes)[0]


def read_with_bytes(root: Path, rel: str, max_bytes: int) -> tuple[TextFile, bytes | None]:
    """``read``, and every byte of the regular file it read (None when it read none, or not all)."""
    path = root / rel
    try:
        if path.is_symlink():
            target = os.readlink(path)
            return TextFile(rel, None, (Problem(ProblemKind.SYMLINK, None, None, target),)), None
        size = path.lstat().st_size
        if size > max_bytes:
            return TextFile(rel, None, (Problem(ProblemKind.TOO_LARGE, 1, 1, f"{size}/{max_bytes}"),)), None
        with os.fdopen(open_regular(path), "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except NotRegular as err:
        return TextFile(rel, None, (Problem(ProblemKind.UNREADABLE, None, None, str(err)),)), None
    except OSError as err:
        return TextFile(rel, None, (Problem(ProblemKind.UNREADABLE, None, None, err.strerror or str(err)),)), None
    return decode(rel, raw, max_bytes), (raw if len(raw) <= max_bytes else None)
