# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmarks of the licensing checks (issue 4).

    python benchmarks/bench_pr_check.py [--large 10000] [--small 100] [--repeat 5]

1. PR check (subset mode): the same 10-file change (8 resources modified, 2 added) checked with
   `commons check --base main` (working tree as head) in a commons of --large resources and in one
   of --small resources. Target: large/small under 1.5.
2. Full check, REUSE included (`commons check` on the whole tree) against `reuse lint` alone, on
   the --large commons. Target: under 1/3.

Times are medians of --repeat runs, measured in-process for our check (imports excluded, the same
for both sizes) and as a subprocess for `reuse lint` (its own start-up is about 0.3 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

from open_commons.pipeline import check
from open_commons.sources import licensed

ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "b",
       "GIT_COMMITTER_EMAIL": "b@example.org"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


def make(n: int, target: Path) -> Path:
    generate(n, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "base")
    return target


def change(root: Path) -> None:
    """8 resources modified (body and front-matter) and 2 added: the same change for every size."""
    resources = sorted((root / "content").rglob("ressource-*.md"))[:8]
    for path in resources:
        text = path.read_text(encoding="utf-8")
        text = text.replace("date_modified:", "date_modified: 2030-01-01\nold_date_modified:", 1) \
            .replace("\nold_date_modified:", "\n#", 1)
        path.write_text(text + "\nUn paragraphe ajouté par la fabrique.\n", encoding="utf-8")
    for i, src in enumerate(resources[:2]):
        new = src.with_name(f"nouvelle-{i}.md")
        new.write_text(src.read_text(encoding="utf-8").replace(src.stem, new.stem), encoding="utf-8")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pr_check(root: Path) -> int:
    commons, touched = licensed.for_change(root, "main")
    return len(check(commons, touched).findings)


def full_check(root: Path) -> int:
    return len(check(licensed.full(root)).findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-licensing-") as tmp:
        small, large = make(args.small, Path(tmp) / "small"), make(args.large, Path(tmp) / "large")
        for root in (small, large):
            change(root)
        pr_check(small), pr_check(large)  # warm caches (schemas, catalogs, git's object store)
        t_small = median_time(lambda: pr_check(small), args.repeat)
        t_large = median_time(lambda: pr_check(large), args.repeat)
        print(f"PR check, 10-file change: {args.small} resources {t_small:.3f} s, "
              f"{args.large} resources {t_large:.3f} s, ratio {t_large / t_small:.2f} (target < 1.5)")
        git(large, "stash", "-u", "-q")  # the full check on the committed tree
        full_check(large)
        t_full = median_time(lambda: full_check(large), max(1, args.repeat // 2))
        t_reuse = median_time(lambda: subprocess.run(["reuse", "--root", str(large), "lint", "-q"], check=False),
                              max(1, args.repeat // 2))
        print(f"full check incl. REUSE on {args.large} resources: {t_full:.2f} s; `reuse lint`: {t_reuse:.2f} s; "
              f"ratio {t_full / t_reuse:.2f} (target < 0.33)")


if __name__ == "__main__":
    main()
