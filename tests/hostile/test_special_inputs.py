# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Only regular files are opened from a checkout; JSON is bounded before it is used; a command
line value cannot inject a front-matter key."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from open_commons import jsonsafe
from open_commons.cli import main
from open_commons.model import ProblemKind
from open_commons.sources import files
from tests.conftest import build_commons


def _unreadable(result: files.TextFile) -> str:
    assert result.text is None and [p.kind for p in result.problems] == [ProblemKind.UNREADABLE]
    return result.problems[0].detail


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tube.md")
    assert _unreadable(files.read(tmp_path, "tube.md", 1000)) == "special:fifo"
    assert files.read_bytes(tmp_path, "tube.md", 1000) is None
    from open_commons.cache import file_digest

    assert file_digest(tmp_path / "tube.md", 1000) is None


def test_a_socket_and_a_device_are_refused() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as short:  # a socket path must be short
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(os.path.join(short, "s.md"))
            assert _unreadable(files.read(Path(short), "s.md", 1000)) == "special:socket"
        finally:
            sock.close()
    assert _unreadable(files.read(Path("/dev"), "null", 1000)) == "special:device"


def test_a_fifo_swapped_in_after_the_check_is_opened_without_blocking(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(tmp_path / "tube.md")
    seen = []

    def fooled(mode: int) -> str | None:  # the first look (lstat) sees a regular file
        seen.append(mode)
        return None if len(seen) == 1 else "fifo"

    monkeypatch.setattr(files, "special_kind", fooled)
    with pytest.raises(files.NotRegular):
        files.open_regular(tmp_path / "tube.md")  # O_NONBLOCK: returns at once, fstat refuses it


def test_the_licence_scan_refuses_a_fifo(tmp_path: Path) -> None:
    from open_commons.sources import reuse_info

    root = build_commons(tmp_path / "commons")
    os.mkfifo(root / "content" / "tube.csv")
    report = reuse_info.scan(root)  # the whole tree, as `commons check` reads it
    info = report.by_path()["content/tube.csv"]
    assert info.read_error == "special:fifo"


@pytest.mark.parametrize(("text", "problem"), [
    ("[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),
    ('{"a":' * 65 + "1" + "}" * 65, "nested deeper than 64 levels"),
    ("[1]", "not an object but an array"),
    ('"x"', "not an object but a string"),
    ("{nope", "not JSON"),
    (b'{"a": "\xff"}', "not UTF-8 (byte 0xff at offset 7)"),
    ("{}" + " " * 100, "larger than 50 bytes"),
    ('{"a\\ud800": 1}', "a lone surrogate escape"),
])
def test_jsonsafe_names_the_problem(text: str | bytes, problem: str) -> None:
    with pytest.raises(jsonsafe.JsonInputError) as err:
        jsonsafe.loads(text, max_bytes=50 if problem.startswith("larger") else jsonsafe.MAX_BYTES, expect=dict)
    assert str(err.value).startswith(problem)


def test_jsonsafe_counts_only_real_nesting() -> None:
    brackets_in_strings = '{"a": "' + "[{" * 1000 + '", "b": "\\"]]]", "c": [[1]]}'
    assert jsonsafe.loads(brackets_in_strings, max_depth=3)["c"] == [[1]]
    assert jsonsafe.loads('[["]]]]\\"[[", [[[]]]]]', max_depth=5) == [["]]]]\"[[", [[[]]]]]
    assert jsonsafe.depth('"plain"') == 0 and jsonsafe.depth("[]") == 1 and jsonsafe.depth('{"a": [{}]}') == 3
    assert jsonsafe.depth('[["]]]]\\"[[", [[[]]]]]') == 5
    assert jsonsafe.loads('{"a": [1, {"b": 2}]}', max_depth=3) == {"a": [1, {"b": 2}]}
    with pytest.raises(jsonsafe.JsonInputError):
        jsonsafe.loads('{"a": [1, {"b": [2]}]}', max_depth=3)


@pytest.mark.parametrize("option", ["--author", "--title", "--partner"])
@pytest.mark.parametrize("value", ["A\nkey: v", "A\rkey: v", "A\u2028key: v", "A\x00"])
def test_commons_new_refuses_a_line_break_in_a_value(option: str, value: str, tmp_path: Path) -> None:
    root = build_commons(tmp_path / "commons")
    result = CliRunner().invoke(main, ["new", "guide", "sourcing/atelier", "--root", str(root), "--lang", "en",
                                       option, value])
    assert result.exit_code == 2
    assert "a line break or a control character is not allowed here" in result.output
    assert not (root / "content/sourcing/atelier.md").exists()


def test_the_skeleton_keeps_a_holder_on_its_comment_line() -> None:
    from datetime import date

    from open_commons.skeleton import resource_text
    from open_commons.sources import frontmatter
    from open_commons.sources.files import decode
    from open_commons.sources.tree import load_config
    from tests.conftest import REPO

    text = resource_text(load_config(REPO), "guide", "sourcing/x", title="X", author="A\nkey: v", partner=None,
                         lang="fr", today=date(2026, 1, 5))
    doc = frontmatter.markdown_document(decode("content/sourcing/x.md", text.encode(), 1 << 20))
    assert doc.data is not None and "key" not in doc.data
    assert "# " + "SPDX-" + "FileCopyrightText: 2026 A key: v\n" in text
