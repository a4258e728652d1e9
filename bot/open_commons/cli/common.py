# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from open_commons.cli.localized import env_language
from open_commons.errors import CommonsError, ConfigNotFound, GitError, UsageError
from open_commons.i18n import LANGUAGES, N_, _, render, set_language
from open_commons.model import Config
from open_commons.rules.config import CONFIG_MISSING
from open_commons.sources.tree import find_root, load_config

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(fn: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        help=N_("Language of messages and help (default: $COMMONS_LANG, else the commons' language in commons.yaml)."),
    )(fn)


def root_option(fn: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=N_("The commons checkout (default: the folder holding commons.yaml, here or above)."),
    )(fn)


def open_commons_root(root: Path | None, lang: str | None) -> tuple[Path, Config, str]:
    """Find the checkout and its policy; exit 2 with a finding when there is none."""
    try:
        found = find_root(root or Path.cwd())
    except ConfigNotFound as err:
        language = lang or env_language() or "fr"
        finding = CONFIG_MISSING.at("commons.yaml", root=str(err))
        click.echo(f"commons.yaml: {finding.code} {render(finding.message, language)}", err=True)
        click.echo("    " + render(finding.fix, language), err=True)
        sys.exit(2)
    config = load_config(found)
    language = lang or env_language() or (config.language if config.language in LANGUAGES else "fr")
    set_language(language)
    return found, config, language


@contextlib.contextmanager
def edge_errors() -> Iterator[None]:
    """The one mapping from the tool's errors to click's (and so to exit codes): a usage or git
    error is a usage error (2); any other error of the tool is one line and exit 1."""
    try:
        yield
    except (UsageError, GitError) as err:
        raise click.UsageError(str(err)) from None
    except CommonsError as err:
        raise click.ClickException(str(err)) from None


def known_revision(root: Path, rev: str | None, option: str, language: str) -> None:
    """A revision the user named (--ref, --ledger-ref…) must exist: else a usage error (exit 2), never a
    silent empty result."""
    from open_commons.sources.gitrun import Git

    if rev is None or Git(root).ok("rev-parse", "--verify", "-q", f"{rev}^{{commit}}"):
        return
    raise click.BadParameter(_(N_("unknown revision '{rev}' in the git repository at {root} (a branch, a tag or a "
                                  "commit, e.g. origin/main)"), language, rev=rev, root=str(root)), param_hint=option)


def github_options(fn: F) -> F:
    """--token, --repo and --api-url: the commands that may ask GitHub what it alone can prove."""
    fn = click.option("--api-url", envvar="GITHUB_API_URL", default=None, metavar="URL",
                      help=N_("The GitHub API (default: $GITHUB_API_URL, else https://api.github.com)."))(fn)
    fn = click.option("--repo", "github_repo", default=None, metavar="OWNER/NAME",
                      help=N_("The repository on GitHub (default: repository in commons.yaml, else "
                              "$GITHUB_REPOSITORY)."))(fn)
    return click.option("--token", envvar="GITHUB_TOKEN", default=None, metavar="TOKEN",
                        help=N_("A GitHub token that can read the repository's pull requests (default: "
                                "$GITHUB_TOKEN; prefer the variable, a command line is visible to others)."))(fn)


def github_facts(token: str | None, repo: str | None, api_url: str | None, config: Config, language: str) -> Any:
    """What GitHub says of the commons' pull requests (``ledger.GitHubFacts``), or None without a token."""
    import os

    from open_commons.i18n import _

    if not token:
        return None
    repository = repo or config.settings.repository or os.environ.get("GITHUB_REPOSITORY") or ""
    owner, _sep, name = repository.partition("/")
    if not owner or not name or "/" in name:
        raise click.UsageError(_(N_("give the repository on GitHub: --repo OWNER/NAME (or repository in "
                                    "commons.yaml)"), language))
    from open_commons.github.ledger_facts import connect

    return connect(token, repository, api_url)
