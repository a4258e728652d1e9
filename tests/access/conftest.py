# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A commons with four partners (validated, suspended, former, applicant) and its team on the local GitHub.

The day of the plan is ``DAY``; the team ``partenaires`` of the organisation ``simplon`` holds, before
any change, the validated partner's people, a person whose identity ended the day before, the
suspended, former and applicant partners' people (the applicant's by a pending invitation), a
maintainer and a protected login.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from open_commons.cli import main
from open_commons.demo import partner_yaml
from tests.conftest import build_commons
from tests.github_fake import FakeGitHub

DAY = "2026-06-15"
ORG, TEAM = "simplon", "partenaires"

FABRIQUE = partner_yaml(
    "fabrique-roubaix", "Fabrique numérique de Roubaix", "association", "Roubaix", validated="2025-01-01",
    identities=[{"domain": "fabrique-roubaix.fr"},
                {"github": "awadiallo", "emails": ["awa@fabrique-roubaix.fr"], "since": "2025-01-01"},
                {"github": "sampetit"},
                {"github": "leamartin", "until": "2026-06-14"},  # left the day before
                {"github": "newbie", "since": "2026-06-01"},
                {"github": "later", "since": "2026-07-01"}])
E2C = partner_yaml(
    "e2c-lille", "E2C Lille", "ecole-2e-chance", "Lille", validated="2025-01-01", status="suspended",
    history=[{"status": "validated", "since": "2025-01-01"}, {"status": "suspended", "since": "2026-03-01"}],
    identities=[{"github": "kbenali"}])
KERLAB = partner_yaml(
    "asso-kerlab", "Asso Kerlab", "association", "Brest", validated="2024-01-01", status="left",
    history=[{"status": "validated", "since": "2024-01-01"}, {"status": "left", "since": "2026-01-01"}],
    identities=[{"github": "tomlegall"}])
GRETA = partner_yaml(
    "greta-lyon", "Greta Lyon", "greta", "Lyon", validated=None,
    history=[{"status": "applicant", "since": "2026-05-01"}], identities=[{"github": "inesmoreau"}])

PARTNERS = {"partners/fabrique-roubaix.yaml": FABRIQUE, "partners/e2c-lille.yaml": E2C,
            "partners/asso-kerlab.yaml": KERLAB, "partners/greta-lyon.yaml": GRETA}
ACCESS = {"partners": {"access": {"organization": ORG, "teams": [TEAM], "maintainers": ["maintainer"],
                                  "protected": ["bot-guardian"], "max_removal_share": 0.5}}}
MEMBERS = ["awadiallo", "sampetit", "leamartin", "kbenali", "tomlegall", "maintainer", "bot-guardian"]
PENDING = ["inesmoreau"]
PEOPLE = ["awadiallo", "sampetit", "leamartin", "newbie", "later", "kbenali", "tomlegall", "inesmoreau",
          "maintainer", "bot-guardian"]


def make_commons(root: Path, partners: Mapping[str, str] = PARTNERS, config: dict[str, Any] | None = None) -> Path:
    build_commons(root, config if config is not None else ACCESS)
    for rel, text in partners.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@dataclass
class World:
    root: Path
    fake: FakeGitHub

    def env(self, token: str = "t") -> dict[str, str]:
        return {"GITHUB_TOKEN": token, "GITHUB_API_URL": self.fake.url}

    def commons(self, *args: str, token: str = "t", env: Mapping[str, str] | None = None) -> Result:
        runner = CliRunner()
        full = [*args, "--root", str(self.root), "--lang", "en"]
        return runner.invoke(main, full, env={**self.env(token), **(env or {})}, catch_exceptions=False)

    def team(self) -> dict[str, dict[str, str]]:
        return self.fake.team_state(ORG, TEAM)

    def writes(self) -> list[str]:
        return [f"{r.method} {r.path.rsplit('/', 1)[-1]}" for r in self.fake.requests
                if r.method in ("PUT", "DELETE") and "/teams/" in r.path]

    def log(self) -> list[dict[str, Any]]:
        path = self.root / "ledger" / "access.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as gh:
        for login in PEOPLE:
            gh.add_user(login)
        gh.add_org(ORG)  # the bot's login (token "t") owns it
        gh.add_team(ORG, TEAM, members=MEMBERS, pending=PENDING)
        yield gh
        assert not gh.server_errors, "\n".join(gh.server_errors)


@pytest.fixture
def world(tmp_path: Path, fake: FakeGitHub) -> World:
    return World(make_commons(tmp_path / "commons"), fake)


def run_commons(root: Path, env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own (exit codes, no traceback)."""
    import os

    return subprocess.run([sys.executable, "-m", "open_commons", *args, "--root", str(root), "--lang", "en"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **env}, check=False)
