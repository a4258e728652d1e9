# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons docs``: regenerate docs/ (rule pages, CLI reference) from the code."""

# i18n-catalog: core

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons import docs
from open_commons.docs import HEADER, LICENSE_NOTE
from open_commons.i18n import N_, _, current_language


def cli_reference() -> str:
    """docs/cli.md: the --help of every command."""
    from open_commons.cli import localized, main
    from open_commons.i18n import set_language

    lines = [LICENSE_NOTE + HEADER, "# Command-line reference", ""]

    def walk(cmd: click.Command, names: list[str]) -> None:
        cmd = localized.fresh(cmd)
        ctx = click.Context(cmd, info_name=" ".join(names), terminal_width=100, max_content_width=100,
                            help_option_names=["-h", "--help"])
        lines.extend([f"## `{' '.join(names)}`", "", "```", cmd.get_help(ctx), "```", ""])
        if isinstance(cmd, click.Group):
            for sub in cmd.list_commands(ctx):
                sub_cmd = cmd.get_command(ctx, sub)
                if sub_cmd is not None and not sub_cmd.hidden:
                    walk(sub_cmd, [*names, sub])

    language = current_language()
    set_language("en")  # the reference is in English (each command shows its help in the commons' language)
    try:
        walk(main, ["commons"])
    finally:
        set_language(language)
    return "\n".join(lines)


def doctor_reference() -> str:
    """docs/doctor.md: the checks of `commons doctor`, in English and French."""
    from open_commons.app.doctor import CHECKS
    from open_commons.reporters.doctor_report import checks_page

    intro = ("# The checks of `commons doctor`\n\n"
             "`commons doctor` checks that a repository is set up for the commons and its bot: DOC0xx in the "
             "checkout, DOC1xx on GitHub (with a token). Each problem it finds comes with its precise fix; "
             "below is each check's general one.\n")
    return LICENSE_NOTE + HEADER + intro + "\n" + checks_page(CHECKS, {"en": "English", "fr": "Français"})


def pages() -> dict[str, str]:
    return {"cli.md": cli_reference(), "doctor.md": doctor_reference()}


HELP = N_("Generate docs/rules/ from the rule registry and docs/cli.md from --help (for maintainers).")


@click.command("docs", help=HELP)
@click.option("--check", "check_only", is_flag=True, help=N_("Only report drift; exit 1 when docs/ is out of date."))
@click.option("--dir", "docs_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs"),
              show_default=True, help=N_("The docs folder."))
def command(check_only: bool, docs_dir: Path) -> None:
    if check_only:
        stale = docs.drift(docs_dir, pages())
        for rel in stale:
            click.echo(_(N_("{path}: out of date; run `commons docs`"), path=str(docs_dir / rel)))
        sys.exit(1 if stale else 0)
    for rel in docs.write(docs_dir, pages()):
        click.echo(_(N_("wrote {path}"), path=str(docs_dir / rel)))
