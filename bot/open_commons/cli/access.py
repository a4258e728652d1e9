# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons access plan|apply``: the GitHub team(s) reading the partners-only repository follow the registry.

Exit status: 0 when the plan holds (applied, or nothing to do), 1 when an error finding blocks it or
GitHub refused a change, 2 for a usage or configuration problem.
"""

# i18n-catalog: ledger

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.errors import CommonsError
from open_commons.i18n import N_, _, render


def _day(value: str | None, language: str) -> str:
    if value is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(_(N_("a date is written YYYY-MM-DD"), language), param_hint="--at") from None


def _registry(root: Path, config: Any, language: str) -> Any:
    from open_commons.access_sync import AccessConfigError, load_registry

    try:
        return load_registry(root, config)
    except AccessConfigError as err:
        click.echo(render(err.message, language), err=True)
        sys.exit(2)


def _port(language: str) -> Any:
    """The GitHub client: $GITHUB_TOKEN (a fine-grained token or an App installation token with
    organisation ``members: write``) at $GITHUB_API_URL."""
    from open_commons.github.client import PyGithubClient, make_github

    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        click.echo(_(N_("set GITHUB_TOKEN to a token with the organisation permission 'members' (read to plan, "
                        "write to apply), or use --offline"), language), err=True)
        sys.exit(2)
    return PyGithubClient(make_github(token))


def _plan(root: Path, config: Any, day: str, offline: bool, language: str) -> Any:
    from open_commons.access_sync import make_plan

    registry = _registry(root, config, language)
    port = None if offline else _port(language)
    try:
        return make_plan(registry, day, port), port
    except CommonsError as err:
        raise click.ClickException(str(err)) from err


@click.group("access",
             help=N_("Partners-only access: the GitHub team(s) of partners-only content follow the partner registry."))
def command() -> None:
    pass


PLAN_HELP = N_(
    "Who should read the partners-only content, and the additions and removals to get there.\n"
    "\n"
    "Every GitHub login of a validated partner whose identity is valid that day, plus the maintainers\n"
    "of commons.yaml (partners.access); a pending invitation counts as a member. Exit status: 0 when\n"
    "the plan can be applied, 1 when an error finding blocks it, 2 for a usage or configuration problem."
)


@command.command("plan", help=PLAN_HELP)
@click.option("--at", "at", default=None, metavar="DATE",
              help=N_("The day to plan for (YYYY-MM-DD; default: today)."))
@click.option("--offline", is_flag=True, help=N_("Print the desired membership alone, without reading GitHub."))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help=N_("Output format: text for people, json for scripts, markdown for an issue or a pull request."))
@lang_option
@root_option
def plan(at: str | None, offline: bool, fmt: str, lang: str | None, root: Path | None) -> None:
    from open_commons.reporters.access_report import ACCESS_REPORTERS

    found, config, language = open_commons_root(root, lang)
    result = _plan(found, config, _day(at, language), offline, language)[0]
    click.echo(ACCESS_REPORTERS[fmt](result, language), nl=False)
    sys.exit(1 if result.blocked else 0)


APPLY_HELP = N_(
    "Apply the plan to the team(s) and append one line per change to the access log.\n"
    "\n"
    "A dry run unless --yes. Idempotent: a second run finds nothing to do. Nothing is applied when the\n"
    "plan has an error finding (a broken registry, an unknown login, more removals than\n"
    "partners.access.max_removal_share allows); protected logins are never removed."
)


@command.command("apply", help=APPLY_HELP)
@click.option("--yes", is_flag=True, help=N_("Make the changes (without it: a dry run that only shows them)."))
@click.option("--at", "at", default=None, metavar="DATE",
              help=N_("The day the registry is read for (default: today)."))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help=N_("Format of the plan shown before the changes."))
@lang_option
@root_option
def apply(yes: bool, at: str | None, fmt: str, lang: str | None, root: Path | None) -> None:
    from open_commons.access_log import Done, append_file, present, records_of
    from open_commons.access_sync import ApplyFailed, apply_plan
    from open_commons.reporters.access_report import ACCESS_REPORTERS, change_line, json_report

    found, config, language = open_commons_root(root, lang)
    result, port = _plan(found, config, _day(at, language), False, language)
    as_json = fmt == "json"
    if not as_json:
        click.echo(ACCESS_REPORTERS[fmt](result, language), nl=False)
    log = found / result.policy.log
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    found_in_place = present(result, records_of(text))
    if result.blocked or not yes or not (result.changes or found_in_place):
        if as_json:
            click.echo(json_report(result, language, [] if yes else None), nl=False)
        elif result.changes and not yes:
            click.echo(_(N_("Dry run: nothing changed. Run again with --yes to apply."), language))
        sys.exit(1 if result.blocked else 0)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    org = result.policy.organization

    def progress(done: Done) -> None:
        if not as_json:
            click.echo(change_line(done.change, done.state, language))

    try:
        done = apply_plan(port, result, role=result.policy.role, progress=progress)
    except ApplyFailed as err:
        append_file(log, [*found_in_place, *err.done], at=now, organization=org)
        raise click.ClickException(_(N_("{done} change(s) applied and logged, then GitHub refused one: {error}"),
                                     language, done=len(err.done), error=str(err))) from err
    records = append_file(log, [*found_in_place, *done], at=now, organization=org)
    if as_json:
        click.echo(json_report(result, language, records), nl=False)
        return
    click.echo(_(N_("{n} change(s) applied and logged in {path}."), language, n=len(done), path=result.policy.log))
    if found_in_place:
        click.echo(_(N_("{n} access(es) already in place recorded in the log for the first time."), language,
                     n=len(found_in_place)))
