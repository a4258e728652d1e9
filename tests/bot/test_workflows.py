# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The workflows follow the safe split: no job with a write token or secrets checks out the PR head."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
PRIVILEGED_TRIGGERS = {"pull_request_target", "workflow_run", "issue_comment", "issues", "push", "check_run"}
HEAD_REF = re.compile(r"pull_request\.head\.|workflow_run\.head_|refs/pull/|github\.head_ref|pr/head")


def _load(text: str) -> dict[str, Any]:
    return YAML(typ="safe").load(text)


def _triggers(wf: dict[str, Any]) -> set[str]:
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as True
    if isinstance(on, str):
        return {on}
    return set(on or {})


def _writes(perms: Any) -> bool:
    if perms in ("write-all",):
        return True
    return isinstance(perms, dict) and any(v == "write" for v in perms.values())


def problems(text: str) -> list[str]:
    """Jobs that both hold a write token or secrets and check out or fetch-and-use the PR head."""
    wf = _load(text)
    found = []
    triggers = _triggers(wf)
    for name, job in (wf.get("jobs") or {}).items():
        job_text = repr(job)
        perms = job.get("permissions", wf.get("permissions"))
        privileged = (_writes(perms) or "secrets." in job_text
                      or (perms is None and bool(triggers & PRIVILEGED_TRIGGERS)))
        if not privileged:
            continue
        for step in job.get("steps") or []:
            uses = str(step.get("uses", ""))
            if uses.startswith("actions/checkout") and HEAD_REF.search(str((step.get("with") or {}).get("ref", ""))):
                found.append(f"{name}: checks out the PR head with a write token or secrets")
            if HEAD_REF.search(str(step.get("run", ""))):
                found.append(f"{name}: fetches or runs the PR head with a write token or secrets")
    return found


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_no_privileged_job_touches_the_pr_head(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8")) == []


def test_the_split_is_there() -> None:
    pr = _load((WORKFLOWS / "commons-pr.yml").read_text(encoding="utf-8"))
    assert _triggers(pr) == {"pull_request"} and pr["permissions"] == {"contents": "read"}
    assert "secrets." not in repr(pr)
    post = _load((WORKFLOWS / "commons-pr-report.yml").read_text(encoding="utf-8"))
    assert _triggers(post) == {"workflow_run"} and post["on"]["workflow_run"]["workflows"] == [pr["name"]]
    ledger = _load((WORKFLOWS / "commons-ledger.yml").read_text(encoding="utf-8"))
    assert "pull_request_target" in _triggers(ledger)


def test_the_checker_catches_a_pwn_request() -> None:
    bad = """
name: bad
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make
"""
    assert problems(bad) == ["build: checks out the PR head with a write token or secrets"]
    fetch = """
on: workflow_run
jobs:
  post:
    permissions: {checks: write}
    steps:
      - run: git fetch origin refs/pull/1/head && git checkout FETCH_HEAD && ./build.sh
"""
    assert problems(fetch) == ["post: fetches or runs the PR head with a write token or secrets"]
