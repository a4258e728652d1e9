# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``push`` to the default branch touching the partner registry: the teams of partners-only access follow it.

The App route of ``commons access apply --yes``: the registry and the policy are read from the pushed
commit of the base repository (trusted: it is on the default branch), the plan is made against the
teams' current membership, and applied unless an error finding blocks it. One JSON line per change
goes to the access log on the ledger branch, through the Contents API with the blob sha (optimistic
locking, retried on 409), hash-chained like the ledger. The installation needs the organisation
permission ``members: write`` (and ``contents: write`` for the log).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

from open_commons.access_log import Done, append_text, present, records_of
from open_commons.errors import GitHubError
from open_commons.github.client import Conflict, TeamPort
from open_commons.github.context import Bot
from open_commons.model import Config
from open_commons.model.access import Plan
from open_commons.model.github import Outcome, PushEvent, Repository

ATTEMPTS = 5
WATCHED_FILES = ("commons.yaml",)  # a change of policy (teams, maintainers, guard) is acted on too


def touches_registry(event: PushEvent, partners_root: str = "partners") -> bool:
    prefix = partners_root.rstrip("/") + "/"
    return event.truncated or any(p.startswith(prefix) or p in WATCHED_FILES for p in event.paths)


def handle(bot: Bot, event: PushEvent) -> Outcome:
    """The router calls this for every ``push`` event."""
    if event.repo is None or event.deleted or not event.after:
        return Outcome("access", "ignored", "push without a new commit")
    if event.branch != event.repo.default_branch:
        return Outcome("access", "ignored", f"push to {event.ref or '?'}, not to the default branch")
    if not touches_registry(event):
        return Outcome("access", "ignored", "the push does not touch partners/ or commons.yaml")
    return sync(bot, event.repo, event.after)


def sync(bot: Bot, repository: Repository, commit: str, *, attempts: int = ATTEMPTS) -> Outcome:
    """Plan and apply access from the registry at ``commit``; log the changes on the ledger branch."""
    from open_commons.access_sync import AccessConfigError, ApplyFailed, apply_plan, load_registry, make_plan
    from open_commons.sources.tree import load_config

    with bot.workspace.lease(repository, commit) as root:  # the registry as the pushed commit has it
        config = load_config(root)
        try:
            registry = load_registry(root, config)
        except AccessConfigError:
            return Outcome("access", "ignored", "partners.access.teams is not set in commons.yaml")
    port = cast(TeamPort, bot.port)
    plan = make_plan(registry, bot.clock(), port)
    if plan.blocked:
        codes = sorted({f.code for f in plan.findings if f.severity.value == "error"})
        return Outcome("access", "ignored", f"blocked, nothing applied: {', '.join(codes)}",
                       {"findings": [f.code for f in plan.findings]})
    try:
        done = apply_plan(port, plan, role=plan.policy.role)
    except ApplyFailed as err:
        _log(bot, repository, commit, config, plan, err.done, attempts)
        raise
    line = _log(bot, repository, commit, config, plan, done, attempts)
    if not done:
        return Outcome("access", "ignored", "nothing to change", {"changes": 0, "line": line})
    return Outcome("access", "done", f"{len(done)} change(s) applied, logged up to line {line}",
                   {"changes": [d.change.as_dict() | {"state": d.state} for d in done]})


def _log(bot: Bot, repository: Repository, commit: str, config: Config, plan: Plan, done: Sequence[Done],
         attempts: int) -> int:
    """Append the changes (after the accesses found in place that the log does not show yet) to the
    access log on the ledger branch; the number of its last line (0: nothing written)."""
    policy = plan.policy
    path = policy.log
    branch = config.settings.ledger.branch or repository.default_branch
    repo = repository.full_name
    port = bot.port
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for _attempt in range(attempts):
        current = port.read_file(repo, path, branch) if port.branch_sha(repo, branch) is not None else None
        text, sha = (current.text, current.sha) if current is not None else ("", None)
        items = present(plan, records_of(text)) + list(done)
        if not items:
            return 0
        if port.branch_sha(repo, branch) is None:
            port.create_branch(repo, branch, commit)
        new_text, _added = append_text(text, items, at=at, organization=policy.organization)
        message = f"Access: {len(done)} change(s) to {', '.join(policy.teams)} ({commit[:12]})"
        try:
            port.write_file(repo, path, branch, new_text, message, sha)
        except Conflict:
            continue
        return len(records_of(new_text))
    raise GitHubError(f"{path}@{branch}: still conflicting after {attempts} attempts")
