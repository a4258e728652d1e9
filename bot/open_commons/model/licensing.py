# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Licensing facts: REUSE information per file, and a change between two revisions.

Standard library only. Sources fill these values (``sources/reuse_info.py``,
``sources/git_revisions.py``); the LIC and ATT rules read them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from open_commons.model import Commons, Document


@dataclass(frozen=True)
class Tag:
    """One REUSE tag value (a licence expression or a copyright notice) and where it was read."""

    value: str
    source: str  # POSIX path of the file holding it: the file, its .license sidecar, or REUSE.toml
    source_type: str  # "file-header", "dot-license", "reuse-toml", "dep5"
    line: int | None = None  # 1-based line in ``source``
    valid: bool = True  # expressions only: follows the SPDX grammar
    licenses: tuple[str, ...] = ()  # expressions only: licence ids in it


@dataclass(frozen=True)
class FileLicensing:
    """REUSE information of one covered file, and the REUSE verdict on it."""

    path: str
    expressions: tuple[Tag, ...] = ()
    copyrights: tuple[Tag, ...] = ()
    missing_licenses: tuple[str, ...] = ()  # ids without a text in LICENSES/
    read_error: str | None = None
    sidecar: str | None = None  # path of its .license file, when there is one
    is_text: bool = True  # False for binary files (tags can only be in a sidecar or REUSE.toml)
    front_matter: bool = False  # the file starts with '---' (a resource)

    @property
    def invalid_expressions(self) -> tuple[Tag, ...]:
        return tuple(t for t in self.expressions if not t.valid)

    @property
    def has_licence(self) -> bool:
        return any(t.valid for t in self.expressions)

    @property
    def has_copyright(self) -> bool:
        return bool(self.copyrights)

    @property
    def compliant(self) -> bool:
        """The verdict ``reuse lint`` gives on this file."""
        return (
            self.read_error is None
            and self.has_licence
            and self.has_copyright
            and not self.missing_licenses
            and not self.invalid_expressions
        )

    def tag_line(self, licence_id: str | None = None) -> int | None:
        for tag in self.expressions:
            if tag.source == self.path and (licence_id is None or licence_id in tag.licenses):
                return tag.line
        return None


@dataclass(frozen=True)
class LicenceText:
    """A file in LICENSES/ and what is wrong with it, if anything."""

    id: str
    path: str
    problem: str | None = None  # "bad" (not an SPDX id nor LicenseRef-), "deprecated", "no-extension"


@dataclass(frozen=True)
class ReuseReport:
    """REUSE information of a tree, or of a subset of it (the files a change touches)."""

    files: tuple[FileLicensing, ...]
    licence_texts: tuple[LicenceText, ...] = ()
    unused_licenses: tuple[str, ...] = ()  # full mode only
    subset: bool = False
    error: str | None = None  # REUSE.toml unreadable or invalid, root missing…
    error_path: str | None = None
    # the SPDX list (lower-case id -> id), handed to the rules as data when a licence is unknown
    known_ids: Mapping[str, str] = field(default_factory=dict)

    def by_path(self) -> dict[str, FileLicensing]:
        return {f.path: f for f in self.files}

    @property
    def compliant(self) -> bool:
        return (
            self.error is None
            and all(f.compliant for f in self.files)
            and not self.unused_licenses
            and not any(t.problem for t in self.licence_texts)
        )


class Status(enum.StrEnum):
    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"


@dataclass(frozen=True)
class Revision:
    """One file at one revision: its text (None for binary or unreadable) and its parsed front-matter."""

    path: str
    text: str | None
    doc: Document | None = None  # for resources (Markdown under content/)


@dataclass(frozen=True)
class FileChange:
    """A file changed between the base and the head revision."""

    status: Status
    base: Revision | None  # None when added
    head: Revision | None  # None when deleted
    similarity: float | None = None  # git's rename similarity, 0..1
    copied_from: str | None = None  # the most similar resource of the base, for added resources
    copy_similarity: float = 0.0  # share of the new body found in ``copied_from``
    copy_coverage: float = 0.0  # share of ``copied_from`` found in the new body
    # a modified resource: the lines it adds that come from another resource (a pasted paragraph)
    pasted_from: str | None = None
    pasted_share: float = 0.0  # share of the added text found in ``pasted_from``
    pasted_words: int = 0
    # what the rules need to say whose text it is: the copyright notices and authors of the source
    source_notices: tuple[str, ...] = ()
    source_authors: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return (self.head or self.base).path  # type: ignore[union-attr]


@dataclass(frozen=True)
class ChangeSet:
    """What a change (a pull request, or the working tree) does to the commons."""

    base_ref: str
    head_ref: str  # "WORKTREE" when the working tree is the head
    changes: tuple[FileChange, ...]

    @property
    def head_paths(self) -> tuple[str, ...]:
        return tuple(c.head.path for c in self.changes if c.head is not None)


WORKTREE = "WORKTREE"


@dataclass(frozen=True)
class LicensedCommons(Commons):
    """A Commons with what the licensing rules need: REUSE information and, on a change, the change."""

    reuse: ReuseReport | None = None
    change: ChangeSet | None = None
    # on a change: REUSE information at the base of the files whose effective licensing it can alter
    base_reuse: ReuseReport | None = None
    affected: tuple[str, ...] = ()
