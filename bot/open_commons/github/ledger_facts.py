# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What GitHub says of the pull requests a ledger records (``ledger.GitHubFacts``), over the REST API.

The facts GitHub keeps where a pusher cannot rewrite them: a pull request exists, was merged as a
given commit, by a given author, with the approvals its reviews show. Cost, for ``commons ledger
verify`` on the records an earlier run did not confirm:

- the pull requests: one ``GET /repos/{o}/{r}/pulls/{n}`` each, or, when many are asked about at
  once, the closed pull requests listed newest first, 100 a page, down to the oldest number asked
  (``GET /repos/{o}/{r}/pulls?state=closed``): a 2,000-record ledger costs some 20 pages, not 2,000
  requests;
- the approvals: ``GET /repos/{o}/{r}/pulls/{n}/reviews`` (every page, 100 reviews a page) per record
  that credits reviewers;
- the permissions: one ``GET /repos/{o}/{r}/collaborators/{u}/permission`` per reviewer, once.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from open_commons.errors import GitHubError
from open_commons.github.client import NotFound, PyGithubClient, _next_link, approvers, make_github
from open_commons.model.ledger import PullFacts

PAGE = 100  # the most GitHub lists in a page
MAX_PAGES = 1000  # 100,000 items: a loop, not a repository


class GitHubLedgerFacts:
    """``ledger.GitHubFacts`` for one repository; every answer is kept for the run, and ``requests``
    counts the requests made (each page one)."""

    def __init__(self, client: PyGithubClient, repository: str) -> None:
        self.client = client
        self.repository = repository
        self.requests = 0
        self._pulls: dict[int, PullFacts] = {}
        self._permissions: dict[str, str] = {}
        self._path = "/repos/" + "/".join(urllib.parse.quote(p, safe="") for p in repository.split("/", 1))

    def _get(self, what: str, url: str, query: Mapping[str, Any] | None) -> tuple[Any, Any]:
        requester = self.client.gh.requester
        self.requests += 1
        return self.client.retry.call(what, lambda: requester.requestJsonAndCheck("GET", url, parameters=query))

    def _pages(self, what: str, path: str, params: Mapping[str, Any]) -> Iterator[list[dict[str, Any]]]:
        """The pages of a list, following the ``Link`` header (each page retried alone)."""
        url: str | None = self.client.gh.requester.base_url + path
        query: dict[str, Any] | None = {**params, "per_page": PAGE}
        for _page in range(MAX_PAGES):
            if url is None:
                return
            headers, data = self._get(what, url, query)
            yield [d for d in data or () if isinstance(d, dict)]
            url, query = _next_link(headers), None
        raise GitHubError(f"{what}: more than {MAX_PAGES} pages")

    # -- pull requests --------------------------------------------------------
    def pulls(self, numbers: Collection[int]) -> Mapping[int, PullFacts]:
        wanted = sorted({n for n in numbers if n not in self._pulls})
        if wanted and listing_pays(wanted):
            self._list_closed(wanted)
        for n in wanted:
            if n not in self._pulls:
                self._pulls[n] = self._one(n)
        return {n: self._pulls[n] for n in numbers}

    def _one(self, number: int) -> PullFacts:
        try:
            _headers, data = self._get(f"GET pull {self.repository}#{number}",
                                       f"{self.client.gh.requester.base_url}{self._path}/pulls/{number}", None)
        except NotFound:  # no such pull request (an issue's number, or nothing)
            return PullFacts(number, False)
        if not isinstance(data, dict) or data.get("number") != number:
            raise GitHubError(f"GET pull {self.repository}#{number}: not a pull request in the answer")
        return pull_facts(data)

    def _list_closed(self, wanted: list[int]) -> None:
        """The closed pull requests, newest first, until the oldest number wanted is passed."""
        missing, lowest = set(wanted), wanted[0]
        params = {"state": "closed", "sort": "created", "direction": "desc"}
        for page in self._pages(f"GET closed pulls {self.repository}", f"{self._path}/pulls", params):
            numbers = [item["number"] for item in page if type(item.get("number")) is int]
            for item in page:
                if type(item.get("number")) is int and item["number"] in missing:
                    self._pulls[item["number"]] = pull_facts(item)
                    missing.discard(item["number"])
            if not numbers or not missing or min(numbers) < lowest:
                return

    # -- reviews and permissions ------------------------------------------------
    def approvals(self, numbers: Collection[int]) -> Mapping[int, tuple[str, ...]]:
        out = {}
        for n in sorted(set(numbers)):
            reviews = [(str((r.get("user") or {}).get("login") or "") or None, r.get("state"))
                       for page in self._pages(f"GET reviews {self.repository}#{n}", f"{self._path}/pulls/{n}/reviews",
                                               {})
                       for r in page]
            out[n] = tuple(approvers(reviews))
        return out

    def permissions(self, logins: Collection[str]) -> Mapping[str, str]:
        for login in sorted({x.lower() for x in logins} - set(self._permissions)):
            self.requests += 1
            self._permissions[login] = self.client.permission(self.repository, login)
        return {x.lower(): self._permissions[x.lower()] for x in logins}


def listing_pays(wanted: list[int]) -> bool:
    """True when listing the closed pull requests (a page per 100 numbers at most, from the newest)
    costs clearly less than reading each of ``wanted`` (sorted) alone."""
    return len(wanted) >= 20 and (wanted[-1] - wanted[0]) // PAGE + 2 < len(wanted) // 2


def pull_facts(item: Mapping[str, Any]) -> PullFacts:
    """The facts of a pull request from its JSON (listed or read alone)."""
    merged = bool(item.get("merged_at"))
    user = item.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    sha = item.get("merge_commit_sha") if merged else None
    return PullFacts(int(item["number"]), True, merged, sha.lower() if isinstance(sha, str) else "",
                     login if isinstance(login, str) else "")


def connect(token: str, repository: str, api_url: str | None = None) -> GitHubLedgerFacts:
    """The facts of ``repository`` read with ``token`` at ``api_url`` (default: $GITHUB_API_URL, else
    https://api.github.com)."""
    return GitHubLedgerFacts(PyGithubClient(make_github(token, api_url)), repository)
