# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons index``: write content/README.md, the table of every resource."""

# i18n-catalog: core

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons import content_index
from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _
from open_commons.sources.tree import load_commons

HELP = N_("Generate content/README.md: every resource by phase and type, with audience and time required.")


@click.command("index", help=HELP)
@click.option("--check", "check_only", is_flag=True,
              help=N_("Only report drift; exit 1 when content/README.md is out of date."))
@lang_option
@root_option
def command(check_only: bool, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    commons = load_commons(found, config)
    text = content_index.render(commons, language)
    target = found / config.content_root / "README.md"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check_only:
        if current != text:
            click.echo(_(N_("{path}: out of date; run `commons index`"), language, path=str(target)))
            sys.exit(1)
        return
    if current != text:
        target.write_text(text, encoding="utf-8")
        click.echo(_(N_("wrote {path}"), language, path=str(target)))
