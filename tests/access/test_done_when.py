# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The issue's "Done when", end to end: the real command, PyGithub, the local GitHub over HTTP."""

from __future__ import annotations

import json

from open_commons.access_log import chain_problems
from tests.access.conftest import ACCESS, DAY, PARTNERS, World, make_commons


def test_plan_adds_the_validated_partners_current_logins_and_removes_the_others(world: World) -> None:
    result = world.commons("access", "plan", "--at", DAY, "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    adds = {c["login"]: c for c in plan["changes"] if c["action"] == "add"}
    removes = {c["login"]: c for c in plan["changes"] if c["action"] == "remove"}
    assert set(adds) == {"newbie"}  # the only validated login valid that day not yet in (pending counts as in)
    assert adds["newbie"]["partner"] == "fabrique-roubaix" and adds["newbie"]["status"] == "validated"
    assert adds["newbie"]["since"] == "2026-06-01" and adds["newbie"]["reason"] == "validated-partner"
    assert set(removes) == {"leamartin", "kbenali", "tomlegall", "inesmoreau"}
    assert (removes["kbenali"]["partner"], removes["kbenali"]["status"], removes["kbenali"]["reason"]) == (
        "e2c-lille", "suspended", "partner-not-validated")
    assert (removes["tomlegall"]["partner"], removes["tomlegall"]["status"]) == ("asso-kerlab", "left")
    assert (removes["inesmoreau"]["partner"], removes["inesmoreau"]["status"]) == ("greta-lyon", "applicant")
    assert (removes["leamartin"]["reason"], removes["leamartin"]["until"]) == ("identity-ended", "2026-06-14")
    assert "ended on 2026-06-14" in removes["leamartin"]["why"]
    assert [k["login"] for k in plan["kept"]] == ["bot-guardian"]  # protected, listed by no partner
    assert {g["login"] for g in plan["desired"]} == {"awadiallo", "sampetit", "newbie", "maintainer"}
    assert [f["code"] for f in plan["findings"]] == ["ACC003"]  # the ended identity, a warning
    assert plan["blocked"] is False
    assert world.writes() == []  # planning changes nothing


def test_plan_as_text_and_markdown_say_each_reason(world: World) -> None:
    text = world.commons("access", "plan", "--at", DAY).output
    assert "+ partenaires  newbie" in text and "fabrique-roubaix: validated partner, identity valid 2026-06-01 → …" in text
    assert "- partenaires  kbenali" in text and "e2c-lille is suspended" in text
    assert "asso-kerlab is a former partner" in text and "greta-lyon is an applicant, not validated" in text
    assert "1 addition(s), 4 removal(s), 1 protected login(s) kept." in text
    markdown = world.commons("access", "plan", "--at", DAY, "--format", "markdown").output
    assert "| + | partenaires | `newbie` |" in markdown and "| - | partenaires | `tomlegall` |" in markdown


def test_apply_twice_changes_nothing_the_second_time(world: World) -> None:
    dry = world.commons("access", "apply", "--at", DAY)
    assert dry.exit_code == 0 and "Dry run" in dry.output
    assert world.writes() == [] and world.log() == []

    first = world.commons("access", "apply", "--at", DAY, "--yes")
    assert first.exit_code == 0, first.output
    team = world.team()
    assert set(team["members"]) == {"awadiallo", "sampetit", "maintainer", "bot-guardian"}
    assert set(team["pending"]) == {"newbie"}  # not an organisation member yet: invited
    assert sorted(world.writes()) == ["DELETE inesmoreau", "DELETE kbenali", "DELETE leamartin",
                                      "DELETE tomlegall", "PUT newbie"]
    log = world.log()
    present = [r for r in log if r["action"] == "present"]  # access already in place, logged once
    assert [(r["login"], r["state"], r["reason"]) for r in present] == [
        ("awadiallo", "active", "validated-partner"), ("maintainer", "active", "maintainer"),
        ("sampetit", "active", "validated-partner")]
    log = [r for r in log if r["action"] != "present"]
    assert [(r["action"], r["login"], r["state"]) for r in log] == [
        ("add", "newbie", "pending"), ("remove", "inesmoreau", "removed"), ("remove", "kbenali", "removed"),
        ("remove", "leamartin", "removed"), ("remove", "tomlegall", "removed")]
    assert log[2]["partner"] == "e2c-lille" and log[2]["status"] == "suspended"
    text = (world.root / "ledger" / "access.jsonl").read_text(encoding="utf-8")
    assert chain_problems(text) == []

    world.fake.reset_requests()
    second = world.commons("access", "apply", "--at", DAY, "--yes")
    assert second.exit_code == 0, second.output
    assert "0 addition(s), 0 removal(s)" in second.output
    assert world.writes() == []
    assert (world.root / "ledger" / "access.jsonl").read_text(encoding="utf-8") == text  # nothing appended

    world.fake.accept_invitation("simplon", "newbie")  # pending -> active: still nothing to do
    third = world.commons("access", "apply", "--at", DAY, "--yes")
    assert third.exit_code == 0 and world.writes() == []


def test_a_plan_removing_more_than_the_guard_allows_applies_nothing(world: World) -> None:
    strict = {"partners": {"access": {**ACCESS["partners"]["access"], "max_removal_share": 0.3}}}
    make_commons(world.root, config=strict)
    before = world.team()
    result = world.commons("access", "apply", "--at", DAY, "--yes", "--format", "json")
    assert result.exit_code == 1
    plan = json.loads(result.output)
    guard = [f for f in plan["findings"] if f["code"] == "ACC004"]
    assert guard and "removes 4 of the 8 member(s)" in guard[0]["message"] and plan["blocked"] is True
    assert world.writes() == [] and world.log() == [] and world.team() == before


def test_the_audit_shows_who_has_access_since_when_and_flags_disagreement(world: World) -> None:
    assert world.commons("access", "apply", "--at", DAY, "--yes").exit_code == 0
    first_day = world.log()[0]["day"]
    audit = json.loads(world.commons("audit", "--format", "json", "--source", "ledger", "--until", DAY).stdout)
    rows = {p["id"]: p for p in audit["partners"]}
    fabrique = rows["fabrique-roubaix"]["access"]
    assert fabrique == {"people": {"awadiallo": first_day, "newbie": first_day, "sampetit": first_day},
                        "since": first_day, "missing": [], "extra": []}
    assert rows["e2c-lille"]["access"] == {"people": {}, "since": None, "missing": [], "extra": []}
    assert audit["access_outside"] == []

    # the registry moves on (e2c validated again), access does not: the audit says so
    e2c = PARTNERS["partners/e2c-lille.yaml"].replace("status: suspended", "status: validated", 1)
    e2c = e2c.replace("  - status: suspended\n    since: '2026-03-01'", "  - status: suspended\n    since: '2026-03-01'\n"
                      "  - status: validated\n    since: '2026-04-01'")
    make_commons(world.root, {**PARTNERS, "partners/e2c-lille.yaml": e2c})
    audit = json.loads(world.commons("audit", "--format", "json", "--source", "ledger", "--until", DAY).stdout)
    rows = {p["id"]: p for p in audit["partners"]}
    assert rows["e2c-lille"]["access"]["missing"] == ["kbenali"], rows["e2c-lille"]
    table = world.commons("audit", "--source", "ledger", "--until", DAY).output
    assert "Partners-only access" in table and "⚠ without access: kbenali" in table
    assert f"3 since {first_day}" in table

    # fabrique is suspended in the registry, the team still holds its people: flagged as extra
    fabrique_text = (world.root / "partners" / "fabrique-roubaix.yaml").read_text(encoding="utf-8")
    suspended = fabrique_text.replace("status: validated", "status: suspended", 1).replace(
        "  - status: validated\n    since: '2025-01-01'", "  - status: validated\n    since: '2025-01-01'\n"
        "  - status: suspended\n    since: '2026-06-01'")
    (world.root / "partners" / "fabrique-roubaix.yaml").write_text(suspended, encoding="utf-8")
    audit = json.loads(world.commons("audit", "--format", "json", "--source", "ledger", "--until", DAY).stdout)
    rows = {p["id"]: p for p in audit["partners"]}
    assert rows["fabrique-roubaix"]["access"]["extra"] == ["awadiallo", "newbie", "sampetit"], rows["fabrique-roubaix"]
    html = world.commons("audit", "--format", "html", "--source", "ledger", "--until", DAY).output
    assert "⚠ access the registry no longer gives: awadiallo, newbie, sampetit" in html
