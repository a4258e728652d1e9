# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Credit lines (TASL) following is_based_on, kits that pass `reuse lint`, SARIF and Markdown reports."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from open_commons.cli import main

from .licensing_helpers import CT, LT, resource, write

ORIGINAL = resource("sourcing/guide", title="Guide de l'info co", extra=(
    "contributors:\n  - name: Awa Diallo\n    partner: fabrique-roubaix\n"
    "is_based_on:\n  - title: Introducing the Shell\n    url: https://github.com/swcarpentry/shell-novice\n"
    "    authors: [Software Carpentry contributors]\n    license: CC-BY-4.0\n    modified: true\n"),
    changes="  - date: 2024-01-10\n    by: simplon\n    summary: Première version\n    version: 1.0.0\n"
            "  - date: 2024-02-01\n    by: fabrique-roubaix\n    summary: Variante à distance\n    version: 1.1.0\n",
    version="1.1.0", date_modified="2024-02-01")
DERIVED = resource("placement/job-dating", title="Job dating", extra=(
    "is_based_on:\n  - id: sourcing/guide\n    modified: true\n"), body="# Job dating\n\nUn autre texte, sur les rencontres avec les employeurs.\n")
SECRET = resource("placement/tarifs", title="Tarifs négociés", access="partners",
                  body="# Tarifs\n\nRéservé aux partenaires.\n")
FILES = {
    "content/sourcing/guide.md": ORIGINAL.replace("date_created", "attachments: [grille.csv]\ndate_created"),
    "content/sourcing/grille.csv": "critère;poids\n",
    "content/placement/job-dating.md": DERIVED,
    "content/placement/tarifs.md": SECRET,
    "REUSE.toml": ('version = 1\n[[annotations]]\npath = ["content/**/*.csv"]\n'
                   f'{CT} = "2024 Simplon.co"\n{LT} = "CC-BY-SA-4.0"\n'),
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_credit_line_follows_is_based_on_inside_and_outside(make_commons) -> None:
    root = make_commons(FILES)
    code, out = run("attribution", "placement/job-dating", "--root", str(root), "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("« Job dating » (https://github.com/simplon/open-commons/blob/main/content/placement/"
                               "job-dating.md) by Simplon.co, under CC-BY-SA-4.0 "
                               "(https://creativecommons.org/licenses/by-sa/4.0/)")
    assert "Based on: « Guide de l'info co »" in lines[1] and "with Awa Diallo" in lines[1]
    assert "Modified: 2024-02-01 fabrique-roubaix: Variante à distance" in lines[1]
    assert lines[2].strip().startswith("Based on: « Introducing the Shell » (https://github.com/swcarpentry/shell-novice)"
                                       " by Software Carpentry contributors, under CC-BY-4.0 "
                                       "(https://creativecommons.org/licenses/by/4.0/). Modified.")
    code, html = run("attribution", str(root / "content/sourcing/guide.md"), "--root", str(root), "--format", "html")
    assert code == 0 and 'rel="license"' in html and "<ul>" in html and "par Simplon.co avec Awa Diallo" in html
    code, md = run("attribution", "sourcing/guide", "--root", str(root), "--format", "markdown", "--lang", "en")
    assert "[CC-BY-4.0](https://creativecommons.org/licenses/by/4.0/)" in md
    code, _out = run("attribution", "sourcing/nope", "--root", str(root))
    assert code == 2


def test_export_kit_passes_reuse_lint_and_keeps_partners_tier_out(make_commons, tmp_path: Path) -> None:
    root = make_commons(FILES, licences=("CC-BY-SA-4.0",))
    kit = tmp_path / "kit"
    code, out = run("export", "--root", str(root), "--out", str(kit), "--lang", "en")
    assert code == 0, out
    assert not (kit / "content/placement/tarifs.md").exists()
    assert (kit / "content/sourcing/grille.csv.license").read_text().count(LT) == 1  # REUSE.toml made explicit
    lint = subprocess.run(["reuse", "--root", str(kit), "lint"], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    attribution = (kit / "ATTRIBUTION.md").read_text()
    assert attribution.count("\n## ") == 2 and "Tarifs" not in attribution
    assert "Introducing the Shell" in attribution and "File: content/placement/job-dating.md" in attribution
    # a licence brought in only through is_based_on is credited but its text is not needed in the kit
    assert sorted(p.name for p in (kit / "LICENSES").iterdir()) == ["CC-BY-SA-4.0.txt"]


def test_export_by_phase_to_zip_and_partners_tier(make_commons, tmp_path: Path) -> None:
    root = make_commons(FILES)
    out = tmp_path / "kit.zip"
    code, _ = run("export", "--root", str(root), "--phase", "sourcing", "--out", str(out))
    assert code == 0
    names = set(zipfile.ZipFile(out).namelist())
    assert "content/sourcing/guide.md" in names and "content/placement/job-dating.md" not in names
    assert {"ATTRIBUTION.md", "LICENSES/CC-BY-SA-4.0.txt", "content/sourcing/grille.csv"} <= names
    code, _ = run("export", "--root", str(root), "--access", "partners", "--out", str(tmp_path / "p"))
    assert code == 0 and (tmp_path / "p/content/placement/tarifs.md").exists()
    code, _ = run("export", "--root", str(root), "--phase", "nope", "--out", str(tmp_path / "x"))
    assert code == 2


def test_sarif_and_markdown_reports(make_commons) -> None:
    root = make_commons({"content/sourcing/guide.md": ORIGINAL})
    write(root, {"content/sourcing/guide.md": ORIGINAL.replace("Chaque étape", "Chaque étape nouvelle"),
                 "content/sourcing/naked.csv": "a;b\n"})
    code, out = run("check", "--root", str(root), "--base", "main", "--format", "sarif", "--lang", "en")
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    run0 = sarif["runs"][0]
    rule_ids = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    assert {"ATT007", "ATT008", "ATT009", "LIC001", "LIC002"} <= set(rule_ids)
    for result in run0["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    code, md = run("check", "--root", str(root), "--base", "main", "--format", "markdown", "--lang", "fr")
    assert code == 1
    assert md.startswith("### Vérification des licences et des crédits")
    assert md.index("#### `content/sourcing/guide.md`") < md.index("#### `content/sourcing/naked.csv`")  # 3 errors first
    assert "Pour corriger" in md and "```yaml" in md and "version: 1.1.1" in md  # a one-word correction
    write(root, {"content/sourcing/guide.md": ORIGINAL, "content/sourcing/naked.csv": None})
    code, md = run("check", "--root", str(root), "--base", "main", "--format", "markdown", "--lang", "en")
    assert code == 0 and md.startswith("✅ No problem found")
