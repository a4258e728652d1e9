# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Copy detection that padding, merging or partial copies do not defeat (real git changes)."""

from __future__ import annotations

from pathlib import Path

from .licensing_helpers import check_json, git, resource, write

WORDS = ("candidat", "formation", "entretien", "motivation", "atelier", "financeur", "planning", "stage",
         "entreprise", "tuteur", "dossier", "session", "groupe", "projet", "accompagnement", "insertion")


def body(title: str, seed: int, paragraphs: int = 8) -> str:
    """A body of distinct sentences (each paragraph a line of more than 25 characters)."""
    out = [f"# {title}", ""]
    for p in range(paragraphs):
        words = [WORDS[(seed * 7 + p * 3 + i * 5) % len(WORDS)] + str((seed * 31 + p * 17 + i) % 97)
                 for i in range(18)]
        out += [" ".join(words).capitalize() + ".", ""]
    return "\n".join(out)


A, B = body("Guide A", 1), body("Guide B", 2)
BASE = {"content/sourcing/a.md": resource("sourcing/a", body=A),
        "content/sourcing/b.md": resource("sourcing/b", body=B)}


def _clone(make_commons, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    origin = make_commons(BASE)
    path = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(path))
    return path


def _change(path: Path, files: dict[str, str]) -> dict:
    write(path, files)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "change")
    return check_json(path, "--base", "origin/main", "--head", "HEAD")


def _codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"]}


def test_a_copy_padded_with_longer_new_lines(make_commons, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _clone(make_commons, tmp_path)
    padding = "\n".join(f"Une très longue ligne nouvelle numéro {i} qui dépasse toutes les lignes copiées du guide "
                        f"d'origine pour tromper une recherche qui ne regarde que les plus longues." for i in range(8))
    report = _change(path, {"content/sourcing/c.md": resource("sourcing/c", body=A + "\n" + padding + "\n")})
    assert "ATT011" in _codes(report), report["findings"]


def test_two_resources_merged_into_one(make_commons, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _clone(make_commons, tmp_path)
    report = _change(path, {"content/sourcing/c.md": resource("sourcing/c", body=A + "\n" + B)})
    assert "ATT011" in _codes(report), report["findings"]


def test_more_than_half_of_one_in_a_longer_text(make_commons, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _clone(make_commons, tmp_path)
    part = "\n".join(A.split("\n")[: 2 + 2 * 5])  # 5 of 8 paragraphs (about 60 %)
    report = _change(path, {"content/sourcing/c.md": resource("sourcing/c", body=part + "\n" + body("C", 9, 12))})
    assert "ATT011" in _codes(report), report["findings"]


def test_an_original_text_is_not_a_copy(make_commons, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _clone(make_commons, tmp_path)
    report = _change(path, {"content/sourcing/c.md": resource("sourcing/c", body=body("C", 9))})
    assert "ATT011" not in _codes(report), report["findings"]


def test_a_paragraph_pasted_into_an_existing_resource(make_commons, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _clone(make_commons, tmp_path)
    pasted = "\n".join(B.split("\n")[2:8])  # three paragraphs of B
    changed = resource("sourcing/a", body=A + "\n" + pasted + "\n")
    report = _change(path, {"content/sourcing/a.md": changed})
    found = [f for f in report["findings"] if f["code"] == "ATT018"]
    assert found and "sourcing/b" in found[0]["message"] and "Simplon.co" in found[0]["fix"], report["findings"]
    assert found[0]["severity"] == "warning"  # both resources have the same holder (Simplon.co)
    cited = changed.replace("changes:\n", "is_based_on:\n  - id: sourcing/b\n    modified: true\nchanges:\n")
    report = _change(path, {"content/sourcing/a.md": cited})
    assert "ATT018" not in _codes(report), report["findings"]
