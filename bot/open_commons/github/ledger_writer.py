# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Pull request closed with merged = true: one ledger record, on the ledger branch.

Written through the Contents API with the blob sha (optimistic locking): read the ledger and its
sha, append with issue 5's ``ledger.append_to_text`` (idempotent on PR number and merge sha),
write it back with that sha; on 409 someone wrote first: read again and retry. A re-delivered
event finds its record and writes nothing. Nothing of the PR is checked out: its files, commits
and reviews come from the API; the policy and the partners from the base repository.
"""

from __future__ import annotations

from open_commons.errors import GitHubError
from open_commons.github.client import Conflict
from open_commons.github.context import Bot
from open_commons.identity import Registry
from open_commons.model.github import Outcome, PullRequest, PullRequestEvent, Repository
from open_commons.model.ledger import PullRequest as LedgerPR

ATTEMPTS = 5


def handle(bot: Bot, event: PullRequestEvent) -> Outcome:
    pull = event.pull
    if event.action != "closed" or pull is None or event.repo is None:
        return Outcome("ledger", "ignored", f"pull_request {event.action}")
    if not pull.merged:
        return Outcome("ledger", "ignored", "closed without merge")
    return record(bot, event.repo, pull)


def _utc(ts: str) -> str:
    ts = ts.replace("+00:00", "Z")
    return ts[:19] + "Z" if len(ts) > 20 and ts.endswith("Z") else ts


def _reviewers(bot: Bot, repo: str, pull: PullRequest, policy: str, registry: Registry | None) -> tuple[str, ...]:
    """The approvals that count: from someone with write access to the repository (GitHub's own rule for
    a review that can count), or, when ``ledger.reviews_from`` is ``writers-and-partners``, from a
    person of a partner validated on the merge day. A read-only stranger's approval is not credit
    (``commons ledger verify`` checks the same with ``rules.ledger.check_with_github``)."""
    from open_commons.rules.ledger import PARTNER_REVIEWS, WRITERS, partner_reviewer

    day = (pull.merged_at or "")[:10]
    out = []
    for login in bot.port.pull_approvers(repo, pull.number):
        if login.lower() == pull.author.login.lower():
            continue
        if (policy == PARTNER_REVIEWS and partner_reviewer(registry, login, day)) or \
                bot.port.permission(repo, login) in WRITERS:
            out.append(login)
    return tuple(out)


def ledger_pull(bot: Bot, repo: str, pull: PullRequest, *, reviews_from: str = "writers",
                registry: Registry | None = None) -> LedgerPR:
    """The facts the ledger needs, from the API (files, Co-authored-by trailers, approvals that count)."""
    assert pull.merge_sha and pull.merged_at
    port = bot.port
    return LedgerPR(
        number=pull.number,
        merge_sha=pull.merge_sha,
        merged_at=_utc(pull.merged_at),
        author=pull.author.login,
        files=tuple(port.pull_files(repo, pull.number)),
        co_authors=tuple(port.pull_co_authors(repo, pull.number)),
        reviewers=_reviewers(bot, repo, pull, reviews_from, registry),
    )


def record(bot: Bot, repository: Repository, pull: PullRequest, *, attempts: int = ATTEMPTS) -> Outcome:
    from open_commons.identity import Registry
    from open_commons.ledger import LedgerConflict, append_to_text, verify_append_only
    from open_commons.sources.partners import load_documents, load_mailmap, partners_from, partners_root
    from open_commons.sources.tree import load_config

    repo = repository.full_name
    assert pull.merge_sha
    # the policy and the partners as they were just before the merge (its first parent): a pull request
    # adding its author to a partner's identities gets no credit from it (tests/reliability/test_access.py)
    with bot.workspace.lease(repository, f"{pull.merge_sha}^1") as root:
        config = load_config(root)
        registry = Registry(partners_from(load_documents(root, config), partners_root(config)),
                            load_mailmap(root))
    path = config.settings.ledger.path
    branch = (config.settings.ledger.branch or repository.default_branch)
    facts = ledger_pull(bot, repo, pull, reviews_from=config.settings.ledger.reviews_from, registry=registry)

    port = bot.port
    if port.branch_sha(repo, branch) is None:
        port.create_branch(repo, branch, pull.merge_sha)
    conflicts = 0
    for _attempt in range(attempts):
        current = port.read_file(repo, path, branch)
        text, sha = (current.text, current.sha) if current is not None else ("", None)
        try:
            result = append_to_text(text, facts, registry, content_root=config.content_root)
        except LedgerConflict as err:
            return Outcome("ledger", "error", str(err))
        if not result.appended:
            return Outcome("ledger", "ignored", f"#{pull.number} already on line {result.line}",
                           {"line": result.line})
        if verify_append_only(text if text.endswith("\n") or not text else text + "\n", result.text, path=path):
            raise GitHubError(f"refusing to write {path}: the new text does not only append to the old one")
        message = f"Ledger: #{pull.number} ({pull.merge_sha[:12]})"
        try:
            port.write_file(repo, path, branch, result.text, message, sha)
        except Conflict:
            conflicts += 1
            continue
        return Outcome("ledger", "done", f"#{pull.number} recorded on line {result.line}",
                       {"line": result.line, "partners": list(result.record.get("partners", [])),
                        "conflicts": conflicts})
    raise GitHubError(f"{path}@{branch}: still conflicting after {attempts} attempts")
