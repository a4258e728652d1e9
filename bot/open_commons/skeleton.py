# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A new resource's text: complete front-matter (with REUSE tags) and a body outline by type."""

from __future__ import annotations

import datetime as dt
import unicodedata

from open_commons.i18n import N_, _
from open_commons.model import Config
from open_commons.sources import yamlio

_OUTLINES: dict[str, list[str]] = {
    "guide": [N_("Why"), N_("Steps"), N_("Roles and time"), N_("Pitfalls"), N_("Checklist")],
    "document-template": [N_("How to use this template"), N_("The template"), N_("Adapting it")],
    "budget": [N_("Hypotheses"), N_("Budget lines"), N_("How to adapt it")],
    "schedule": [N_("Hypotheses"), N_("Week by week"), N_("How to adapt it")],
    "job-description": [N_("Mission"), N_("Activities"), N_("Skills"), N_("Profile"), N_("Conditions")],
    "tutorial": [N_("What you will build"), N_("Before you start"), N_("Steps"), N_("Exercises")],
    "course-content": [N_("Objectives"), N_("Sequence"), N_("Assessment")],
    "checklist": [N_("Before"), N_("During"), N_("After")],
    "charter": [N_("Commitments"), N_("In return"), N_("Review and suspension")],
}


def humanize(slug: str) -> str:
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def has_control(text: str) -> bool:
    """True when ``text`` holds a line break or another control character."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


def one_line(text: str) -> str:
    """``text`` on one line: every line break and control character becomes a space."""
    return " ".join("".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text).split())


def resource_text(
    config: Config,
    rtype: str,
    rid: str,
    *,
    title: str,
    author: str,
    partner: str | None,
    lang: str,
    today: dt.date,
) -> str:
    phase = rid.split("/")[0]
    phases = [phase] if phase in config.vocabulary("phases") else [next(iter(config.vocabulary("phases").labels))]
    type_label = config.vocabulary("types").label(rtype, lang)
    person: dict[str, str] = {"name": author}
    if partner:
        person["partner"] = partner
    data = {
        "schema_version": 1,
        "id": rid,
        "title": title,
        "description": _(N_("{type}: {title}."), lang, type=type_label, title=title),
        "type": rtype,
        "phases": phases,
        "language": lang,
        "version": "0.1.0",
        "status": "draft",
        "access": config.access,
        "authors": [person],
        "date_created": today,  # a date, written unquoted like the shipped resources' dates
        "date_modified": today,
    }
    holder = one_line(author)  # a comment line: a line break would start a YAML key
    head = (
        "---\n"
        # REUSE-IgnoreStart
        f"# SPDX-FileCopyrightText: {today.year} {holder}\n"
        f"# SPDX-License-Identifier: {config.settings.licensing.outbound}\n"
        # REUSE-IgnoreEnd
    )
    body = [f"# {title}", ""]
    for heading in _OUTLINES.get(rtype, _OUTLINES["guide"]):
        body += [f"## {_(heading, lang)}", ""]
    return head + yamlio.dump(data) + "---\n\n" + "\n".join(body)
