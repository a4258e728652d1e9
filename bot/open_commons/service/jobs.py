# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A delivery's job: run the router on it once, retry with back-off, recover lost jobs.

Exactly one effect per delivery: a job is skipped when its record is done (or failed) or when another
worker holds its lock; a worker killed mid-job leaves a lock whose heartbeat stops, and ``recover``
re-enqueues it after ``stale_after`` seconds. Handlers are idempotent (a check run, a comment kept up
to date), so a job cut short and run again has its effect once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from open_commons.github.events import EventError, parse_bytes
from open_commons.model.github import Event, Outcome
from open_commons.service import metrics
from open_commons.service.logs import JsonLog
from open_commons.service.queue import OPEN_STATES, TASK, Store, now, owner

Dispatch = Callable[[Event], list[Outcome]]


class JobFailed(Exception):
    """A handler reported an error: huey retries the job after a back-off."""


@dataclass(frozen=True)
class Policy:
    retries: int = 5  # after the first attempt
    retry_delay: float = 10.0  # seconds before the first retry
    backoff: float = 2.0  # each retry waits this much longer
    stale_after: float = 600.0  # a lock without heartbeat for this long belongs to a dead worker


class Jobs:
    def __init__(self, store: Store, dispatch: Dispatch | None = None, policy: Policy = Policy(),
                 log: JsonLog | None = None) -> None:
        self.store = store
        self.dispatch = dispatch
        self.policy = policy
        self.log = log or JsonLog()
        self._held: set[str] = set()
        self._held_lock = threading.Lock()
        self.task = store.huey.task(retries=policy.retries, retry_delay=policy.retry_delay,
                                    retry_backoff=policy.backoff, context=True, name=TASK)(self._run)

    def enqueue(self, delivery: str, received: float) -> None:
        self.task(delivery, received)

    # --- running ----------------------------------------------------------------------------

    def _run(self, delivery: str, received: float, task: Any = None) -> None:
        record = self.store.record(delivery)
        if record is None or record.get("state") in ("done", "failed"):
            self.log.line(job=delivery, state="skipped", reason="already " + (record or {}).get("state", "gone"))
            return
        if not self.store.lock(delivery):
            self.log.line(job=delivery, state="skipped", reason="held by another worker")
            return
        with self._held_lock:
            self._held.add(delivery)
        try:
            self._attempt(delivery, record, last=task is None or not getattr(task, "retries", 0))
        finally:
            with self._held_lock:
                self._held.discard(delivery)
            self._unlock(delivery)

    def _attempt(self, delivery: str, record: dict[str, Any], last: bool) -> None:
        attempt = int(record.get("attempts", 0)) + 1
        event_name = str(record.get("event", ""))
        self.store.update(delivery, state="running", attempts=attempt, worker=owner())
        started = time.monotonic()
        try:
            event = parse_bytes(event_name, bytes(record.get("body", b"")), delivery)
        except EventError as err:
            self._finish(delivery, event_name, "failed", attempt, started, [], str(err))
            return
        if self.dispatch is None:
            raise RuntimeError("this process enqueues jobs only: start `commons bot worker` to run them")
        try:
            outcomes = self.dispatch(event)
        except Exception as err:  # noqa: BLE001 - a job that fails is retried, never kills the worker
            outcomes = [Outcome("worker", "error", f"{type(err).__name__}: {err}")]
        errors = [o for o in outcomes if o.status == "error"]
        if not errors:
            self._finish(delivery, event_name, "done", attempt, started, outcomes, "")
            return
        detail = "; ".join(f"{o.handler}: {o.detail}" for o in errors)[:500]
        self._finish(delivery, event_name, "failed" if last else "retrying", attempt, started, outcomes, detail)
        if not last:
            raise JobFailed(detail)

    def _finish(self, delivery: str, event: str, state: str, attempt: int, started: float,
                outcomes: list[Outcome], error: str) -> None:
        seconds = time.monotonic() - started
        self.store.update(delivery, state=state, error=error,
                          outcomes=[f"{o.handler}: {o.status}" for o in outcomes])
        metrics.JOBS.labels(event=event[:64], outcome=state).inc()
        metrics.JOB_SECONDS.observe(seconds)
        self.log.line(job=delivery, event=event, state=state, attempt=attempt, ms=round(seconds * 1000),
                      error=error, outcomes=[{"handler": o.handler, "status": o.status, "detail": o.detail[:300]}
                                             for o in outcomes])

    def _unlock(self, delivery: str) -> None:
        held = self.store.get(f"lock:{delivery}")
        if held is None or held.get("owner") == owner():
            self.store.unlock(delivery)

    # --- keeping locks alive, recovering lost jobs -------------------------------------------

    def heartbeat(self) -> None:
        with self._held_lock:
            held = list(self._held)
        for delivery in held:
            self.store.beat(delivery)

    def recover(self) -> int:
        """Re-enqueue the open jobs that are in no queue and that no live worker holds."""
        stale = self.policy.stale_after
        queued = self.store.queued_ids()
        count = 0
        for record in self.store.records(OPEN_STATES):
            delivery = str(record["delivery"])
            if delivery in queued:
                continue
            age = self.store.lock_age(delivery)
            if (age is not None and age < stale) or now() - float(record.get("updated", 0)) < stale:
                continue
            if age is not None:
                self.store.unlock(delivery)
            if int(record.get("attempts", 0)) > self.policy.retries:
                self.store.update(delivery, state="failed",
                                  error=f"gave up after {record.get('attempts')} attempts that did not finish")
                self.log.line(job=delivery, state="failed", reason="attempts exhausted by lost workers")
                continue
            self.store.update(delivery, state="queued")
            self.enqueue(delivery, float(record.get("received", now())))
            metrics.RECOVERED.inc()
            self.log.line(job=delivery, state="recovered", was=record.get("state"))
            count += 1
        return count

    def retry(self, delivery: str) -> bool:
        """Run a failed (or stuck) job again: ``commons bot jobs --retry``."""
        record = self.store.record(delivery)
        if record is None or record.get("state") == "done":
            return False
        self.store.update(delivery, state="queued", attempts=0, error="")
        self.enqueue(delivery, float(record.get("received", now())))
        return True


def keep_alive(jobs: Jobs, stop: threading.Event, every: float) -> threading.Thread:
    """A thread: heartbeats of the jobs this process runs, and recovery of lost ones."""

    def loop() -> None:
        last_recover = 0.0
        while not stop.wait(every):
            try:
                jobs.heartbeat()
                if time.monotonic() - last_recover >= max(every, jobs.policy.stale_after / 2):
                    last_recover = time.monotonic()
                    jobs.recover()
            except Exception as err:  # noqa: BLE001 - the queue may be briefly unreachable
                jobs.log.line(worker=owner(), state="warning", error=f"{type(err).__name__}: {err}"[:300])

    thread = threading.Thread(target=loop, name="open-commons-keepalive", daemon=True)
    thread.start()
    return thread


class _RetryIsOneLine(logging.Filter):
    """huey logs a job that raised with its traceback; a handler's failure is already one JSON line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], JobFailed):
            record.exc_info, record.exc_text = None, None
        return True


def run_worker(jobs: Jobs, threads: int) -> None:
    """Run jobs until SIGINT (finish those in hand) or SIGTERM (stop now); recover lost ones meanwhile."""
    logging.getLogger("huey").addFilter(_RetryIsOneLine())
    stop = threading.Event()
    jobs.recover()
    keep_alive(jobs, stop, min(30.0, jobs.policy.stale_after / 4))
    consumer = jobs.store.huey.create_consumer(workers=threads, worker_type="thread", periodic=False,
                                               initial_delay=0.1, backoff=1.5, max_delay=2.0,
                                               check_worker_health=True)
    try:
        consumer.run()
    finally:
        stop.set()
