# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons check --base REF [--head REF]` on real git repositories: a violating and a fixed change per rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from .licensing_helpers import CT, LT, check_json, git, resource, write

GUIDE = "content/sourcing/guide.md"
CONTRIB = "  - name: Awa Diallo\n    partner: fabrique-roubaix\n"
NEW_CHANGE = ("  - date: 2024-01-10\n    by: simplon\n    summary: Première version\n    version: 1.0.0\n"
              "  - date: 2025-02-01\n    by: fabrique-roubaix\n    summary: Variante à distance ajoutée\n"
              "    version: 1.1.0\n")
SOURCE = ("is_based_on:\n  - title: Guide du recrutement inclusif\n    url: https://example.org/guide\n"
          "    license: CC-BY-4.0\n    modified: true\n")
BODY2 = ("# Un guide de test\n\nCe guide explique comment préparer une information collective pour quarante "
         "personnes sans diplôme, avec un déroulé minuté, des rôles clairs et une variante à distance.\n\n"
         "Chaque étape est décrite avec le matériel nécessaire et les pièges à éviter.\n\n"
         "## Variante à distance\n\nUne visioconférence de deux heures, avec un temps d'échange en petits groupes.\n")

OTHER = "# Notes internes\n\nLes tarifs négociés avec les financeurs régionaux pour 2025.\n"
BASE = {GUIDE: resource("sourcing/guide", extra=SOURCE)}


def good(**kw: object) -> str:
    """The guide after a well-made change by fabrique-roubaix."""
    args = dict(extra="contributors:\n" + CONTRIB + SOURCE, changes=NEW_CHANGE, version="1.1.0",
                date_modified="2025-02-01", body=BODY2,
                holders=("2018 Simplon.co", "2025 Fabrique numérique de Roubaix"))
    args.update(kw)
    return resource("sourcing/guide", **args)  # type: ignore[arg-type]


def copied() -> str:
    return resource("sourcing/guide-lille", title="Un guide pour Lille").replace(
        "Ce guide explique", "Ce guide, adapté à Lille, explique")


SCENARIOS = {
    # name: (violating change, expected codes, fixed change)
    "licence-changed": ({GUIDE: good(licence="CC-BY-NC-4.0")}, {"ATT001", "LIC010", "LIC004"}, {GUIDE: good()}),
    "licence-removed": ({GUIDE: good(licence="")}, {"ATT001", "LIC001"}, {GUIDE: good()}),
    "copyright-removed": ({GUIDE: good(holders=("2025 Fabrique numérique de Roubaix",))}, {"ATT002"},
                          {GUIDE: good()}),
    "author-removed": ({GUIDE: good(authors="  - name: Fabrique numérique de Roubaix\n")}, {"ATT003"},
                       {GUIDE: good()}),
    "author-rewritten": ({GUIDE: good(authors="  - name: Simplon.co\n    partner: simplon-lyon\n")}, {"ATT003"},
                         {GUIDE: good()}),
    "contributor-removed": (
        {GUIDE: good(extra="contributors:\n" + CONTRIB + SOURCE)},  # first commit it, then remove (see test)
        set(), {GUIDE: good()}),
    "source-removed": ({GUIDE: good(extra="contributors:\n" + CONTRIB)}, {"ATT005"}, {GUIDE: good()}),
    "history-rewritten": ({GUIDE: good(changes=NEW_CHANGE.replace("Première version", "Version 1"))}, {"ATT006"},
                          {GUIDE: good()}),
    "not-recorded": ({GUIDE: resource("sourcing/guide", extra=SOURCE, body=BODY2)},
                     {"ATT007", "ATT008", "ATT009"}, {GUIDE: good()}),
    "not-credited": ({GUIDE: good(extra=SOURCE)}, {"ATT010"}, {GUIDE: good()}),
    "copy-without-source": ({"content/sourcing/guide-lille.md": copied()}, {"ATT011"},
                            {"content/sourcing/guide-lille.md": copied().replace(
                                "changes:\n", "is_based_on:\n  - id: sourcing/guide\n    modified: true\nchanges:\n")}),
    "partners-tier": ({"content/sourcing/interne.md": resource("sourcing/interne", access="partners", body=OTHER)},
                      {"ATT012"}, {"content/sourcing/interne.md": resource("sourcing/interne", body=OTHER)}),
    "source-refused": ({GUIDE: good(extra="contributors:\n" + CONTRIB + SOURCE + (
        "  - title: Fiche startup\n    url: https://beta.gouv.fr/startups/memo.html\n"
        "    license: CC-BY-NC-SA-4.0\n"))}, {"LIC011"}, {GUIDE: good()}),
    "attachment-refused": ({"content/sourcing/grille.csv": "a;b\n",
                            "content/sourcing/grille.csv.license": f"{CT}: 2025 X\n{LT}: CC-BY-ND-4.0\n"},
                           {"LIC012", "LIC004"},
                           {"content/sourcing/grille.csv": "a;b\n",
                            "content/sourcing/grille.csv.license": f"{CT}: 2025 X\n{LT}: CC-BY-SA-4.0\n"}),
    "attachment-without-licence": ({"content/sourcing/grille.csv": "a;b\n"}, {"LIC001", "LIC002"},
                                   {"content/sourcing/grille.csv": "a;b\n",
                                    "content/sourcing/grille.csv.license": f"{CT}: 2025 X\n{LT}: CC-BY-SA-4.0\n"}),
}


def codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"] if f["severity"] == "error"}


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "contributor-removed"])
def test_violating_then_fixed_change_in_the_working_tree(make_commons, name: str) -> None:
    violating, expected, fixed = SCENARIOS[name]
    root = make_commons(BASE)
    write(root, violating)
    report = check_json(root, "--base", "main")
    assert codes(report) == expected, report["findings"]
    assert all(f["line"] for f in report["findings"] if f["code"].startswith("ATT") and f["code"] != "ATT013")
    assert all(f["fix"] for f in report["findings"])
    write(root, dict.fromkeys(violating))
    write(root, fixed)
    report = check_json(root, "--base", "main")
    assert codes(report) == set(), report["findings"]
    assert report["summary"]["exit_code"] == 0


def test_clean_change_passes_and_unchanged_tree_is_empty(make_commons, commons_cli) -> None:
    root = make_commons(BASE)
    code, out = commons_cli(root, "--base", "main")
    assert code == 0 and "0 error(s)" in out
    write(root, {GUIDE: good()})
    code, out = commons_cli(root, "--base", "main")
    assert code == 0, out


def test_contributor_removed_and_rewritten(make_commons) -> None:
    root = make_commons({GUIDE: good()})
    removed = good(extra=SOURCE, changes=NEW_CHANGE + "  - date: 2025-03-01\n    by: simplon\n    summary: "
                   "Relecture\n    version: 1.2.0\n", version="1.2.0", date_modified="2025-03-01",
                   body=BODY2 + "\nRelu.\n")
    write(root, {GUIDE: removed})
    report = check_json(root, "--base", "main")
    assert codes(report) == {"ATT004"}
    att = next(f for f in report["findings"] if f["code"] == "ATT004")
    assert "Awa Diallo" in att["message"] and "partner: fabrique-roubaix" in att["fix"]
    write(root, {GUIDE: removed.replace("authors:\n", "contributors:\n  - name: Awa Diallo\n    partner: "
                                        "e2c-marseille\nauthors:\n", 1)})
    assert "rewritten" in next(f["message"] for f in check_json(root, "--base", "main")["findings"]
                               if f["code"] == "ATT004")
    write(root, {GUIDE: removed.replace("is_based_on:", "contributors:\n" + CONTRIB + "is_based_on:")})
    assert codes(check_json(root, "--base", "main")) == set()


def test_lines_point_into_the_head_revision(make_commons) -> None:
    root = make_commons(BASE)
    changed = resource("sourcing/guide", extra=SOURCE, body=BODY2)
    write(root, {GUIDE: changed})
    lines = changed.split("\n")
    by_code = {f["code"]: f for f in check_json(root, "--base", "main")["findings"]}
    assert lines[by_code["ATT009"]["line"] - 1].startswith("version:")
    assert lines[by_code["ATT008"]["line"] - 1].startswith("date_modified:")
    assert lines[by_code["ATT007"]["line"] - 1].startswith("changes:")
    assert "version: 1.1.0" in by_code["ATT007"]["fix"] and "version: 1.1.0" in by_code["ATT009"]["fix"]


def test_head_ref_is_read_from_git_not_from_the_working_tree(make_commons) -> None:
    root = make_commons(BASE)
    git(root, "checkout", "-q", "-b", "pr")
    write(root, {GUIDE: resource("sourcing/guide", extra=SOURCE, body=BODY2)})
    git(root, "commit", "-q", "-am", "change without record")
    git(root, "checkout", "-q", "main")  # the working tree is back at the base
    assert codes(check_json(root, "--base", "main", "--head", "pr")) == {"ATT007", "ATT008", "ATT009"}
    assert codes(check_json(root, "--base", "main")) == set()


def test_rename_keeps_history(make_commons) -> None:
    root = make_commons(BASE)
    git(root, "mv", GUIDE, "content/sourcing/guide-info-co.md")
    moved = good(body=BODY2).replace("id: sourcing/guide", "id: sourcing/guide-info-co")
    write(root, {"content/sourcing/guide-info-co.md": moved.replace("  - name: Simplon.co\n    partner: simplon\n",
                                                                   "  - name: Autre\n")})
    report = check_json(root, "--base", "main")
    assert codes(report) == {"ATT003"}
    write(root, {"content/sourcing/guide-info-co.md": moved})
    assert codes(check_json(root, "--base", "main")) == set()


def test_deletion_is_a_warning_naming_the_authors(make_commons) -> None:
    root = make_commons(BASE)
    (root / GUIDE).unlink()
    report = check_json(root, "--base", "main")
    assert report["summary"]["exit_code"] == 0
    [warning] = report["findings"]
    assert warning["code"] == "ATT013" and "Simplon.co" in warning["message"]


def test_shell_novice_episode_adapted_with_is_based_on_passes(make_commons) -> None:
    episode = (Path(__file__).parents[1] / "fixtures/licensing/external/shell-novice/episodes/01-intro.md")
    body = episode.read_text(encoding="utf-8").split("---\n", 2)[2]
    source = ("is_based_on:\n  - title: Introducing the Shell\n"
              "    url: https://github.com/swcarpentry/shell-novice/blob/f095fbcb703452afa0f424ea837771356226841a"
              "/episodes/01-intro.md\n    authors: [Software Carpentry contributors]\n    license: CC-BY-4.0\n"
              "    modified: true\n")
    root = make_commons(BASE)
    adapted = resource("formation/introduction-au-terminal", title="Introduction au terminal", extra=source,
                       body="# Introduction au terminal\n" + body)
    write(root, {"content/formation/introduction-au-terminal.md": adapted})
    assert codes(check_json(root, "--base", "main")) == set()
    # the same episode named under its wrong licence, or beta.gouv.fr material, is refused
    beta = ("  - title: Mémo\n    url: https://beta.gouv.fr/startups/memo.html\n    authors: [beta.gouv.fr]\n"
            "    license: CC-BY-NC-SA-4.0\n")
    write(root, {"content/formation/introduction-au-terminal.md": adapted.replace("changes:\n", beta + "changes:\n", 1)})
    report = check_json(root, "--base", "main")
    [refused] = [f for f in report["findings"] if f["code"] == "LIC011"]
    assert "CC-BY-NC-SA-4.0" in refused["message"] and "NC" in refused["message"]
    text = (root / "content/formation/introduction-au-terminal.md").read_text().split("\n")
    assert text[refused["line"] - 1].strip() == "license: CC-BY-NC-SA-4.0"


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path, commons_cli) -> None:
    write(tmp_path, {"commons.yaml": (Path(__file__).parents[2] / "commons.yaml").read_text()})
    code, out = commons_cli(tmp_path, "--base", "main")
    assert code == 2 and "git" in out
