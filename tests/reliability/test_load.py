# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The webhook server takes 500 signed deliveries (mixed events, 20 at a time, from another
process on 127.0.0.1) without a failed answer; a delivery sent twice has one effect; the server's
memory stays flat. No timing is asserted: benchmarks/bench_webhook_load.py prints them."""

from __future__ import annotations

import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import bench_webhook_load as bench

MAX_RSS_GROWTH_KIB = 16 * 1024


def test_500_deliveries_20_at_a_time() -> None:
    r = bench.run(500, 20)
    assert r["warmup_failed"] == 0
    assert r["failed"] == [], r["failed"][:5]  # a burst once had connections reset (backlog of 5)
    assert r["duplicates_sent"] > 0 and r["answered_duplicate"] == r["duplicates_sent"]
    assert r["effects"] == r["unique_deliveries"] and r["effects_per_delivery_max"] == 1
    assert r["missing_effects"] == []
    assert r["rss_end_kib"] - r["rss_warm_kib"] < MAX_RSS_GROWTH_KIB, (r["rss_warm_kib"], r["rss_end_kib"])


def test_the_plan_mixes_events_and_duplicates() -> None:
    deliveries = bench.plan(500)
    names = {name for _, name, _ in deliveries}
    assert {"pull_request", "issue_comment", "check_run", "ping", "push"} <= names
    assert len({d for d, _, _ in deliveries}) < 500
