# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The front-matter reader over arbitrary bytes and over mutated valid resources: a Document with
problems, and the per-resource rules give findings, never an exception."""

from __future__ import annotations

import dataclasses

from hypothesis import example, given
from hypothesis import strategies as st

from open_commons.model import Commons, Document, Finding, Resource
from open_commons.pipeline import resource_findings
from open_commons.sources.files import decode
from open_commons.sources.frontmatter import markdown_document
from open_commons.sources.tree import load_commons
from tests.conftest import FIXTURES, REPO
from tests.fuzz.conftest import fuzz_settings

VALID = (FIXTURES / "checker" / "valid" / "minimal.md").read_bytes()
FULL = next((FIXTURES / "checker" / "valid" / "full").rglob("*.md")).read_bytes()
CONTEXT: Commons = dataclasses.replace(load_commons(REPO), resources=())
PATH = "content/sourcing/minimal.md"

# pieces a mutation splices in: YAML syntax, tags, encodings, invisible characters
TOKENS = [b"---\n", b"...\n", b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!python/object:os.system ",
          b"!!binary ", b"!!set ", b"<<: ", b"? ", b"\t", b"\x00", b"\xef\xbb\xbf", b"\xff", b"\r\n", b"\r",
          b"'", b'"', b"\\u202e", b"\xe2\x80\xae", b"\xe2\x80\x8b", b"%YAML 1.1\n", b"#", b"|\n", b">-\n",
          b"0x" + b"f" * 40, b"1e999", b".nan", b"~", b"null", b"2026-13-45", b"id: ../../x\n", b"\n" * 3]


def _check(raw: bytes) -> list[Finding]:
    doc = markdown_document(decode(PATH, raw, 1 << 20))
    assert isinstance(doc, Document)
    assert doc.data is None or isinstance(doc.data, dict)
    for problem in doc.problems:
        assert problem.line is None or problem.line >= 1
    findings = list(resource_findings(Resource(doc, "sourcing/minimal"), CONTEXT))
    for f in findings:
        assert f.path == PATH and f.code
        if doc.data is None:  # unreadable: at least one FM finding says why
            pass
    if doc.data is None:
        assert any(f.code.startswith("FM") for f in findings)
    return findings


@fuzz_settings(1500)
@given(st.binary(max_size=2000))
@example(b"")
@example(b"---\n---\n")
@example(b"---\n" + b"[" * 60_000 + b"\n---\n")  # segfaulted the C reader (found by the hostile corpus)
@example(b"---\nschema_version: 0x" + b"f" * 4000 + b"\n---\n")  # str() of the integer raised ValueError
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from([VALID, FULL])))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(raw)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "byte", "duplicate-line"]))
        if op == "insert":
            raw[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            raw[pos:pos + draw(st.integers(1, 40))] = b""
        elif op == "replace":
            token = draw(st.sampled_from(TOKENS))
            raw[pos:pos + len(token)] = token
        elif op == "byte":
            raw[pos:pos] = bytes([draw(st.integers(0, 255))])
        else:
            lines = bytes(raw).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            raw = bytearray(b"\n".join(lines))
    return bytes(raw)


@fuzz_settings(1500)
@given(mutated())
def test_mutated_valid_resources(raw: bytes) -> None:
    _check(raw)


@fuzz_settings(300)
@given(st.text(max_size=300))
def test_arbitrary_text_as_front_matter(text: str) -> None:
    _check(("---\n" + text + "\n---\nbody\n").encode("utf-8", "surrogatepass"))


def test_the_valid_seeds_are_clean() -> None:
    assert _check(VALID) == []
