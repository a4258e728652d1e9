# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The issue's "Done when": a fork PR through the bot, with and without injected faults."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from open_commons.github import events, router
from tests.bot.conftest import (
    AWA_IDENT,
    FORK,
    RESOURCE,
    UPSTREAM,
    World,
    adapt_pull,
    load_payload,
    resource,
)
from tests.github_fake import Ident

NUMBER = 7
BRANCH = "variante-distance"
MARKER = "<!-- open-commons:report -->"


def _deliver(world: World, name: str, payload: dict[str, Any]) -> list[Any]:
    return router.dispatch(world.bot(), events.parse(name, json.loads(json.dumps(payload))))


def _open_bad_pull(world: World) -> str:
    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T10:00:00+00:00")
    sha = world.fork.commit_files(BRANCH, {RESOURCE: resource(author_e2c=False, changed=True)},
                                  "Variante à distance", author=at, parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, NUMBER, head_ref=BRANCH, head_repo=FORK, user="awadiallo",
                        title="Variante à distance", extra={"author_association": "CONTRIBUTOR"})
    return sha


def _push_fix(world: World) -> str:
    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T11:00:00+00:00")
    return world.fork.commit_files(BRANCH, {RESOURCE: resource(author_e2c=True, changed=True)},
                                   "Auteur E2C Marseille remis", author=at)


def _ledger(world: World) -> str | None:
    data = world.upstream.read_file("ledger", "ledger/contributions.jsonl")
    return data.decode() if data is not None else None


def _comments(world: World) -> list[dict[str, Any]]:
    return [c for c in world.fake.comments(UPSTREAM, NUMBER) if MARKER in c["body"]]


def _scenario(world: World) -> dict[str, Any]:
    """Run the whole story; return the observable end state, normalised for comparison."""
    bad = _open_bad_pull(world)
    out = _deliver(world, "pull_request", adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, NUMBER))
    assert [o.status for o in out] == ["done", "ignored"], out
    first_comment = _comments(world)
    state: dict[str, Any] = {"bad": bad, "first": first_comment}
    state["bad_runs"] = world.fake.check_runs(UPSTREAM, head_sha=bad, name="Open Commons")
    state["bad_annotations"] = world.fake.annotations(UPSTREAM, state["bad_runs"][-1]["id"])
    state["bad_labels"] = world.fake.issue_labels(UPSTREAM, NUMBER)

    good = _push_fix(world)
    out = _deliver(world, "pull_request",
                   adapt_pull(load_payload("octokit-webhooks__pull_request.synchronize.payload.json"), world.fake, NUMBER))
    assert out[0].status == "done", out
    state["good"] = good
    state["good_runs"] = world.fake.check_runs(UPSTREAM, head_sha=good, name="Open Commons")
    state["second"] = _comments(world)
    state["good_labels"] = world.fake.issue_labels(UPSTREAM, NUMBER)

    world.merge(NUMBER)
    merged = adapt_pull(load_payload("pull_request.closed.merged.json"), world.fake, NUMBER)
    out = _deliver(world, "pull_request", merged)
    assert [o.handler for o in out] == ["pr_check", "ledger"] and out[1].status == "done", out
    state["ledger"] = _ledger(world)
    ledger_tip = world.upstream.branch_sha("ledger")
    again = _deliver(world, "pull_request", merged)
    assert again[1].status == "ignored", again
    state["ledger_again"] = _ledger(world)
    state["ledger_tip_moved"] = world.upstream.branch_sha("ledger") != ledger_tip
    state["comments_total"] = len(world.fake.comments(UPSTREAM, NUMBER))
    return state


def _normal(state: dict[str, Any]) -> dict[str, Any]:
    records = [json.loads(line) for line in (state["ledger"] or "").splitlines()]
    for r in records:
        r.pop("merged_at"), r.pop("hash")
    return {
        "bad_conclusions": [r["conclusion"] for r in state["bad_runs"]],
        "bad_annotations": [(a["path"], a["start_line"], a["annotation_level"], a["title"]) for a in state["bad_annotations"]],
        "bad_labels": sorted(state["bad_labels"]),
        "good_conclusions": [r["conclusion"] for r in state["good_runs"]],
        "comments": (len(state["first"]), len(state["second"]), state["comments_total"]),
        "comment_ids": (state["first"][0]["id"] == state["second"][0]["id"]),
        "final_comment": state["second"][0]["body"],
        "good_labels": sorted(state["good_labels"]),
        "records": records,
        "ledger_again_same": state["ledger_again"] == state["ledger"],
        "ledger_tip_moved": state["ledger_tip_moved"],
    }


def test_fork_pull_request_from_failure_to_ledger_and_audit(world: World, tmp_path: Path) -> None:
    state = _scenario(world)

    # a fork PR removing an author: failure, annotation on the authors: line, French comment
    assert [r["conclusion"] for r in state["bad_runs"]] == ["failure"]
    notes = state["bad_annotations"]
    assert [(a["path"], a["start_line"], a["annotation_level"], a["title"]) for a in notes] == [
        (RESOURCE, 15, "failure", "ATT003")]
    assert "E2C Marseille" in notes[0]["message"]
    first = state["first"]
    assert len(first) == 1
    body = first[0]["body"]
    assert "problème(s) à corriger" in body and "E2C Marseille" in body and "ATT003" in body
    assert "- name: E2C Marseille" in body  # the exact lines to add back
    assert "fabrique-roubaix" in body
    assert first[0]["user"]["login"] == "open-commons[bot]"
    assert "attribution manquante" in state["bad_labels"] and "commons ✓" not in state["bad_labels"]

    # the fix: green, the same comment edited, labels switched
    assert [r["conclusion"] for r in state["good_runs"]] == ["success"]
    assert len(state["second"]) == 1 and state["second"][0]["id"] == first[0]["id"]
    assert "tout va bien" in state["second"][0]["body"].lower() and "ATT003" not in state["second"][0]["body"]
    assert state["comments_total"] == 1
    assert "commons ✓" in state["good_labels"] and "attribution manquante" not in state["good_labels"]

    # the merge: exactly one record on the ledger branch; the redelivery adds nothing
    lines = state["ledger"].splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["pr"] == NUMBER and record["partners"] == ["fabrique-roubaix"]
    assert record["author"] == {"login": "awadiallo", "partner": "fabrique-roubaix"}
    assert [r["path"] for r in record["resources"]] == [RESOURCE]
    assert state["ledger_again"] == state["ledger"] and not state["ledger_tip_moved"]
    assert world.upstream.read_file("main", "ledger/contributions.jsonl") is None  # main untouched

    # commons audit, on a checkout of the ledger branch, shows the partner
    checkout = tmp_path / "audit"
    subprocess.run(["git", "clone", "-q", "-b", "ledger", str(world.upstream.path), str(checkout)], check=True)
    audit = subprocess.run(["commons", "audit", "--format", "json", "--source", "ledger"],
                           cwd=checkout, capture_output=True, text=True)
    assert audit.returncode == 0, audit.stderr
    report = json.loads(audit.stdout)
    rows = {p["id"]: p for p in report["partners"]}
    assert rows["fabrique-roubaix"]["merged_prs"] == 1
    assert report["contributions"] == 1 and report["affiliated_contributions"] == 1


def test_injected_faults_end_in_the_same_state(world: World, tmp_path_factory: pytest.TempPathFactory) -> None:
    fake = world.fake
    fake.inject("GET", rf"/pulls/{NUMBER}/files$", 502)  # one 5xx
    retry_after = fake.inject("POST", rf"/issues/{NUMBER}/comments$", 403, headers={"Retry-After": "7"})  # a limit
    conflict = fake.inject("PUT", r"/contents/ledger/contributions\.jsonl$", 409,
                           body={"message": "ledger/contributions.jsonl does not match", "documentation_url": ""})
    faulty = _normal(_scenario(world))
    assert fake.faults_served == 3 and retry_after.served == 1 and conflict.served == 1
    assert 7.0 in world.sleeps  # Retry-After honoured (through the injected sleep: no real wait)
    assert len(fake.find_requests("PUT", r"/contents/ledger/")) == 2  # the 409, then the write after re-reading

    # the same story on a fresh world, without faults
    from tests.bot.conftest import build_world
    from tests.github_fake import FakeGitHub

    with FakeGitHub() as clean_fake:
        clean = _normal(_scenario(build_world(clean_fake, tmp_path_factory.mktemp("clean"))))
    assert world.sleeps and faulty == clean
