# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What a worker runs for a delivery: a Bot acting with the App installation's token (or
$GITHUB_TOKEN), on a clone cache, through the router; the GitHub rate limit left goes to metrics.

The same composition as ``commons bot handle`` (cli/bot.py), for a long-running process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from open_commons.errors import CommonsError, GitHubError
from open_commons.model.github import Event, Outcome
from open_commons.service import metrics


def repositories(root: Path | None) -> tuple[str, ...]:
    """The repositories the bot acts on: commons.yaml's ``repository``, $GITHUB_REPOSITORY and
    $OPEN_COMMONS_REPOSITORIES (comma-separated)."""
    from open_commons.sources.tree import find_root, load_config

    found = [r for r in os.environ.get("OPEN_COMMONS_REPOSITORIES", "").replace(",", " ").split() if r]
    found += [os.environ["GITHUB_REPOSITORY"]] if os.environ.get("GITHUB_REPOSITORY") else []
    try:
        configured = load_config(find_root(root or Path.cwd())).settings.repository
    except CommonsError:
        configured = None
    found += [configured] if isinstance(configured, str) and configured else []
    return tuple(sorted({r.lower() for r in found}))


def check_name(root: Path | None) -> str:
    from open_commons.sources.tree import find_root, load_config

    try:
        return load_config(find_root(root or Path.cwd())).settings.bot.check_name
    except CommonsError:
        return "Open Commons"


def token_for(installation_id: int | None, app_id: int | None, key: str | None) -> str:
    from open_commons.github.appauth import installation_token

    if app_id is not None and key is not None:
        if installation_id is None:
            raise GitHubError("the delivery has no installation.id: the App cannot act on it")
        return installation_token(app_id, key, installation_id)
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise GitHubError("set GITHUB_TOKEN, or give --app-id and --private-key (GitHub App)")
    return token


def dispatcher(app_id: int | None, key: str | None, clone_cache: Path, root: Path | None
               ) -> Callable[[Event], list[Outcome]]:
    from open_commons.github import router
    from open_commons.github.client import PyGithubClient, make_github
    from open_commons.github.clone import CachedClone
    from open_commons.github.context import Bot

    name = check_name(root)
    allowed = repositories(root)

    def dispatch(event: Event) -> list[Outcome]:
        token = token_for(event.installation_id, app_id, key)
        gh = make_github(token)
        bot = Bot(PyGithubClient(gh, app_id=app_id), CachedClone(clone_cache, token),
                  details={"check_name": name, "repositories": allowed})
        try:
            return router.dispatch(bot, event)
        finally:
            # the last answer's X-RateLimit-Remaining, as PyGithub's requester keeps it (reading
            # Github.rate_limiting would ask GitHub when no answer came yet)
            requester = getattr(gh, "_Github__requester", None)
            remaining = getattr(requester, "rate_limiting", (-1, -1))[0]
            if isinstance(remaining, int) and remaining >= 0:
                metrics.RATE_LIMIT.set(remaining)

    return dispatch
