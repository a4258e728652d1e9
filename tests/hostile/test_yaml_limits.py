# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Regressions found by the hostile corpus in the YAML reader (sources/yamlio.py).

Each input once crashed the checker; they run in a child process so that a regression that
kills the interpreter (a segmentation fault) fails this test instead of the test session.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from open_commons.model import ProblemKind
from open_commons.sources import yamlio

_CHILD = """
import sys
from open_commons.sources import yamlio
text = sys.stdin.read()
data, problems = yamlio.load(text, 2)
print(",".join(p.kind.value for p in problems))
"""

N = 60_000


@pytest.mark.parametrize("text", [
    # The C composer recursed once per level: 50,000 '[' (100 KB) overflowed the C stack (SIGSEGV).
    "a: " + "[" * N + "]" * N,
    "a: " + "{a: " * N + "1" + "}" * N,
    # compact nested block sequences on one line: "- - - - … x"
    "a:\n  " + "- " * N + "x",
], ids=["flow-sequences", "flow-mappings", "block-sequences"])
def test_deep_nesting_is_a_finding_not_a_crash(text: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _CHILD], input=text, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.strip() == ProblemKind.TOO_DEEP.value


def test_an_integer_too_long_to_print_is_a_finding() -> None:
    # 0x + 4,000 hex digits is a valid YAML 1.2 integer, but str() of it raises ValueError
    # (Python's 4,300-digit limit): every report that showed schema_version crashed.
    data, problems = yamlio.load("schema_version: 0x" + "f" * 4000 + "\n", 2)
    assert data is None
    assert [p.kind for p in problems] == [ProblemKind.INVALID_YAML]
    assert problems[0].line == 2


def test_ordinary_front_matter_still_uses_the_fast_loader_and_reads_the_same() -> None:
    text = "id: sourcing/a\nphases: [sourcing]\nauthors:\n  - name: Simplon.co\n"
    assert yamlio._structure(text) <= yamlio._C_MAX_STRUCTURE
    fast, _ = yamlio.load(text)
    pure = yamlio._PURE.load(text)
    assert fast == pure == {"id": "sourcing/a", "phases": ["sourcing"], "authors": [{"name": "Simplon.co"}]}


def test_a_large_front_matter_read_by_the_pure_loader_keeps_its_meaning() -> None:
    items = "".join(f"  - mot-{i}: {i}\n" for i in range(3000))  # > _C_MAX_STRUCTURE structure chars
    text = "title: x\nkeywords:\n" + items + "title: y\n"
    assert yamlio._structure(text) > yamlio._C_MAX_STRUCTURE
    data, problems = yamlio.load(text)
    assert data is None and [p.kind for p in problems] == [ProblemKind.DUPLICATE_KEY]
    data, problems = yamlio.load("title: x\nkeywords:\n" + items)
    assert not problems and len(data["keywords"]) == 3000


@pytest.mark.parametrize("value", ["[" * 700 + "]" * 700, "{a: " * 700 + "1" + "}" * 700, "[" * 700 + "x"])
def test_nesting_past_the_recursion_limit_is_refused_at_once_as_the_pure_loader_would(
        value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's events tell the depth without the pure loader's quadratic scan: same verdict (under a
    lower recursion limit, so that the slow path being compared with stays short)."""
    from open_commons.sources import yamlio

    text = "schema_version: 1\nkeywords: " + value + "\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(600)
    try:
        quick = yamlio.load(text, 2)
        monkeypatch.setattr(yamlio, "_beyond_recursion", lambda text: False)
        slow = yamlio.load(text, 2)
    finally:
        sys.setrecursionlimit(limit)
    assert slow == quick
