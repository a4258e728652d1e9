# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The sweeper: GitHub does not redeliver a failed delivery by itself, so ask it to.

``GET /app/hook/deliveries`` (App JWT, newest first, cursor pages) back to the previous run (less a
margin; ``since_hours`` on the first run); a delivery ``guid`` (= ``X-GitHub-Delivery``) none of
whose attempts got a 2xx, and that the queue does not already hold, is redelivered with ``POST
/app/hook/deliveries/{id}/attempts``.

- Bounded: at most ``max_pages`` pages read and ``max_redeliveries`` asked per run, and at most
  ``MAX_ASKS`` asks per guid ever (a delivery the server refuses every time is not asked forever).
- Idempotent: the ask for one failed attempt is recorded in the queue's store (``put_if_empty``)
  before it is made, so two sweepers, or a run repeated, never ask twice for the same attempt.
- Logged: one JSON line per redelivery asked or given up, and one for the run.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from open_commons.errors import GitHubError
from open_commons.service.logs import JsonLog
from open_commons.service.queue import Store

MAX_ASKS = 3
OVERLAP = 600.0  # seconds re-read before the previous run: deliveries are listed when they finish


@dataclass
class Summary:
    seen: int = 0
    failed: int = 0
    asked: int = 0
    skipped: int = 0
    pages: int = 0
    complete: bool = True


def _when(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class _Api:
    def __init__(self, app_id: int, private_key: str, base_url: str | None) -> None:
        import requests

        from open_commons.github.appauth import app_jwt
        from open_commons.github.client import api_url

        self.base = (base_url or api_url()).rstrip("/")
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {app_jwt(app_id, private_key)}",
                                     "Accept": "application/vnd.github+json",
                                     "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "open-commons-bot"})

    def call(self, method: str, url: str) -> Any:
        import requests

        try:
            answer = self.session.request(method, url, timeout=20)
        except requests.RequestException as err:
            raise GitHubError(f"GitHub is unreachable ({type(err).__name__}): {method} {url}") from None
        if answer.status_code >= 400:
            raise GitHubError(f"GitHub answered {answer.status_code} to {method} {url.split('?')[0]}: "
                              f"{answer.text[:200]}")
        return answer


def sweep(store: Store, app_id: int, private_key: str, *, base_url: str | None = None, max_redeliveries: int = 50,
          since_hours: float = 72.0, max_pages: int = 20, log: JsonLog | None = None) -> Summary:
    log = log or JsonLog()
    started = time.time()
    last = store.get("sweeper:last")
    since = float(last) - OVERLAP if last is not None else started - since_hours * 3600
    api = _Api(app_id, private_key, base_url)
    summary = Summary()
    newest: dict[str, dict[str, Any]] = {}  # guid -> its newest attempt
    succeeded: set[str] = set()
    url: str | None = f"{api.base}/app/hook/deliveries?per_page=100"
    reached = False
    while url and summary.pages < max_pages:
        answer = api.call("GET", url)
        summary.pages += 1
        for item in answer.json():
            if _when(str(item["delivered_at"])) < since:
                reached = True
                break
            summary.seen += 1
            guid = str(item["guid"])
            newest.setdefault(guid, item)
            if 200 <= int(item.get("status_code") or 0) < 300:
                succeeded.add(guid)
        if reached:
            break
        url = answer.links.get("next", {}).get("url")
    summary.complete = reached or not url
    failed = sorted((item for guid, item in newest.items() if guid not in succeeded),
                    key=lambda item: _when(str(item["delivered_at"])))
    summary.failed = len(failed)
    left_over = started  # the oldest failure left for the next run by the bound
    for item in failed:
        guid, ident = str(item["guid"]), int(item["id"])
        if store.record(guid) is not None:
            summary.skipped += 1  # it reached the queue: the answer got lost, not the delivery
            continue
        asks = int(store.get(f"sweep-asks:{guid}") or 0)
        if asks >= MAX_ASKS:
            summary.skipped += 1
            continue
        if summary.asked >= max_redeliveries:
            log.line(sweep="bounded", guid=guid, delivery_id=ident, reason=f"{max_redeliveries} asked this run")
            summary.skipped += 1
            left_over = min(left_over, _when(str(item["delivered_at"])))
            continue
        if not store.put_if_empty(f"sweep:{guid}:{ident}", {"at": started}):
            summary.skipped += 1  # already asked for this attempt
            continue
        try:
            api.call("POST", f"{api.base}/app/hook/deliveries/{ident}/attempts")
        except GitHubError:
            store.delete(f"sweep:{guid}:{ident}")  # the next run asks again
            raise
        store.put(f"sweep-asks:{guid}", asks + 1)
        summary.asked += 1
        log.line(sweep="redeliver", guid=guid, delivery_id=ident, event=item.get("event"),
                 status_code=item.get("status_code"), ask=asks + 1,
                 **({"gave_up_after": MAX_ASKS} if asks + 1 == MAX_ASKS else {}))
    if summary.complete:  # the next run reads back to here (less OVERLAP), or to what the bound left
        store.put("sweeper:last", min(started, left_over + OVERLAP))
    log.line(sweep="done", seen=summary.seen, failed=summary.failed, asked=summary.asked, skipped=summary.skipped,
             pages=summary.pages, complete=summary.complete)
    return summary
