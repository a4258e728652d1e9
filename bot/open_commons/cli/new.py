# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons new TYPE PHASE/SLUG``: a resource skeleton that passes ``commons check`` as written."""

# i18n-catalog: core

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _, render
from open_commons.model import Config, Message
from open_commons.rules.registry import did_you_mean
from open_commons.skeleton import has_control, humanize, resource_text

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$")


HELP = N_(
    'Write content/PHASE/SLUG.md, a new resource of TYPE with complete front-matter.'
)


@click.command("new", help=HELP)
@click.argument("rtype", metavar="TYPE")
@click.argument("rid", metavar="PHASE/SLUG")
@click.option("--title", default=None, help=N_("Title (default: from the slug)."))
@click.option("--author", default="Simplon.co", show_default=True, help=N_("Author and copyright holder."))
@click.option("--partner", default=None, help=N_("The author's partner id (partners/<id>.yaml)."))
@click.option("--force", is_flag=True, help=N_("Overwrite an existing file."))
@lang_option
@root_option
def command(rtype: str, rid: str, title: str | None, author: str, partner: str | None, force: bool,
            lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    for option, value in (("--author", author), ("--title", title), ("--partner", partner)):
        if value is not None and has_control(value):
            raise click.BadParameter(_(N_("a line break or a control character is not allowed here"), language),
                                     param_hint=option)
    types = config.vocabulary("types")
    if rtype not in types:
        raise click.BadParameter(_(N_("'{value}' is not a type of this commons{near}; types: {allowed}"), language,
                                   value=rtype, near=_near(rtype, types.labels, language),
                                   allowed=", ".join(types.labels)), param_hint="TYPE")
    phase = rid.split("/")[0]
    if phase not in config.sections:
        raise click.BadParameter(_(N_("'{value}' is not a phase or section of this commons{near}; phases and "
                                      "sections: {allowed}"), language, value=phase,
                                   near=_near(phase, config.sections.labels, language),
                                   allowed=", ".join(config.sections.labels)), param_hint="PHASE/SLUG")
    if not _ID.match(rid):
        raise click.BadParameter(_(N_("'{value}': write PHASE/SLUG in lower case, words joined by dashes, without "
                                      "accents, e.g. sourcing/atelier-decouverte"), language, value=rid),
                                 param_hint="PHASE/SLUG")
    if any(c in author for c in "\r\n") or not author.strip():
        raise click.BadParameter(_(N_("the author is a name on one line"), language), param_hint="--author")
    if partner is not None:
        known = _partner_ids(found, config)
        if known and partner not in known:
            raise click.BadParameter(_(N_("'{value}' is not a partner of partners/{near}"), language, value=partner,
                                       near=_near(partner, known, language)), param_hint="--partner")
    target = found / config.content_root / f"{rid}.md"
    if target.exists() and not force:
        click.echo(_(N_("{path} already exists; add --force to overwrite it"), language,
                     path=target.relative_to(found).as_posix()), err=True)
        sys.exit(2)
    text = resource_text(config, rtype, rid, title=title or humanize(rid.split("/")[-1]), author=author,
                         partner=partner, lang=language, today=dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    rel = target.relative_to(found).as_posix()
    click.echo(rel)
    click.echo(_(N_("Next: write the resource in {path} (its description and its text), then run `commons check`."),
                 language, path=rel))


def _near(value: str, known: Iterable[str], lang: str) -> str:
    near = did_you_mean(value, known)
    return render(near, lang) if isinstance(near, Message) else ""


def _partner_ids(root: Path, config: Config) -> list[str]:
    folder = root / config.settings.partners.root
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
