# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML audit renders its charts in a real browser (headless Chromium), offline."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from open_commons import audit
from open_commons.ledger import collect
from open_commons.reporters.audit_report import AUDIT_REPORTERS, PALETTE
from open_commons.sources.tree import load_config
from tests.browser import chromium_path, png_pixels, screenshot
from tests.ledger.test_ledger import record_all


@pytest.mark.browser
def test_the_html_report_renders_its_charts_in_chromium(commons, history_prs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if chromium_path() is None:
        pytest.fail("chromium is not installed: the test command installs it (apt-get install chromium)")
    record_all(commons.root, history_prs)
    records, partners, sources = collect(commons.root, load_config(commons.root))
    result = audit.build(records, partners, audit.Policy(), today="2024-06-30", sources=sources)
    page = tmp_path / "audit.html"
    page.write_text(AUDIT_REPORTERS["html"](result, "fr", "Test"), encoding="utf-8")
    shot = screenshot(page, tmp_path / "shot.png", tmp_path / "profile", size="1200,1600")
    width, height, rows = png_pixels(shot)
    channels = len(rows[0]) // width
    pixels = [tuple(row[x:x + 3]) for row in rows for x in range(0, len(row), channels)]
    assert (width, height) == (1200, 1600)
    counts = Counter(pixels)
    assert len(counts) > 20, "the screenshot is blank"
    assert counts[(255, 255, 255)] < len(pixels) * 0.97
    # the bars of the two charts are painted in the palette's first colours
    for colour in PALETTE[:2]:
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert counts[rgb] > 200, f"no chart bar painted in {colour}"
