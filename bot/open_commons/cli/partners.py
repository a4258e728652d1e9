# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons partners list|show|who``: the partner registry and who an identity belongs to."""

# i18n-catalog: ledger

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.i18n import N_, _
from open_commons.identity import Registry
from open_commons.sources.partners import load_mailmap, load_partners


def _registry(root: Path, config) -> Registry:  # type: ignore[no-untyped-def]
    return Registry(load_partners(root, config), load_mailmap(root))


@click.group("partners")
def command() -> None:
    """The partner registry (partners/*.yaml): list, show, and who an identity belongs to."""


@command.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@root_option
def list_(fmt: str, lang: str | None, root: Path | None) -> None:
    """List the partners with their status and validation date."""
    found, config, language = open_commons_root(root, lang)
    partners = sorted(load_partners(found, config), key=lambda p: p.id)
    if fmt == "json":
        click.echo(json.dumps([{"id": p.id, "name": p.name, "kind": p.kind, "status": p.status.value,
                                "validated_on": p.validated_on, "territory": p.territory} for p in partners],
                              ensure_ascii=False, indent=2))
        return
    if not partners:
        click.echo(_(N_("No partner registered yet."), language))
        return
    for p in partners:
        validated = _(N_("validated on {day}"), language, day=p.validated_on) if p.validated_on else ""
        click.echo(f"{p.id:<28} {p.status.value:<10} {p.name}  ({p.territory}) {validated}".rstrip())


@command.command("show")
@click.argument("partner_id")
@lang_option
@root_option
def show(partner_id: str, lang: str | None, root: Path | None) -> None:
    """Show how a partner file is read: status history, commitment, identities."""
    found, config, language = open_commons_root(root, lang)
    partner = next((p for p in load_partners(found, config) if p.id == partner_id), None)
    if partner is None:
        raise click.ClickException(_(N_("no partner '{id}' in the registry"), language, id=partner_id))
    data = asdict(partner)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@command.command("who")
@click.argument("identity")
@click.option("--at", "at", default=None, metavar="DATE", help="The day to resolve on (YYYY-MM-DD; default: today).")
@lang_option
@root_option
def who(identity: str, at: str | None, lang: str | None, root: Path | None) -> None:
    """Which partner a GitHub login, an email or a domain belongs to (on a date)."""
    found, config, language = open_commons_root(root, lang)
    day = at or date.today().isoformat()
    try:
        date.fromisoformat(day)
    except ValueError:
        raise click.BadParameter(_(N_("a date is written YYYY-MM-DD"), language), param_hint="--at") from None
    registry = _registry(found, config)
    matches = registry.who(identity, day)
    value = identity.strip().lstrip("@")
    res = registry.by_email(value, day) if "@" in value else registry.by_login(value, day)
    for pid, ident in matches:
        span = f"{ident.since or '…'} → {ident.until or '…'}"
        click.echo(f"{pid:<28} {ident.key:<40} {span}")
    if res.conflict:
        click.echo(_(N_("{identity}: conflict on {day} between {partners}: not credited"), language,
                        identity=identity, day=day, partners=", ".join(res.conflict)))
        sys.exit(1)
    if res.partner:
        click.echo(_(N_("{identity} counts for {partner} on {day}."), language, identity=identity,
                        partner=res.partner, day=day))
    else:
        click.echo(_(N_("{identity} belongs to no partner on {day} (unaffiliated)."), language,
                        identity=identity, day=day))
