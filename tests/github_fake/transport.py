# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""HTTP plumbing of the fake GitHub: recorded requests, faults, errors, pagination."""

from __future__ import annotations

import math
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DOCS",
    "ApiError",
    "Fault",
    "RecordedRequest",
    "Response",
    "paginate",
]

DOCS = "https://docs.github.com/rest"

JSON = Any


class ApiError(Exception):
    """Raised by an endpoint to answer with GitHub's JSON error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: Sequence[Mapping[str, Any] | str] | None = None,  # GitHub gives strings for review errors
        headers: Mapping[str, str] | None = None,
        documentation_url: str = DOCS,
    ) -> None:
        super().__init__(f"{status} {message}")
        self.status = status
        self.message = message
        self.errors = list(errors) if errors else None
        self.headers = dict(headers or {})
        self.documentation_url = documentation_url

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            out["errors"] = self.errors
        out["documentation_url"] = self.documentation_url
        out["status"] = str(self.status)
        return out


def validation_failed(resource: str, field_name: str, code: str = "invalid", message: str | None = None) -> ApiError:
    """GitHub's 422 "Validation Failed" with one error entry."""
    err: dict[str, Any] = {"resource": resource, "field": field_name, "code": code}
    if message:
        err["message"] = message
    return ApiError(422, "Validation Failed", errors=[err])


@dataclass
class Response:
    """What an endpoint answers: a status, a JSON body (None: empty) and extra headers."""

    status: int
    body: JSON = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received and how it answered.

    ``query`` maps each parameter to its list of values; ``json`` is the parsed
    body (None when empty or not JSON); ``fault`` tells whether an injected fault
    answered; ``login`` is the authenticated user (None when not authenticated).
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    json: JSON
    body: bytes
    status: int
    fault: bool = False
    login: str | None = None

    def header(self, name: str) -> str | None:
        """A request header, case-insensitively."""
        lname = name.lower()
        for k, v in self.headers.items():
            if k.lower() == lname:
                return v
        return None

    def param(self, name: str) -> str | None:
        """The first value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Fault:
    """An injected answer (see ``FakeGitHub.inject``).

    ``status`` None means: wait ``delay`` then process the request normally.
    ``times`` None means forever. ``served`` counts the requests it answered.
    """

    method: str | None
    path_regex: re.Pattern[str]
    status: int | None
    times: int | None
    headers: dict[str, str]
    body: JSON
    delay: float
    served: int = 0
    delay_after: float = 0.0  # processed at once, answered this late (a timeout after the write)

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(0, self.times - self.served)

    def matches(self, method: str, path: str) -> bool:
        if self.remaining == 0:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_regex.search(path) is not None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def paginate(
    items: Sequence[Any],
    *,
    base_url: str,
    path: str,
    query: Mapping[str, list[str]],
    default_per_page: int = 30,
    max_per_page: int = 100,
) -> tuple[list[Any], dict[str, str]]:
    """Cut one page out of ``items`` like GitHub does and build the ``Link`` header.

    ``per_page`` above the maximum is clamped, below 1 falls back to the default;
    ``page`` below 1 is page 1. Links carry the other query parameters unchanged.
    """
    per_page = _int(_first(query, "per_page"), default_per_page)
    if per_page < 1:
        per_page = default_per_page
    per_page = min(per_page, max_per_page)
    page = max(1, _int(_first(query, "page"), 1))
    last = max(1, math.ceil(len(items) / per_page))
    chunk = list(items[(page - 1) * per_page : page * per_page])

    def link(n: int) -> str:
        params = {k: v for k, v in query.items() if k != "page"}
        params["page"] = [str(n)]
        return f"{base_url}{path}?{urllib.parse.urlencode(params, doseq=True)}"

    links = []
    if page > 1:
        links.append(f'<{link(min(page - 1, last))}>; rel="prev"')
    if page < last:
        links.append(f'<{link(page + 1)}>; rel="next"')
        links.append(f'<{link(last)}>; rel="last"')
    if page > 1:
        links.append(f'<{link(1)}>; rel="first"')
    headers = {"Link": ", ".join(links)} if links else {}
    return chunk, headers


def _first(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None
