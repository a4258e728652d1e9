# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons docs``: regenerate docs/ (rule pages, CLI reference) from the code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons import docs


@click.command("docs")
@click.option("--check", "check_only", is_flag=True, help="Only report drift; exit 1 when docs/ is out of date.")
@click.option("--dir", "docs_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs"),
              show_default=True, help="The docs folder.")
def command(check_only: bool, docs_dir: Path) -> None:
    """Generate docs/rules/ from the rule registry and docs/cli.md from --help (for maintainers)."""
    if check_only:
        stale = docs.drift(docs_dir)
        for rel in stale:
            click.echo(f"{docs_dir / rel}: out of date; run `commons docs`")
        sys.exit(1 if stale else 0)
    for rel in docs.write(docs_dir):
        click.echo(f"wrote {docs_dir / rel}")
