# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Ledger records and the pull-request facts they are made from. Standard library only.

A record is one line of ``ledger/contributions.jsonl``: canonical JSON (sorted keys, no spaces,
UTF-8) whose ``hash`` is the SHA-256 of the canonical JSON of the record without ``hash``; the
record holds the previous record's hash in ``prev`` (64 zeros for the first one).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LEDGER_VERSION = 1
GENESIS = "0" * 64
MAX_LINE_DEPTH = 32  # a record nests three levels; 32 stays far from any reader's recursion limit, and
# a line with fewer brackets than that is not even measured (most records)
MAX_LINE_BYTES = 4 * 1024 * 1024


def canonical(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(record: Mapping[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


TRANSLATION = re.compile(r"\.[a-z]{2}\.md$")  # a translation's file name: guide.en.md

@dataclass(frozen=True)
class FileChange:
    """One file of a pull request, as GitHub or ``git log --raw --numstat`` tells it."""

    path: str
    change: str  # added | modified | renamed | removed
    added: int = 0
    removed: int = 0
    previous_path: str | None = None


@dataclass(frozen=True)
class CoAuthor:
    name: str
    email: str


@dataclass(frozen=True)
class PullRequest:
    """What the ledger needs to know about a merged pull request.

    The GitHub bot fills it from the ``pull_request`` event and the PR's files and commits;
    ``ledger rebuild --from-git`` fills it from history.
    """

    number: int
    merge_sha: str
    merged_at: str  # ISO 8601 UTC, e.g. 2026-03-02T10:15:00Z
    author: str | None  # GitHub login of the PR author (None when history cannot tell)
    files: Sequence[FileChange] = ()
    co_authors: Sequence[CoAuthor] = ()  # from Co-authored-by trailers
    reviewers: Sequence[str] = ()  # GitHub logins of approving reviewers
    author_email: str | None = None  # only used when author is None (history)

    @property
    def day(self) -> str:
        return self.merged_at[:10]


@dataclass(frozen=True)
class PullFacts:
    """What GitHub says of a pull request number, to check a ledger record or a commit against it."""

    number: int
    found: bool  # GitHub has a pull request with this number
    merged: bool = False
    merge_sha: str = ""  # its merge_commit_sha (lower case), "" when not merged
    author: str = ""  # its author's login
    approvers: tuple[str, ...] | None = None  # lower-case logins whose latest review approves; None: not read

    def merged_as(self, sha: str) -> bool:
        """True when GitHub says this pull request was merged as commit ``sha``."""
        return self.found and self.merged and bool(self.merge_sha) and self.merge_sha == sha.lower()


@dataclass(frozen=True)
class LedgerLine:
    """A line of the ledger file as read: its number, its text and its record (None if unreadable)."""

    number: int
    text: str
    record: Mapping[str, Any] | None
    error: str = ""


def decode(raw: bytes) -> str:
    """A ledger file's bytes as text; bytes that are not UTF-8 are kept as surrogate escapes, so
    that ``parse_text`` reports the line they stand on instead of the whole file failing."""
    return raw.decode("utf-8", "surrogateescape")


def _not_utf8(line: str) -> str:
    if line.isascii():
        return ""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError as err:
        byte = ord(line[err.start]) - 0xDC00 if 0xDC80 <= ord(line[err.start]) <= 0xDCFF else 0
        return f"not UTF-8 (byte 0x{byte:02x} at column {err.start + 1})"
    return ""


def parse_text(text: str) -> list[LedgerLine]:
    """Every line of a ledger text; blank lines included (they are errors), a final newline not.

    A line is read by ``jsonsafe`` (bounded size and depth): a line nested a thousand levels deep
    or holding bytes that are not UTF-8 is an unreadable line, never an exception."""
    from open_commons.jsonsafe import loads

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for number, line in enumerate(lines, start=1):
        bad = _not_utf8(line)
        if bad:
            shown = line.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            out.append(LedgerLine(number, shown, None, bad))
            continue
        try:
            value = loads(line, max_depth=MAX_LINE_DEPTH, max_bytes=MAX_LINE_BYTES)
        except ValueError as err:
            out.append(LedgerLine(number, line, None, str(err).removeprefix("not JSON: ")))
            continue
        if not isinstance(value, dict):
            out.append(LedgerLine(number, line, None, "not an object"))
            continue
        out.append(LedgerLine(number, line, value))
    return out
