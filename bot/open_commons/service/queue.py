# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The durable queue of deliveries, on huey: SQLite (embedded, the default) or Redis (shared).

huey carries the jobs (workers, retries with back-off); it does not acknowledge them, so a job whose
worker is killed would be lost. Each delivery therefore also has a record in huey's key-value store
(the same code on SQLite and on Redis):

- ``job:<delivery>``: the delivery (event name, raw body), its state (queued, running, retrying,
  done, failed), attempts and last error. Written with ``put_if_empty``: writing it *is* the
  de-duplication by delivery id, durable and shared by every instance.
- ``digest:<sha256 of the body>``: when a body was first seen; the same signed body under another
  delivery id within the replay window is not handled again.
- ``lock:<delivery>``: the worker running it, with a heartbeat. A job whose lock is taken is skipped;
  ``recover`` re-enqueues the records that no worker holds and that are in no queue (a server killed
  between the record and the enqueue, a worker killed mid-job).
"""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from huey import Huey, RedisHuey, SqliteHuey
from huey.constants import EmptyData
from huey.storage import SqliteStorage

from open_commons.errors import CommonsError

NAME = "open-commons"
TASK = "open_commons.delivery"
OPEN_STATES = ("queued", "running", "retrying")
STATES = (*OPEN_STATES, "done", "failed")


class QueueError(CommonsError):
    """The queue cannot be opened or written."""


class _SqliteStorage(SqliteStorage):  # type: ignore[misc]  # huey is untyped
    """WAL with ``synchronous=NORMAL``: a commit survives the process being killed (kill -9), and
    only a power loss can lose the last ones; FULL (an fsync per commit) made every job's few
    writes queue behind the disk."""

    def _create_connection(self) -> sqlite3.Connection:
        conn = super()._create_connection()
        conn.execute("pragma synchronous=NORMAL")
        return conn  # type: ignore[no-any-return]


class _SqliteHuey(SqliteHuey):  # type: ignore[misc]
    storage_class = _SqliteStorage


def default_url() -> str:
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return f"sqlite:///{state / 'open-commons' / 'queue.sqlite'}"


def open_huey(url: str) -> Huey:
    """``sqlite:///path`` (or a bare path) or ``redis://host:port/db``."""
    parsed = urlparse(url)
    if parsed.scheme in ("redis", "rediss", "unix"):
        try:
            import redis  # noqa: F401 - a clear error when the extra is missing
        except ImportError:
            raise QueueError("a Redis queue needs the redis package: pip install 'open-commons[redis]'") from None
        return RedisHuey(NAME, url=url, results=False, utc=True)
    if url.startswith("sqlite://"):
        path = Path(url[len("sqlite://"):])
    elif "://" in url:
        raise QueueError(f"unknown queue {url!r}: give sqlite:///path/queue.sqlite or redis://host:6379/0")
    else:
        path = Path(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _SqliteHuey(NAME, filename=str(path), results=False, utc=True, timeout=30)
    except (OSError, sqlite3.Error) as err:
        raise QueueError(f"cannot open the queue {path}: {err}") from None


@dataclass
class Accepted:
    status: str  # queued | duplicate | replayed
    record: dict[str, Any] | None = None


def now() -> float:
    return time.time()


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Store:
    """Records, locks and digests in huey's key-value storage, and the huey queue itself."""

    def __init__(self, huey: Huey, replay_window: float = 24 * 3600) -> None:
        self.huey = huey
        self.replay_window = replay_window

    # --- the storage ------------------------------------------------------------------------

    def check_writable(self) -> None:
        """Write and delete a key: a clear error now rather than 503s later."""
        key = f"probe:{owner()}"
        try:
            self.huey.put(key, now())
            self.huey.delete(key)
        except Exception as err:  # noqa: BLE001 - sqlite3, redis and OS errors alike
            raise QueueError(f"the queue is not writable: {type(err).__name__}: {err}") from None

    def get(self, key: str) -> Any:
        value = self.huey.get(key, peek=True)
        return None if value is EmptyData else value

    def put(self, key: str, value: Any) -> None:
        self.huey.put(key, value)

    def put_if_empty(self, key: str, value: Any) -> bool:
        return bool(self.huey.put_if_empty(key, value))

    def delete(self, key: str) -> None:
        self.huey.delete(key)

    def items(self, prefix: str) -> Iterator[tuple[str, Any]]:
        for key, raw in self.huey.storage.result_items().items():
            name = key.decode() if isinstance(key, bytes) else str(key)
            if name.startswith(prefix):
                yield name[len(prefix):], self.huey.serializer.deserialize(raw)

    # --- deliveries -------------------------------------------------------------------------

    def accept(self, delivery: str, event: str, body: bytes, enqueue: Callable[[str, float], None]) -> Accepted:
        """Record a verified delivery and enqueue its job, once per delivery id and per body."""
        received = now()
        digest = hashlib.sha256(body).hexdigest()
        seen = self.get(f"digest:{digest}")
        if seen is not None and seen.get("delivery") != delivery and received - float(seen["at"]) < self.replay_window:
            return Accepted("replayed")
        record = {"delivery": delivery, "event": event, "body": body, "digest": digest, "state": "queued",
                  "received": received, "updated": received, "attempts": 0, "error": ""}
        if not self.put_if_empty(f"job:{delivery}", record):
            return Accepted("duplicate")
        self.put(f"digest:{digest}", {"delivery": delivery, "at": received})
        enqueue(delivery, received)
        return Accepted("queued", record)

    def record(self, delivery: str) -> dict[str, Any] | None:
        return self.get(f"job:{delivery}")  # type: ignore[no-any-return]

    def update(self, delivery: str, **fields: Any) -> dict[str, Any] | None:
        record = self.record(delivery)
        if record is None:
            return None
        record.update(fields, updated=now())
        if record["state"] == "done":
            record["body"] = b""  # the id stays (de-duplication), the body goes
        self.put(f"job:{delivery}", record)
        return record

    def records(self, states: tuple[str, ...] = STATES) -> list[dict[str, Any]]:
        found = [r for _, r in self.items("job:") if isinstance(r, dict) and r.get("state") in states]
        return sorted(found, key=lambda r: float(r.get("received", 0)))

    def prune(self, older_than: float) -> int:
        """Forget the done jobs last updated more than ``older_than`` seconds ago, with their body
        digests (their delivery ids are no longer de-duplicated: keep them longer than GitHub keeps
        deliveries, 3 days)."""
        limit = now() - older_than
        pruned = 0
        for record in self.records(("done",)):
            if float(record.get("updated", 0)) >= limit:
                continue
            digest = self.get(f"digest:{record.get('digest')}")
            if digest is not None and digest.get("delivery") == record["delivery"]:
                self.delete(f"digest:{record.get('digest')}")
            self.delete(f"job:{record['delivery']}")
            pruned += 1
        return pruned

    # --- locks ------------------------------------------------------------------------------

    def lock(self, delivery: str) -> bool:
        return self.put_if_empty(f"lock:{delivery}", {"owner": owner(), "beat": now()})

    def beat(self, delivery: str) -> None:
        self.put(f"lock:{delivery}", {"owner": owner(), "beat": now()})

    def unlock(self, delivery: str) -> None:
        self.delete(f"lock:{delivery}")

    def lock_age(self, delivery: str) -> float | None:
        held = self.get(f"lock:{delivery}")
        return None if held is None else now() - float(held.get("beat", 0))

    # --- the queue --------------------------------------------------------------------------

    def queued_ids(self) -> set[str]:
        """Deliveries with a job waiting in the queue or scheduled for a retry."""
        ids = set()
        for task in [*self.huey.pending(), *self.huey.scheduled()]:
            if task.args:
                ids.add(str(task.args[0]))
        return ids

    def depth(self) -> dict[str, Any]:
        """Queue depth and the age of the job that has waited longest (cheap: the queue's head)."""
        pending = self.huey.pending_count()
        oldest: float | None = None
        if pending:
            try:
                head = self.huey.pending(limit=1)
                if head and len(head[0].args) > 1:
                    oldest = max(0.0, now() - float(head[0].args[1]))
            except Exception:  # noqa: BLE001 - a health answer never fails on a foreign message
                oldest = None
        return {"depth": pending, "scheduled": self.huey.scheduled_count(),
                "oldest_age_s": None if oldest is None else round(oldest, 3)}
