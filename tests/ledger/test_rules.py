# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons check` validates partners/*.yaml (PTN) and the ledger text (LED)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from open_commons.demo import partner_yaml
from tests.ledger.conftest import when
from tests.ledger.test_ledger import LEDGER, record_all


def check(root: Path) -> tuple[int, set[tuple[str, int | None, str]]]:
    proc = subprocess.run([sys.executable, "-m", "open_commons", "check", "--format", "json", "--lang", "en",
                           "partners", "ledger"], cwd=root, capture_output=True, text=True, timeout=300)
    data = json.loads(proc.stdout)
    mine = [f for f in data["findings"] if f["code"][:3] in ("PTN", "LED")]  # other families run too
    errors = any(f["severity"] == "error" for f in mine)
    return int(errors), {(f["path"], f.get("line"), f["code"]) for f in mine}


def test_the_shipped_partners_and_ledger_pass(repo_root: Path) -> None:
    code, found = check(repo_root)
    assert code == 0 and not found, found
    proc = subprocess.run([sys.executable, "-m", "open_commons", "check", "--lang", "en", "partners", "ledger"],
                          cwd=repo_root, capture_output=True, text=True, timeout=300)
    assert "PTN" not in proc.stdout and "LED" not in proc.stdout, proc.stdout


def test_partner_rules(commons) -> None:  # type: ignore[no-untyped-def]
    root = commons.root
    (root / "partners/bad.yaml").write_text(
        "schema_version: 1\nid: other\nname: X\nkind: club\nterritory: Y\nstatus: validated\n"
        "history:\n  - {status: validated, since: '2024-01-01'}\n  - {status: suspended, since: '2023-01-01'}\n"
        "commitment: {charter: c, version: '1.0', signed_on: '2024-01-01'}\n"
        "identities:\n  - {github: kbenali}\n  - {domain: x.org, since: '2025-01-01', until: '2024-01-01'}\n")
    code, found = check(root)
    assert code == 1
    assert ("partners/bad.yaml", 4, "PTN001") in found  # kind: club
    assert ("partners/bad.yaml", 2, "PTN002") in found  # id differs from the file name
    assert ("partners/bad.yaml", 9, "PTN003") in found  # history goes backwards
    assert ("partners/bad.yaml", 6, "PTN003") in found  # status is not the last change
    assert ("partners/bad.yaml", 13, "PTN005") in found  # until before since
    assert any(code_ == "PTN004" and path in ("partners/bad.yaml", "partners/e2c-lille.yaml")
               for path, _l, code_ in found)  # kbenali in two partners


def test_a_valid_partner_written_by_the_helper_passes(commons) -> None:  # type: ignore[no-untyped-def]
    (commons.root / "partners/greta.yaml").write_text(partner_yaml(
        "greta", "Greta", "greta", "Lyon", validated="2024-01-01", identities=[{"domain": "greta.example"}]))
    assert check(commons.root) == (0, set())


def test_commons_check_reports_a_tampered_ledger_line(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    assert check(commons.root) == (0, set())
    lines[2] = lines[2].replace('"lines_added":', '"lines_added":1')
    (commons.root / LEDGER).write_text("\n".join(lines) + "\n")
    code, found = check(commons.root)
    assert code == 1 and (LEDGER, 3, "LED004") in found
    commons.commit("noop", {}, when=when("2024-05-01"))


def test_the_fast_schema_check_never_accepts_what_the_schema_refuses(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    from jsonschema import Draft202012Validator

    from open_commons.rules.ledger import fast_valid
    from open_commons.sources import schemas

    validator = Draft202012Validator(schemas.load("ledger-entry"))
    records = [json.loads(line) for line in record_all(commons.root, history_prs)]
    assert all(fast_valid(r) and validator.is_valid(r) for r in records)
    mutations = [("v", 2), ("seq", 0), ("pr", "1"), ("merge_sha", "ABC"), ("merged_at", "2024-01-01"),
                 ("author", {"login": "x"}), ("partners", ["Bad Slug"]), ("kinds", ["review"]),
                 ("lines_added", -1), ("prev", "0"), ("reviewers", [{"login": "", "partner": None}]),
                 ("resources", [{"path": "a", "change": "copied"}]), ("co_authors", [{"name": "n", "email": "e"}]),
                 ("extra", 1), ("seq", True), ("partners", ["a", "a"])]
    for key, value in mutations:
        for rec in records:
            bad = {**rec, key: value}
            assert not validator.is_valid(bad), key
            assert not fast_valid(bad), key
