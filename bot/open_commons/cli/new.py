# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons new TYPE PHASE/SLUG``: a resource skeleton that passes ``commons check`` as written."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click

from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _
from open_commons.skeleton import has_control, humanize, resource_text

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$")


@click.command("new")
@click.argument("rtype", metavar="TYPE")
@click.argument("rid", metavar="PHASE/SLUG")
@click.option("--title", default=None, help="Title (default: from the slug).")
@click.option("--author", default="Simplon.co", show_default=True, help="Author and copyright holder.")
@click.option("--partner", default=None, help="The author's partner id (partners/<id>.yaml).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@lang_option
@root_option
def command(rtype: str, rid: str, title: str | None, author: str, partner: str | None, force: bool,
            lang: str | None, root: Path | None) -> None:
    """Write content/PHASE/SLUG.md, a new resource of TYPE with complete front-matter."""
    found, config, language = open_commons_root(root, lang)
    for option, value in (("--author", author), ("--title", title), ("--partner", partner)):
        if value is not None and has_control(value):
            raise click.BadParameter(_(N_("a line break or a control character is not allowed here"), language),
                                     param_hint=option)
    types = config.vocabulary("types")
    if rtype not in types:
        raise click.BadParameter(f"{rtype!r} is not a type of this commons: {', '.join(types.labels)}",
                                 param_hint="TYPE")
    if not _ID.match(rid) or rid.split("/")[0] not in config.sections:
        raise click.BadParameter(
            f"{rid!r}: write PHASE/SLUG in lower case with dashes, PHASE one of {', '.join(config.sections.labels)}",
            param_hint="PHASE/SLUG")
    target = found / config.content_root / f"{rid}.md"
    if target.exists() and not force:
        click.echo(f"{target} exists; use --force to overwrite", err=True)
        sys.exit(2)
    text = resource_text(config, rtype, rid, title=title or humanize(rid.split("/")[-1]), author=author,
                         partner=partner, lang=language, today=dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(str(target.relative_to(found)))
