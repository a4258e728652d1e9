# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""One click on GitHub: what `commons fix` would change, posted as suggested changes on the PR.

Applied as GitHub applies them (each commented range replaced by its block), the suggestions give
exactly the file `commons fix` writes on the same branch; where the lines are not in the diff the
review gives the complete corrected front-matter instead, and pasting it gives the same file."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from open_commons.app.suggest import Suggestion, apply
from open_commons.app.workspace import today_utc
from open_commons.github import events, router
from tests.bot.conftest import AWA_IDENT, FORK, RESOURCE, UPSTREAM, World, adapt_pull, load_payload, resource
from tests.github_fake import Ident

NUMBER = 9
BRANCH = "correction"
TITLE = "Précisions sur l'accueil"


def _open(world: World, text: str) -> str:
    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T10:00:00+00:00")
    sha = world.fork.commit_files(BRANCH, {RESOURCE: text}, TITLE, author=at, parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, NUMBER, head_ref=BRANCH, head_repo=FORK, user="awadiallo", title=TITLE,
                        extra={"author_association": "CONTRIBUTOR"})
    return sha


def _deliver(world: World) -> list[Any]:
    payload = adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, NUMBER)
    bot = world.bot()
    bot.clock = today_utc  # the day `commons fix` on this machine uses too
    return router.dispatch(bot, events.parse("pull_request", json.loads(json.dumps(payload))))


def _commons_fix(world: World, tmp: Path) -> str:
    """`commons fix` run by the partner on a clone of the PR branch: the reference."""
    clone = tmp / "partner"
    subprocess.run(["git", "clone", "-q", "-b", BRANCH, str(world.fork.path), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "remote", "add", "upstream", str(world.upstream.path)], check=True)
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "upstream"], check=True)
    for key, value in (("user.name", AWA_IDENT.name), ("user.email", AWA_IDENT.email)):
        subprocess.run(["git", "-C", str(clone), "config", key, value], check=True)
    done = subprocess.run(["commons", "fix", "--summary", TITLE], cwd=clone, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return (clone / RESOURCE).read_text(encoding="utf-8")


def _check(world: World, tmp: Path, text: str) -> subprocess.CompletedProcess[str]:
    """`commons check` on the branch with ``text`` committed as the resource."""
    clone = tmp / "applied"
    subprocess.run(["git", "clone", "-q", "-b", BRANCH, str(world.fork.path), str(clone)], check=True)
    (clone / RESOURCE).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", str(world.upstream.path), "main:upstream-main"],
                   check=True)
    return subprocess.run(["commons", "check", "--base", "upstream-main", "--lang", "en"], cwd=clone,
                          capture_output=True, text=True)


def _suggestions(world: World) -> list[Suggestion]:
    out = []
    for c in world.fake.pull_review_comments(UPSTREAM, NUMBER):
        block = re.search(r"^(`{3,})suggestion\n(.*?)\n\1$", c["body"], re.S | re.M)
        assert block, c["body"]
        start = c["start_line"] or c["line"]
        out.append(Suggestion(c["path"], start, c["line"], tuple(block.group(2).split("\n"))))
    return out


def _spdx(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("# SPDX-")]


def test_a_forgotten_version_is_one_click_and_gives_what_commons_fix_writes(world: World, tmp_path: Path) -> None:
    # the partner added a phase and recorded the change, but left the version at 1.0.0
    edited = resource(changed=True).replace("phases: [sourcing]", "phases: [sourcing, formation]").replace(
        "version: 1.1.0\nstatus", "version: 1.0.0\nstatus")
    head = _open(world, edited)
    out = _deliver(world)
    assert out[0].status == "done" and out[0].data["suggestions"] == "created", out
    (review,) = [r for r in world.fake.reviews(UPSTREAM, NUMBER) if r["user"]["login"] == "open-commons[bot]"]
    assert review["commit_id"] == head and review["state"] == "COMMENTED"
    assert "Commit suggestion" in review["body"] and "commons fix" in review["body"]
    suggestions = _suggestions(world)
    assert suggestions and all(s.path == RESOURCE for s in suggestions)
    applied = apply(edited, suggestions)
    assert applied == _commons_fix(world, tmp_path)
    assert "version: 1.1.0" in applied and _spdx(applied) == _spdx(edited)
    done = _check(world, tmp_path, applied)
    assert done.returncode == 0, done.stdout + done.stderr
    # the same head delivered again: no second review
    again = _deliver(world)
    assert again[0].data["suggestions"] == "unchanged"
    assert len(world.fake.reviews(UPSTREAM, NUMBER)) == 1


def test_a_silent_body_edit_gets_the_corrected_front_matter_to_paste(world: World, tmp_path: Path) -> None:
    edited = resource() + "\n## Variante à distance\n\nEn visioconférence, par groupes de dix.\n"
    _open(world, edited)
    out = _deliver(world)
    assert out[0].data["suggestions"] == "created", out
    (review,) = world.fake.reviews(UPSTREAM, NUMBER)
    assert world.fake.pull_review_comments(UPSTREAM, NUMBER) == []  # the front-matter is not in the diff
    body = review["body"]
    block = re.search(r"^(`{3,})yaml\n(.*?)\n\1$", body, re.S | re.M)
    assert block, body
    instruction = body[:block.start()]
    assert "remplacez le front-matter" in instruction.lower()
    assert "remplacez" not in block.group(2).lower()  # the instruction is outside the block
    lines = edited.splitlines(keepends=True)
    end = lines.index("---\n", 1)
    pasted = lines[0] + block.group(2) + "\n" + "".join(lines[end:])
    fixed = _commons_fix(world, tmp_path)
    assert pasted == fixed
    assert _spdx(pasted) == _spdx(edited)
    assert f"  - date: {today_utc()}\n    by: fabrique-roubaix\n    summary: Précisions sur l'accueil" in pasted
    done = _check(world, tmp_path, pasted)
    assert done.returncode == 0, done.stdout + done.stderr


def test_suggestions_can_be_turned_off(world: World) -> None:
    config = world.upstream.read_file("main", "commons.yaml")
    assert config is not None
    text = config.decode().replace("bot:\n", "bot:\n  suggestions: false\n", 1)
    assert "suggestions: false" in text
    world.upstream.commit_files("main", {"commons.yaml": text}, "No suggestions")
    subprocess.run(["git", "-C", str(world.fork.path), "fetch", "-q", str(world.upstream.path), "main:main"],
                   check=True, capture_output=True)
    _open(world, resource() + "\nUne ligne de plus.\n")
    out = _deliver(world)
    assert out[0].data["suggestions"] == "nothing"
    assert world.fake.reviews(UPSTREAM, NUMBER) == []
