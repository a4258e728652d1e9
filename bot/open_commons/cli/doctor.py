# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons doctor``: what the repository needs for the commons and its bot, check by check (``app.doctor``)."""

# i18n-catalog: doctor

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from open_commons.app import doctor as use_case
from open_commons.app.workspace import Workspace
from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _

REPO_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
DEFAULT_API = "https://api.github.com"

HELP = N_(
    "Check that the repository is set up for the commons and its bot, each problem with how to fix it.\n"
    "\n"
    "In the checkout: commons.yaml, the licence text, the partner registry, the ledger's branch, the\n"
    "workflows of the GitHub Actions route and pre-commit. With a token (--token or GITHUB_TOKEN), on\n"
    "GitHub too: the labels, the ledger branch and the rules on it, the check the default branch\n"
    "requires, the source of GitHub Pages and what the token may read. Each line is ✓ (good),\n"
    "✗ (to fix) or ! (worth a look); `docs/doctor.md` lists the checks.\n"
    "\n"
    "Exit status: 0 nothing to fix (warnings allowed), 1 something to fix (GitHub unreachable\n"
    "included), 2 usage error."
)


def _repository(repo: str | None, configured: str) -> str | None:
    value = repo or configured or os.environ.get("GITHUB_REPOSITORY", "")
    if value and not REPO_NAME.match(value):
        raise click.BadParameter(_(N_("'{value}' is not owner/name"), value=value), param_hint="--repo")
    return value or None


@click.command("doctor", help=HELP)
@click.option("--token", default=None, metavar="TOKEN",
              help=N_("A GitHub token to check the repository's settings too (default: $GITHUB_TOKEN). A "
                      "maintainer's token sees them all (`gh auth token`)."))
@click.option("--repo", default=None, metavar="OWNER/NAME",
              help=N_("The repository on GitHub (default: `repository` in commons.yaml, else $GITHUB_REPOSITORY)."))
@click.option("--api-url", default=None, metavar="URL",
              help=N_("GitHub's API (default: $GITHUB_API_URL, else https://api.github.com; GitHub Enterprise "
                      "Server: https://HOST/api/v3)."))
@click.option("--route", type=click.Choice(use_case.ROUTES), default="actions", show_default=True,
              help=N_("How the bot runs: actions (the workflows of .github/workflows/) or app (a GitHub App, "
                      "`commons bot serve`; the workflows are not checked)."))
@click.option("--app-id", type=int, default=None, metavar="ID",
              help=N_("With --route app: the bot's App id, to find it in the rulesets' bypass lists (default: "
                      "$GITHUB_APP_ID)."))
@click.option("--offline", is_flag=True, help=N_("Check the checkout only, even with a token."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Output format: text for people, json for scripts."))
@lang_option
@root_option
def command(token: str | None, repo: str | None, api_url: str | None, route: str, app_id: int | None,
            offline: bool, fmt: str, lang: str | None, root: Path | None) -> None:
    from open_commons.reporters.doctor_report import DOCTOR_REPORTERS

    found, config, language = open_commons_root(root, lang)
    ws = Workspace(found, config)
    token = None if offline else (token or os.environ.get("GITHUB_TOKEN") or None)
    target = _repository(repo, ws.settings.repository)
    api = (api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/")
    if app_id is None and os.environ.get("GITHUB_APP_ID", "").isdigit():
        app_id = int(os.environ["GITHUB_APP_ID"])
    port = None
    if token:
        if target is None:
            raise click.UsageError(_(N_("A token was given but no repository: give --repo OWNER/NAME, or set "
                                        "`repository` in commons.yaml.")))
        from open_commons.github.client import PyGithubClient, Retrying, make_github
        from open_commons.github.doctor import GitHubSetup

        # a few quick retries: a doctor that waits minutes for an unreachable GitHub helps nobody
        port = GitHubSetup(PyGithubClient(make_github(token, api, timeout=15),
                                          Retrying(attempts=3, base=0.5, max_wait=5, max_rate_wait=60)))
    diagnosis = use_case.diagnose(ws, port, target, route=route, app_id=app_id, api_url=api)
    click.echo(DOCTOR_REPORTERS[fmt](diagnosis, language), nl=False)
    sys.exit(diagnosis.exit_code)
