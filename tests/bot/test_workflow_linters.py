# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""zizmor (offline audits) and actionlint on `.github/workflows/` and `action.yml`: no high finding;
every action pinned by full commit SHA with its version in a comment; a concurrency group per
workflow; every granted permission explained; every dangerous trigger justified."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

TOP = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((TOP / ".github" / "workflows").glob("*.yml"))
ACTION = TOP / "action.yml"
DEPENDABOT = TOP / ".github" / "dependabot.yml"  # keeps the pins current (a week of cooldown)
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")
DANGEROUS = ("pull_request_target", "workflow_run")


def tool(name: str) -> str:
    """The linters are test dependencies (pyproject.toml): missing one is a failure, not a skip."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def zizmor(*paths: Path, persona: str = "regular") -> list[dict[str, Any]]:
    proc = subprocess.run([tool("zizmor"), "--offline", "--no-config", "--persona", persona, "--format", "json",
                           *map(str, paths)], capture_output=True, text=True, cwd=TOP, timeout=300, check=False)
    assert proc.stdout.strip(), proc.stderr
    return [f for f in json.loads(proc.stdout) if not f.get("ignored")]


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("actionlint"), "-no-color", *map(str, paths)], capture_output=True, text=True, check=False,
                          cwd=TOP, timeout=300)


def brief(findings: list[dict[str, Any]]) -> list[str]:
    return [f"{f['ident']} ({f['determinations']['severity']}) "
            f"{f['locations'][0]['symbolic']['key']['Local']['verbatim_path']}:"
            f"{f['locations'][0]['concrete']['location']['start_point']['row'] + 1}" for f in findings]


def test_zizmor_finds_nothing_in_the_workflows_and_the_action() -> None:
    assert brief(zizmor(*WORKFLOWS, ACTION, DEPENDABOT)) == []
    pedantic = zizmor(*WORKFLOWS, ACTION, DEPENDABOT, persona="pedantic")
    assert [b for b in brief(pedantic) if "(Informational)" not in b] == []


def test_zizmor_does_catch_an_unpinned_pwn_request(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "name: bad\non: pull_request_target\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    found = {f["ident"] for f in zizmor(bad) if f["determinations"]["severity"] == "High"}
    assert {"unpinned-uses", "dangerous-triggers", "template-injection"} <= found


def action_as_workflow(tmp_path: Path) -> Path:
    """actionlint reads workflows only: the composite action's steps, as one job of a reusable
    workflow whose inputs are the action's, so its expressions and scripts are checked too."""
    action = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    workflow = {
        "name": action["name"],
        "on": {"workflow_call": {"inputs": {k: {"type": "string", "required": False, "default": v.get("default", "")}
                                            for k, v in action["inputs"].items()}}},
        "permissions": {"contents": "read"},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }
    out = tmp_path / ".github" / "workflows" / "action-as-workflow.yml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(workflow, indent=1), encoding="utf-8")  # JSON is YAML
    return out


def test_actionlint_finds_nothing(tmp_path: Path) -> None:
    proc = actionlint(*WORKFLOWS)
    assert (proc.returncode, proc.stdout + proc.stderr) == (0, "")
    proc = actionlint(action_as_workflow(tmp_path))
    assert (proc.returncode, proc.stdout + proc.stderr) == (0, "")


def test_actionlint_does_catch_an_injection_and_a_wrong_input(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("name: bad\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.head_commit.message }}\n"
                   "      - uses: actions/checkout@v4\n        with: {bogus: 1}\n", encoding="utf-8")
    proc = actionlint(bad)
    assert proc.returncode == 1 and "potentially untrusted" in proc.stdout and '"bogus" is not defined' in proc.stdout


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda p: p.name)
def test_every_action_is_pinned_by_sha_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if re.match(r"^\s*(-\s+)?uses:", line)]
    assert [line for line in lines if not PINNED.match(line)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_concurrency_permissions_and_triggers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wf = YAML(typ="safe").load(text)
    assert "group" in (wf.get("concurrency") or {}), "no concurrency group"
    for name, job in wf["jobs"].items():
        perms = job.get("permissions")
        assert isinstance(perms, dict) and perms, f"{name}: permissions not set per job"
        if perms == {"contents": "read"}:
            continue  # the least there is: nothing to explain
        job_text = text[text.index(f"\n  {name}:\n"):]
        block = job_text[job_text.index("    permissions:\n"):].splitlines()[1:len(perms) + 1]
        for line in block:  # every grant says why, on its own line
            assert re.search(r":\s*\w+\s+#\s*\w", line), f"{name}: '{line.strip()}' is not explained"
    on = wf.get("on", wf.get(True))
    for trigger in DANGEROUS:
        if isinstance(on, dict) and trigger in on:
            before = text[:text.index(f"  {trigger}:")]
            assert f"# {trigger}, justified:" in before and "Hardened:" in before, f"{trigger} not justified"
