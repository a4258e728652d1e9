# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Our REUSE verdict, file by file, is the verdict of the real `reuse lint`, on many trees."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from open_commons.sources import reuse_info

from .licensing_helpers import CT, FIXTURES, LT, MAIN, resource, reuse_lint_verdict, write

LATIN1 = f"# {CT}: 2020 Jérôme\n# {LT}: CC-BY-SA-4.0\nr\u00e9sum\u00e9\n".encode("latin-1")


def edge_cases(root: Path) -> None:
    """Sidecars, LicenseRef-, OR/AND/WITH, case errors, quoted tags, tags in prose, ignore blocks, encodings."""
    (root / "LICENSES").mkdir()
    for lic in ("CC-BY-SA-4.0", "CC-BY-4.0", "MIT", "CC0-1.0"):
        shutil.copy(MAIN / "LICENSES" / f"{lic}.txt", root / "LICENSES")
    write(root, {
        "LICENSES/LicenseRef-Simplon-Interne.txt": "Usage interne uniquement.\n",
        "LICENSES/GPL-2.0-only.txt": "GPL 2 text (placeholder)\n",
        "LICENSES/Classpath-exception-2.0.txt": "Classpath exception text (placeholder)\n",
        "content/sourcing/ok.md": resource("sourcing/ok"),
        "content/sourcing/no-licence.md": resource("sourcing/no-licence", licence=""),
        "content/sourcing/no-copyright.md": resource("sourcing/no-copyright", holders=()),
        "content/sourcing/quoted.md": resource("sourcing/quoted", licence='"CC-BY-SA-4.0"'),
        "content/sourcing/lower-case.md": resource("sourcing/lower-case", licence="cc-by-sa-4.0"),
        "content/sourcing/or.md": resource("sourcing/or", licence="CC-BY-SA-4.0 OR MIT"),
        "content/sourcing/and.md": resource("sourcing/and", licence="CC-BY-SA-4.0 AND CC-BY-4.0"),
        "content/sourcing/with.md": resource("sourcing/with", licence="GPL-2.0-only WITH Classpath-exception-2.0"),
        "content/sourcing/broken-or.md": resource("sourcing/broken-or", licence="CC-BY-SA-4.0 OR"),
        "content/sourcing/ref.md": resource("sourcing/ref", licence="LicenseRef-Simplon-Interne"),
        "content/sourcing/missing-text.md": resource("sourcing/missing-text", licence="Apache-2.0"),
        "content/sourcing/prose.md": resource("sourcing/prose", body=(
            "# Tags dans le texte\n\nPour indiquer la licence, on écrit :\n\n"
            f"{LT}: CC0-1.0\n\nEt aussi `{LT}: MIT` dans une phrase.\n")),
        "content/sourcing/ignored.md": resource("sourcing/ignored", body=(
            "# Bloc ignoré\n\nREUSE-IgnoreStart\n" f"{LT}: Unlicense\n" "REUSE-IgnoreEnd\n")),
        "content/sourcing/grille.csv": "critère;poids\nmotivation;3\n",
        "content/sourcing/grille.csv.license": f"{CT}: 2024 Simplon.co\n{LT}: CC-BY-SA-4.0\n",
        "content/sourcing/sidecar-incomplete.csv": "a;b\n",
        "content/sourcing/sidecar-incomplete.csv.license": f"{LT}: CC-BY-SA-4.0\n",
        "content/sourcing/naked.csv": "a;b\n",
        "content/sourcing/image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "content/sourcing/image.png.license": f"{CT}: 2024 Simplon.co\n{LT}: CC0-1.0\n",
        "content/sourcing/binary-no-sidecar.bin": bytes(range(256)),
        "content/sourcing/latin1.txt": LATIN1,
        "content/sourcing/crlf.md": resource("sourcing/crlf").replace("\n", "\r\n"),
        "content/sourcing/bom.md": "\ufeff" + resource("sourcing/bom"),
        "content/sourcing/empty.md": "",
        "README.md": f"<!--\n{CT}: 2024 Simplon.co\n{LT}: CC-BY-SA-4.0\n-->\n# Commons\n",
    })


def reuse_toml(root: Path) -> None:
    """REUSE.toml with closest, aggregate and override; files with their own partial tags; nested REUSE.toml."""
    (root / "LICENSES").mkdir()
    for lic in ("CC-BY-SA-4.0", "CC0-1.0", "CC-BY-4.0"):
        shutil.copy(MAIN / "LICENSES" / f"{lic}.txt", root / "LICENSES")
    write(root, {
        "REUSE.toml": (
            'version = 1\n\n'
            '[[annotations]]\npath = ["content/**/*.csv"]\nprecedence = "closest"\n'
            f'{CT} = "2024 Simplon.co"\n{LT} = "CC-BY-SA-4.0"\n\n'
            '[[annotations]]\npath = ["data/**"]\nprecedence = "aggregate"\n'
            f'{CT} = "2024 Data people"\n{LT} = "CC0-1.0"\n\n'
            '[[annotations]]\npath = ["vendor/**"]\nprecedence = "override"\n'
            f'{CT} = "2020 Vendor"\n{LT} = "CC-BY-4.0"\n\n'
            '[[annotations]]\npath = ["bad/**"]\nprecedence = "closest"\n'
            f'{CT} = "2024 Bad"\n{LT} = "Apache-2.0 OR MIT"\n'
        ),
        "content/sourcing/a.csv": "x;y\n",
        "content/sourcing/b.csv": f"# {CT}: 2025 Partenaire\nx;y\n",  # copyright only: licence from REUSE.toml
        "content/sourcing/c.md": resource("sourcing/c"),
        "content/sourcing/d.md": resource("sourcing/d", licence=""),  # no REUSE.toml rule for .md
        "data/table.txt": f"{LT}: CC-BY-4.0\n{CT}: 2023 Someone\n",  # aggregated with REUSE.toml
        "data/plain.txt": "nothing here\n",
        "vendor/lib.txt": f"{LT}: Apache-2.0\n",  # overridden: file not read
        "bad/file.txt": "x\n",
        "sub/REUSE.toml": ('version = 1\n\n[[annotations]]\npath = ["**"]\n'
                           f'{CT} = "2024 Sub"\n{LT} = "CC0-1.0"\n'),
        "sub/inner.txt": "inner\n",
        "other.txt": "no info\n",
    })


def licences_folder(root: Path) -> None:
    """LICENSES/ with a bad name, a deprecated id, a text without extension, and an unused text."""
    (root / "LICENSES").mkdir()
    shutil.copy(MAIN / "LICENSES" / "CC-BY-SA-4.0.txt", root / "LICENSES")
    shutil.copy(MAIN / "LICENSES" / "MIT.txt", root / "LICENSES")
    write(root, {
        "LICENSES/Not-A-Licence.txt": "???\n",
        "LICENSES/GPL-3.0.txt": "deprecated id\n",
        "LICENSES/CC0-1.0": "no extension\n",
        "content/sourcing/x.md": resource("sourcing/x"),
        "content/sourcing/y.md": resource("sourcing/y", licence="GPL-3.0 OR CC0-1.0"),
    })


def external(root: Path) -> None:
    """The real files of ../shared/fixtures/external-content, with their .license sidecars."""
    shutil.copytree(FIXTURES / "external", root / "external")
    (root / "LICENSES").mkdir()
    for lic in ("CC-BY-4.0", "CC-BY-NC-SA-4.0", "AGPL-3.0-or-later"):
        shutil.copy(MAIN / "LICENSES" / f"{lic}.txt", root / "LICENSES")
    (root / "external" / "PROVENANCE.md.license").write_text(
        f"{CT}: 2026 Open Commons contributors\n{LT}: AGPL-3.0-or-later\n", encoding="utf-8")
    # and one upstream file as it is, without its licence recorded: not compliant
    shutil.copy(FIXTURES / "external" / "shell-novice" / "episodes" / "01-intro.md", root / "naked-episode.md")


def main_snapshot(root: Path) -> None:
    """This repository as committed (HEAD), a real tree with REUSE.toml and sidecars."""
    data = subprocess.run(["git", "archive", "HEAD"], cwd=MAIN, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(root, filter="data")
        else:  # Python before 3.11.4 (Debian's 3.11.2): this repository's own commit, from git archive
            tar.extractall(root)


def in_git(build):
    def wrapped(root: Path) -> None:
        build(root)
        write(root, {".gitignore": "ignored-*\n", "ignored-file.txt": "no licence, but ignored by git\n"})
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    wrapped.__name__ = build.__name__ + "_in_git"
    return wrapped


TREES = [edge_cases, reuse_toml, licences_folder, external, main_snapshot, in_git(edge_cases)]


@pytest.mark.parametrize("build", TREES, ids=lambda b: b.__name__)
def test_verdict_per_file_agrees_with_reuse_lint(tmp_path: Path, build) -> None:
    build(tmp_path)
    files, licence_paths, code = reuse_lint_verdict(tmp_path)
    report = reuse_info.scan(tmp_path)
    assert report.error is None
    ours = {f.path for f in report.files if not f.compliant}
    assert ours == files
    flagged = {t.path for t in report.licence_texts if t.problem} | {
        t.path for t in report.licence_texts if t.id in report.unused_licenses}
    assert flagged == licence_paths
    assert report.compliant == (code == 0)
    covered = subprocess.run(["reuse", "--root", str(tmp_path), "lint", "--json"], capture_output=True, text=True)
    import json
    assert {f.path for f in report.files} == {f["path"] for f in json.loads(covered.stdout)["files"]}


def test_edge_cases_are_really_non_compliant(tmp_path: Path) -> None:
    """The edge-case tree exercises both verdicts (a test that agrees on nothing would prove nothing)."""
    edge_cases(tmp_path)
    by_path = reuse_info.scan(tmp_path).by_path()
    good = {"content/sourcing/ok.md", "content/sourcing/or.md", "content/sourcing/and.md", "content/sourcing/with.md",
            "content/sourcing/ref.md", "content/sourcing/grille.csv", "content/sourcing/image.png",
            "content/sourcing/crlf.md", "content/sourcing/bom.md", "content/sourcing/ignored.md",
            "content/sourcing/latin1.txt"}
    bad = {"content/sourcing/no-licence.md", "content/sourcing/no-copyright.md", "content/sourcing/quoted.md",
           "content/sourcing/lower-case.md", "content/sourcing/broken-or.md", "content/sourcing/missing-text.md",
           "content/sourcing/prose.md", "content/sourcing/sidecar-incomplete.csv", "content/sourcing/naked.csv",
           "content/sourcing/binary-no-sidecar.bin"}
    assert {p for p in good if by_path[p].compliant} == good
    assert {p for p in bad if not by_path[p].compliant} == bad
    assert "content/sourcing/empty.md" not in by_path  # REUSE skips empty files


def test_subset_mode_agrees_with_full_mode(tmp_path: Path) -> None:
    edge_cases(tmp_path)
    full = reuse_info.scan(tmp_path).by_path()
    subset = ["content/sourcing/quoted.md", "content/sourcing/grille.csv", "content/sourcing/naked.csv"]
    part = reuse_info.scan(tmp_path, subset)
    assert part.subset and part.unused_licenses == ()
    assert {f.path: f.compliant for f in part.files} == {p: full[p].compliant for p in subset}


def test_broken_reuse_toml_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path, {"REUSE.toml": 'version = 1\n[[annotations]]\npath = "x"\nprecedence = "nearest"\n',
                     "x": "x\n"})
    _files, _licences, code = reuse_lint_verdict(tmp_path)
    report = reuse_info.scan(tmp_path)
    assert code != 0 and not report.compliant
    assert report.error and report.error_path


def test_lines_of_tags(tmp_path: Path) -> None:
    edge_cases(tmp_path)
    by_path = reuse_info.scan(tmp_path).by_path()
    quoted = by_path["content/sourcing/quoted.md"]
    text = (tmp_path / "content/sourcing/quoted.md").read_text().split("\n")
    assert quoted.invalid_expressions[0].line == next(i + 1 for i, row in enumerate(text) if LT in row) == 3
    prose = by_path["content/sourcing/prose.md"]
    lines = {t.value: t.line for t in prose.expressions}
    body = (tmp_path / "content/sourcing/prose.md").read_text().split("\n")
    assert lines["CC0-1.0"] == next(i + 1 for i, row in enumerate(body) if row.startswith(f"{LT}: CC0"))
    grille = by_path["content/sourcing/grille.csv"]
    assert grille.expressions[0].source == "content/sourcing/grille.csv.license"
    assert grille.expressions[0].line == 2 and grille.copyrights[0].line == 1


def test_a_utf8_file_with_control_bytes_gets_the_verdict_reuse_gives(tmp_path: Path) -> None:
    """reuse reads such a file as binary (no tag found in it): so do we."""
    from open_commons.sources import reuse_info

    from .licensing_helpers import reuse_lint_verdict

    root = tmp_path / "tree"
    (root / "LICENSES").mkdir(parents=True)
    shutil.copy(MAIN / "LICENSES" / "CC-BY-SA-4.0.txt", root / "LICENSES")
    head = "SPDX-FileCopyrightText: 2024 Simplon.co\nSPDX-License-Identifier: CC-BY-SA-4.0\n"
    (root / "plain.md").write_text(head + "Un texte.\n", encoding="utf-8")
    (root / "controls.md").write_text(head + "Un texte\x01\x02\x03 avec des octets de contrôle.\x07\n" * 40,
                                      encoding="utf-8")
    files, _licences, _code = reuse_lint_verdict(root)
    ours = {f.path for f in reuse_info.scan(root).files if not f.compliant}
    assert ours == files
