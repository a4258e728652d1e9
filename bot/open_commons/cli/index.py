# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons index``: write content/README.md, the table of every resource."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons import content_index
from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.sources.tree import load_commons


@click.command("index")
@click.option("--check", "check_only", is_flag=True, help="Only report drift; exit 1 when content/README.md is out of date.")
@lang_option
@root_option
def command(check_only: bool, lang: str | None, root: Path | None) -> None:
    """Generate content/README.md: every resource by phase and type, with audience and time required."""
    found, config, language = open_commons_root(root, lang)
    commons = load_commons(found, config)
    text = content_index.render(commons, language)
    target = found / config.content_root / "README.md"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check_only:
        if current != text:
            click.echo(f"{target}: out of date; run `commons index`")
            sys.exit(1)
        return
    if current != text:
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {target}")
