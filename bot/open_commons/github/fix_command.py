# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``/commons fix`` in a pull request comment (App mode): the bot commits what ``commons fix`` writes.

Like pre-commit.ci's autofix: from the PR's author or a maintainer only, never from a bot; the
fixes are computed as for the suggestions (``app.suggest.pull_fixes``: the head commit in a lease,
the base commit's policy and registry) and committed to the PR's branch through the contents API,
one commit per file, each refused by GitHub if the file moved since (its blob sha is given). A
fork's branch takes them only when the PR allows edits by maintainers: otherwise the bot says how
to allow it. A new commit triggers the check again (``synchronize``).
"""

# i18n-catalog: bot

from __future__ import annotations

import re

from open_commons.github import commands
from open_commons.github.client import Conflict, Forbidden, NotFound, RuleViolation
from open_commons.github.context import Bot
from open_commons.i18n import LANGUAGES, N_, _
from open_commons.model.github import IssueCommentEvent, Outcome, PullRequest, Repository
from open_commons.reporters.escape import Into, escape

COMMAND = re.compile(r"^\s*/commons\s+fix\s*$", re.IGNORECASE | re.MULTILINE)
MARKER = "<!-- open-commons:fix -->"


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes: bytes that are not UTF-8
        return False
    return True


def _reply(bot: Bot, repo: str, number: int, text: str) -> None:
    bot.port.create_comment(repo, number, MARKER + "\n" + text + "\n")


def handle_comment(bot: Bot, event: IssueCommentEvent) -> Outcome:
    pull, ignored = commands.accepted(bot, event, COMMAND, "fix")
    if pull is None or event.repo is None:
        return ignored or Outcome("fix", "ignored", "no pull request")
    return fix_pull(bot, event.repo.full_name, pull, event.repo)


def fix_pull(bot: Bot, repo: str, pull: PullRequest, where: Repository | None = None) -> Outcome:
    """``where``: the base repository as the delivery names it (its clone URL is where to fetch from)."""
    from open_commons.app import suggest
    from open_commons.sources.tree import load_config

    head_repo = pull.head.repo
    base_repo = where if where is not None and where.clone_url else (pull.base.repo or Repository(repo))
    with bot.workspace.lease(base_repo, pull.base.sha, pull, (pull.head.sha,)) as root:
        config = load_config(root)
        lang = config.language if config.language in LANGUAGES else "fr"
        if head_repo is None:
            _reply(bot, repo, pull.number, _(N_("The branch of this pull request is gone (its fork was deleted): "
                                                "there is nowhere to commit the fixes."), lang))
            return Outcome("fix", "done", "no head repository")
        if pull.from_fork and not pull.maintainer_can_modify:
            _reply(bot, repo, pull.number, _(N_(
                "I cannot commit to this branch: the pull request does not allow edits by maintainers. Its "
                "author can tick **Allow edits by maintainers** in the right-hand column of the pull request, "
                "then comment `/commons fix` again. Or apply the suggested changes, or run `commons fix`."), lang))
            return Outcome("fix", "done", "edits by maintainers not allowed")
        changed = suggest.pull_fixes(root, pull, bot.clock())
    if not changed:
        _reply(bot, repo, pull.number, _(N_("Nothing to fix: `commons fix` changes nothing on this branch."), lang))
        return Outcome("fix", "done", "nothing to fix")
    committed: list[str] = []
    message = f"commons fix (#{pull.number})"
    for path, (before, after) in sorted(changed.items()):
        if not _is_text(after):
            continue  # not text (an attachment's bytes): left alone
        try:
            current = bot.port.read_file(head_repo.full_name, path, pull.head.sha)
            if (current.text if current else "") != before:
                raise Conflict(path)
            bot.port.write_file(head_repo.full_name, path, pull.head.ref, after, message,
                                current.sha if current else None)
        except Conflict:
            _reply(bot, repo, pull.number, _(N_("The branch changed while I was fixing {file}: comment `/commons fix` "
                                                "again."), lang, file=escape(path, Into.CODE)))
            return Outcome("fix", "done", f"conflict on {path}", {"committed": committed})
        except (Forbidden, NotFound, RuleViolation):
            _reply(bot, repo, pull.number, _(N_(
                "GitHub refused my commit on {branch}: the pull request may no longer allow edits by "
                "maintainers, or the App may lack the contents permission. Apply the suggested changes, or run "
                "`commons fix`."), lang, branch=escape(pull.head.ref, Into.CODE)))
            return Outcome("fix", "done", f"refused on {path}", {"committed": committed})
        committed.append(path)
    files = ", ".join(escape(p, Into.CODE) for p in committed)
    _reply(bot, repo, pull.number, _(N_("Done: `commons fix` committed its changes to {files} on {branch}. The check "
                                        "runs again on the new commit."), lang, files=files,
                                     branch=escape(pull.head.ref, Into.CODE)))
    return Outcome("fix", "done", f"#{pull.number}: {len(committed)} file(s) fixed", {"committed": committed})
