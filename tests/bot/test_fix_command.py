# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`/commons fix` in a pull request comment: the App commits what `commons fix` writes to the PR's
branch — on a fork only when the PR allows edits by maintainers, as GitHub itself decides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from open_commons.app.workspace import today_utc
from open_commons.github import events, router
from tests.bot.conftest import AWA_IDENT, FORK, RESOURCE, UPSTREAM, World, adapt_pull, load_payload, resource
from tests.bot.test_suggestions import BRANCH, NUMBER, TITLE, _commons_fix
from tests.github_fake import Ident

SILENT = resource() + "\n## Variante à distance\n\nEn visioconférence, par groupes de dix.\n"


def _open(world: World, *, allow: bool) -> str:
    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T10:00:00+00:00")
    sha = world.fork.commit_files(BRANCH, {RESOURCE: SILENT}, TITLE, author=at, parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, NUMBER, head_ref=BRANCH, head_repo=FORK, user="awadiallo", title=TITLE,
                        maintainer_can_modify=allow, extra={"author_association": "CONTRIBUTOR"})
    return sha


def _comment(world: World, login: str, body: str = "/commons fix", kind: str = "User") -> list[Any]:
    p = load_payload("issue_comment.created.on_pr.json")
    p["repository"].update(full_name=UPSTREAM, clone_url=f"{world.fake.html_base}/{UPSTREAM}.git")
    p["issue"]["number"] = NUMBER
    p["issue"]["user"]["login"] = "awadiallo"
    p["comment"]["user"].update(login=login, type=kind)
    p["sender"].update(login=login, type=kind)
    p["comment"]["body"] = body
    bot = world.bot()
    bot.clock = today_utc
    bot.details["app"] = True
    out = router.dispatch(bot, events.parse("issue_comment", json.loads(json.dumps(p))))
    return [o for o in out if o.handler == "fix"]


def _replies(world: World) -> list[str]:
    return [c["body"] for c in world.fake.comments(UPSTREAM, NUMBER) if "open-commons:fix" in c["body"]]


def test_the_author_asks_and_the_branch_gets_exactly_what_commons_fix_writes(world: World, tmp_path: Path) -> None:
    head = _open(world, allow=True)
    expected = _commons_fix(world, tmp_path)  # what the partner would get on a laptop
    (out,) = _comment(world, "awadiallo")
    assert out.status == "done" and out.data["committed"] == [RESOURCE], out
    tip = world.fork.branch_sha(BRANCH)
    assert tip != head and world.fork.run("rev-parse", f"{tip}^").decode().strip() == head
    fixed = world.fork.read_file(BRANCH, RESOURCE)
    assert fixed is not None and fixed.decode() == expected
    (reply,) = _replies(world)
    assert "commons fix" in reply and f"`{RESOURCE}`" in reply and f"`{BRANCH}`" in reply
    # the new head is checked again: green
    payload = adapt_pull(load_payload("octokit-webhooks__pull_request.synchronize.payload.json"), world.fake, NUMBER)
    bot = world.bot()
    bot.clock = today_utc
    router.dispatch(bot, events.parse("pull_request", json.loads(json.dumps(payload))))
    runs = world.fake.check_runs(UPSTREAM, head_sha=tip, name="Open Commons")
    assert [r["conclusion"] for r in runs] == ["success"], world.fake.annotations(UPSTREAM, runs[-1]["id"])
    # asked again: nothing left to fix, nothing committed
    (again,) = _comment(world, "simplon")
    assert again.detail == "nothing to fix" and world.fork.branch_sha(BRANCH) == tip


def test_without_edits_by_maintainers_it_says_how_to_allow_them(world: World) -> None:
    head = _open(world, allow=False)
    (out,) = _comment(world, "awadiallo")
    assert out.detail == "edits by maintainers not allowed"
    assert world.fork.branch_sha(BRANCH) == head
    (reply,) = _replies(world)
    assert "Allow edits by maintainers" in reply and "/commons fix" in reply


@pytest.mark.parametrize(("login", "kind", "body", "detail"), [
    ("stranger", "User", "/commons fix", "stranger is neither the author nor a maintainer"),
    ("renovate[bot]", "Bot", "/commons fix", "a bot's comment"),
    ("awadiallo", "User", "please /commons fix this", "no command"),
])
def test_only_the_author_or_a_maintainer_and_never_a_bot(world: World, login: str, kind: str, body: str,
                                                         detail: str) -> None:
    head = _open(world, allow=True)
    (out,) = _comment(world, login, body, kind)
    assert (out.status, out.detail) == ("ignored", detail)
    assert world.fork.branch_sha(BRANCH) == head and _replies(world) == []


def test_github_refuses_a_commit_on_a_fork_branch_that_does_not_allow_it(world: World) -> None:
    """The fake's rule, through the API: the same request succeeds once the PR allows edits."""
    _open(world, allow=False)
    gh = world.fake.client()
    fork = gh.get_repo(FORK)
    current = fork.get_contents(RESOURCE, ref=BRANCH)
    from github import GithubException

    with pytest.raises(GithubException) as err:
        fork.update_file(RESOURCE, "x", b"changed\n", current.sha, branch=BRANCH)
    assert err.value.status == 404
    world.fake.set_pull(UPSTREAM, NUMBER, maintainer_can_modify=True)
    fork.update_file(RESOURCE, "x", b"changed\n", current.sha, branch=BRANCH)
    with pytest.raises(GithubException):  # another branch of the fork stays closed
        fork.update_file(RESOURCE, "x", b"changed again\n", fork.get_contents(RESOURCE, ref="main").sha,
                         branch="main")
