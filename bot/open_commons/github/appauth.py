# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""GitHub App authentication: a short JWT signed with the App's private key -> an installation token."""

from __future__ import annotations

import time
from collections.abc import Callable

from open_commons.errors import GitHubError
from open_commons.github.client import API_VERSION, Retrying, api_url


def app_jwt(app_id: int | str, private_key: str, now: Callable[[], float] = time.time) -> str:
    """A JWT for the App: issued 60 s in the past (clock drift), valid 9 minutes (GitHub allows 10)."""
    import jwt

    issued = int(now()) - 60
    return jwt.encode({"iat": issued, "exp": issued + 600 - 60, "iss": str(app_id)}, private_key, algorithm="RS256")


def installation_token(app_id: int | str, private_key: str, installation_id: int, *, base_url: str | None = None,
                       retrying: Retrying | None = None) -> str:
    """``POST /app/installations/{id}/access_tokens`` with the App JWT."""
    from github import Auth, GithubIntegration

    integration = GithubIntegration(auth=Auth.AppAuth(int(app_id), private_key), base_url=base_url or api_url(),
                                    retry=None, timeout=20, api_version=API_VERSION)
    retry = retrying or Retrying()
    try:
        return retry.call(f"installation token {installation_id}",
                          lambda: integration.get_access_token(installation_id).token)
    finally:
        integration.close()


def read_key(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            key = fh.read()
    except OSError as err:
        raise GitHubError(f"cannot read the App private key {path}: {err.strerror}") from None
    if "PRIVATE KEY" not in key:
        raise GitHubError(f"{path} is not a PEM private key")
    return key
