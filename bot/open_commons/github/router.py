# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""One router composing one module per concern (python/bedevere style)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from open_commons.github import access, applications, fix_command, ledger_writer, pr_check, recheck
from open_commons.github.context import Bot
from open_commons.model.github import (
    CheckRunEvent,
    Event,
    IssueCommentEvent,
    IssuesEvent,
    Outcome,
    PingEvent,
    PullRequestEvent,
    PushEvent,
)

log = logging.getLogger("open_commons.github")
Handler = Callable[[Bot, Event], Outcome]


def _check_name(bot: Bot) -> str:
    return str(bot.details.get("check_name", "Open Commons"))


def dispatch(bot: Bot, event: Event) -> list[Outcome]:
    """Every handler interested in the event, in order; one failing does not stop the others."""
    handlers: list[tuple[str, Callable[[], Outcome]]] = []
    if isinstance(event, PingEvent):
        return [Outcome("ping", "done", event.zen)]
    allowed = bot.details.get("repositories")  # set by `commons bot`: the repositories it acts on
    if allowed is not None:
        name = event.repo.full_name.lower() if event.repo else ""
        if name not in {str(r).lower() for r in allowed}:  # type: ignore[attr-defined]
            return [Outcome("router", "ignored", f"repository {name or '?'} is not one this bot is configured for")]
    if isinstance(event, PullRequestEvent):
        handlers = [("pr_check", lambda: pr_check.handle(bot, event)),
                    ("ledger", lambda: ledger_writer.handle(bot, event))]
    elif isinstance(event, IssueCommentEvent):
        handlers = [("recheck", lambda: recheck.handle_comment(bot, event)),
                    ("fix", lambda: fix_command.handle_comment(bot, event))]
    elif isinstance(event, CheckRunEvent):
        handlers = [("recheck", lambda: recheck.handle_check_run(bot, event, _check_name(bot)))]
    elif isinstance(event, IssuesEvent):
        handlers = [("applications", lambda: applications.handle(bot, event))]
    elif isinstance(event, PushEvent):
        handlers = [("access", lambda: access.handle(bot, event))]
    if not handlers:
        return [Outcome("router", "ignored", f"{event.name} {event.action}".strip())]
    outcomes = []
    for name, run in handlers:
        try:
            outcomes.append(run())
        except Exception as err:
            log.error("handler %s failed: %s: %s", name, type(err).__name__, str(err)[:500])
            log.debug("handler %s failed", name, exc_info=True)  # the traceback, for whoever asks for it
            outcomes.append(Outcome(name, "error", f"{type(err).__name__}: {err}"))
    return outcomes
