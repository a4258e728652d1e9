# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fixtures of the ledger tests: real git repositories with partners, PRs and a ledger."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from open_commons.demo import CommonsBuilder, partner_yaml, resource
from open_commons.identity import Registry
from open_commons.sources.partners import load_mailmap, load_partners
from open_commons.sources.tree import load_config
from tests.github_fake.fixtures import fake_github  # the local GitHub (tests/ledger/test_honest_credit.py)

AWA = ("Awa Diallo", "awa@fabrique-roubaix.fr")
AWA_LILLE = ("Awa Diallo", "awa.diallo@e2c-lille.fr")
KARIM = ("Karim Benali", "karim@e2c-lille.fr")
OUTSIDER = ("Mallory", "mallory@example.net")


def when(day: str, hour: int = 10) -> datetime:
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, hour, 0, tzinfo=UTC)


PARTNERS = {
    "partners/simplon.yaml": partner_yaml(
        "simplon", "Simplon.co", "ess-company", "Montreuil", validated="2022-01-01",
        identities=[{"domain": "simplon.co"}, {"github": "simplon"},
                    {"github": "ines", "emails": ["ines@simplon.co"]}]),
    "partners/fabrique-roubaix.yaml": partner_yaml(
        "fabrique-roubaix", "Fabrique numérique de Roubaix", "association", "Roubaix", validated="2022-03-01",
        identities=[{"domain": "fabrique-roubaix.fr"},
                    {"github": "awadiallo", "emails": ["awa@fabrique-roubaix.fr"], "until": "2023-06-30"}]),
    "partners/e2c-lille.yaml": partner_yaml(
        "e2c-lille", "E2C Lille", "ecole-2e-chance", "Lille", validated="2022-06-01",
        identities=[{"domain": "e2c-lille.fr"},
                    {"github": "awadiallo", "emails": ["awa.diallo@e2c-lille.fr"], "since": "2023-07-01"},
                    {"github": "kbenali", "emails": ["karim@e2c-lille.fr"]}]),
}


__all__ = ["fake_github"]

GITHUB_VARIABLES = ("GITHUB_TOKEN", "GITHUB_API_URL", "GITHUB_REPOSITORY")


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``commons <args> --root <root> --lang en``; GitHub is asked only when ``env`` gives a token (the
    caller's GITHUB_TOKEN, GITHUB_API_URL and GITHUB_REPOSITORY are not passed on)."""
    environ = {k: v for k, v in os.environ.items() if k not in GITHUB_VARIABLES}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "open_commons", *args, "--root", str(root), "--lang", "en"]
                          if args[0] not in ("ledger", "partners") else
                          [sys.executable, "-m", "open_commons", *args[:2], "--root", str(root), "--lang", "en", *args[2:]],
                          capture_output=True, text=True, timeout=300, env=environ)


def registry_of(root: Path) -> Registry:
    config = load_config(root)
    return Registry(load_partners(root, config), load_mailmap(root))


@pytest.fixture
def commons(tmp_path: Path) -> CommonsBuilder:
    """A commons with three partners and two resources, first commit on 2022-01-10."""
    b = CommonsBuilder(tmp_path / "commons").init()
    files = dict(PARTNERS)
    files["content/sourcing/information-collective.md"] = resource(
        "sourcing/information-collective", "Animer une information collective", "Étapes.\n")
    files["content/montage/diagnostic.md"] = resource("montage/diagnostic", "Diagnostic", "Texte.\n")
    files["ledger/contributions.jsonl"] = ""
    files[".mailmap"] = "Awa Diallo <awa@fabrique-roubaix.fr> <awa.perso@example.org>\n"
    b.commit("Initial commons", files, when=when("2022-01-10"))
    return b


@pytest.fixture
def history_prs(commons: CommonsBuilder):  # type: ignore[no-untyped-def]
    """Four merged PRs: merge and squash commits, a person moving, co-author trailers."""
    b = commons
    root = b.root
    text = (root / "content/sourcing/information-collective.md").read_text(encoding="utf-8")
    prs = [
        b.pr(1, login="awadiallo", author=AWA, when=when("2023-02-01"),
             files={"content/sourcing/information-collective.md": text + "Variante à distance.\n" * 4},
             reviewers=["ines"]),
        b.pr(2, login="awadiallo", author=AWA, when=when("2023-05-01"), squash=True,
             files={"content/sourcing/information-collective.en.md": resource(
                 "sourcing/information-collective.en", "Information session", "Steps.\n", "en")},
             co_authors=[("Someone", "someone@unknown.example")]),
        b.pr(3, login="awadiallo", author=AWA_LILLE, when=when("2023-09-01"), squash=True,
             files={"content/montage/budget.csv": "poste;montant\nformateur;1000\n",
                    "content/montage/budget.md": resource("montage/budget", "Budget", "Lignes.\n")},
             co_authors=[("Karim Benali", "karim@e2c-lille.fr")], reviewers=["ines", "kbenali"]),
        b.pr(4, login="mallory", author=OUTSIDER, when=when("2024-01-15"),
             files={"content/montage/diagnostic.md": resource("montage/diagnostic", "Diagnostic", "Texte modifié.\n")},
             co_authors=[("Fake", "ceo@fabrique-roubaix.fr")]),
    ]
    return prs
