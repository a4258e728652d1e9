# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons bot``: the GitHub bot, from GitHub Actions (one event) or as a GitHub App (a server)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from open_commons.errors import CommonsError


def _token_bot(token: str, root: Path | None, clone_cache: Path | None, check_name: str,
               app_id: int | None = None) -> Any:
    from open_commons.github.client import PyGithubClient, make_github
    from open_commons.github.clone import CachedClone
    from open_commons.github.context import Bot, LocalWorkspace

    workspace: Any = CachedClone(clone_cache, token) if clone_cache else LocalWorkspace((root or Path.cwd()).resolve())
    return Bot(PyGithubClient(make_github(token), app_id=app_id), workspace,
               details={"check_name": check_name, "repositories": repositories(root)})


def repositories(root: Path | None) -> tuple[str, ...]:
    """The repositories the bot acts on (events from any other are ignored): commons.yaml's
    ``repository``, $GITHUB_REPOSITORY (GitHub Actions) and $OPEN_COMMONS_REPOSITORIES (comma-separated)."""
    from open_commons.sources.tree import find_root, load_config

    found = [r for r in os.environ.get("OPEN_COMMONS_REPOSITORIES", "").replace(",", " ").split() if r]
    found += [os.environ["GITHUB_REPOSITORY"]] if os.environ.get("GITHUB_REPOSITORY") else []
    try:
        configured = load_config(find_root(root or Path.cwd())).get("repository")
    except CommonsError:
        configured = None
    found += [configured] if isinstance(configured, str) and configured else []
    return tuple(sorted({r.lower() for r in found}))


def _token_for(installation_id: int | None, app_id: int | None, key_file: Path | None) -> str:
    from open_commons.github.appauth import installation_token, read_key

    if app_id is not None:
        if key_file is None or installation_id is None:
            raise click.UsageError("--app-id needs --private-key and a payload with installation.id")
        return installation_token(app_id, read_key(str(key_file)), installation_id)
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise click.UsageError("set GITHUB_TOKEN, or give --app-id and --private-key (GitHub App)")
    return token


def _default_check_name(root: Path | None) -> str:
    from open_commons.sources.tree import find_root, load_config

    try:
        return str(load_config(find_root(root or Path.cwd())).get("bot.check_name", "Open Commons"))
    except CommonsError:
        return "Open Commons"


app_options = [
    click.option("--app-id", type=int, default=None, envvar="GITHUB_APP_ID",
                 help="GitHub App id (with --private-key): act as the App's installation from the payload."),
    click.option("--private-key", "key_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 envvar="GITHUB_APP_PRIVATE_KEY_FILE", help="The App's private key (PEM file)."),
    click.option("--clone-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Fetch the repository into this folder with the token (App mode) instead of using the "
                      "checkout."),
    click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="The checkout of the base repository (default: the current folder)."),
]


def with_app_options(fn: Any) -> Any:
    for option in reversed(app_options):
        fn = option(fn)
    return fn


@click.group("bot")
def command() -> None:
    """The GitHub bot: checks on pull requests, ledger on merges, partner applications.

    Reads GITHUB_TOKEN and GITHUB_API_URL (as GitHub Actions sets them), or acts
    as a GitHub App with --app-id and --private-key.
    """


@command.command("handle")
@click.argument("event_name")
@click.argument("payload", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_app_options
def handle(event_name: str, payload: Path, app_id: int | None, key_file: Path | None, clone_cache: Path | None,
           root: Path | None) -> None:
    """Process one GitHub event (EVENT_NAME as in X-GitHub-Event, PAYLOAD the JSON file).

    Exit status: 0 handled or ignored, 1 a handler failed, 2 a bad payload.
    """
    from open_commons.github import events, router

    try:
        event = events.parse_bytes(event_name, payload.read_bytes())
    except events.EventError as err:
        raise click.UsageError(f"{payload}: {err}") from None
    try:
        bot = _token_bot(_token_for(event.installation_id, app_id, key_file), root, clone_cache,
                         _default_check_name(root), app_id)
        outcomes = router.dispatch(bot, event)
    except CommonsError as err:
        raise click.ClickException(str(err)) from None
    for o in outcomes:
        click.echo(json.dumps({"handler": o.handler, "status": o.status, "detail": o.detail}, ensure_ascii=False))
    sys.exit(1 if any(o.status == "error" for o in outcomes) else 0)


@command.command("report")
@click.argument("payload", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the report (the artifact the posting job reads).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The checkout (base and head commits fetched), default: the current folder.")
def report(payload: Path, output: Path, root: Path | None) -> None:
    """Compute the report of a pull_request event without any token (first half of the Actions split)."""
    from open_commons.github import events, pr_check
    from open_commons.github.context import LocalWorkspace, today
    from open_commons.model.github import PullRequestEvent

    try:
        event = events.parse_bytes("pull_request", payload.read_bytes())
    except events.EventError as err:
        raise click.UsageError(f"{payload}: {err}") from None
    assert isinstance(event, PullRequestEvent) and event.pull is not None
    workspace = LocalWorkspace((root or Path.cwd()).resolve())
    try:
        base_root = workspace.prepare(event.repo, event.pull.base.sha, event.pull, (event.pull.head.sha,))  # type: ignore[arg-type]
        result = pr_check.compute(base_root, event.pull, today())
    except CommonsError as err:
        raise click.ClickException(str(err)) from None
    output.write_text(result.to_json() + "\n", encoding="utf-8")
    click.echo(f"{output}: {len(result.findings)} finding(s) on #{result.number}")


@command.command("publish")
@click.argument("report_file", metavar="REPORT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--repo", required=True, help="owner/name of the base repository.")
@click.option("--head-sha", default=None, help="The commit the workflow ran on (workflow_run.head_sha); "
              "the report must be about it.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A checkout of the base repository's default branch (its commons.yaml is the policy).")
def publish(report_file: Path, repo: str, head_sha: str | None, root: Path | None) -> None:
    """Post a report computed by `commons bot report`: check run, comment, labels (second half).

    The report is untrusted (a pull request can change the workflow that made it): it is
    re-validated, and must match the pull request's current head.
    """
    from open_commons.github import pr_check
    from open_commons.sources.tree import find_root, load_config

    try:
        result = pr_check.PullReport.from_json(report_file.read_text(encoding="utf-8")[:20_000_000])
    except (ValueError, KeyError) as err:
        raise click.ClickException(f"{report_file}: not a valid report: {err}") from None
    token = _token_for(None, None, None)
    try:
        config = load_config(find_root((root or Path.cwd()).resolve()))
        bot = _token_bot(token, root, None, str(config.get("bot.check_name", "Open Commons")))
        pull = bot.port.get_pull(repo, result.number)
        if pull.head.sha != result.head_sha or (head_sha and head_sha != result.head_sha):
            click.echo(f"the report is about {result.head_sha[:12]}, the pull request is at {pull.head.sha[:12]}: "
                       "not posted", err=True)
            sys.exit(0)
        if pull.author.login.lower() != result.author.lower():
            raise click.ClickException("the report names another author than the pull request")
        outcome = pr_check.publish(bot, repo, result, config)
    except CommonsError as err:
        raise click.ClickException(str(err)) from None
    click.echo(json.dumps({"handler": outcome.handler, "status": outcome.status, "detail": outcome.detail}))


@command.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File holding the webhook secret (default: $GITHUB_WEBHOOK_SECRET). Without a secret every "
                   "delivery is refused.")
@with_app_options
def serve(host: str, port: int, secret_file: Path | None, app_id: int | None, key_file: Path | None,
          clone_cache: Path | None, root: Path | None) -> None:
    """Run the GitHub App webhook server: POST / for deliveries, GET /healthz."""
    from open_commons.github import router, webhook

    secret = (secret_file.read_text(encoding="utf-8").strip() if secret_file
              else os.environ.get("GITHUB_WEBHOOK_SECRET", "")).encode()
    if not secret:
        click.echo("no webhook secret: every delivery will be refused (set GITHUB_WEBHOOK_SECRET)", err=True)
    check_name = _default_check_name(root)
    cache = clone_cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "open-commons" / "clones"

    def dispatch(event):  # type: ignore[no-untyped-def]
        token = _token_for(event.installation_id, app_id, key_file)
        return router.dispatch(_token_bot(token, root, cache, check_name, app_id), event)

    server = webhook.serve(host, port, secret or None, dispatch)
    click.echo(f"listening on http://{host}:{server.server_address[1]}/", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
