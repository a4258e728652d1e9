# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``/commons recheck`` in a PR comment (from its author or a maintainer) and check_run rerequested.

Comments written by bots, this one included, are never acted on (no loops, no noise).
"""

from __future__ import annotations

import re

from open_commons.github import pr_check
from open_commons.github.context import Bot
from open_commons.model.github import CheckRunEvent, IssueCommentEvent, Outcome

COMMAND = re.compile(r"^\s*/commons\s+recheck\s*$", re.IGNORECASE | re.MULTILINE)
WRITERS = ("admin", "maintain", "write")


def handle_comment(bot: Bot, event: IssueCommentEvent) -> Outcome:
    if event.action != "created" or event.repo is None or event.author is None:
        return Outcome("recheck", "ignored", f"issue_comment {event.action}")
    if event.author.is_bot or (event.sender is not None and event.sender.is_bot):
        return Outcome("recheck", "ignored", "a bot's comment")
    if not event.on_pull or not COMMAND.search(event.body):
        return Outcome("recheck", "ignored", "no command")
    repo = event.repo.full_name
    is_author = event.issue_author is not None and event.issue_author.login.lower() == event.author.login.lower()
    if not is_author and bot.port.permission(repo, event.author.login) not in WRITERS:
        return Outcome("recheck", "ignored", f"{event.author.login} is neither the author nor a maintainer")
    pull = bot.port.get_pull(repo, event.number)
    if pull.state != "open":
        return Outcome("recheck", "ignored", "closed")
    return pr_check.check_pull(bot, repo, pull)


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
