# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A change is checked from what it touches: the copy index follows the base, attachments are looked up one by one."""

from __future__ import annotations

from pathlib import Path

from open_commons.sources import copy_index, git_revisions

from .licensing_helpers import CT, LT, check_json, git, resource, write

GUIDE = "content/sourcing/guide.md"
BODY = ("# Un guide\n\nUne méthode pour conduire un entretien collectif avec des candidats sans diplôme.\n\n"
        "Chaque étape est décrite avec le matériel nécessaire et les pièges à éviter en entretien.\n\n"
        "Les rôles de chacun sont répartis avant la séance et relus ensemble le jour même.\n")


def copy_of(rid: str) -> str:
    return resource(rid, title="Une copie", body=BODY.replace("Un guide", "Une copie"))


def att011(report: dict) -> list[str]:
    return [f["message"] for f in report["findings"] if f["code"] == "ATT011"]


def test_copy_index_follows_the_base_revision(make_commons) -> None:
    root = make_commons({GUIDE: resource("sourcing/guide", body=BODY)})
    write(root, {"content/sourcing/copie.md": copy_of("sourcing/copie")})
    first = att011(check_json(root, "--base", "main"))
    assert len(first) == 1 and GUIDE in first[0]
    assert (root / ".git" / "open-commons" / "copy-lines-v2.sqlite").is_file()
    # a new base: the original moves; the index is brought to it from the change between the two
    write(root, {"content/sourcing/copie.md": None})
    git(root, "mv", GUIDE, "content/sourcing/ancien-guide.md")
    git(root, "commit", "-q", "-m", "move")
    write(root, {"content/sourcing/copie.md": copy_of("sourcing/copie")})
    moved = att011(check_json(root, "--base", "main"))
    assert len(moved) == 1 and "content/sourcing/ancien-guide.md" in moved[0], moved
    # and a base where it is gone: no copy found
    git(root, "rm", "-q", "content/sourcing/ancien-guide.md")
    git(root, "commit", "-q", "-m", "remove")
    assert att011(check_json(root, "--base", "main")) == []


def test_without_an_index_git_grep_finds_the_copy(make_commons) -> None:
    root = make_commons({GUIDE: resource("sourcing/guide", body=BODY)})
    (root / ".git" / "open-commons").write_text("not a folder", encoding="utf-8")
    write(root, {"content/sourcing/copie.md": copy_of("sourcing/copie")})
    found = att011(check_json(root, "--base", "main"))
    assert len(found) == 1 and GUIDE in found[0]


def test_a_broken_index_is_not_trusted(make_commons) -> None:
    root = make_commons({GUIDE: resource("sourcing/guide", body=BODY)})
    (root / ".git" / "open-commons").mkdir()
    (root / ".git" / "open-commons" / "copy-lines-v2.sqlite").write_bytes(b"garbage" * 100)
    write(root, {"content/sourcing/copie.md": copy_of("sourcing/copie")})
    found = att011(check_json(root, "--base", "main"))
    assert len(found) == 1 and GUIDE in found[0]


def test_index_lines_and_lookup(make_commons) -> None:
    root = make_commons({GUIDE: resource("sourcing/guide", body=BODY)})
    repo = git_revisions.open_repo(root, "main")
    line = "Les rôles de chacun sont répartis avant la séance et relus ensemble le jour même."
    assert copy_index.containing(repo, repo.base, "content", [line]) == {GUIDE}
    assert copy_index.containing(repo, repo.base, "content", ["  " + line + "  "]) == {GUIDE}
    assert copy_index.containing(repo, repo.base, "content", ["une ligne que personne n'a jamais écrite ici"]) == set()


def test_attachments_of_a_changed_resource_are_looked_up(make_commons) -> None:
    extra = "attachments: [grille.csv]\n"
    root = make_commons({GUIDE: resource("sourcing/guide")})
    write(root, {GUIDE: resource("sourcing/guide", extra=extra, version="1.1.0", date_modified="2025-02-01",
                                 changes="  - date: 2024-01-10\n    by: simplon\n    summary: Première version\n"
                                         "    version: 1.0.0\n  - date: 2025-02-01\n    by: simplon\n"
                                         "    summary: Grille ajoutée\n    version: 1.1.0\n")})
    report = check_json(root, "--base", "main")
    assert [f["code"] for f in report["findings"] if f["code"] == "RES004"] == ["RES004"]
    write(root, {"content/sourcing/grille.csv": "a;b\n",
                 "content/sourcing/grille.csv.license": f"{CT}: 2025 X\n{LT}: CC-BY-SA-4.0\n"})
    report = check_json(root, "--base", "main")
    assert [f for f in report["findings"] if f["code"] == "RES004"] == []
    # the same, head as a revision
    git(root, "checkout", "-q", "-b", "pr")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pr")
    report = check_json(root, "--base", "main", "--head", "pr")
    assert [f for f in report["findings"] if f["code"] == "RES004"] == []
    assert Path(root / GUIDE).is_file()


def test_a_damaged_index_is_built_again(make_commons) -> None:
    root = make_commons({GUIDE: resource("sourcing/guide", body=BODY)})
    (root / ".git" / "open-commons").mkdir()
    index = root / ".git" / "open-commons" / "copy-lines-v2.sqlite"
    index.write_bytes(b"garbage" * 100)
    repo = git_revisions.open_repo(root, "main")
    line = "Les rôles de chacun sont répartis avant la séance et relus ensemble le jour même."
    assert copy_index.containing(repo, repo.base, "content", [line]) == {GUIDE}
    assert not index.read_bytes().startswith(b"garbage")


def test_reuse_tomls_from_the_index_give_the_same_report(make_commons) -> None:
    from open_commons.sources import reuse_info

    toml = ('version = 1\n\n[[annotations]]\npath = "**"\nprecedence = "aggregate"\n'
            f'"{CT}" = "2025 X"\n"{LT}" = "CC-BY-SA-4.0"\n')
    root = make_commons({GUIDE: resource("sourcing/guide"), "content/sourcing/REUSE.toml": toml,
                         "content/sourcing/grille.csv": "a;b\n", "content/montage/REUSE.toml": "broken = [\n"})
    repo = git_revisions.open_repo(root, "main")
    assert git_revisions.indexed_reuse_tomls(repo) == ["content/montage/REUSE.toml", "content/sourcing/REUSE.toml"]
    subset = [GUIDE, "content/sourcing/grille.csv"]
    walked = reuse_info.scan(root, subset)
    known = reuse_info.scan(root, subset, reuse_tomls=git_revisions.indexed_reuse_tomls(repo))
    assert known == walked and walked.error  # the broken one is found either way
    (root / "content" / "montage" / "REUSE.toml").unlink()
    git(root, "commit", "-qam", "fixed")
    repo = git_revisions.open_repo(root, "main")
    walked = reuse_info.scan(root, subset)
    known = reuse_info.scan(root, subset, reuse_tomls=git_revisions.indexed_reuse_tomls(repo))
    assert known == walked and not walked.error
    assert any(t.source == "content/sourcing/REUSE.toml" for f in known.files for t in f.copyrights)
