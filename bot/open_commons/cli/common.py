# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Options and helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from open_commons.errors import ConfigNotFound
from open_commons.i18n import LANGUAGES, render, set_language
from open_commons.model import Config
from open_commons.rules.config import CONFIG_MISSING
from open_commons.sources.tree import find_root, load_config

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(fn: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        help="Language of messages (default: the commons' language in commons.yaml).",
    )(fn)


def root_option(fn: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The commons checkout (default: the folder holding commons.yaml, here or above).",
    )(fn)


def open_commons_root(root: Path | None, lang: str | None) -> tuple[Path, Config, str]:
    """Find the checkout and its policy; exit 2 with a finding when there is none."""
    try:
        found = find_root(root or Path.cwd())
    except ConfigNotFound as err:
        language = lang or "fr"
        finding = CONFIG_MISSING.at("commons.yaml", root=str(err))
        click.echo(f"commons.yaml: {finding.code} {render(finding.message, language)}", err=True)
        click.echo("    " + render(finding.fix, language), err=True)
        sys.exit(2)
    config = load_config(found)
    language = lang or (config.language if config.language in LANGUAGES else "fr")
    set_language(language)
    return found, config, language
