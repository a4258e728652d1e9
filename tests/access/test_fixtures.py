# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Access fixture folders, discovered automatically: ``tests/fixtures/access/valid/<case>/`` must plan with
no finding; ``invalid/<CODE>/<case>/`` must give CODE (and block the plan when CODE is an error).

A case holds partner files (``partners/*.yaml``), an optional ``commons.patch.yaml`` merged into the
policy, and ``github.yaml``: the accounts GitHub knows (``users``, ``organizations``) and the team's
``members`` and ``pending`` invitations before the plan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from open_commons.sources import yamlio
from tests.access.conftest import ACCESS, DAY, ORG, TEAM, World, make_commons
from tests.conftest import FIXTURES, _merge
from tests.github_fake import FakeGitHub

CASES = FIXTURES / "access"


def _cases(kind: str) -> list[tuple[str, Path]]:
    if kind == "valid":
        return [("valid", case) for case in sorted((CASES / "valid").iterdir())]
    return [(code.name, case) for code in sorted((CASES / "invalid").iterdir()) for case in sorted(code.iterdir())]


def _plan(case: Path, tmp_path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    github = yamlio.load((case / "github.yaml").read_text(encoding="utf-8"))[0]
    patch = case / "commons.patch.yaml"
    config = _merge(ACCESS, yamlio.load(patch.read_text(encoding="utf-8"))[0]) if patch.is_file() else ACCESS
    partners = {p.relative_to(case).as_posix(): p.read_text(encoding="utf-8") for p in (case / "partners").glob("*.yaml")}
    root = make_commons(tmp_path / "commons", partners, config)
    with FakeGitHub() as fake:
        for login in [*github.get("users", []), "maintainer", "bot-guardian"]:
            fake.add_user(login)
        for login in github.get("organizations", []):
            fake.add_user(login, type="Organization")
        fake.add_org(ORG)
        fake.add_team(ORG, TEAM, members=github.get("members", []), pending=github.get("pending", []))
        result = World(root, fake).commons("access", "plan", "--at", DAY, "--format", "json")
        assert not fake.server_errors
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize(("kind", "case"), _cases("valid"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_valid_case_plans_without_finding(kind: str, case: Path, tmp_path: Path) -> None:
    code, plan = _plan(case, tmp_path)
    assert plan["findings"] == [] and plan["changes"] == [] and code == 0, plan


@pytest.mark.parametrize(("code", "case"), _cases("invalid"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_invalid_case_gives_its_finding(code: str, case: Path, tmp_path: Path) -> None:
    exit_code, plan = _plan(case, tmp_path)
    matching = [f for f in plan["findings"] if f["code"] == code]
    assert matching, (code, plan["findings"])
    for finding in matching:
        assert finding["message"] and finding["fix"] and finding["path"], finding
    error = any(f["severity"] == "error" for f in matching)
    assert plan["blocked"] is error and exit_code == (1 if error else 0)


def test_every_access_rule_has_an_invalid_fixture() -> None:
    from open_commons import rules
    from open_commons.rules.registry import RULES

    rules.load_all()
    wanted = {code for code, r in RULES.items() if r.family == "access"}
    have = {p.name for p in (CASES / "invalid").iterdir()}
    assert wanted <= have, sorted(wanted - have)
