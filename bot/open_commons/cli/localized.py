# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The CLI in the commons' language: help texts, usage errors and click's own words.

Help texts are English templates (``N_()``) translated when a command is looked up: the group
hands out a translated *copy* of the command, so the command objects themselves never change
(one process can show French and English help in turn). The language is the one a command
would use: ``--lang``, else ``COMMONS_LANG``, else the commons' ``language`` in commons.yaml
(found from ``--root`` or the current folder), else French. Click looks its own words up
("Usage:", "Error: …") through a module-level ``_`` (``gettext.gettext`` by default); ``install``
points it at the commons' catalogs, which hold their translations.
"""

# i18n-catalog: core

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from pathlib import Path

import click

from open_commons.i18n import LANGUAGES, N_, _, current_language, set_language, translations

# the commands whose help is translated (the name is historical: the partners' commands, `doctor`, which a
# maintainer setting a commons up runs first, and `demo`); the other maintainers' commands stay in English
PARTNER_COMMANDS = frozenset({"check", "fix", "new", "rules", "attribution", "doctor", "demo"})

# click's own words, looked up through ``click_gettext`` (listed here so that the catalogs hold them)
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"), N_("Missing argument"),
    N_("Missing option"), N_("Missing parameter: {param_name}"), N_("No such option {name!r}."),
    N_("No such command {name!r}."), N_("Show this message and exit."), N_("Show the version and exit."),
    N_("default: {default}"),
)


def click_gettext(message: str) -> str:
    """Click's words in the current language."""
    return translations(current_language()).gettext(message)


def install() -> None:
    """Let click find its words in the commons' catalogs (idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser):
        module._ = click_gettext  # type: ignore[attr-defined]  # click's look-up name for its own words


def language_of(args: Sequence[str]) -> str:
    """The language a command given ``args`` speaks."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    env = os.environ.get("COMMONS_LANG", "")
    if env in LANGUAGES:
        return env
    root = None
    for i, arg in enumerate(args):
        if arg == "--root" and i + 1 < len(args):
            root = Path(args[i + 1])
        elif arg.startswith("--root="):
            root = Path(arg.partition("=")[2])
    try:
        from open_commons.sources.tree import find_root, load_config

        language = load_config(find_root(root or Path.cwd())).language
    except Exception:  # noqa: BLE001 - outside a commons, or a broken commons.yaml: the default
        return "fr"
    return language if language in LANGUAGES else "fr"


def use_language(args: Sequence[str]) -> None:
    set_language(language_of(args))


def translated(name: str, command: click.Command) -> click.Command:
    """A copy of ``command`` whose help is in the current language (partners' commands only)."""
    out = fresh(command)
    if name not in PARTNER_COMMANDS or current_language() == "en":
        return out
    if command.help:
        out.help = _(command.help)
    if command.short_help:
        out.short_help = _(command.short_help)
    params = []
    for param in command.params:
        text = param.help if isinstance(param, click.Option) else None
        if text:
            param = copy.copy(param)
            param.help = _(text)  # type: ignore[attr-defined]
        params.append(param)
    out.params = params
    return out


def fresh(command: click.Command) -> click.Command:
    """A copy of ``command`` that builds its --help option anew (click keeps the first one it built, in
    the language of that moment)."""
    out = copy.copy(command)
    if hasattr(out, "_help_option"):
        out._help_option = None
    return out
