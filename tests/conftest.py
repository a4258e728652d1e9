# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Shared test helpers: the repository root, and throw-away commons built in tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from open_commons.sources import yamlio
from open_commons.sources.files import read
from open_commons.sources.frontmatter import yaml_document

# Under CI (``CI`` set: GitHub Actions, .ci/run) every hypothesis test is derandomized, so that a
# failure reproduces with the same command anywhere; elsewhere examples are random (tests/fuzz too).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def build_commons(target: Path, config_patch: dict[str, Any] | None = None) -> Path:
    """A commons folder with this repository's commons.yaml (patched) and an empty content/."""
    target.mkdir(parents=True, exist_ok=True)
    config = yaml_document(read(REPO, "commons.yaml", 1 << 20)).data or {}
    # REUSE-IgnoreStart
    header = "# SPDX-FileCopyrightText: 2026 Simplon.co\n# SPDX-License-Identifier: CC-BY-SA-4.0\n"
    # REUSE-IgnoreEnd
    text = header + yamlio.dump(_merge(dict(config), config_patch or {}))
    (target / "commons.yaml").write_text(text, encoding="utf-8")
    (target / "content").mkdir(exist_ok=True)
    (target / "LICENSES").mkdir(exist_ok=True)
    shutil.copyfile(REPO / "LICENSES" / "CC-BY-SA-4.0.txt", target / "LICENSES" / "CC-BY-SA-4.0.txt")
    return target


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def make_commons(tmp_path: Path):
    """``make_commons(files={"content/sourcing/a.md": text}, config={...})`` -> root."""

    def make(files: dict[str, str | bytes] | None = None, config: dict[str, Any] | None = None,
             name: str = "commons") -> Path:
        root = build_commons(tmp_path / name, config)
        for rel, data in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
