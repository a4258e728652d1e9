# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons ledger record|verify|rebuild``: the contribution ledger."""

# i18n-catalog: ledger

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from open_commons import jsonsafe
from open_commons import ledger as ledger_lib
from open_commons.cli.common import (
    github_facts,
    github_options,
    known_revision,
    lang_option,
    open_commons_root,
    root_option,
)
from open_commons.errors import CommonsError
from open_commons.i18n import N_, _, os_reason
from open_commons.identity import Registry
from open_commons.model.ledger import PullRequest, parse_text
from open_commons.model.report import Report
from open_commons.reporters import REPORTER_BY_NAME
from open_commons.sources import history as hist
from open_commons.sources import schemas
from open_commons.sources.partners import load_mailmap, load_partners

MAX_EVENT_BYTES = 25 * 1024 * 1024  # GitHub caps deliveries at 25 MB
SHA = re.compile(r"[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")


def ledger_path(config) -> str:  # type: ignore[no-untyped-def]
    return config.settings.ledger.path


def registry_for(root: Path, config) -> Registry:  # type: ignore[no-untyped-def]
    return Registry(load_partners(root, config), load_mailmap(root))


@click.group("ledger", help=N_("The contribution ledger: one hash-chained record per merged pull request."))
def command() -> None:
    pass


def _pr_from_git(root: Path, config, registry: Registry, number: int, merge_sha: str, ref: str) -> PullRequest:  # type: ignore[no-untyped-def]
    repo = hist.open_repo(root)
    full = hist.resolve(repo, merge_sha)
    if full is None:
        raise click.ClickException(_(N_("{sha}: no such commit in {root}"), sha=merge_sha, root=str(root)))
    history = hist.read_history(repo, full)
    owner = ledger_lib.repository_owner(config.settings.repository)
    for pr, _commit in history.merged_prs(owner, registry.login_for_email):
        if pr.merge_sha == full:
            return PullRequest(number, full, pr.merged_at, pr.author, pr.files, pr.co_authors, (), pr.author_email)
    commit = history.commits[full]
    return PullRequest(number, full, hist.iso_utc(commit.committed), None, commit.files,
                       tuple(c for c in (hist._coauthor(t) for t in commit.trailers) if c), (), commit.author_email)


@command.command("record", help=N_("Append the record of a merged PR (once: a re-delivered merge changes nothing)."))
@click.option("--event", "event", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("A GitHub pull_request event (closed and merged) as JSON."))
@click.option("--pr", "number", type=int, default=None, help=N_("The PR number (with --merge-sha)."))
@click.option("--merge-sha", default=None, help=N_("The merge (or squash) commit of the PR."))
@click.option("--author", default=None, help=N_("The PR author's GitHub login (authoritative)."))
@click.option("--reviewer", "reviewers", multiple=True, help=N_("Login of an approving reviewer (repeatable)."))
@click.option("--ref", default="HEAD", show_default=True, help=N_("The main line the merge is on."))
@lang_option
@root_option
def record(event, number: int | None, merge_sha: str | None, author: str | None, reviewers: tuple[str, ...],  # type: ignore[no-untyped-def]
           ref: str, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    registry = registry_for(found, config)
    payload = None
    if event is not None:
        payload = merged_pull(event, language)
        number = payload["number"]
        merge_sha = payload["merge_commit_sha"]
        author = author or payload["login"]
    if number is None or not merge_sha:
        raise click.UsageError(_(N_("give --event FILE, or --pr N with --merge-sha SHA"), language))
    pr = _pr_from_git(found, config, registry, number, merge_sha, ref)
    if payload is not None:
        pr = PullRequest(pr.number, pr.merge_sha, str(payload["merged_at"]).replace("+00:00", "Z"), pr.author,
                         pr.files, pr.co_authors, pr.reviewers, pr.author_email)
    pr = PullRequest(pr.number, pr.merge_sha, pr.merged_at, author or pr.author, pr.files, pr.co_authors,
                     tuple(reviewers), None if author else pr.author_email)
    try:
        result = ledger_lib.record_file(found / ledger_path(config), pr, registry, content_root=config.content_root)
    except ledger_lib.LedgerWriteError as err:
        raise click.ClickException(_(N_("cannot write {path}: {reason}; the ledger is unchanged"), language,
                                     path=ledger_path(config), reason=os_reason(err.errno, err.reason, language))
                                   ) from None
    except CommonsError as err:
        raise click.ClickException(str(err)) from err
    if result.appended:
        click.echo(_(N_("PR #{pr} recorded on line {line}, credited to {partners}."), language, pr=pr.number,
                        line=result.line, partners=", ".join(result.record["partners"]) or "-"))
    else:
        click.echo(_(N_("PR #{pr} is already recorded on line {line}: nothing to do."), language, pr=pr.number,
                        line=result.line))


def merged_pull(event: Path, language: str) -> dict[str, Any]:
    """The fields ``record`` needs from a pull_request event file, checked (exit 2 with one line
    naming the problem: not JSON, too deep, a list, a missing or wrong field)."""
    def bad(problem: str) -> click.UsageError:
        return click.UsageError(_(N_("--event {path}: {problem}"), language, path=str(event), problem=problem))

    try:
        if str(event) == "-":
            raw = sys.stdin.buffer.read(MAX_EVENT_BYTES + 1)
        else:
            with event.open("rb") as fh:  # a FIFO or a device is read like stdin: bounded
                raw = fh.read(MAX_EVENT_BYTES + 1)
    except OSError as err:
        raise bad(os_reason(err.errno, err.strerror or str(err), language)) from None
    if len(raw) > MAX_EVENT_BYTES:
        raise bad(_(N_("larger than {n} bytes"), language, n=MAX_EVENT_BYTES))
    try:
        data = jsonsafe.loads(raw, max_bytes=MAX_EVENT_BYTES, expect=dict)
    except jsonsafe.JsonInputError as err:
        raise bad(str(err)) from None
    pull = data.get("pull_request", data)
    if not isinstance(pull, dict):
        raise bad(_(N_("the field '{field}' is not an object"), language, field="pull_request"))
    if not pull.get("merged_at"):
        raise click.ClickException(_(N_("the event is not a merged pull request"), language))
    number = pull.get("number")
    if "number" not in pull:
        raise bad(_(N_("the field '{field}' is missing"), language, field="number"))
    if type(number) is not int or not 0 < number < 2**31:
        raise bad(_(N_("the field '{field}' is not a positive whole number"), language, field="number"))
    sha = pull.get("merge_commit_sha")
    if not isinstance(sha, str) or not SHA.fullmatch(sha):
        raise bad(_(N_("the field '{field}' is not a commit hash"), language, field="merge_commit_sha"))
    merged_at = pull.get("merged_at")
    if not isinstance(merged_at, str) or not STAMP.fullmatch(merged_at):
        raise bad(_(N_("the field '{field}' is not a date and time"), language, field="merged_at"))
    user = pull.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    return {"number": number, "merge_commit_sha": sha, "merged_at": merged_at,
            "login": login if isinstance(login, str) and LOGIN.fullmatch(login) else None}


VERIFY_HELP = N_(
    "Check the ledger: schema, hash chain, order, append-only history, agreement with git.\n"
    "\n"
    "With a GitHub token (--token or GITHUB_TOKEN), also agreement with GitHub: each record's pull "
    "request merged as its merge commit, by its author, every reviewer with an approving review and the "
    "right to review; and whether commits titled like squash merges \"(#N)\" are merges. Records found in "
    "agreement are remembered: the next run asks only about new ones.\n"
    "\n"
    "Exit status: 0 when it holds, 1 when a record is missing, extra or tampered."
)


@command.command("verify", help=VERIFY_HELP)
@click.option("--ref", default="HEAD", show_default=True, help=N_("The main line to check the records against."))
@click.option("--ledger-ref", default=None,
              help=N_("Read the ledger from this branch (e.g. ledger) instead of the working tree."))
@click.option("--no-cache", is_flag=True, help=N_("Read the whole history again, ignoring the cache."))
@click.option("--reset-trust", is_flag=True,
              help=N_("Forget the ledger tip verified last and trust the branch's history as it is now (after a "
                      "rewrite you have checked)."))
@github_options
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTER_BY_NAME)), default="text", show_default=True,
              help=N_("Output format: text for people, json for scripts, github for workflow annotations."))
@lang_option
@root_option
def verify(ref: str, ledger_ref: str | None, no_cache: bool, reset_trust: bool, token: str | None,
           github_repo: str | None, api_url: str | None, fmt: str, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    known_revision(found, ref, "--ref", language)
    known_revision(found, ledger_ref, "--ledger-ref", language)
    registry = registry_for(found, config)
    github = github_facts(token, github_repo, api_url, config, language)
    try:
        result = ledger_lib.verify(found, config=config, registry=registry, ledger_path=ledger_path(config), ref=ref,
                                   ledger_ref=ledger_ref, cache=not no_cache, schema=schemas.load("ledger-entry"),
                                   github=github, reset_trust=reset_trust)
    except CommonsError as err:
        raise click.ClickException(str(err)) from err
    report = Report(tuple(result.findings), result.records)
    out = REPORTER_BY_NAME[fmt](report, language)
    if fmt == "text":
        out = "".join(line + "\n" for line in out.split("\n")[:-2])  # the checker's summary is replaced
        out += _(N_("{records} record(s), {prs} merged PR(s) in history, {errors} error(s), {warnings} warning(s)."),
                 language, records=result.records, prs=result.prs_in_history, errors=report.errors,
                 warnings=report.warnings) + "\n"
    click.echo(out, nl=False)
    if github is None:
        click.echo(_(N_("Reviewers, authors and merges were not checked against GitHub: give a token (--token or "
                        "GITHUB_TOKEN) to check them."), language), err=True)
    else:
        click.echo(_(N_("Checked against GitHub ({repo}): {asked} record(s) asked about, {before} confirmed by an "
                        "earlier run; {requests} request(s)."), language, repo=github.repository,
                     asked=result.asked, before=result.confirmed_before, requests=github.requests), err=True)
    sys.exit(report.exit_code)


REBUILD_HELP = N_(
    "Rebuild the ledger from history (merge commits and squash merges '(#N)'), for late adopters.\n"
    "\n"
    "A commit titled '... (#N)' with one parent is a squash merge only if GitHub says so: give a token "
    "(--token or GITHUB_TOKEN) to ask; without one such commits are left out (with --check, those the "
    "ledger records are kept). Git does not know reviewers: rebuilt records have none."
)


@command.command("rebuild", help=REBUILD_HELP)
@click.option("--from-git", "from_git", is_flag=True, required=True, help=N_("Build the records from git history."))
@click.option("--ref", default="HEAD", show_default=True, help=N_("The main line to read the merges from."))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Write the ledger there (default: standard output). The ledger file itself is written only "
                      "when it is empty."))
@click.option("--write", is_flag=True,
              help=N_("Write the commons' ledger file (refused unless it is empty or missing)."))
@click.option("--check", "check_", is_flag=True,
              help=N_("Compare with the ledger file; exit 1 and show the first differing line."))
@github_options
@lang_option
@root_option
def rebuild(from_git: bool, ref: str, output: Path | None, write: bool, check_: bool, token: str | None,
            github_repo: str | None, api_url: str | None, lang: str | None, root: Path | None) -> None:
    found, config, language = open_commons_root(root, lang)
    known_revision(found, ref, "--ref", language)
    registry = registry_for(found, config)
    github = github_facts(token, github_repo, api_url, config, language)
    target = found / ledger_path(config)
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    reviewers = None
    recorded: list[tuple[int, str]] = []
    if check_:  # git does not know reviewers: compare with the ones recorded
        reviewers = {int(ln.record["pr"]): [r["login"] for r in ln.record.get("reviewers") or ()]
                     for ln in parse_text(current) if ln.record is not None and isinstance(ln.record.get("pr"), int)}
        recorded = [(int(ln.record["pr"]), str(ln.record.get("merge_sha", ""))) for ln in parse_text(current)
                    if ln.record is not None and isinstance(ln.record.get("pr"), int)]
    left_out: list[PullRequest] = []
    try:
        text = ledger_lib.rebuild(found, config=config, registry=registry, ref=ref, reviewers=reviewers,
                                  github=github, recorded=recorded, left_out=left_out)
    except CommonsError as err:
        raise click.ClickException(str(err)) from err
    if left_out:
        click.echo(_(N_("{n} commit(s) titled like a squash merge '(#N)' left out, nothing confirms they are merged "
                        "pull requests (first: {sha}, PR #{pr}); give a token (--token or GITHUB_TOKEN) to ask GitHub."),
                     language, n=len(left_out), sha=left_out[0].merge_sha[:12], pr=left_out[0].number), err=True)
    if check_:
        if current == text:
            click.echo(_(N_("The ledger equals the one rebuilt from git."), language))
            return
        a, b = current.splitlines(), text.splitlines()
        line = next((i + 1 for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)) + 1)
        click.echo(_(N_("The ledger differs from the one rebuilt from git from line {line}."), language, line=line))
        sys.exit(1)
    if write:
        if target.is_file() and target.read_text(encoding="utf-8").strip():
            raise click.ClickException(_(N_("{path} is not empty: the ledger is append-only"), language,
                                         path=ledger_path(config)))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(_(N_("{n} record(s) written to {path}."), language, n=text.count("\n"), path=ledger_path(config)))
    elif output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
