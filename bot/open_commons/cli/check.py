# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons check``: the same verdict on a laptop, in CI and in the bot (``app.check``)."""

# i18n-catalog: core

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TextIO

import click

from open_commons.app import check as use_case
from open_commons.app.workspace import Workspace
from open_commons.cli.common import edge_errors, lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _
from open_commons.reporters import REPORTER_BY_NAME
from open_commons.sources.tree import repository_prefix


def _relative(root: Path, raw: str) -> str:
    path = Path(raw)
    if not path.is_absolute():
        # relative to here when here is inside the commons, else to the commons (``--root``)
        here = Path.cwd().resolve()
        path = (here if here == root or root in here.parents else root) / path
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        raise click.BadParameter(_(N_("{path} is not inside the commons at {root}"), path=raw, root=str(root)),
                                 param_hint="PATH") from None
    return rel.as_posix() if str(rel) != "." else ""


HELP = N_(
    'Check the commons (or only PATHS in it): front-matter, schema, ids, references, licences.\n'
    '\n'
    'On a branch, the base is found by itself (where the branch forked from the\n'
    "commons' default branch, on the remote of the commons' repository, on\n"
    '`upstream` or on `origin`) and the share-alike rules check what the branch\n'
    'changes: the verdict the bot gives its pull request. The output names the\n'
    'base used; --base REF gives another one.\n'
    '\n'
    'Exit status: 0 clean (warnings allowed), 1 errors found, 2 usage or\n'
    'configuration error.'
)


@click.command("check", help=HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTER_BY_NAME)), default="text", show_default=True,
              help=N_("Output format: text for people, json for scripts, github for workflow annotations."))
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help=N_("Write the report to a file instead of standard output."))
@click.option("--base", default=None, metavar="REF",
              help=N_("Compare with REF (e.g. origin/main) instead of the base found by itself: the share-alike "
                   "rules (ATT) check what changed since REF, the other rules the whole tree."))
@click.option("--head", default=None, metavar="REF",
              help=N_("With --base: check the change from --base to this revision only, as the bot checks a pull "
                   "request (default: the working tree, committed or not)."))
@click.option("--no-base", "no_base", is_flag=True,
              help=N_("Check the tree alone, without looking for a base (no share-alike rules)."))
@click.option("--no-cache", is_flag=True,
              help=N_("Read every file again instead of reusing the results of the last run for files "
                   "whose bytes did not change (the cache is in .git/open-commons/)."))
@click.option("--families", default=None, metavar="FAMILY[,FAMILY…]",
              help=N_("Run only these rule families (e.g. parsing,schema,resources,config); `commons rules` "
                   "shows each rule's family. Default: all."))
@lang_option
@root_option
def command(paths: tuple[str, ...], fmt: str, output: TextIO, base: str | None,
            head: str | None, no_base: bool, no_cache: bool, families: str | None, lang: str | None,
            root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    rel_paths = [_relative(found, p) for p in paths]
    if no_base and (base or head):
        raise click.BadParameter(_(N_("--no-base excludes --base and --head"), language), param_hint="--no-base")
    with edge_errors():
        selected = use_case.families_of(families)
        ws = Workspace(found, config)
        report = use_case.check(ws, rel_paths, selected, base=base, head=head, auto_base=not no_base,
                                use_cache=not no_cache)
    # SARIF: paths from the git root, and each rule's page on the commons' site
    report = dataclasses.replace(report, extra={**report.extra, "repository_prefix": repository_prefix(found),
                                                "settings": config.settings})
    output.write(REPORTER_BY_NAME[fmt](report, language))
    sys.exit(report.exit_code)
