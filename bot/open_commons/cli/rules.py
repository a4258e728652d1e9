# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons rules [CODE]``: what each rule checks, why, and how to fix it."""

# i18n-catalog: core

from __future__ import annotations

import click

from open_commons import rules as rule_families
from open_commons.cli.common import lang_option
from open_commons.i18n import LANGUAGES, N_, _, current_language, render
from open_commons.model import Message
from open_commons.reporters.rule_page import rule_page
from open_commons.rules.registry import RULES, did_you_mean, lookup

HELP = N_(
    'List every rule, or explain one (by code, e.g. SCH001, or by name).'
)


@click.command("rules", help=HELP)
@click.argument("code", required=False)
@lang_option
def command(code: str | None, lang: str | None) -> None:
    rule_families.load_all()
    language = lang if lang in LANGUAGES else current_language()
    if code is None:
        for r in sorted(RULES.values(), key=lambda r: r.code):
            click.echo(f"{r.code}  {r.severity.value:<7}  {r.name:<28} {_(r.title, language)}")
        return
    found = lookup(code)
    if found is None:
        near = did_you_mean(code.upper(), RULES) or did_you_mean(code.lower(), [r.name for r in RULES.values()])
        raise click.BadParameter(_(N_("no rule '{code}'{near}; `commons rules` lists them"), language, code=code,
                                   near=render(near, language) if isinstance(near, Message) else ""), param_hint="CODE")
    click.echo(rule_page(found, language))
