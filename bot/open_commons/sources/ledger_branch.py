# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where the contribution ledger is read from: the working tree, else the ledger branch.

The bot appends the ledger on its own branch (``ledger.branch``), so a checkout of ``main`` often has
an empty ``ledger/contributions.jsonl``. Readers (the audit, the site) then take the file as the
ledger branch has it (``git show <branch>:<path>``, the local branch first, then ``origin/``), and
say which they read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$")


@dataclass(frozen=True)
class LedgerText:
    text: str
    origin: str  # "working-tree", "branch", or "none"
    where: str  # the file, or the branch it was read from


def ledger_path(config: Any) -> str:
    return str(config.settings.ledger.path)


def read_ledger(root: Path, config: Any) -> LedgerText:
    """The ledger's text: the working tree's file when it has records, else the ledger branch's."""
    path = ledger_path(config)
    file = root / path
    if file.is_file() and not file.is_symlink():
        from open_commons.model.ledger import decode

        text = decode(file.read_bytes())  # bytes that are not UTF-8 kept: LED001 names their line
        if text.strip():
            return LedgerText(text, "working-tree", path)
    branch = config.settings.ledger.branch
    if branch and _REF.match(branch) and ".." not in branch and (root / ".git").exists():
        for ref in (branch, f"origin/{branch}"):
            shown = _git_show(root, ref, path)
            if shown is not None and shown.strip():
                return LedgerText(shown, "branch", ref)
    return LedgerText("", "none", path)


def _git_show(root: Path, ref: str, path: str) -> str | None:
    if path.startswith(("-", "/")) or ".." in path.split("/"):
        return None
    from open_commons.errors import GitError
    from open_commons.sources.gitrun import Git

    try:
        done = Git(root).run("show", f"{ref}:{path}", "--", check=False, timeout=60)
    except GitError:
        return None
    if done.returncode != 0:
        return None
    from open_commons.model.ledger import decode

    return decode(done.stdout)
