# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``/commons recheck`` in a PR comment (from its author or a maintainer) and check_run rerequested.

Comments written by bots, this one included, are never acted on (no loops, no noise).
"""

from __future__ import annotations

import re

from open_commons.github import commands, pr_check
from open_commons.github.context import Bot
from open_commons.model.github import CheckRunEvent, IssueCommentEvent, Outcome

COMMAND = re.compile(r"^\s*/commons\s+recheck\s*$", re.IGNORECASE | re.MULTILINE)


def handle_comment(bot: Bot, event: IssueCommentEvent) -> Outcome:
    pull, ignored = commands.accepted(bot, event, COMMAND, "recheck")
    if pull is None or event.repo is None:
        return ignored or Outcome("recheck", "ignored", "no pull request")
    return pr_check.check_pull(bot, event.repo.full_name, pull)


def handle_check_run(bot: Bot, event: CheckRunEvent, check_name: str) -> Outcome:
    if event.action != "rerequested" or event.repo is None:
        return Outcome("recheck", "ignored", f"check_run {event.action}")
    if event.check_name != check_name:
        return Outcome("recheck", "ignored", f"another check: {event.check_name}")
    repo = event.repo.full_name
    # check_run.pull_requests is empty for PRs from forks: find them by head sha
    numbers = event.pull_numbers or tuple(bot.port.open_pulls_for_sha(repo, event.head_sha))
    if not numbers:
        return Outcome("recheck", "ignored", "no open pull request for this commit")
    outcomes = []
    for number in numbers:
        pull = bot.port.get_pull(repo, number)
        if pull.state == "open" and pull.head.sha == event.head_sha:
            outcomes.append(pr_check.check_pull(bot, repo, pull))
    if not outcomes:
        return Outcome("recheck", "ignored", "the pull request moved on")
    return outcomes[-1]
