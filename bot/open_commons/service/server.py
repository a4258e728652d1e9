# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""gunicorn running the webhook app: worker processes, a connection cap, timeouts, a socket bound beforehand.

The listening socket is bound by ``commons bot serve`` itself (a port in use is then one line) and
handed to gunicorn as ``fd://N``. The default worker is gunicorn's asyncio one with the ASGI front
(service/asgi.py): a slow client costs a coroutine, not a thread. ``gthread`` runs the WSGI app
with threads instead (a client that sends half a request holds a thread until it gives up: put a
buffering proxy in front).
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class Limits:
    workers: int = 1  # processes
    threads: int = 16  # per process: gthread's request threads, or the asgi worker's queue threads
    worker_class: str = "asgi"  # or gthread
    max_connections: int = 1000  # per process
    timeout: int = 30  # a worker silent for this long is restarted
    keepalive: int = 5  # seconds an idle kept-alive connection stays open
    graceful_timeout: int = 20


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (raises OSError, e.g. EADDRINUSE)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class _Gunicorn(BaseApplication):  # type: ignore[misc]  # gunicorn is untyped
    def __init__(self, factory: Callable[[], Any], options: dict[str, Any]) -> None:
        self._factory = factory
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._factory()


def run(sock: socket.socket, factory: Callable[[], Any], limits: Limits = Limits()) -> None:
    """Serve until stopped (SIGTERM: graceful). ``factory`` builds the WSGI app in each process."""
    if limits.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="open-commons-metrics-")
    options = {
        "bind": [f"fd://{sock.fileno()}"],
        "workers": limits.workers,
        "worker_class": limits.worker_class,
        "threads": limits.threads,
        "worker_connections": limits.max_connections,
        "timeout": limits.timeout,
        "graceful_timeout": limits.graceful_timeout,
        "keepalive": limits.keepalive,
        **({"asgi_loop": "asyncio", "asgi_lifespan": "off"} if limits.worker_class == "asgi" else {}),
        "limit_request_line": 4094,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "open-commons-webhook",
        "preload_app": False,
    }
    _Gunicorn(factory, options).run()
