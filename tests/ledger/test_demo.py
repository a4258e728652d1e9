# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons demo` builds a realistic commons whose ledger verifies and whose audit is complete, and which
passes its own `commons check` and `reuse lint`, pull request by pull request too, with a site page for
every resource."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from open_commons.app.check import check_change
from open_commons.app.workspace import Workspace
from open_commons.model import Document, Severity
from open_commons.rules.share_alike import change_size
from open_commons.sources import frontmatter
from open_commons.sources.files import TextFile
from open_commons.sources.tree import load_commons, load_config


def commons(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "open_commons", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def document(root: Path, rev: str, path: str) -> Document:
    return frontmatter.markdown_document(TextFile(path, git(root, "show", f"{rev}:{path}"), ()))


def bump(before: str, after: str) -> str:
    old, new = (tuple(int(x) for x in v.split(".")) for v in (before, after))
    return "major" if new[0] > old[0] else "minor" if new[1] > old[1] else "patch"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One demo commons for the whole module (built in French, the commons' language, with a JSON audit)."""
    here = tmp_path_factory.mktemp("demo")
    target = here / "demo"
    proc = commons("demo", "--dir", str(target), "--format", "json", cwd=here)
    assert proc.returncode == 0, proc.stderr
    return target, proc


def test_demo_builds_a_history_with_a_ledger_that_verifies(demo: tuple[Path, subprocess.CompletedProcess[str]]
                                                           ) -> None:
    target, _proc = demo
    data = json.loads((target / "audit.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in data["partners"]}
    assert len([r for r in rows.values() if r["merged_prs"]]) >= 5
    assert {r["reciprocity"] for r in rows.values()} >= {"active", "dormant"}
    assert data["unaffiliated_prs"] > 0 and data["elephant_factor"] >= 2 and len(data["quarters"]) >= 12
    assert data["sources"]["history"] == 0  # every merged PR is in the ledger
    log = git(target, "log", "--first-parent", "--format=%s")
    assert "Merge pull request #" in log and re.search(r" \(#\d+\)$", log, re.MULTILINE)  # merges and squashes
    assert "Co-authored-by: Awa Diallo" in git(target, "log", "--format=%B")
    verify = commons("ledger", "verify", "--lang", "en", cwd=target)
    assert verify.returncode == 0, verify.stdout
    rebuilt = commons("ledger", "rebuild", "--from-git", "--check", "--lang", "en", cwd=target)
    assert rebuilt.returncode == 0, rebuilt.stdout
    # awadiallo moved from e2c-lille to ml-marseille: both got credit for her work
    records = [json.loads(line) for line in (target / "ledger/contributions.jsonl").read_text().splitlines()]
    awa = {p for r in records if r["author"]["login"] == "awadiallo" for p in r["partners"]}
    assert awa == {"e2c-lille", "ml-marseille"}


def test_the_demo_commons_passes_its_own_check_and_reuse_lint(demo: tuple[Path, subprocess.CompletedProcess[str]]
                                                             ) -> None:
    target, proc = demo
    for args in ((), ("--no-base",)):
        checked = commons("check", *args, cwd=target)
        assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-2000:]
        assert "0 erreur(s), 0 avertissement(s)" in checked.stdout, checked.stdout[-3000:]
    lint = subprocess.run([sys.executable, "-m", "reuse", "--root", str(target), "lint"], capture_output=True,
                          text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout[-3000:]
    assert (target / "LICENSES/CC-BY-SA-4.0.txt").is_file()
    index = commons("index", "--check", cwd=target)
    assert index.returncode == 0, index.stdout
    assert git(target, "status", "--porcelain") == ""  # the audit, the ledger's lock: nothing left untracked
    # the next step, in the commons' language
    assert "Essayez, dans le dossier" in proc.stdout and "commons check, commons site" in proc.stdout


def test_every_merged_pull_request_passes_the_check_the_bot_gives_it(
        demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    target, _proc = demo
    ws = Workspace(target, load_config(target))
    merges = git(target, "log", "--first-parent", "--format=%H %s").splitlines()
    prs = [line.split(" ", 1)[0] for line in merges if "(#" in line or "Merge pull request #" in line]
    assert len(prs) >= 80
    failed, missized, modified = {}, [], 0
    for sha in prs:
        report = check_change(ws, f"{sha}^1", sha)
        found = [f"{f.code} {f.path}" for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
        if found:
            failed[sha[:10]] = found
        for line in git(target, "diff", "--name-status", f"{sha}^1", sha).splitlines():
            status, path = line.split("\t", 1)
            if status != "M" or not path.endswith(".md"):
                continue
            before, after = document(target, f"{sha}^1", path), document(target, sha, path)
            modified += 1
            if bump(before.data["version"], after.data["version"]) != change_size(before.body, after.body,
                                                                                  before.data, after.data):
                missized.append(f"{sha[:10]} {path}")
    assert failed == {}
    # each version bump is sized as `commons fix` sizes it: a typo fixed is a patch, a section added a minor
    assert modified >= 40 and missized == []
    # what the share-alike rules had to check: partners changing resources others wrote, credited
    resources = [r for r in load_commons(target).resources if r.data]
    adapted = [r for r in resources if r.data.get("contributors")]
    assert len(adapted) >= 5 and max(len(r.data["changes"]) for r in resources) >= 8
    assert any(r.data.get("translation_of") and r.data.get("is_based_on") for r in resources)
    assert any(r.data.get("attachments") for r in resources)


def test_the_site_has_a_page_for_every_resource(demo: tuple[Path, subprocess.CompletedProcess[str]],
                                                tmp_path: Path) -> None:
    target, _proc = demo
    built = commons("site", "--out", str(tmp_path / "site"), cwd=target)
    assert built.returncode == 0, built.stderr
    ids = {r.data["id"] for r in load_commons(target).resources if r.data}
    files = {p.relative_to(target / "content").with_suffix("").as_posix()
             for p in (target / "content").rglob("*.md") if p.name != "README.md"}
    assert ids == files and len(ids) >= 30
    pages = {p.relative_to(tmp_path / "site/resources").with_suffix("").as_posix()
             for p in (tmp_path / "site/resources").rglob("*.html")}
    assert pages == ids
    assert f": {len(ids)} ressources" in built.stdout and "non publiée" not in built.stderr  # the commons speaks French


def test_demo_help_and_usage_errors_speak_french(tmp_path: Path) -> None:
    helped = commons("demo", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith("Utilisation :"), helped.stdout
    assert "Construit un commun de démonstration" in helped.stdout and "Format du rapport d'audit." in helped.stdout
    english = commons("demo", "--help", "--lang", "en", cwd=tmp_path)
    assert english.stdout.startswith("Usage:") and "Build a demo commons" in english.stdout
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x", encoding="utf-8")
    refused = commons("demo", "--dir", str(tmp_path / "full"), cwd=tmp_path)
    assert refused.returncode == 2 and "Erreur : Valeur invalide pour --dir" in refused.stderr
    assert "n'est pas vide" in refused.stderr
