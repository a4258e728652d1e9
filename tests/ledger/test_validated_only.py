# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Only validated partners are credited: an applicant, a suspended partner or one that left is not."""

from __future__ import annotations

from open_commons.identity import Registry
from open_commons.model.ledger import CoAuthor, PullRequest
from open_commons.model.partners import Identity, IdentityKind, Partner, PartnerStatus, StatusChange


def partner(pid: str, history: tuple[StatusChange, ...], *idents: Identity) -> Partner:
    return Partner(pid, pid.title(), "association", "Nord", history[-1].status, history, identities=idents)


FABRIQUE = partner(
    "fabrique",
    (StatusChange(PartnerStatus.APPLICANT, "2025-01-10"), StatusChange(PartnerStatus.VALIDATED, "2025-03-01"),
     StatusChange(PartnerStatus.SUSPENDED, "2026-01-01")),
    Identity(IdentityKind.GITHUB, "awa"),
    Identity(IdentityKind.EMAIL, "awa@fabrique.example"),
    Identity(IdentityKind.GITHUB, "karim"),
)
REGISTRY = Registry([FABRIQUE])


def pr(day: str, author: str = "awa", **extra: object) -> PullRequest:
    return PullRequest(1, "a" * 40, f"{day}T10:00:00Z", author, **extra)  # type: ignore[arg-type]


def test_credit_follows_the_partner_status_on_the_merge_day() -> None:
    assert REGISTRY.credit(pr("2025-02-01")).author_partner is None  # applicant
    assert REGISTRY.credit(pr("2025-06-01")).author_partner == "fabrique"  # validated
    assert REGISTRY.credit(pr("2026-02-01")).author_partner is None  # suspended
    assert REGISTRY.credit(pr("2026-02-01")).partners == ()


def test_an_applicants_co_author_and_reviewer_give_no_credit() -> None:
    applicant_day = pr("2025-02-01", author="stranger",
                       co_authors=(CoAuthor("Awa", "awa@fabrique.example"),), reviewers=("karim",))
    credit = REGISTRY.credit(applicant_day)
    assert credit.co_authors == () and credit.reviewers == (("karim", None),)
    validated_day = pr("2025-06-01", author="stranger",
                       co_authors=(CoAuthor("Awa", "awa@fabrique.example"),), reviewers=("karim",))
    credit = REGISTRY.credit(validated_day)
    assert [p for _, p in credit.co_authors] == ["fabrique"] and credit.reviewers == (("karim", "fabrique"),)
