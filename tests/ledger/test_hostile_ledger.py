# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile ledgers and events: a deep-JSON line, a line that is not UTF-8, a record without
``merged_at``, a broken ``--event`` file, a full disk. Every one is a finding or one clear line,
never a traceback, and the ledger file is never left half-written."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from open_commons import ledger
from open_commons.model.ledger import parse_text
from tests.ledger.conftest import registry_of, run

LEDGER = "ledger/contributions.jsonl"
DEEP = "[" * 100_000 + "]" * 100_000

HOSTILE_LINES = {
    "deep-json": (DEEP + "\n").encode(),
    "not-utf8": b'{"pr": 99, "note": "caf\xe9"}\n',
}


def _recorded(commons, prs) -> Path:  # type: ignore[no-untyped-def]
    reg = registry_of(commons.root)
    for pr in prs:
        ledger.record_file(commons.root / LEDGER, pr, reg)
    return commons.root / LEDGER


def _without_merged_at(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[-1])
    del record["merged_at"]
    lines[-1] = json.dumps(record, sort_keys=True, separators=(",", ":"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _no_traceback(proc) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


@pytest.mark.parametrize("kind", [*HOSTILE_LINES, "no-merged-at"])
def test_a_hostile_ledger_line_is_a_finding_in_every_reader(commons, history_prs, kind: str,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    path = _recorded(commons, history_prs)
    if kind == "no-merged-at":
        _without_merged_at(path)
    else:
        with path.open("ab") as fh:
            fh.write(HOSTILE_LINES[kind])
    line = len(path.read_bytes().splitlines())
    verify = run(commons.root, "ledger", "verify")
    _no_traceback(verify)
    assert verify.returncode == 1
    code = "LED002" if kind == "no-merged-at" else "LED001"
    assert f"{LEDGER}:{line}: {code}" in verify.stdout, verify.stdout
    if kind == "not-utf8":
        assert "not UTF-8 (byte 0xe9" in verify.stdout
    if kind == "deep-json":
        assert "nested deeper than" in verify.stdout
    check = run(commons.root, "check")
    _no_traceback(check)
    assert f"{LEDGER}:{line}: {code}" in check.stdout, check.stdout
    audit = run(commons.root, "audit", "--source", "ledger", "--format", "json")
    _no_traceback(audit)
    assert audit.returncode == 0, audit.stderr
    assert f"{LEDGER}:{line}: {code}" in audit.stderr  # said, and the record left out of the count
    assert json.loads(audit.stdout)["contributions"] == len(history_prs) - (kind == "no-merged-at")
    site = run(commons.root, "site", "--out", str(tmp_path / "site"))
    _no_traceback(site)
    assert site.returncode == 0, site.stderr


def test_parse_text_bounds_every_line() -> None:
    lines = parse_text(DEEP + "\n" + '{"a": ' + "[" * 40 + "1" + "]" * 40 + "}\n" + "[1]\n"
                       + b'{"x": "\xff"}'.decode("utf-8", "surrogateescape") + "\n")
    assert [ln.record for ln in lines] == [None, None, None, None]
    assert "nested deeper" in lines[0].error and "nested deeper" in lines[1].error
    assert lines[2].error == "not an object"
    assert lines[3].error.startswith("not UTF-8 (byte 0xff") and "\\xff" in lines[3].text


def test_a_torn_deep_tail_is_cut_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "contributions.jsonl"
    path.write_text('{"pr":1}\n' + "[" * 100_000, encoding="utf-8")
    assert ledger.repair_torn_tail(path)
    assert path.read_text(encoding="utf-8") == '{"pr":1}\n'


EVENTS = {
    "a list": ("[1, 2]", "not an object but an array"),
    "not JSON": ("{nope", "not JSON"),
    "deep": (DEEP, "nested deeper than"),
    "no number": ('{"pull_request": {"merged_at": "2024-01-01T00:00:00Z", "merge_commit_sha": "%s"}}',
                  "'number' is missing"),
    "bad integer": ('{"pull_request": {"number": "douze", "merged_at": "2024-01-01T00:00:00Z", '
                    '"merge_commit_sha": "%s"}}', "'number' is not a positive whole number"),
    "huge integer": ('{"pull_request": {"number": 1e400, "merged_at": "2024-01-01T00:00:00Z", '
                     '"merge_commit_sha": "%s"}}', "'number' is not a positive whole number"),
    "bad sha": ('{"pull_request": {"number": 3, "merged_at": "2024-01-01T00:00:00Z", "merge_commit_sha": 5}}',
                "'merge_commit_sha' is not a commit hash"),
    "not UTF-8": (b'{"pull_request": {"number": 3, "title": "\xff"}}', "not UTF-8"),
}


@pytest.mark.parametrize("name", list(EVENTS))
def test_a_broken_event_file_is_one_line_and_exit_2(commons, history_prs, name: str) -> None:  # type: ignore[no-untyped-def]
    body, expected = EVENTS[name]
    event = commons.root.parent / "event.json"
    if isinstance(body, bytes):
        event.write_bytes(body)
    else:
        event.write_text(body.replace("%s", history_prs[0].merge_sha), encoding="utf-8")
    before = (commons.root / LEDGER).read_bytes()
    proc = run(commons.root, "ledger", "record", "--event", str(event))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and expected in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("Error: --event ")
    assert (commons.root / LEDGER).read_bytes() == before


def test_a_full_disk_leaves_the_ledger_as_it_was(commons, history_prs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _recorded(commons, history_prs[:2])
    before = path.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data) -> int:  # type: ignore[no-untyped-def]
        if len(data) > 20:
            return real_write(fd, bytes(data[:20]))  # the first bytes land, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ledger.os, "write", half_then_full)
    with pytest.raises(ledger.LedgerWriteError) as err:
        ledger.record_file(path, history_prs[2], registry_of(commons.root))
    assert err.value.errno == errno.ENOSPC
    assert path.read_bytes() == before  # cut back: nothing half-written


def test_the_cli_says_a_full_disk_in_one_translated_line(commons, history_prs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from open_commons.cli import main

    path = _recorded(commons, history_prs[:1])
    before = path.read_bytes()

    def full(fd: int, data) -> int:  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ledger.os, "write", full)
    pr = history_prs[1]
    result = CliRunner().invoke(main, ["ledger", "record", "--root", str(commons.root), "--lang", "fr",
                                       "--pr", str(pr.number), "--merge-sha", pr.merge_sha, "--author", "awadiallo"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.strip() == (f"Erreur : impossible d'écrire {LEDGER} : plus de place sur le disque ; "
                                     "le registre n'a pas changé")
    assert path.read_bytes() == before


def test_permission_denied_is_one_translated_line(commons, history_prs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from open_commons.cli import main

    path = _recorded(commons, history_prs[:1])
    before = path.read_bytes()
    real_open = os.open

    def denied(file, flags, *args):  # type: ignore[no-untyped-def]
        if str(file) == str(path) and flags & os.O_WRONLY:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, flags, *args)

    monkeypatch.setattr(ledger.os, "open", denied)
    pr = history_prs[1]
    result = CliRunner().invoke(main, ["ledger", "record", "--root", str(commons.root), "--lang", "en",
                                       "--pr", str(pr.number), "--merge-sha", pr.merge_sha, "--author", "awadiallo"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: cannot write {LEDGER}: permission denied; the ledger is unchanged"
    assert path.read_bytes() == before


def test_any_command_ends_an_os_failure_in_one_line(commons, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from open_commons.cli import main

    out = tmp_path / "audit.txt"
    real = Path.write_text

    def denied(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == out:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", denied)
    result = CliRunner().invoke(main, ["audit", "--root", str(commons.root), "--lang", "fr", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Erreur : {out} : permission refusée"


def test_led011_led012_and_led014_name_their_line(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    from open_commons.model.ledger import canonical, record_hash
    from tests.ledger.conftest import when

    path = _recorded(commons, history_prs)
    lines = path.read_text(encoding="utf-8").splitlines()
    commons.commit("Ledger", {LEDGER: "\n".join(lines) + "\n"}, when=when("2024-02-01"))
    recs = [json.loads(line) for line in lines]
    recs[2]["lines_added"] += 10  # line 3 rewritten, the chain recomputed after it
    prev = recs[1]["hash"]
    for rec in recs[2:]:
        rec["prev"], rec["hash"] = prev, ""
        rec["hash"] = prev = record_hash(rec)
    commons.commit("Ledger: fix", {LEDGER: "".join(canonical(r) + "\n" for r in recs)}, when=when("2024-02-02"))
    path.write_text("".join(canonical(r) + "\n" for r in recs[1:3]), encoding="utf-8")  # 1 and 4 gone
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 1
    assert "{line}" not in proc.stdout, proc.stdout
    assert "LED014 commit" in proc.stdout and "(from line 3)" in proc.stdout
    assert "LED011 PR #1" in proc.stdout and "it belongs at line 1" in proc.stdout
    assert "LED012 warning PR #4" in proc.stdout and "it belongs at line 3" in proc.stdout, proc.stdout
    assert "(from line" in proc.stdout.split("worktree", 1)[1]  # the uncommitted rewrite too
