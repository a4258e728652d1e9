# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons demo``: a realistic commons history with its ledger, and its audit, in one command."""

# i18n-catalog: ledger

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from open_commons.i18n import LANGUAGES, N_, _, set_language
from open_commons.reporters.audit_report import AUDIT_REPORTERS

HELP = N_(
    'Build a demo commons (fictional partners over three years, people moving between them,\n'
    'merge and squash commits, a ledger) and write its reciprocity audit.\n'
    '\n'
    'Every resource in it is complete and every pull request records its changes as the\n'
    'commons asks: `commons check` finds no error there, `reuse lint` passes and\n'
    '`commons site` publishes every resource.\n'
    '\n'
    'Then try, inside the demo folder: commons check, commons site --out site, commons audit,\n'
    'commons ledger verify, commons partners list.'
)


@click.command("demo", help=HELP)
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Build the demo commons there (default: a new temporary folder, kept)."))
@click.option("--format", "fmt", type=click.Choice(list(AUDIT_REPORTERS)), default="html", show_default=True,
              help=N_("Format of the audit report."))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Where to write the report (default: audit.<ext> in the demo folder)."))
@click.option("--lang", type=click.Choice(LANGUAGES), default="fr", show_default=True,
              help=N_("Language of the messages and of the report."))
def command(folder: Path | None, fmt: str, out: Path | None, lang: str) -> None:
    from open_commons.demo import run_demo

    set_language(lang)
    target = folder or Path(tempfile.mkdtemp(prefix="open-commons-demo-"))
    if target.exists() and any(target.iterdir()):
        raise click.BadParameter(_(N_("{path} is not empty"), lang, path=str(target)), param_hint="--dir")
    click.echo(_(N_("Building a demo commons in {path}…"), lang, path=str(target)), err=True)
    result, text = run_demo(target, fmt=fmt, lang=lang)
    ext = {"table": "txt", "markdown": "md"}.get(fmt, fmt)
    report = out or target / f"audit.{ext}"
    report.write_text(text, encoding="utf-8")
    click.echo(_(N_("{resources} resources, {prs} pull requests merged, {records} ledger records. Report: {report}"),
                 lang, resources=result.resources, prs=result.prs, records=result.records, report=str(report)))
    if fmt == "table":
        click.echo(text, nl=False)
    click.echo(_(N_("Try, in the folder {path}: commons check, commons site --out site, commons audit, "
                    "commons ledger verify, commons partners list."), lang, path=str(target)))
