# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Read files safely: no symlink followed, sizes capped, bytes checked before decoding."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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


def read(root: Path, rel: str, max_bytes: int) -> TextFile:
    """Read ``root/rel`` without following a symlink and without reading more than ``max_bytes``."""
    path = root / rel
    try:
        if path.is_symlink():
            target = os.readlink(path)
            return TextFile(rel, None, (Problem(ProblemKind.SYMLINK, None, None, target),))
        size = path.stat().st_size
        if size > max_bytes:
            return TextFile(rel, None, (Problem(ProblemKind.TOO_LARGE, 1, 1, f"{size}/{max_bytes}"),))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as err:
        return TextFile(rel, None, (Problem(ProblemKind.UNREADABLE, None, None, err.strerror or str(err)),))
    return decode(rel, raw, max_bytes)
