# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What a worker runs for a delivery: a Bot acting with the App installation's token (or
$GITHUB_TOKEN), on a clone cache, through the router; the GitHub rate limit left goes to metrics.

The same composition as ``commons bot handle`` (cli/bot.py), for a long-running process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from open_commons.github.compose import check_name, make_bot, repositories, token_for
from open_commons.model.github import Event, Outcome
from open_commons.service import metrics


def dispatcher(app_id: int | None, key: str | None, clone_cache: Path, root: Path | None
               ) -> Callable[[Event], list[Outcome]]:
    from open_commons.github import router

    name = check_name(root)
    allowed = repositories(root)

    def dispatch(event: Event) -> list[Outcome]:
        token = token_for(event.installation_id, app_id, key)
        bot = make_bot(token, root, clone_cache, name, app_id)
        bot.details["repositories"] = allowed  # read once for the process, not per delivery
        bot.details["app"] = True  # `/commons fix` commits: the App can push to a PR that allows it
        gh = bot.port.gh
        try:
            return router.dispatch(bot, event)
        finally:
            # the last answer's X-RateLimit-Remaining, as PyGithub's requester keeps it (reading
            # Github.rate_limiting would ask GitHub when no answer came yet)
            requester = getattr(gh, "_Github__requester", None)
            remaining = getattr(requester, "rate_limiting", (-1, -1))[0]
            if isinstance(remaining, int) and remaining >= 0:
                metrics.RATE_LIMIT.set(remaining)

    return dispatch
