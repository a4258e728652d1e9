# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The webhook app (github/webhook.py) for gunicorn's asyncio worker.

Reading a request is a coroutine, not a thread: 200 clients holding half a request cost 200 small
coroutines, and ``/healthz`` still answers. The same checks as the WSGI app, in the same order: the
size and the signature header before reading, the HMAC while reading (into a spool: memory up to
1 MB per request, then a temporary file), nothing parsed before the signature matches. The queue's
calls (SQLite or Redis, blocking) run in a thread pool; a whole request has ``read_timeout``
seconds to arrive.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from open_commons.github.webhook import CHUNK, SPOOL_IN_MEMORY, Refused, WebhookApp
from open_commons.service import metrics

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class AsgiWebhook:
    def __init__(self, app: WebhookApp, threads: int = 16, read_timeout: float = 30.0) -> None:
        self.app = app
        self.read_timeout = read_timeout
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="open-commons-queue")

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.pool.shutdown(wait=False)
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        method, path = scope.get("method", "GET"), scope.get("path") or "/"
        loop = asyncio.get_running_loop()
        if method in ("GET", "HEAD") and path in ("/healthz", "/health"):
            status, answer = await loop.run_in_executor(self.pool, self.app.health)
            return await _send(send, status, answer)
        if method in ("GET", "HEAD") and path == "/metrics":
            data, content_type = await loop.run_in_executor(self.pool, metrics.exposition)
            return await _send(send, 200, data, content_type)
        if path != "/":
            return await _send(send, 404, {"status": "refused", "error": "not found"})
        if method != "POST":
            return await _send(send, 405, {"status": "refused", "error": "POST deliveries here"})
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        event_name = headers.get("x-github-event", "")[:64]
        delivery = headers.get("x-github-delivery", "")[:64]
        started = time.monotonic()
        try:
            body = await asyncio.wait_for(self._read_verified(headers, receive), self.read_timeout)
            status, answer = await loop.run_in_executor(self.pool, self.app.accept_verified, event_name, delivery,
                                                        body)
        except Refused as refused:
            status, answer = refused.status, {"status": "refused", "error": refused.error}
        except TimeoutError:
            status, answer = 408, {"status": "refused", "error": "the request took too long to arrive"}
        await loop.run_in_executor(self.pool, self.app.finish, event_name, delivery, status, answer,
                                   time.monotonic() - started)
        await _send(send, status, answer)

    async def _read_verified(self, headers: dict[str, str], receive: Receive) -> bytes:
        try:
            length = int(headers.get("content-length", ""))
        except ValueError:
            raise Refused(411, "Content-Length required") from None
        if length < 0 or length > self.app.max_body:
            raise Refused(413, "payload too large")
        header = headers.get("x-hub-signature-256", "")
        if not header.startswith("sha256=") or len(header) != 71:
            raise Refused(401, "bad or missing X-Hub-Signature-256")
        mac = hmac.new(self.app.secret, digestmod=hashlib.sha256)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise Refused(400, "the client went away")
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > length:
                    raise Refused(400, "the body is longer than Content-Length")
                for start in range(0, len(chunk), CHUNK):
                    part = chunk[start:start + CHUNK]
                    mac.update(part)
                    spool.write(part)
                if not message.get("more_body", False):
                    break
            if size != length:
                raise Refused(400, "the body ended before Content-Length")
            if not hmac.compare_digest(("sha256=" + mac.hexdigest()).encode(), header.strip().encode()):
                raise Refused(401, "bad or missing X-Hub-Signature-256")
            spool.seek(0)
            return bytes(spool.read())


async def _send(send: Send, status: int, body: dict[str, Any] | bytes, content_type: str = "application/json") -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
