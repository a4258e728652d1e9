# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Tests of the fake GitHub itself, driven through real PyGithub over HTTP."""

from __future__ import annotations

import base64
import json
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from github import Auth, Github, GithubException, GithubIntegration
from github.GithubException import BadCredentialsException, RateLimitExceededException, UnknownObjectException

from . import FakeGitHub, GitRepo, Ident, init_repo
from .fixtures import UPSTREAM


def _feature(upstream: GitRepo, files: dict[str, str | bytes | None], branch: str = "feature") -> str:
    return upstream.commit_files(branch, files, "Change things", parent=upstream.branch_sha("main"))


def _raw(
    fake: FakeGitHub, method: str, path: str, token: str | None = "t", body: Any = None
) -> tuple[int, dict[str, str], Any]:
    """A request without PyGithub: (status, lower-cased headers, parsed JSON body)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(fake.url + path, data=data, method=method)
    if token is not None:
        req.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, headers, payload = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        status, headers, payload = err.code, dict(err.headers), err.read()
    return status, {k.lower(): v for k, v in headers.items()}, json.loads(payload) if payload else None


def _annotations(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "path": "content/a.md",
            "start_line": i + 1,
            "end_line": i + 1,
            "annotation_level": "warning",
            "message": f"m{i}",
        }
        for i in range(start, start + n)
    ]


# ----------------------------------------------------------------------------- repos, pulls, commits


def test_repo_and_pull_are_computed_from_git(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    head = _feature(
        upstream,
        {
            "content/a.md": "alpha\nBETA\ngamma\ndelta\n",
            "content/new.md": "new\n",
            "README.md": None,
            "img.png": b"\x89PNG\x00\x01\x02",
        },
    )
    fake_github.add_pull(UPSTREAM, 7, head_ref="feature", title="Add things", user="alice")

    repo = gh.get_repo(UPSTREAM)
    assert repo.full_name == UPSTREAM and repo.default_branch == "main" and repo.id > 0
    assert repo.url == f"{fake_github.url}/repos/{UPSTREAM}" and repo.html_url.endswith(UPSTREAM)
    pr = repo.get_pull(7)
    assert (pr.number, pr.title, pr.user.login, pr.state, pr.merged) == (7, "Add things", "alice", "open", False)
    assert pr.head.sha == head and pr.head.ref == "feature" and pr.head.repo.full_name == UPSTREAM
    assert pr.base.sha == upstream.branch_sha("main") and pr.base.ref == "main"
    assert (pr.changed_files, pr.additions, pr.deletions, pr.commits) == (4, 3, 2, 1)
    assert pr.node_id and pr.html_url.endswith("/pull/7") and pr.id > 0

    files = {f.filename: f for f in pr.get_files()}
    assert files["content/a.md"].status == "modified"
    assert files["content/a.md"].patch == "@@ -1,3 +1,4 @@\n alpha\n-beta\n+BETA\n gamma\n+delta"
    assert (files["content/a.md"].additions, files["content/a.md"].deletions, files["content/a.md"].changes) == (
        2,
        1,
        3,
    )
    assert files["content/a.md"].sha == upstream.hash_blob(b"alpha\nBETA\ngamma\ndelta\n")
    assert files["content/new.md"].status == "added"
    assert files["README.md"].status == "removed" and files["README.md"].sha == upstream.hash_blob(b"# Commons\n")
    assert files["img.png"].status == "added" and files["img.png"].patch is None
    assert "patch" not in files["img.png"].raw_data

    commits = list(pr.get_commits())
    assert [c.sha for c in commits] == [head]
    assert commits[0].commit.message == "Change things" and commits[0].parents[0].sha == upstream.branch_sha("main")


def test_renames_and_pull_following_pushes_then_merge(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    _feature(upstream, {"content/a.md": None, "content/b.md": "alpha\nbeta\ngamma\n"})
    fake_github.add_pull(UPSTREAM, 1, head_ref="feature")
    files = list(gh.get_repo(UPSTREAM).get_pull(1).get_files())
    assert [(f.filename, f.status, f.previous_filename) for f in files] == [("content/b.md", "renamed", "content/a.md")]

    pushed = upstream.commit_files("feature", {"content/c.md": "c\n"}, "Second commit")
    pr = gh.get_repo(UPSTREAM).get_pull(1)
    assert pr.head.sha == pushed and pr.commits == 2

    # merge for real in git, then tell the fake: the PR keeps its diff
    base_before = upstream.branch_sha("main")
    assert base_before is not None
    tree = upstream.run("rev-parse", f"{pushed}^{{tree}}").decode().strip()
    merge = upstream.run("commit-tree", tree, "-p", base_before, "-p", pushed, "-m", "Merge #1").decode().strip()
    upstream.update_ref("refs/heads/main", merge)
    fake_github.set_pull(UPSTREAM, 1, merged=True, merge_commit_sha=merge, merged_by="maintainer")
    pr = gh.get_repo(UPSTREAM).get_pull(1)
    assert pr.merged and pr.state == "closed" and pr.merge_commit_sha == merge and pr.merged_by.login == "maintainer"
    assert pr.base.sha == base_before and pr.head.sha == pushed
    assert {f.filename for f in pr.get_files()} == {"content/b.md", "content/c.md"}


def test_pull_from_a_fork(tmp_path: Path, fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fork_dir = tmp_path / "fork.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(upstream.path), str(fork_dir)], check=True, capture_output=True)
    fork = fake_github.add_repo("alice/commons", fork_dir, fork_of=UPSTREAM)
    head = fork.commit_files("idea", {"content/idea.md": "idea\n"}, "An idea", parent=fork.branch_sha("main"))
    fake_github.add_pull(UPSTREAM, 3, head_ref="idea", head_repo="alice/commons", user="alice")

    pr = gh.get_repo(UPSTREAM).get_pull(3)
    assert pr.head.repo.full_name == "alice/commons" and pr.head.label == "alice:idea" and pr.head.sha == head
    assert pr.head.repo.fork and pr.base.repo.full_name == UPSTREAM
    assert [f.filename for f in pr.get_files()] == ["content/idea.md"]
    assert gh.get_repo("alice/commons").parent.full_name == UPSTREAM
    comparison = gh.get_repo(UPSTREAM).compare("main", "alice:idea")
    assert comparison.ahead_by == 1 and comparison.files[0].filename == "content/idea.md"


def test_pull_files_paginate_over_several_pages(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    _feature(upstream, {f"content/f{i:03}.md": f"{i}\n" for i in range(75)})
    fake_github.add_pull(UPSTREAM, 2, head_ref="feature")
    pr = gh.get_repo(UPSTREAM).get_pull(2)
    fake_github.reset_requests()

    names = [f.filename for f in pr.get_files()]
    assert names == [f"content/f{i:03}.md" for i in range(75)]
    pages = fake_github.find_requests("GET", r"/pulls/2/files$")
    assert [r.param("page") for r in pages] == [None, "2", "3"]
    assert pr.get_files().totalCount == 75

    status, headers, body = _raw(fake_github, "GET", f"/repos/{UPSTREAM}/pulls/2/files?per_page=50")
    assert status == 200 and len(body) == 50
    assert 'rel="next"' in headers["link"] and "page=2" in headers["link"] and 'rel="last"' in headers["link"]
    status, headers, body = _raw(fake_github, "GET", f"/repos/{UPSTREAM}/pulls/2/files?per_page=500")
    assert len(body) == 75 and "link" not in headers  # per_page is capped at 100


def test_pull_commits_stop_at_250(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    stream = []
    for i in range(260):
        msg, content = f"commit {i}\n".encode(), f"{i}\n".encode()
        stream.append(b"commit refs/heads/long\ncommitter A <a@example.org> %d +0000\n" % (1_700_000_000 + i))
        stream.append(b"data %d\n%s" % (len(msg), msg))
        if i == 0:
            stream.append(f"from {upstream.branch_sha('main')}\n".encode())
        stream.append(b"M 100644 inline counter.txt\ndata %d\n%s\n" % (len(content), content))
    upstream.run("fast-import", "--quiet", input=b"".join(stream))
    fake_github.add_pull(UPSTREAM, 4, head_ref="long")
    pr = gh.get_repo(UPSTREAM).get_pull(4)
    assert pr.commits == 260
    messages = [c.commit.message for c in pr.get_commits()]
    assert len(messages) == 250 and messages[0] == "commit 0" and messages[-1] == "commit 249"


def test_compare_and_commit(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    base0 = upstream.branch_sha("main")
    _feature(upstream, {"content/x.md": "x\n"})
    upstream.commit_files("feature", {"content/y.md": "y\n"}, "Second")
    upstream.commit_files("main", {"README.md": "# Changed\n"}, "Main moves")
    repo = gh.get_repo(UPSTREAM)

    cmp = repo.compare("main", "feature")
    assert (cmp.status, cmp.ahead_by, cmp.behind_by, cmp.total_commits) == ("diverged", 2, 1, 2)
    assert cmp.merge_base_commit.sha == base0 and cmp.base_commit.sha == upstream.branch_sha("main")
    assert [c.commit.message for c in cmp.commits] == ["Change things", "Second"]
    assert sorted(f.filename for f in cmp.files) == ["content/x.md", "content/y.md"]
    assert repo.compare(base0, "feature").status == "ahead"
    assert repo.compare("feature", base0).status == "behind"
    assert repo.compare("main", "main").status == "identical"
    with pytest.raises(UnknownObjectException):
        repo.compare("main", "no-such-branch")

    commit = repo.get_commit("feature")
    assert commit.sha == upstream.branch_sha("feature") and [f.filename for f in commit.files] == ["content/y.md"]
    assert commit.stats.additions == 1 and commit.stats.total == 1
    with pytest.raises(GithubException) as err:
        repo.get_commit("0" * 40)
    assert err.value.status == 422


def test_branches_and_refs(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    repo = gh.get_repo(UPSTREAM)
    main = upstream.branch_sha("main")
    branch = repo.get_branch("main")
    assert branch.name == "main" and branch.commit.sha == main and branch.protected is False
    ref = repo.get_git_ref("heads/main")
    assert ref.ref == "refs/heads/main" and ref.object.sha == main and ref.object.type == "commit"
    assert fake_github.find_requests("GET", r"/git/ref/heads/main$")  # the singular form

    created = repo.create_git_ref("refs/heads/bot/update", main)
    assert created.ref == "refs/heads/bot/update" and upstream.branch_sha("bot/update") == main
    assert repo.get_branch("bot/update").commit.sha == main
    with pytest.raises(GithubException) as err:
        repo.create_git_ref("refs/heads/bot/update", main)
    assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        repo.get_branch("nope")
    assert err.value.status == 404
    with pytest.raises(UnknownObjectException):
        repo.get_git_ref("heads/nope")


# ----------------------------------------------------------------------------- check runs


def test_check_run_with_120_annotations_in_three_batches(
    fake_github: FakeGitHub, gh: Github, upstream: GitRepo
) -> None:
    repo = gh.get_repo(UPSTREAM)
    sha = upstream.branch_sha("main")
    assert sha is not None
    run = repo.create_check_run(
        name="commons/check",
        head_sha=sha,
        status="in_progress",
        output={"title": "Checking", "summary": "batch 1", "annotations": _annotations(50)},
    )
    assert run.status == "in_progress" and run.conclusion is None and run.head_sha == sha
    run.edit(output={"title": "Checking", "summary": "batch 2", "annotations": _annotations(50, 50)})
    run.edit(
        status="completed",
        conclusion="failure",
        output={"title": "3 problems", "summary": "done", "text": "details", "annotations": _annotations(20, 100)},
    )
    assert run.status == "completed" and run.conclusion == "failure" and run.completed_at is not None
    assert run.output.title == "3 problems" and run.output.annotations_count == 120

    again = repo.get_check_run(run.id)
    assert again.output.summary == "done" and again.output.text == "details"
    messages = [a.message for a in again.get_annotations()]
    assert messages == [f"m{i}" for i in range(120)]
    assert len(fake_github.find_requests("GET", rf"/check-runs/{run.id}/annotations$")) == 4  # 30 per page
    assert len(fake_github.annotations(UPSTREAM, run.id)) == 120


def test_check_run_rejects_51_annotations(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    repo = gh.get_repo(UPSTREAM)
    sha = upstream.branch_sha("main")
    assert sha is not None
    output: dict[str, Any] = {"title": "t", "summary": "s", "annotations": _annotations(51)}
    with pytest.raises(GithubException) as err:
        repo.create_check_run(name="c", head_sha=sha, output=output)
    assert err.value.status == 422
    assert fake_github.check_runs(UPSTREAM) == []

    run = repo.create_check_run(
        name="c", head_sha=sha, output={"title": "t", "summary": "s", "annotations": _annotations(3)}
    )
    with pytest.raises(GithubException) as err:
        run.edit(output=output)
    assert err.value.status == 422
    assert repo.get_check_run(run.id).output.annotations_count == 3
    with pytest.raises(GithubException) as err:  # completed needs a conclusion
        run.edit(status="completed")
    assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        repo.create_check_run(name="c", head_sha="f" * 40)
    assert err.value.status == 422
    # the three invalid bodies diverge from GitHub's description (51 > maxItems 50; completed without conclusion)
    found = fake_github.take_divergences()
    assert len(found) == 3 and any("maxItems" in d or "too long" in d or "annotations" in d for d in found)
    assert any("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id} request" in d for d in found)


def test_check_runs_for_a_ref(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    repo = gh.get_repo(UPSTREAM)
    sha = upstream.branch_sha("main")
    assert sha is not None
    first = repo.create_check_run(name="a", head_sha=sha, conclusion="success")
    repo.create_check_run(name="b", head_sha=sha)
    latest = repo.create_check_run(name="a", head_sha=sha, status="queued")
    commit = repo.get_commit(sha)
    assert {r.name for r in commit.get_check_runs()} == {"a", "b"}
    assert [r.id for r in commit.get_check_runs(check_name="a")] == [latest.id]
    assert {r.id for r in commit.get_check_runs(check_name="a", filter="all")} == {first.id, latest.id}
    assert repo.get_commit(sha).get_check_runs(status="completed").totalCount == 0  # the latest "a" is queued


# ----------------------------------------------------------------------------- issues, comments, labels


def test_comments_paginate_and_carry_the_token_user(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    _feature(upstream, {"x.md": "x\n"})
    fake_github.add_pull(UPSTREAM, 5, head_ref="feature")
    for i in range(70):
        fake_github.add_comment(UPSTREAM, 5, f"human {i}", user="bob")
    pr = gh.get_repo(UPSTREAM).get_pull(5)
    mine = pr.create_issue_comment("<!-- commons-bot -->\nReport")
    assert mine.user.login == "open-commons[bot]" and mine.user.type == "Bot"

    fake_github.reset_requests()
    comments = list(pr.get_issue_comments())
    assert len(comments) == 71 and comments[0].body == "human 0" and comments[0].user.type == "User"
    assert [r.param("page") for r in fake_github.find_requests("GET", r"/issues/5/comments$")] == [None, "2", "3"]
    assert pr.get_issue_comments().totalCount == 71

    mine.edit("Report v2")
    assert gh.get_repo(UPSTREAM).get_issue(5).get_comment(mine.id).body == "Report v2"
    mine.delete()
    with pytest.raises(UnknownObjectException):
        gh.get_repo(UPSTREAM).get_issue(5).get_comment(mine.id)
    assert len(fake_github.comments(UPSTREAM, 5)) == 70
    with pytest.raises(GithubException) as err:
        pr.create_issue_comment("x" * 65537)
    assert err.value.status == 422


def test_labels_add_remove_and_404(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.add_issue(UPSTREAM, 9, title="Question")
    fake_github.add_label(UPSTREAM, "needs-review", color="fbca04")
    issue = gh.get_repo(UPSTREAM).get_issue(9)
    issue.add_to_labels("needs-review", "licence:ok")
    assert [lab.name for lab in issue.get_labels()] == ["needs-review", "licence:ok"]
    assert fake_github.labels(UPSTREAM) == ["needs-review", "licence:ok"]  # created on the fly, like GitHub
    issue.remove_from_labels("needs-review")
    assert fake_github.issue_labels(UPSTREAM, 9) == ["licence:ok"]
    with pytest.raises(GithubException) as err:
        issue.remove_from_labels("needs-review")
    assert err.value.status == 404 and err.value.data["message"] == "Label does not exist"
    issue.set_labels("a", "b")
    assert fake_github.issue_labels(UPSTREAM, 9) == ["a", "b"]
    # PyGithub sends bare arrays: GitHub still takes them, its description only has {"labels": [...]}
    assert [d.split(" request")[0] for d in fake_github.take_divergences()] == [
        "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
        "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels",
    ]
    issue.delete_labels()
    assert fake_github.issue_labels(UPSTREAM, 9) == []

    repo = gh.get_repo(UPSTREAM)
    label = repo.create_label("triage", "ff0000", "To triage")
    assert label.name == "triage" and repo.get_label("triage").color == "ff0000"
    with pytest.raises(GithubException) as err:
        repo.create_label("Triage", "00ff00")
    assert err.value.status == 422
    with pytest.raises(UnknownObjectException):
        repo.get_label("nope")
    assert {lab.name for lab in repo.get_labels()} >= {"triage", "a", "b"}


def test_issue_and_reviews(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    head = _feature(upstream, {"x.md": "x\n"})
    fake_github.add_pull(UPSTREAM, 6, head_ref="feature", labels=["new"])
    fake_github.add_review(UPSTREAM, 6, user="carol", state="CHANGES_REQUESTED", body="fix")
    fake_github.add_review(UPSTREAM, 6, user="dave")
    issue = gh.get_repo(UPSTREAM).get_issue(6)
    assert issue.pull_request is not None and [lab.name for lab in issue.labels] == ["new"]
    reviews = list(gh.get_repo(UPSTREAM).get_pull(6).get_reviews())
    assert [(r.user.login, r.state, r.commit_id) for r in reviews] == [
        ("carol", "CHANGES_REQUESTED", head),
        ("dave", "APPROVED", head),
    ]
    with pytest.raises(UnknownObjectException):
        gh.get_repo(UPSTREAM).get_pull(99)


# ----------------------------------------------------------------------------- contents


def test_contents_read_and_write_for_real(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    repo = gh.get_repo(UPSTREAM)
    upstream.commit_files("ledger", {"ledger/entries.yaml": "- one\n"}, "Ledger", parent=upstream.branch_sha("main"))
    current = repo.get_contents("ledger/entries.yaml", ref="ledger")
    assert not isinstance(current, list)
    assert current.decoded_content == b"- one\n" and current.sha == upstream.hash_blob(b"- one\n")
    assert current.encoding == "base64" and current.path == "ledger/entries.yaml"
    listing = repo.get_contents("content")
    assert isinstance(listing, list) and [(c.name, c.type) for c in listing] == [("a.md", "file")]

    result = repo.update_file("ledger/entries.yaml", "Add two", "- one\n- two\n", current.sha, branch="ledger")
    new_sha = result["commit"].sha
    assert upstream.branch_sha("ledger") == new_sha
    shown = subprocess.run(
        ["git", "--git-dir", str(upstream.path), "show", "ledger:ledger/entries.yaml"], capture_output=True, check=True
    ).stdout
    assert shown == b"- one\n- two\n"
    assert result["content"].sha == upstream.hash_blob(b"- one\n- two\n")
    info = upstream.commit(new_sha)
    assert info.message == "Add two" and info.author_name == "open-commons[bot]"

    with pytest.raises(GithubException) as err:  # stale sha: someone else wrote in between
        repo.update_file("ledger/entries.yaml", "Again", "- three\n", current.sha, branch="ledger")
    assert err.value.status == 409
    assert upstream.branch_sha("ledger") == new_sha
    status, _, body = _raw(
        fake_github,
        "PUT",
        f"/repos/{UPSTREAM}/contents/ledger/entries.yaml",
        body={"message": "m", "content": base64.b64encode(b"x").decode(), "branch": "ledger"},
    )
    assert status == 422 and "sha" in body["message"]

    created = repo.create_file("ledger/new.yaml", "Create", "new: true\n", branch="ledger")
    assert upstream.read_file("ledger", "ledger/new.yaml") == b"new: true\n"
    assert fake_github.find_requests("PUT", r"/contents/ledger/new\.yaml$")[-1].status == 201
    repo.delete_file("ledger/new.yaml", "Remove", created["content"].sha, branch="ledger")
    assert upstream.read_file("ledger", "ledger/new.yaml") is None
    assert upstream.read_file("main", "ledger/entries.yaml") is None  # other branches untouched
    with pytest.raises(UnknownObjectException):
        repo.get_contents("nope.md")


# ----------------------------------------------------------------------------- faults


def test_fault_502_once_then_success_without_state_change(
    fake_github: FakeGitHub, gh: Github, upstream: GitRepo
) -> None:
    repo = gh.get_repo(UPSTREAM)
    sha = upstream.branch_sha("main")
    assert sha is not None
    run = repo.create_check_run(name="c", head_sha=sha, status="in_progress")
    fault = fake_github.inject("PATCH", r"/check-runs/\d+", status=502)
    with pytest.raises(GithubException) as err:
        run.edit(conclusion="success")
    assert err.value.status == 502
    assert repo.get_check_run(run.id).status == "in_progress"  # the fault did not touch the state
    run.edit(conclusion="success")
    assert run.conclusion == "success"
    assert fault.served == 1 and fault.remaining == 0 and fake_github.faults_served == 1
    assert [r.status for r in fake_github.find_requests("PATCH")] == [502, 200]
    assert fake_github.find_requests("PATCH")[0].fault

    fake_github.inject("POST", r"/issues/\d+/comments$", status=500, times=2)
    fake_github.add_issue(UPSTREAM, 1)
    issue = repo.get_issue(1)
    for _ in range(2):
        with pytest.raises(GithubException):
            issue.create_comment("x")
    issue.create_comment("x")
    assert len(fake_github.comments(UPSTREAM, 1)) == 1


def test_rate_limit_faults(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.inject("GET", rf"^/repos/{UPSTREAM}$", rate_limit="primary", headers={"Retry-After": "7"})
    with pytest.raises(RateLimitExceededException) as err:
        gh.get_repo(UPSTREAM)
    assert err.value.status == 403
    assert err.value.headers is not None
    assert err.value.headers["retry-after"] == "7" and err.value.headers["x-ratelimit-remaining"] == "0"

    fake_github.inject(None, r"/repos/", rate_limit="secondary")
    with pytest.raises(RateLimitExceededException) as err:
        gh.get_repo(UPSTREAM)
    assert err.value.headers is not None and err.value.headers["retry-after"] == "1"
    assert "secondary rate limit" in err.value.data["message"]
    assert gh.get_repo(UPSTREAM).full_name == UPSTREAM

    fake_github.inject("GET", r"^/repos/", status=403)
    with pytest.raises(GithubException) as err2:
        gh.get_repo(UPSTREAM)
    assert err2.value.status == 403 and not isinstance(err2.value, RateLimitExceededException)


def test_faults_on_every_method_until_cleared(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fault = fake_github.inject(None, r"/repos/", status=500, times=None)
    for _ in range(3):
        with pytest.raises(GithubException):
            gh.get_repo(UPSTREAM)
    assert fault.served == 3 and fault.remaining is None
    fake_github.clear_faults()
    assert gh.get_repo(UPSTREAM).name == "commons"


def test_concurrent_writes(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    fake_github.add_issue(UPSTREAM, 1)

    def post(i: int) -> int:
        return int(_raw(fake_github, "POST", f"/repos/{UPSTREAM}/issues/1/comments", body={"body": f"c{i}"})[2]["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(post, range(24)))
    assert len(set(ids)) == 24
    assert sorted(c["body"] for c in fake_github.comments(UPSTREAM, 1)) == sorted(f"c{i}" for i in range(24))


def test_slow_answers(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.inject("GET", r"^/repos/", status=None, delay=0.3)
    started = time.monotonic()
    assert gh.get_repo(UPSTREAM).name == "commons"
    assert time.monotonic() - started >= 0.3
    assert fake_github.requests[-1].status == 200 and not fake_github.requests[-1].fault


def test_rate_limit_headers_and_unknown_endpoints(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    status, headers, body = _raw(fake_github, "GET", "/repos/open-commons/commons/no-such-thing")
    assert status == 404 and body["message"] == "Not Found" and body["documentation_url"].startswith("https://")
    assert headers["x-ratelimit-limit"] == "5000" and int(headers["x-ratelimit-reset"]) > time.time()
    first = int(headers["x-ratelimit-remaining"])
    _, headers, _ = _raw(fake_github, "GET", f"/repos/{UPSTREAM}")
    assert int(headers["x-ratelimit-remaining"]) == first - 1
    status, _, body = _raw(fake_github, "GET", "/repos/open-commons/missing")
    assert status == 404
    assert fake_github.take_divergences() == [
        "GET /repos/open-commons/commons/no-such-thing: no such operation in GitHub's description"
    ]


def test_requests_are_recorded(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.add_issue(UPSTREAM, 2)
    gh.get_repo(UPSTREAM).get_issue(2).create_comment("hello")
    post = fake_github.find_requests("POST")[-1]
    assert post.path == f"/repos/{UPSTREAM}/issues/2/comments" and post.json == {"body": "hello"}
    assert post.status == 201 and post.login == "open-commons[bot]" and post.header("authorization") == "token t"
    fake_github.reset_requests()
    assert fake_github.requests == []


# ----------------------------------------------------------------------------- auth, permissions, app


def test_bad_and_missing_tokens(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    bad = Github(base_url=fake_github.url, auth=Auth.Token("nope"), retry=None, seconds_between_requests=0)
    with pytest.raises(BadCredentialsException) as err:
        bad.get_repo(UPSTREAM)
    assert err.value.status == 401
    status, _, body = _raw(fake_github, "GET", f"/repos/{UPSTREAM}", token=None)
    assert status == 401 and body["message"] == "Requires authentication"
    fake_github.add_token("short", "erin", expires_in=60)
    fake_github.expire_token("short")
    assert _raw(fake_github, "GET", f"/repos/{UPSTREAM}", token="short")[0] == 401


def test_users_and_permissions(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.add_user("maintainer", name="Mai Ntainer")
    fake_github.set_permission(UPSTREAM, "maintainer", "maintain")
    fake_github.set_permission(UPSTREAM, "outsider", "none")
    repo = gh.get_repo(UPSTREAM)
    assert repo.get_collaborator_permission("maintainer") == "write"
    assert repo.get_collaborator_role_name("maintainer") == "maintain"
    assert repo.get_collaborator_permission("outsider") == "none"
    assert repo.get_collaborator_permission("open-commons") == "admin"  # the owner
    with pytest.raises(UnknownObjectException):
        repo.get_collaborator_permission("ghost-user")
    me = gh.get_user()
    assert me.login == "open-commons[bot]" and me.type == "Bot"
    assert gh.get_user("maintainer").name == "Mai Ntainer"

    private = init_repo(upstream.path.parent / "private.git")
    private.commit_files("main", {"a": "a"}, "init")
    fake_github.add_repo("open-commons/secret", private.path, private=True)
    with pytest.raises(UnknownObjectException):
        gh.get_repo("open-commons/secret")
    fake_github.set_permission("open-commons/secret", "open-commons[bot]", "read")
    assert gh.get_repo("open-commons/secret").private


def test_app_installation_token_flow(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    fake_github.add_app(4242, slug="open-commons", public_key=public_pem)
    fake_github.add_installation(77, account="open-commons")
    fake_github.add_issue(UPSTREAM, 1)

    integration = GithubIntegration(auth=Auth.AppAuth(4242, private_pem), base_url=fake_github.url)
    app = integration.get_app()
    assert app.slug == "open-commons" and app.id == 4242
    installation = integration.get_repo_installation("open-commons", "commons")
    assert installation.id == 77
    token = integration.get_access_token(77)
    assert token.token.startswith("ghs_") and token.expires_at.timestamp() > time.time()
    assert fake_github.installation_tokens(77) == [token.token]

    g = Github(
        base_url=fake_github.url,
        auth=Auth.AppAuth(4242, private_pem).get_installation_auth(77),
        retry=None,
        seconds_between_requests=0,
        seconds_between_writes=0,
    )
    comment = g.get_repo(UPSTREAM).get_issue(1).create_comment("from the app")
    assert comment.user.login == "open-commons[bot]" and comment.user.type == "Bot"
    assert comment.performed_via_github_app is not None and comment.performed_via_github_app.slug == "open-commons"
    assert (fake_github.find_requests("POST", r"/comments$")[-1].header("authorization") or "").startswith("token ghs_")

    other = GithubIntegration(auth=Auth.AppAuth(4242, _other_key()), base_url=fake_github.url)
    with pytest.raises(GithubException) as err:
        other.get_app()
    assert err.value.status == 401
    with pytest.raises(GithubException) as err:  # a user token on an App endpoint
        Github(base_url=fake_github.url, auth=Auth.Token("t"), retry=None).requester.requestJsonAndCheck("GET", "/app")
    assert err.value.status == 401

    lonely = init_repo(upstream.path.parent / "elsewhere.git")
    lonely.commit_files("main", {"a": "a"}, "init")
    fake_github.add_repo("someone/else", lonely.path)
    with pytest.raises(UnknownObjectException):  # not in the installation
        g.get_repo("someone/else")
    with pytest.raises(UnknownObjectException):
        integration.get_repo_installation("someone", "else")


def _other_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def test_git_repo_helpers(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r.git")
    first = repo.commit_files("main", {"a/b.txt": "b\n"}, "one", author=Ident("Ann", "ann@example.org"))
    second = repo.commit_files("main", {"a/b.txt": None, "c.txt": b"c"}, "two")
    assert repo.branches() == ["main"] and repo.branch_sha("main") == second
    assert repo.read_file(first, "a/b.txt") == b"b\n" and repo.read_file("main", "a/b.txt") is None
    assert repo.commit(first).author_name == "Ann" and repo.commit(second).parents == (first,)
    assert repo.resolve("main~1") == first and repo.resolve("--help") is None
    assert [c.status for c in repo.diff(first, second)] == ["removed", "added"]
