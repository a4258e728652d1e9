# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons attribution ID|PATH``: the credit line to copy when reusing a resource."""

# i18n-catalog: core

from __future__ import annotations

from pathlib import Path

import click

from open_commons import attribution
from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _, render
from open_commons.model import Message
from open_commons.rules.registry import did_you_mean
from open_commons.sources.tree import load_commons

HELP = N_(
    'Print the credit line (title, authors, source, licence, changes) of a resource and of its sources.'
)


@click.command("attribution", help=HELP)
@click.argument("resource", metavar="ID|PATH")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html"]), default="text",
              show_default=True, help=N_("Plain text, Markdown or HTML."))
@lang_option
@root_option
def command(resource: str, fmt: str, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    commons = load_commons(found, config)
    key = resource
    candidate = Path(resource)
    if candidate.exists():
        try:
            key = candidate.resolve().relative_to(found).as_posix()
        except ValueError:
            pass
    res = attribution.find(commons, key)
    if res is None or res.doc.data is None:
        near = did_you_mean(resource, [r.id for r in commons.resources if r.id])
        raise click.BadParameter(_(N_("no resource '{resource}' in this commons{near} (give its id or its path)"),
                                   language, resource=resource, near=render(near, language) if isinstance(near, Message) else ""),
                                 param_hint="ID|PATH")
    click.echo(attribution.render(attribution.credit(commons, res), language, fmt), nl=False)
