# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fuzzing with hypothesis: every target must turn any input into findings (or its documented
error), never another exception. Example counts are set per test (``EXAMPLES``); the whole
suite stays under about a minute on two cores. ``FUZZ_SCALE=10`` runs ten times more.

Under CI (``CI`` set, as GitHub Actions does) the examples are derandomized: a failure in CI
reproduces on any machine with the same command. Elsewhere they are random; a failing example is
kept in hypothesis' example database (``.hypothesis/``, replayed first on the next run) and printed
with its reproduction blob (``@reproduce_failure``); once understood, it joins the test as an
``@example`` so that it is kept for good."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
IN_CI = bool(os.environ.get("CI"))


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, derandomize=IN_CI, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
