# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The webhook server over real HTTP: refusals, de-duplication, a signed real payload, health, logs."""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from open_commons.github.webhook import WebhookServer, signature
from open_commons.model.github import Event, Outcome, PullRequestEvent
from tests.bot.conftest import FIXTURES

SECRET = b"s3cret"


class Running:
    def __init__(self, secret: bytes | None) -> None:
        self.events: list[Event] = []
        self.log = io.StringIO()
        self.server = WebhookServer(("127.0.0.1", 0), secret, self.dispatch, self.log)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def dispatch(self, event: Event) -> list[Outcome]:
        self.events.append(event)
        return [Outcome("test", "done", event.name)]

    def post(self, body: bytes, event: str, delivery: str, sig: str | None) -> tuple[int, dict]:
        req = urllib.request.Request(self.url + "/", data=body, method="POST")
        req.add_header("X-GitHub-Event", event)
        req.add_header("X-GitHub-Delivery", delivery)
        req.add_header("Content-Type", "application/json")
        if sig is not None:
            req.add_header("X-Hub-Signature-256", sig)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[Running]:
    running = Running(SECRET)
    yield running
    running.stop()


def _real() -> bytes:
    return (FIXTURES / "octokit-webhooks__pull_request.opened.payload.json").read_bytes()


def test_refuses_unsigned_wrongly_signed_and_replayed(server: Running) -> None:
    body = _real()
    assert server.post(body, "pull_request", "d-1", None)[0] == 401
    assert server.post(body, "pull_request", "d-1", signature(b"wrong", body))[0] == 401
    assert server.post(body + b" ", "pull_request", "d-1", signature(SECRET, body))[0] == 401  # not the raw body
    assert server.events == []
    status, answer = server.post(body, "pull_request", "d-1", signature(SECRET, body))
    assert status == 200 and answer["status"] == "handled"
    status, answer = server.post(body, "pull_request", "d-1", signature(SECRET, body))  # replayed
    assert status == 200 and answer["status"] == "duplicate"
    assert len(server.events) == 1
    event = server.events[0]
    assert isinstance(event, PullRequestEvent) and event.pull is not None
    assert event.pull.number == 2 and event.pull.head.sha == "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
    assert event.delivery == "d-1" and event.installation_id == 1
    lines = [json.loads(line) for line in server.log.getvalue().splitlines()]
    assert [(ln["status"], ln["result"]) for ln in lines] == [
        (401, "refused"), (401, "refused"), (401, "refused"), (200, "handled"), (200, "duplicate")]


def test_forged_payload_is_a_clear_error_and_ping_is_answered(server: Running) -> None:
    forged = json.loads(_real())
    forged["pull_request"]["head"]["sha"] = "not-a-sha; rm -rf /"
    body = json.dumps(forged).encode()
    status, answer = server.post(body, "pull_request", "d-2", signature(SECRET, body))
    assert status == 400 and "sha" in answer["error"]
    assert server.events == []
    ping = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1}).encode()
    assert server.post(ping, "ping", "d-3", signature(SECRET, ping)) == (200, {"status": "pong"})


def test_no_secret_refuses_everything_and_health_answers() -> None:
    running = Running(None)
    try:
        body = _real()
        assert running.post(body, "pull_request", "d-1", signature(b"", body))[0] == 503
        assert running.post(body, "pull_request", "d-2", None)[0] == 503
        assert running.events == []
        with urllib.request.urlopen(running.url + "/healthz", timeout=10) as resp:
            assert resp.status == 200 and json.loads(resp.read()) == {"status": "ok", "secret": False}
    finally:
        running.stop()


def test_a_failed_delivery_can_be_redelivered() -> None:
    running = Running(SECRET)
    calls = []

    def flaky(event: Event) -> list[Outcome]:
        calls.append(event)
        return [Outcome("test", "error" if len(calls) == 1 else "done", "")]

    running.server.dispatch = flaky
    try:
        body = _real()
        assert running.post(body, "pull_request", "d-9", signature(SECRET, body))[0] == 500
        assert running.post(body, "pull_request", "d-9", signature(SECRET, body))[0] == 200
        assert running.post(body, "pull_request", "d-9", signature(SECRET, body))[1] == {"status": "duplicate"}
        assert len(calls) == 2
    finally:
        running.stop()
