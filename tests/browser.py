# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Headless Chromium (Debian's package) and PNG decoding with the standard library, for every browser test."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def chromium_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(args: list[str], profile: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    exe = chromium_path()
    assert exe, "chromium is not installed"
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


def screenshot(page: Path, png: Path, profile: Path, size: str = "1280,1600") -> Path:
    result = chromium([f"--screenshot={png}", f"--window-size={size}", page.as_uri()], profile)
    assert png.is_file(), result.stderr[-2000:]
    return png


def dump_dom(page: Path, profile: Path, budget_ms: int = 0) -> str:
    args = ["--dump-dom", page.as_uri()]
    if budget_ms:
        args.insert(0, f"--virtual-time-budget={budget_ms}")
    result = chromium(args, profile)
    assert result.stdout.strip(), result.stderr[-2000:]
    return result.stdout


# --- PNG (stdlib only) ---------------------------------------------------------------


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def png_pixels(png: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, decoded with zlib."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _y in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if ftype == 1:
            for x in range(channels, stride):
                line[x] = (line[x] + line[x - channels]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif ftype == 3:
            for x in range(stride):
                left = line[x - channels] if x >= channels else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 0xFF
        elif ftype == 4:
            for x in range(stride):
                left = line[x - channels] if x >= channels else 0
                upleft = prev[x - channels] if x >= channels else 0
                line[x] = (line[x] + _paeth(left, prev[x], upleft)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def png_stats(png: Path) -> tuple[int, float]:
    """(distinct colours, share of non-white pixels) of a screenshot."""
    width, height, rows = png_pixels(png)
    channels = len(rows[0]) // width
    colours: set[bytes] = set()
    non_white = 0
    for row in rows:
        for x in range(0, len(row), channels):
            px = row[x:x + 3]
            colours.add(px)
            if px != b"\xff\xff\xff":
                non_white += 1
    return len(colours), non_white / (width * height)
