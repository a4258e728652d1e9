# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The App's webhook stack (`commons bot serve` under gunicorn, worker processes, SQLite queue) takes
200 signed deliveries (mixed events, some sent twice, 20 at a time, from another process on
127.0.0.1) without a failed answer; every delivery has its effect exactly once; /healthz answers
with 200 slow clients holding connections; 20 large uploads with a wrong signature do not grow the
server's memory by their size. No timing is asserted: benchmarks/bench_webhook_load.py prints them."""

from __future__ import annotations

import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import bench_webhook_load as bench

MAX_RSS_GROWTH_KIB = 50 * 1024  # 20 uploads of 20 MB, 10 MB of each already sent: 200 MB if buffered


def test_deliveries_slow_clients_and_uploads() -> None:
    r = bench.run(200, 20, seconds=0.05, warmup=20, worker_processes=1, worker_threads=8, uploads=20, upload_mb=20,
                  settle=240)
    assert r["warmup_failed"] == 0
    assert r["failed"] == [], r["failed"][:5]
    assert r["duplicates_sent"] > 0 and r["answered_duplicate"] == r["duplicates_expected"]
    assert r["effects_per_delivery_max"] == 1 and r["missing_effects"] == []
    assert r["health_under_slow_ok"] == 20
    assert r["rss_peak_uploads_kib"] - r["rss_before_uploads_kib"] < MAX_RSS_GROWTH_KIB


def test_the_plan_mixes_events_and_duplicates() -> None:
    deliveries = bench.plan(500)
    names = {name for _, name, _ in deliveries}
    assert {"pull_request", "issue_comment", "check_run", "ping", "push"} <= names
    assert len({d for d, _, _ in deliveries}) < 500
    distinct = {d: body for d, _, body in deliveries}
    assert len(set(distinct.values())) == len(distinct)  # another id, another body
