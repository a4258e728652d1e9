# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fixture folders discovered automatically: valid/ must give no finding, invalid/<CODE>/ must give CODE.

A case is a single file (placed at content/sourcing/<name>.md) or a folder laid
over a fresh commons (with an optional commons.patch.yaml merged into the
commons' policy). A ``*.symlink`` file becomes a symbolic link to the path it holds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from open_commons.sources import yamlio
from tests.conftest import FIXTURES, build_commons

CHECKER = FIXTURES / "checker"
NO_LINE = {"FM016", "FM017"}  # a link or an unreadable file has no line


def _cases(kind: str) -> list[tuple[str, Path]]:
    out = []
    base = CHECKER / kind
    for first in sorted(base.iterdir()):
        if kind == "valid":
            out.append((first.name, first))
        else:
            for case in sorted(first.iterdir()):
                out.append((first.name, case))
    return out


def _lay_out(case: Path, root: Path) -> Path:
    """Lay a case over a commons; return the path of the file under test."""
    patch = case / "commons.patch.yaml"
    from open_commons.sources.files import read
    from open_commons.sources.frontmatter import yaml_document

    config = yaml_document(read(case, "commons.patch.yaml", 1 << 20)).data if patch.is_file() else None
    build_commons(root, config)
    if case.is_dir():
        for src in sorted(case.rglob("*")):
            rel = src.relative_to(case)
            if src.is_dir() or rel.name == "commons.patch.yaml":
                continue
            _place(src, root / rel)
        return root / "content"
    name = case.name
    target = root / "content" / "sourcing" / name
    _place(case, target)
    return target.with_name(name.removesuffix(".symlink"))


def _place(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.name.endswith(".symlink"):
        os.symlink(src.read_text().strip(), dst.with_name(src.name.removesuffix(".symlink")))
    else:
        shutil.copyfile(src, dst)


def _check(root: Path) -> tuple[int, dict, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "open_commons", "check", "--format", "json", "--lang", "en"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}, proc.stderr


@pytest.mark.parametrize(("name", "case"), _cases("valid"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_valid_case_has_no_finding(name: str, case: Path, tmp_path: Path) -> None:
    root = tmp_path / "commons"
    _lay_out(case, root)
    code, report, err = _check(root)
    assert report["findings"] == [], report["findings"]
    assert code == 0, err


@pytest.mark.parametrize(("code", "case"), _cases("invalid"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_invalid_case_gives_its_finding(code: str, case: Path, tmp_path: Path) -> None:
    root = tmp_path / "commons"
    target = _lay_out(case, root)
    exit_code, report, err = _check(root)
    matching = [f for f in report["findings"] if f["code"] == code]
    assert matching, f"{code} expected, got {[(f['code'], f['message']) for f in report['findings']]} {err}"
    expected_exit = 2 if code.startswith("CFG") else 1
    assert exit_code == expected_exit
    for finding in matching:
        assert finding["message"] and finding["fix"], finding
        assert finding["path"], finding
        if code not in NO_LINE:
            assert isinstance(finding["line"], int) and finding["line"] >= 1, finding
    if case.is_file():
        rel = target.relative_to(root).as_posix()
        assert any(f["path"] == rel for f in matching), (rel, matching)


def test_every_parsing_and_content_rule_has_an_invalid_fixture() -> None:
    from open_commons import rules
    from open_commons.rules.registry import RULES

    rules.load_all()
    families = {"parsing", "schema", "resources", "config"}
    have = {p.name for p in (CHECKER / "invalid").iterdir()}
    wanted = {code for code, r in RULES.items() if r.family in families} - {"FM017", "CFG002"}
    assert wanted <= have, sorted(wanted - have)


def test_fixture_patch_files_are_yaml() -> None:
    for patch in CHECKER.rglob("commons.patch.yaml"):
        data, problems = yamlio.load(patch.read_text(encoding="utf-8"))
        assert not problems and isinstance(data, dict), patch
