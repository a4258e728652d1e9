# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The CLI in the commons' language: help texts, usage errors and click's own words.

Help texts are English templates (``N_()``) translated when a command is looked up: ``commons``
runs as a translated copy of itself, and a group (``commons``, ``commons ledger``…) hands out
translated *copies* of its subcommands, so the command objects themselves never change (one
process can show French and English help in turn). Every command gets this: a new one only marks
its texts with ``N_()``. The language is the one a command would use: ``--lang``, else
``COMMONS_LANG``, else the commons' ``language`` in commons.yaml (found from ``--root`` or the
current folder), else French. Click looks its own words up ("Usage:", "Error: …") through
module-level ``_`` and ``ngettext`` (``gettext``'s by default); ``install`` points them at the
commons' catalogs, which hold their translations.
"""

# i18n-catalog: core

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from pathlib import Path

import click

from open_commons.i18n import LANGUAGES, N_, current_language, set_language, translations

# click's own words, looked up through ``click_gettext`` (listed here so that the catalogs hold them)
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"), N_("Missing argument"),
    N_("Missing option"), N_("Missing parameter: {param_name}"), N_("No such option {name!r}."),
    N_("No such command {name!r}."), N_("Show this message and exit."), N_("Show the version and exit."),
    N_("default: {default}"), N_("required"), N_("Missing command."), N_("Aborted!"),
    N_("Got unexpected extra argument ({args})"), N_("Got unexpected extra arguments ({args})"),
    N_("Option {name!r} requires an argument."), N_("Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."), N_("{value!r} is not {choice}."),
    N_("{value!r} is not one of {choices}."), N_("Did you mean {possibility}?"),
    N_("(Did you mean one of: {possibilities}?)"), N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
)


def click_gettext(message: str) -> str:
    """Click's words in the current language."""
    return translations(current_language()).gettext(message)


# the names click.Path gives itself when a command is defined: they make metavars (FILE, DIRECTORY), which
# must not depend on the language of the first command that imported the module
DEFINITION_WORDS = frozenset({"file", "directory", "path"})


def click_types_gettext(message: str) -> str:
    """Click's words about values (``click.types``) in the current language, but its type names."""
    return message if message in DEFINITION_WORDS else click_gettext(message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    """Click's words that depend on a count (of arguments, of choices) in the current language."""
    return click_gettext(singular if n == 1 else plural)


def install() -> None:
    """Let click find its words in the commons' catalogs (idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser):
        module._ = click_gettext  # type: ignore[attr-defined]  # click's look-up name for its own words
    click.types._ = click_types_gettext  # type: ignore[attr-defined]
    for module in (click.core, click.exceptions, click.parser, click.types):
        module.ngettext = click_ngettext  # type: ignore[attr-defined]


def language_of(args: Sequence[str]) -> str:
    """The language a command given ``args`` speaks."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    env = env_language()
    if env is not None:
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


def env_language() -> str | None:
    """The language COMMONS_LANG asks for, if it is one of the tool's."""
    env = os.environ.get("COMMONS_LANG", "")
    return env if env in LANGUAGES else None


def use_language(args: Sequence[str]) -> None:
    set_language(language_of(args))


def translated(command: click.Command) -> click.Command:
    """A copy of ``command`` whose help (description and options) is in the current language; for a
    group, its subcommands too. The command objects themselves never change."""
    out = fresh(command)
    text = translations(current_language()).gettext if current_language() != "en" else str
    if command.help:
        out.help = text(command.help)
    if command.short_help:
        out.short_help = text(command.short_help)
    if command.epilog:
        out.epilog = text(command.epilog)
    params = []
    for param in command.params:
        help_text = param.help if isinstance(param, click.Option) else None
        if help_text:
            param = copy.copy(param)
            param.help = text(help_text)  # type: ignore[attr-defined]
        params.append(param)
    out.params = params  # a list of its own: click appends its --help option to it for a moment
    if isinstance(command, click.Group) and isinstance(out, click.Group):
        out.commands = {name: translated(sub) for name, sub in command.commands.items()}
    return out


def fresh(command: click.Command) -> click.Command:
    """A copy of ``command`` that builds its --help option anew (click keeps the first one it built, in
    the language of that moment)."""
    out = copy.copy(command)
    if hasattr(out, "_help_option"):
        out._help_option = None
    return out
