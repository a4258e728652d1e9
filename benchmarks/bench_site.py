# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Site build speed: a commons of N resources (default 10,000), built in full, then rebuilt after
one changed resource (body only, then title).

    python benchmarks/bench_site.py [N] [WORK_DIR]

Prints the figures; exits 1 when the full build takes a minute or more.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from open_commons.site import build_site


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    work = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="bench-site-"))
    root, out = work / "commons", work / "_site"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    generate(n, root)
    print(f"generated {n} resources in {time.perf_counter() - started:.1f} s ({root})")

    started = time.perf_counter()
    read = sum(len(p.read_bytes()) for p in (root / "content").rglob("*.md"))
    reference = time.perf_counter() - started
    print(f"reference: reading every resource file ({read / 1e6:.0f} MB): {reference:.2f} s")

    full = build_site(root, out)
    pages = sum(1 for p in full.written if p.endswith(".html"))
    print(f"full build: {full.seconds:.1f} s, {len(full.written)} files ({pages} pages, "
          f"{sum(1 for p in full.written if p.startswith('kits/'))} kits)")

    again = build_site(root, out)
    print(f"rebuild, nothing changed: {again.seconds:.1f} s, {len(again.written)} files rewritten")

    target = root / "content" / "sourcing" / "ressource-000002.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    body = build_site(root, out)
    print(f"rebuild after one changed body: {body.seconds:.1f} s, {len(body.written)} of {body.planned} files "
          f"rewritten: {', '.join(body.written)}")

    text = target.read_text(encoding="utf-8").replace("title: Ressource de test", "title: Ressource retouchée", 1)
    target.write_text(text, encoding="utf-8")
    title = build_site(root, out)
    print(f"rebuild after one changed title: {title.seconds:.1f} s, {len(title.written)} of {title.planned} files "
          f"rewritten: {', '.join(title.written)}")
    print(f"ratios to the reference read: full {full.seconds / reference:.0f}x, nothing changed "
          f"{again.seconds / reference:.0f}x, one body {body.seconds / reference:.0f}x, one title "
          f"{title.seconds / reference:.0f}x")
    ok = full.seconds < 60
    print("OK: under a minute" if ok else "TOO SLOW: a minute or more")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
