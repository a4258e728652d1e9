# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons demo` builds a realistic commons whose ledger verifies and whose audit is complete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def commons(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "open_commons", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_demo_builds_a_history_with_a_ledger_that_verifies(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    proc = commons("demo", "--dir", str(target), "--format", "json", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((target / "audit.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in data["partners"]}
    assert len([r for r in rows.values() if r["merged_prs"]]) >= 5
    assert {r["reciprocity"] for r in rows.values()} >= {"active", "dormant"}
    assert data["unaffiliated_prs"] > 0 and data["elephant_factor"] >= 2 and len(data["quarters"]) >= 12
    assert data["sources"]["history"] == 0  # every merged PR is in the ledger
    log = subprocess.run(["git", "log", "--first-parent", "--format=%s"], cwd=target, capture_output=True,
                         text=True).stdout
    assert "Merge pull request #" in log and ") (#" in log  # merge commits and squash merges
    verify = commons("ledger", "verify", "--lang", "en", cwd=target)
    assert verify.returncode == 0, verify.stdout
    rebuilt = commons("ledger", "rebuild", "--from-git", "--check", "--lang", "en", cwd=target)
    assert rebuilt.returncode == 0, rebuilt.stdout
    # awadiallo moved from e2c-lille to ml-marseille: both got credit for her work
    records = [json.loads(line) for line in (target / "ledger/contributions.jsonl").read_text().splitlines()]
    awa = {p for r in records if r["author"]["login"] == "awadiallo" for p in r["partners"]}
    assert awa == {"e2c-lille", "ml-marseille"}
