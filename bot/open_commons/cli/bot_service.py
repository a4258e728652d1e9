# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons bot serve | worker | jobs | sweep``: the GitHub App as a service.

``serve`` answers deliveries (gunicorn, the WSGI app of github/webhook.py) and queues them;
``worker`` runs the queued jobs; ``jobs`` shows and retries them; ``sweep`` asks GitHub to
redeliver the deliveries that never reached the server.

Help, usage errors and what ``jobs`` answers are in the commons' language; the lines ``serve``,
``worker`` and ``sweep`` write as they run (the service's log, read by log collectors and grepped by
operators) stay in English.
"""

# i18n-catalog: bot

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from open_commons.errors import CommonsError
from open_commons.i18n import N_, _, os_reason

queue_option = click.option(
    "--queue", "queue_url", envvar="OPEN_COMMONS_QUEUE", default=None,
    help=N_("The job queue: sqlite:///path/queue.sqlite (default: $XDG_STATE_HOME/open-commons/queue.sqlite) or "
            "redis://host:6379/0 when several instances share the work ($OPEN_COMMONS_QUEUE)."))


def _open_store(queue_url: str | None, replay_window: float = 24 * 3600) -> Any:
    from open_commons.service.queue import QueueError, Store, default_url, open_huey

    url = queue_url or default_url()
    try:
        store = Store(open_huey(url), replay_window)
        store.check_writable()
    except QueueError as err:
        raise click.ClickException(f"{err} ({url})") from None
    return store


def _require_credentials(app_id: int | None, key_file: Path | None) -> None:
    from open_commons.github.appauth import read_key

    if app_id is not None:
        if key_file is None:
            raise click.ClickException(_(N_("--app-id needs --private-key (the App's PEM key)")))
        try:
            read_key(str(key_file))
        except CommonsError as err:
            raise click.ClickException(str(err)) from None
    elif not os.environ.get("GITHUB_TOKEN"):
        raise click.ClickException(_(N_("no GitHub credentials: give --app-id and --private-key (a GitHub App), "
                                        "or set GITHUB_TOKEN")))


def _secret(secret_file: Path | None) -> bytes:
    if secret_file is not None:
        try:
            secret = secret_file.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise click.ClickException(_(N_("cannot read the webhook secret {path}: {reason}"), path=str(secret_file),
                                         reason=os_reason(err.errno, err.strerror or str(err)))) from None
    else:
        secret = os.environ.get("GITHUB_WEBHOOK_SECRET", "").strip()
    if not secret:
        raise click.ClickException(_(N_("no webhook secret: set GITHUB_WEBHOOK_SECRET or give --secret-file "
                                        "(the secret of the App's webhook)")))
    return secret.encode()


def _dispatcher(app_id: int | None, key_file: Path | None, clone_cache: Path | None, root: Path | None) -> Any:
    from open_commons.github.appauth import read_key
    from open_commons.service.dispatch import dispatcher

    key = read_key(str(key_file)) if app_id is not None and key_file is not None else None
    cache = clone_cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "open-commons" / "clones"
    return dispatcher(app_id, key, cache, root)


SERVE_HELP = N_(
    "Run the GitHub App's webhook: POST / (deliveries, answered 202 once queued), GET /healthz, GET /metrics.\n"
    "\n"
    "Start `commons bot worker` (same --queue) to run the jobs."
)


@click.command("serve", help=SERVE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@click.option("--port", default=8080, show_default=True, type=int, help=N_("Port to listen on (0: any free port)."))
@click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("File holding the webhook secret (default: $GITHUB_WEBHOOK_SECRET). Required."))
@queue_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=N_("Server processes (the jobs run in `commons bot worker`)."))
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 512),
              help=N_("Threads per server process (the queue's calls; gthread: the requests)."))
@click.option("--worker-class", type=click.Choice(["asgi", "gthread"]), default="asgi", show_default=True,
              help=N_("asgi: an asyncio server process (slow clients cost no thread); gthread: threads."))
@click.option("--max-connections", default=1000, show_default=True, type=click.IntRange(1, 100_000),
              help=N_("Open connections per server process; more wait in the listen backlog."))
@click.option("--replay-window", default=24.0, show_default=True, type=click.FloatRange(0),
              help=N_("Hours during which the same signed body under another delivery id is not handled again."))
@click.option("--app-id", type=int, default=None, envvar="GITHUB_APP_ID", help=N_("GitHub App id."))
@click.option("--private-key", "key_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              envvar="GITHUB_APP_PRIVATE_KEY_FILE", help=N_("The App's private key (PEM file)."))
@click.option("--clone-cache", type=click.Path(file_okay=False, path_type=Path), default=None, hidden=True,
              help=N_("Accepted for compatibility: clones are the workers' business."))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None, hidden=True)
def serve(host: str, port: int, secret_file: Path | None, queue_url: str | None, workers: int, threads: int,
          worker_class: str, max_connections: int, replay_window: float, app_id: int | None, key_file: Path | None,
          clone_cache: Path | None, root: Path | None) -> None:
    from open_commons.service import server

    secret = _secret(secret_file)
    _require_credentials(app_id, key_file)
    try:
        sock = server.bind(host, port)
    except OSError as err:
        raise click.ClickException(_(N_("cannot listen on {address}: {reason}"), address=f"{host}:{port}",
                                     reason=os_reason(err.errno, err.strerror or str(err)))) from None
    _open_store(queue_url, replay_window * 3600).huey.storage.close()  # refuse to start without a writable queue
    url = queue_url or ""

    def factory() -> Any:
        from open_commons.github.webhook import WebhookApp
        from open_commons.service.jobs import Jobs
        from open_commons.service.queue import Store, default_url, open_huey

        shared = Store(open_huey(url or default_url()), replay_window * 3600)
        app = WebhookApp(secret, shared, Jobs(shared).enqueue)
        if worker_class == "asgi":
            from open_commons.service.asgi import AsgiWebhook

            return AsgiWebhook(app, threads)
        return app

    click.echo(f"listening on http://{host}:{sock.getsockname()[1]}/", err=True)
    server.run(sock, factory, server.Limits(workers=workers, threads=threads, max_connections=max_connections,
                                            worker_class=worker_class))


WORKER_HELP = N_(
    "Run the queued jobs (SIGINT: finish the jobs in hand, then stop; SIGTERM: stop now).\n"
    "\n"
    "A job cut short (a killed worker) is run again after --stale-after seconds by any worker."
)


@click.command("worker", help=WORKER_HELP)
@queue_option
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 256), help=N_("Jobs run at once."))
@click.option("--retries", default=5, show_default=True, type=click.IntRange(0, 100),
              help=N_("Retries of a job whose handler failed."))
@click.option("--retry-delay", default=10.0, show_default=True, type=click.FloatRange(0),
              help=N_("Seconds before the first retry; each retry waits twice as long."))
@click.option("--stale-after", default=600.0, show_default=True, type=click.FloatRange(1),
              help=N_("Seconds after which a job whose worker stopped beating is run again (longer than any job)."))
@click.option("--metrics-port", default=None, type=int,
              help=N_("Serve this worker's Prometheus metrics on this port."))
@click.option("--app-id", type=int, default=None, envvar="GITHUB_APP_ID",
              help=N_("GitHub App id (with --private-key): act as the App's installation from the payload."))
@click.option("--private-key", "key_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              envvar="GITHUB_APP_PRIVATE_KEY_FILE", help=N_("The App's private key (PEM file)."))
@click.option("--clone-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Where the repositories are fetched (default: $XDG_CACHE_HOME/open-commons/clones)."))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("A commons checkout for the default check name and repositories."))
def worker(queue_url: str | None, threads: int, retries: int, retry_delay: float, stale_after: float,
           metrics_port: int | None, app_id: int | None, key_file: Path | None, clone_cache: Path | None,
           root: Path | None) -> None:
    import logging

    from open_commons.service.jobs import Jobs, Policy, run_worker

    _require_credentials(app_id, key_file)
    store = _open_store(queue_url)
    jobs = Jobs(store, _dispatcher(app_id, key_file, clone_cache, root),
                Policy(retries=retries, retry_delay=retry_delay, stale_after=stale_after))
    if metrics_port is not None:
        from prometheus_client import start_http_server

        try:
            start_http_server(metrics_port)
        except OSError as err:
            raise click.ClickException(_(N_("cannot serve metrics on port {port}: {reason}"), port=metrics_port,
                                         reason=os_reason(err.errno, err.strerror or str(err)))) from None
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    click.echo(f"worker {os.getpid()}: {threads} thread(s) on {queue_url or 'the default queue'}", err=True)
    run_worker(jobs, threads)


def _age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


@click.command("jobs", help=N_("List the pending and failed jobs (one line each), retry one, or prune the done ones."))
@queue_option
@click.option("--all", "show_all", is_flag=True, help=N_("Done jobs too."))
@click.option("--retry", "retry_id", default=None, metavar="DELIVERY", help=N_("Queue this failed job again."))
@click.option("--prune", "prune_days", default=None, type=click.FloatRange(3), metavar="DAYS",
              help=N_("Forget the done jobs older than DAYS (at least 3: GitHub redelivers for 3 days)."))
def jobs(queue_url: str | None, show_all: bool, retry_id: str | None, prune_days: float | None) -> None:
    from open_commons.service.jobs import Jobs
    from open_commons.service.queue import OPEN_STATES, STATES, now

    store = _open_store(queue_url)
    if retry_id:
        if not Jobs(store).retry(retry_id):
            raise click.ClickException(_(N_("no job to retry for delivery {delivery} (unknown or done)"),
                                         delivery=repr(retry_id)))
        click.echo(_(N_("{delivery}: queued again"), delivery=retry_id))
        return
    if prune_days is not None:
        click.echo(_(N_("{count} done job(s) older than {days} days forgotten"), count=store.prune(prune_days * 86400),
                     days=f"{prune_days:g}"))
        return
    depth = store.depth()
    click.echo(_(N_("queue: {waiting} waiting, {scheduled} scheduled for a retry"), waiting=depth["depth"],
                 scheduled=depth["scheduled"]))
    states = STATES if show_all else (*OPEN_STATES, "failed")
    for record in store.records(states):
        received = dt.datetime.fromtimestamp(float(record["received"]), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        click.echo(f"{record['delivery']}  {record['event']:<14} {record['state']:<8} "
                   f"attempts={record.get('attempts', 0)}  received={received} ({_age(now() - float(record['received']))} ago)"
                   + (f"  error={record.get('error')}" if record.get("error") else ""))


SWEEP_HELP = N_(
    "Ask GitHub to redeliver the App's failed webhook deliveries since the last sweep (run it every few minutes)."
)


@click.command("sweep", help=SWEEP_HELP)
@queue_option
@click.option("--app-id", type=int, required=True, envvar="GITHUB_APP_ID", help=N_("GitHub App id."))
@click.option("--private-key", "key_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              envvar="GITHUB_APP_PRIVATE_KEY_FILE", help=N_("The App's private key (PEM file)."))
@click.option("--max-redeliveries", default=50, show_default=True, type=click.IntRange(0, 1000),
              help=N_("Redeliveries asked for in one run at most."))
@click.option("--since-hours", default=72.0, show_default=True, type=click.FloatRange(0.1, 24 * 30),
              help=N_("On the first run, look this far back (GitHub keeps deliveries for a few days)."))
def sweep(queue_url: str | None, app_id: int, key_file: Path, max_redeliveries: int, since_hours: float) -> None:
    from open_commons.github.appauth import read_key
    from open_commons.service.sweeper import sweep as run_sweep

    store = _open_store(queue_url)
    try:
        key = read_key(str(key_file))
        summary = run_sweep(store, app_id, key, max_redeliveries=max_redeliveries, since_hours=since_hours)
    except CommonsError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"{summary.failed} failed deliveries seen, {summary.asked} redelivery(ies) asked, "
               f"{summary.skipped} already asked or since delivered")
