# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The licence policy: docs/licence-policy.md and commons.yaml agree, and the decisions it documents hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from open_commons.rules.licensing import Policy
from open_commons.sources.tree import load_config

REPO = Path(__file__).resolve().parents[2]


def _policy() -> Policy:
    return Policy.of(load_config(REPO))


def test_the_page_lists_exactly_the_accepted_licences() -> None:
    page = (REPO / "docs" / "licence-policy.md").read_text(encoding="utf-8")
    accepted = set()
    for row in page.splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > 3 and cells[2].startswith("yes"):
            accepted |= set(re.findall(r"`([^`*]+)`", cells[1]))
    configured = set(load_config(REPO).settings.licensing.inbound_allowed)
    assert accepted == configured


@pytest.mark.parametrize(("expression", "ok"), [
    ("CC-BY-SA-1.0", False),  # no later-version clause
    ("CC-BY-SA-2.0", True),
    ("CC-BY-SA-2.0-UK", True),
    ("CC-BY-SA-3.0-DE", True),
    ("CC-BY-SA-3.0+", True),
    ("CC-BY-SA-1.0+", True),  # 1.0 or later: the re-user may choose 4.0
    ("CC-BY-NC-SA-3.0+", False),
    ("CC-BY-ND-4.0", False),
    ("GPL-3.0-or-later", False),
    ("LAL-1.3", True),
    ("CC-BY-4.0 OR CC-BY-NC-4.0", True),
    ("CC-BY-4.0 AND CC-BY-NC-4.0", False),
])
def test_decisions(expression: str, ok: bool) -> None:
    assert _policy().check(expression, inbound=True).ok is ok
