# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Identity resolution: who is behind a login or an email, for which partner, on which day.

Rules (DESIGN §7, issue 5):

- the PR author's GitHub login is authoritative: an unknown login is unaffiliated, its commit
  emails are not used to guess;
- a ``Co-authored-by:`` trailer is credited only when its email maps to a registered identity at
  that date (an exact email, an email listed under a login, or a GitHub noreply address of a
  registered login); a trailer matched only by an email *domain* is credited only when the PR
  author belongs to that same partner (a colleague), so that a spoofed trailer never brings a
  partner credit; a co-author never overrides the author;
- an identity mapped to two partners on the same day is a conflict: nobody is credited through
  it, and ``commons check`` reports it (PTN004);
- ``.mailmap`` is applied to every email before it is looked up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from open_commons.model.ledger import CoAuthor, PullRequest
from open_commons.model.partners import Identity, IdentityKind, Mailmap, Partner, PartnerStatus, ranges_overlap

NOREPLY = re.compile(r"^(?:\d+\+)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)@users\.noreply\.github\.com$")
TRAILER = re.compile(r"^\s*(?P<name>.*?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>\s*$")


def parse_trailer(value: str) -> CoAuthor | None:
    """``Name <email>`` -> CoAuthor; None when the value has no email."""
    m = TRAILER.match(value)
    return CoAuthor(m.group("name"), m.group("email").lower()) if m else None


@dataclass(frozen=True)
class Resolution:
    partner: str | None
    via: str | None = None  # the identity that matched, e.g. "domain:simplon.co"
    conflict: tuple[str, ...] = ()  # the partners an ambiguous identity maps to
    exact: bool = False  # matched a person (login, email), not only a domain

    @property
    def affiliated(self) -> bool:
        return self.partner is not None


UNAFFILIATED = Resolution(None)


@dataclass(frozen=True)
class Conflict:
    key: str  # e.g. "github:awadiallo"
    first: tuple[str, Identity]
    second: tuple[str, Identity]


@dataclass(frozen=True)
class Credit:
    """Who a merged PR is credited to."""

    author_login: str | None
    author_partner: str | None
    co_authors: tuple[tuple[CoAuthor, str], ...]  # credited co-authors and their partner
    reviewers: tuple[tuple[str, str | None], ...]
    uncredited: tuple[CoAuthor, ...]  # trailers that gave no credit
    conflicts: tuple[str, ...]  # identity keys that were ambiguous

    @property
    def partners(self) -> tuple[str, ...]:
        found = {p for _, p in self.co_authors}
        if self.author_partner:
            found.add(self.author_partner)
        return tuple(sorted(found))


class Registry:
    """Every partner identity, indexed by kind and value."""

    def __init__(self, partners: Iterable[Partner], mailmap: Mailmap | None = None) -> None:
        self.partners = {p.id: p for p in partners}
        self.mailmap = mailmap or Mailmap()
        self._index: dict[tuple[IdentityKind, str], list[tuple[str, Identity]]] = defaultdict(list)
        for partner in self.partners.values():
            for ident in partner.identities:
                self._index[(ident.kind, ident.value)].append((partner.id, ident))

    def fingerprint(self) -> str:
        """Changes whenever an identity, its dates or the mailmap change."""
        import hashlib

        parts = sorted(f"{pid}|{i.key}|{i.since}|{i.until}|{i.login}" for key, entries in self._index.items()
                       for pid, i in entries)
        parts += sorted(f"{k}|{v}" for k, v in self.mailmap.entries.items())
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()

    # --- lookups ---------------------------------------------------------------

    def matches(self, kind: IdentityKind, value: str, day: str) -> list[tuple[str, Identity]]:
        return [(pid, i) for pid, i in self._index.get((kind, value.lower()), ()) if i.active_at(day)]

    def _resolve(self, found: list[tuple[str, Identity]], exact: bool) -> Resolution | None:
        partners = sorted({pid for pid, _ in found})
        if not partners:
            return None
        if len(partners) > 1:
            return Resolution(None, found[0][1].key, tuple(partners), exact)
        return Resolution(partners[0], found[0][1].key, (), exact)

    def by_login(self, login: str | None, day: str) -> Resolution:
        if not login:
            return UNAFFILIATED
        return self._resolve(self.matches(IdentityKind.GITHUB, login, day), True) or UNAFFILIATED

    def canonical_email(self, email: str, name: str = "") -> str:
        return self.mailmap.canonical(name, email)[1]

    def login_for_email(self, email: str, day: str, name: str = "") -> str | None:
        """The GitHub login behind an email: a noreply address, or an email listed under a login."""
        email = self.canonical_email(email, name)
        m = NOREPLY.match(email)
        if m:
            return m.group(1)
        logins = {i.login for _, i in self.matches(IdentityKind.EMAIL, email, day) if i.login}
        return logins.pop() if len(logins) == 1 else None

    def by_email(self, email: str, day: str, name: str = "", *, domains: bool = True) -> Resolution:
        """Exact email first, then a noreply login, then (when ``domains``) the email's domain."""
        email = self.canonical_email(email, name)
        exact = self._resolve(self.matches(IdentityKind.EMAIL, email, day), True)
        if exact:
            return exact
        m = NOREPLY.match(email)
        if m:
            return self.by_login(m.group(1), day)
        if domains and "@" in email:
            domain = email.rsplit("@", 1)[1]
            parts = domain.split(".")
            for start in range(len(parts) - 1):  # sub.example.org, then example.org
                found = self._resolve(self.matches(IdentityKind.DOMAIN, ".".join(parts[start:]), day), False)
                if found:
                    return found
        return UNAFFILIATED

    def who(self, identity: str, day: str | None = None) -> list[tuple[str, Identity]]:
        """Every partner identity matching ``identity`` (a login, an email or a domain), on ``day`` if given."""
        value = identity.strip().lower()
        keys: list[tuple[IdentityKind, str]] = []
        if "@" in value:
            email = self.canonical_email(value)
            keys.append((IdentityKind.EMAIL, email))
            m = NOREPLY.match(email)
            if m:
                keys.append((IdentityKind.GITHUB, m.group(1)))
            parts = email.rsplit("@", 1)[1].split(".")
            keys += [(IdentityKind.DOMAIN, ".".join(parts[i:])) for i in range(len(parts) - 1)]
        else:
            keys += [(IdentityKind.GITHUB, value.removeprefix("@")), (IdentityKind.DOMAIN, value)]
        out = []
        for key in keys:
            for pid, ident in self._index.get(key, ()):
                if day is None or ident.active_at(day):
                    out.append((pid, ident))
        return out

    def conflicts(self) -> list[Conflict]:
        """Identities mapped to two partners over overlapping dates."""
        out = []
        for key, entries in self._index.items():
            for a in range(len(entries)):
                for b in range(a + 1, len(entries)):
                    (pa, ia), (pb, ib) = entries[a], entries[b]
                    if pa != pb and ranges_overlap((ia.since, ia.until), (ib.since, ib.until)):
                        out.append(Conflict(f"{key[0].value}:{key[1]}", entries[a], entries[b]))
        return out

    # --- credit ------------------------------------------------------------------

    def creditable(self, partner: str | None, day: str) -> str | None:
        """``partner`` when it was a validated partner on ``day``, else None.

        Only validated partners are credited: an applicant, a suspended partner or one that left
        gets no contribution under its name (its members count as unaffiliated).
        """
        found = self.partners.get(partner) if partner else None
        if found is None:
            return None
        status = found.status_at(day) if found.history else found.status
        return partner if status is PartnerStatus.VALIDATED else None

    def credit(self, pr: PullRequest) -> Credit:
        """Who a merged PR is credited to, on the day it was merged (validated partners only)."""
        day = pr.day
        conflicts: list[str] = []
        login = pr.author.lower() if pr.author else None
        if login:
            author = self.by_login(login, day)  # authoritative: no guessing from emails
        elif pr.author_email:
            login = self.login_for_email(pr.author_email, day)
            author = self.by_login(login, day) if login else self.by_email(pr.author_email, day)
        else:
            author = UNAFFILIATED
        if author.conflict:
            conflicts.append(author.via or "")
        author_emails = {self.canonical_email(pr.author_email)} if pr.author_email else set()
        credited: list[tuple[CoAuthor, str]] = []
        uncredited: list[CoAuthor] = []
        seen: set[str] = set()
        for co in pr.co_authors:
            email = self.canonical_email(co.email, co.name)
            if email in seen or email in author_emails:
                continue
            seen.add(email)
            co_login = self.login_for_email(email, day)
            if login and co_login == login:
                continue  # the author themself
            res = self.by_email(email, day)
            if res.conflict:
                conflicts.append(res.via or "")
            if self.creditable(res.partner, day) and (res.exact or res.partner == author.partner):
                credited.append((CoAuthor(co.name, email), res.partner or ""))
            else:
                uncredited.append(CoAuthor(co.name, email))
        reviewers = []
        for reviewer in sorted({r.lower() for r in pr.reviewers}):
            if reviewer == login:
                continue
            res = self.by_login(reviewer, day)
            if res.conflict:
                conflicts.append(res.via or "")
            reviewers.append((reviewer, self.creditable(res.partner, day)))
        return Credit(login, self.creditable(author.partner, day), tuple(credited), tuple(reviewers),
                      tuple(uncredited), tuple(sorted(set(conflicts))))


def registry_for(partners: Sequence[Partner], mailmap: Mailmap | None = None) -> Registry:
    return Registry(partners, mailmap)
