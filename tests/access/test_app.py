# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The App route: a ``push`` to the default branch touching partners/ applies the plan and logs it on the
ledger branch; other pushes are ignored. Real git, real PyGithub, the local GitHub over HTTP."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from open_commons.access_log import chain_problems
from open_commons.github import access as app_access
from open_commons.github import events
from open_commons.github.client import PyGithubClient, Retrying, make_github
from open_commons.github.context import Bot, LocalWorkspace
from tests.access.conftest import DAY, ORG, TEAM, make_commons
from tests.github_fake import FakeGitHub

REPO = "simplon/open-commons"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path, fake: FakeGitHub) -> Path:
    root = make_commons(tmp_path / "commons")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "Commons")
    fake.add_repo(REPO, root)
    return root


def _bot(fake: FakeGitHub, root: Path) -> Bot:
    port = PyGithubClient(make_github("t", fake.url), Retrying(sleep=lambda _s: None))
    return Bot(port, LocalWorkspace(root), clock=lambda: DAY)


def _push(root: Path, paths: list[str], *, ref: str = "refs/heads/main") -> events.PushEvent:
    payload: dict[str, Any] = {
        "ref": ref, "before": "0" * 40, "after": _git(root, "rev-parse", "HEAD"), "created": False,
        "deleted": False, "forced": False,
        "commits": [{"id": _git(root, "rev-parse", "HEAD"), "added": paths, "modified": [], "removed": []}],
        "repository": {"full_name": REPO, "default_branch": "main", "private": False, "fork": False},
        "sender": {"login": "ines", "type": "User"}, "installation": {"id": 5},
    }
    event = events.parse("push", json.loads(json.dumps(payload)))
    assert isinstance(event, events.PushEvent)
    return event


def test_a_push_touching_partners_applies_the_plan_and_logs_it_once(fake: FakeGitHub, checkout: Path) -> None:
    bot = _bot(fake, checkout)
    event = _push(checkout, ["partners/e2c-lille.yaml"])
    outcome = app_access.handle(bot, event)
    assert outcome.status == "done", outcome
    team = fake.team_state(ORG, TEAM)
    assert set(team["members"]) == {"awadiallo", "sampetit", "maintainer", "bot-guardian"}
    assert set(team["pending"]) == {"newbie"}
    log = fake.git(REPO).read_file("ledger", "ledger/access.jsonl")
    assert log is not None
    lines = log.decode().splitlines()
    assert len(lines) == 8 and chain_problems(log.decode()) == []
    changed = {json.loads(line)["login"] for line in lines if json.loads(line)["action"] != "present"}
    assert changed == {"newbie", "kbenali", "tomlegall", "inesmoreau", "leamartin"}
    again = app_access.handle(bot, event)  # a redelivery, or the next push: nothing to do
    assert again.status == "ignored" and again.detail == "nothing to change"
    assert fake.git(REPO).read_file("ledger", "ledger/access.jsonl") == log


def test_other_pushes_are_ignored(fake: FakeGitHub, checkout: Path) -> None:
    bot = _bot(fake, checkout)
    assert app_access.handle(bot, _push(checkout, ["content/sourcing/a.md"])).status == "ignored"
    assert app_access.handle(bot, _push(checkout, ["partners/x.yaml"], ref="refs/heads/feature")).status == "ignored"
    assert [r for r in fake.requests if "/teams/" in r.path] == []


def test_a_blocked_plan_applies_nothing_from_the_app(fake: FakeGitHub, checkout: Path) -> None:
    (checkout / "partners" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    _git(checkout, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    _git(checkout, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "Broken partner")
    before = fake.team_state(ORG, TEAM)
    outcome = app_access.handle(_bot(fake, checkout), _push(checkout, ["partners/broken.yaml"]))
    assert outcome.status == "ignored" and "PTN001" in outcome.detail
    assert fake.team_state(ORG, TEAM) == before
    assert fake.git(REPO).read_file("ledger", "ledger/access.jsonl") is None


def test_push_payloads_are_validated_field_by_field(fake: FakeGitHub, checkout: Path) -> None:
    repo = {"full_name": REPO, "default_branch": "main"}
    minimal = events.parse("push", {"ref": "refs/heads/main", "repository": repo})
    assert isinstance(minimal, events.PushEvent) and minimal.after == "" and minimal.paths == ()
    assert app_access.handle(_bot(fake, checkout), minimal).status == "ignored"  # no new commit: nothing read
    for bad in ({"commits": "partners/"}, {"commits": [{"added": "partners/a.yaml"}]}, {"commits": [3]},
                {"after": "not-a-sha"}, {"deleted": "yes"}):
        with pytest.raises(events.EventError):
            events.parse("push", {"ref": "refs/heads/main", "repository": repo, **bad})
    many = events.parse("push", {"ref": "refs/heads/main", "repository": repo, "after": "a" * 40,
                                 "commits": [{"added": [], "modified": ["README.md"]}] * 20})
    assert isinstance(many, events.PushEvent) and many.truncated and app_access.touches_registry(many)
