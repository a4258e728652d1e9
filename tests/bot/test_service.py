# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The App as processes: `commons bot serve` (gunicorn) and `commons bot worker` against the local
GitHub, real payloads, SQLite and Redis queues; refusals to start; kill -9 of the server and of a
worker in the middle of deliveries, then every delivery's effect exactly once."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.bot.conftest import UPSTREAM, World, load_payload
from tests.bot.test_units import FORM

SECRET = b"s3cret"
LABEL = "candidature partenaire"
MARKER = "<!-- open-commons:application -->"


def _env(world: World, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "OPEN_COMMONS_"))}
    env.update(GITHUB_API_URL=world.fake.url, GITHUB_TOKEN="t", GITHUB_WEBHOOK_SECRET=SECRET.decode(),
               OPEN_COMMONS_REPOSITORIES=UPSTREAM, COMMONS_LANG="en", **extra)  # the operator reads English
    return env


def _commons(world: World, cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "open_commons", "bot", *args], cwd=cwd, env=env or _env(world),
                          capture_output=True, text=True, timeout=120, check=False)


class Server:
    def __init__(self, world: World, tmp: Path, queue: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "open_commons", "bot", "serve", "--port", "0",
                                      "--queue", queue, "--threads", "8"], cwd=tmp, env=_env(world),
                                     stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()
        found = re.search(r":(\d+)/", line)
        assert found, line + self.proc.stderr.read()
        self.port = int(found.group(1))
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()  # a full pipe would block the server

    def post(self, delivery: str, event: str, body: bytes) -> int:
        sig = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", "/", body=body, headers={
                "Content-Type": "application/json", "X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
                "X-Hub-Signature-256": sig})
            response = conn.getresponse()
            response.read()
            return int(response.status)
        except OSError:
            return 0  # GitHub records it as a failed delivery
        finally:
            conn.close()

    def health(self) -> dict:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", "/healthz")
            return json.loads(conn.getresponse().read())  # type: ignore[no-any-return]
        finally:
            conn.close()

    def kill(self) -> None:
        # gunicorn: the arbiter and its worker processes, as a crash would take them
        for pid in [*_children(self.proc.pid), self.proc.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _worker(world: World, tmp: Path, queue: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "open_commons", "bot", "worker", "--queue", queue,
                                 "--threads", "2", "--stale-after", "3", "--retry-delay", "1",
                                 "--clone-cache", str(tmp / "clones")], cwd=tmp, env=_env(world), stderr=out)


def _issue_payload(world: World, number: int) -> bytes:
    return json.dumps({
        "action": "opened",
        "repository": {"full_name": UPSTREAM, "name": UPSTREAM.split("/")[1], "default_branch": "main",
                       "clone_url": str(world.upstream.path), "owner": {"login": UPSTREAM.split("/")[0]}},
        "sender": {"login": "leamartin", "type": "User"},
        "installation": {"id": 1},
        "issue": {"number": number, "title": f"Candidature {number}", "body": FORM,
                  "user": {"login": "leamartin", "type": "User"}, "labels": [{"name": LABEL}]},
    }).encode()


def _answers(world: World, numbers: list[int]) -> dict[int, int]:
    return {n: len([c for c in world.fake.comments(UPSTREAM, n) if MARKER in c["body"]]) for n in numbers}


def _until(predicate: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def _kill_9_scenario(world: World, tmp: Path, queue: str, n: int = 100) -> None:
    numbers = list(range(101, 101 + n))
    for number in numbers:
        world.fake.add_issue(UPSTREAM, number, title=f"Candidature {number}", body=FORM, user="leamartin",
                             labels=[LABEL])
    deliveries = [(f"delivery-{number}", _issue_payload(world, number)) for number in numbers]
    worker_log = tmp / "worker.log"
    server = Server(world, tmp, queue)
    worker = _worker(world, tmp, queue, worker_log)
    try:
        # the first half, 5 at a time; the server is killed -9 once 10 of them are answered
        first = deliveries[: n // 2]
        answered = threading.Semaphore(0)

        def send(d: tuple[str, bytes]) -> int:
            status = server.post(d[0], "issues", d[1])
            answered.release()
            return status

        with ThreadPoolExecutor(5) as pool:
            futures = [pool.submit(send, d) for d in first]
            for _ in range(10):
                answered.acquire(timeout=60)
            server.kill()
            statuses = [f.result() for f in futures]
        assert 0 in statuses and 202 in statuses  # the kill cut the stream
        server = Server(world, tmp, queue)
        # GitHub's redelivery (the sweeper asks for it): whatever got no 2xx is sent again, and some
        # that were acknowledged are sent again too: both have their effect once
        again = [d for d, s in zip(first, statuses, strict=False) if s not in (200, 202)] + first[:5]
        with ThreadPoolExecutor(10) as pool:
            assert set(pool.map(lambda d: server.post(d[0], "issues", d[1]), again)) <= {200, 202}
        # the second half; a worker is killed -9 while jobs run
        with ThreadPoolExecutor(10) as pool:
            rest = list(pool.map(lambda d: server.post(d[0], "issues", d[1]), deliveries[n // 2:]))
        assert set(rest) == {202}
        assert _until(lambda: sum(_answers(world, numbers).values()) >= n // 2, 120), worker_log.read_text()[-3000:]
        worker.kill()
        worker.wait(30)
        worker = _worker(world, tmp, queue, worker_log)

        def all_done() -> bool:
            return all(v >= 1 for v in _answers(world, numbers).values()) and server.health()["queue"]["depth"] == 0

        assert _until(all_done, 240), (_answers(world, numbers), worker_log.read_text()[-3000:])
        time.sleep(4)  # longer than --stale-after: a recovery that would run a job twice has had its chance
        counts = _answers(world, numbers)
        assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}
        done = _commons(world, tmp, "jobs", "--queue", queue)
        assert done.returncode == 0 and "waiting" in done.stdout
        assert [line for line in done.stdout.splitlines()[1:] if line.strip()] == [], done.stdout
        every = _commons(world, tmp, "jobs", "--all", "--queue", queue).stdout
        assert every.count(" done ") == n, every
        print(every.count("attempts=2"), "job(s) cut by the kill and run again;",
              worker_log.read_text().count('"recovered"'), "recovered")
    finally:
        server.stop()
        worker.terminate()
        worker.wait(30)


@pytest.mark.slow
def test_kill_9_of_server_and_worker_on_sqlite(world: World, tmp_path: Path) -> None:
    _kill_9_scenario(world, tmp_path, f"sqlite:///{tmp_path / 'queue.sqlite'}")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (scripts/test installs Debian's)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        assert _until(up, 20), "redis-server did not start"
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.slow
def test_kill_9_of_server_and_worker_on_redis(world: World, tmp_path: Path, redis_url: str) -> None:
    _kill_9_scenario(world, tmp_path, redis_url)


def test_it_refuses_to_start_with_a_clear_line(world: World, tmp_path: Path) -> None:
    queue = f"sqlite:///{tmp_path / 'q.sqlite'}"
    no_secret = _env(world)
    del no_secret["GITHUB_WEBHOOK_SECRET"]
    done = _commons(world, tmp_path, "serve", "--port", "0", "--queue", queue, env=no_secret)
    assert done.returncode == 1 and "no webhook secret" in done.stderr and "Traceback" not in done.stderr
    no_token = _env(world)
    del no_token["GITHUB_TOKEN"]
    for command in ("serve", "worker"):
        done = _commons(world, tmp_path, command, "--port", "0", "--queue", queue, env=no_token) if command == "serve" \
            else _commons(world, tmp_path, command, "--queue", queue, env=no_token)
        assert done.returncode == 1 and "no GitHub credentials" in done.stderr, done.stderr
    done = _commons(world, tmp_path, "serve", "--port", "0", "--app-id", "1", "--private-key",
                    str(tmp_path / "missing.pem"), "--queue", queue)
    assert done.returncode == 1 and "cannot read the App private key" in done.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = _commons(world, tmp_path, "serve", "--port", "0", "--queue", f"sqlite:///{blocker / 'q.sqlite'}")
    assert done.returncode == 1 and "queue" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = _commons(world, tmp_path, "worker", "--queue", "redis://127.0.0.1:9/0")
    assert done.returncode == 1 and "queue is not writable" in done.stderr and "Traceback" not in done.stderr


def test_serve_answers_health_and_metrics_under_gunicorn(world: World, tmp_path: Path) -> None:
    server = Server(world, tmp_path, f"sqlite:///{tmp_path / 'q.sqlite'}")
    try:
        assert server.health() == {"status": "ok", "queue": {"depth": 0, "scheduled": 0, "oldest_age_s": None}}
        assert server.post("d-1", "issues", _issue_payload(world, 5)) == 202
        assert server.post("d-1", "issues", _issue_payload(world, 5)) == 200
        assert server.health()["queue"]["depth"] == 1
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
        assert 'open_commons_deliveries_total{event="issues",status="queued"} 1.0' in text

        def raw(head: str) -> str:
            """Headers only: the answer must come before any body is sent."""
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                s.sendall(head.encode())
                return s.recv(200).decode("latin-1").split("\r\n", 1)[0]

        sig = "X-Hub-Signature-256: sha256=" + "0" * 64 + "\r\n"
        base = "POST / HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: issues\r\nX-GitHub-Delivery: d-raw\r\n"
        assert raw(base + sig + f"Content-Length: {25 * 1024 * 1024 + 1}\r\n\r\n").endswith("413 Payload Too Large")
        assert raw(base + "Content-Length: 1000000\r\n\r\n").endswith("401 Unauthorized")
        done = _commons(world, tmp_path, "jobs", "--queue", f"sqlite:///{tmp_path / 'q.sqlite'}")
        assert "d-1" in done.stdout and "queued" in done.stdout
    finally:
        server.stop()


def test_jobs_lists_and_retries_a_failed_job(world: World, tmp_path: Path) -> None:
    from open_commons.service.queue import Store, open_huey

    queue = f"sqlite:///{tmp_path / 'q.sqlite'}"
    store = Store(open_huey(queue))
    store.accept("d-failed", "issues", _issue_payload(world, 9), lambda d, r: None)
    store.update("d-failed", state="failed", attempts=6, error="applications: GitHubError: 502")
    listed = _commons(world, tmp_path, "jobs", "--queue", queue)
    assert listed.returncode == 0
    assert "d-failed" in listed.stdout and "failed" in listed.stdout and "attempts=6" in listed.stdout
    assert "GitHubError: 502" in listed.stdout
    done = _commons(world, tmp_path, "jobs", "--queue", queue, "--retry", "d-failed")
    assert done.returncode == 0 and "queued again" in done.stdout
    record = store.record("d-failed")
    assert record is not None and record["state"] == "queued" and record["attempts"] == 0
    assert store.depth()["depth"] == 1
    unknown = _commons(world, tmp_path, "jobs", "--queue", queue, "--retry", "nope")
    assert unknown.returncode == 1 and "no job to retry" in unknown.stderr
    pruned = _commons(world, tmp_path, "jobs", "--queue", queue, "--prune", "7")
    assert pruned.returncode == 0 and "0 done job(s) older than 7 days forgotten" in pruned.stdout
    too_soon = _commons(world, tmp_path, "jobs", "--queue", queue, "--prune", "1")
    assert too_soon.returncode == 2 and "Traceback" not in too_soon.stderr


def test_a_worker_handles_a_real_delivery_and_says_so_in_its_metrics(world: World, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        metrics_port = probe.getsockname()[1]
    queue = f"sqlite:///{tmp_path / 'q.sqlite'}"
    world.fake.add_issue(UPSTREAM, 31, title="Candidature 31", body=FORM, user="leamartin", labels=[LABEL])
    server = Server(world, tmp_path, queue)
    log = tmp_path / "worker.log"
    with log.open("ab") as out:
        worker = subprocess.Popen([sys.executable, "-m", "open_commons", "bot", "worker", "--queue", queue,
                                   "--metrics-port", str(metrics_port), "--clone-cache", str(tmp_path / "clones")],
                                  cwd=tmp_path, env=_env(world), stderr=out)
    try:
        assert server.post("d-31", "issues", _issue_payload(world, 31)) == 202
        assert _until(lambda: _answers(world, [31])[31] == 1, 120), log.read_text()[-2000:]

        def scraped() -> str:
            conn = http.client.HTTPConnection("127.0.0.1", metrics_port, timeout=10)
            try:
                conn.request("GET", "/metrics")
                return conn.getresponse().read().decode()
            finally:
                conn.close()

        assert _until(lambda: 'open_commons_jobs_total{event="issues",outcome="done"} 1.0' in scraped(), 30)
        text = scraped()
        remaining = re.search(r"^open_commons_github_rate_limit_remaining (\S+)$", text, re.MULTILINE)
        assert remaining and 0 < float(remaining.group(1)) <= world.fake.rate_limit
        job_lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        assert [(j["job"], j["state"]) for j in job_lines if "job" in j] == [("d-31", "done")]
    finally:
        server.stop()
        worker.terminate()
        worker.wait(30)


def test_commons_fix_in_a_comment_goes_through_the_app_and_commits_to_the_fork(world: World, tmp_path: Path) -> None:
    """`/commons fix` delivered to `commons bot serve` and run by `commons bot worker`: the commit lands
    on the partner's fork branch, which allows edits by maintainers."""
    from tests.bot.conftest import AWA_IDENT, FORK, RESOURCE, resource
    from tests.github_fake import Ident

    at = Ident(AWA_IDENT.name, AWA_IDENT.email, "2026-09-30T10:00:00+00:00")
    head = world.fork.commit_files("accueil", {RESOURCE: resource() + "\nUne ligne de plus.\n"}, "Accueil", author=at,
                                   parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, 41, head_ref="accueil", head_repo=FORK, user="awadiallo", title="Accueil",
                        maintainer_can_modify=True)
    # GitHub keeps every PR's head in the base repository as refs/pull/N/head: the worker fetches it there
    world.upstream.run("fetch", "-q", str(world.fork.path), "refs/heads/accueil:refs/pull/41/head")
    payload = load_payload("issue_comment.created.on_pr.json")
    payload["repository"].update(full_name=UPSTREAM, clone_url=str(world.upstream.path))
    payload["issue"]["number"] = 41
    payload["issue"]["user"]["login"] = "awadiallo"
    payload["comment"]["user"].update(login="awadiallo", type="User")
    payload["sender"].update(login="awadiallo", type="User")
    payload["comment"]["body"] = "/commons fix"
    queue = f"sqlite:///{tmp_path / 'q.sqlite'}"
    server = Server(world, tmp_path, queue)
    log = tmp_path / "worker.log"
    worker = _worker(world, tmp_path, queue, log)
    try:
        assert server.post("d-fix", "issue_comment", json.dumps(payload).encode()) == 202
        assert _until(lambda: world.fork.branch_sha("accueil") != head, 120), log.read_text()[-3000:]
        fixed = world.fork.read_file("accueil", RESOURCE)
        assert fixed is not None and b"summary: Accueil" in fixed and b"by: fabrique-roubaix" in fixed
        assert _until(lambda: any("open-commons:fix" in c["body"] for c in world.fake.comments(UPSTREAM, 41)), 30)
    finally:
        server.stop()
        worker.terminate()
        worker.wait(30)
