# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A partner's pull request adding a resource passes every workflow.

A clone of this repository gets what a partner's fork would: one new resource written with
`commons new`, filled in, committed by the partner. Then what the workflows run on a pull request:
the check the bot computes (`commons check --base`), and the test suite's tests that read the
repository's own content (dogfood, the shipped site), run in the clone as the Tests workflow runs them
on a pull request (GITHUB_EVENT_NAME=pull_request). None may fail for a good contribution: no fixed
count of resources, no generated file to update."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BODY = "\n# Atelier découverte du numérique\n\nDeux heures pour essayer trois métiers du numérique, en petits groupes.\n"


def _run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_a_partner_pull_request_adding_a_resource_passes_every_workflow(tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    assert _run(tmp_path, "git", "clone", "-q", str(REPO), str(fork)).returncode == 0
    for key, value in (("user.name", "Awa Diallo"), ("user.email", "awa@fabrique-roubaix.example")):
        _run(fork, "git", "config", key, value)
    _run(fork, "git", "checkout", "-q", "-b", "atelier-decouverte")
    made = _run(fork, sys.executable, "-m", "open_commons", "new", "guide", "sourcing/atelier-decouverte",
                "--title", "Atelier découverte", "--author", "Awa Diallo", "--partner", "fabrique-roubaix")
    assert made.returncode == 0, made.stdout + made.stderr
    path = fork / "content" / "sourcing" / "atelier-decouverte.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published") + BODY,
                    encoding="utf-8")
    _run(fork, "git", "add", "-A")
    assert _run(fork, "git", "commit", "-q", "-m", "Atelier découverte").returncode == 0

    # the workflow of the check (and the bot): the change against the base
    checked = _run(fork, sys.executable, "-m", "open_commons", "check", "--base", "origin/main", "--lang", "en")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the Tests workflow, on the pull request: the tests that read the repository's own content
    suite = _run(fork, sys.executable, "-m", "pytest", "-q", "-p", "no:benchmark", "-p", "no:cacheprovider",
                 "tests/checker/test_dogfood.py", "tests/site/test_build.py",
                 env={"GITHUB_EVENT_NAME": "pull_request", "PYTHONPATH": str(fork)})
    assert suite.returncode == 0, suite.stdout[-4000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout and "failed" not in suite.stdout
