# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons rules [CODE]``: what each rule checks, why, and how to fix it."""

from __future__ import annotations

import click

from open_commons import rules as rule_families
from open_commons.cli.common import lang_option
from open_commons.reporters.rule_page import rule_page
from open_commons.i18n import LANGUAGES, _
from open_commons.rules.registry import RULES, lookup


@click.command("rules")
@click.argument("code", required=False)
@lang_option
def command(code: str | None, lang: str | None) -> None:
    """List every rule, or explain one (by code, e.g. SCH001, or by name)."""
    rule_families.load_all()
    language = lang if lang in LANGUAGES else "fr"
    if code is None:
        for r in sorted(RULES.values(), key=lambda r: r.code):
            click.echo(f"{r.code}  {r.severity.value:<7}  {r.name:<28} {_(r.title, language)}")
        return
    found = lookup(code)
    if found is None:
        raise click.BadParameter(f"no rule {code!r}; `commons rules` lists them", param_hint="CODE")
    click.echo(rule_page(found, language))
