# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons fix``: apply every fix that needs no judgement (``app.fix``), then say what is left."""

# i18n-catalog: core

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons.app import fix as use_case
from open_commons.app.workspace import Workspace
from open_commons.cli.check import _relative
from open_commons.cli.common import edge_errors, lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _, render
from open_commons.reporters import REPORTER_BY_NAME

HELP = N_(
    "Fix what needs no judgement: the 'changes' entry, date_modified, version and credit of a\n"
    'modified resource, missing SPDX lines and REUSE sidecars, licence ids in the wrong case, a\n'
    'missing space after a colon, an invisible space, a misaligned line.\n'
    '\n'
    'Comments and the order of the front-matter are kept; running it twice changes nothing.\n'
    'Exit status: 0 nothing left to fix by hand, 1 problems remain, 2 usage error.'
)


@click.command("fix", help=HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@click.option("--base", default=None, metavar="REF",
              help=N_("Compare with REF instead of the base found by itself (as `commons check --base`)."))
@click.option("--summary", default=None, metavar="TEXT",
              help=N_("What you changed, in one sentence: written in the new 'changes' entries."))
@click.option("--dry-run", is_flag=True, help=N_("Write nothing: say what would be fixed."))
@click.option("--diff", "show_diff", is_flag=True, help=N_("Show the changes as a diff (with --dry-run: without writing)."))
@lang_option
@root_option
def command(paths: tuple[str, ...], base: str | None, summary: str | None, dry_run: bool, show_diff: bool,
            lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    rel_paths = [_relative(found, p) for p in paths]
    with edge_errors():
        result = use_case.fix(Workspace(found, config), rel_paths, base=base, summary=summary, dry_run=dry_run)
    if show_diff:
        click.echo(result.diff(), nl=False)
    done = N_("{count} problem(s) would be fixed in {files} file(s).") if dry_run else \
        N_("{count} problem(s) fixed in {files} file(s).")
    click.echo(_(done, language, count=len(result.fixed), files=len(result.changed)))
    for path in sorted(result.changed):
        click.echo("  " + path)
    for note in result.notes:
        click.echo(_(N_("To do: {note}"), language, note=render(note, language)))
    if result.left is not None and result.left.findings:
        click.echo(_(N_("Left to fix by hand:"), language))
        click.echo(REPORTER_BY_NAME["text"](result.left, language), nl=False)
        sys.exit(result.left.exit_code)
