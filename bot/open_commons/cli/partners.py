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


@click.group("partners", help=N_("The partner registry (partners/*.yaml): list, show, and who an identity belongs to."))
def command() -> None:
    pass


STATUS = {"applicant": N_("applicant"), "validated": N_("validated"), "suspended": N_("suspended"),
          "left": N_("left")}
KINDS = {"ecole-2e-chance": N_("second-chance school (E2C)"), "epide": N_("EPIDE centre"),
         "mission-locale": N_("local youth employment office (mission locale)"), "greta": N_("GRETA"),
         "afpa": N_("AFPA"), "association": N_("association"), "inclusion-employer": N_("inclusion employer"),
         "ess-company": N_("social and solidarity economy company"),
         "training-organisation": N_("training organisation"), "public-body": N_("public body"),
         "company": N_("company"), "other": N_("other")}
IDENTITY = {"github": N_("GitHub account"), "email": N_("email"), "domain": N_("email domain")}


def _status(value: str, lang: str) -> str:
    return _(STATUS.get(value, value), lang)


def _day(value: str | None, lang: str) -> str:
    if not value:
        return "…"
    from babel.dates import format_date

    try:
        return format_date(date.fromisoformat(value[:10]), format="medium", locale=lang)
    except ValueError:
        return value


@command.command("list", help=N_("List the partners with their status and validation date."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Output format: text for people, json for scripts."))
@lang_option
@root_option
def list_(fmt: str, lang: str | None, root: Path | None) -> None:
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
    rows = [(p.id, p.name, _status(p.status.value, language), p.territory,
             _day(p.validated_on, language) if p.validated_on else "–") for p in partners]
    headers = (_(N_("Id"), language), _(N_("Name"), language), _(N_("Status"), language),
               _(N_("Territory"), language), _(N_("Validated on"), language))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for line in (headers, tuple("-" * w for w in widths), *rows):
        click.echo("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


@command.command("show", help=N_("Show how a partner file is read: status history, commitment, identities."))
@click.argument("partner_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Output format: text for people, json for scripts."))
@lang_option
@root_option
def show(partner_id: str, fmt: str, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    partner = next((p for p in load_partners(found, config) if p.id == partner_id), None)
    if partner is None:
        raise click.ClickException(_(N_("no partner '{id}' in the registry"), language, id=partner_id))
    if fmt == "json":
        data = asdict(partner)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    kind = _(KINDS[partner.kind], language) if partner.kind in KINDS else partner.kind
    facts = [
        (_(N_("Name"), language), partner.name),
        (_(N_("Id"), language), partner.id),
        (_(N_("Kind"), language), kind),
        (_(N_("Territory"), language), partner.territory),
        (_(N_("Status"), language), _status(partner.status.value, language)),
        (_(N_("Website"), language), partner.website or "–"),
        (_(N_("File"), language), partner.path),
    ]
    if partner.commitment:
        c = partner.commitment
        facts.append((_(N_("Commitment"), language),
                      _(N_("{charter} version {version}, signed on {day}"), language, charter=c.charter,
                        version=c.version, day=_day(c.signed_on, language))))
    width = max(len(label) for label, _v in facts)
    for label, value in facts:
        click.echo(f"{label.ljust(width)}  {value}")
    click.echo("")
    click.echo(_(N_("Status history"), language))
    for change in partner.history:
        note = f" — {change.note}" if change.note else ""
        click.echo(f"  {_day(change.since, language)}  {_status(change.status.value, language)}{note}")
    click.echo("")
    click.echo(_(N_("Identities"), language))
    for ident in partner.identities:
        span = ""
        if ident.since or ident.until:
            span = "  " + _(N_("from {since} to {until}"), language, since=_day(ident.since, language),
                            until=_day(ident.until, language))
        kind_label = _(IDENTITY.get(ident.kind.value, ident.kind.value), language)
        click.echo("  " + _(N_("{kind}: {value}"), language, kind=kind_label, value=ident.value) + span)


@command.command("who", help=N_("Which partner a GitHub login, an email or a domain belongs to (on a date)."))
@click.argument("identity")
@click.option("--at", "at", default=None, metavar="DATE",
              help=N_("The day to resolve on (YYYY-MM-DD; default: today)."))
@lang_option
@root_option
def who(identity: str, at: str | None, lang: str | None, root: Path | None) -> None:
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
