# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons check``: the same verdict on a laptop, in CI and in the bot."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from open_commons import rules as rule_families
from open_commons.cli.common import lang_option, open_commons_root, root_option
from open_commons.pipeline import check as run_check
from open_commons.pipeline import default_jobs, under
from open_commons.pipeline import load as load_and_prepare
from open_commons.reporters import REPORTER_BY_NAME
from open_commons.errors import GitError
from open_commons.cache import CheckCache, code_digest, digest
from open_commons.sources import licensed, reuse_info, schemas
from open_commons.sources.tree import repository_prefix


def _relative(root: Path, raw: str) -> str:
    path = Path(raw).resolve() if not Path(raw).is_absolute() else Path(raw)
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        raise click.BadParameter(f"{raw} is not inside the commons at {root}", param_hint="PATH") from None
    return rel.as_posix() if str(rel) != "." else ""


def _scope(root: Path, families: list[str] | None) -> str:
    """What per-file results depend on besides the file: the tool, its schemas, the policy, REUSE's setup."""
    parts = [code_digest().encode(), repr(families).encode(), reuse_info.project_digest(root).encode()]
    for path in sorted(schemas.schema_dir().glob("*.json")):
        parts.append(path.read_bytes())
    config_file = root / "commons.yaml"
    parts.append(config_file.read_bytes() if config_file.is_file() else b"")
    return digest(*parts)


def _families(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    rule_families.load_all()
    wanted = [f.strip() for f in raw.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in rule_families.FAMILIES]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown family {', '.join(unknown) or raw!r}; families: "
                                 f"{', '.join(rule_families.FAMILIES)}", param_hint="--families")
    return wanted


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTER_BY_NAME)), default="text", show_default=True,
              help="Output format: text for people, json for scripts, github for workflow annotations.")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Write the report to a file instead of standard output.")
@click.option("--base", default=None, metavar="REF",
              help="Check a change: compare REF (e.g. origin/main) with --head, and check only the files "
                   "the change touches, with the share-alike rules (ATT).")
@click.option("--head", default=None, metavar="REF",
              help="The revision to check against --base (default: the working tree, committed or not).")
@click.option("--no-cache", is_flag=True,
              help="Read every file again instead of reusing the results of the last run for files "
                   "whose bytes did not change (the cache is in .git/open-commons/).")
@click.option("--families", default=None, metavar="FAMILY[,FAMILY…]",
              help="Run only these rule families (e.g. parsing,schema,resources,config); `commons rules` "
                   "shows each rule's family. Default: all.")
@lang_option
@root_option
def command(paths: tuple[str, ...], fmt: str, output: click.utils.LazyFile, base: str | None,
            head: str | None, no_cache: bool, families: str | None, lang: str | None,
            root: Path | None) -> None:
    """Check the commons (or only PATHS in it): front-matter, schema, ids, references, licences.

    With --base REF, check a change instead: only the files it touches, and
    whether it keeps the credit of authors and says what it modified.

    Exit status: 0 clean (warnings allowed), 1 errors found, 2 usage or
    configuration error.
    """
    found, config, language = open_commons_root(root, lang)
    rel_paths = [_relative(found, p) for p in paths]
    selected = _families(families)
    if head is not None and base is None:
        raise click.BadParameter("--head needs --base", param_hint="--head")
    if base is not None:
        try:
            commons, touched = licensed.for_change(found, base, head, config)
        except GitError as err:
            raise click.UsageError(str(err)) from None
        wanted = [p for p in touched if not rel_paths or any(under(p, r) for r in rel_paths)]
        report = run_check(commons, wanted or ["commons.yaml"], selected)
    else:
        jobs = default_jobs()
        cache = None if no_cache else CheckCache.open(found, _scope(found, selected))
        loaded = load_and_prepare(found, config, jobs, selected, cache)
        if selected is None or "licensing" in selected:
            section = cache.section("reuse") if cache is not None else None
            before = {k: v[0] for k, v in section.items()} if section is not None else None
            loaded = licensed.full(found, config, loaded, jobs=jobs, cache=section)
            if cache is not None and section is not None:
                cache.replace("reuse", section, changed=before != {k: v[0] for k, v in section.items()})
        report = run_check(loaded, rel_paths, selected)
        if cache is not None:
            cache.save()
    report.extra.setdefault("repository_prefix", repository_prefix(found))  # SARIF: paths from the git root
    output.write(REPORTER_BY_NAME[fmt](report, language))
    sys.exit(report.exit_code)
