# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The ``commons`` command. Click stays here, thin: options -> plain values -> a pipeline."""

from __future__ import annotations

import importlib

import click

from open_commons import __version__

# Each module defines one command (or group) named like the module; order = help order.
COMMANDS = ("check", "rules", "new", "docs", "index", "attribution", "export", "partners", "ledger", "audit", "demo", "site", "bot")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="commons")
def main() -> None:
    """Check, credit and audit an open methodology commons (Simplon Open Commons).

    Run inside a checkout of the commons; every command finds commons.yaml in
    the current folder or above it.
    """


for _name in COMMANDS:
    _module = importlib.import_module(f"open_commons.cli.{_name}")
    main.add_command(getattr(_module, "command"))
