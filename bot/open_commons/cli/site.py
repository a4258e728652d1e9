# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons site --out DIR``: the commons as a static website."""

from __future__ import annotations

from pathlib import Path

import click
from babel.numbers import format_decimal

from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _
from open_commons.site import SiteError, build_site

HELP = N_(
    "Build the static website: home, phases, types, one page per resource with its credit line,\n"
    "attachments, a kit per phase, partner pages, a page per rule of the check (rules/), search index.\n"
    "\n"
    "The site's main language is --lang (default: the commons' language); the\n"
    "other language's pages are under en/ (or fr/). Every link is relative: the\n"
    "site works from a folder (file://) and under any sub-path."
)


@click.command("site", help=HELP)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=N_("The folder to write the site to (created; brought up to date when it holds a previous "
                      "build)."))
@click.option("--access", type=click.Choice(["public", "partners"]), default="public", show_default=True,
              help=N_("Which resources to publish: public only, or public and partners-only (for a private "
                      "site)."))
@click.option("--full", is_flag=True, help=N_("Rewrite every page instead of only those whose inputs changed."))
@lang_option
@root_option
def command(out: Path, access: str, full: bool, lang: str | None, root: Path | None) -> None:
    found, _config, language = open_commons_root(root, lang)
    try:
        report = build_site(found, out, access=access, lang=language, incremental=not full)
    except SiteError as err:
        raise click.ClickException(str(err)) from None
    if report.manifest_ignored:
        click.echo(_(N_("{out}: the previous build's manifest is unreadable: every file was rewritten."),
                     language, out=report.out), err=True)
    for path, codes in report.refused.items():
        click.echo(_(N_("{path}: not published, it fails the check ({codes}); run `commons check {path}`."),
                     language, path=path, codes=", ".join(codes)), err=True)
    click.echo(_(N_("{out}: {resources} resources, {written} files written, {unchanged} unchanged, {removed} "
                    "removed ({seconds} s)"), language, out=report.out, resources=report.resources,
                 written=len(report.written), unchanged=report.unchanged, removed=len(report.removed),
                 seconds=format_decimal(round(report.seconds, 1), format="0.0", locale=language)))
