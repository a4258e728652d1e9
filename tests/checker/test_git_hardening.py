# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Nothing a repository names is executed: one test per mechanism, a marker file that must never appear.

The checkout is hostile: its .git/config names an fsmonitor, filter drivers (clean, smudge,
process), a diff textconv, an external diff and a merge driver; its hooks folder has a
post-checkout hook; its .gitattributes applies them to every file. Every command that reads a
checkout (check, check of a change, site, export, attribution, ledger verify, audit) and the
bot's lease (a git worktree, which checks files out) run with all of them off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from open_commons.app.lease import worktree

REPO = Path(__file__).resolve().parents[2]
MECHANISMS = ("fsmonitor", "clean", "smudge", "process", "textconv", "external", "merge", "hook")


def _git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="A", GIT_AUTHOR_EMAIL="a@example.org", GIT_COMMITTER_NAME="A",
               GIT_COMMITTER_EMAIL="a@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True).stdout.decode()


def _script(folder: Path, name: str, marker: Path, passthrough: bool = True) -> str:
    path = folder / name
    path.write_text(f"#!/bin/sh\ntouch '{marker}'\n" + ("cat\n" if passthrough else "exit 0\n"), encoding="utf-8")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A commons (the shipped one, small part) whose git config and hooks try to run programs."""
    root = tmp_path / "commons"
    markers = tmp_path / "markers"
    markers.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    root.mkdir()
    for rel in ("commons.yaml", "REUSE.toml", "LICENSES", "schemas", "partners", "content/sourcing",
                "content/communaute"):
        src = REPO / rel
        if src.is_dir():
            shutil.copytree(src, root / rel)
        elif src.is_file():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, root / rel)
    (root / ".gitattributes").write_text("* filter=evil diff=evil merge=evil\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "commons")
    scripts = {m: _script(bin_dir, m, markers / m) for m in MECHANISMS}
    config = {
        "core.fsmonitor": scripts["fsmonitor"],
        "filter.evil.clean": scripts["clean"],
        "filter.evil.smudge": scripts["smudge"],
        "filter.evil.process": scripts["process"],
        "filter.evil.required": "true",
        "diff.evil.textconv": scripts["textconv"],
        "diff.external": scripts["external"],
        "merge.evil.driver": scripts["merge"],
    }
    for key, value in config.items():
        _git(root, "config", key, value)
    _script(root / ".git" / "hooks", "post-checkout", markers / "hook", passthrough=False)
    _script(root / ".git" / "hooks", "pre-commit", markers / "hook", passthrough=False)
    # a change in the working tree, so that a check of the change compares files
    res = next((root / "content" / "sourcing").glob("*.md"))
    res.write_text(res.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    return root, markers


def _commons(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    return subprocess.run([sys.executable, "-m", "open_commons", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.mark.parametrize("args", [
    ("check", "--no-cache"),
    ("check", "--base", "HEAD"),
    ("check", "--base", "HEAD", "--head", "HEAD"),
    ("site", "--out", "_site_test"),
    ("export", "--phase", "sourcing", "--out", "kit.zip"),
    ("ledger", "verify"),
    ("audit",),
], ids=lambda a: "-".join(a[:2]))
def test_no_repository_program_runs(hostile: tuple[Path, Path], args: tuple[str, ...]) -> None:
    root, markers = hostile
    done = _commons(root, *args)
    assert "Traceback" not in done.stderr, done.stderr
    assert sorted(p.name for p in markers.iterdir()) == [], done.stdout + done.stderr


def test_the_marker_scripts_do_run_under_plain_git(hostile: tuple[Path, Path]) -> None:
    """The trap is real: git without the runner's hardening runs them (else the tests above prove nothing)."""
    root, markers = hostile
    subprocess.run(["git", "status"], cwd=root, capture_output=True, check=False)
    subprocess.run(["git", "diff"], cwd=root, capture_output=True, check=False)
    found = {p.name for p in markers.iterdir()}
    assert {"fsmonitor", "clean"} & found, found


def test_a_lease_checks_out_nothing_that_runs(hostile: tuple[Path, Path]) -> None:
    root, markers = hostile
    with worktree(root, "HEAD") as tree:
        assert (tree / "commons.yaml").is_file()
        assert (tree / ".gitattributes").is_file()
    assert sorted(p.name for p in markers.iterdir()) == []
    assert not tree.exists()


def test_concurrent_leases_never_read_another_commit(tmp_path: Path) -> None:
    """4 threads × 15 reads, alternating two commits of one repository: every read sees its own."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    shas = []
    for name in ("first", "second"):
        (root / "commons.yaml").write_text(f"name: {name}\n", encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", name)
        shas.append((name, _git(root, "rev-parse", "HEAD").strip()))
    wrong: list[str] = []
    reads = []

    def work(i: int) -> None:
        name, sha = shas[i % 2]
        with worktree(root, sha) as tree:
            for _ in range(15):
                seen = (tree / "commons.yaml").read_text(encoding="utf-8").strip()
                reads.append(seen)
                if seen != f"name: {name}":
                    wrong.append(seen)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(reads) == 60 and wrong == []
    assert _git(root, "worktree", "list").count("\n") == 1  # every lease removed
