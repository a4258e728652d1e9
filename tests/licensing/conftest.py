# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fixtures of the licensing tests: commons built as real git repositories in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from open_commons.cli import main

from .licensing_helpers import MAIN, git, write


@pytest.fixture
def make_commons(tmp_path: Path) -> Callable[..., Path]:
    """A commons in a fresh git repository, committed on branch main."""

    def make(files: Mapping[str, str | bytes | None], *, licences: tuple[str, ...] = ("CC-BY-SA-4.0",),
             config_extra: str = "", name: str = "commons") -> Path:
        root = tmp_path / name
        root.mkdir()
        config = (MAIN / "commons.yaml").read_text(encoding="utf-8") + config_extra
        write(root, {"commons.yaml": config})
        (root / "LICENSES").mkdir()
        for lic in licences:
            shutil.copy(MAIN / "LICENSES" / f"{lic}.txt", root / "LICENSES" / f"{lic}.txt")
        write(root, files)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
        return root

    return make


@pytest.fixture
def commons_cli() -> Callable[..., tuple[int, str]]:
    def run(root: Path, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["check", "--root", str(root), "--lang", "en", *args],
                                    catch_exceptions=False)
        return result.exit_code, result.output

    return run


