# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The ledger on real git repositories: record, idempotence, concurrency, tampering, rebuild."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from open_commons import ledger
from open_commons.identity import Registry
from open_commons.model.ledger import GENESIS, PullRequest, canonical, parse_text, record_hash
from open_commons.rules import ledger as led
from open_commons.sources import schemas
from open_commons.sources.tree import load_config
from tests.ledger.conftest import registry_of, run, when

LEDGER = "ledger/contributions.jsonl"


def record_all(root: Path, prs: list[PullRequest]) -> list[str]:
    reg = registry_of(root)
    for pr in prs:
        ledger.record_file(root / LEDGER, pr, reg)
    return (root / LEDGER).read_text(encoding="utf-8").splitlines()


def codes_at(proc_out: str) -> list[tuple[str, str]]:
    """(location, code) of each finding line of `commons ledger verify`."""
    out = []
    for line in proc_out.splitlines():
        if ": LED" in line:
            where, rest = line.split(": ", 1)
            out.append((where, rest.split()[0]))
    return out


def test_records_credit_the_right_partners(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    recs = [json.loads(line) for line in lines]
    assert [r["pr"] for r in recs] == [1, 2, 3, 4]
    assert [r["partners"] for r in recs] == [["fabrique-roubaix"], ["fabrique-roubaix"], ["e2c-lille"], []]
    assert recs[1]["co_authors"] == []  # unknown email: not credited
    assert recs[2]["co_authors"] == [{"name": "Karim Benali", "email": "karim@e2c-lille.fr", "partner": "e2c-lille"}]
    assert recs[3]["author"] == {"login": "mallory", "partner": None}  # spoofed trailer: nothing credited
    assert recs[0]["kinds"] == ["improvement"] and recs[1]["kinds"] == ["translation"]
    assert recs[2]["kinds"] == ["new-resource", "template"]
    assert recs[0]["lines_added"] == 4 and recs[0]["reviewers"] == [{"login": "ines", "partner": "simplon"}]
    assert recs[0]["prev"] == GENESIS and recs[1]["prev"] == recs[0]["hash"]
    assert all(canonical(r) == line and r["hash"] == record_hash(r) for r, line in zip(recs, lines, strict=True))
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_redelivered_merge_is_recorded_once(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    pr = history_prs[0]
    first = run(commons.root, "ledger", "record", "--pr", "1", "--merge-sha", pr.merge_sha, "--author", "awadiallo")
    again = run(commons.root, "ledger", "record", "--pr", "1", "--merge-sha", pr.merge_sha[:10], "--author", "awadiallo")
    event = commons.root.parent / "event.json"
    event.write_text(json.dumps({"action": "closed", "pull_request": {
        "number": 1, "merged_at": pr.merged_at, "merge_commit_sha": pr.merge_sha, "user": {"login": "awadiallo"}}}))
    third = run(commons.root, "ledger", "record", "--event", str(event))
    assert first.returncode == again.returncode == third.returncode == 0, first.stderr + again.stderr + third.stderr
    assert "line 1" in again.stdout and "already" in again.stdout
    lines = (commons.root / LEDGER).read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["partners"] == ["fabrique-roubaix"]
    with pytest.raises(ledger.LedgerConflict):
        ledger.append_to_text(lines[0] + "\n", PullRequest(1, "b" * 40, pr.merged_at, "awadiallo"),
                              registry_of(commons.root))


def _append_many(args: tuple[str, int, int]) -> int:
    root, start, count = args
    reg = registry_of(Path(root))
    for n in range(start, start + count):
        ledger.record_file(Path(root) / LEDGER, PullRequest(n, f"{n:040x}", "2024-03-01T10:00:00Z", "kbenali"), reg)
        ledger.record_file(Path(root) / LEDGER, PullRequest(n, f"{n:040x}", "2024-03-01T10:00:00Z", "kbenali"), reg)
    return count


def test_concurrent_appends_lose_and_double_nothing(commons) -> None:  # type: ignore[no-untyped-def]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        done = pool.map(_append_many, [(str(commons.root), 1, 25), (str(commons.root), 1001, 25)])
    assert done == [25, 25]
    text = (commons.root / LEDGER).read_text(encoding="utf-8")
    recs = [ln.record for ln in parse_text(text)]
    assert sorted(r["pr"] for r in recs) == list(range(1, 26)) + list(range(1001, 1026))
    assert [r["seq"] for r in recs] == list(range(1, 51))
    assert led.check_text(text, LEDGER, registry_of(commons.root), schemas.load("ledger-entry")) == []


def test_a_tampered_record_fails_with_its_line(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    rec = json.loads(lines[1])
    rec["lines_added"] = 999
    lines[1] = canonical(rec)
    (commons.root / LEDGER).write_text("\n".join(lines) + "\n")
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 1
    assert (f"{LEDGER}:2", "LED004") in codes_at(proc.stdout)


def test_a_deleted_record_fails_with_its_line(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    del lines[1]
    (commons.root / LEDGER).write_text("\n".join(lines) + "\n")
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 1
    found = codes_at(proc.stdout)
    assert (f"{LEDGER}:2", "LED003") in found  # the chain breaks where the record was
    # PR #2 was squash-merged: without GitHub its commit, titled "(#2)", proves nothing (LED019, not LED011);
    # tests/ledger/test_honest_credit.py shows GitHub and the ledger's history still catch the deletion
    assert (f"{LEDGER}:2", "LED019") in found


def test_a_rewrite_with_a_recomputed_chain_is_caught_by_history(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    commons.commit("Ledger", {LEDGER: "\n".join(lines) + "\n"}, when=when("2024-02-01"))
    # credit PR 4 to a partner and recompute every hash after it: the text alone looks valid
    recs = [json.loads(line) for line in lines]
    recs[3]["lines_added"] += 10
    prev = recs[2]["hash"]
    for rec in recs[3:]:
        rec["prev"] = prev
        rec["hash"] = record_hash(rec)
        prev = rec["hash"]
    forged = "".join(canonical(r) + "\n" for r in recs)
    assert led.check_text(forged, LEDGER, registry_of(commons.root), schemas.load("ledger-entry")) == []
    commons.commit("Ledger: fix", {LEDGER: forged}, when=when("2024-02-02"))
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 1
    found = codes_at(proc.stdout)
    assert (f"{LEDGER}:4", "LED014") in found  # the commit changed line 4 instead of appending
    assert (f"{LEDGER}:4", "LED013") in found  # and git says PR 4 added other lines


def test_a_changed_partner_is_recomputed_from_the_registry(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    rec = json.loads(lines[3])
    rec["author"]["partner"] = "fabrique-roubaix"
    rec["partners"] = ["fabrique-roubaix"]
    rec["hash"] = record_hash(rec)
    text = "\n".join(lines[:3] + [canonical(rec)]) + "\n"
    findings = led.check_text(text, LEDGER, registry_of(commons.root), schemas.load("ledger-entry"))
    assert {(f.line, f.code) for f in findings} == {(4, "LED008")}


def test_an_extra_record_and_a_missing_one(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    reg = registry_of(commons.root)
    text = ""
    for pr in history_prs[:3]:
        text = ledger.append_to_text(text, pr, reg).text
    text = ledger.append_to_text(text, PullRequest(9, "f" * 40, "2024-02-01T00:00:00Z", "kbenali"), reg).text
    (commons.root / LEDGER).write_text(text)
    proc = run(commons.root, "ledger", "verify")
    found = codes_at(proc.stdout)
    assert (f"{LEDGER}:4", "LED010") in found  # PR 9 was never merged
    assert (f"{LEDGER}:4", "LED012") in found  # PR 4 (unaffiliated) has no record: a warning
    assert proc.returncode == 1


def test_the_ledger_rebuilt_from_git_equals_the_recorded_one(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    record_all(commons.root, history_prs)
    recorded = (commons.root / LEDGER).read_text(encoding="utf-8")
    config = load_config(commons.root)
    reviewers = {pr.number: list(pr.reviewers) for pr in history_prs}
    recorded_prs = [(pr.number, pr.merge_sha) for pr in history_prs]  # the squash merges #2 and #3 included
    rebuilt = ledger.rebuild(commons.root, config=config, registry=registry_of(commons.root), reviewers=reviewers,
                             recorded=recorded_prs)
    assert rebuilt == recorded
    proc = run(commons.root, "ledger", "rebuild", "--from-git", "--check")
    assert proc.returncode == 0, proc.stdout
    # git cannot tell reviewers: without them only the reviewers (and so the hashes) differ
    bare = [json.loads(line) for line in ledger.rebuild(commons.root, config=config, registry=registry_of(commons.root),
                                                         recorded=recorded_prs).splitlines()]
    assert [r["partners"] for r in bare] == [json.loads(line)["partners"] for line in recorded.splitlines()]


def test_rebuild_write_refuses_a_non_empty_ledger(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    proc = run(commons.root, "ledger", "rebuild", "--from-git", "--write")
    # the squash merges #2 and #3 only GitHub can confirm: left out without a token, and said
    assert proc.returncode == 0 and len((commons.root / LEDGER).read_text().splitlines()) == 2
    assert "2 commit(s) titled like a squash merge" in proc.stderr and "PR #2" in proc.stderr
    again = run(commons.root, "ledger", "rebuild", "--from-git", "--write")
    assert again.returncode == 1 and "append-only" in again.stderr


def test_append_to_text_is_what_the_bot_calls(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    reg: Registry = registry_of(commons.root)
    gh = ledger.pull_request_from_github(
        {"number": 1, "merge_commit_sha": history_prs[0].merge_sha, "merged_at": history_prs[0].merged_at,
         "user": {"login": "awadiallo"}},
        [{"filename": "content/sourcing/information-collective.md", "status": "modified", "additions": 4,
          "deletions": 0}], co_authors=[], reviewers=["ines"])
    done = ledger.append_to_text("", gh, reg)
    assert done.appended and done.line == 1
    from_git = ledger.append_to_text("", history_prs[0], reg)
    assert done.text == from_git.text
    assert ledger.append_to_text(done.text, gh, reg).appended is False
    assert ledger.verify_append_only(done.text, done.text + "x\n", path=LEDGER) == []
    assert [f.line for f in ledger.verify_append_only(done.text, "", path=LEDGER)] == [1]


def test_the_caches_never_hide_a_later_tampering(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    lines = record_all(commons.root, history_prs)
    assert run(commons.root, "ledger", "verify").returncode == 0  # fills the caches
    assert run(commons.root, "ledger", "verify").returncode == 0  # cached
    rec = json.loads(lines[0])
    rec["co_authors"] = [{"name": "X", "email": "x@e2c-lille.fr", "partner": "e2c-lille"}]
    rec["partners"] = ["e2c-lille", "fabrique-roubaix"]
    rec["hash"] = record_hash(rec)
    prev = rec["hash"]
    recs = [rec]
    for line in lines[1:]:
        r = json.loads(line)
        r["prev"] = prev
        r["hash"] = prev = record_hash(r)
        recs.append(r)
    (commons.root / LEDGER).write_text("".join(canonical(r) + "\n" for r in recs))
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 1
    assert (f"{LEDGER}:1", "LED008") in codes_at(proc.stdout)  # a co-author the registry does not credit
    assert (f"{LEDGER}:1", "LED013") in codes_at(proc.stdout)  # and that git does not show
