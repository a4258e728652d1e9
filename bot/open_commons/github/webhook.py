# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The GitHub App's webhook, a WSGI app (``commons bot serve`` runs it under gunicorn).

- ``POST /``: a delivery. Refused (413) above 25 MB before reading it; refused (401) without a
  ``X-Hub-Signature-256`` header, before reading it; the body is read in chunks into a spool (memory
  up to 1 MB, then a temporary file) while its HMAC-SHA256 is computed, and refused (401) unless the
  signature matches (``hmac.compare_digest``). Only then is anything parsed. ``ping`` is answered at
  once; any other event is validated, recorded in the durable queue and answered ``202`` (a delivery
  id or a body already recorded: ``200`` duplicate / replayed). Workers do the rest.
- ``GET /healthz``: liveness, with the queue's depth and the age of its oldest job (503 when the
  queue cannot be read).
- ``GET /metrics``: Prometheus.
- One JSON line per delivery on the log stream.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from typing import Any

from open_commons.github.events import MAX_PAYLOAD_BYTES, EventError, parse_bytes
from open_commons.model.github import PingEvent
from open_commons.service import metrics
from open_commons.service.logs import JsonLog
from open_commons.service.queue import Store

StartResponse = Callable[..., Any]
_DELIVERY = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_EVENT = re.compile(r"^[a-z_]{1,64}$")
CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024


def signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify(secret: bytes | None, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith("sha256="):
        return False
    return hmac.compare_digest(signature(secret, body).encode(), header.strip().encode())


class Refused(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
            405: "Method Not Allowed", 411: "Length Required", 413: "Payload Too Large",
            500: "Internal Server Error", 503: "Service Unavailable"}


def _answer(start_response: StartResponse, status: int, body: dict[str, Any] | bytes,
            content_type: str = "application/json") -> Iterable[bytes]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    start_response(f"{status} {_REASONS.get(status, 'OK')}",
                   [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


class WebhookApp:
    """The WSGI callable. ``enqueue(delivery, received)`` puts a recorded delivery's job on the queue."""

    def __init__(self, secret: bytes, store: Store, enqueue: Callable[[str, float], None],
                 log: JsonLog | None = None, max_body: int = MAX_PAYLOAD_BYTES) -> None:
        if not secret:
            raise ValueError("a webhook secret is required")
        self.secret = secret
        self.store = store
        self.enqueue = enqueue
        self.log = log or JsonLog()
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"
        if method in ("GET", "HEAD") and path in ("/healthz", "/health"):
            return self._health(start_response)
        if method in ("GET", "HEAD") and path == "/metrics":
            data, content_type = metrics.exposition()
            return _answer(start_response, 200, data, content_type)
        if path != "/":
            return _answer(start_response, 404, {"status": "refused", "error": "not found"})
        if method != "POST":
            return _answer(start_response, 405, {"status": "refused", "error": "POST deliveries here"})
        return self._delivery(environ, start_response)

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        status, answer = self.health()
        return _answer(start_response, status, answer)

    def _delivery(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.monotonic()
        event_name = str(environ.get("HTTP_X_GITHUB_EVENT", ""))[:64]
        delivery = str(environ.get("HTTP_X_GITHUB_DELIVERY", ""))[:64]
        try:
            status, answer = self._process(environ, event_name, delivery)
        except Refused as refused:
            status, answer = refused.status, {"status": "refused", "error": refused.error}
        self.finish(event_name, delivery, status, answer, time.monotonic() - started)
        return _answer(start_response, status, answer)

    def _read_verified(self, environ: dict[str, Any]) -> bytes:
        """The raw body, read in chunks while its HMAC is computed; nothing of it is parsed."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            raise Refused(411, "Content-Length required") from None
        if length < 0 or length > self.max_body:
            raise Refused(413, "payload too large")
        header = str(environ.get("HTTP_X_HUB_SIGNATURE_256", ""))
        if not header.startswith("sha256=") or len(header) != 71:
            raise Refused(401, "bad or missing X-Hub-Signature-256")
        mac = hmac.new(self.secret, digestmod=hashlib.sha256)
        stream = environ["wsgi.input"]
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
            left = length
            while left > 0:
                chunk = stream.read(min(CHUNK, left))
                if not chunk:
                    raise Refused(400, "the body ended before Content-Length")
                mac.update(chunk)
                spool.write(chunk)
                left -= len(chunk)
            if not hmac.compare_digest(("sha256=" + mac.hexdigest()).encode(), header.strip().encode()):
                raise Refused(401, "bad or missing X-Hub-Signature-256")
            spool.seek(0)
            return bytes(spool.read())

    def _process(self, environ: dict[str, Any], event_name: str, delivery: str) -> tuple[int, dict[str, Any]]:
        return self.accept_verified(event_name, delivery, self._read_verified(environ))

    def accept_verified(self, event_name: str, delivery: str, body: bytes) -> tuple[int, dict[str, Any]]:
        """A body whose signature was checked: validate it, answer a ping, queue anything else."""
        if not _DELIVERY.match(delivery):
            raise Refused(400, "X-GitHub-Delivery missing or malformed")
        if not _EVENT.match(event_name):
            raise Refused(400, "X-GitHub-Event missing or malformed")
        try:
            event = parse_bytes(event_name, body, delivery)
        except EventError as err:
            raise Refused(400, str(err)[:300]) from None
        if isinstance(event, PingEvent):
            return 200, {"status": "pong", "zen": event.zen}
        try:
            accepted = self.store.accept(delivery, event_name, body, self.enqueue)
        except Exception as err:  # noqa: BLE001 - GitHub sees a failed delivery; the sweeper redelivers it
            return 503, {"status": "error", "error": f"the queue is unavailable: {type(err).__name__}"}
        if accepted.status == "queued":
            return 202, {"status": "queued"}
        return 200, {"status": accepted.status}

    def finish(self, event_name: str, delivery: str, status: int, answer: dict[str, Any], elapsed: float) -> None:
        """Metrics and the delivery's log line."""
        metrics.DELIVERIES.labels(event=event_name if _EVENT.match(event_name) else "?",
                                  status=str(answer.get("status"))).inc()
        metrics.ANSWER_SECONDS.observe(elapsed)
        self.log.line(delivery=delivery, event=event_name, status=status, result=answer.get("status"),
                      error=answer.get("error", ""), ms=round(elapsed * 1000, 1))

    def health(self) -> tuple[int, dict[str, Any]]:
        try:
            return 200, {"status": "ok", "queue": self.store.depth()}
        except Exception as err:  # noqa: BLE001 - the queue is down: not healthy, say why
            return 503, {"status": "error", "error": f"queue: {type(err).__name__}"}
