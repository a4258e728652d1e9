# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The HTML audit renders its charts in a real browser (headless Chromium), offline."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest

from open_commons import audit
from open_commons.ledger import collect
from open_commons.reporters.audit_report import AUDIT_REPORTERS, PALETTE
from open_commons.sources.tree import load_config
from tests.ledger.test_ledger import record_all

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB or RGBA, non-interlaced PNG with the standard library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _c, _f, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (2, 6) and interlace == 0
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels += [tuple(line[i:i + 3]) for i in range(0, stride, bpp)]
        prev = line
    return width, height, pixels


@pytest.mark.browser
def test_the_html_report_renders_its_charts_in_chromium(commons, history_prs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: the test command installs it (apt-get install chromium)")
    record_all(commons.root, history_prs)
    records, partners, sources = collect(commons.root, load_config(commons.root))
    result = audit.build(records, partners, audit.Policy(), today="2024-06-30", sources=sources)
    page = tmp_path / "audit.html"
    page.write_text(AUDIT_REPORTERS["html"](result, "fr", "Test"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={shot}", "--window-size=1200,1600", "--hide-scrollbars", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert shot.is_file(), proc.stderr[-2000:]
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    counts = Counter(pixels)
    assert len(counts) > 20, "the screenshot is blank"
    assert counts[(255, 255, 255)] < len(pixels) * 0.97
    # the bars of the two charts are painted in the palette's first colours
    for colour in PALETTE[:2]:
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert counts[rgb] > 200, f"no chart bar painted in {colour}"
