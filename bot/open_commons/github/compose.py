# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""How a bot is put together, once, for `commons bot handle|report|publish` and the App's workers:
which repositories it serves, its check name, the token it acts with, and the Bot itself."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from open_commons.errors import CommonsError, GitHubError


def repositories(root: Path | None) -> tuple[str, ...]:
    """The repositories the bot acts on (events from any other are ignored): commons.yaml's
    ``repository``, $GITHUB_REPOSITORY (GitHub Actions) and $OPEN_COMMONS_REPOSITORIES (comma-separated)."""
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
    """The check run's name from commons.yaml (its default when there is no commons here)."""
    from open_commons.model.settings import BotSettings
    from open_commons.sources.tree import find_root, load_config

    try:
        return load_config(find_root(root or Path.cwd())).settings.bot.check_name
    except CommonsError:
        return BotSettings.check_name


def token_for(installation_id: int | None, app_id: int | None, key: str | None) -> str:
    """The App installation's token (App id and private key), else $GITHUB_TOKEN; GitHubError otherwise."""
    from open_commons.github.appauth import installation_token

    if app_id is not None:
        if key is None:
            raise GitHubError("--app-id needs --private-key (the App's private key)")
        if installation_id is None:
            raise GitHubError("the delivery has no installation.id: the App cannot act on it")
        return installation_token(app_id, key, installation_id)
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise GitHubError("set GITHUB_TOKEN, or give --app-id and --private-key (GitHub App)")
    return token


def make_bot(token: str, root: Path | None, clone_cache: Path | None, name: str, app_id: int | None = None, *,
             local_token: bool = False) -> Any:
    """A Bot acting with ``token``: on a clone cache (App) or on the checkout at ``root`` (Actions; with
    ``local_token``, the token also fetches a PR head into it)."""
    from open_commons.github.client import PyGithubClient, make_github
    from open_commons.github.clone import CachedClone
    from open_commons.github.context import Bot, LocalWorkspace

    workspace: Any = (CachedClone(clone_cache, token) if clone_cache
                      else LocalWorkspace((root or Path.cwd()).resolve(), token if local_token else None))
    return Bot(PyGithubClient(make_github(token), app_id=app_id), workspace,
               details={"check_name": name, "repositories": repositories(root)})
