# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The App's webhook stack under load: `commons bot serve` (gunicorn, SQLite queue) and worker
processes whose handler journals each job and sleeps (2 s by default), all on 127.0.0.1.

    python benchmarks/bench_webhook_load.py [N=500] [C=20] [HANDLER_SECONDS=2]

1. N signed deliveries (mixed real payloads, about 10 % resent under the same id, as GitHub's
   redelivery), C at a time: answer time percentiles (p50, p95, p99, max), failed answers (neither
   202 queued nor 200 duplicate/pong), then, once the workers are done, effects per delivery id
   (exactly one expected) and missing effects.
2. 200 slow clients holding connections (half a request line each): /healthz answer times.
3. 20 uploads announcing 20 MB with a wrong signature, 10 MB sent each and then held: growth of
   the server's resident memory (arbiter and workers, VmRSS from /proc) while they are in flight.

Exits 1 on a failed answer, a missing or duplicated effect. Standard library only, plus the project.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WEBHOOKS = HERE.parent / "tests" / "fixtures" / "github-webhooks"
SECRET = b"load-test-secret"
REPO = "simplon/open-commons"


# --- a worker whose handler journals and sleeps ------------------------------------------------

def _worker_main(queue: str, journal: str, seconds: float, threads: int) -> None:
    from open_commons.model.github import Outcome
    from open_commons.service.jobs import Jobs, Policy, run_worker
    from open_commons.service.logs import JsonLog
    from open_commons.service.queue import Store, open_huey

    lock = threading.Lock()
    out = open(journal, "a", encoding="utf-8")  # noqa: SIM115 - open for the life of the process

    def dispatch(event: Any) -> list[Any]:
        time.sleep(seconds)
        with lock:
            out.write(json.dumps([event.delivery, event.name]) + "\n")
            out.flush()
        return [Outcome("journal", "done", event.name)]

    class _Quiet:
        def write(self, _text: str) -> int:
            return 0

        def flush(self) -> None:
            return None

    store = Store(open_huey(queue))
    run_worker(Jobs(store, dispatch, Policy(stale_after=max(60.0, 10 * seconds)), JsonLog(_Quiet())),  # type: ignore[arg-type]
               threads)


# --- processes ---------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_kib(pid: int) -> int:
    """VmRSS of a process and its children (gunicorn: the arbiter and its workers)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class Stack:
    def __init__(self, tmp: Path, seconds: float, worker_processes: int, worker_threads: int) -> None:
        self.queue = f"sqlite:///{tmp / 'queue.sqlite'}"
        self.journal = tmp / "journal.jsonl"
        self.journal.touch()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "OPEN_COMMONS_"))}
        env.update(GITHUB_TOKEN="bench", GITHUB_WEBHOOK_SECRET=SECRET.decode(),
                   PYTHONPATH=os.pathsep.join([str(HERE.parent / "bot"), env.get("PYTHONPATH", "")]))
        self.server = subprocess.Popen([sys.executable, "-m", "open_commons", "bot", "serve", "--port", "0",
                                        "--queue", self.queue, "--threads", "16"], env=env, cwd=tmp,
                                       stderr=subprocess.PIPE, text=True)
        assert self.server.stderr is not None
        line = self.server.stderr.readline()
        found = re.search(r":(\d+)/", line)
        if not found:
            raise RuntimeError(f"the server did not start: {line}{self.server.stderr.read()[-2000:]}")
        self.port = int(found.group(1))
        # the server logs a line per delivery: read them all, or its pipe fills and it blocks
        threading.Thread(target=self.server.stderr.read, daemon=True).start()
        self.workers = [subprocess.Popen([sys.executable, __file__, "--worker", self.queue, str(self.journal),
                                          str(seconds), str(worker_threads)], env=env, cwd=tmp)
                        for _ in range(worker_processes)]

    def effects(self) -> list[str]:
        return [json.loads(line)[0] for line in self.journal.read_text(encoding="utf-8").splitlines() if line]

    def stop(self) -> None:
        for proc in [self.server, *self.workers]:
            proc.terminate()
        for proc in [self.server, *self.workers]:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


# --- the deliveries ---------------------------------------------------------------------------

def _payloads() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(WEBHOOKS.glob("*.json")):
        name = path.name.removeprefix("octokit-webhooks__").split(".")[0]
        payload = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(payload.get("repository"), dict):
            payload["repository"]["full_name"] = REPO
        out.append((name, payload))
    out.append(("ping", {"zen": "Keep it logically awesome.", "hook_id": 1}))
    out.append(("push", {"ref": "refs/heads/main", "repository": {
        "full_name": REPO, "name": "open-commons", "owner": {"login": "simplon"}, "default_branch": "main"}}))
    return out


def plan(n: int, duplicate_share: float = 0.1, seed: int = 1) -> list[tuple[str, str, bytes]]:
    """n deliveries (delivery id, event name, body); about ``duplicate_share`` of them resend an
    earlier delivery id with its body (GitHub's redelivery). Every other body is distinct, as
    GitHub's are (the server also refuses the same body under another id)."""
    rng = random.Random(seed)
    payloads = _payloads()
    out: list[tuple[str, str, bytes]] = []
    for _ in range(n):
        if out and rng.random() < duplicate_share:
            out.append(rng.choice(out))
        else:
            name, payload = rng.choice(payloads)
            delivery = str(uuid.UUID(int=rng.getrandbits(128)))
            out.append((delivery, name, json.dumps({**payload, "bench_delivery": delivery}).encode()))
    return out


def post(port: int, delivery: str, name: str, body: bytes) -> tuple[int, float, str]:
    signature = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/json", "X-GitHub-Event": name, "X-GitHub-Delivery": delivery,
            "X-Hub-Signature-256": signature, "User-Agent": "GitHub-Hookshot/load"})
        response = conn.getresponse()
        answer = response.read().decode("utf-8", "replace")
        return response.status, time.perf_counter() - started, answer
    except OSError as err:
        return 0, time.perf_counter() - started, str(err)
    finally:
        conn.close()


def health(port: int) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except OSError:
        return 0, time.perf_counter() - started
    finally:
        conn.close()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


# --- the runs ---------------------------------------------------------------------------------

def run(n: int = 500, concurrency: int = 20, seconds: float = 2.0, warmup: int = 50, worker_processes: int = 2,
        worker_threads: int = 32, slow_clients: int = 200, uploads: int = 20, upload_mb: int = 20,
        settle: float = 300.0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="webhook-load-") as tmp:
        stack = Stack(Path(tmp), seconds, worker_processes, worker_threads)
        try:
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                warm_plan = plan(warmup, 0.0, seed=99)
                warm = list(pool.map(lambda d: post(stack.port, *d), warm_plan))
                rss_warm = rss_kib(stack.server.pid)
                deliveries = plan(n)
                started = time.perf_counter()
                answers = list(pool.map(lambda d: post(stack.port, *d), deliveries))
                elapsed = time.perf_counter() - started
            expected = {d for d, name, _ in [*warm_plan, *deliveries] if name != "ping"}
            deadline = time.monotonic() + settle
            while len(set(stack.effects())) < len(expected) and time.monotonic() < deadline:
                time.sleep(0.5)
            drained = time.perf_counter() - started
            effects = stack.effects()
            slow = _slow_clients(stack.port, slow_clients)
            memory = _uploads(stack, uploads, upload_mb)
            rss_end = rss_kib(stack.server.pid)
        finally:
            stack.stop()
    latencies = [a[1] for a in answers]
    failed = [(d[1], a[0], a[2][:200]) for d, a in zip(deliveries, answers, strict=True) if a[0] not in (200, 202)]
    statuses = [json.loads(a[2]).get("status") if a[0] in (200, 202) else None for a in answers]
    counts: dict[str, int] = {}
    for e in effects:
        counts[e] = counts.get(e, 0) + 1
    return {
        "deliveries": n, "concurrency": concurrency, "handler_seconds": seconds,
        "unique_deliveries": len({d[0] for d in deliveries}),
        "duplicates_sent": n - len({d[0] for d in deliveries}),  # pings among them are answered pong
        "duplicates_expected": sum(1 for d in deliveries if d[1] != "ping") - len({d[0] for d in deliveries
                                                                                  if d[1] != "ping"}),
        "answered_duplicate": statuses.count("duplicate"),
        "failed": failed,
        "warmup_failed": sum(1 for a in warm if a[0] not in (200, 202)),
        "effects": len(effects),
        "effects_per_delivery_max": max(counts.values(), default=0),
        "missing_effects": sorted(expected - set(counts)),
        "per_second": n / elapsed if elapsed else float("inf"),
        "drained_s": drained,
        "p50_ms": _pct(latencies, 0.50), "p95_ms": _pct(latencies, 0.95), "p99_ms": _pct(latencies, 0.99),
        "max_ms": 1000 * max(latencies),
        "rss_warm_kib": rss_warm, "rss_end_kib": rss_end,
        **slow, **memory,
    }


def _slow_clients(port: int, count: int) -> dict[str, Any]:
    """``count`` connections each holding half a request; then /healthz, 20 times."""
    held = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"POST / HTTP/1.1\r\nHost: bench\r\nContent-Len")
        held.append(s)
    time.sleep(1.0)
    answers = [health(port) for _ in range(20)]
    for s in held:
        s.close()
    return {"slow_clients": count, "health_under_slow_ok": sum(1 for a in answers if a[0] == 200),
            "health_under_slow_max_ms": 1000 * max(a[1] for a in answers),
            "health_under_slow_p50_ms": _pct([a[1] for a in answers], 0.5)}


def _uploads(stack: Stack, count: int, megabytes: int) -> dict[str, Any]:
    """``count`` uploads announcing ``megabytes`` MB with a wrong signature, half sent, then held."""
    before = rss_kib(stack.server.pid)
    size = megabytes * 1024 * 1024
    chunk = b"x" * (1024 * 1024)
    held = []
    peak = before
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", stack.port), timeout=30)
        s.sendall((f"POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                   f"X-GitHub-Event: push\r\nX-GitHub-Delivery: upload-{i}\r\n"
                   f"X-Hub-Signature-256: sha256={'0' * 64}\r\nContent-Length: {size}\r\n\r\n").encode())
        held.append(s)
    for s in held:
        for _ in range(megabytes // 2):
            s.sendall(chunk)
        peak = max(peak, rss_kib(stack.server.pid))
    time.sleep(1.0)
    peak = max(peak, rss_kib(stack.server.pid))
    for s in held:
        s.close()
    return {"uploads": count, "upload_mb": megabytes, "rss_before_uploads_kib": before, "rss_peak_uploads_kib": peak}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker_main(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]))
        return 0
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    r = run(n, concurrency, seconds)
    print(f"{r['deliveries']} deliveries ({r['unique_deliveries']} distinct, {r['duplicates_sent']} sent twice), "
          f"{r['concurrency']} at a time, handlers taking {r['handler_seconds']} s")
    print(f"  answers: {r['per_second']:.0f}/s; p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
          f"p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms; failed answers: {len(r['failed'])}")
    for event, status, answer in r["failed"][:5]:
        print(f"    failed: {event} {status} {answer}")
    print(f"  effects: {r['effects']} (at most {r['effects_per_delivery_max']} per delivery id; "
          f"{len(r['missing_effects'])} missing); duplicates answered as such: {r['answered_duplicate']}; "
          f"all jobs done {r['drained_s']:.1f} s after the first delivery")
    print(f"  /healthz with {r['slow_clients']} slow clients holding connections: {r['health_under_slow_ok']}/20 "
          f"answered, p50 {r['health_under_slow_p50_ms']:.1f} ms, max {r['health_under_slow_max_ms']:.1f} ms")
    print(f"  {r['uploads']} uploads of {r['upload_mb']} MB (wrong signature, half sent, held): server RSS "
          f"{r['rss_before_uploads_kib'] / 1024:.1f} MiB before, {r['rss_peak_uploads_kib'] / 1024:.1f} MiB at the "
          f"peak ({(r['rss_peak_uploads_kib'] - r['rss_before_uploads_kib']) / 1024:+.1f} MiB)")
    print(f"  server RSS: {r['rss_warm_kib'] / 1024:.1f} MiB after warm-up, {r['rss_end_kib'] / 1024:.1f} MiB at "
          f"the end")
    ok = not r["failed"] and r["effects_per_delivery_max"] == 1 and not r["missing_effects"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
