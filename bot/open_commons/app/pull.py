# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Use case: the verdict on one pull request, computed from git objects in a workspace whose
working tree is the PR's base commit (its commons.yaml and partners/ are the policy).

The same call serves ``commons bot report`` (no token), ``commons bot publish`` (which recomputes
it in the base repository instead of trusting an artifact) and the App.
"""

from __future__ import annotations

from dataclasses import dataclass

from open_commons.app.check import check_change
from open_commons.app.workspace import Workspace
from open_commons.model.github import PullRequest
from open_commons.model.report import Report

MAINTAINERS = ("OWNER", "MEMBER", "COLLABORATOR")


@dataclass(frozen=True)
class PullVerdict:
    number: int
    head_sha: str
    base_sha: str
    author: str
    report: Report
    partner: str | None  # from the base commit's registry, on the day of the check
    maintainer: bool  # from the API's author_association (never from an artifact)


def pull_verdict(ws: Workspace, pull: PullRequest) -> PullVerdict:
    report = check_change(ws, pull.base.sha, pull.head.sha)
    return PullVerdict(pull.number, pull.head.sha, pull.base.sha, pull.author.login, report,
                       ws.partner_of(pull.author.login),
                       pull.author_association in MAINTAINERS or pull.author.is_bot)
