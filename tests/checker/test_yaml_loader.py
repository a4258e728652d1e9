# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The YAML source: C loader on the fast path, dates kept as strings, nothing built from tags."""

from __future__ import annotations

from open_commons.model import ProblemKind
from open_commons.sources import yamlio
from open_commons.sources.files import decode
from open_commons.sources.frontmatter import markdown_document, split


def test_fast_path_uses_the_c_parser_and_agrees_with_ruamels_own_loader() -> None:
    from ruamel.yaml.cyaml import CParser

    assert issubclass(yamlio._CLoader, CParser) and CParser.__module__.startswith("ruamel.yaml.clib")
    text = "a: [1, 2.5, yes, ~, 2026-01-02]\nb: {c: 'd'}\n"
    assert yamlio._FAST.load(text) == yamlio._SAFE.load(text) == {
        "a": [1, 2.5, "yes", None, "2026-01-02"], "b": {"c": "d"}}


def test_dates_stay_strings_and_yes_is_a_string() -> None:
    data, problems = yamlio.load("d: 2026-03-02\nt: 2026-03-02T10:00:00\nyes: yes\n")
    assert not problems
    assert data == {"d": "2026-03-02", "t": "2026-03-02T10:00:00", "yes": "yes"}


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghijklm"):
        prev = "abcdefghijklm"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    data, problems = yamlio.load("\n".join(levels) + "\n")
    assert data is None and problems[0].kind is ProblemKind.ALIAS


def test_crlf_and_bom() -> None:
    text = decode("a.md", b"\xef\xbb\xbf---\r\nid: x\r\n---\r\nbody\r\n", 1000)
    assert text.text == "---\nid: x\n---\nbody\n"
    assert [p.kind for p in text.problems] == [ProblemKind.BOM]


def test_non_utf8_gives_line_and_column() -> None:
    text = decode("a.md", "---\nid: x\ntitle: é\n".encode("latin-1"), 1000)
    assert text.text is None
    (problem,) = text.problems
    assert (problem.kind, problem.line, problem.column) == (ProblemKind.NOT_UTF8, 3, 8)


def test_split_body_line() -> None:
    parts = split("---\na: 1\n---\n\n# T\n")
    assert not isinstance(parts, tuple) or parts[3] == 4


def test_document_locates_nested_values() -> None:
    doc = markdown_document(decode("a.md", b"---\nauthors:\n  - name: A\n  - name: B\n    github: b\n---\n", 1000))
    assert doc.line_of("authors", 1, "github") == 5
    assert doc.line_of("nothing", "here") == 2  # falls back to the front-matter's first line


def test_compiled_schema_agrees_with_jsonschema_on_every_fixture_and_resource() -> None:
    """The fast path (fastjsonschema) may only say 'valid' when jsonschema finds no error."""
    from pathlib import Path

    from open_commons.rules.schema import fast_valid, validator
    from open_commons.sources import schemas
    from tests.conftest import FIXTURES, REPO

    schema = schemas.load("resource")
    checked = refused = 0
    files = [*FIXTURES.rglob("*.md"), *(REPO / "content").rglob("*.md")]
    for path in files:
        if path.is_symlink() or path.stat().st_size > 1 << 20:
            continue
        doc = markdown_document(decode(str(path), path.read_bytes(), 1 << 20))
        if doc.data is None:
            continue
        jsonschema_ok = not any(True for _ in validator(schema).iter_errors(doc.data))
        assert fast_valid(schema, doc.data) == jsonschema_ok, Path(path).relative_to(REPO)
        checked += 1
        refused += not jsonschema_ok
    assert checked > 60 and refused > 10  # both verdicts were exercised
