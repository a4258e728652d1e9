# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Helpers of the site tests: headless Chromium, PNG statistics, link crawling, axe-core."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).parent / "vendor"
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


# --- links ---------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("img", "script")):
                self.refs.append((name, value))


def page_links(html: str) -> tuple[list[str], set[str]]:
    parser = _Links()
    parser.feed(html)
    return [value for _n, value in parser.refs], parser.ids


def broken_links(site: Path) -> list[str]:
    """Every internal link or asset of every page that does not resolve to a file (or an anchor)."""
    broken = []
    ids_cache: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        refs, ids = page_links(page.read_text(encoding="utf-8"))
        ids_cache[page] = ids
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue
            if ref.startswith("/"):
                broken.append(f"{page.relative_to(site)}: absolute path {ref}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
                continue
            if site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {ref} leaves the site")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = page_links(target.read_text(encoding="utf-8"))[1]
                if unquote(parts.fragment) not in ids_cache[target]:
                    broken.append(f"{page.relative_to(site)}: {ref} (no such anchor)")
    return broken


# --- axe-core --------------------------------------------------------------------------------

_AXE_RUNNER = """<script src="{axe}"></script>
<script>
window.addEventListener("load", function () {{
  function done(text) {{
    var pre = document.createElement("pre"); pre.id = "axe-result"; pre.textContent = text;
    document.body.appendChild(pre);
  }}
  axe.run(document, {{resultTypes: ["violations"]}}).then(function (r) {{
    done(JSON.stringify(r.violations.map(function (v) {{
      return {{id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(function (n) {{ return n.target.join(" "); }})}};
    }})));
  }}, function (e) {{ done("ERROR " + e); }});
}});
</script>
</body>"""
_RESULT = re.compile(r'<pre id="axe-result">(.*?)</pre>', re.DOTALL)


def axe_violations(page: Path, profile: Path) -> list[dict[str, object]]:
    """Run axe-core in Chromium on a copy of ``page`` (beside it, so relative assets load)."""
    axe = page.parent / "axe.min.js"
    shutil.copyfile(VENDOR / "axe.min.js", axe)
    copy = page.with_name(page.stem + ".axe-check.html")
    html = page.read_text(encoding="utf-8")
    assert "</body>" in html
    copy.write_text(html.replace("</body>", _AXE_RUNNER.format(axe="axe.min.js")), encoding="utf-8")
    try:
        dom = dump_dom(copy, profile, budget_ms=60000)
    finally:
        copy.unlink()
        axe.unlink()
    found = _RESULT.search(dom)
    assert found, "axe produced no result"
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert not text.startswith("ERROR"), text
    return json.loads(text)
