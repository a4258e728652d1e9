# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Who may give the bot a command in a pull request comment (``/commons recheck``, ``/commons fix``).

A command is acted on only in a new comment on an open pull request, from its author or from
someone with write access, and never from a bot, this one included (no loops, no noise).
"""

from __future__ import annotations

import re

from open_commons.github.context import Bot
from open_commons.model.github import IssueCommentEvent, Outcome, PullRequest

WRITERS = ("admin", "maintain", "write")


def accepted(bot: Bot, event: IssueCommentEvent, command: re.Pattern[str],
             handler: str) -> tuple[PullRequest | None, Outcome | None]:
    """(the open pull request the command is for, None) or (None, why it is ignored)."""
    if event.action != "created" or event.repo is None or event.author is None:
        return None, Outcome(handler, "ignored", f"issue_comment {event.action}")
    if event.author.is_bot or (event.sender is not None and event.sender.is_bot):
        return None, Outcome(handler, "ignored", "a bot's comment")
    if not event.on_pull or not command.search(event.body):
        return None, Outcome(handler, "ignored", "no command")
    repo = event.repo.full_name
    is_author = event.issue_author is not None and event.issue_author.login.lower() == event.author.login.lower()
    if not is_author and bot.port.permission(repo, event.author.login) not in WRITERS:
        return None, Outcome(handler, "ignored", f"{event.author.login} is neither the author nor a maintainer")
    pull = bot.port.get_pull(repo, event.number)
    if pull.state != "open":
        return None, Outcome(handler, "ignored", "closed")
    return pull, None
