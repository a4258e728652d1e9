# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The webhook app over real HTTP (wsgiref in a thread) with a real SQLite queue, and its jobs run
in this process: refusals, acknowledgement, de-duplication, health, metrics, retries, recovery."""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from open_commons.github.webhook import WebhookApp, signature
from open_commons.model.github import Event, Outcome, PullRequestEvent
from open_commons.service.jobs import Jobs, Policy
from open_commons.service.logs import JsonLog
from open_commons.service.queue import Store, open_huey
from tests.bot.conftest import FIXTURES

SECRET = b"s3cret"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


class Running:
    def __init__(self, tmp: Path, max_body: int = 25 * 1024 * 1024) -> None:
        self.events: list[Event] = []
        self.results: list[str] = []  # what the next dispatches answer ("done", "error")
        self.log = io.StringIO()
        self.store = Store(open_huey(f"sqlite:///{tmp / 'queue.sqlite'}"))
        self.jobs = Jobs(self.store, self.dispatch, Policy(retries=1, retry_delay=0, stale_after=0.0),
                         JsonLog(self.log))
        self.app = WebhookApp(SECRET, self.store, self.jobs.enqueue, JsonLog(self.log), max_body=max_body)
        self.httpd: WSGIServer = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def dispatch(self, event: Event) -> list[Outcome]:
        self.events.append(event)
        return [Outcome("test", self.results.pop(0) if self.results else "done", event.name)]

    def work(self) -> int:
        """Run every job waiting (and every retry due), as a worker would; how many ran."""
        huey = self.store.huey
        ran = 0
        for task in huey.read_schedule(huey._get_timestamp() + __import__("datetime").timedelta(days=1)):
            huey.enqueue(task)
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            ran += 1
        return ran

    def post(self, body: bytes, event: str, delivery: str, sig: str | None,
             headers: dict[str, str] | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(self.url + "/", data=body, method="POST")
        req.add_header("X-GitHub-Event", event)
        req.add_header("X-GitHub-Delivery", delivery)
        req.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        if sig is not None:
            req.add_header("X-Hub-Signature-256", sig)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.log.getvalue().splitlines()]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Running]:
    running = Running(tmp_path)
    yield running
    running.stop()


def _real() -> bytes:
    return (FIXTURES / "octokit-webhooks__pull_request.opened.payload.json").read_bytes()


def test_refuses_unsigned_wrongly_signed_acknowledges_then_works_once(server: Running) -> None:
    body = _real()
    assert server.post(body, "pull_request", "d-1", None)[0] == 401
    assert server.post(body, "pull_request", "d-1", signature(b"wrong", body))[0] == 401
    assert server.post(body + b" ", "pull_request", "d-1", signature(SECRET, body))[0] == 401  # not the raw body
    assert server.store.records() == []
    assert server.post(body, "pull_request", "d-1", signature(SECRET, body)) == (202, {"status": "queued"})
    assert server.events == []  # acknowledged, not yet worked on
    assert server.post(body, "pull_request", "d-1", signature(SECRET, body)) == (200, {"status": "duplicate"})
    # the same signed body replayed under another delivery id
    assert server.post(body, "pull_request", "d-other", signature(SECRET, body)) == (200, {"status": "replayed"})
    assert server.work() == 1
    assert len(server.events) == 1
    event = server.events[0]
    assert isinstance(event, PullRequestEvent) and event.pull is not None
    assert event.pull.number == 2 and event.pull.head.sha == "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
    assert event.delivery == "d-1" and event.installation_id == 1
    record = server.store.record("d-1")
    assert record is not None and record["state"] == "done" and record["attempts"] == 1 and record["body"] == b""
    answers = [(ln["status"], ln["result"]) for ln in server.lines() if "delivery" in ln]
    assert answers == [(401, "refused"), (401, "refused"), (401, "refused"), (202, "queued"), (200, "duplicate"),
                       (200, "replayed")]
    done = [ln for ln in server.lines() if ln.get("job") == "d-1"]
    assert [ln["state"] for ln in done] == ["done"]
    # a job enqueued twice (a recovery racing a worker) has one effect
    server.jobs.enqueue("d-1", 0.0)
    server.work()
    assert len(server.events) == 1


def test_forged_deep_and_ping_payloads(server: Running) -> None:
    forged = json.loads(_real())
    forged["pull_request"]["head"]["sha"] = "not-a-sha; rm -rf /"
    body = json.dumps(forged).encode()
    status, answer = server.post(body, "pull_request", "d-2", signature(SECRET, body))
    assert status == 400 and "sha" in answer["error"]
    deep = b"[" * 100_000 + b"]" * 100_000
    assert server.post(deep, "pull_request", "d-deep", signature(SECRET, deep))[0] == 400
    ping = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1}).encode()
    assert server.post(ping, "ping", "d-3", signature(SECRET, ping)) == (
        200, {"status": "pong", "zen": "Keep it logically awesome."})
    assert server.post(ping, "pull_request", "bad id!", signature(SECRET, ping))[0] == 400
    assert server.store.records() == [] and server.work() == 0


def test_size_limit_before_reading(tmp_path: Path) -> None:
    running = Running(tmp_path, max_body=1000)
    try:
        body = b"{" + b" " * 2000 + b"}"
        status, answer = running.post(body, "pull_request", "d-big", signature(SECRET, body))
        assert status == 413 and answer["error"] == "payload too large"
    finally:
        running.stop()


def test_health_and_metrics(server: Running) -> None:
    status, data = server.get("/healthz")
    assert status == 200 and json.loads(data) == {
        "status": "ok", "queue": {"depth": 0, "scheduled": 0, "oldest_age_s": None}}
    body = _real()
    server.post(body, "pull_request", "d-h", signature(SECRET, body))
    health = json.loads(server.get("/healthz")[1])
    assert health["queue"]["depth"] == 1 and health["queue"]["oldest_age_s"] >= 0
    status, text = server.get("/metrics")
    assert status == 200
    assert b'open_commons_deliveries_total{event="pull_request",status="queued"}' in text
    assert server.get("/nowhere")[0] == 404


def test_a_failing_handler_is_retried_then_failed_then_retried_by_hand(server: Running) -> None:
    body = _real()
    server.results = ["error", "error", "done"]
    assert server.post(body, "pull_request", "d-9", signature(SECRET, body))[0] == 202
    server.work()  # first attempt fails: retried once (Policy.retries=1), fails again
    record = server.store.record("d-9")
    assert record is not None and record["state"] == "failed" and record["attempts"] == 2
    assert "test" in record["error"]
    assert [r["delivery"] for r in server.store.records(("failed",))] == ["d-9"]
    assert server.jobs.retry("d-9") and server.work() == 1
    assert server.store.record("d-9")["state"] == "done"  # type: ignore[index]
    assert len(server.events) == 3 and not server.jobs.retry("d-9")


def test_recovery_of_a_job_never_enqueued_or_left_by_a_dead_worker(server: Running) -> None:
    body = _real()
    # the server died between the record and the enqueue
    server.store.accept("d-lost", "pull_request", body, lambda delivery, received: None)
    # a worker died mid-job: its lock stays, its heartbeat stops (stale_after=0 here)
    other = json.loads(body)
    other["pull_request"]["title"] = "another"
    body2 = json.dumps(other).encode()
    server.store.accept("d-cut", "pull_request", body2, lambda delivery, received: None)
    server.store.update("d-cut", state="running", attempts=1)
    server.store.put("lock:d-cut", {"owner": "elsewhere:1", "beat": 0.0})
    assert server.work() == 0
    assert server.jobs.recover() == 2
    assert server.work() == 2
    assert sorted(e.delivery for e in server.events) == ["d-cut", "d-lost"]
    assert {r["state"] for r in server.store.records()} == {"done"}
    assert server.jobs.recover() == 0


def test_a_job_held_by_a_live_worker_is_skipped(server: Running) -> None:
    body = _real()
    server.post(body, "pull_request", "d-held", signature(SECRET, body))
    assert server.store.lock("d-held")  # another worker holds it
    server.work()
    assert server.events == [] and server.store.record("d-held")["state"] == "queued"  # type: ignore[index]


def test_a_retried_job_is_logged_without_its_traceback() -> None:
    import logging
    import sys as _sys

    from open_commons.service.jobs import JobFailed, _RetryIsOneLine

    def record_of(err: Exception) -> logging.LogRecord:
        try:
            raise err
        except Exception:  # noqa: BLE001 - building a log record as huey does
            return logging.LogRecord("huey", logging.ERROR, __file__, 1, "Unhandled exception in task %s.", ("t",),
                                     _sys.exc_info())

    retried, bug = record_of(JobFailed("pr_check: GitHubError")), record_of(KeyError("bug"))
    assert _RetryIsOneLine().filter(retried) and retried.exc_info is None
    assert _RetryIsOneLine().filter(bug) and bug.exc_info is not None  # a real bug keeps its traceback


def test_pruning_forgets_old_done_jobs_only(server: Running) -> None:
    body = _real()
    for delivery in ("d-old", "d-new", "d-open"):
        other = json.loads(body)
        other["pull_request"]["title"] = delivery
        data = json.dumps(other).encode()
        assert server.post(data, "pull_request", delivery, signature(SECRET, data))[0] == 202
    assert server.work() == 3
    old = server.store.record("d-old")
    assert old is not None
    server.store.put("job:d-old", {**old, "updated": old["updated"] - 10 * 86400})
    server.store.update("d-open", state="retrying")
    assert server.store.prune(5 * 86400) == 1
    assert server.store.record("d-old") is None and server.store.get(f"digest:{old['digest']}") is None
    assert {r["delivery"] for r in server.store.records()} == {"d-new", "d-open"}
