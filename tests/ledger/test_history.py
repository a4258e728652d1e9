# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""One streaming git log pass, and the cache keyed by commit hash."""

from __future__ import annotations

from open_commons.sources import history as hist
from tests.ledger.conftest import when


def test_the_cache_reads_only_new_commits_and_gives_the_same_history(commons, history_prs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    repo = commons.repo
    cache = tmp_path / "cache.json"
    cold = hist.read_history(repo, cache=cache)
    assert cold.read_from_git == len(cold.commits) == 7  # 1 + merge (2) + 2 squashes + merge (2)
    warm = hist.read_history(repo, cache=cache)
    assert warm.read_from_git == 0
    assert warm.all_commits() == cold.all_commits() and warm.head == cold.head
    commons.commit("Direct push", {"content/montage/note.md": "x\n"}, when=when("2024-03-01"))
    later = hist.read_history(repo, cache=cache)
    assert later.read_from_git == 1 and len(later.commits) == len(cold.commits) + 1
    assert later.all_commits() == hist.read_history(repo, cache=False).all_commits()


def test_merged_prs_are_found_on_the_main_line(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    history = hist.read_history(commons.repo, cache=False)
    found = {pr.number: pr for pr, _ in history.merged_prs("simplon")}
    assert sorted(found) == [1, 2, 3, 4]
    assert found[1].author == "awadiallo"  # from "Merge pull request #1 from awadiallo/pr-1"
    assert found[3].author is None and found[3].author_email == "awa.diallo@e2c-lille.fr"  # squash: email only
    assert [c.email for c in found[3].co_authors] == ["karim@e2c-lille.fr"]
    assert [c.email for c in found[4].co_authors] == ["ceo@fabrique-roubaix.fr"]  # from the branch's commit
    assert {f.path: f.change for f in found[3].files} == {"content/montage/budget.csv": "added",
                                                          "content/montage/budget.md": "added"}


def test_paths_with_spaces_accents_and_renames(commons) -> None:  # type: ignore[no-untyped-def]
    commons.commit("Add", {"content/sourcing/fiche à jour.md": "a\nb\n"}, when=when("2022-02-01"))
    commons.rename("content/sourcing/fiche à jour.md", "content/sourcing/fiche-a-jour.md")
    commons.commit("Rename", {}, when=when("2022-02-02"))
    main = hist.read_history(commons.repo, cache=False).main_line()
    assert main[-2].files[0].path == "content/sourcing/fiche à jour.md" and main[-2].files[0].added == 2
    renamed = main[-1].files[0]
    assert (renamed.change, renamed.previous_path, renamed.path) == (
        "renamed", "content/sourcing/fiche à jour.md", "content/sourcing/fiche-a-jour.md")


def test_merged_prs_cache_examines_only_new_main_line_commits(commons, history_prs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "c"
    cold = hist.merged_pull_requests(commons.repo, "HEAD", cache, "simplon")
    assert cold.commits_read == 7 and [pr.number for pr in cold.prs] == [1, 2, 3, 4]
    warm = hist.merged_pull_requests(commons.repo, "HEAD", cache, "simplon")
    assert warm.commits_read == 0 and warm.prs == cold.prs and warm.main == cold.main
    commons.pr(5, login="kbenali", author=("Karim", "karim@e2c-lille.fr"), when=when("2024-04-01"),
               files={"content/montage/diagnostic.md": "changed\n"})
    later = hist.merged_pull_requests(commons.repo, "HEAD", cache, "simplon")
    assert later.commits_read == 2 and [pr.number for pr in later.prs] == [1, 2, 3, 4, 5]
    assert later.prs == hist.merged_pull_requests(commons.repo, "HEAD", None, "simplon").prs
