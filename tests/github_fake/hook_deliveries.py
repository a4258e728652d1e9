# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The App's webhook deliveries, as GitHub's REST description has them (App JWT only):

- ``GET /app/hook/deliveries`` (``per_page`` 1-100, default 30; ``cursor``; ``status`` = success |
  failure): "hook-delivery-item" objects, newest first, paginated by cursor in the ``Link`` header.
- ``POST /app/hook/deliveries/{delivery_id}/attempts``: ``202`` with ``{}``; a new delivery of the
  same ``guid`` with ``redelivery: true``, whose outcome is what ``on_redeliver`` answers (the
  status code of a real POST to the App's server, in a test); ``404`` for an unknown id.

A mixin of ``FakeGitHub``: its state lives in ``_hook_deliveries``.
"""

from __future__ import annotations

import itertools
import threading
import urllib.parse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .transport import ApiError, Response

if TYPE_CHECKING:
    from .server import _Ctx

_STATUS_TEXT = {200: "OK", 201: "OK", 202: "OK", 204: "OK", 0: "failed to connect", 401: "Invalid HTTP Response: 401",
                500: "Invalid HTTP Response: 500", 502: "Invalid HTTP Response: 502", 503: "Invalid HTTP Response: 503"}


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class HookDeliveries:
    url: str
    _hook_lock = threading.Lock()

    def _hook_state(self) -> dict[str, Any]:
        with self._hook_lock:
            if not hasattr(self, "_hook_deliveries"):
                self._hook_deliveries: dict[str, Any] = {
                    "items": [], "ids": itertools.count(90_000_001), "attempts": [], "on_redeliver": None}
            return self._hook_deliveries

    # --- test API -----------------------------------------------------------------------------

    def add_hook_delivery(self, guid: str, event: str, action: str | None = None, *, status_code: int = 200,
                          delivered_at: datetime | None = None, redelivery: bool = False,
                          installation_id: int | None = 1, repository_id: int | None = None) -> int:
        """Record a delivery GitHub made (``status_code`` 0: it could not connect); its id."""
        state = self._hook_state()
        with self._hook_lock:
            ident = next(state["ids"])
            state["items"].append({
                "id": ident, "guid": guid, "delivered_at": _iso(delivered_at or datetime.now(UTC)),
                "redelivery": redelivery, "duration": 0.05,
                "status": _STATUS_TEXT.get(status_code, f"Invalid HTTP Response: {status_code}"),
                "status_code": status_code, "event": event, "action": action,
                "installation_id": installation_id, "repository_id": repository_id, "throttled_at": None})
        return ident

    def on_redeliver(self, callback: Callable[[dict[str, Any]], int] | None) -> None:
        """``callback(delivery item) -> status code`` decides how a redelivery went."""
        self._hook_state()["on_redeliver"] = callback

    def hook_delivery_attempts(self) -> list[int]:
        """The delivery ids whose redelivery was asked for, in order."""
        return list(self._hook_state()["attempts"])

    def hook_deliveries(self) -> list[dict[str, Any]]:
        return [dict(item) for item in self._hook_state()["items"]]

    # --- routes -------------------------------------------------------------------------------

    def _hook_delivery_routes(self) -> list[tuple[str, str, Callable[[_Ctx], Response], str]]:
        return [
            ("GET", r"/app/hook/deliveries", self._list_hook_deliveries, "jwt"),
            ("POST", r"/app/hook/deliveries/(\d+)/attempts", self._redeliver_hook_delivery, "jwt"),
        ]

    def _list_hook_deliveries(self, ctx: _Ctx) -> Response:
        try:
            per_page = int(ctx.q("per_page", "30") or "30")
        except ValueError:
            raise ApiError(422, "Invalid per_page") from None
        if not 1 <= per_page <= 100:
            raise ApiError(422, "per_page must be between 1 and 100")
        status = ctx.q("status")
        if status not in (None, "success", "failure"):
            raise ApiError(422, "status must be success or failure")
        # newest first (GitHub's ids grow with time; here a test may date a delivery in the past)
        items = sorted(self._hook_state()["items"], key=lambda i: (i["delivered_at"], i["id"]), reverse=True)
        if status == "success":
            items = [i for i in items if 200 <= i["status_code"] < 400]
        elif status == "failure":
            items = [i for i in items if not 200 <= i["status_code"] < 400]
        cursor = ctx.q("cursor")
        if cursor:
            if not cursor.startswith("v1_") or not cursor[3:].isdigit():
                raise ApiError(422, "Invalid cursor")
            ids = [int(i["id"]) for i in items]
            after = ids.index(int(cursor[3:])) + 1 if int(cursor[3:]) in ids else len(items)
            items = items[after:]
        page = [dict(i) for i in items[:per_page]]
        headers = {}
        if len(items) > per_page:
            query = {"per_page": str(per_page), "cursor": f"v1_{page[-1]['id']}", **({"status": status} if status else {})}
            headers["Link"] = f'<{self.url}/app/hook/deliveries?{urllib.parse.urlencode(query)}>; rel="next"'
        return Response(200, page, headers)

    def _redeliver_hook_delivery(self, ctx: _Ctx) -> Response:
        state = self._hook_state()
        ident = int(ctx.args[0])
        found = [i for i in state["items"] if i["id"] == ident]
        if not found:
            raise ApiError(404, "Not Found")
        state["attempts"].append(ident)
        item = found[0]
        callback = state["on_redeliver"]
        status_code = callback(dict(item)) if callback else 200
        self.add_hook_delivery(item["guid"], item["event"], item["action"], status_code=status_code, redelivery=True,
                               installation_id=item["installation_id"], repository_id=item["repository_id"])
        return Response(202, {})
