# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Time `commons check` against `reuse lint` on the same synthetic trees, and print the ratios.

    python benchmarks/bench_check.py [N ...]      (default: 1000 10000)

For each N, a tree of N resources is generated (benchmarks/generate.py), then each
command runs REPEAT times in a fresh process and the best wall time is kept:
- `commons check --no-cache --families parsing,schema,resources,config` (schema and model rules, cold)
- `commons check --no-cache` (everything, REUSE included, cold: every file read, parsed and scanned)
- `commons check` a second time (warm: the cache of the first run, no file changed)
- `reuse lint` (the reference)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

REPEAT = int(os.environ.get("REPEAT", "3"))
MODEL_FAMILIES = "parsing,schema,resources,config"


def best(cmd: list[str], cwd: Path) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return min(times)


def main(sizes: list[int]) -> None:
    commons = [sys.executable, "-m", "open_commons", "check"]
    print(f"cores: {len(os.sched_getaffinity(0))}, best of {REPEAT}")
    print(f"{'resources':>9}  {'model, cold':>11}  {'full, cold':>10}  {'full, warm':>10}  {'reuse lint':>10}  "
          f"{'model/reuse':>11}  {'full/reuse':>10}  {'warm/reuse':>10}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(n, Path(tmp) / f"commons-{n}")
            subprocess.run(["git", "init", "-q"], cwd=root, check=True)  # the cache lives in .git
            model = best([*commons, "--no-cache", "--families", MODEL_FAMILIES], root)
            full = best([*commons, "--no-cache"], root)
            subprocess.run(commons, cwd=root, stdout=subprocess.DEVNULL, check=True)  # fills the cache
            warm = best(commons, root)
            reuse = best(["reuse", "lint"], root)
            print(f"{n:>9}  {model:>10.2f}s  {full:>9.2f}s  {warm:>9.2f}s  {reuse:>9.2f}s  "
                  f"{model / reuse:>11.2f}  {full / reuse:>10.2f}  {warm / reuse:>10.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
