# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The plan of suggested changes: applied as GitHub applies them, it gives the fixed text."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from open_commons.app.suggest import apply, diff_ranges, plan

LINES = st.lists(st.sampled_from(["a", "b", "c", "version: 1.0.0", "- x", ""]), max_size=12)


@given(LINES, LINES)
def test_suggestions_on_a_file_wholly_in_the_diff_give_the_fixed_text(before: list[str], after: list[str]) -> None:
    old = "".join(ln + "\n" for ln in before) or "z\n"
    new = "".join(ln + "\n" for ln in after) or "z\n"
    patch = f"@@ -1,{old.count(chr(10))} +1,{old.count(chr(10))} @@"
    result = plan({"f.md": (old, new)}, {"f.md": patch})
    assert result.blocks == []
    assert apply(old, result.suggestions) == new
    spans = sorted((s.start, s.end) for s in result.suggestions)
    assert all(a[1] < b[0] for a, b in pairwise(spans))  # GitHub refuses overlapping ranges
    assert all(1 <= s.start <= s.end for s in result.suggestions)


def test_a_change_outside_the_diff_gives_the_front_matter_to_paste() -> None:
    old = "---\ntitle: T\nversion: 1.0.0\n---\n\nBody\n" + "".join(f"line {i}\n" for i in range(20)) + "new\n"
    new = old.replace("version: 1.0.0", "version: 1.0.1")
    result = plan({"r.md": (old, new)}, {"r.md": "@@ -26,3 +26,4 @@\n line 18\n line 19\n+new"})
    assert result.suggestions == []
    (block,) = result.blocks
    assert (block.kind, block.text) == ("front-matter", "title: T\nversion: 1.0.1\n")


def test_a_new_file_is_given_whole_and_a_long_one_only_named() -> None:
    sidecar = "SPDX-" + "License-Identifier: CC0-1.0\n"  # written in two pieces: REUSE reads this file too
    result = plan({"r.md.license": ("", sidecar)}, {})
    assert [(b.kind, b.text) for b in result.blocks] == [("file", sidecar)]
    long = "".join(f"{i}\n" for i in range(100))
    result = plan({"long.txt": (long, "top\n" + long)}, {})
    assert [b.kind for b in result.blocks] == ["none"]


def test_diff_ranges_read_the_new_side_of_each_hunk() -> None:
    assert diff_ranges("@@ -1,3 +1,4 @@\n a\n+b\n c\n d\n@@ -20 +21,0 @@\n-x\n@@ -30,2 +31 @@") == [(1, 4), (31, 31)]
