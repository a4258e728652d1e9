# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The bot against GitHub's real behaviours, as the contract-checked fake GitHub plays them: a ledger
past 1 MB, rulesets, check runs of other Apps, labels, the API version, rate limits, second pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from open_commons.errors import GitHubError
from open_commons.github import events, router
from open_commons.github.client import API_VERSION, PyGithubClient, Retrying, RuleViolation, make_github
from open_commons.github.clone import CachedClone
from open_commons.github.context import Bot
from open_commons.model.ledger import GENESIS
from tests.bot.conftest import TODAY, UPSTREAM, World, adapt_pull, load_payload
from tests.bot.test_end_to_end import MARKER, NUMBER, _open_bad_pull, _push_fix

LEDGER = "ledger/contributions.jsonl"
NAME = "Open Commons"


def _client(world: World, token: str = "t", app_id: int | None = None, **retry: Any) -> PyGithubClient:
    return PyGithubClient(make_github(token, world.fake.url), Retrying(sleep=world.sleeps.append, **retry),
                          app_id=app_id)


def _bot(world: World, token: str = "t", app_id: int | None = None) -> Bot:
    workspace = CachedClone(world.tmp / f"clones-{token}", token, url_for=world.url_for)
    return Bot(_client(world, token, app_id), workspace, clock=lambda: TODAY, details={"check_name": NAME})


def _opened(world: World) -> Any:
    return events.parse("pull_request", adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, NUMBER))


def _synchronized(world: World) -> Any:
    payload = load_payload("octokit-webhooks__pull_request.synchronize.payload.json")
    return events.parse("pull_request", adapt_pull(payload, world.fake, NUMBER))


def _merged(world: World) -> Any:
    return events.parse("pull_request", adapt_pull(load_payload("pull_request.closed.merged.json"), world.fake, NUMBER))


def _big_ledger(min_bytes: int) -> str:
    """A valid hash-chained ledger of at least ``min_bytes`` (records of made-up merged PRs)."""
    from open_commons.identity import Registry
    from open_commons.ledger import build_record, line_of
    from open_commons.model.ledger import FileChange
    from open_commons.model.ledger import PullRequest as LedgerPR

    registry, prev, seq, size, lines = Registry([]), GENESIS, 1, 0, []
    while size < min_bytes:
        files = tuple(FileChange(f"content/sourcing/fiche-{seq}-{k}.md", "modified", 3, 1) for k in range(4))
        pr = LedgerPR(number=1000 + seq, merge_sha=f"{seq:040x}", merged_at="2026-01-01T00:00:00Z",
                      author="someone", files=files)
        record = build_record(pr, registry, prev=prev, seq=seq)
        line = line_of(record)
        lines.append(line)
        size += len(line.encode())
        prev, seq = record["hash"], seq + 1
    return "".join(lines)


# ----------------------------------------------------------------------------- the ledger past 1 MB


def test_a_five_megabyte_ledger_is_read_and_appended_through_the_api(world: World) -> None:
    big = _big_ledger(5 * 1024 * 1024)
    world.upstream.commit_files("ledger", {LEDGER: big}, "A long ledger", parent=world.upstream.branch_sha("main"))
    _open_bad_pull(world)
    world.merge(NUMBER)

    out = router.dispatch(world.bot(), _merged(world))

    assert [o.status for o in out] == ["ignored", "done"], out
    text = world.upstream.read_file("ledger", LEDGER).decode()
    assert text.startswith(big) and text.count("\n") == big.count("\n") + 1
    last = json.loads(text.splitlines()[-1])
    assert last["pr"] == NUMBER and last["prev"] == json.loads(big.splitlines()[-1])["hash"]
    # read with the object media type (its sha), the bytes from the git blobs API; one write
    reads = world.fake.find_requests("GET", r"/contents/ledger/contributions\.jsonl$")
    assert reads and all(r.header("Accept") == "application/vnd.github.object+json" for r in reads)
    assert world.fake.find_requests("GET", r"/git/blobs/[0-9a-f]+$")
    assert len(world.fake.find_requests("PUT", r"/contents/ledger/contributions\.jsonl$")) == 1


def test_the_port_reads_small_and_large_files_and_tells_folders(world: World) -> None:
    port = _client(world)
    small = port.read_file(UPSTREAM, "README.md", "main")
    assert small is not None and small.text == "# Commons\n"
    assert port.read_file(UPSTREAM, "nothing.md", "main") is None
    with pytest.raises(GitHubError, match="is a dir"):
        port.read_file(UPSTREAM, "partners", "main")
    big = "é" * (700 * 1024) + "\n"  # 1.4 MB of UTF-8
    world.upstream.commit_files("main", {"big.md": big}, "big")
    found = port.read_file(UPSTREAM, "big.md", "main")
    assert found is not None and found.text == big
    assert found.sha == world.fake.git(UPSTREAM).hash_blob(big.encode())


# ----------------------------------------------------------------------------- rulesets


def test_a_ruleset_on_the_ledger_branch_is_reported_with_what_to_change(world: World) -> None:
    world.fake.protect(UPSTREAM, "ledger", rules=("pull_request",))
    _open_bad_pull(world)
    world.merge(NUMBER)

    out = router.dispatch(world.bot(), _merged(world))

    ledger = out[1]
    assert ledger.handler == "ledger" and ledger.status == "error"
    assert ledger.detail.startswith("RuleViolation: PUT contents")
    assert "Repository rule violations found" in ledger.detail and "bypass list" in ledger.detail
    assert "ledger.branch" in ledger.detail
    assert len(world.fake.find_requests("PUT", r"/contents/")) == 1  # no retry: it cannot help
    assert world.sleeps == []


def test_create_branch_tells_an_existing_ref_from_a_refusal(world: World) -> None:
    port = _client(world)
    main = world.upstream.branch_sha("main")
    assert main is not None
    port.create_branch(UPSTREAM, "main", main)  # "Reference already exists": someone made it, fine
    world.fake.protect(UPSTREAM, "ledger*", rules=("creation",))
    with pytest.raises(RuleViolation, match="creations being restricted"):
        port.create_branch(UPSTREAM, "ledger", main)
    with pytest.raises(GitHubError, match="Object does not exist") as err:
        port.create_branch(UPSTREAM, "other", "f" * 40)
    assert not isinstance(err.value, RuleViolation)
    assert world.upstream.branch_sha("ledger") is None and world.upstream.branch_sha("other") is None


# ----------------------------------------------------------------------------- Apps and check runs


def _install(world: World, app_id: int, slug: str, token: str, permissions: dict[str, str] | None = None) -> None:
    world.fake.add_app(app_id, slug=slug, owner="simplon")
    world.fake.add_installation(app_id * 10, account="simplon", app_id=app_id, permissions=permissions)
    world.fake.add_token(token, f"{slug}[bot]", kind="installation", installation_id=app_id * 10)


def test_the_bot_ignores_the_check_runs_of_another_app(world: World) -> None:
    _install(world, 1, "open-commons", "ours")
    _install(world, 2, "other-ci", "theirs")
    head = _open_bad_pull(world)
    other = make_github("theirs", world.fake.url).get_repo(UPSTREAM).create_check_run(
        name=NAME, head_sha=head, status="in_progress")

    out = router.dispatch(_bot(world, "ours", app_id=1), _opened(world))

    assert out[0].status == "done", out
    runs = {r["id"]: r for r in world.fake.check_runs(UPSTREAM, head_sha=head, name=NAME)}
    assert runs[other.id]["status"] == "in_progress"  # untouched (GitHub would answer 403)
    mine = [r for r in runs.values() if r["app"]["id"] == 1]
    assert len(mine) == 1 and mine[0]["conclusion"] == "failure"
    listing = world.fake.find_requests("GET", r"/commits/[0-9a-f]+/check-runs$")
    assert listing and all(r.param("app_id") == "1" for r in listing)


def test_every_request_carries_the_api_version(world: World) -> None:
    _install(world, 1, "open-commons", "ours")
    _open_bad_pull(world)
    router.dispatch(_bot(world, "ours", app_id=1), _opened(world))
    assert world.fake.requests
    assert {r.header("X-GitHub-Api-Version") for r in world.fake.requests} == {API_VERSION}


def test_an_installation_without_write_permissions_is_refused_clearly(world: World) -> None:
    _install(world, 3, "reader", "reader", permissions={"metadata": "read", "pull_requests": "read",
                                                          "contents": "read", "checks": "read"})
    _open_bad_pull(world)
    out = router.dispatch(_bot(world, "reader", app_id=3), _opened(world))
    assert out[0].status == "error" and out[0].detail.startswith("Forbidden: POST check-run")
    assert "Resource not accessible by integration" in out[0].detail
    assert world.fake.check_runs(UPSTREAM) == [] and world.fake.comments(UPSTREAM, NUMBER) == []


# ----------------------------------------------------------------------------- labels


def test_ensure_label_checks_and_creates_for_real(world: World) -> None:
    port = _client(world)
    world.fake.reset_requests()
    port.ensure_label(UPSTREAM, "commons ✓", "0e8a16")
    assert [(r.method, r.status) for r in world.fake.requests] == [("GET", 404), ("POST", 201)]
    assert world.fake.labels(UPSTREAM) == ["commons ✓"]
    world.fake.reset_requests()
    port.ensure_label(UPSTREAM, "commons ✓", "0e8a16")
    assert [(r.method, r.status) for r in world.fake.requests] == [("GET", 200)]


# ----------------------------------------------------------------------------- rate limits and 5xx


def test_repeated_secondary_limits_wait_longer_each_time(world: World) -> None:
    port = _client(world)
    world.fake.add_issue(UPSTREAM, 2)
    world.fake.inject("GET", r"/issues/2/labels$", rate_limit="secondary", times=3, headers={"Retry-After": "5"})
    assert port.labels(UPSTREAM, 2) == []
    assert world.sleeps == [5.0, 10.0, 20.0]

    world.sleeps.clear()
    body = {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            "documentation_url": "https://docs.github.com/rest"}
    world.fake.inject("GET", r"/issues/2/labels$", 403, times=2, body=body)  # no Retry-After: a minute, then more
    assert port.labels(UPSTREAM, 2) == []
    assert world.sleeps == [60.0, 120.0]


def test_a_5xx_retry_after_is_capped(world: World) -> None:
    port = _client(world, max_wait=30.0)
    world.fake.add_issue(UPSTREAM, 2)
    world.fake.inject("GET", r"/issues/2/labels$", 503, times=2, headers={"Retry-After": "86400"})
    assert port.labels(UPSTREAM, 2) == []
    assert world.sleeps == [30.0, 30.0]


# ----------------------------------------------------------------------------- second pages


def test_the_sticky_comment_and_the_check_run_are_found_on_a_second_page(world: World) -> None:
    _open_bad_pull(world)
    for i in range(100):
        world.fake.add_comment(UPSTREAM, NUMBER, f"discussion {i}", user="simplon")
    out = router.dispatch(world.bot(), _opened(world))
    assert out[0].status == "done", out
    ours = [c for c in world.fake.comments(UPSTREAM, NUMBER) if MARKER in c["body"]]
    assert len(ours) == 1  # the 101st comment: on page 2 of 100

    good = _push_fix(world)
    # an earlier attempt left an in-progress run; 100 newer completed ones push it to page 2
    repo = make_github("t", world.fake.url).get_repo(UPSTREAM)
    half_done = repo.create_check_run(name=NAME, head_sha=good, status="in_progress")
    for _ in range(100):
        repo.create_check_run(name=NAME, head_sha=good, conclusion="neutral")
    world.fake.reset_requests()

    out = router.dispatch(world.bot(), _synchronized(world))

    assert out[0].status == "done" and out[0].data["comment"] == "edited", out
    assert out[0].data["check_run"] == half_done.id
    assert world.fake.find_requests("POST", r"/check-runs$") == []
    assert len(world.fake.comments(UPSTREAM, NUMBER)) == 101
    pages = [r.param("page") for r in world.fake.find_requests("GET", rf"/issues/{NUMBER}/comments$")]
    assert "2" in pages
    runs_pages = [r.param("page") for r in world.fake.find_requests("GET", r"/check-runs$")]
    assert "2" in runs_pages


def test_the_cli_gives_the_app_id_to_the_port(tmp_path: Any) -> None:
    """``commons bot handle|serve --app-id``: the port acting for the App knows it (and filters by it)."""
    from open_commons.cli.bot import _token_bot

    assert _token_bot("token", tmp_path, None, NAME, 4242).port.app_id == 4242
    assert _token_bot("token", tmp_path, None, NAME).port.app_id is None  # a GITHUB_TOKEN: learnt on creation


def test_a_workflow_token_learns_its_app_from_the_first_run_it_creates(world: World) -> None:
    """GITHUB_TOKEN acts for the github-actions App: once the port has made a run, it knows that App and
    leaves another App's runs alone (before, nothing tells it which App it is)."""
    world.fake.add_app(15368, slug="github-actions", owner="simplon")
    world.fake.add_token("workflow", "github-actions[bot]", permissions={
        "checks": "write", "contents": "write", "issues": "write", "pull_requests": "write", "metadata": "read"},
        app_id=15368)
    _install(world, 2, "other-ci", "theirs")
    _open_bad_pull(world)
    bot = _bot(world, "workflow")
    assert router.dispatch(bot, _opened(world))[0].status == "done"
    assert bot.port.app_id == 15368

    good = _push_fix(world)
    other = make_github("theirs", world.fake.url).get_repo(UPSTREAM).create_check_run(
        name=NAME, head_sha=good, status="in_progress")
    out = router.dispatch(bot, _synchronized(world))
    assert out[0].status == "done" and out[0].data["check_run"] != other.id, out
    assert world.fake.check_runs(UPSTREAM, head_sha=good, name=NAME)[0]["status"] == "in_progress"
