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
    """GitHub answered with an error we could not recover from.

    ``status``: the HTTP status GitHub answered (None: no answer); ``accepted_permissions``: what its
    ``X-Accepted-GitHub-Permissions`` header said the call needs (``"administration=read"``), if anything.
    """

    status: int | None = None
    accepted_permissions: str = ""


class GitHubDenied(GitHubError):
    """401 or 403 that is not a rate limit: the token is refused, or lacks a permission."""


class GitHubUnreachable(GitHubError):
    """No answer from GitHub (a connection error or a timeout), retries included."""
