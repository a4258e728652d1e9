# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A rule's page (What, Why, Example, How to fix) in Markdown: docs/rules/, `commons rules CODE`, SARIF help."""

from __future__ import annotations

from open_commons.i18n import N_, _
from open_commons.rules.registry import Rule


def rule_page(rule: Rule, lang: str) -> str:
    return "\n".join(
        [
            f"# {rule.code} {rule.name}",
            "",
            f"**{_(rule.title, lang)}** · " + _(N_("severity: {severity}"), lang, severity=rule.severity.value)
            + " · " + _(N_("family: {family}"), lang, family=rule.family),
            "",
            "## " + _(N_("What"), lang),
            "",
            _(rule.message, lang),
            "",
            "## " + _(N_("Why"), lang),
            "",
            _(rule.why, lang),
            "",
            "## " + _(N_("Example"), lang),
            "",
            "```",
            _(rule.example, lang).replace("\\n", "\n"),
            "```",
            "",
            "## " + _(N_("How to fix"), lang),
            "",
            _(rule.fix, lang),
            "",
            *([_(N_("`commons fix` makes this change for you."), lang), ""] if rule.fixable else []),
        ]
    )
