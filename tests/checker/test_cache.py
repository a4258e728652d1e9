# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The check cache: a later run reuses results of unchanged files and never hides a change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from open_commons.cache import location
from tests.conftest import FIXTURES

MINIMAL = (FIXTURES / "checker" / "valid" / "minimal.md").read_text(encoding="utf-8")


def check(root: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "open_commons", "check", "--format", "json", "--lang", "en",
                           *args], cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def codes(report: dict) -> list[str]:
    return sorted(f["code"] for f in report["findings"])


def test_cache_lives_in_git_and_follows_every_change(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert check(root) == (0, check(root, "--no-cache")[1])
    cache_file = location(root)
    assert cache_file.is_file() and cache_file.is_relative_to(root / ".git")
    stamp = cache_file.stat().st_mtime_ns

    assert check(root)[0] == 0
    assert cache_file.stat().st_mtime_ns == stamp  # nothing changed: the cache is not rewritten

    resource = root / "content" / "sourcing" / "minimal.md"
    resource.write_text(MINIMAL.replace("type: guide", "type: nope"), encoding="utf-8")
    assert codes(check(root)[1]) == ["RES006"]
    resource.write_text(MINIMAL, encoding="utf-8")
    assert check(root)[0] == 0

    # the policy is part of the cache's scope: a vocabulary change is seen although the file did not change
    config = root / "commons.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("    guide:", "    guidebook:"), encoding="utf-8")
    assert "RES006" in codes(check(root)[1])


def test_a_broken_cache_is_ignored(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL.replace("type: guide", "type: nope")})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    check(root)
    location(root).write_bytes(b"not a pickle at all")
    exit_code, report = check(root)
    assert exit_code == 1 and codes(report) == ["RES006"]


def test_cached_and_fresh_reports_are_identical_on_the_repository(repo_root: Path) -> None:
    fresh = check(repo_root, "--no-cache")
    check(repo_root)
    assert check(repo_root) == fresh
