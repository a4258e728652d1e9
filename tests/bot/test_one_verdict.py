# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""One verdict, computed where it can be trusted — every entry point run as a process.

A partner's clone, the two GitHub Actions jobs (``commons bot report`` without a token,
``commons bot publish`` with one, in the base repository) and the merge job (``commons bot
handle``) run the real ``commons`` command against the local GitHub server, on real git
repositories, with real (derived) event payloads.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from open_commons.github import events, router
from tests.bot.conftest import (
    FORK,
    RESOURCE,
    UPSTREAM,
    World,
    adapt_pull,
    base_files,
    load_payload,
    resource,
)

pytestmark = pytest.mark.slow
AUTHOR_ENV = {"GIT_AUTHOR_NAME": "Awa Diallo", "GIT_AUTHOR_EMAIL": "awadiallo@users.noreply.github.com",
              "GIT_COMMITTER_NAME": "Awa Diallo", "GIT_COMMITTER_EMAIL": "awadiallo@users.noreply.github.com",
              "GIT_AUTHOR_DATE": "2026-09-30T10:00:00+00:00", "GIT_COMMITTER_DATE": "2026-09-30T10:00:00+00:00"}


def git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    proc = subprocess.run(["git", *args], cwd=cwd, env={**env, **AUTHOR_ENV}, capture_output=True, check=True)
    return proc.stdout.decode().strip()


def cli(world: World, cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "OPEN_COMMONS_"))}
    base.update({"GITHUB_API_URL": world.fake.url, "GITHUB_TOKEN": "t"}, **(env or {}))
    return subprocess.run([sys.executable, "-m", "open_commons", *args], cwd=cwd, env=base, capture_output=True,
                          text=True, timeout=300, check=False)


def partner_clone(world: World, tmp: Path) -> Path:
    """A partner's clone of their fork, with the commons as ``upstream`` (as CONTRIBUTING says)."""
    clone = tmp / "partner"
    git(tmp, "clone", "-q", str(world.fork.path), str(clone))
    git(clone, "remote", "add", "upstream", str(world.upstream.path))
    git(clone, "fetch", "-q", "upstream")
    return clone


def open_pull(world: World, clone: Path, branch: str, text: str, number: int) -> str:
    """Commit ``text`` as the resource on a new branch, push it to the fork, open PR ``number``."""
    git(clone, "checkout", "-q", "-b", branch, "upstream/main")
    (clone / RESOURCE).write_text(text, encoding="utf-8")
    git(clone, "commit", "-q", "-am", f"{branch}: variante à distance")
    head = git(clone, "rev-parse", "HEAD")
    git(clone, "push", "-q", "origin", branch)
    world.fake.add_pull(UPSTREAM, number, head_ref=branch, head_repo=FORK, user="awadiallo", title=branch,
                        extra={"author_association": "CONTRIBUTOR"})
    # GitHub keeps every PR head in the base repository as refs/pull/N/head
    world.upstream.run("fetch", "-q", str(world.fork.path), head)
    world.upstream.update_ref(f"refs/pull/{number}/head", head)
    return head


def actions_checkout(world: World, tmp: Path, name: str) -> Path:
    """What actions/checkout with fetch-depth: 0 leaves: a clone of the base repository."""
    path = tmp / name
    git(tmp, "clone", "-q", str(world.upstream.path), str(path))
    return path


def pull_event(world: World, tmp: Path, number: int) -> Path:
    payload = adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, number)
    path = tmp / f"pull_request-{number}.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def workflow_run_event(tmp: Path, head_sha: str, branch: str) -> Path:
    """The fields GitHub's workflow_run payload carries that the posting job reads (derived from
    octokit/webhooks' workflow_run.completed example): a fork PR's run has no pull_requests."""
    payload = {"action": "completed", "repository": {"full_name": UPSTREAM},
               "workflow_run": {"id": 289782451, "event": "pull_request", "conclusion": "success",
                                "head_sha": head_sha, "head_branch": branch, "pull_requests": [],
                                "head_repository": {"full_name": FORK}}}
    path = tmp / f"workflow_run-{head_sha[:7]}.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def posted(world: World, head: str) -> tuple[str | None, list[str]]:
    """(conclusion, rule codes of the annotations) of the bot's check run on ``head``."""
    runs = [r for r in world.fake.check_runs(UPSTREAM, head_sha=head) if r["name"] == "Open Commons"]
    if not runs:
        return None, []
    run = runs[-1]
    codes = sorted({a["title"] for a in world.fake.annotations(UPSTREAM, run["id"])})
    return run["conclusion"], codes


def codes_of(report: dict[str, Any]) -> list[str]:
    return sorted({f["code"] for f in report["findings"]})


VIOLATING = resource(author_e2c=False, changed=True)  # removes the author E2C Marseille
CLEAN = resource(author_e2c=True, changed=True)


@pytest.mark.parametrize(("text", "expect_error"), [(VIOLATING, True), (CLEAN, False)], ids=["violating", "clean"])
def test_laptop_report_and_posted_check_agree(world: World, tmp_path: Path, text: str, expect_error: bool) -> None:
    clone = partner_clone(world, tmp_path)
    head = open_pull(world, clone, "variante", text, 7)

    plain = cli(world, clone, "check", "--format", "json")
    assert plain.returncode == (1 if expect_error else 0), plain.stdout + plain.stderr
    plain_report = json.loads(plain.stdout)
    assert plain_report["summary"]["base"] == "upstream/main"  # the base it found and used, named
    explicit = cli(world, clone, "check", "--format", "json", "--base", "upstream/main")
    human = cli(world, clone, "check", "--lang", "en")
    assert "Compared with upstream/main" in human.stdout

    checkout = actions_checkout(world, tmp_path, "report-job")
    git(checkout, "checkout", "-q", world.fake.pull(UPSTREAM, 7)["base"]["sha"])
    artifact = tmp_path / "report.json"
    reported = cli(world, checkout, "bot", "report", str(pull_event(world, tmp_path, 7)), "--output", str(artifact))
    assert reported.returncode == 0, reported.stderr

    poster = actions_checkout(world, tmp_path, "post-job")
    published = cli(world, poster, "bot", "publish", str(artifact), "--repo", UPSTREAM,
                    "--event", str(workflow_run_event(tmp_path, head, "variante")))
    assert published.returncode == 0, published.stderr
    conclusion, annotated = posted(world, head)

    expected = codes_of(plain_report)
    assert ("ATT003" in expected) is expect_error
    assert codes_of(json.loads(explicit.stdout)) == expected
    assert sorted({f["code"] for f in json.loads(artifact.read_text())["findings"]}) == expected
    assert annotated == expected
    assert conclusion == ("failure" if expect_error else "success")


def test_plain_check_on_the_default_branch_checks_the_tree_and_names_the_base(world: World, tmp_path: Path) -> None:
    clone = partner_clone(world, tmp_path)
    git(clone, "checkout", "-q", "main")
    done = cli(world, clone, "check", "--lang", "en")
    assert done.returncode == 0, done.stdout
    assert "Compared with upstream/main" in done.stdout
    # uncommitted edits on main are a change too: the partner who edits main directly is judged like the bot
    (clone / RESOURCE).write_text(VIOLATING, encoding="utf-8")
    edited = cli(world, clone, "check", "--format", "json")
    assert edited.returncode == 1 and "ATT003" in codes_of(json.loads(edited.stdout))
    # --no-base: the tree alone (no share-alike rule of a change)
    alone = cli(world, clone, "check", "--format", "json", "--no-base")
    assert "ATT003" not in codes_of(json.loads(alone.stdout))


def test_a_forged_artifact_changes_nothing_the_bot_posts(world: World, tmp_path: Path) -> None:
    clone = partner_clone(world, tmp_path)
    bad = open_pull(world, clone, "variante", VIOLATING, 7)
    git(clone, "checkout", "-q", "upstream/main")
    good = open_pull(world, clone, "autre", CLEAN, 8)

    checkout = actions_checkout(world, tmp_path, "report-job")
    artifact = tmp_path / "report.json"
    assert cli(world, checkout, "bot", "report", str(pull_event(world, tmp_path, 7)), "-o",
               str(artifact)).returncode == 0
    forged = json.loads(artifact.read_text())
    assert forged["findings"]  # the honest report has the ATT003 error
    forged.update(findings=[], maintainer=True, number=8, head_sha=good,
                  partner="<img src=x onerror=alert(1)> @everyone [clic](javascript:alert(1))")
    artifact.write_text(json.dumps(forged), encoding="utf-8")

    poster = actions_checkout(world, tmp_path, "post-job")
    done = cli(world, poster, "bot", "publish", str(artifact), "--repo", UPSTREAM,
               "--event", str(workflow_run_event(tmp_path, bad, "variante")))
    assert done.returncode == 0, done.stderr
    assert "contredit le verdict calculé ici" in done.stderr  # in the commons' language (French)
    conclusion, codes = posted(world, bad)
    assert conclusion == "failure" and "ATT003" in codes  # recomputed from git objects
    assert posted(world, good) == (None, [])  # the other PR received nothing
    assert world.fake.comments(UPSTREAM, 8) == []
    comments = world.fake.comments(UPSTREAM, 7)
    assert len(comments) == 1
    body = comments[0]["body"]
    assert "<img" not in body and "@everyone" not in body and "javascript:" not in body
    labels = world.fake.issue_labels(UPSTREAM, 7)
    assert "commons ✓" not in labels and "attribution manquante" in labels

    # an artifact that is not a report at all is ignored the same way: the verdict is still posted
    artifact.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    again = cli(world, poster, "bot", "publish", str(artifact), "--repo", UPSTREAM,
                "--event", str(workflow_run_event(tmp_path, bad, "variante")))
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr


def test_publish_for_a_head_no_pull_request_is_at_posts_nothing(world: World, tmp_path: Path) -> None:
    poster = actions_checkout(world, tmp_path, "post-job")
    done = cli(world, poster, "bot", "publish", "--repo", UPSTREAM,
               "--event", str(workflow_run_event(tmp_path, "f" * 40, "gone")))
    assert done.returncode == 0 and "rien n'est publié" in done.stderr
    bad_event = tmp_path / "not-an-event.json"
    bad_event.write_text('{"workflow_run": {"head_sha": 3}}', encoding="utf-8")
    refused = cli(world, poster, "bot", "publish", "--repo", UPSTREAM, "--event", str(bad_event))
    assert refused.returncode == 2 and "workflow_run" in refused.stderr and "Traceback" not in refused.stderr


def _registering_pull(world: World, number: int) -> None:
    from tests.github_fake import Ident

    partners = base_files()["partners/fabrique-roubaix.yaml"]
    assert isinstance(partners, str)
    at = Ident("Mallory", "mallory@example.net", "2026-09-30T10:00:00+00:00")
    world.fork.commit_files("inflate", {
        RESOURCE: CLEAN,
        "partners/fabrique-roubaix.yaml": partners + "  - github: mallory\n    since: 2020-01-01\n",
    }, "Variante à distance", author=at, parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, number, head_ref="inflate", head_repo=FORK, user="mallory", title="Variante",
                        extra={"author_association": "CONTRIBUTOR"})
    world.merge(number)


def test_the_merge_job_credits_with_the_registry_before_the_merge(world: World, tmp_path: Path) -> None:
    """GitHub Actions route: `commons bot handle` in a checkout of the base branch after the merge."""
    _registering_pull(world, 9)
    checkout = actions_checkout(world, tmp_path, "ledger-job")
    event = tmp_path / "closed.json"
    event.write_text(json.dumps(adapt_pull(load_payload("pull_request.closed.merged.json"), world.fake, 9)),
                     encoding="utf-8")
    done = cli(world, checkout, "bot", "handle", "pull_request", str(event))
    assert done.returncode == 0, done.stdout + done.stderr
    ledger = world.upstream.read_file("ledger", "ledger/contributions.jsonl")
    assert ledger is not None
    record = json.loads(ledger.decode().splitlines()[0])
    assert record["author"] == {"login": "mallory", "partner": None} and record["partners"] == []
    assert not list((tmp_path / "ledger-job").glob("commons-lease-*"))


def test_concurrent_deliveries_each_read_their_own_commit(world: World, tmp_path: Path) -> None:
    """App route: two pull requests delivered at once on one repository, through one clone cache."""
    clone = partner_clone(world, tmp_path)
    bad = open_pull(world, clone, "variante", VIOLATING, 7)
    git(clone, "checkout", "-q", "upstream/main")
    good = open_pull(world, clone, "autre", CLEAN, 8)
    payloads = {n: adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, n) for n in (7, 8)}
    for n in (7, 8):  # the clone cache maps the payload's clone URLs to the local repositories
        payloads[n]["pull_request"]["head"]["repo"]["clone_url"] = str(world.fork.path)
        payloads[n]["pull_request"]["base"]["repo"]["clone_url"] = str(world.upstream.path)
    bot = world.bot()
    results: dict[int, list[Any]] = {}
    errors: list[BaseException] = []

    def deliver(n: int) -> None:
        try:
            results[n] = router.dispatch(bot, events.parse("pull_request", json.loads(json.dumps(payloads[n]))))
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=deliver, args=(n,)) for n in (7, 8, 7, 8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert posted(world, bad)[0] == "failure" and posted(world, good)[0] == "success"
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("commons-lease-*/tree/.git/index.lock"))


def _sign(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def test_bot_serve_end_to_end(world: World, tmp_path: Path) -> None:
    clone = partner_clone(world, tmp_path)
    head = open_pull(world, clone, "variante", VIOLATING, 7)
    payload = adapt_pull(load_payload("pull_request.opened.fork.json"), world.fake, 7)
    payload["pull_request"]["head"]["repo"]["clone_url"] = str(world.fork.path)
    payload["pull_request"]["base"]["repo"]["clone_url"] = str(world.upstream.path)
    body = json.dumps(payload).encode()
    secret = b"s3cret"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "OPEN_COMMONS_"))}
    env.update(GITHUB_API_URL=world.fake.url, GITHUB_TOKEN="t", GITHUB_WEBHOOK_SECRET=secret.decode(),
               OPEN_COMMONS_REPOSITORIES=UPSTREAM)
    queue = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    proc = subprocess.Popen([sys.executable, "-m", "open_commons", "bot", "serve", "--port", "0", "--queue", queue],
                            cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    worker = subprocess.Popen([sys.executable, "-m", "open_commons", "bot", "worker", "--queue", queue,
                               "--clone-cache", str(tmp_path / "clones")], cwd=tmp_path, env=env,
                              stderr=subprocess.DEVNULL)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        port = int(re.search(r":(\d+)/", line).group(1))  # type: ignore[union-attr]

        def post(data: bytes, headers: dict[str, str]) -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", data=data, method="POST", headers={
                "Content-Type": "application/json", "X-GitHub-Event": "pull_request", **headers})
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    return int(answer.status)
            except urllib.error.HTTPError as err:
                return err.code

        assert post(body, {"X-GitHub-Delivery": "d-unsigned"}) in (401, 403)
        forged = post(body, {"X-GitHub-Delivery": "d-forged", "X-Hub-Signature-256": _sign(b"other", body)})
        assert forged in (401, 403)
        assert posted(world, head) == (None, [])
        status = post(body, {"X-GitHub-Delivery": "d-1", "X-Hub-Signature-256": _sign(secret, body)})
        assert status == 202  # acknowledged, then worked on by the worker
        deadline = time.monotonic() + 120
        while posted(world, head)[0] is None and time.monotonic() < deadline:
            time.sleep(0.2)
        conclusion, codes = posted(world, head)
        assert conclusion == "failure" and "ATT003" in codes
    finally:
        for running in (proc, worker):
            running.terminate()
            running.wait(30)


def test_bot_serve_on_a_port_in_use_is_one_line(world: World, tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = cli(world, tmp_path, "bot", "serve", "--port", str(port), env={"GITHUB_WEBHOOK_SECRET": "x"})
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert str(port) in done.stderr


def test_bot_handle_with_github_unreachable_is_one_line(world: World, tmp_path: Path) -> None:
    clone = partner_clone(world, tmp_path)
    open_pull(world, clone, "variante", VIOLATING, 7)
    event = pull_event(world, tmp_path, 7)
    checkout = actions_checkout(world, tmp_path, "job")
    done = cli(world, checkout, "bot", "handle", "pull_request", str(event), env={"GITHUB_API_URL": "http://127.0.0.1:9"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert json.loads(done.stdout.splitlines()[0])["status"] == "error"
