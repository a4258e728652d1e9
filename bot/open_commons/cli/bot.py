# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons bot``: the GitHub bot, from GitHub Actions (one event) or as a GitHub App (a server).

Help, usage errors and what a person reads in a job's log are in the commons' language; the JSON
lines of ``handle`` and ``publish`` are for scripts and stay as they are.
"""

# i18n-catalog: bot

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from open_commons.errors import CommonsError, GitHubError
from open_commons.github.compose import check_name as _default_check_name
from open_commons.github.compose import make_bot as _token_bot
from open_commons.github.compose import token_for
from open_commons.i18n import N_, _


def _token_for(installation_id: int | None, app_id: int | None, key_file: Path | None) -> str:
    """``compose.token_for`` with the key read from its file; a missing credential is a usage error."""
    from open_commons.github.appauth import read_key

    try:
        return token_for(installation_id, app_id, read_key(str(key_file)) if key_file is not None else None)
    except GitHubError as err:
        raise click.UsageError(str(err)) from None


app_options = [
    click.option("--app-id", type=int, default=None, envvar="GITHUB_APP_ID",
                 help=N_("GitHub App id (with --private-key): act as the App's installation from the payload.")),
    click.option("--private-key", "key_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 envvar="GITHUB_APP_PRIVATE_KEY_FILE", help=N_("The App's private key (PEM file).")),
    click.option("--clone-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help=N_("Fetch the repository into this folder with the token (App mode) instead of using the "
                         "checkout.")),
    click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help=N_("The checkout of the base repository (default: the current folder).")),
]


def with_app_options(fn: Any) -> Any:
    for option in reversed(app_options):
        fn = option(fn)
    return fn


HELP = N_(
    "The GitHub bot: checks on pull requests, ledger on merges, partner applications.\n"
    "\n"
    "Reads GITHUB_TOKEN and GITHUB_API_URL (as GitHub Actions sets them), or acts\n"
    "as a GitHub App with --app-id and --private-key."
)


@click.group("bot", help=HELP)
def command() -> None:
    pass


HANDLE_HELP = N_(
    "Process one GitHub event (EVENT_NAME as in X-GitHub-Event, PAYLOAD the JSON file).\n"
    "\n"
    "Exit status: 0 handled or ignored, 1 a handler failed, 2 a bad payload."
)


@command.command("handle", help=HANDLE_HELP)
@click.argument("event_name")
@click.argument("payload", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_app_options
def handle(event_name: str, payload: Path, app_id: int | None, key_file: Path | None, clone_cache: Path | None,
           root: Path | None) -> None:
    from open_commons.github import events, router

    try:
        event = events.parse_bytes(event_name, payload.read_bytes())
    except events.EventError as err:
        raise click.UsageError(f"{payload}: {err}") from None
    try:
        bot = _token_bot(_token_for(event.installation_id, app_id, key_file), root, clone_cache,
                         _default_check_name(root), app_id=app_id)
        outcomes = router.dispatch(bot, event)
    except CommonsError as err:
        raise click.ClickException(str(err)) from None
    for o in outcomes:
        click.echo(json.dumps({"handler": o.handler, "status": o.status, "detail": o.detail}, ensure_ascii=False))
    sys.exit(1 if any(o.status == "error" for o in outcomes) else 0)


REPORT_HELP = N_(
    "Compute the report of a pull_request event without any token (the unprivileged job).\n"
    "\n"
    "The job that posts does not trust this report: it computes the verdict again itself."
)


@command.command("report", help=REPORT_HELP)
@click.argument("payload", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=N_("Where to write the report (an artifact, for people and the job that posts)."))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("The checkout (base and head commits fetched), default: the current folder."))
def report(payload: Path, output: Path, root: Path | None) -> None:
    from open_commons.github import events, pr_check
    from open_commons.github.context import LocalWorkspace, today
    from open_commons.model.github import PullRequestEvent

    try:
        event = events.parse_bytes("pull_request", payload.read_bytes())
    except events.EventError as err:
        raise click.UsageError(f"{payload}: {err}") from None
    if not isinstance(event, PullRequestEvent) or event.pull is None or event.repo is None:
        raise click.UsageError(_(N_("{path}: not a pull_request event"), path=str(payload)))
    workspace = LocalWorkspace((root or Path.cwd()).resolve())
    try:
        with workspace.lease(event.repo, event.pull.base.sha, event.pull, (event.pull.head.sha,)) as tree:
            result = pr_check.compute(tree, event.pull, today())
    except CommonsError as err:
        raise click.ClickException(str(err)) from None
    output.write_text(result.to_json() + "\n", encoding="utf-8")
    click.echo(_(N_("{path}: {count} finding(s) on #{pr}"), path=str(output), count=len(result.findings),
                 pr=result.number))


def _workflow_run(path: Path) -> str:
    """The head sha of the workflow_run event GitHub wrote for this job (trusted; the PR is then found
    through the API)."""
    from open_commons.github.events import EventError, load_json

    try:
        data = load_json(path.read_bytes())
    except (OSError, EventError) as err:
        raise click.UsageError(f"{path}: {err}") from None
    run = data.get("workflow_run") if isinstance(data, dict) else None
    sha = run.get("head_sha") if isinstance(run, dict) else None
    if not isinstance(sha, str) or len(sha) != 40:
        raise click.UsageError(_(N_("{path}: not a workflow_run event (no workflow_run.head_sha)"), path=str(path)))
    return sha


def _compare_artifact(report_file: Path | None, verdict: Any) -> None:
    """The artifact is hostile: it is never posted, only compared, and what it says is escaped."""
    from open_commons.github import pr_check

    if report_file is None:
        return
    try:
        claimed = pr_check.PullReport.from_json(report_file.read_text(encoding="utf-8", errors="replace")[:20_000_000])
    except (ValueError, KeyError, RecursionError, OSError) as err:
        click.echo(_(N_("the artifact is not a valid report ({error}): ignored"), error=repr(str(err)[:200])), err=True)
        return
    ours = sorted({f.code for f in verdict.findings})
    theirs = sorted({f.code for f in claimed.findings})
    if (claimed.number, claimed.head_sha, theirs) != (verdict.number, verdict.head_sha, ours):
        click.echo(_(N_("the artifact disagrees with the verdict computed here (it says {theirs}; here {ours}): the "
                        "verdict computed here is posted"),
                     theirs=f"#{claimed.number} {claimed.head_sha[:12]!r} {theirs!r}",
                     ours=f"#{verdict.number} {verdict.head_sha[:12]} {ours}"), err=True)


PUBLISH_HELP = N_(
    "Post the verdict on the pull request at a head commit: check run, comment, labels.\n"
    "\n"
    "Runs in the base repository with a write token (workflow_run). The verdict is computed\n"
    "here, from the PR head read as git objects against the policy of its base commit; the PR\n"
    "number, author and maintainer status come from the API. REPORT, the artifact of the\n"
    "unprivileged job, is only compared with it and never trusted (a pull request can change\n"
    "the workflow that made it)."
)


@command.command("publish", help=PUBLISH_HELP)
@click.argument("report_file", metavar="[REPORT]", required=False,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--repo", required=True, help=N_("owner/name of the base repository."))
@click.option("--event", "event_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=N_("The workflow_run event of this job ($GITHUB_EVENT_PATH): the head commit comes from it."))
@click.option("--head-sha", default=None, help=N_("The head commit (instead of --event)."))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("A checkout of the base repository (fetch-depth: 0); the PR head is fetched into it as git "
                      "objects, never checked out."))
def publish(report_file: Path | None, repo: str, event_file: Path | None, head_sha: str | None,
            root: Path | None) -> None:
    from open_commons.github import pr_check
    from open_commons.github.context import today
    from open_commons.sources.tree import load_config

    if event_file is not None:
        head_sha = _workflow_run(event_file)
    if not head_sha:
        raise click.UsageError(_(N_("give --event (the workflow_run event) or --head-sha")))
    token = _token_for(None, None, None)
    try:
        bot = _token_bot(token, root, None, "", local_token=True)
        pulls = [bot.port.get_pull(repo, n) for n in bot.port.open_pulls_for_sha(repo, head_sha)]
        pulls = [p for p in pulls if p.state == "open" and p.head.sha == head_sha]
        if not pulls:
            click.echo(_(N_("no open pull request is at {sha}: nothing posted"), sha=head_sha[:12]), err=True)
            sys.exit(0)
        for pull in pulls:
            from open_commons.model.github import Repository

            with bot.workspace.lease(pull.base.repo or Repository(repo), pull.base.sha, pull, (pull.head.sha,)) as tree:
                verdict = pr_check.compute(tree, pull, today())
                config = load_config(tree)
                plan = pr_check.fix_plan(tree, pull, verdict, config, bot, repo)
            _compare_artifact(report_file, verdict)
            outcome = pr_check.publish(bot, repo, verdict, config)
            outcome.data["suggestions"] = pr_check.post_suggestions(bot, repo, pull, plan, config)
            click.echo(json.dumps({"handler": outcome.handler, "status": outcome.status, "detail": outcome.detail}))
    except CommonsError as err:
        raise click.ClickException(str(err)) from None


from open_commons.cli.bot_service import jobs, serve, sweep, worker  # noqa: E402 - after the group they join

for _service_command in (serve, worker, jobs, sweep):
    command.add_command(_service_command)
