# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The fake GitHub against GitHub's published contract (the vendored OpenAPI description) and the
behaviours of GitHub the fake must have: large files, rulesets, permissions, check-run ownership."""

from __future__ import annotations

import base64
import json
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from github import Auth, Github, GithubException, GithubIntegration

from . import FakeGitHub, GitRepo
from .contract import DESCRIPTION, contract
from .fixtures import UPSTREAM

ROOT = Path(__file__).resolve().parents[2]


def _raw(fake: FakeGitHub, method: str, path: str, token: str = "t", body: Any = None,
         accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(fake.url + path, data=data, method=method)
    req.add_header("Authorization", f"token {token}")
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


# ----------------------------------------------------------------------------- the description itself


def test_the_vendored_description_records_its_provenance_and_licence() -> None:
    source = contract().source
    assert source["package"] == "@octokit/openapi" and source["license"] == "MIT"
    assert source["version"] and source["file"] == "generated/api.github.com.json"
    annotations = tomllib.loads((ROOT / "REUSE.toml").read_text(encoding="utf-8"))["annotations"]
    vendored = str(DESCRIPTION.relative_to(ROOT))
    entry = next(a for a in annotations if vendored in a["path"])
    assert entry["SPDX-License-Identifier"] == "MIT" and (ROOT / "LICENSES" / "MIT.txt").is_file()


def test_every_route_of_the_fake_is_an_operation_of_the_description(fake_github: FakeGitHub) -> None:
    """Each route the fake serves maps to one documented operation (the legacy plural ``GET git/refs/{ref}``
    excepted: GitHub still answers it, its description does not have it)."""
    terms = contract()
    samples = {
        r"/user": "/user", r"/users/([^/]+)": "/users/u", r"/rate_limit": "/rate_limit", r"/app": "/app",
        r"/apps/([^/]+)": "/apps/s", r"/app/installations": "/app/installations",
        r"/app/installations/(\d+)": "/app/installations/1",
        r"/app/installations/(\d+)/access_tokens": "/app/installations/1/access_tokens",
    }
    missing = []
    for route in fake_github._routes:
        pattern = route.pattern.pattern
        path = samples.get(pattern)
        if path is None:
            path = (pattern.replace("/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)", "/repos/o/r")
                    .replace("/orgs/(?P<org>[^/]+)/teams/(?P<team>[^/]+)", "/orgs/o/teams/t")
                    .replace(r"(\d+)", "1").replace("([^/]+)", "x").replace("([0-9a-fA-F]+)", "ab12")
                    .replace("(.+)", "main").replace("/?", ""))
        if terms.operation(route.method, path) is None:
            missing.append(f"{route.method} {path}")
    # the root folder (no {path}) and the legacy plural GET of a ref: served by GitHub, not described
    assert missing == ["GET /repos/o/r/git/refs/main", "GET /repos/o/r/contents"]


# GitHub's own examples that break its own schemas (a required key missing, mostly): the schema is
# what the fake is held to; these are listed so that a new one is noticed.
KNOWN_WRONG_EXAMPLES = [
    "base-installation-items",  # account lacks keys of simple-user
    "branch-protection",  # required_status_checks without checks, teams[0] without type
    "commit",  # files[0] without contents_url
    "full-repository-default-response",  # source without language
    "issues/get-200-default",  # without assignee
    "issues/get-200-pinned_comment",
    "pull-request",  # requested_teams[0] without type
    "pull-request-simple-items",
    "repository-collaborator-permission-response-if-user-has-admin-permissions",  # user without role_name
    "team-full",  # organization without archived_at and type
]


def test_the_documented_examples_match_their_own_schemas() -> None:
    """The OpenAPI 3.0 -> JSON Schema conversion keeps GitHub's own examples valid."""
    terms = contract()
    checked = 0
    wrong: list[str] = []
    for op in terms.operations:
        for response in op.spec["responses"].values():
            for content in response["content"].values():
                for name in content.get("examples", []):
                    example = terms.examples[name]
                    if example is None:
                        continue
                    errors = terms.errors(content["schema"], example)
                    if errors:
                        wrong.append(name)
                    checked += 1
    assert checked >= 30
    assert sorted(wrong) == KNOWN_WRONG_EXAMPLES


def _missing_keys(example: Any, actual: Any, where: str = "") -> list[str]:
    """Keys GitHub's example has and the fake's answer lacks (recursively; lists by their first item)."""
    out: list[str] = []
    if isinstance(example, dict) and isinstance(actual, dict):
        for key, value in example.items():
            if key not in actual:
                out.append(f"{where}/{key}")
            elif actual[key] is not None:
                out += _missing_keys(value, actual[key], f"{where}/{key}")
    elif isinstance(example, list) and isinstance(actual, list) and example and actual:
        out += _missing_keys(example[0], actual[0], f"{where}[0]")
    return out


def test_the_fake_answers_like_the_documented_examples(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    """For the answers the bot reads most, every key of GitHub's documented example is in the fake's."""
    sha = upstream.commit_files("feature", {"content/b.md": "b\n"}, "Add b", parent=upstream.branch_sha("main"))
    fake_github.add_pull(UPSTREAM, 3, head_ref="feature")
    repo = gh.get_repo(UPSTREAM)
    run = repo.create_check_run(name="c", head_sha=sha, status="in_progress")
    comment = repo.get_issue(3).create_comment("hello")
    repo.create_label("bug", "ff0000")
    blob = fake_github.git(UPSTREAM).hash_blob(b"b\n")
    terms = contract()
    answers = {
        ("GET /repos/{owner}/{repo}/pulls/{pull_number}", f"/repos/{UPSTREAM}/pulls/3", "pull-request"),
        ("GET /repos/{owner}/{repo}/check-runs/{check_run_id}", f"/repos/{UPSTREAM}/check-runs/{run.id}",
         "check-run"),
        ("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", f"/repos/{UPSTREAM}/commits/{sha}/check-runs",
         "check-run-paginated"),
        ("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", f"/repos/{UPSTREAM}/issues/comments/{comment.id}",
         "issue-comment"),
        ("GET /repos/{owner}/{repo}/labels/{name}", f"/repos/{UPSTREAM}/labels/bug", "label"),
        ("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", f"/repos/{UPSTREAM}/git/blobs/{blob}", "blob"),
        ("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", f"/repos/{UPSTREAM}/pulls/3/files",
         "diff-entry-items"),
        ("GET /repos/{owner}/{repo}/collaborators/{username}/permission",
         f"/repos/{UPSTREAM}/collaborators/open-commons[bot]/permission", "repository-collaborator-permission-response-if-user-has-admin-permissions"),
    }
    for key, path, example_name in sorted(answers):
        op = terms.by_key(key)
        assert example_name in op.spec["responses"]["200"]["content"]["application/json"]["examples"], key
        status, _, payload = _raw(fake_github, "GET", path)
        assert status == 200, (key, payload)
        missing = _missing_keys(terms.examples[example_name], json.loads(payload))
        assert missing == [], f"{key}: the fake lacks {missing}"


# ----------------------------------------------------------------------------- divergences fail the test


def test_a_wrong_field_in_a_request_fails_the_test(upstream: GitRepo) -> None:
    """An empty labels list (minItems 1) and an unknown query parameter: the fake answers, the contract
    records both, and leaving the fake fails."""
    with pytest.raises(AssertionError, match="diverged from GitHub's OpenAPI description"), FakeGitHub() as fake:
        fake.add_repo(UPSTREAM, upstream.path)
        fake.add_issue(UPSTREAM, 4)
        status, _, _ = _raw(fake, "POST", f"/repos/{UPSTREAM}/issues/4/labels", body={"labels": []})
        assert status == 200  # the fake alone lets it through
        status, _, _ = _raw(fake, "GET", f"/repos/{UPSTREAM}/pulls?stat=open")
        assert status == 200
        assert [d.split(":")[0] for d in fake.divergences] == [
            "POST /repos/{owner}/{repo}/issues/{issue_number}/labels request",
            "GET /repos/{owner}/{repo}/pulls",
        ]


def test_a_wrong_answer_of_the_fake_is_a_divergence(fake_github: FakeGitHub, upstream: GitRepo,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = fake_github._label_json

    def broken(r: Any, name: str) -> dict[str, Any]:
        out = real(r, name)
        out["color"] = 0xFF0000  # an integer where GitHub answers a string
        return out

    monkeypatch.setattr(fake_github, "_label_json", broken)
    fake_github.add_label(UPSTREAM, "bug")
    assert _raw(fake_github, "GET", f"/repos/{UPSTREAM}/labels/bug")[0] == 200
    assert fake_github.take_divergences() == [
        "GET /repos/{owner}/{repo}/labels/{name} 200: color: 16711680 is not of type 'string'"]


# ----------------------------------------------------------------------------- contents past 1 MB


def test_contents_past_one_megabyte_need_the_raw_or_object_media_type(fake_github: FakeGitHub, gh: Github,
                                                                      upstream: GitRepo) -> None:
    big = b"x" * (1024 * 1024) + b"\n"
    upstream.commit_files("main", {"big.txt": big}, "A big file")
    path = f"/repos/{UPSTREAM}/contents/big.txt"
    status, _, payload = _raw(fake_github, "GET", path)
    body = json.loads(payload)
    assert status == 403 and body["errors"] == [{"resource": "Blob", "field": "data", "code": "too_large"}]
    assert "Git Data API" in body["message"]
    with pytest.raises(GithubException) as err:  # what PyGithub's get_contents meets
        gh.get_repo(UPSTREAM).get_contents("big.txt")
    assert err.value.status == 403

    status, headers, payload = _raw(fake_github, "GET", path, accept="application/vnd.github.raw+json")
    assert status == 200 and payload == big and "json" not in headers["content-type"].split(";")[0][-5:]
    status, _, payload = _raw(fake_github, "GET", path, accept="application/vnd.github.object+json")
    entry = json.loads(payload)
    assert status == 200 and entry["encoding"] == "none" and entry["content"] == "" and entry["size"] == len(big)
    status, _, payload = _raw(fake_github, "GET", f"/repos/{UPSTREAM}/git/blobs/{entry['sha']}")
    blob = json.loads(payload)
    assert status == 200 and base64.b64decode(blob["content"]) == big and blob["size"] == len(big)

    small = json.loads(_raw(fake_github, "GET", f"/repos/{UPSTREAM}/contents/README.md",
                            accept="application/vnd.github.object+json")[2])
    assert base64.b64decode(small["content"]) == b"# Commons\n"
    folder = json.loads(_raw(fake_github, "GET", f"/repos/{UPSTREAM}/contents/content",
                             accept="application/vnd.github.object+json")[2])
    assert folder["type"] == "dir" and [e["name"] for e in folder["entries"]] == ["a.md"]


# ----------------------------------------------------------------------------- rulesets and protection


def test_rulesets_refuse_writes_with_githubs_messages(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.protect(UPSTREAM, "main", rules=("pull_request",))
    fake_github.protect(UPSTREAM, "release/*", rules=("creation",))
    fake_github.protect(UPSTREAM, "stable", kind="branch_protection", rules=("required_status_checks",))
    repo = gh.get_repo(UPSTREAM)
    readme = repo.get_contents("README.md", ref="main")
    with pytest.raises(GithubException) as err:
        repo.update_file("README.md", "edit", b"new\n", readme.sha, branch="main")
    assert err.value.status == 409
    assert err.value.data["message"].startswith("Repository rule violations found\n\nChanges must be made through")
    with pytest.raises(GithubException) as err:  # a stale sha on the same protected branch: still the rule
        repo.update_file("README.md", "edit", b"new\n", "0" * 40, branch="main")
    assert err.value.status == 409 and "does not match" in err.value.data["message"]

    main = upstream.branch_sha("main")
    with pytest.raises(GithubException) as err:
        repo.create_git_ref("refs/heads/release/1.0", main)
    assert err.value.status == 422 and "creations being restricted" in err.value.data["message"]
    with pytest.raises(GithubException) as err:
        repo.create_git_ref("refs/heads/main", main)
    assert err.value.status == 422 and err.value.data["message"] == "Reference already exists"

    repo.create_git_ref("refs/heads/stable", main)  # creation is not restricted there
    with pytest.raises(GithubException) as err:
        repo.update_file("README.md", "edit", b"new\n", readme.sha, branch="stable")
    assert err.value.status == 409
    assert err.value.data["message"].startswith("Protected branch update failed for refs/heads/stable.")
    assert upstream.read_file("main", "README.md") == b"# Commons\n"


def test_a_bypass_lets_the_bot_through(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    fake_github.protect(UPSTREAM, "main", bypass=("open-commons[bot]",))
    repo = gh.get_repo(UPSTREAM)
    readme = repo.get_contents("README.md", ref="main")
    repo.update_file("README.md", "edit", b"new\n", readme.sha, branch="main")
    assert upstream.read_file("main", "README.md") == b"new\n"


def test_force_pushes_deletions_and_updates_follow_the_rules(fake_github: FakeGitHub, gh: Github,
                                                             upstream: GitRepo) -> None:
    main = upstream.branch_sha("main")
    side = upstream.commit_files("side", {"b.md": "b\n"}, "side", parent=main)
    for branch in ("ledger", "locked", "plain"):
        upstream.commit_files(branch, {"l.md": "l\n"}, branch, parent=main)
    fake_github.protect(UPSTREAM, "ledger", rules=("deletion", "non_fast_forward"))
    fake_github.protect(UPSTREAM, "locked", rules=("update",))
    fake_github.protect(UPSTREAM, "plain", kind="branch_protection", rules=())
    repo = gh.get_repo(UPSTREAM)
    for branch, action in (("ledger", "force"), ("plain", "force"), ("ledger", "delete"), ("plain", "delete")):
        ref = repo.get_git_ref(f"heads/{branch}")
        with pytest.raises(GithubException) as err:
            ref.edit(side, force=True) if action == "force" else ref.delete()
        assert err.value.status == 422, (branch, action)
    with pytest.raises(GithubException) as err:
        repo.get_git_ref("heads/locked").edit(upstream.commit_files("tmp", {"c.md": "c\n"}, "c",
                                                                    parent=upstream.branch_sha("locked")))
    assert err.value.status == 422 and "Cannot update this protected ref." in err.value.data["message"]
    ahead = upstream.commit_files("tmp2", {"d.md": "d\n"}, "d", parent=upstream.branch_sha("ledger"))
    repo.get_git_ref("heads/ledger").edit(ahead)  # a fast-forward: what the bot does
    assert upstream.branch_sha("ledger") == ahead


def test_protection_rules_rulesets_and_pages_read_as_github_shows_them(fake_github: FakeGitHub,
                                                                       upstream: GitRepo) -> None:
    upstream.commit_files("ledger", {"l.md": "l\n"}, "ledger", parent=upstream.branch_sha("main"))
    ruleset = fake_github.protect(UPSTREAM, "main", rules=("pull_request", "required_status_checks"),
                                  checks=("Open Commons",), integration_id=15368, name="Main", bypass=("boss",))
    fake_github.protect(UPSTREAM, "ledger", kind="branch_protection", rules=("required_status_checks",), checks=("CI",))
    fake_github.set_permission(UPSTREAM, "boss", "admin")
    fake_github.set_permission(UPSTREAM, "dev", "write")
    admin, writer = fake_github.add_token("boss-token", "boss"), fake_github.add_token("dev-token", "dev")
    scoped = fake_github.add_token("scoped", "someone", permissions={"metadata": "read", "contents": "read"})

    def get(path: str, token: str = "t") -> tuple[int, dict[str, str], Any]:
        status, headers, body = _raw(fake_github, "GET", f"/repos/{UPSTREAM}{path}", token)
        return status, headers, json.loads(body) if body else None

    # the classic rule: in full for an admin (PyGithub reads it), hidden from a writer, refused to a scoped token
    client = fake_github.client(admin)
    protection = client.get_repo(UPSTREAM).get_branch("ledger").get_protection()
    assert protection.required_status_checks.contexts == ["CI"] and protection.allow_deletions is False
    client.close()
    assert get("/branches/main/protection", admin)[2]["message"] == "Branch not protected"
    assert get("/branches/nope/protection", admin)[2]["message"] == "Branch not found"
    assert get("/branches/ledger/protection", writer)[:1] == (404,)
    status, headers, body = get("/branches/ledger/protection", scoped)
    assert (status, body["message"], headers["x-accepted-github-permissions"]) == (
        403, "Resource not accessible by integration", "administration=read")
    # a branch shows every reader that it is protected, and the classic rule's required checks
    branch = get("/branches/ledger", writer)[2]
    assert branch["protected"] is True and branch["protection"]["required_status_checks"]["contexts"] == ["CI"]
    assert get("/branches/main", writer)[2]["protected"] is True  # a ruleset

    # the rules of a branch, for any reader (the branch need not exist), and the ruleset they come from
    rules = get("/rules/branches/main", scoped)[2]
    assert [(r["type"], r["ruleset_id"]) for r in rules] == [("pull_request", ruleset),
                                                               ("required_status_checks", ruleset)]
    assert rules[1]["parameters"]["required_status_checks"] == [{"context": "Open Commons", "integration_id": 15368}]
    assert get("/rules/branches/release/9", scoped)[2] == []
    full, seen = get(f"/rulesets/{ruleset}", admin)[2], get(f"/rulesets/{ruleset}", writer)[2]
    assert full["name"] == "Main" and full["bypass_actors"][0]["actor_type"] == "User"
    assert full["current_user_can_bypass"] == "always"
    assert "bypass_actors" not in seen and seen["current_user_can_bypass"] == "never"
    assert get("/rulesets/999999", admin)[0] == 404

    # Pages: not enabled, a branch, GitHub Actions; a scoped token needs pages: read
    assert get("/pages", admin)[2]["message"] == "Not Found"
    fake_github.set_pages(UPSTREAM, build_type="legacy", branch="gh-pages")
    assert get("/pages", writer)[2]["source"] == {"branch": "gh-pages", "path": "/"}
    fake_github.set_pages(UPSTREAM, build_type="workflow")
    assert get("/pages", writer)[2]["build_type"] == "workflow"
    assert get("/pages", scoped)[1]["x-accepted-github-permissions"] == "pages=read"


# ----------------------------------------------------------------------------- permissions and check runs


def _installation_token(fake: FakeGitHub, app_id: int, installation_id: int,
                        permissions: dict[str, str] | None = None) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    fake._apps[app_id].public_key = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    integration = GithubIntegration(auth=Auth.AppAuth(app_id, pem), base_url=fake.url, retry=None)
    try:
        return integration.get_access_token(installation_id, permissions=permissions or {}).token
    finally:
        integration.close()


def test_an_installation_with_only_metadata_read_cannot_write(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    fake_github.add_app(5, slug="reader", permissions={"metadata": "read"})
    fake_github.add_installation(50, account="open-commons", app_id=5)
    fake_github.add_issue(UPSTREAM, 2)
    token = _installation_token(fake_github, 5, 50)
    sha = upstream.branch_sha("main")
    denied = [
        ("POST", f"/repos/{UPSTREAM}/check-runs", {"name": "c", "head_sha": sha}),
        ("POST", f"/repos/{UPSTREAM}/issues/2/comments", {"body": "hi"}),
        ("POST", f"/repos/{UPSTREAM}/issues/2/labels", {"labels": ["x"]}),
        ("POST", f"/repos/{UPSTREAM}/labels", {"name": "x", "color": "ededed"}),
        ("GET", f"/repos/{UPSTREAM}/contents/README.md", None),
    ]
    for method, path, body in denied:
        status, _, payload = _raw(fake_github, method, path, token, body)
        assert (status, json.loads(payload)["message"]) == (403, "Resource not accessible by integration"), path
    assert _raw(fake_github, "GET", f"/repos/{UPSTREAM}", token)[0] == 200
    assert fake_github.check_runs(UPSTREAM) == [] and fake_github.labels(UPSTREAM) == []


def test_a_token_narrowed_to_checks_cannot_comment(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    fake_github.add_app(6, slug="checker")
    fake_github.add_installation(60, account="open-commons", app_id=6)
    fake_github.add_issue(UPSTREAM, 2)
    token = _installation_token(fake_github, 6, 60, {"checks": "write"})
    sha = upstream.branch_sha("main")
    assert _raw(fake_github, "POST", f"/repos/{UPSTREAM}/check-runs", token, {"name": "c", "head_sha": sha})[0] == 201
    assert _raw(fake_github, "POST", f"/repos/{UPSTREAM}/issues/2/comments", token, {"body": "hi"})[0] == 403
    scoped = fake_github.add_token("fine", "someone", permissions={"issues": "write"})
    assert _raw(fake_github, "POST", f"/repos/{UPSTREAM}/issues/2/comments", scoped, {"body": "hi"})[0] == 201
    assert _raw(fake_github, "POST", f"/repos/{UPSTREAM}/check-runs", scoped, {"name": "c", "head_sha": sha})[0] == 403


def test_only_the_app_that_created_a_check_run_may_update_it(fake_github: FakeGitHub, upstream: GitRepo) -> None:
    fake_github.add_app(7, slug="first")
    fake_github.add_app(8, slug="second")
    fake_github.add_installation(70, account="open-commons", app_id=7)
    fake_github.add_installation(80, account="open-commons", app_id=8)
    first, second = _installation_token(fake_github, 7, 70), _installation_token(fake_github, 8, 80)
    sha = upstream.branch_sha("main")
    status, _, payload = _raw(fake_github, "POST", f"/repos/{UPSTREAM}/check-runs", first,
                              {"name": "Open Commons", "head_sha": sha, "status": "in_progress"})
    run = json.loads(payload)
    assert status == 201 and run["app"]["id"] == 7
    status, _, payload = _raw(fake_github, "PATCH", f"/repos/{UPSTREAM}/check-runs/{run['id']}", second,
                              {"status": "completed", "conclusion": "success"})
    assert status == 403 and json.loads(payload)["message"] == (
        "Invalid app_id `8` - check run can only be modified by the GitHub App that created it.")
    assert _raw(fake_github, "PATCH", f"/repos/{UPSTREAM}/check-runs/{run['id']}", first,
                {"status": "completed", "conclusion": "success"})[0] == 200
    listed = json.loads(_raw(fake_github, "GET", f"/repos/{UPSTREAM}/commits/{sha}/check-runs?app_id=8", second)[2])
    assert listed["total_count"] == 0


def test_check_runs_paginate(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    sha = upstream.branch_sha("main")
    assert sha is not None
    repo = gh.get_repo(UPSTREAM)
    for _ in range(35):
        repo.create_check_run(name="c", head_sha=sha, conclusion="success")
    fake_github.reset_requests()
    assert len(list(repo.get_commit(sha).get_check_runs(filter="all"))) == 35
    pages = [r.param("page") for r in fake_github.find_requests("GET", r"/check-runs$")]
    assert pages == [None, "2"]


def test_a_review_comments_only_on_lines_of_the_diff(fake_github: FakeGitHub, gh: Github, upstream: GitRepo) -> None:
    lines = [f"line {i}\n" for i in range(1, 21)]
    upstream.commit_files("main", {"content/a.md": "".join(lines)}, "Twenty lines")
    lines[9] = "line ten\n"
    upstream.commit_files("feature", {"content/a.md": "".join(lines)}, "Change line 10", parent=upstream.branch_sha("main"))
    fake_github.add_pull(UPSTREAM, 4, head_ref="feature")
    pull = gh.get_repo(UPSTREAM).get_pull(4)
    assert pull.get_files()[0].patch.startswith("@@ -7,7 +7,7 @@")
    head = gh.get_repo(UPSTREAM).get_commit(pull.head.sha)
    suggestion = "```suggestion\nline TEN\n```"
    review = pull.create_review(head, "Fixes", "COMMENT",
                                [{"path": "content/a.md", "line": 10, "side": "RIGHT", "body": suggestion},
                                 {"path": "content/a.md", "start_line": 7, "line": 13, "body": "the hunk"}])
    assert review.state == "COMMENTED" and review.commit_id == pull.head.sha
    comments = list(pull.get_review_comments())
    assert [(c.path, c.line, c.start_line, c.body) for c in comments] == [
        ("content/a.md", 10, None, suggestion), ("content/a.md", 13, 7, "the hunk")]
    assert comments[0].pull_request_review_id == review.id and comments[0].diff_hunk.startswith("@@ -7,7 +7,7 @@")
    for bad, message in (({"line": 3}, "must be part of the diff"), ({"line": 14}, "must be part of the diff"),
                         ({"start_line": 2, "line": 10}, "same hunk"), ({"path": "README.md", "line": 1},
                                                                          "Path could not be resolved")):
        with pytest.raises(GithubException) as err:
            pull.create_review(head, "", "COMMENT", [{"path": "content/a.md", "body": "x", **bad}])
        assert err.value.status == 422 and message in json.dumps(err.value.data)
    assert len(list(pull.get_review_comments())) == 2  # a refused review adds nothing
