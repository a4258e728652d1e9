# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write the bot makes fails once, in turn, on the fake GitHub (a 5xx, a timeout after
the write was applied, a 409, a 403 rate limit); the event is delivered again while it fails,
and once more; the end state (check runs, one comment, labels, one ledger record) is the state
of a run without faults."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from open_commons.github import events, router
from open_commons.github.client import PyGithubClient, Retrying, make_github
from open_commons.github.clone import CachedClone
from open_commons.github.context import Bot
from tests.bot.conftest import AWA_IDENT, FORK, RESOURCE, TODAY, UPSTREAM, World, adapt_pull, load_payload, resource
from tests.github_fake import Ident

NUMBER = 7
BRANCH = "variante-distance"
MARKER = "<!-- open-commons:report -->"
TIMEOUT = 1  # seconds: the client's timeout in these tests; a "timeout" fault answers after 1.6 s
WRITES = ("POST", "PATCH", "PUT", "DELETE")


def bot_of(world: World) -> Bot:
    client = PyGithubClient(make_github("t", world.fake.url, timeout=TIMEOUT),
                            Retrying(sleep=world.sleeps.append, base=1.0))
    return Bot(client, CachedClone(world.tmp / "clones", "t", url_for=world.url_for), clock=lambda: TODAY,
               details={"check_name": "Open Commons"})


def deliver(world: World, name: str, payload: dict[str, Any], log: list[str], duplicate: bool = False) -> None:
    """Deliver until no handler fails (GitHub's redelivery), at most 4 times; with ``duplicate``, once more."""
    for _ in range(4):
        outcomes = router.dispatch(bot_of(world), events.parse(name, json.loads(json.dumps(payload))))
        log.extend(f"{o.handler}:{o.status}" for o in outcomes)
        if all(o.status != "error" for o in outcomes):
            break
    else:
        pytest.fail(f"still failing after 4 deliveries: {log}")
    if duplicate:
        router.dispatch(bot_of(world), events.parse(name, json.loads(json.dumps(payload))))


def scenario(world: World, duplicate: bool = False) -> dict[str, Any]:
    """Open a PR with a problem, push the fix, merge; return the end state, normalised."""
    log: list[str] = []
    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T10:00:00+00:00")
    bad = world.fork.commit_files(BRANCH, {RESOURCE: resource(author_e2c=False, changed=True)},
                                  "Variante à distance", author=at, parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, NUMBER, head_ref=BRANCH, head_repo=FORK, user="awadiallo",
                        title="Variante à distance", extra={"author_association": "CONTRIBUTOR"})
    deliver(world, "pull_request", adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, NUMBER), log, duplicate)
    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T11:00:00+00:00")
    good = world.fork.commit_files(BRANCH, {RESOURCE: resource(author_e2c=True, changed=True)},
                                   "Auteur E2C Marseille remis", author=at)
    deliver(world, "pull_request",
            adapt_pull(load_payload("octokit-webhooks__pull_request.synchronize.payload.json"), world.fake, NUMBER), log, duplicate)
    world.merge(NUMBER)
    deliver(world, "pull_request", adapt_pull(load_payload("pull_request.closed.merged.json"), world.fake, NUMBER), log, duplicate)
    fake = world.fake
    ledger = world.upstream.read_file("ledger", "ledger/contributions.jsonl")
    records = [json.loads(line) for line in (ledger or b"").decode().splitlines()]
    for r in records:
        r.pop("merged_at"), r.pop("hash"), r.pop("merge_sha"), r.pop("prev")
    ours = [c for c in fake.comments(UPSTREAM, NUMBER) if MARKER in c["body"]]
    # GitHub shows (and branch protection reads) the latest run of a name on a commit; a run left
    # in progress would block the pull request for ever
    runs = {sha: sorted(fake.check_runs(UPSTREAM, head_sha=sha, name="Open Commons"), key=lambda r: r["id"])
            for sha in (bad, good)}
    latest = [(r[-1]["status"], r[-1]["conclusion"], r[-1]["output"]["title"]) for r in runs.values()]
    in_progress = [r["id"] for rs in runs.values() for r in rs if r["status"] != "completed"]
    return {
        "check_runs": latest,
        "runs_in_progress": in_progress,
        "comments": len(fake.comments(UPSTREAM, NUMBER)),
        "sticky": [c["body"] for c in ours],
        "labels": sorted(fake.issue_labels(UPSTREAM, NUMBER)),
        "records": records,
        "log": log,
    }


def _pattern(path: str) -> str:
    """A request path as a pattern: numbers and shas become wildcards."""
    path = path.split("?", 1)[0]
    path = re.sub(r"/[0-9a-f]{40}", "/[0-9a-f]{40}", path)
    return "^" + re.sub(r"/\d+(?=/|$)", r"/\\d+", re.escape(path).replace(r"\[0\-9a\-f\]\{40\}", "[0-9a-f]{40}")) + "$"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The end state without faults, and every kind of write the bot made to get there."""
    from tests.bot.conftest import build_world
    from tests.github_fake import FakeGitHub

    with FakeGitHub() as fake:
        state = scenario(build_world(fake, tmp_path_factory.mktemp("clean")))
        writes = sorted({(r.method, _pattern(r.path)) for r in fake.requests if r.method in WRITES})
    return state, writes


# The writes the scenario makes (checked against the clean run below, so that a new kind of
# write is noticed): check runs, the sticky comment, labels, the ledger branch and file.
WRITE_KINDS = [
    ("POST", r"/check-runs$"),
    ("PATCH", r"/check-runs/\d+$"),
    ("POST", r"/issues/\d+/comments$"),
    ("PATCH", r"/issues/comments/\d+$"),
    ("POST", r"/labels$"),
    ("POST", r"/issues/\d+/labels$"),
    ("DELETE", r"/issues/\d+/labels/[^/]+$"),
    ("POST", r"/git/refs$"),
    ("PUT", r"/contents/ledger/contributions\.jsonl$"),
]
FAULTS = {
    "502": {"status": 502},
    "timeout": {"status": None, "delay_after": TIMEOUT + 0.5},  # applied at once, answered too late
    "409": {"status": 409, "body": {"message": "Conflict", "documentation_url": ""}},
    "403-rate-limit": {"status": 403, "rate_limit": "primary", "headers": {"Retry-After": "3"}},
}


def test_the_write_kinds_are_every_write_the_bot_makes(clean: tuple[dict[str, Any], list[tuple[str, str]]]) -> None:
    _state, writes = clean
    for method, pattern in writes:
        path = pattern.strip("^$").replace("\\", "")
        assert any(m == method and re.search(p, pattern.replace("\\d+", "1").replace("\\", "").strip("^$"))
                   for m, p in WRITE_KINDS), (method, path)
    assert len(WRITE_KINDS) >= len({m for m, _ in writes})


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize(("method", "path"), WRITE_KINDS, ids=[f"{m} {p}" for m, p in WRITE_KINDS])
def test_a_failing_write_ends_in_the_clean_state(world: World, clean: tuple[dict[str, Any], list[tuple[str, str]]],
                                                 method: str, path: str, fault: str) -> None:
    injected = world.fake.inject(method, path, times=1, **FAULTS[fault])
    state = scenario(world)
    expected, _writes = clean
    assert injected.served == 1, "the fault was never triggered: the write kind is not made"
    log = state.pop("log")
    clean_state = {k: v for k, v in expected.items() if k != "log"}
    assert state == clean_state, log
    assert state["comments"] == 1 and len(state["records"]) == 1


def test_duplicated_deliveries_have_one_effect(world: World, clean: tuple[dict[str, Any], list[tuple[str, str]]]) -> None:
    state = scenario(world, duplicate=True)
    state.pop("log")
    assert state == {k: v for k, v in clean[0].items() if k != "log"}
