# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Share-alike that cannot be side-stepped: each evasion is a real git change on a clone, checked both as
a committed change (`--base main --head HEAD`, as the bot does) and in the working tree (`--base main`),
with a fixed change that passes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .licensing_helpers import CT, LT, check_json, git, resource, write

GUIDE = "content/sourcing/guide.md"
SHEET = "content/sourcing/grille.ods"
SHEET_MD = "content/sourcing/grille.md"
ORIGINAL_SIDECAR = f"{CT}: 2018 Simplon.co\n{LT}: CC-BY-SA-4.0\n"
RECORDED = ("  - date: 2024-01-10\n    by: simplon\n    summary: Première version\n    version: 1.0.0\n"
            "  - date: 2025-02-01\n    by: fabrique-roubaix\n    summary: Grille mise à jour\n    version: 1.1.0\n")
BASE = {
    GUIDE: resource("sourcing/guide"),
    SHEET_MD: resource("sourcing/grille", title="Grille de sélection", extra="attachments: [grille.ods]\n",
                       body="# Grille de sélection\n\nLa grille jointe sert à noter les entretiens de sélection "
                            "sans tenir compte des diplômes.\n"),
    SHEET: b"PK\x03\x04 une feuille de calcul\x00\x01",
    SHEET + ".license": ORIGINAL_SIDECAR,
    "content/placement/suivi.md": resource("placement/suivi", title="Suivi",
                                           extra="is_based_on:\n  - id: sourcing/guide\n    modified: true\n",
                                           body="# Suivi\n\nUn suivi des personnes en emploi, mois par mois, "
                                                "pendant six mois après la formation.\n"),
}
OVERRIDE = ('version = 1\n\n[[annotations]]\npath = "content/**"\nprecedence = "override"\n'
            'SPDX-FileCopyrightText = "2025 Fabrique numérique de Roubaix"\nSPDX-License-Identifier = "{licence}"\n')
IGNORED = resource("sourcing/guide").replace(f"# {CT}: 2018 Simplon.co\n",
                                             f"# REUSE-IgnoreStart\n# {CT}: 2018 Simplon.co\n# REUSE-IgnoreEnd\n"
                                             f"# {CT}: 2025 Fabrique numérique de Roubaix\n")
SHEET_RECORDED = resource("sourcing/grille", title="Grille de sélection",
                          extra="attachments: [grille.ods]\ncontributors:\n  - name: Awa Diallo\n"
                                "    partner: fabrique-roubaix\n",
                          changes=RECORDED, version="1.1.0", date_modified="2025-02-01",
                          body="# Grille de sélection\n\nLa grille jointe sert à noter les entretiens de sélection "
                               "sans tenir compte des diplômes.\n")

SCENARIOS: dict[str, tuple[dict[str, str | bytes | None], str, str, dict[str, str | bytes | None]]] = {
    # name: (violating change, expected code, the file the finding is in, fixed change)
    "reuse-toml-relicenses": ({"REUSE.toml": OVERRIDE.format(licence="CC-BY-NC-SA-4.0")}, "ATT014", "REUSE.toml",
                              {"REUSE.toml": None}),
    "reuse-toml-reassigns-copyright": ({"REUSE.toml": OVERRIDE.format(licence="CC-BY-SA-4.0")}, "ATT015",
                                       "REUSE.toml", {"REUSE.toml": None}),
    "sidecar-on-a-resource": ({GUIDE + ".license": f"{CT}: 2025 Fabrique numérique de Roubaix\n"
                                                   f"{LT}: CC-BY-SA-4.0\n"}, "ATT015", GUIDE,
                              {GUIDE + ".license": None}),
    "holder-in-an-ignore-block": ({GUIDE: IGNORED}, "ATT015", GUIDE, {GUIDE: resource("sourcing/guide")}),
    "sidecar-holder-replaced": ({SHEET + ".license": f"{CT}: 2025 Fabrique numérique de Roubaix\n"
                                                     f"{LT}: CC-BY-SA-4.0\n",
                                 SHEET_MD: SHEET_RECORDED}, "ATT015", SHEET,
                                {SHEET + ".license": f"{CT}: 2018 Simplon.co\n"
                                                     f"{CT}: 2025 Fabrique numérique de Roubaix\n{LT}: CC-BY-SA-4.0\n",
                                 SHEET_MD: SHEET_RECORDED}),
    "attachment-relicensed": ({SHEET + ".license": f"{CT}: 2018 Simplon.co\n{LT}: CC-BY-4.0\n",
                               SHEET_MD: SHEET_RECORDED}, "ATT014", SHEET,
                              {SHEET + ".license": ORIGINAL_SIDECAR, SHEET_MD: SHEET_RECORDED}),
    "attachment-sidecar-deleted": ({SHEET + ".license": None, SHEET_MD: SHEET_RECORDED}, "LIC001", SHEET,
                                   {SHEET + ".license": ORIGINAL_SIDECAR, SHEET_MD: SHEET_RECORDED}),
    "attachment-rewritten-unrecorded": ({SHEET: b"PK\x03\x04 une autre feuille\x00\x02"}, "ATT016", SHEET,
                                        {SHEET: b"PK\x03\x04 une autre feuille\x00\x02", SHEET_MD: SHEET_RECORDED}),
    "cited-resource-renamed": ({GUIDE: None, "content/sourcing/guide-inclusif.md":
                                resource("sourcing/guide-inclusif")}, "ATT017", GUIDE, {}),
    "broken-reuse-toml": ({"REUSE.toml": "version = 2\n[[annotations]]\npath = 3\n"}, "LIC008", "REUSE.toml",
                          {"REUSE.toml": None}),
}


@pytest.fixture
def clone(make_commons, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    origin = make_commons(BASE, licences=("CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC-BY-4.0"))
    path = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(path))
    git(path, "checkout", "-q", "-b", "partner")
    return path


def _commit(root: Path, files: dict[str, str | bytes | None], message: str) -> None:
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def _errors(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_evasion_is_found_then_the_fix_passes(clone: Path, name: str) -> None:
    violating, code, where, fixed = SCENARIOS[name]
    _commit(clone, violating, name)
    committed = check_json(clone, "--base", "origin/main", "--head", "HEAD")
    found = [f for f in _errors(committed) if f["code"] == code]
    assert found, committed["findings"]
    assert any(f["path"] == where and f["line"] for f in found) or code in ("ATT016", "ATT017", "LIC001"), found
    assert all(f["fix"] for f in found)
    working_tree = check_json(clone)  # plain check: the base found by itself
    assert working_tree["summary"]["base"] == "origin/main"
    assert code in {f["code"] for f in _errors(working_tree)}, working_tree["findings"]
    if name == "cited-resource-renamed":  # fixed by updating the citing resource in the same change
        fixed = {"content/placement/suivi.md": BASE["content/placement/suivi.md"].replace(  # type: ignore[union-attr]
            "id: sourcing/guide\n    modified", "id: sourcing/guide-inclusif\n    modified")}
    _commit(clone, fixed, "fix")
    after = check_json(clone, "--base", "origin/main", "--head", "HEAD")
    assert code not in {f["code"] for f in _errors(after)}, after["findings"]


def test_a_clean_partner_change_still_passes(clone: Path) -> None:
    _commit(clone, {SHEET: b"PK\x03\x04 une autre feuille\x00\x02", SHEET_MD: SHEET_RECORDED,
                    SHEET + ".license": f"{CT}: 2018 Simplon.co\n{CT}: 2025 Fabrique numérique de Roubaix\n"
                                        f"{LT}: CC-BY-SA-4.0\n"}, "grille")
    report = check_json(clone, "--base", "origin/main", "--head", "HEAD")
    assert _errors(report) == [], report["findings"]


def test_export_ignore_attributes_hide_nothing(clone: Path) -> None:
    """The change's .gitattributes cannot hide files from the check (no `git archive`)."""
    _commit(clone, {".gitattributes": "content/** export-ignore\nREUSE.toml export-ignore\n",
                    "REUSE.toml": OVERRIDE.format(licence="CC-BY-NC-SA-4.0")}, "hide")
    report = check_json(clone, "--base", "origin/main", "--head", "HEAD")
    assert "ATT014" in {f["code"] for f in _errors(report)}, report["findings"]


def test_a_symlink_out_of_the_tree_with_a_reuse_toml_change_is_no_traceback(clone: Path) -> None:
    os.symlink("/etc/passwd", clone / "content" / "sourcing" / "passwd")
    _commit(clone, {"REUSE.toml": OVERRIDE.format(licence="CC-BY-SA-4.0")}, "symlink")
    report = check_json(clone, "--base", "origin/main", "--head", "HEAD")
    assert "ATT015" in {f["code"] for f in _errors(report)}


def test_a_change_to_the_registry_or_the_ledger_is_judged_by_their_rules(make_commons, tmp_path: Path) -> None:
    from tests.bot.conftest import partner

    origin = make_commons({**BASE, "partners/simplon.yaml": partner("simplon", "Simplon.co", "simplon"),
                           "partners/fabrique-roubaix.yaml": partner("fabrique-roubaix", "Fabrique", "awadiallo")})
    path = tmp_path / "registry"
    git(tmp_path, "clone", "-q", str(origin), str(path))
    _commit(path, {"partners/autre.yaml": partner("autre", "Autre structure", "awadiallo")}, "claim a login")
    report = check_json(path, "--base", "origin/main", "--head", "HEAD")
    assert "PTN004" in {f["code"] for f in report["findings"]}, report["findings"]
    _commit(path, {"partners/autre.yaml": None, "ledger/contributions.jsonl": '{"pr": 1, "hash": "forged"}\n'},
            "forge the ledger")
    report = check_json(path, "--base", "origin/main", "--head", "HEAD")
    assert any(f["code"].startswith("LED") and f["path"] == "ledger/contributions.jsonl"
               for f in _errors(report)), report["findings"]
