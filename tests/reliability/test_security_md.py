# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""SECURITY.md names, for each threat, the test that proves its defence: those tests exist."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_every_test_named_in_security_md_exists() -> None:
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_/]+\.py)::([a-z0-9_]+)`", text))
    assert len(named) >= 30
    missing = [(f, t) for f, t in sorted(named)
               if not (REPO / "tests" / f).is_file() or f"def {t}(" not in (REPO / "tests" / f).read_text(encoding="utf-8")]
    assert not missing, missing


def test_security_md_says_how_to_report() -> None:
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    assert text.startswith("<!--\nSPDX-FileCopyrightText: 2026 Open Commons contributors")
    assert "securite@simplon.co" in text and "security advisory" in text
    for asset in ("ledger", "partner registry", "tokens", "partners-tier"):
        assert asset in text.lower()
    for attacker in ("fork PR author", "forged webhook", "partner inflating its credit", "leaked token"):
        assert attacker in text
