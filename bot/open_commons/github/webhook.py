# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons bot serve``: the GitHub App webhook server (standard library only).

- ``POST /``: a delivery. Refused (503) when no secret is configured; refused (401) unless
  ``X-Hub-Signature-256`` is the HMAC-SHA256 of the raw body with the secret (compared with
  ``hmac.compare_digest``); a ``X-GitHub-Delivery`` already handled is acknowledged and ignored
  (a bounded LRU: the only state, so instances behind a load balancer only need sticky redelivery
  or accept a rare double run, which every handler tolerates); ``ping`` answered.
- ``GET /healthz``: 200.
- One JSON line per delivery on the log stream.

A delivery whose handling failed is forgotten, so that GitHub's redelivery runs it again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any

from open_commons.github.events import MAX_PAYLOAD_BYTES, EventError, parse_bytes
from open_commons.model.github import Event, Outcome

Dispatch = Callable[[Event], list[Outcome]]


def signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify(secret: bytes | None, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith("sha256="):
        return False
    return hmac.compare_digest(signature(secret, body).encode(), header.strip().encode())


class Deliveries:
    """Delivery ids seen recently (bounded, thread-safe)."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, delivery: str) -> bool:
        """True the first time a delivery id is seen."""
        with self._lock:
            if delivery in self._seen:
                self._seen.move_to_end(delivery)
                return False
            self._seen[delivery] = None
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)
            return True

    def forget(self, delivery: str) -> None:
        with self._lock:
            self._seen.pop(delivery, None)


class WebhookServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: a burst of 20 deliveries had connections reset or
    # delayed by a second (SYN retried); found by benchmarks/bench_webhook_load.py
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], secret: bytes | None, dispatch: Dispatch,
                 log: IO[str] | None = None, deliveries: Deliveries | None = None) -> None:
        super().__init__(address, _Handler)
        self.secret = secret or None
        self.dispatch = dispatch
        self.log = log or sys.stderr
        self.deliveries = deliveries or Deliveries()
        self._log_lock = threading.Lock()

    def log_line(self, **fields: Any) -> None:
        with self._log_lock:
            self.log.write(json.dumps(fields, ensure_ascii=False, sort_keys=True) + "\n")
            self.log.flush()


class _Handler(BaseHTTPRequestHandler):
    server: WebhookServer
    server_version = "open-commons-bot"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - one JSON line instead
        return

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path in ("/healthz", "/health"):
            self._send(200, {"status": "ok", "secret": bool(self.server.secret)})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802
        started = time.monotonic()
        event_name = self.headers.get("X-GitHub-Event", "")
        delivery = self.headers.get("X-GitHub-Delivery", "")
        status, answer, outcomes = self._process(event_name, delivery)
        self.server.log_line(delivery=delivery[:64], event=event_name[:64], status=status,
                             result=answer.get("status"), outcomes=[
                                 {"handler": o.handler, "status": o.status, "detail": o.detail[:300]} for o in outcomes],
                             ms=round((time.monotonic() - started) * 1000))
        self._send(status, answer)  # after the log line: a client that got its answer finds it logged

    def _process(self, event_name: str, delivery: str) -> tuple[int, dict[str, Any], list[Outcome]]:
        if self.path != "/":
            return 404, {"status": "refused", "error": "not found"}, []
        if not self.server.secret:
            return 503, {"status": "refused", "error": "no webhook secret configured: every delivery is refused"}, []
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return 411, {"status": "refused", "error": "Content-Length required"}, []
        if length < 0 or length > MAX_PAYLOAD_BYTES:
            return 413, {"status": "refused", "error": "payload too large"}, []
        raw = self.rfile.read(length)
        if not verify(self.server.secret, raw, self.headers.get("X-Hub-Signature-256")):
            return 401, {"status": "refused", "error": "bad or missing X-Hub-Signature-256"}, []
        if not delivery or len(delivery) > 64:
            return 400, {"status": "refused", "error": "X-GitHub-Delivery missing"}, []
        try:
            event = parse_bytes(event_name, raw, delivery)
        except EventError as err:
            return 400, {"status": "refused", "error": str(err)}, []
        if not self.server.deliveries.claim(delivery):
            return 200, {"status": "duplicate"}, []
        try:
            outcomes = self.server.dispatch(event)
        except Exception as err:  # noqa: BLE001 - the delivery may be redelivered
            self.server.deliveries.forget(delivery)
            return 500, {"status": "error", "error": type(err).__name__}, []
        if any(o.status == "error" for o in outcomes):
            self.server.deliveries.forget(delivery)
            return 500, {"status": "error", "outcomes": [o.detail for o in outcomes]}, outcomes
        if event_name == "ping":
            return 200, {"status": "pong"}, outcomes
        return 200, {"status": "handled", "outcomes": [f"{o.handler}: {o.status}" for o in outcomes]}, outcomes


def serve(host: str, port: int, secret: bytes | None, dispatch: Dispatch, log: IO[str] | None = None) -> WebhookServer:
    """A server bound to (host, port); call ``serve_forever()`` (or run it in a thread)."""
    return WebhookServer((host, port), secret, dispatch, log)
