# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A rule's page (What, Why, Example, How to fix) in Markdown: docs/rules/, `commons rules CODE`, SARIF help,
and the rule's page on the site (``rule_sections``: the same texts, section by section)."""

from __future__ import annotations

from open_commons.i18n import N_, _
from open_commons.rules.registry import Rule


class _Placeholder(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"‹{key}›"


def shown(template: str) -> str:
    """A message template as a reader sees it: each ``{name}`` as ``‹name›``, ``{{`` as ``{``."""
    try:
        return template.format_map(_Placeholder())
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


def rule_summary(rule: Rule, lang: str) -> str:
    """The line under the page's title: the rule's title (bold), its severity and its family."""
    return (f"**{_(rule.title, lang)}** · " + _(N_("severity: {severity}"), lang, severity=rule.severity.value)
            + " · " + _(N_("family: {family}"), lang, family=rule.family))


def rule_sections(rule: Rule, lang: str) -> list[tuple[str, str]]:
    """(heading, Markdown) of each section of a rule's page, in ``lang``: What, Why, Example, How to fix."""
    fix = shown(_(rule.fix, lang))
    if rule.fixable:
        fix += "\n\n" + _(N_("`commons fix` makes this change for you."), lang)
    return [
        (_(N_("What"), lang), shown(_(rule.message, lang))),
        (_(N_("Why"), lang), shown(_(rule.why, lang))),
        (_(N_("Example"), lang), "```\n" + shown(_(rule.example, lang)).replace("\\n", "\n") + "\n```"),
        (_(N_("How to fix"), lang), fix),
    ]


def rule_page(rule: Rule, lang: str) -> str:
    lines = [f"# {rule.code} {rule.name}", "", rule_summary(rule, lang), ""]
    for heading, text in rule_sections(rule, lang):
        lines += ["## " + heading, "", text, ""]
    return "\n".join(lines)
