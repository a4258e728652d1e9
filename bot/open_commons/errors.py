# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""One exception tree. Bad input is a finding, not an exception: these are for the edges."""

from __future__ import annotations


class CommonsError(Exception):
    """Base of every error the tool raises on purpose."""


class ConfigNotFound(CommonsError):
    """No commons.yaml at or above the given folder."""


class UsageError(CommonsError):
    """The command was called wrongly (exit 2)."""


class GitError(CommonsError):
    """A git revision or repository could not be read."""


class GitHubError(CommonsError):
    """GitHub answered with an error we could not recover from."""


def os_reason(number: int | None, fallback: str, lang: str | None = None) -> str:
    """An operating-system error in the user's language (disk full, permission denied…); the
    system's own words for the rare others."""
    import errno

    from open_commons.i18n import N_, _

    reasons = {
        errno.ENOSPC: N_("no space left on the disk"),
        errno.EDQUOT: N_("disk quota exceeded"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("operation not permitted"),
        errno.EROFS: N_("read-only file system"),
        errno.ENOENT: N_("no such file or folder"),
        errno.EISDIR: N_("it is a folder"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.EIO: N_("input/output error"),
    }
    template = reasons.get(number or 0)
    return _(template, lang) if template else fallback
