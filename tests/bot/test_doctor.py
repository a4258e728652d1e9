# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons doctor`` end to end: the command run as a process in a real checkout, reading the local
GitHub (real HTTP, real PyGithub, every exchange checked against GitHub's OpenAPI description).

A commons set up as docs/github-actions.md says is all ✓ (exit 0); a broken one shows each problem
with its fix (exit 1); a token short of permissions, a refused token and an unreachable GitHub are
clear lines, never a traceback; a usage error exits 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from open_commons.cli import main
from open_commons.model.doctor import GITHUB_ACTIONS_APP_ID
from tests.bot.conftest import MAINTAINER_AT, REPO_ROOT, UPSTREAM, base_files
from tests.github_fake import FakeGitHub, GitRepo, init_repo

ADMIN = "maintainer-token"  # simplon, admin of the repository
BOT_LABELS = ("licence", "attribution manquante", "front-matter", "partenaire non enregistré", "commons ✓")
PRE_COMMIT = ("repos:\n  - repo: https://github.com/simplon/open-commons\n    rev: 0123456789abcdef0123456789abcdef01234567\n"
              "    hooks:\n      - id: commons-check\n")
CHECKS = 19


def commons_files() -> dict[str, str | bytes]:
    """The test commons with the shipped workflows, issue form and a pre-commit configuration."""
    files = base_files()
    for path in sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml")):
        if path.name.startswith("commons-") or path.name == "pages.yml":
            files[f".github/workflows/{path.name}"] = path.read_text(encoding="utf-8")
    form = ".github/ISSUE_TEMPLATE/partner-application.yml"
    files[form] = (REPO_ROOT / form).read_text(encoding="utf-8")
    files[".pre-commit-config.yaml"] = PRE_COMMIT
    return files


@dataclass
class Setup:
    fake: FakeGitHub
    upstream: GitRepo
    checkout: Path

    def doctor(self, *args: str, token: str | None = ADMIN, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "OPEN_COMMONS_", "COMMONS_"))}
        clean["GITHUB_API_URL"] = self.fake.url
        if token:
            clean["GITHUB_TOKEN"] = token
        clean.update(env or {})
        return subprocess.run([sys.executable, "-m", "open_commons", "doctor", *args], cwd=self.checkout, env=clean,
                              capture_output=True, text=True, timeout=120, check=False)

    def set_up_as_documented(self) -> None:
        """docs/github-actions.md, "In the repository's settings"."""
        for name in (*BOT_LABELS, "candidature partenaire"):
            self.fake.add_label(UPSTREAM, name)
        self.upstream.commit_files("ledger", {"ledger/contributions.jsonl": ""}, "Ledger",
                                   parent=self.upstream.branch_sha("main"), author=MAINTAINER_AT)
        self.fake.protect(UPSTREAM, "main", rules=("pull_request", "required_status_checks"),
                          checks=("Open Commons",), integration_id=GITHUB_ACTIONS_APP_ID, name="main")
        self.fake.protect(UPSTREAM, "ledger", rules=("deletion", "non_fast_forward"), name="ledger")
        self.fake.set_pages(UPSTREAM, build_type="workflow")


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    with FakeGitHub() as fake:
        upstream = init_repo(tmp_path / "upstream.git")
        upstream.commit_files("main", commons_files(), "A commons", author=MAINTAINER_AT)
        fake.add_repo(UPSTREAM, upstream.path)
        fake.set_permission(UPSTREAM, "simplon", "admin")
        fake.add_token(ADMIN, "simplon")
        checkout = tmp_path / "checkout"
        subprocess.run(["git", "clone", "-q", str(upstream.path), str(checkout)], check=True, capture_output=True)
        yield Setup(fake, upstream, checkout)
        assert not fake.server_errors, "\n".join(fake.server_errors)
        fake.assert_contract()


def marked(out: str, mark: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(mark + " ")]


def block(out: str, code: str) -> str:
    """A check's line and the indented lines under it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {code} " in line)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return "\n".join(lines[start:end])


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr


def test_a_commons_set_up_as_documented_is_all_green(setup: Setup) -> None:
    setup.set_up_as_documented()
    done = setup.doctor("--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(marked(done.stdout, "✓")) == CHECKS and not marked(done.stdout, "✗") and not marked(done.stdout, "!")
    assert "0 problem(s) to fix, 0 warning(s), 19 check(s) passed." in done.stdout
    assert "✓ DOC106 The default branch requires the commons' check: main requires \"Open Commons\"" in done.stdout
    # the doctor only reads, through PyGithub with the API version header
    requests = setup.fake.requests
    assert requests and {r.method for r in requests} == {"GET"}
    assert {r.headers.get("X-Github-Api-Version") or r.headers.get("X-GitHub-Api-Version") for r in requests} == {
        "2022-11-28"}
    french = setup.doctor()  # the commons' language
    assert french.returncode == 0 and "19 vérification(s) réussie(s)" in french.stdout, french.stdout


def test_a_broken_commons_shows_each_problem_with_its_fix(setup: Setup) -> None:
    config = setup.checkout / "commons.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("reviews_from: writers ", "reviews_from: everyone "),
                      encoding="utf-8")
    (setup.checkout / ".github" / "workflows" / "commons-ledger.yml").unlink()
    setup.fake.protect(UPSTREAM, "main", rules=("pull_request",), name="main")
    setup.fake.protect(UPSTREAM, "ledger", rules=("pull_request",), name="Everything through a pull request")
    setup.fake.set_pages(UPSTREAM, build_type="legacy", branch="gh-pages")

    done = setup.doctor("--lang", "en")
    no_traceback(done)
    assert done.returncode == 1, done.stdout + done.stderr
    problems = {line.split()[1] for line in marked(done.stdout, "✗")}
    warnings = {line.split()[1] for line in marked(done.stdout, "!")}
    assert problems == {"DOC001", "DOC008", "DOC102", "DOC105", "DOC106", "DOC107"}, done.stdout
    assert warnings == {"DOC103", "DOC104"}, done.stdout
    expected = {
        "DOC001": ("CFG001", "'ledger.reviews_from': must be one of", "fix: Correct commons.yaml: `commons check "
                                                                      "commons.yaml`"),
        "DOC008": ("No workflow runs `commons bot handle` on pull_request_target",
                   "fix: Copy .github/workflows/commons-ledger.yml"),
        "DOC102": ('The label "candidature partenaire" set by the issue form', "gh label create",
                   "--repo simplon/open-commons"),
        "DOC103": ("The branch ledger does not exist yet", "`git push origin main:refs/heads/ledger`"),
        "DOC104": ("Include by pattern: ledger", "'Restrict deletions' + 'Block force pushes'"),
        "DOC105": ('The ruleset "Everything through a pull request" has \'Require a pull request before merging\' '
                   "on ledger: the workflows' token is refused",
                   "fix: Settings > Rules > Rulesets > \"Everything through a pull request\": untick"),
        "DOC106": ('main does not require the check "Open Commons"', "'Require status checks to pass'",
                   'Add checks: "Open Commons"'),
        "DOC107": ("GitHub Pages publishes the branch gh-pages", "fix: Settings > Pages > Build and deployment > "
                                                                 "Source: GitHub Actions"),
    }
    for code, words in expected.items():
        text = block(done.stdout, code)
        for word in words:
            assert word in text, (code, word, text)

    data = json.loads(setup.doctor("--format", "json", "--lang", "en").stdout)
    assert data["summary"] == {"errors": 6, "warnings": 2, "ok": 11, "skipped": 0, "exit_code": 1}
    assert all(c["fix"] for c in data["checks"] if c["status"] in ("error", "warning"))

    french = setup.doctor()
    assert french.returncode == 1
    assert "Paramètres" not in block(french.stdout, "DOC107")  # GitHub's own words stay as its interface shows them
    assert "correction : Settings > Pages > Build and deployment > Source : GitHub Actions" in block(french.stdout, "DOC107")


def test_a_token_short_of_permissions_gets_clear_lines(setup: Setup) -> None:
    setup.set_up_as_documented()
    setup.fake.add_token("narrow", "reader", permissions={"metadata": "read"})  # a fine-grained token: metadata only
    done = setup.doctor("--lang", "en", token="narrow")
    no_traceback(done)
    assert done.returncode == 0, done.stdout  # nothing was found wrong, some things were not seen
    assert "GitHub did not let the token read the branches (403): it needs contents=read." in done.stdout
    assert "GitHub did not let the token read the Pages settings (403): it needs pages=read." in done.stdout
    token = block(done.stdout, "DOC108")
    assert token.startswith("! DOC108") and "contents=read, pages=read" in token


def test_a_maintainer_without_the_admin_role_is_told_what_it_cannot_see(setup: Setup) -> None:
    setup.set_up_as_documented()
    setup.fake.protect(UPSTREAM, "ledger", kind="branch_protection", rules=())  # a classic rule too
    setup.fake.set_permission(UPSTREAM, "awadiallo", "write")
    setup.fake.add_token("writer", "awadiallo")
    done = setup.doctor("--lang", "en", token="writer")
    no_traceback(done)
    assert "has a branch protection rule the token may not read" in block(done.stdout, "DOC105")
    assert "administration=read" in block(done.stdout, "DOC108")
    admin = setup.doctor("--lang", "en")  # the admin sees the rule: it blocks nothing
    assert admin.returncode == 0 and "✓ DOC105" in admin.stdout, admin.stdout


def test_a_refused_token_is_one_line(setup: Setup) -> None:
    done = setup.doctor("--lang", "en", token="revoked")
    no_traceback(done)
    assert done.returncode == 1
    assert marked(done.stdout, "✗") == ["✗ DOC101 GitHub shows the repository to the token"]
    assert "GitHub refused the token (401)" in done.stdout and "Bad credentials" in done.stdout
    unknown = setup.doctor("--lang", "en", "--repo", "simplon/nope")
    assert unknown.returncode == 1 and marked(unknown.stdout, "✗") == ["✗ DOC101 GitHub shows the repository to the token"]
    assert "simplon/nope does not exist on GitHub, or the token may not see it." in unknown.stdout


def test_github_unreachable_is_one_line_and_exit_1(setup: Setup) -> None:
    started = time.monotonic()
    done = setup.doctor("--lang", "en", "--api-url", "http://127.0.0.1:9")
    no_traceback(done)
    assert done.returncode == 1, done.stdout + done.stderr
    assert marked(done.stdout, "✗") == ["✗ DOC101 GitHub shows the repository to the token"]
    assert "GitHub could not be reached at http://127.0.0.1:9" in done.stdout
    assert "DOC102" not in done.stdout  # the rest is not tried
    assert time.monotonic() - started < 60


def test_without_a_token_the_checkout_alone_is_checked(setup: Setup) -> None:
    done = setup.doctor("--lang", "en", token=None)
    assert done.returncode == 0, done.stdout
    assert len(marked(done.stdout, "✓")) == 11 and "give a token (--token or GITHUB_TOKEN)" in done.stdout
    assert setup.fake.requests == []


def test_usage_errors_exit_2(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(setup.checkout)
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "COMMONS_LANG"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    done = runner.invoke(main, ["doctor", "--repo", "not a repository", "--token", "t", "--lang", "en"])
    assert done.exit_code == 2 and "owner/name" in done.output
    config = setup.checkout / "commons.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("repository: simplon/open-commons\n", ""),
                      encoding="utf-8")
    done = runner.invoke(main, ["doctor", "--token", "t", "--lang", "en"])
    assert done.exit_code == 2 and "--repo OWNER/NAME" in done.output
    done = runner.invoke(main, ["doctor", "--lang", "en", "--route", "app"])
    assert done.exit_code == 0 and "DOC002" in done.output and "DOC006" not in done.output
