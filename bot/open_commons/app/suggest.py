# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Use case: ``commons fix`` on a pull request's head, as changes a partner applies in one click.

``pull_fixes`` runs the fixes in a private working tree of the head commit (a lease, removed
after), against the policy and partner registry of the base commit, crediting the PR's author.
``plan`` turns each fixed file into what GitHub can show:

- **suggested changes** (review comments holding a ``suggestion`` block) when every changed line
  of the file lies in a hunk of the PR's diff — GitHub only accepts comments there; applying them
  all gives exactly the file ``commons fix`` writes;
- otherwise **one complete corrected front-matter** to paste over the old one (the fix is in the
  front-matter), or the whole corrected file when it is short, or only the advice to run
  ``commons fix``.

Pure apart from ``pull_fixes``: the patches, the texts and the fixed texts arrive as values.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from open_commons.model.github import PullRequest

WHOLE_FILE_LINES = 60  # a short file (a REUSE sidecar…) is given whole when it cannot be suggested
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class Suggestion:
    """Replace lines ``start``..``end`` (1-based, inclusive, of the head's file) with ``lines``."""

    path: str
    start: int
    end: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """What to paste when suggestions are impossible: ``kind`` is front-matter, file or none."""

    path: str
    kind: str
    text: str = ""


@dataclass
class Plan:
    suggestions: list[Suggestion] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.suggestions or self.blocks)


def diff_ranges(patch: str | None) -> list[tuple[int, int]]:
    """The (first, last) lines of the new file that each hunk of a unified diff shows."""
    out = []
    for line in (patch or "").split("\n"):
        m = _HUNK.match(line)
        if m:
            first, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            if count:
                out.append((first, first + count - 1))
    return out


def _groups(before: list[str], after: list[str]) -> list[Suggestion]:
    """The changes from ``before`` to ``after`` as replacements of at least one line each, never
    overlapping (a pure insertion takes the line before it, or after it at the top of the file;
    changes whose ranges then touch are one suggestion)."""
    if not before:
        return []  # nothing to comment on
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()

    def mapped(x: int) -> int:
        """Where the boundary before line ``x`` of ``before`` falls in ``after``, past any lines inserted
        there (they belong to the range that ends there: its last line is their anchor)."""
        if x == 0:
            return 0
        for tag, i1, i2, j1, _j2 in ops:
            if i1 <= x < i2:
                return j1 + (x - i1) if tag == "equal" else j1
        return len(after)

    ranges: list[list[int]] = []
    for tag, i1, i2, _j1, _j2 in ops:
        if tag == "equal":
            continue
        start, end = (i1, i2) if i1 < i2 else ((i1 - 1, i1) if i1 > 0 else (0, 1))
        if ranges and start < ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], end)
        else:
            ranges.append([start, end])
    return [Suggestion("", a + 1, b, tuple(after[mapped(a):mapped(b)])) for a, b in ranges]


def _front_matter(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) line numbers (1-based) of the front-matter's YAML, between the two ``---`` (``last``
    is also the 0-based index of the closing ``---``)."""
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---"), None)
    return (2, end) if end is not None else None


def plan(changed: Mapping[str, tuple[str, str]], patches: Mapping[str, str | None]) -> Plan:
    """``changed``: path -> (text at the head, fixed text); ``patches``: the PR's diff, per file."""
    out = Plan()
    for path, (before_text, after_text) in sorted(changed.items()):
        if before_text == after_text:
            continue
        before, after = before_text.splitlines(keepends=True), after_text.splitlines(keepends=True)
        groups = _groups(before, after)
        ranges = diff_ranges(patches.get(path)) if path in patches else []
        exact = after_text.endswith("\n") and (not before_text or before_text.endswith("\n"))
        if groups and exact and all(any(a <= g.start and g.end <= b for a, b in ranges) for g in groups):
            out.suggestions += [Suggestion(path, g.start, g.end, tuple(ln.rstrip("\r\n") for ln in g.lines))
                                for g in groups]
            continue
        old_fm, new_fm = _front_matter(before), _front_matter(after)
        if old_fm and new_fm and before[old_fm[1]:] == after[new_fm[1]:]:  # only the front-matter changed
            out.blocks.append(Block(path, "front-matter", "".join(after[new_fm[0] - 1:new_fm[1]])))
        elif len(after) <= WHOLE_FILE_LINES:
            out.blocks.append(Block(path, "file", after_text))
        else:
            out.blocks.append(Block(path, "none"))
    return out


def apply(text: str, suggestions: list[Suggestion]) -> str:
    """``text`` with the suggestions applied as GitHub applies a batch of them (each range replaced by
    the block's lines; the line ending of the file kept)."""
    lines = text.splitlines(keepends=True)
    for s in sorted(suggestions, key=lambda s: s.start, reverse=True):
        ending = "\r\n" if lines and lines[s.end - 1].endswith("\r\n") else "\n"
        lines[s.start - 1:s.end] = [ln + ending for ln in s.lines]
    return "".join(lines)


def pull_fixes(root: Path, pull: PullRequest, day: str) -> dict[str, tuple[str, str]]:
    """What ``commons fix`` changes on the PR's head, computed in a lease of the head commit from a
    workspace ``root`` holding the base commit (its policy and registry are used). The PR's author is
    credited: the head commit's author name, the partner the base's registry gives their login."""
    from open_commons.app import fix as fixing
    from open_commons.app.lease import worktree
    from open_commons.app.workspace import Workspace
    from open_commons.sources.gitrun import Git
    from open_commons.sources.tree import load_config

    base_ws = Workspace(root, load_config(root), today=day)
    registry = base_ws.registry()
    name = Git(root).run("log", "-1", "--format=%an", pull.head.sha, check=False).stdout.decode("utf-8", "replace")
    who = fixing.Identity(" ".join(name.split())[:100] or pull.author.login, base_ws.partner_of(pull.author.login))
    title = " ".join(pull.title.split())[:200] or None
    with worktree(root, pull.head.sha) as head_tree:
        ws = Workspace(head_tree, base_ws.config, today=day, _registry=registry)
        result = fixing.fix(ws, base=pull.base.sha, summary=title, index=False, who=who)
    return dict(result.changed)
