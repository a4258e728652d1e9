# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Honest credit: every way of inflating a partner's credit is caught by `commons ledger verify`, and
the audit counts what verify counts.

- an approval by someone with read access only, credited as a review (LED018);
- a commit titled "… (#N)" rebased or fast-forwarded onto main, taken for a merged PR: not counted,
  not reported missing, not rebuilt (LED019 until GitHub says; GitHub decides with a token);
- a ledger force-pushed with invented reviewers and a recomputed hash chain, every commit appending:
  GitHub shows no such approval (LED017), and the tip verified before is gone (LED020);
- a real squash merge's record deleted: the ledger's history (LED014) and GitHub (LED011) still see it.

GitHub is the local fake (tests/github_fake), over HTTP, with the real PyGithub.
"""

from __future__ import annotations

import json
from pathlib import Path

from open_commons import ledger
from open_commons.demo import CommonsBuilder
from open_commons.model.ledger import PullFacts, PullRequest, canonical, parse_text, record_hash
from open_commons.rules import ledger as led
from open_commons.sources import yamlio
from tests.github_fake import FakeGitHub
from tests.ledger.conftest import AWA, registry_of, run, when
from tests.ledger.test_ledger import LEDGER, codes_at, record_all

REPO = "simplon/open-commons"  # commons.yaml's repository (CommonsBuilder)


def serve(fake: FakeGitHub, commons: CommonsBuilder, prs: list[PullRequest], *, new: bool = True,
          approvals: dict[int, list[str]] | None = None, permissions: dict[str, str] | None = None) -> None:
    """The commons on the fake GitHub (``new``: not served yet): each PR merged as its commit, by its
    author, approved by its reviewers (or ``approvals``); ``permissions`` of logins (others: read)."""
    if new:
        fake.add_repo(REPO, commons.root)
    for pr in prs:
        fake.add_pull(REPO, pr.number, head_ref="main", head_sha=pr.merge_sha, user=pr.author or "contributor",
                      merged=True, merge_commit_sha=pr.merge_sha)
        for login in (approvals or {}).get(pr.number, list(pr.reviewers)):
            fake.add_review(REPO, pr.number, user=login)
    for login, permission in (permissions or {}).items():
        fake.set_permission(REPO, login, permission)  # type: ignore[arg-type]


def github(fake: FakeGitHub) -> dict[str, str]:
    return {"GITHUB_TOKEN": "t", "GITHUB_API_URL": fake.url}


WRITERS = {"ines": "write", "kbenali": "maintain"}


def _forge(lines: list[str], index: int, **changes: object) -> list[str]:
    """The ledger with record ``index`` changed and every number and hash from there recomputed: the text
    alone is valid."""
    recs = [json.loads(line) for line in lines]
    recs[index].update(changes)
    prev = recs[index - 1]["hash"] if index else "0" * 64
    for seq, rec in enumerate(recs[index:], index + 1):
        rec["prev"], rec["seq"] = prev, seq
        rec["hash"] = prev = record_hash(rec)
    return [canonical(r) for r in recs]


def _ledger_branch(commons: CommonsBuilder, lines: list[str], message: str, day: str) -> str:
    """Commit the ledger on the branch ``ledger`` (made from main when missing); back on main after."""
    git = commons.repo.git
    if "ledger" not in [h.name for h in commons.repo.heads]:
        git.branch("ledger", "main")
    git.checkout("-q", "ledger")
    try:
        return commons.commit(message, {LEDGER: "".join(line + "\n" for line in lines)}, when=when(day))
    finally:
        git.checkout("-q", "main")


# --- 1. agreement with GitHub, and what it costs ----------------------------------------------


def test_an_honest_ledger_agrees_with_github_and_a_second_run_asks_nothing(commons, history_prs,  # type: ignore[no-untyped-def]
                                                                          fake_github) -> None:
    record_all(commons.root, history_prs)
    serve(fake_github, commons, history_prs, permissions=WRITERS)
    plain = run(commons.root, "ledger", "verify")
    assert plain.returncode == 0 and "not checked against GitHub" in plain.stderr
    first = run(commons.root, "ledger", "verify", env=github(fake_github))
    assert first.returncode == 0 and codes_at(first.stdout) == [], first.stdout + first.stderr
    assert "4 record(s) asked about, 0 confirmed by an earlier run" in first.stderr
    # one read per pull request, one list of reviews per record crediting reviewers (#1 and #3),
    # one permission per reviewer (ines, kbenali)
    pulls = fake_github.find_requests("GET", r"/pulls/\d+$")
    reviews = fake_github.find_requests("GET", r"/pulls/\d+/reviews$")
    permissions = fake_github.find_requests("GET", r"/collaborators/[^/]+/permission$")
    assert (len(pulls), len(reviews), len(permissions)) == (4, 2, 2)
    assert "8 request(s)" in first.stderr
    fake_github.reset_requests()
    second = run(commons.root, "ledger", "verify", env=github(fake_github))
    assert second.returncode == 0 and "0 record(s) asked about, 4 confirmed by an earlier run" in second.stderr
    assert fake_github.requests == []  # the agreement is cached by line: nothing asked again
    # a new merge: only its record is asked about
    pr5 = commons.pr(5, login="kbenali", author=("Karim Benali", "karim@e2c-lille.fr"), when=when("2024-04-01"),
                     files={"content/montage/diagnostic.md": "Texte de Karim.\n"}, reviewers=["ines"])
    record_all(commons.root, [pr5])
    serve(fake_github, commons, [pr5], new=False)
    third = run(commons.root, "ledger", "verify", env=github(fake_github))
    assert third.returncode == 0 and "1 record(s) asked about, 4 confirmed by an earlier run" in third.stderr
    assert [r.path.split("/", 4)[-1] for r in fake_github.requests] == [
        "pulls/5", "pulls/5/reviews", "collaborators/ines/permission"]


def test_records_github_contradicts(commons, history_prs, fake_github) -> None:  # type: ignore[no-untyped-def]
    """A record of a PR GitHub does not have, did not merge, merged as another commit or by another author."""
    lines = record_all(commons.root, history_prs)
    serve(fake_github, commons, history_prs[:2] + history_prs[3:], permissions=WRITERS)
    fake_github.add_issue(REPO, 3, title="An issue, not a pull request")  # the record of #3 points at an issue
    fake_github.set_pull(REPO, 2, merged=False, state="closed")  # #2: closed without merge
    proc = run(commons.root, "ledger", "verify", env=github(fake_github))
    found = codes_at(proc.stdout)
    assert (f"{LEDGER}:2", "LED015") in found and (f"{LEDGER}:3", "LED015") in found, proc.stdout
    assert "GitHub says this pull request was not merged" in proc.stdout
    assert "GitHub has no pull request with this number" in proc.stdout
    assert proc.returncode == 1
    # the pure rule: another merge commit, another author
    facts = {1: PullFacts(1, True, True, "f" * 40, "mallory", ("ines",))}
    findings = led.check_with_github(parse_text(lines[0] + "\n"), facts, {"ines": "write"}, path=LEDGER,
                                     repository=REPO, registry=registry_of(commons.root))
    assert [(f.code, f.message.params["fields"]) for f in findings] == [("LED016", "merge_sha, author.login")]


def test_the_latest_review_of_each_person_decides_and_listing_pays_only_for_many() -> None:
    from open_commons.github.client import approvers
    from open_commons.github.ledger_facts import listing_pays

    reviews = [("Ines", "APPROVED"), ("ines", "CHANGES_REQUESTED"), ("kbenali", "CHANGES_REQUESTED"),
               ("kbenali", "APPROVED"), ("kbenali", "COMMENTED"), ("awa", "APPROVED"), ("awa", "DISMISSED"),
               (None, "APPROVED")]
    assert approvers(reviews) == ["kbenali"]  # a comment after an approval keeps it; a change request does not
    assert not listing_pays([1, 2, 3])  # a few records: read one by one
    assert listing_pays(list(range(1, 2001)))  # 2,000 records: some 20 pages instead of 2,000 reads
    assert not listing_pays(list(range(1, 50000, 1000)))  # 50 numbers spread over 50,000: read one by one


# --- 2. an approval by someone with read access only -------------------------------------------


def test_an_approval_by_a_reader_is_not_a_review_that_counts(commons, history_prs, fake_github) -> None:  # type: ignore[no-untyped-def]
    """Credit-inflation case 1: ines (Simplon's person) approved PR #1 with read access only; the record
    credits it to Simplon as a review. verify says so; with ledger.reviews_from: writers-and-partners it
    is a review that counts (Simplon was validated on the merge day)."""
    record_all(commons.root, history_prs)
    serve(fake_github, commons, history_prs, permissions={"kbenali": "write", "ines": "read"})
    proc = run(commons.root, "ledger", "verify", env=github(fake_github))
    found = codes_at(proc.stdout)
    assert found.count((f"{LEDGER}:1", "LED018")) == 1 and (f"{LEDGER}:3", "LED018") in found, proc.stdout
    assert "credits ines as a reviewer: ines approved it but has no write access to simplon/open-commons" in proc.stdout
    config, _problems = yamlio.load((commons.root / "commons.yaml").read_text(encoding="utf-8"))
    config["ledger"]["reviews_from"] = "writers-and-partners"
    (commons.root / "commons.yaml").write_text(yamlio.dump(config), encoding="utf-8")
    allowed = run(commons.root, "ledger", "verify", env=github(fake_github))
    assert "LED018" not in allowed.stdout and allowed.returncode == 0, allowed.stdout + allowed.stderr


# --- 3. invented reviewers in a force-pushed ledger ----------------------------------------------


def test_invented_reviewers_in_a_force_pushed_ledger_are_caught(commons, history_prs, fake_github) -> None:  # type: ignore[no-untyped-def]
    """Credit-inflation case 3: the ledger branch force-pushed with a reviewer added to PR #2 (kbenali, of
    E2C Lille) and the hash chain recomputed; every commit of the new history only appends, so the
    append-only check alone passes it. GitHub shows no such approval (LED017), and the tip verified before
    is no longer in the branch (LED020)."""
    lines = record_all(commons.root, history_prs)
    (commons.root / LEDGER).write_text("")  # the ledger lives on its branch
    _ledger_branch(commons, lines, "Ledger: #1 to #4", "2024-02-01")
    serve(fake_github, commons, history_prs, permissions=WRITERS)
    assert run(commons.root, "ledger", "verify", "--ledger-ref", "ledger").returncode == 0  # trusted: its tip kept
    commons.repo.git.branch("-f", "ledger", "main")  # the force-push: a new history from main
    forged = _forge(lines, 1, reviewers=[{"login": "kbenali", "partner": "e2c-lille"}])
    _ledger_branch(commons, forged[:2], "Ledger: #1, #2", "2024-02-01")
    _ledger_branch(commons, forged, "Ledger: #3, #4", "2024-02-02")
    text = "".join(line + "\n" for line in forged)
    assert led.check_text(text, LEDGER, registry_of(commons.root)) == []  # the text alone is valid
    proc = run(commons.root, "ledger", "verify", "--ledger-ref", "ledger")
    assert proc.returncode == 1
    assert (LEDGER, "LED020") in codes_at(proc.stdout), proc.stdout
    assert "history of ledger no longer contains" in proc.stdout and "force-pushed" in proc.stdout
    assert "LED014" not in proc.stdout  # each commit of the new history only appends
    # a fresh clone has no tip to compare with: GitHub's reviews decide
    api = run(commons.root, "ledger", "verify", "--ledger-ref", "ledger", "--no-cache", env=github(fake_github))
    assert api.returncode == 1 and (f"{LEDGER}:2", "LED017") in codes_at(api.stdout), api.stdout
    assert "credits kbenali as a reviewer, but GitHub shows no approving review by kbenali" in api.stdout
    # once the rewrite is understood, the new history can be trusted (here: it is still wrong with GitHub)
    reset = run(commons.root, "ledger", "verify", "--ledger-ref", "ledger", "--reset-trust")
    assert "LED020" not in reset.stdout and reset.returncode == 0, reset.stdout


def test_a_local_rebase_that_keeps_the_records_is_no_rewrite(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    """The tip verified before may leave a branch's history without any record changing (a rebase, an
    amended commit): the records verified then are still there, nothing to report."""
    lines = record_all(commons.root, history_prs)
    (commons.root / LEDGER).write_text("")
    _ledger_branch(commons, lines, "Ledger: #1 to #4", "2024-02-01")
    assert run(commons.root, "ledger", "verify", "--ledger-ref", "ledger").returncode == 0
    commons.repo.git.branch("-f", "ledger", "main")
    _ledger_branch(commons, lines, "Ledger: #1 to #4 (amended message)", "2024-02-01")
    proc = run(commons.root, "ledger", "verify", "--ledger-ref", "ledger")
    assert proc.returncode == 0 and "LED020" not in proc.stdout, proc.stdout


# --- 4. a commit titled "(#N)" that is no merged pull request ------------------------------------


def test_a_rebased_commit_titled_with_a_pr_number_counts_nowhere(commons, history_prs, fake_github) -> None:  # type: ignore[no-untyped-def]
    """Credit-inflation case 2: Awa's own commit "… (#12)", rebased onto main, is no merged PR. verify does
    not report it missing (which would ask for a rebuild that bakes it in): a warning says how to ask
    GitHub; rebuild leaves it out; the audit does not count it; with GitHub, nothing is reported."""
    record_all(commons.root, history_prs)
    sha = commons.commit("Variante ajoutée (#12)", {"content/montage/diagnostic.md": "---\nid: montage/diagnostic\n---\nx\n"},
                         when=when("2024-03-01"), author=AWA)
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 0, proc.stdout  # a warning, not an error
    assert (f"{LEDGER}:5", "LED019") in codes_at(proc.stdout) and "LED011" not in proc.stdout
    assert f"commit {sha[:12]}" in proc.stdout and "--token" in proc.stdout
    rebuilt = run(commons.root, "ledger", "rebuild", "--from-git")
    assert [json.loads(line)["pr"] for line in rebuilt.stdout.splitlines()] == [1, 4]  # #2, #3 need GitHub too
    audit = json.loads(run(commons.root, "audit", "--format", "json").stdout)
    assert audit["sources"] == {"ledger": 4, "history": 0}
    serve(fake_github, commons, history_prs, permissions=WRITERS)  # GitHub has no PR #12
    asked = run(commons.root, "ledger", "verify", env=github(fake_github))
    assert asked.returncode == 0 and codes_at(asked.stdout) == [], asked.stdout
    rebuilt = run(commons.root, "ledger", "rebuild", "--from-git", env=github(fake_github))
    assert [json.loads(line)["pr"] for line in rebuilt.stdout.splitlines()] == [1, 2, 3, 4], rebuilt.stderr
    assert json.loads(rebuilt.stdout.splitlines()[2])["author"]["login"] == "awadiallo"  # GitHub names the author


def test_a_squash_merge_github_confirms_counts_in_verify_and_in_the_audit(commons, history_prs, fake_github) -> None:  # type: ignore[no-untyped-def]
    """What counts is the same for verify and the audit: without a token, the merge commits (#1, #4);
    with GitHub, the squash merges it confirms (#2, #3) too; a commit titled (#12) that GitHub denies,
    never."""
    commons.commit("Variante ajoutée (#12)", {"content/montage/diagnostic.md": "x\n"}, when=when("2024-03-01"),
                   author=AWA)
    serve(fake_github, commons, history_prs, permissions=WRITERS)
    audit = run(commons.root, "audit", "--format", "json")
    assert json.loads(audit.stdout)["sources"] == {"ledger": 0, "history": 2}
    assert "3 commit(s) titled like a squash merge '(#N)' not counted" in audit.stderr
    verify = run(commons.root, "ledger", "verify")
    assert sorted(c for _w, c in codes_at(verify.stdout)) == ["LED011", "LED012", "LED019", "LED019", "LED019"]
    audit = run(commons.root, "audit", "--format", "json", env=github(fake_github))
    data = json.loads(audit.stdout)
    assert data["sources"] == {"ledger": 0, "history": 4} and "not counted" not in audit.stderr, audit.stderr
    verify = run(commons.root, "ledger", "verify", env=github(fake_github))
    assert sorted(c for _w, c in codes_at(verify.stdout)) == ["LED011", "LED011", "LED011", "LED012"]
    assert "PR #12" not in verify.stdout


# --- 5. a real squash merge's record deleted ------------------------------------------------------


def test_a_deleted_squash_record_is_still_caught(commons, history_prs, fake_github) -> None:  # type: ignore[no-untyped-def]
    """Not reporting a lone "(#N)" commit as missing must not hide a real squash merge whose record was
    deleted: the ledger's history shows the deletion (LED014), and GitHub confirms the merge (LED011) even
    when the history was made without it from the start."""
    lines = record_all(commons.root, history_prs)
    commons.commit("Ledger", {LEDGER: "".join(line + "\n" for line in lines)}, when=when("2024-02-01"))
    without_2 = _forge([lines[0], *lines[2:]], 1)  # #2's record removed, the chain recomputed
    commons.commit("Ledger: tidy", {LEDGER: "".join(line + "\n" for line in without_2)}, when=when("2024-02-02"))
    proc = run(commons.root, "ledger", "verify")
    assert proc.returncode == 1 and (f"{LEDGER}:2", "LED014") in codes_at(proc.stdout), proc.stdout
    # the same ledger in a history where it never held #2 (a fresh clone of it): only GitHub can tell
    commons.repo.git.reset("-q", "--hard", "HEAD~2")
    commons.commit("Ledger", {LEDGER: "".join(line + "\n" for line in without_2)}, when=when("2024-02-02"))
    alone = run(commons.root, "ledger", "verify", "--no-cache")
    assert alone.returncode == 0 and (f"{LEDGER}:2", "LED019") in codes_at(alone.stdout), alone.stdout
    serve(fake_github, commons, history_prs, permissions=WRITERS)
    asked = run(commons.root, "ledger", "verify", "--no-cache", env=github(fake_github))
    assert asked.returncode == 1 and (f"{LEDGER}:2", "LED011") in codes_at(asked.stdout), asked.stdout


# --- 6. cost ----------------------------------------------------------------------------------


def test_many_records_cost_a_page_per_hundred_pull_requests(commons, fake_github, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """150 records: the closed pull requests are listed (2 pages), not read one by one; the reviews of
    the records crediting reviewers are read (every page: 130 reviews on #10); a second run asks nothing."""
    sha = commons.repo.head.commit.hexsha
    fake_github.add_repo(REPO, commons.root)
    fake_github.set_permission(REPO, "kbenali", "write")
    prs = []
    for n in range(1, 151):
        fake_github.add_pull(REPO, n, head_ref="main", head_sha=sha, user="awadiallo", merged=True,
                             merge_commit_sha=sha)
        reviewers = ("kbenali",) if n % 10 == 0 else ()
        for _ in reviewers:
            fake_github.add_review(REPO, n, user="kbenali")
        prs.append(PullRequest(n, sha, "2023-02-01T10:00:00Z", "awadiallo", (), (), reviewers))
    for i in range(129):
        fake_github.add_review(REPO, 10, user=f"passer-by-{i}", state="COMMENTED")
    registry = registry_of(commons.root)
    lines = parse_text(ledger.rebuild_text(prs, registry))
    from open_commons.github.ledger_facts import connect

    facts = connect("t", REPO, fake_github.url)
    cache: set[str] = set()
    findings, asked, before = ledger.verify_with_github(lines, facts, registry, path=LEDGER, agreed=cache)
    assert (findings, asked, before) == ([], 150, 0)
    listed = fake_github.find_requests("GET", r"/pulls$")
    assert len(listed) == 2 and listed[0].query["state"] == ["closed"]
    assert fake_github.find_requests("GET", r"/pulls/\d+$") == []
    assert len(fake_github.find_requests("GET", r"/pulls/10/reviews$")) == 2  # 130 reviews: two pages
    assert len(fake_github.find_requests("GET", r"/reviews$")) == 16  # 15 records with a reviewer
    assert facts.requests == len(fake_github.requests) == 2 + 16 + 1
    fake_github.reset_requests()
    again = connect("t", REPO, fake_github.url)
    assert ledger.verify_with_github(lines, again, registry, path=LEDGER, agreed=cache) == ([], 0, 150)
    assert fake_github.requests == [] and again.requests == 0
