# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Webhook server under load: N signed deliveries (mixed events, some of them sent twice), C at a
time, from this process to the server running in another process on 127.0.0.1.

    python benchmarks/bench_webhook_load.py [N=500] [C=20]

The server is the bot's (github/webhook.py: signature, size limit, event validation, de-duplication
on X-GitHub-Delivery, one thread per delivery); its dispatch only writes each event it is given to a
journal, so that what is measured is the server, and so that "one effect per delivery" can be
counted. Prints deliveries per second, latency percentiles, failed answers, effects and the server's
resident memory (VmRSS from /proc) after a warm-up and at the end. Exits 1 on a failed answer or
a duplicated effect. Standard library only (http.client, concurrent.futures, multiprocessing).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import multiprocessing as mp
import random
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


# --- the server process -----------------------------------------------------------------------

def _serve(journal: str, ready: Any) -> None:
    from open_commons.github import webhook

    lock = threading.Lock()
    out = open(journal, "a", encoding="utf-8")  # noqa: SIM115 - open for the life of the process

    def dispatch(event: Any) -> list[Any]:
        from open_commons.model.github import Outcome

        with lock:
            out.write(json.dumps([event.delivery, event.name, event.action]) + "\n")
            out.flush()
        time.sleep(0.002)  # a little I/O, as a handler would do
        return [Outcome("journal", "done", event.name)]

    class _Quiet:
        def write(self, _text: str) -> int:
            return 0

        def flush(self) -> None:
            return None

    server = webhook.serve("127.0.0.1", 0, SECRET, dispatch, log=_Quiet())  # type: ignore[arg-type]
    ready.send(server.server_address[1])
    server.serve_forever()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# --- the deliveries ---------------------------------------------------------------------------

def _payloads() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(WEBHOOKS.glob("*.json")):
        name = path.name.removeprefix("octokit-webhooks__").split(".")[0]
        payload = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(payload.get("repository"), dict):
            payload["repository"]["full_name"] = REPO
        out.append((name, json.dumps(payload).encode()))
    out.append(("ping", json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1}).encode()))
    out.append(("push", json.dumps({"ref": "refs/heads/main", "repository": {
        "full_name": REPO, "name": "open-commons", "owner": {"login": "simplon"}, "default_branch": "main"}}).encode()))
    return out


def plan(n: int, duplicate_share: float = 0.1, seed: int = 1) -> list[tuple[str, str, bytes]]:
    """n deliveries (delivery id, event name, body); about ``duplicate_share`` of them resend an
    earlier delivery id with its body (GitHub's redelivery)."""
    rng = random.Random(seed)
    payloads = _payloads()
    out: list[tuple[str, str, bytes]] = []
    for _ in range(n):
        if out and rng.random() < duplicate_share:
            out.append(rng.choice(out))
        else:
            name, body = rng.choice(payloads)
            out.append((str(uuid.UUID(int=rng.getrandbits(128))), name, body))
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


def run(n: int = 500, concurrency: int = 20, warmup: int = 100) -> dict[str, Any]:
    """Start the server process, send the warm-up then the n deliveries; return the figures."""
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="webhook-load-") as tmp:
        journal = Path(tmp) / "journal.jsonl"
        journal.touch()
        parent, child = ctx.Pipe(duplex=False)
        server = ctx.Process(target=_serve, args=(str(journal), child), daemon=True)
        server.start()
        try:
            if not parent.poll(60):
                raise RuntimeError("the server did not start")
            port = parent.recv()
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                warm = list(pool.map(lambda d: post(port, *d), plan(warmup, 0.0, seed=99)))
                rss_warm = rss_kib(server.pid)
                deliveries = plan(n)
                started = time.perf_counter()
                answers = list(pool.map(lambda d: post(port, *d), deliveries))
                elapsed = time.perf_counter() - started
            time.sleep(0.2)
            rss_end = rss_kib(server.pid)
            effects = [json.loads(line)[0] for line in journal.read_text(encoding="utf-8").splitlines()]
        finally:
            server.kill()
            server.join(10)
    latencies = sorted(a[1] for a in answers)
    ids = [d[0] for d in deliveries]
    failed = [(d[1], a[0], a[2][:200]) for d, a in zip(deliveries, answers, strict=False) if a[0] != 200]
    statuses = [json.loads(a[2]).get("status") if a[0] == 200 else None for a in answers]
    main_effects = effects[len(warm):]
    return {
        "deliveries": n,
        "concurrency": concurrency,
        "unique_deliveries": len(set(ids)),
        "duplicates_sent": n - len(set(ids)),
        "answered_duplicate": statuses.count("duplicate"),
        "failed": failed,
        "warmup_failed": sum(1 for a in warm if a[0] != 200),
        "effects": len(main_effects),
        "effects_per_delivery_max": max((main_effects.count(i) for i in set(main_effects)), default=0),
        "missing_effects": sorted(set(ids) - set(main_effects)),
        "per_second": n / elapsed if elapsed else float("inf"),
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95) - 1],
        "max_ms": 1000 * latencies[-1],
        "rss_warm_kib": rss_warm,
        "rss_end_kib": rss_end,
    }


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    r = run(n, concurrency)
    print(f"{r['deliveries']} deliveries ({r['unique_deliveries']} distinct, {r['duplicates_sent']} sent twice), "
          f"{r['concurrency']} at a time")
    print(f"  {r['per_second']:.0f} deliveries/s; latency p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
          f"max {r['max_ms']:.1f} ms")
    print(f"  failed answers: {len(r['failed'])}; effects: {r['effects']} "
          f"(at most {r['effects_per_delivery_max']} per delivery id; {len(r['missing_effects'])} missing); "
          f"duplicates answered as such: {r['answered_duplicate']}")
    print(f"  server RSS: {r['rss_warm_kib'] / 1024:.1f} MiB after warm-up, {r['rss_end_kib'] / 1024:.1f} MiB at the end "
          f"({(r['rss_end_kib'] - r['rss_warm_kib']) / 1024:+.1f} MiB)")
    ok = not r["failed"] and r["effects_per_delivery_max"] == 1 and not r["missing_effects"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
