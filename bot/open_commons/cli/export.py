# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons export``: a kit for re-users, with its ATTRIBUTION.md and licence texts."""
# i18n-catalog: licensing

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons import export
from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _
from open_commons.sources.tree import load_commons

HELP = N_("Export resources, their attachments, ATTRIBUTION.md and the licence texts (the kit passes `reuse lint`).")


@click.command("export", help=HELP)
@click.option("--access", type=click.Choice(["public", "partners"]), default="public", show_default=True,
              help=N_("Tier of the kit: public never includes partners-only resources."))
@click.option("--phase", "phases", multiple=True, metavar="PHASE",
              help=N_("Only resources of this phase (repeatable)."))
@click.option("--out", required=True, type=click.Path(path_type=Path), metavar="DIR|FILE.zip",
              help=N_("A folder to create, or a .zip file."))
@lang_option
@root_option
def command(access: str, phases: tuple[str, ...], out: Path, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    unknown = [p for p in phases if p not in config.vocabulary("phases")]
    if unknown:
        raise click.BadParameter(_(N_("unknown phase(s): {phases}"), language, phases=", ".join(unknown)),
                                 param_hint="--phase")
    if out.exists() and out.is_dir() and any(out.iterdir()):
        raise click.BadParameter(_(N_("{path} exists and is not empty"), language, path=str(out)), param_hint="--out")
    commons = load_commons(found, config)
    chosen = export.select(commons, access, phases)
    kit = export.export(commons, found, out, chosen, language)
    click.echo(_(N_("{out}: {resources} resource(s), {files} file(s), licences: {licences}"), language, out=str(out),
                 resources=len(kit.resources), files=len(kit.files), licences=", ".join(kit.licences)))
    if kit.skipped:
        click.echo(_(N_("left out of the kit, not regular files (see `commons check`): {paths}"), language,
                     paths=", ".join(kit.skipped)), err=True)
    if kit.missing_texts:
        click.echo(_(N_("no licence text found for: {licences}"), language, licences=", ".join(kit.missing_texts)),
                   err=True)
        sys.exit(1)
    if kit.skipped:
        sys.exit(1)
