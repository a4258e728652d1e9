# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons fix`: the bookkeeping of a modified resource and missing SPDX lines, written without judgement."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from open_commons.cli import main
from open_commons.sources import yamlio

from .licensing_helpers import CT, LT, MAIN, check_json, git, resource, write

HEADER = f"# {CT}: 2026 Simplon.co\n# {LT}: CC-BY-SA-4.0\n"
PARTNERS = {f"partners/{name}.yaml": HEADER + (MAIN / "partners" / f"{name}.yaml").read_text(encoding="utf-8")
            for name in ("simplon", "fabrique-roubaix")}
PATH = "content/sourcing/guide.md"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root), "--lang", "fr"], catch_exceptions=False)
    return result.exit_code, result.output


def _branch_with_a_silent_edit(make_commons) -> Path:
    root = make_commons({PATH: resource("sourcing/guide"), **PARTNERS})
    git(root, "checkout", "-q", "-b", "variante")
    git(root, "config", "user.name", "Awa Diallo")
    git(root, "config", "user.email", "awa@fabrique-roubaix.example")
    text = (root / PATH).read_text(encoding="utf-8")
    write(root, {PATH: text + "\nUne variante à distance est possible.\n"})
    git(root, "commit", "-q", "-am", "Variante à distance")
    return root


def test_fix_records_the_change_and_the_check_then_passes(make_commons) -> None:
    root = _branch_with_a_silent_edit(make_commons)
    codes = {f["code"] for f in check_json(root)["findings"]}
    assert {"ATT007", "ATT008", "ATT009"} <= codes
    before = (root / PATH).read_text(encoding="utf-8")
    code, out = run(root, "fix", "--summary", "Variante à distance ajoutée")
    assert code == 0, out
    after = (root / PATH).read_text(encoding="utf-8")
    assert after.splitlines()[:3] == before.splitlines()[:3]  # the SPDX comments are unchanged
    data, problems = yamlio.load(after.split("---\n")[1])
    assert not problems
    assert data["version"] == "1.1.0" and data["date_modified"] > "2024-01-10"
    assert data["changes"][-1] == {"date": data["date_modified"], "by": "fabrique-roubaix",
                                   "summary": "Variante à distance ajoutée", "version": "1.1.0"}
    assert data["contributors"] == [{"name": "Awa Diallo", "partner": "fabrique-roubaix"}]
    assert check_json(root)["findings"] == []
    # once is enough: a second run changes nothing
    code, out = run(root, "fix")
    assert code == 0 and "0 problème(s) corrigé(s)" in out, out
    assert (root / PATH).read_text(encoding="utf-8") == after


def test_dry_run_writes_nothing_and_shows_the_diff(make_commons) -> None:
    root = _branch_with_a_silent_edit(make_commons)
    before = (root / PATH).read_text(encoding="utf-8")
    code, out = run(root, "fix", "--dry-run", "--diff")
    assert code == 0
    assert "+    by: fabrique-roubaix" in out and "+version: 1.1.0" in out
    assert "<ce que vous avez modifié, en une phrase>" in out  # the summary to write, said in French
    assert (root / PATH).read_text(encoding="utf-8") == before


def test_fix_writes_a_missing_reuse_sidecar_and_a_space_after_a_colon(make_commons) -> None:
    text = resource("sourcing/guide", extra="attachments: [grille.csv]\n").replace(
        "    partner: simplon\n", "    partner:simplon\n", 1)
    root = make_commons({PATH: text, "content/sourcing/grille.csv": "critère;note\n"})
    _, out = run(root, "fix")
    sidecar = root / "content" / "sourcing" / "grille.csv.license"
    assert sidecar.is_file(), out
    assert f"{LT}: CC-BY-SA-4.0" in sidecar.read_text(encoding="utf-8")
    assert "    partner: simplon\n" in (root / PATH).read_text(encoding="utf-8")
    assert check_json(root)["findings"] == [], out


def test_the_bot_comment_keeps_the_instruction_out_of_the_yaml_and_suggests_single_lines(make_commons) -> None:
    from open_commons.app.check import check
    from open_commons.app.workspace import Workspace
    from open_commons.github import comment

    root = _branch_with_a_silent_edit(make_commons)
    report = check(Workspace.open(root), use_cache=False)
    body = comment.render(report, "fr", partner="fabrique-roubaix", author="awadiallo", unregistered="inform")
    block = body.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "Ajoutez" not in block and "by: <votre identifiant partenaire>" in block
    assert "summary: <ce que vous avez modifié, en une phrase>" in block
    assert "Ajoutez à la fin de « changes: »" in body.split("```yaml", 1)[0]
    assert "```suggestion\n  version: 1.1.0\n  ```" in body
    assert "`commons fix` fait cette modification pour vous." in body


def test_fix_regenerates_the_content_index(make_commons) -> None:
    root = make_commons({PATH: resource("sourcing/guide"), "content/README.md": "# ancien sommaire\n"})
    code, out = run(root, "fix")
    assert code == 0, out
    index = (root / "content" / "README.md").read_text(encoding="utf-8")
    assert "ancien sommaire" not in index and "Un guide de test" in index
    assert run(root, "index", "--check")[0] == 0


def test_the_bot_checks_partner_ids_of_a_change_against_the_registry(make_commons) -> None:
    root = make_commons({PATH: resource("sourcing/guide"), **PARTNERS})
    git(root, "checkout", "-q", "-b", "typo")
    text = (root / PATH).read_text(encoding="utf-8").replace("    partner: simplon\n", "    partner: simplom\n", 1)
    write(root, {PATH: text})
    git(root, "commit", "-q", "-am", "typo")
    findings = check_json(root, "--base", "main", "--head", "typo")["findings"]
    (finding,) = [f for f in findings if f["code"] == "PTN007"]
    assert "'simplom'" in finding["message"] and "did you mean 'simplon'?" in finding["message"]


def test_a_placeholder_left_by_fix_is_not_forgotten(make_commons) -> None:
    root = _branch_with_a_silent_edit(make_commons)
    code, out = run(root, "fix")
    assert code == 1, out
    assert "RES011" in out and "<ce que vous avez modifié, en une phrase>" in out
    assert "À faire :" in out


def test_a_suggested_line_applied_as_github_applies_it_gives_what_fix_writes(make_commons) -> None:
    root = _branch_with_a_silent_edit(make_commons)
    findings = check_json(root)["findings"]
    suggested = {f["line"]: f["suggestion"] for f in findings if f["suggestion"]}
    assert {f["code"] for f in findings if f["suggestion"]} == {"ATT008", "ATT009"}
    lines = (root / PATH).read_text(encoding="utf-8").splitlines()
    for number, text in suggested.items():
        # a suggestion replaces the commented line with the block's content: the same key, a new value
        assert lines[number - 1].split(":")[0] == text.split(":")[0] and lines[number - 1] != text
    run(root, "fix", "--summary", "Variante à distance ajoutée")
    fixed = (root / PATH).read_text(encoding="utf-8").splitlines()
    for text in suggested.values():
        assert text in fixed
