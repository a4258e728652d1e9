# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A small partner registry shared by the fuzz and access tests."""

from __future__ import annotations

from open_commons.identity import Registry
from open_commons.model.partners import Mailmap, parse_mailmap, partner_from_data


def _partner(pid: str, status: str, identities: list[dict[str, object]]) -> dict[str, object]:
    return {"schema_version": 1, "id": pid, "name": pid.title(), "kind": "association", "territory": "France",
            "status": status, "history": [{"status": status, "since": "2022-01-01"}], "identities": identities}


PARTNERS = [
    _partner("simplon", "validated", [{"domain": "simplon.co"}, {"github": "ines", "emails": ["ines@simplon.co"]}]),
    _partner("fabrique-roubaix", "validated", [
        {"domain": "fabrique-roubaix.fr"},
        {"github": "awadiallo", "emails": ["awa@fabrique-roubaix.fr"], "until": "2023-06-30"}]),
    _partner("e2c-lille", "validated", [
        {"github": "awadiallo", "emails": ["awa.diallo@e2c-lille.fr"], "since": "2023-07-01"},
        {"github": "kbenali", "emails": ["karim@e2c-lille.fr"]}]),
    _partner("candidate", "applicant", [{"github": "newcomer"}]),
]


def registry(mailmap: Mailmap | None = None) -> Registry:
    return Registry([p for d in PARTNERS if (p := partner_from_data(d, f"partners/{d['id']}.yaml"))],
                    mailmap or parse_mailmap(""))
