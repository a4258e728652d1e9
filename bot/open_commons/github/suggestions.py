# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What ``commons fix`` would change on a pull request, posted as one review of suggested changes.

Each change whose lines are in the PR's diff becomes a ``suggestion`` block on those lines: the
partner clicks "Commit suggestion" (or adds them all to a batch) in the browser, and the file
is then exactly what ``commons fix`` writes. Otherwise the review's text gives the complete
corrected front-matter to paste. One review per head commit (a hidden marker holds the sha), so
a second delivery for the same head posts nothing; instructions are never inside a block (the
blocks are copied as they are).
"""

# i18n-catalog: bot

from __future__ import annotations

from open_commons.app.suggest import Plan, Suggestion
from open_commons.github.context import Bot
from open_commons.i18n import N_, _
from open_commons.model.github import PullRequest, ReviewComment
from open_commons.reporters.escape import GITHUB_MAX_BODY, Into, escape, fence, size, visible

MARKER = "<!-- open-commons:suggestions {sha} -->"
MAX_SUGGESTIONS = 50


def _marker(sha: str) -> str:
    return MARKER.format(sha=sha if all(c in "0123456789abcdef" for c in sha) else "-")


def suggestion_body(s: Suggestion, lang: str) -> str:
    intro = _(N_("`commons fix` would write these lines:"), lang)
    return intro + "\n\n" + fence("\n".join(s.lines), "suggestion") + "\n"


def review_body(plan: Plan, head_sha: str, lang: str, *, can_command: bool) -> str:
    lines = [_marker(head_sha), "### " + _(N_("Open Commons can write the fixes for you"), lang), ""]
    if plan.suggestions:
        lines += [_(N_("Below, each suggested change is a fix that needs no judgement. Click **Commit suggestion** on "
                       "each one, or **Add suggestion to batch** on all of them then **Commit suggestions**."), lang),
                  ""]
    for block in plan.blocks:
        where = escape(block.path, Into.CODE)
        if block.kind == "front-matter":
            lines += [_(N_("In {file}, replace the front-matter (the lines between the two `---`) with these lines, "
                           "then commit:"), lang, file=where), "", fence(block.text, "yaml"), ""]
        elif block.kind == "file":
            lines += [_(N_("Replace the whole content of {file} with these lines (create the file if it does not "
                           "exist), then commit:"), lang, file=where), "", fence(block.text), ""]
        else:
            lines += [_(N_("{file}: the fixes are too far from the lines this pull request changes to be suggested "
                           "here; run `commons fix` on your computer."), lang, file=where), ""]
    lines.append(_(N_("On your computer, `commons fix` makes the same changes."), lang))
    if can_command:
        lines.append(_(N_("A maintainer or the author of this pull request can also comment `/commons fix`: the bot "
                          "then commits them to the branch."), lang))
    return "\n".join(lines) + "\n"


def post(bot: Bot, repo: str, pull: PullRequest, plan: Plan, lang: str, *, can_command: bool = False) -> str:
    """Post the review for the PR's head once; returns created, unchanged or nothing."""
    if not plan:
        return "nothing"
    marker = _marker(pull.head.sha)
    if any(marker in r.body and r.author.is_bot for r in bot.port.reviews(repo, pull.number)):
        return "unchanged"
    suggestions = plan.suggestions[:MAX_SUGGESTIONS]
    comments = [ReviewComment(s.path, s.end, suggestion_body(s, lang), s.start if s.start < s.end else None)
                for s in suggestions]
    body = review_body(plan, pull.head.sha, lang, can_command=can_command)
    if size(body) > GITHUB_MAX_BODY or any(size(c.body) > GITHUB_MAX_BODY for c in comments) \
            or any(visible(ln) != ln for s in suggestions for ln in s.lines):
        # too long, or lines a block would not show as they are: only the advice
        body = "\n".join([marker, _(N_("On your computer, `commons fix` makes the same changes."), lang)]) + "\n"
        comments = []
    bot.port.create_review(repo, pull.number, pull.head.sha, body, comments)
    return "created"
