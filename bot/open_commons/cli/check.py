# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons check``: the same verdict on a laptop, in CI and in the bot."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.pipeline import check as run_check
from open_commons.reporters import REPORTER_BY_NAME
from open_commons.sources.tree import load_commons


def _relative(root: Path, raw: str) -> str:
    path = Path(raw).resolve() if not Path(raw).is_absolute() else Path(raw)
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        raise click.BadParameter(f"{raw} is not inside the commons at {root}", param_hint="PATH") from None
    return rel.as_posix() if str(rel) != "." else ""


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTER_BY_NAME)), default="text", show_default=True,
              help="Output format: text for people, json for scripts, github for workflow annotations.")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Write the report to a file instead of standard output.")
@lang_option
@root_option
def command(paths: tuple[str, ...], fmt: str, output: click.utils.LazyFile, lang: str | None,
            root: Path | None) -> None:
    """Check the commons (or only PATHS in it): front-matter, schema, ids, references.

    Exit status: 0 clean (warnings allowed), 1 errors found, 2 usage or
    configuration error.
    """
    found, config, language = open_commons_root(root, lang)
    rel_paths = [_relative(found, p) for p in paths]
    commons = load_commons(found, config)
    report = run_check(commons, rel_paths)
    output.write(REPORTER_BY_NAME[fmt](report, language))
    sys.exit(report.exit_code)
