# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons audit``: the reciprocity audit, from the ledger and git history."""

# i18n-catalog: ledger

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from open_commons import audit as audit_lib
from open_commons.cli.common import (
    github_facts,
    github_options,
    known_revision,
    lang_option,
    open_commons_root,
    root_option,
)
from open_commons.errors import CommonsError
from open_commons.i18n import N_, _, render
from open_commons.ledger import collect
from open_commons.model import Finding
from open_commons.reporters.audit_report import AUDIT_REPORTERS


def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(_(N_("a date is written YYYY-MM-DD")), param_hint=name) from None


def _access(root: Path, config: Any, partners: Any, day: str) -> Any:
    """Per partner, partners-only access from the access log (None when the commons keeps none)."""
    from open_commons.access_log import partner_access, records_of
    from open_commons.model.access import AccessPolicy

    policy = AccessPolicy.from_config(config)
    log = root / policy.log
    if not policy.teams or not log.is_file() or log.is_symlink():
        return None
    return partner_access(records_of(log.read_text(encoding="utf-8", errors="replace")), partners, policy, day)


def _say_where(root: Path, config: object, lang: str) -> None:
    """Say on stderr where the ledger was read from when it is not the working tree's file."""
    from open_commons.sources.ledger_branch import read_ledger

    found = read_ledger(root, config)
    if found.origin == "branch":
        click.echo(_(N_("Ledger read from the branch {branch} (the working tree has no records)."), lang,
                     branch=found.where), err=True)
    elif found.origin == "none":
        click.echo(_(N_("No ledger records: neither {path} nor the ledger branch has any."), lang,
                     path=found.where), err=True)


HELP = N_("Who gives back: per partner and for the whole commons (CHAOSS diversity, elephant factor).\n\n"
         "From git history, merge commits count; a commit titled like a squash merge '(#N)' counts only when "
         "GitHub confirms it (give a token: --token or GITHUB_TOKEN), as in `commons ledger verify`.")


@click.command("audit", help=HELP)
@click.option("--since", default=None, metavar="DATE", help=N_("Only PRs merged on or after this day."))
@click.option("--until", default=None, metavar="DATE",
              help=N_("Only PRs merged on or before this day (and judge on it)."))
@click.option("--partner", default=None, metavar="ID", help=N_("Only this partner."))
@click.option("--format", "fmt", type=click.Choice(list(AUDIT_REPORTERS)), default="table", show_default=True,
              help=N_("Report format: table for a terminal, csv or json for scripts, markdown or html to publish."))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Write the report to a file."))
@click.option("--source", type=click.Choice(["both", "ledger", "history"]), default="both", show_default=True,
              help=N_("Ledger records, PRs found in git history, or both (history fills what the ledger lacks)."))
@click.option("--ref", default="HEAD", show_default=True, help=N_("The main line to read PRs from."))
@click.option("--no-cache", is_flag=True, help=N_("Read the whole history again, ignoring the cache."))
@github_options
@lang_option
@root_option
def command(since: str | None, until: str | None, partner: str | None, fmt: str, out: Path | None, source: str,
            ref: str, no_cache: bool, token: str | None, github_repo: str | None, api_url: str | None,
            lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    if source != "ledger" and ref != "HEAD":
        known_revision(found, ref, "--ref", language)
    github = github_facts(token, github_repo, api_url, config, language)
    left_out: list[Any] = []
    try:
        problems: list[Finding] = []
        records, partners, sources = collect(found, config, source=source, ref=ref, cache=not no_cache,
                                             problems=problems, github=github, left_out=left_out)
    except CommonsError as err:
        raise click.ClickException(str(err)) from err
    for finding in problems:  # lines that cannot be counted: said, and left out
        click.echo(f"{finding.path}:{finding.line}: {finding.code} {render(finding.message, language)}", err=True)
    if left_out:
        click.echo(_(N_("{n} commit(s) titled like a squash merge '(#N)' not counted, nothing confirms they are merged "
                        "pull requests (first: {sha}, PR #{pr}); give a token (--token or GITHUB_TOKEN) to ask GitHub."),
                     language, n=len(left_out), sha=left_out[0].merge_sha[:12], pr=left_out[0].number), err=True)
    if source in ("both", "ledger"):
        _say_where(found, config, language)
    if partner and partner not in {p.id for p in partners}:
        raise click.BadParameter(_(N_("no partner '{id}' in the registry"), language, id=partner), param_hint="--partner")
    day = _day(until, "--until") or date.today().isoformat()
    result = audit_lib.build(records, partners, audit_lib.Policy.from_config(config),
                             today=date.today().isoformat(), since=_day(since, "--since"), until=_day(until, "--until"),
                             only=partner, sources=sources, access=_access(found, config, partners, day))
    text = AUDIT_REPORTERS[fmt](result, language, config.settings.name)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(_(N_("Audit written to {path}."), language, path=str(out)))
    else:
        click.echo(text, nl=False)
