# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Identity resolution: logins are authoritative, trailers are credited only with proof."""

from __future__ import annotations

from open_commons.identity import Registry
from open_commons.model.ledger import CoAuthor, PullRequest
from open_commons.model.partners import parse_mailmap, partner_from_data
from open_commons.sources import yamlio
from tests.ledger.conftest import PARTNERS


def registry(mailmap: str = "") -> Registry:
    partners = [partner_from_data(yamlio.load(text)[0], path) for path, text in PARTNERS.items()]
    return Registry([p for p in partners if p], parse_mailmap(mailmap))


def pr(author: str | None, day: str, *co: tuple[str, str], email: str | None = None) -> PullRequest:
    return PullRequest(7, "a" * 40, f"{day}T10:00:00Z", author, (), tuple(CoAuthor(n, e) for n, e in co), (), email)


def test_a_person_moving_between_partners_is_credited_by_date() -> None:
    reg = registry()
    assert reg.credit(pr("awadiallo", "2023-06-30")).partners == ("fabrique-roubaix",)
    assert reg.credit(pr("awadiallo", "2023-07-01")).partners == ("e2c-lille",)
    assert reg.by_login("AwaDiallo", "2023-07-01").partner == "e2c-lille"


def test_a_co_author_with_an_unknown_email_is_not_credited() -> None:
    credit = registry().credit(pr("awadiallo", "2023-05-01", ("Someone", "someone@unknown.example")))
    assert credit.partners == ("fabrique-roubaix",)
    assert credit.co_authors == ()
    assert credit.uncredited == (CoAuthor("Someone", "someone@unknown.example"),)


def test_a_spoofed_trailer_with_a_partner_domain_gives_that_partner_nothing() -> None:
    credit = registry().credit(pr("mallory", "2024-01-15", ("Fake", "ceo@fabrique-roubaix.fr")))
    assert credit.author_partner is None
    assert credit.partners == ()
    assert [c.email for c in credit.uncredited] == ["ceo@fabrique-roubaix.fr"]


def test_a_colleague_matched_by_domain_is_credited_with_the_author() -> None:
    credit = registry().credit(pr("kbenali", "2024-01-15", ("Nadia", "nadia@e2c-lille.fr")))
    assert [(c.email, p) for c, p in credit.co_authors] == [("nadia@e2c-lille.fr", "e2c-lille")]


def test_a_registered_co_author_is_credited_but_never_replaces_the_author() -> None:
    credit = registry().credit(pr("mallory", "2024-01-15", ("Karim", "karim@e2c-lille.fr")))
    assert credit.author_login == "mallory" and credit.author_partner is None
    assert credit.partners == ("e2c-lille",)


def test_the_author_login_is_authoritative_over_the_commit_email() -> None:
    # an unknown login is unaffiliated even when its email has a partner's domain
    credit = registry().credit(pr("newcomer", "2024-01-15", email="x@simplon.co"))
    assert credit.partners == ()


def test_mailmap_is_applied_to_trailers() -> None:
    reg = registry("Awa Diallo <awa@fabrique-roubaix.fr> <awa.perso@example.org>\n")
    credit = reg.credit(pr("kbenali", "2023-01-10", ("Awa", "awa.perso@example.org")))
    assert [(c.email, p) for c, p in credit.co_authors] == [("awa@fabrique-roubaix.fr", "fabrique-roubaix")]
    assert registry().credit(pr("kbenali", "2023-01-10", ("Awa", "awa.perso@example.org"))).co_authors == ()


def test_noreply_addresses_give_the_login() -> None:
    reg = registry()
    assert reg.login_for_email("123+KBenali@users.noreply.github.com", "2024-01-01") == "kbenali"
    assert reg.by_email("kbenali@users.noreply.github.com", "2024-01-01").partner == "e2c-lille"


def test_one_identity_for_two_partners_on_the_same_day_is_a_conflict_and_credits_nobody() -> None:
    extra = partner_from_data(yamlio.load(
        "schema_version: 1\nid: other\nname: Other\nkind: other\nterritory: X\nstatus: applicant\n"
        "history: [{status: applicant, since: '2022-01-01'}]\nidentities: [{github: kbenali, since: '2024-01-01'}]\n")[0],
        "partners/other.yaml")
    base = list(registry().partners.values())
    reg = Registry([*base, extra])
    assert reg.by_login("kbenali", "2023-12-31").partner == "e2c-lille"
    res = reg.by_login("kbenali", "2024-01-02")
    assert res.partner is None and res.conflict == ("e2c-lille", "other")
    assert [c.key for c in reg.conflicts()] == ["github:kbenali"]
    assert registry().conflicts() == []  # awadiallo's ranges do not overlap
