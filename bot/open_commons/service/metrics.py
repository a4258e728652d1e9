# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Prometheus metrics of the webhook server and of the workers.

With several server processes, set ``PROMETHEUS_MULTIPROC_DIR`` (``commons bot serve`` does when
``--workers`` is above 1): ``/metrics`` then adds up every process.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

DELIVERIES = Counter("open_commons_deliveries_total", "Webhook deliveries answered, by event and answer.",
                     ["event", "status"])
ANSWER_SECONDS = Histogram("open_commons_delivery_answer_seconds", "Time to answer a delivery.",
                           buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10))
JOBS = Counter("open_commons_jobs_total", "Jobs run by the workers, by event and outcome.", ["event", "outcome"])
JOB_SECONDS = Histogram("open_commons_job_seconds", "Time a job took.",
                        buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600))
RECOVERED = Counter("open_commons_jobs_recovered_total", "Jobs re-enqueued after a lost worker or enqueue.")
RATE_LIMIT = Gauge("open_commons_github_rate_limit_remaining", "GitHub API requests left (last answer seen).",
                   multiprocess_mode="min")


def exposition() -> tuple[bytes, str]:
    """The metrics text, of every process when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
