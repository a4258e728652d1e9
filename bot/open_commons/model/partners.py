# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Partners and their identities (GitHub logins, emails, email domains), each with a date range.

Standard library only. Dates are ISO strings (``YYYY-MM-DD``), compared as strings; a range is
inclusive at both ends and open when a bound is missing (like SortingHat enrollments).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class IdentityKind(enum.StrEnum):
    GITHUB = "github"
    EMAIL = "email"
    DOMAIN = "domain"


class PartnerStatus(enum.StrEnum):
    APPLICANT = "applicant"
    VALIDATED = "validated"
    SUSPENDED = "suspended"
    LEFT = "left"


def in_range(day: str, since: str | None, until: str | None) -> bool:
    """True when ``day`` (YYYY-MM-DD) is within [since, until]; a missing bound is open."""
    return (since is None or since <= day) and (until is None or day <= until)


def ranges_overlap(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    lo = max(a[0] or "", b[0] or "")
    hi_a, hi_b = a[1] or "9999-12-31", b[1] or "9999-12-31"
    return lo <= min(hi_a, hi_b)


@dataclass(frozen=True)
class Identity:
    """One way a partner shows up: a GitHub login, an email or an email domain (lower case)."""

    kind: IdentityKind
    value: str
    since: str | None = None
    until: str | None = None
    login: str | None = None  # for an email listed under a GitHub login: that login
    name: str | None = None
    index: int = 0  # position in the partner file's identities (for line numbers)

    def active_at(self, day: str) -> bool:
        return in_range(day, self.since, self.until)

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.value}"


@dataclass(frozen=True)
class StatusChange:
    status: PartnerStatus
    since: str
    note: str = ""


@dataclass(frozen=True)
class Commitment:
    charter: str  # id of the charter resource
    version: str
    signed_on: str
    signed_by: str = ""


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    territory: str
    status: PartnerStatus
    history: tuple[StatusChange, ...] = ()
    commitment: Commitment | None = None
    identities: tuple[Identity, ...] = ()
    contacts: tuple[dict[str, str], ...] = field(default=(), compare=False)
    website: str | None = None
    path: str = ""

    @property
    def validated_on(self) -> str | None:
        """The first day the partner was validated (None if never)."""
        return next((c.since for c in self.history if c.status is PartnerStatus.VALIDATED), None)

    def status_at(self, day: str) -> PartnerStatus | None:
        current = None
        for change in sorted(self.history, key=lambda c: c.since):
            if change.since <= day:
                current = change.status
        return current


@dataclass(frozen=True)
class Mailmap:
    """git's .mailmap: (commit email, commit name or None) -> (proper name or None, proper email or None)."""

    entries: Mapping[tuple[str, str | None], tuple[str | None, str | None]] = field(default_factory=dict)

    def canonical(self, name: str, email: str) -> tuple[str, str]:
        key_email = email.lower()
        found = self.entries.get((key_email, name)) or self.entries.get((key_email, None))
        if not found:
            return name, key_email
        proper_name, proper_email = found
        return proper_name or name, (proper_email or key_email).lower()


# --- reading (pure: data in, values out) ----------------------------------------


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _identities(items: Any) -> Iterable[Identity]:
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        since, until, name = _str(item.get("since")), _str(item.get("until")), _str(item.get("name"))
        login = _str(item.get("github"))
        if login:
            yield Identity(IdentityKind.GITHUB, login.lower(), since, until, None, name, index)
            emails = item.get("emails")
            for email in emails if isinstance(emails, list) else ():
                if _str(email):
                    yield Identity(IdentityKind.EMAIL, email.lower(), since, until, login.lower(), name, index)
        elif _str(item.get("email")):
            yield Identity(IdentityKind.EMAIL, item["email"].lower(), since, until, None, name, index)
        elif _str(item.get("domain")):
            yield Identity(IdentityKind.DOMAIN, item["domain"].lower(), since, until, None, name, index)


def partner_from_data(data: Mapping[str, Any], path: str) -> Partner | None:
    """A Partner from the data of ``partners/<id>.yaml``; what cannot be understood is skipped
    (the schema rule reports it)."""
    if not isinstance(data, Mapping):
        return None
    pid = _str(data.get("id")) or path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    history = []
    for change in data.get("history") or ():
        if isinstance(change, Mapping) and change.get("status") in PartnerStatus._value2member_map_ and _str(change.get("since")):
            history.append(StatusChange(PartnerStatus(change["status"]), change["since"], str(change.get("note", ""))))
    status = data.get("status")
    commitment = None
    raw = data.get("commitment")
    if isinstance(raw, Mapping) and _str(raw.get("signed_on")):
        commitment = Commitment(str(raw.get("charter", "")), str(raw.get("version", "")), raw["signed_on"],
                                str(raw.get("signed_by", "")))
    contacts = tuple(
        {str(k): str(v) for k, v in c.items()} for c in data.get("contacts") or () if isinstance(c, Mapping)
    )
    return Partner(
        id=pid,
        name=str(data.get("name") or pid),
        kind=str(data.get("kind") or "other"),
        territory=str(data.get("territory") or ""),
        status=PartnerStatus(str(status)) if status in PartnerStatus._value2member_map_ else PartnerStatus.APPLICANT,
        history=tuple(history),
        commitment=commitment,
        identities=tuple(_identities(data.get("identities"))),
        contacts=contacts,
        website=_str(data.get("website")),
        path=path,
    )


_MAILMAP_LINE = re.compile(r"^\s*(?P<n1>[^<#]*?)\s*<(?P<e1>[^>]*)>\s*(?:(?P<n2>[^<#]*?)\s*<(?P<e2>[^>]*)>)?\s*(?:#.*)?$")


def parse_mailmap(text: str) -> Mailmap:
    entries: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _MAILMAP_LINE.match(raw)
        if not m:
            continue
        n1, e1, n2, e2 = m.group("n1") or None, m.group("e1"), m.group("n2") or None, m.group("e2")
        if e2 is None:  # "Proper Name <commit@email>"
            entries[(e1.lower(), None)] = (n1, None)
        else:  # "[Proper Name] <proper@email> [Commit Name] <commit@email>"
            entries[(e2.lower(), n2)] = (n1, e1.lower() or None)
    return Mailmap(entries)
