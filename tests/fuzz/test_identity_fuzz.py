# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Identity resolution over arbitrary logins, emails, trailers, dates and .mailmap files: a credit,
never an exception, and never a partner's credit for someone who is not registered."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from open_commons.identity import parse_trailer
from open_commons.model.ledger import CoAuthor, PullRequest
from open_commons.model.partners import parse_mailmap
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.partners_data import registry

REGISTRY = registry()
KNOWN_LOGINS = {"ines", "awadiallo", "kbenali", "newcomer"}
EMAIL_PARTS = ["simplon.co", "fabrique-roubaix.fr", "e2c-lille.fr", "users.noreply.github.com", "example.net",
               "SIMPLON.CO", "simplon.co.evil.example", "evil-simplon.co", "xn--simpln-0ib.co"]

emails = st.one_of(
    st.tuples(st.from_regex(r"[A-Za-z0-9.+_-]{0,20}", fullmatch=True), st.sampled_from(EMAIL_PARTS))
    .map(lambda t: f"{t[0]}@{t[1]}"),
    st.text(max_size=40),
    st.sampled_from(["ines@simplon.co", "INES@Simplon.Co", "awa@fabrique-roubaix.fr", "karim@e2c-lille.fr",
                     "12345+ines@users.noreply.github.com", "ines@users.noreply.github.com", "@", "a@", "@simplon.co"]),
)
logins = st.one_of(st.sampled_from(sorted(KNOWN_LOGINS) + ["Ines", "INES", "ines-", "mallory", ""]),
                   st.from_regex(r"[A-Za-z0-9-]{0,20}", fullmatch=True), st.text(max_size=20), st.none())
days = st.one_of(st.dates().map(lambda d: d.isoformat()), st.text(max_size=12))


@fuzz_settings(1200)
@given(author=logins, email=st.one_of(st.none(), emails), co=st.lists(st.tuples(st.text(max_size=20), emails), max_size=4),
       reviewers=st.lists(logins.filter(lambda v: v is not None), max_size=3), day=days)
@example(author="mallory", email="mallory@simplon.co", co=[("Inès", "ines@simplon.co")], reviewers=[], day="2026-01-01")
def test_credit_never_fails(author, email, co, reviewers, day) -> None:  # type: ignore[no-untyped-def]
    pr = PullRequest(1, "a" * 40, day + "T10:00:00Z", author, co_authors=tuple(CoAuthor(n, e) for n, e in co),
                     reviewers=tuple(reviewers), author_email=email)
    credit = REGISTRY.credit(pr)
    # a PR author who is not registered gets no partner credit, whatever trailers or emails say
    if author and author.lower() not in KNOWN_LOGINS:
        assert credit.author_partner is None
        for co_author, partner in credit.co_authors:
            assert REGISTRY.by_email(co_author.email, pr.day, domains=False).partner == partner


@fuzz_settings(500)
@given(st.text(max_size=80))
@example("Mallory <ines@simplon.co> <x@y>")
@example("<@>")
def test_trailer_parsing(value: str) -> None:
    found = parse_trailer(value)
    assert found is None or "@" in found.email


@fuzz_settings(300)
@given(st.text(max_size=300), st.text(max_size=40), emails)
@example("Proper <ines@simplon.co> <mallory@example.net>\n", "", "mallory@example.net")
def test_mailmap_and_lookups(mailmap_text: str, identity: str, email: str) -> None:
    reg = registry(parse_mailmap(mailmap_text))
    reg.who(identity)
    reg.who(email, "2026-01-01")
    reg.by_email(email, "2026-01-01")
    reg.login_for_email(email, "2026-01-01")
