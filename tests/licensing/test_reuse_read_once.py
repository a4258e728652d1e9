# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The fast ways of finding REUSE information give exactly what the slow ways give.

- ``_tags_and_lines`` (one pass over the lines that can hold a tag) against ``reuse``'s extractor on
  the whole text with its ignore-block filter (``extract_tags``) and the line index (``_line_index``);
- the REUSE information of files read once by the check's workers (``licensing_of`` then
  ``scan(known=...)``) against ``scan`` reading every file itself, file by file, field by field
  (tags, lines, sources, sidecars, text or binary), on the agreement trees and on generated trees
  (tags in odd places, ignore blocks, other encodings, binary files, symlinks, sidecars, REUSE.toml
  with every precedence);
- ``commons check`` as it runs (workers, cache or not) against the same scan.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from open_commons import pipeline
from open_commons.app.check import check_tree
from open_commons.app.workspace import Workspace
from open_commons.cache import location
from open_commons.sources import licensed, reuse_info
from open_commons.sources.tree import load_config

from .licensing_helpers import CT, LT, MAIN, resource, reuse_lint_verdict
from .test_reuse_agreement import TREES

IGNORE_START, IGNORE_END = "REUSE-" "IgnoreStart", "REUSE-" "IgnoreEnd"
SNIPPET = "SPDX-" "SnippetCopyrightText"
CONTRIBUTOR = "SPDX-" "FileContributor"

PREFIXES = ["", "# ", "// ", "<!-- ", " * ", "  ", ";; ", "-- ", '"', "x ", "\t", ".. "]
VALUES = ["CC-BY-SA-4.0", "MIT", "CC0-1.0", "CC-BY-SA-4.0 OR MIT", "GPL-2.0-only WITH Classpath-exception-2.0",
          "cc-by-sa-4.0", '"CC-BY-SA-4.0"', "CC-BY-SA-4.0 OR", "(MIT", "LicenseRef-Interne", "Apache-2.0", "",
          "2018 Simplon.co", "© 2020 Jane", "(C) 2021 Bob <bob@example.org>", "2019-2024, Someone"]
SUFFIXES = ["", " -->", " */", '" />', "]::", "  ", " ", "\r", "\x0b", "\x0c", "\u2028", "\x85", " ©"]
KEYS = [f"{LT}:", f"{CT}:", f"{SNIPPET}:", f"{CONTRIBUTOR}:", "Copyright", "copyright", "©", "(C)", "(c)",
        "SPDX-Other:", "SPDX-", "SPDX-License-Identifier", IGNORE_START, IGNORE_END,
        f"{IGNORE_START} {LT}: MIT {IGNORE_END}", f"{IGNORE_END} {LT}: MIT {IGNORE_START}"]


def tag_lines() -> st.SearchStrategy[str]:
    tagged = st.tuples(st.sampled_from(PREFIXES), st.sampled_from(KEYS), st.sampled_from(["", " ", "  ", "\t"]),
                       st.sampled_from(VALUES), st.sampled_from(SUFFIXES)).map("".join)
    prose = st.text(alphabet=st.sampled_from(list("ab ©C()-:SPDX\t\r\x0b\u2028é#")), max_size=30)
    return st.one_of(tagged, prose, st.just(""), st.sampled_from([IGNORE_START, IGNORE_END]))


def texts() -> st.SearchStrategy[str]:
    return st.lists(tag_lines(), max_size=25).map("\n".join)


def _slow(text: str) -> tuple[object, dict[tuple[str, str], int]]:
    info = reuse_info.extract_tags(text)
    return info, (reuse_info._line_index(text) if info.contains_info() else {})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
@example(f"# {CT}: 2018 A\n# {LT}: MIT\n# {CT}: 2018 A\n{LT}: MIT")  # repeated tags: the first line
@example(f"x\n{IGNORE_START}\n{LT}: MIT\n{IGNORE_END}\n{LT}: CC0-1.0")
@example(f"{LT}: MIT © 2020 Jane")  # two markers on one line
@example(f"a ©\n{LT}: MIT\r{CT}: 2020 B")  # \r is not a line end for reuse's pattern
@example("")
def test_one_pass_gives_reuses_tags_and_their_lines(text: str) -> None:
    assert reuse_info._tags_and_lines(text) == _slow(text)
    assert reuse_info._tags_and_lines(text) == _slow(text)  # the lines remembered give the same


def test_remembered_lines_are_not_shared_with_results() -> None:
    """A file's tags are its own sets: the remembered ones are never changed by a later file."""
    text = f"# {LT}: MIT\n# {CT}: 2018 A\n"
    first, _lines = reuse_info._tags_and_lines(text)
    first.spdx_expressions.clear()
    assert reuse_info._tags_and_lines(text) == _slow(text)


def test_the_generated_texts_hold_tags() -> None:
    """The strategy reaches tags (a test that agrees on empty results would prove nothing)."""
    info, lines = reuse_info._tags_and_lines(f"<!-- {LT}: MIT -->\n\n# {CT}: 2018 Simplon.co")
    assert [str(e) for e in info.spdx_expressions] == ["MIT"] and len(info.copyright_notices) == 1
    assert lines == {("licence", "MIT"): 1, ("copyright", "SPDX-FileCopyrightText: 2018 Simplon.co"): 3}


# --- files read once ------------------------------------------------------------------------


def _raws(root: Path) -> dict[str, bytes]:
    """Every regular file of the tree, read as the check's workers read resources."""
    out = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            path = Path(folder) / name
            if not path.is_symlink() and path.is_file():
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def _same_scan(root: Path) -> None:
    slow = reuse_info.scan(root)
    known = reuse_info.licensing_of(root, _raws(root))
    fast = reuse_info.scan(root, known=known)
    assert fast == slow
    for rel, (key, _found) in known.items():  # the cache key is the key of the bytes on disk
        assert key == reuse_info._file_key(root.resolve() / rel)
    without_keys = reuse_info.licensing_of(root, _raws(root), keys=False)
    assert {rel: found for rel, (_key, found) in without_keys.items()} == {
        rel: found for rel, (_key, found) in known.items()}
    assert reuse_info.scan(root, known=without_keys) == slow
    cache: dict[str, tuple[str, object]] = {}
    assert reuse_info.scan(root, known=known, cache=cache) == slow
    assert reuse_info.scan(root, cache=cache) == slow  # the entries it left are right


@pytest.mark.parametrize("build", TREES, ids=lambda b: b.__name__)
def test_files_read_once_get_the_scan_of_files_read_by_reuse(tmp_path: Path, build) -> None:
    build(tmp_path)
    _same_scan(tmp_path)
    assert reuse_info.scan(tmp_path).files  # something is covered: the comparison proves something


FILE_KINDS = {
    "tagged": lambda i: resource(f"sourcing/r{i}"),
    "no-licence": lambda i: resource(f"sourcing/r{i}", licence=""),
    "tag-in-body": lambda i: resource(f"sourcing/r{i}", licence="", body=f"Texte.\n\n{LT}: CC0-1.0\n"),
    "ignored": lambda i: resource(f"sourcing/r{i}", body=f"{IGNORE_START}\n{LT}: MIT\n{IGNORE_END}\n"),
    "open-ignore": lambda i: resource(f"sourcing/r{i}", body=f"x {IGNORE_START} {CT}: 2020 X\n"),
    "crlf": lambda i: resource(f"sourcing/r{i}").replace("\n", "\r\n"),
    "bom": lambda i: "\ufeff" + resource(f"sourcing/r{i}"),
    "latin1": lambda i: f"---\n# {CT}: 2020 Jérôme\n# {LT}: CC-BY-SA-4.0\n---\nrésumé\n".encode("latin-1"),
    "controls": lambda i: resource(f"sourcing/r{i}", body="Texte\x01\x02 de contrôle\x07\n" * 30),
    "binary": lambda i: b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)),
    "nul-late": lambda i: resource(f"sourcing/r{i}", body="x" * 9000 + "\x00"),
    "empty": lambda i: "",
    "crlf-only-cr": lambda i: resource(f"sourcing/r{i}").replace("\n", "\r"),
}


@st.composite
def trees(draw: st.DrawFn) -> dict[str, object]:
    files: dict[str, object] = {}
    for i, kind in enumerate(draw(st.lists(st.sampled_from(sorted(FILE_KINDS)), min_size=1, max_size=8))):
        ext = draw(st.sampled_from([".md", ".md", ".csv", ".txt"]))
        rel = f"content/sourcing/r{i}{ext}"
        files[rel] = FILE_KINDS[kind](i)
        sidecar = draw(st.sampled_from([None, "full", "licence-only", "copyright-only", "empty"]))
        if sidecar is not None:
            files[rel + ".license"] = {"full": f"{CT}: 2024 Side\n{LT}: CC0-1.0\n", "licence-only": f"{LT}: MIT\n",
                                       "copyright-only": f"{CT}: 2024 Side\n", "empty": ""}[sidecar]
        if draw(st.booleans()):
            files[f"content/sourcing/link{i}.md"] = ("symlink", rel.rsplit("/", 1)[1])
    if draw(st.booleans()):
        rules = []
        for precedence in draw(st.lists(st.sampled_from(["closest", "aggregate", "override"]), max_size=3)):
            pattern = draw(st.sampled_from(["content/**", "content/sourcing/*.md", "content/**/*.csv", "**"]))
            rules.append(f'[[annotations]]\npath = ["{pattern}"]\nprecedence = "{precedence}"\n'
                         f'{CT} = "2024 Toml {precedence}"\n{LT} = "CC-BY-4.0"\n')
        files["REUSE.toml"] = "version = 1\n\n" + "\n".join(rules)
    return files


def _build(root: Path, files: dict[str, object]) -> None:
    (root / "LICENSES").mkdir(parents=True)
    for lic in ("CC-BY-SA-4.0", "CC-BY-4.0", "MIT", "CC0-1.0"):
        shutil.copy(MAIN / "LICENSES" / f"{lic}.txt", root / "LICENSES")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            os.symlink(content[1], path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(str(content), encoding="utf-8", newline="")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(trees())
def test_generated_trees_read_once_get_the_same_scan(tmp_path_factory: pytest.TempPathFactory,
                                                    files: dict[str, object]) -> None:
    root = tmp_path_factory.mktemp("tree")
    _build(root, files)
    _same_scan(root)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(trees())
def test_generated_trees_read_once_get_reuse_lints_verdict(tmp_path_factory: pytest.TempPathFactory,
                                                           files: dict[str, object]) -> None:
    root = tmp_path_factory.mktemp("tree")
    _build(root, files)
    bad, _licences, code = reuse_lint_verdict(root)
    report = reuse_info.scan(root, known=reuse_info.licensing_of(root, _raws(root)))
    assert {f.path for f in report.files if not f.compliant} == bad
    assert (code == 0) == (report.compliant and not report.unused_licenses)


# --- commons check as it runs ----------------------------------------------------------------


def _commons(root: Path, n: int) -> None:
    shutil.copy(MAIN / "commons.yaml", root / "commons.yaml")
    files: dict[str, str | bytes | None] = {
        f"content/sourcing/r{i:03d}.md": resource(f"sourcing/r{i:03d}", licence="" if i % 7 == 3 else "CC-BY-SA-4.0")
        for i in range(n)}
    files["content/sourcing/r005.md.license"] = f"{CT}: 2024 Side\n{LT}: CC0-1.0\n"
    files["content/sourcing/r006.md"] = FILE_KINDS["latin1"](6)  # type: ignore[assignment]
    files["content/sourcing/r008.md"] = FILE_KINDS["ignored"](8)
    _build(root, files)  # type: ignore[arg-type]
    os.symlink("r001.md", root / "content/sourcing/link.md")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_check_finds_the_reuse_information_scan_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          jobs: int) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)  # workers even on a small tree
    _commons(tmp_path, 40)
    config = load_config(tmp_path)
    known: dict = {}
    loaded = pipeline.load(tmp_path, config, jobs, None, None, known)
    assert len(known) >= 38
    assert licensed.full(tmp_path, config, loaded, jobs=jobs, known=known).reuse == reuse_info.scan(tmp_path)
    # the whole check, without and with its cache (cold, then warm): one verdict
    ws = Workspace(tmp_path.resolve(), config, today="2026-01-01", jobs=jobs)
    reports = [check_tree(ws, use_cache=False), check_tree(ws), check_tree(ws)]
    assert location(ws.root).is_file()
    monkeypatch.setattr(reuse_info, "licensing_of", lambda *args: {})  # every file read by reuse_info.scan
    slow = check_tree(ws, use_cache=False)
    assert any(f.code.startswith("LIC") for f in slow.findings)
    assert reports == [slow, slow, slow]
