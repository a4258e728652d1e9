# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The ``commons`` command. Click stays here, thin: options -> plain values -> a pipeline."""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from open_commons import __version__
from open_commons.cli import localized
from open_commons.i18n import N_

# Each module defines one command (or group) named like the module; order = help order.
COMMANDS = ("check", "fix", "rules", "new", "docs", "index", "attribution", "export", "partners", "access", "ledger",
            "audit", "demo", "site", "doctor", "bot")


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (the bot and the site pull in
    PyGithub, Jinja2 and markdown-it: `commons check` should not pay for them)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """``commons …`` runs as a copy of itself whose help is in the language of the command line
        (``commons --help`` too)."""
        localized.use_language(sys.argv[1:] if args is None else args)
        return click.Group.main(localized.translated(self), args, *rest, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"open_commons.cli.{cmd_name}")
        return localized.translated(module.command)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                                list[str]]:
        # the language of the command's help and usage errors: --lang, COMMONS_LANG, commons.yaml
        localized.use_language(args)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """An operating-system failure (disk full, permission denied…) no command handled ends in
        one line in the user's language and exit 1, never a traceback."""
        try:
            return super().invoke(ctx)
        except OSError as err:
            if err.errno == errno.EPIPE:
                raise  # click ends quietly when the reader of the output went away
            raise click.ClickException(os_failure(err)) from None


def os_failure(err: OSError) -> str:
    from open_commons.i18n import N_, _, os_reason
    from open_commons.model import printable

    reason = os_reason(err.errno, err.strerror or str(err))
    if err.filename is None:
        return reason
    return _(N_("{path}: {reason}"), None, path=printable(os.fsdecode(err.filename)), reason=reason)


HELP = N_(
    "Check, credit and audit an open methodology commons (Simplon Open Commons).\n"
    "\n"
    "Run inside a checkout of the commons; every command finds commons.yaml in\n"
    "the current folder or above it."
)


@click.group(cls=LazyGroup, help=HELP,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="commons")
def main() -> None:
    pass


# after the decorators above, so that their built-in texts (--version) stay English in docs/cli.md
localized.install()
