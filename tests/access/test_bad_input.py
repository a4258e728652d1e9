# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Bad input gives a finding; an error finding means nothing is applied; exit codes of the commands."""

from __future__ import annotations

import json

import pytest

from open_commons.demo import partner_yaml
from tests.access.conftest import ACCESS, DAY, PARTNERS, World, make_commons, run_commons


def _with(world: World, rel: str, text: str) -> None:
    make_commons(world.root, {**PARTNERS, rel: text})


def _apply_json(world: World) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = world.commons("access", "apply", "--at", DAY, "--yes", "--format", "json")
    return result.exit_code, json.loads(result.output)


def _blocked(world: World, code: str) -> dict:  # type: ignore[type-arg]
    before = world.team()
    exit_code, plan = _apply_json(world)
    assert exit_code == 1, plan
    assert code in [f["code"] for f in plan["findings"] if f["severity"] == "error"], plan["findings"]
    assert plan["blocked"] is True
    assert world.writes() == [] and world.log() == [] and world.team() == before  # nothing applied
    return plan


def test_a_registry_failing_its_schema_applies_nothing(world: World) -> None:
    broken = PARTNERS["partners/e2c-lille.yaml"].replace("status: suspended", "status: suspendu", 1)
    _with(world, "partners/e2c-lille.yaml", broken)
    plan = _blocked(world, "PTN001")
    finding = next(f for f in plan["findings"] if f["code"] == "PTN001")
    assert finding["path"] == "partners/e2c-lille.yaml" and finding["line"]


def test_an_unreadable_partner_file_applies_nothing(world: World) -> None:
    _with(world, "partners/broken.yaml", "id: [unclosed\n")
    _blocked(world, "PTN001")


def test_an_identity_without_a_login_is_a_finding(world: World) -> None:
    nameless = partner_yaml("asso-x", "Asso X", "association", "Nantes", validated="2025-01-01",
                            identities=[{"name": "Awa Diallo"}])  # a person, with neither login nor email
    _with(world, "partners/asso-x.yaml", nameless)
    _blocked(world, "PTN001")


def test_an_email_without_a_login_is_a_warning_that_blocks_nothing(world: World) -> None:
    emailed = partner_yaml("asso-x", "Asso X", "association", "Nantes", validated="2025-01-01",
                           identities=[{"email": "awa@asso-x.fr", "name": "Awa Diallo"}])
    _with(world, "partners/asso-x.yaml", emailed)
    exit_code, plan = _apply_json(world)
    assert exit_code == 0
    warning = [f for f in plan["findings"] if f["code"] == "ACC002"]
    assert warning and warning[0]["severity"] == "warning" and "awa@asso-x.fr" in warning[0]["message"]
    assert warning[0]["path"] == "partners/asso-x.yaml" and warning[0]["line"]


def test_a_login_that_does_not_exist_on_github_applies_nothing(world: World) -> None:
    ghost = partner_yaml("asso-x", "Asso X", "association", "Nantes", validated="2025-01-01",
                         identities=[{"github": "nobody-here"}])
    _with(world, "partners/asso-x.yaml", ghost)
    plan = _blocked(world, "ACC001")
    finding = next(f for f in plan["findings"] if f["code"] == "ACC001")
    assert "nobody-here" in finding["message"] and finding["path"] == "partners/asso-x.yaml" and finding["line"]


def test_an_organisation_login_is_left_out_with_a_warning(world: World) -> None:
    world.fake.add_user("asso-x-org", type="Organization")
    org = partner_yaml("asso-x", "Asso X", "association", "Nantes", validated="2025-01-01",
                       identities=[{"github": "asso-x-org"}])
    _with(world, "partners/asso-x.yaml", org)
    exit_code, plan = _apply_json(world)
    assert exit_code == 0
    assert "ACC005" in [f["code"] for f in plan["findings"]]
    assert "asso-x-org" not in {c["login"] for c in plan["changes"]}
    assert "PUT asso-x-org" not in world.writes()


def test_two_partners_claiming_one_login_apply_nothing(world: World) -> None:
    world.fake.add_user("karim")
    thief = partner_yaml("asso-x", "Asso X", "association", "Nantes", validated="2025-01-01",
                         identities=[{"github": "awadiallo"}, {"github": "karim"}])
    _with(world, "partners/asso-x.yaml", thief)
    plan = _blocked(world, "PTN004")
    assert "awadiallo" not in {g["login"] for g in plan["desired"]}  # claimed twice: nobody's
    assert "karim" in {g["login"] for g in plan["desired"]}


def test_a_date_range_that_ended_yesterday_removes_access_with_a_finding(world: World) -> None:
    exit_code, plan = _apply_json(world)
    assert exit_code == 0
    ended = [f for f in plan["findings"] if f["code"] == "ACC003"]
    assert len(ended) == 1 and "leamartin" in ended[0]["message"] and "2026-06-14" in ended[0]["message"]
    assert "leamartin" not in world.team()["members"]


def test_the_access_is_never_given_before_the_identity_starts(world: World) -> None:
    exit_code, plan = _apply_json(world)
    assert exit_code == 0 and "later" not in {g["login"] for g in plan["desired"]}
    assert "later" not in world.team()["members"] and "later" not in world.team()["pending"]


# --- exit codes ----------------------------------------------------------------------------


def test_exit_codes_of_plan(world: World) -> None:
    env = world.env()
    ok = run_commons(world.root, env, "access", "plan", "--at", DAY)
    assert ok.returncode == 0 and "Traceback" not in ok.stderr
    offline = run_commons(world.root, {"GITHUB_TOKEN": ""}, "access", "plan", "--at", DAY, "--offline")
    assert offline.returncode == 0 and "4 login(s) should have access" in offline.stdout
    bad_day = run_commons(world.root, env, "access", "plan", "--at", "15/06/2026")
    assert bad_day.returncode == 2 and "YYYY-MM-DD" in bad_day.stderr
    no_token = run_commons(world.root, {"GITHUB_TOKEN": ""}, "access", "plan", "--at", DAY)
    assert no_token.returncode == 2 and "GITHUB_TOKEN" in no_token.stderr and "Traceback" not in no_token.stderr
    make_commons(world.root, {**PARTNERS, "partners/bad.yaml": "id: [\n"})
    blocked = run_commons(world.root, env, "access", "plan", "--at", DAY)
    assert blocked.returncode == 1 and "PTN001" in blocked.stdout


def test_no_team_configured_is_a_configuration_error(world: World) -> None:
    make_commons(world.root, config={"partners": {"access": {"teams": []}}})
    proc = run_commons(world.root, world.env(), "access", "plan", "--at", DAY)
    assert proc.returncode == 2 and "partners.access.teams" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("share", ["lots", 2])
def test_a_bad_guard_is_a_configuration_error(world: World, share: object) -> None:
    make_commons(world.root, config={"partners": {"access": {**ACCESS["partners"]["access"], "max_removal_share": share}}})
    proc = run_commons(world.root, world.env(), "access", "plan", "--at", DAY)
    assert proc.returncode == 2 and "max_removal_share" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("team", ["no-such-team"])
def test_an_unknown_team_is_one_clear_line(world: World, team: str) -> None:
    make_commons(world.root, config={"partners": {"access": {**ACCESS["partners"]["access"], "teams": [team]}}})
    proc = run_commons(world.root, world.env(), "access", "plan", "--at", DAY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "404" in proc.stderr and team in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_token_without_members_write_changes_nothing_and_says_so(world: World) -> None:
    fake = world.fake
    fake.add_app(7, permissions={"members": "read", "metadata": "read"})
    fake.add_installation(70, account="simplon", app_id=7)
    fake.add_token("inst-read", "open-commons[bot]", kind="installation", installation_id=70)
    planned = run_commons(world.root, world.env("inst-read"), "access", "plan", "--at", DAY)
    assert planned.returncode == 0, planned.stderr  # members: read is enough to plan
    applied = run_commons(world.root, world.env("inst-read"), "access", "apply", "--at", DAY, "--yes")
    assert applied.returncode == 1 and "Traceback" not in applied.stderr
    assert "403" in applied.stderr and "Resource not accessible by integration" in applied.stderr
    assert [r for r in world.log() if r["action"] != "present"] == []  # nothing was changed, no change logged
    assert world.fake.team_state("simplon", "partenaires")["members"].keys() >= {"kbenali", "tomlegall"}


def test_a_change_refused_half_way_keeps_what_was_done_logged_and_the_next_run_finishes(world: World) -> None:
    world.fake.inject("DELETE", r"/memberships/kbenali$", status=422, times=None)
    failed = run_commons(world.root, world.env(), "access", "apply", "--at", DAY, "--yes")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "2 change(s) applied and logged, then GitHub refused one" in failed.stderr
    changes = [(r["action"], r["login"]) for r in world.log() if r["action"] != "present"]
    assert changes == [("add", "newbie"), ("remove", "inesmoreau")]
    world.fake.clear_faults()
    finished = run_commons(world.root, world.env(), "access", "apply", "--at", DAY, "--yes")
    assert finished.returncode == 0, finished.stderr
    changes = [(r["action"], r["login"]) for r in world.log() if r["action"] != "present"]
    assert changes[2:] == [("remove", "kbenali"), ("remove", "leamartin"), ("remove", "tomlegall")]
    assert len([r for r in world.log() if r["action"] == "present"]) == 3  # logged once, not again


def test_configuration_errors_are_in_the_commons_language(world: World) -> None:
    make_commons(world.root, config={"partners": {"access": {"teams": []}}})
    import os
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "open_commons", "access", "plan", "--root", str(world.root),
                           "--lang", "fr"], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, **world.env()})
    assert proc.returncode == 2 and "définissez partners.access.teams" in proc.stderr
