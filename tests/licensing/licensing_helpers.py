# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Helpers of the licensing tests: commons built as real git repositories in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from open_commons.cli import main

MAIN = Path(__file__).resolve().parents[2]
FIXTURES = MAIN / "tests" / "fixtures" / "licensing"
LT, CT = "SPDX-" "License-Identifier", "SPDX-" "FileCopyrightText"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def resource(rid: str, *, title: str = "Un guide de test", body: str = "", licence: str = "CC-BY-SA-4.0",
             holders: tuple[str, ...] = ("2018 Simplon.co",), version: str = "1.0.0",
             date_modified: str = "2024-01-10", extra: str = "", access: str = "public",
             authors: str = "  - name: Simplon.co\n    partner: simplon\n",
             changes: str = "  - date: 2024-01-10\n    by: simplon\n    summary: Première version\n    version: 1.0.0\n",
             ) -> str:
    head = "---\n" + "".join(f"# {CT}: {h}\n" for h in holders) + (f"# {LT}: {licence}\n" if licence else "")
    fm = (
        f"schema_version: 1\nid: {rid}\ntitle: {title}\ndescription: Une ressource écrite pour les tests.\n"
        f"type: guide\nphases: [{rid.split('/')[0]}]\nlanguage: fr\nversion: {version}\nstatus: published\n"
        f"access: {access}\nauthors:\n{authors}{extra}changes:\n{changes}date_created: 2024-01-10\n"
        f"date_modified: {date_modified}\n"
    )
    text = body or (
        f"# {title}\n\nCe guide explique comment préparer une information collective pour quarante "
        "personnes sans diplôme, avec un déroulé minuté, des rôles clairs et une variante à distance.\n\n"
        "Chaque étape est décrite avec le matériel nécessaire et les pièges à éviter.\n")
    return head + fm + "---\n\n" + text


def write(root: Path, files: Mapping[str, str | bytes | None]) -> None:
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def check_json(root: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--lang", "en", "--format", "json", *args],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def reuse_lint_verdict(root: Path) -> tuple[set[str], set[str], int]:
    """(non-compliant covered files, flagged paths under LICENSES/, exit code) from the real `reuse lint`."""
    out = subprocess.run(["reuse", "--root", str(root), "lint", "--lines"], capture_output=True, text=True)
    files: set[str] = set()
    licences: set[str] = set()
    for line in out.stdout.splitlines():
        path, sep, _reason = line.partition(": ")
        if not sep:
            continue
        p = Path(path)
        rel = (p.resolve().relative_to(root.resolve()) if p.is_absolute() else p).as_posix()
        (licences if rel.startswith("LICENSES/") else files).add(rel)
    return files, licences, out.returncode
