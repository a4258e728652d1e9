# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The fast tier: the bot's handlers against an in-memory GitHub (no HTTP, no git process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from open_commons.github import ledger_writer, pr_check, recheck
from open_commons.github.context import Bot
from open_commons.github.pr_check import PullReport
from open_commons.model import Finding
from open_commons.model.github import IssueCommentEvent, PullRequest, Ref, Repository, User
from open_commons.model.ledger import FileChange
from open_commons.rules.share_alike import AUTHOR_REMOVED
from open_commons.sources.tree import load_config
from tests.bot.conftest import RESOURCE, UPSTREAM, base_files
from tests.unit.memory import FolderLeases, MemoryGitHub

HEAD, BASE = "a" * 40, "b" * 40


def _pull(number: int = 7, head: str = HEAD, login: str = "awadiallo", state: str = "open",
          association: str = "CONTRIBUTOR", merged: bool = False) -> PullRequest:
    repo = Repository(UPSTREAM)
    return PullRequest(number, "Variante", state, User(login), Ref("variante", head, Repository("awadiallo/open-commons")),
                       Ref("main", BASE, repo), merged=merged, merge_sha="c" * 40 if merged else None,
                       merged_at="2026-10-01T09:00:00Z" if merged else None, author_association=association)


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    for rel, data in base_files().items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return tmp_path


@pytest.fixture
def gh() -> MemoryGitHub:
    return MemoryGitHub()


def _bot(gh: MemoryGitHub, policy: Path) -> Bot:
    return Bot(gh, FolderLeases(policy), clock=lambda: "2026-10-01")  # type: ignore[arg-type]


def _errors(n: int) -> tuple[Finding, ...]:
    return tuple(AUTHOR_REMOVED.at(RESOURCE, i + 1, name=f"Auteur {i}", how="removed", entry="- name: x")
                 for i in range(n))


def test_publish_then_fix_keeps_one_run_per_head_one_comment_and_the_right_labels(gh: MemoryGitHub,
                                                                                 policy: Path) -> None:
    bot, config = _bot(gh, policy), load_config(policy)
    failing = PullReport(7, HEAD, BASE, "awadiallo", _errors(120), "fabrique-roubaix")
    out = pr_check.publish(bot, UPSTREAM, failing, config)
    assert out.data["conclusion"] == "failure"
    (run,) = gh.runs.values()
    assert len(run.annotations) == 120 and len(run.outputs) == 3  # 50 + 50 + 20, the last one completes
    assert run.conclusion == "failure"
    assert set(gh.issue_labels[7]) == {"attribution manquante"}
    (comment,) = gh.issue_comments[7]

    fixed = PullReport(7, "d" * 40, BASE, "awadiallo", (), "fabrique-roubaix")
    again = pr_check.publish(bot, UPSTREAM, fixed, config)
    assert again.data["conclusion"] == "success"
    assert [c.id for c in gh.issue_comments[7]] == [comment.id]  # edited in place
    assert set(gh.issue_labels[7]) == {"commons ✓"}


def test_an_unregistered_author_blocks_only_when_the_policy_says_so(gh: MemoryGitHub, policy: Path) -> None:
    yaml = (policy / "commons.yaml").read_text(encoding="utf-8")
    (policy / "commons.yaml").write_text(yaml.replace("unregistered_author: inform", "unregistered_author: block"),
                                         encoding="utf-8")
    config = load_config(policy)
    assert config.settings.partners.unregistered_author == "block"
    stranger = PullReport(7, HEAD, BASE, "mallory", ())
    assert pr_check.conclusion(stranger, config) == "failure"
    maintainer = PullReport(7, HEAD, BASE, "simplon", (), maintainer=True)
    assert pr_check.conclusion(maintainer, config) == "success"


def test_a_late_delivery_for_an_old_head_is_ignored(gh: MemoryGitHub, policy: Path) -> None:
    gh.pulls[7] = _pull(head="e" * 40)
    bot = _bot(gh, policy)
    out = pr_check.check_pull(bot, UPSTREAM, _pull(head=HEAD))
    assert out.status == "ignored" and not gh.runs
    assert bot.workspace.leased == []  # type: ignore[attr-defined]


def test_recheck_needs_the_author_or_a_writer(gh: MemoryGitHub, policy: Path) -> None:
    gh.pulls[7] = _pull(state="closed")
    bot = _bot(gh, policy)

    def comment(login: str, kind: str = "User") -> IssueCommentEvent:
        return IssueCommentEvent("issue_comment", "created", Repository(UPSTREAM), User(login, kind), None, "d",
                                 number=7, on_pull=True, comment_id=1, body="/commons recheck",
                                 author=User(login, kind), issue_author=User("awadiallo"))

    assert recheck.handle_comment(bot, comment("mallory")).detail.startswith("mallory is neither")
    assert recheck.handle_comment(bot, comment("helper[bot]", "Bot")).detail == "a bot's comment"
    gh.permissions["simplon"] = "admin"
    assert recheck.handle_comment(bot, comment("simplon")).detail == "closed"


def test_the_ledger_record_retries_a_conflict_and_is_idempotent(gh: MemoryGitHub, policy: Path) -> None:
    pull = _pull(merged=True, state="closed")
    gh.files[7] = [FileChange(RESOURCE, "modified", 4, 1)]
    gh.conflicts_to_inject = 1
    bot = _bot(gh, policy)
    out = ledger_writer.record(bot, Repository(UPSTREAM), pull)
    assert out.status == "done" and out.data["conflicts"] == 1
    assert bot.workspace.leased == ["c" * 40 + "^1"]  # type: ignore[attr-defined]
    text = gh.contents[("ledger", "ledger/contributions.jsonl")]
    record = json.loads(text.splitlines()[0])
    assert record["partners"] == ["fabrique-roubaix"] and record["pr"] == 7
    again = ledger_writer.record(bot, Repository(UPSTREAM), pull)
    assert again.status == "ignored" and gh.contents[("ledger", "ledger/contributions.jsonl")] == text


def test_only_approvals_from_writers_are_credited(gh: MemoryGitHub, policy: Path) -> None:
    pull = _pull(merged=True, state="closed")
    gh.files[7] = [FileChange(RESOURCE, "modified", 4, 1)]
    gh.approvers[7] = ["simplon", "mallory", "awadiallo"]  # the author's own approval never counts either
    gh.permissions["simplon"] = "maintain"
    bot = _bot(gh, policy)
    assert ledger_writer.record(bot, Repository(UPSTREAM), pull).status == "done"
    record = json.loads(gh.contents[("ledger", "ledger/contributions.jsonl")].splitlines()[0])
    assert [r["login"] for r in record["reviewers"]] == ["simplon"]
