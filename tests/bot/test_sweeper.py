# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The sweeper against the local GitHub's App webhook deliveries API: the failed deliveries are
redelivered (for real, to the webhook app), once, within a bound; the CLI says what it did."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from open_commons.github.webhook import signature
from open_commons.service.sweeper import MAX_ASKS, sweep
from tests.bot.test_webhook import SECRET, Running
from tests.github_fake import FakeGitHub

APP_ID = 4242


@pytest.fixture(scope="module")
def key_pair() -> tuple[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


class Setup:
    def __init__(self, fake: FakeGitHub, server: Running, private_key: str) -> None:
        self.fake = fake
        self.server = server
        self.key = private_key
        self.bodies: dict[str, bytes] = {}
        self.refuse = False
        self.log = io.StringIO()
        fake.on_redeliver(self.redeliver)

    def body_for(self, guid: str) -> bytes:
        return self.bodies.setdefault(guid, json.dumps({
            "action": "opened", "repository": {"full_name": "simplon/open-commons", "default_branch": "main"},
            "sender": {"login": "leamartin", "type": "User"},
            "issue": {"number": 7, "title": guid, "body": "", "user": {"login": "leamartin", "type": "User"},
                      "labels": []}}).encode())

    def redeliver(self, item: dict[str, Any]) -> int:
        """GitHub redelivering: the same guid and body, signed, to the webhook."""
        if self.refuse:
            return 503
        body = self.body_for(item["guid"])
        return self.server.post(body, item["event"], item["guid"], signature(SECRET, body))[0]

    def run(self, **kwargs: Any) -> Any:
        from open_commons.service.logs import JsonLog

        return sweep(self.server.store, APP_ID, self.key, base_url=self.fake.url, log=JsonLog(self.log), **kwargs)

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.getvalue().splitlines()]


@pytest.fixture
def setup(tmp_path: Path, key_pair: tuple[str, str]) -> Iterator[Setup]:
    server = Running(tmp_path)
    with FakeGitHub() as fake:
        fake.add_app(APP_ID, slug="open-commons", public_key=key_pair[1])
        yield Setup(fake, server, key_pair[0])
    server.stop()


def test_failed_deliveries_are_redelivered_once(setup: Setup) -> None:
    fake, now = setup.fake, datetime.now(UTC)
    lost = fake.add_hook_delivery("guid-lost", "issues", "opened", status_code=0, delivered_at=now - timedelta(hours=1))
    fake.add_hook_delivery("guid-502", "issues", "opened", status_code=502, delivered_at=now - timedelta(hours=2))
    fake.add_hook_delivery("guid-502", "issues", "opened", status_code=202, redelivery=True,
                           delivered_at=now - timedelta(hours=1))  # redelivered by hand since: fine
    fake.add_hook_delivery("guid-ok", "issues", "opened", status_code=202, delivered_at=now - timedelta(minutes=5))
    fake.add_hook_delivery("guid-ancient", "issues", "opened", status_code=0, delivered_at=now - timedelta(days=30))
    # answered 500 by a server that had queued it anyway: the queue has it, no redelivery needed
    body = setup.body_for("guid-queued")
    setup.server.store.accept("guid-queued", "issues", body, lambda d, r: None)
    fake.add_hook_delivery("guid-queued", "issues", "opened", status_code=500, delivered_at=now - timedelta(hours=1))

    summary = setup.run()
    assert (summary.failed, summary.asked) == (2, 1) and summary.complete
    assert fake.hook_delivery_attempts() == [lost]
    assert setup.server.store.record("guid-lost") is not None  # it reached the queue this time
    assert setup.server.work() >= 1 and "guid-lost" in [e.delivery for e in setup.server.events]
    assert [ln["guid"] for ln in setup.lines() if ln.get("sweep") == "redeliver"] == ["guid-lost"]

    again = setup.run()  # idempotent: nothing left to ask
    assert again.asked == 0 and fake.hook_delivery_attempts() == [lost]


def test_bounded_per_run_and_per_delivery(setup: Setup) -> None:
    fake, now = setup.fake, datetime.now(UTC)
    for i in range(5):
        fake.add_hook_delivery(f"guid-{i}", "issues", "opened", status_code=0, delivered_at=now - timedelta(minutes=50 - i))
    assert setup.run(max_redeliveries=2).asked == 2
    assert setup.run(max_redeliveries=2).asked == 2
    assert setup.run(max_redeliveries=2).asked == 1
    assert len(fake.hook_delivery_attempts()) == 5 == len(set(fake.hook_delivery_attempts()))
    assert any(ln.get("sweep") == "bounded" for ln in setup.lines())

    setup.refuse = True  # a server that refuses it every time: asked MAX_ASKS times, then left alone
    fake.add_hook_delivery("guid-refused", "issues", "opened", status_code=503, delivered_at=now)
    asked = sum(setup.run().asked for _ in range(MAX_ASKS + 2))
    assert asked == MAX_ASKS


def test_pages_are_followed(setup: Setup) -> None:
    fake, now = setup.fake, datetime.now(UTC)
    for i in range(130):  # more than one page of 100
        fake.add_hook_delivery(f"guid-p{i}", "issues", "opened", status_code=202 if i else 0,
                               delivered_at=now - timedelta(seconds=200 - i))
    summary = setup.run()
    assert summary.pages == 2 and summary.seen == 130 and summary.asked == 1


def test_the_command(setup: Setup, tmp_path: Path) -> None:
    setup.fake.add_hook_delivery("guid-cli", "issues", "opened", status_code=0)
    key = tmp_path / "app.pem"
    key.write_text(setup.key, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "OPEN_COMMONS_"))}
    env.update(GITHUB_API_URL=setup.fake.url)
    queue = f"sqlite:///{tmp_path / 'queue.sqlite'}"  # the webhook app's own queue
    args = [sys.executable, "-m", "open_commons", "bot", "sweep", "--queue", queue, "--app-id", str(APP_ID),
            "--private-key", str(key)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 failed deliveries seen, 1 redelivery(ies) asked" in done.stdout
    assert any(json.loads(line).get("sweep") == "redeliver" for line in done.stderr.splitlines())
    env["GITHUB_API_URL"] = "http://127.0.0.1:9"
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "GitHub is unreachable" in done.stderr and "Traceback" not in done.stderr
