# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A writer killed (SIGKILL) while appending to the ledger loses no committed record: the ledger
either verifies, or its only problem is a half-written last line, which the next append cuts."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
from pathlib import Path

from open_commons.ledger import record_file, repair_torn_tail
from open_commons.model.ledger import FileChange, PullRequest, parse_text
from open_commons.rules.ledger import check_text
from open_commons.sources import schemas
from tests.fuzz.partners_data import registry

SCHEMA = schemas.load("ledger-entry")
FILES = 400  # ~30 KB per record: several write() calls per line, so a kill can tear one


def _pr(number: int) -> PullRequest:
    files = tuple(FileChange(f"content/sourcing/ressource-{number}-{i}.md", "added", 3, 0) for i in range(FILES))
    return PullRequest(number, f"{number:040x}", f"2026-01-01T10:{number // 60 % 60:02d}:{number % 60:02d}Z",
                       "awadiallo", files=files)


def _writer(path: str, start: int, conn) -> None:  # type: ignore[no-untyped-def]
    reg = registry()
    number = start
    while True:
        result = record_file(Path(path), _pr(number), reg)
        if result.appended:
            conn.send(number)  # committed: written, newline included, and synced
        number += 1


def _committed(conn, until: int, timeout: float = 60.0) -> list[int]:  # type: ignore[no-untyped-def]
    got: list[int] = []
    while len(got) < until and conn.poll(timeout):
        got.append(conn.recv())
    return got


def _numbers(path: Path) -> list[int]:
    return [ln.record["pr"] for ln in parse_text(path.read_text(encoding="utf-8")) if ln.record]


def test_kill_minus_nine_while_appending_loses_no_committed_record(tmp_path: Path) -> None:
    path = tmp_path / "ledger" / "contributions.jsonl"
    ctx = mp.get_context("spawn")
    rng = random.Random(7)
    committed: list[int] = []
    torn_seen = 0
    start = 1
    for _round in range(10):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_writer, args=(str(path), start, child), daemon=True)
        proc.start()
        committed += _committed(parent, rng.randint(2, 5))
        # kill at a random moment of the next append (most of the time is spent writing it)
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(10)
        while parent.poll(0):
            committed.append(parent.recv())
        assert proc.exitcode == -signal.SIGKILL
        raw = path.read_bytes()
        if not raw.endswith(b"\n"):
            torn_seen += 1
            # the only problem is the last line, which the next append cuts
            findings = check_text(raw.decode("utf-8", "replace"), "ledger/contributions.jsonl", None, SCHEMA)
            last = raw.count(b"\n") + 1
            assert {f.line for f in findings} == {last}, findings
        else:
            assert check_text(raw.decode("utf-8"), "ledger/contributions.jsonl", None, SCHEMA) == []
        start = max(_numbers_or(path, committed)) + 1
    repair_torn_tail(path)  # what the next append does first
    text = path.read_text(encoding="utf-8")
    assert check_text(text, "ledger/contributions.jsonl", None, SCHEMA) == []
    on_file = _numbers(path)
    assert set(committed) <= set(on_file), sorted(set(committed) - set(on_file))  # records lost: 0
    assert on_file == sorted(on_file) and len(on_file) == len(set(on_file))
    print(f"committed {len(committed)}, on file {len(on_file)}, torn tails repaired {torn_seen}")


def _numbers_or(path: Path, committed: list[int]) -> list[int]:
    repair_torn_tail(path)
    return _numbers(path) + committed + [0]


def _ledger_with(tmp_path: Path, tail: bytes) -> Path:
    path = tmp_path / "contributions.jsonl"
    record_file(path, _pr(1), registry())
    with path.open("ab") as fh:
        fh.write(tail)
    return path


def test_a_torn_last_line_is_cut_by_the_next_append(tmp_path: Path) -> None:
    whole = (tmp_path / "whole.jsonl")
    record_file(whole, _pr(2), registry())
    line = whole.read_bytes()
    path = _ledger_with(tmp_path, line[: len(line) // 2])
    findings = check_text(path.read_text(encoding="utf-8"), "l", None, SCHEMA)
    assert [f.code for f in findings] == ["LED001"] and findings[0].line == 2
    result = record_file(path, _pr(2), registry())
    assert result.appended and result.line == 2
    assert check_text(path.read_text(encoding="utf-8"), "l", None, SCHEMA) == []
    assert _numbers(path) == [1, 2]


def test_a_tail_cut_inside_a_utf8_character_is_cut_too(tmp_path: Path) -> None:
    path = _ledger_with(tmp_path, '{"author":{"login":"Inès'.encode()[:-1])
    assert repair_torn_tail(path)
    assert _numbers(path) == [1]


def test_a_whole_record_without_its_newline_is_kept(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl"
    record_file(whole, _pr(1), registry())
    record_file(whole, _pr(2), registry())
    path = tmp_path / "edited.jsonl"
    path.write_bytes(whole.read_bytes().rstrip(b"\n"))  # an editor removed the final newline
    assert not repair_torn_tail(path)
    assert record_file(path, _pr(3), registry()).appended
    assert _numbers(path) == [1, 2, 3]
    assert check_text(path.read_text(encoding="utf-8"), "l", None, SCHEMA) == []
