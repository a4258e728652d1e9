# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons doctor``'s use case against an in-memory GitHub (``SetupPort``): each check's verdict and
fix, refusals and silence from GitHub as findings, and the reporters (no HTTP, no process)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from open_commons.app import doctor
from open_commons.app.workspace import Workspace
from open_commons.errors import GitHubDenied, GitHubUnreachable
from open_commons.i18n import render
from open_commons.model.doctor import (
    GITHUB_ACTIONS_APP_ID,
    BranchFacts,
    BranchRule,
    ClassicProtection,
    Diagnosis,
    Job,
    PagesFacts,
    RepoFacts,
    RequiredCheck,
    Result,
    Ruleset,
    Status,
    Workflow,
)
from open_commons.reporters.doctor_report import render_json, render_text
from open_commons.sources.workflows import workflows
from tests.conftest import REPO, build_commons

REPO_NAME = "simplon/open-commons"
SHIPPED = workflows(REPO)  # this repository's own workflows: the Actions route as documented


def denied(permission: str = "", status: int = 403) -> GitHubDenied:
    err = GitHubDenied(f"GitHub answered {status}: Resource not accessible by integration")
    err.status, err.accepted_permissions = status, permission
    return err


@dataclass
class MemorySetup:
    """A repository's settings in memory; ``fail`` maps a method name to the error it raises."""

    repo: RepoFacts | None = field(default_factory=lambda: RepoFacts(REPO_NAME, "main", role="admin"))
    label_names: tuple[str, ...] = ()
    branches: dict[str, BranchFacts] = field(default_factory=dict)
    classic: dict[str, ClassicProtection] = field(default_factory=dict)
    rules: dict[str, tuple[BranchRule, ...]] = field(default_factory=dict)
    rulesets: dict[int, Ruleset] = field(default_factory=dict)
    site: PagesFacts | None = None
    fail: dict[str, Exception] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if name in self.fail:
            raise self.fail[name]

    def repository(self, repo: str) -> RepoFacts | None:
        self._call("repository")
        return self.repo

    def labels(self, repo: str) -> tuple[str, ...]:
        self._call("labels")
        return self.label_names

    def branch(self, repo: str, branch: str) -> BranchFacts | None:
        self._call("branch")
        return self.branches.get(branch)

    def protection(self, repo: str, branch: str) -> ClassicProtection | None:
        self._call("protection")
        return self.classic.get(branch)

    def branch_rules(self, repo: str, branch: str) -> tuple[BranchRule, ...]:
        self._call("branch_rules")
        return self.rules.get(branch, ())

    def ruleset(self, repo: str, ruleset_id: int) -> Ruleset | None:
        self._call("ruleset")
        return self.rulesets.get(ruleset_id)

    def pages(self, repo: str) -> PagesFacts | None:
        self._call("pages")
        return self.site


BOT_LABELS = ("licence", "attribution manquante", "front-matter", "partenaire non enregistré", "commons ✓")


def set_up() -> MemorySetup:
    """A repository set up as docs/github-actions.md says."""
    return MemorySetup(
        label_names=(*BOT_LABELS, "candidature partenaire"),
        branches={"main": BranchFacts("main", True), "ledger": BranchFacts("ledger", True)},
        rules={"main": (BranchRule("pull_request", 1), BranchRule("required_status_checks", 1, REPO_NAME,
                                                                  (RequiredCheck("Open Commons", GITHUB_ACTIONS_APP_ID),))),
               "ledger": (BranchRule("deletion", 2), BranchRule("non_fast_forward", 2))},
        rulesets={1: Ruleset(1, "main", ()), 2: Ruleset(2, "ledger", ())},
        site=PagesFacts("workflow", None, "https://simplon.github.io/open-commons/"),
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = build_commons(tmp_path / "commons")
    (root / "partners").mkdir()
    forms = root / ".github" / "ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    (forms / "partner-application.yml").write_bytes((REPO / ".github/ISSUE_TEMPLATE/partner-application.yml").read_bytes())
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: https://github.com/simplon/open-commons\n    rev: main\n    hooks: [{id: commons-check}]\n",
        encoding="utf-8")
    return Workspace.open(root, jobs=1)


def run(ws: Workspace, port: MemorySetup | None, flows: tuple[Workflow, ...] = SHIPPED, **kw: object) -> Diagnosis:
    return doctor.diagnose(ws, port, REPO_NAME, flows=flows, **kw)  # type: ignore[arg-type]


def of(d: Diagnosis, code: str) -> Result:
    return next(r for r in d.results if r.check.code == code)


def text(r: Result, lang: str = "en") -> str:
    return "\n".join(render(m, lang) for m in (*r.details, *([r.fix] if r.fix else [])))


def test_a_repository_set_up_as_documented_passes_every_check(ws: Workspace) -> None:
    d = run(ws, set_up())
    assert [(r.check.code, r.status) for r in d.results if r.status is not Status.OK] == []
    assert [r.check.code for r in d.results] == [c.code for c in doctor.CHECKS]
    assert d.exit_code == 0


def test_without_a_port_only_the_checkout_is_checked(ws: Workspace) -> None:
    d = run(ws, None)
    assert {r.status for r in d.results if r.check.where == "github"} == {Status.SKIPPED}
    assert d.exit_code == 0 and "--token" in render(d.notes[0], "en")


def test_each_problem_on_github_comes_with_its_fix(ws: Workspace) -> None:
    port = set_up()
    port.label_names = ("licence",)
    port.branches.pop("ledger")
    port.rules["ledger"] = (BranchRule("pull_request", 3),)
    port.rulesets[3] = Ruleset(3, "Everything via PR", ())
    port.rules["main"] = (BranchRule("pull_request", 1),)
    port.site = PagesFacts("legacy", "gh-pages")
    d = run(ws, port)
    assert of(d, "DOC102").status is Status.ERROR  # the application form's label: GitHub would drop it
    assert "candidature partenaire" in text(of(d, "DOC102")) and "gh label create" in text(of(d, "DOC102"))
    assert of(d, "DOC103").status is Status.WARNING
    assert "git push origin main:refs/heads/ledger" in text(of(d, "DOC103"))
    assert of(d, "DOC104").status is Status.WARNING and "'Restrict deletions' + 'Block force pushes'" in text(of(d, "DOC104"))
    writable = of(d, "DOC105")
    assert writable.status is Status.ERROR
    assert '"Everything via PR"' in text(writable) and "'Require a pull request before merging'" in text(writable)
    assert of(d, "DOC106").status is Status.ERROR and "Add checks: \"Open Commons\"" in text(of(d, "DOC106"))
    assert of(d, "DOC107").status is Status.ERROR and "Source: GitHub Actions" in text(of(d, "DOC107"))
    assert "gh-pages" in text(of(d, "DOC107"))
    assert d.exit_code == 1
    # every problem has its fix, in French and in English, without a placeholder left
    for r in d.results:
        if r.status in (Status.ERROR, Status.WARNING):
            assert r.fix is not None
            assert render(r.fix, "fr") != render(r.fix, "en"), r.check.code
            for lang in ("fr", "en"):
                assert not re.search(r"\{\w+\}", text(r, lang)), (r.check.code, lang)


def test_a_ruleset_the_bots_app_bypasses_lets_it_write(ws: Workspace) -> None:
    port = set_up()
    port.rules["ledger"] = (*port.rules["ledger"], BranchRule("pull_request", 2))
    port.rulesets[2] = Ruleset(2, "ledger", (42,))
    assert of(run(ws, port, route="app", app_id=42), "DOC105").status is Status.OK
    assert of(run(ws, port, route="app", app_id=7), "DOC105").status is Status.ERROR
    assert of(run(ws, port, route="app"), "DOC105").status is Status.WARNING  # which App is the bot's: unknown
    port.rulesets[2] = Ruleset(2, "ledger", None)  # a token that may not see the bypass list
    assert of(run(ws, port, route="app", app_id=42), "DOC105").status is Status.WARNING
    # a workflow's token cannot be in a bypass list (GitHub refuses github-actions there): refused, whatever it says
    port.rulesets[2] = Ruleset(2, "ledger", (GITHUB_ACTIONS_APP_ID,))
    r = of(run(ws, port), "DOC105")
    assert r.status is Status.ERROR and "no bypass list can hold it" in text(r)


def test_a_classic_rule_on_the_ledger_branch(ws: Workspace) -> None:
    port = set_up()
    port.rules["ledger"] = ()
    port.classic["ledger"] = ClassicProtection(requires_pull_request=True)
    d = run(ws, port)
    assert of(d, "DOC104").status is Status.OK  # a classic rule refuses deletions and force pushes by default
    assert of(d, "DOC105").status is Status.ERROR
    assert "Settings > Branches > the rule of ledger > Edit: untick 'Require a pull request" in text(of(d, "DOC105"))


def test_a_refused_read_names_the_permission_and_never_raises(ws: Workspace) -> None:
    port = set_up()
    port.rules["ledger"] = ()
    port.classic["ledger"] = ClassicProtection()
    port.fail["protection"] = denied("administration=read")
    port.fail["pages"] = denied()
    d = run(ws, port)
    assert of(d, "DOC104").status is Status.WARNING and "administration=read" in text(of(d, "DOC104"))
    assert of(d, "DOC107").status is Status.WARNING and "pages=read" in text(of(d, "DOC107"))
    token = of(d, "DOC108")
    assert token.status is Status.WARNING
    assert "administration=read, pages=read" in text(token) and "branch protection rules" in text(token)
    assert d.exit_code == 0  # nothing found wrong: only not seen


@pytest.mark.parametrize(("error", "words"), [
    (GitHubUnreachable("GET repository: GitHub could not be reached (ConnectionError)"), "could not be reached"),
    (denied(status=401), "refused the token (401)"),
])
def test_no_repository_to_read_is_one_line(ws: Workspace, error: Exception, words: str) -> None:
    port = set_up()
    port.fail["repository"] = error
    d = run(ws, port, api_url="https://ghe.example.org/api/v3")
    github = [r for r in d.results if r.check.where == "github" and r.status is not Status.SKIPPED]
    assert [(r.check.code, r.status) for r in github] == [("DOC101", Status.ERROR)]
    assert words in text(github[0]) and port.calls == ["repository"]
    assert d.exit_code == 1
    lines = [line for line in render_text(d, "en").splitlines() if line.startswith("✗")]
    assert lines == ["✗ DOC101 GitHub shows the repository to the token"]


def test_github_stopping_half_way_skips_the_rest(ws: Workspace) -> None:
    port = set_up()
    port.fail["branch_rules"] = GitHubUnreachable("GET rules: GitHub could not be reached (ReadTimeout)")
    d = run(ws, port)
    assert of(d, "DOC102").status is Status.OK
    assert of(d, "DOC104").status is Status.ERROR and "stopped answering" in text(of(d, "DOC104"))
    assert {of(d, c).status for c in ("DOC105", "DOC106", "DOC107", "DOC108")} == {Status.SKIPPED}


def test_an_unknown_repository_and_a_default_branch_that_differs(ws: Workspace) -> None:
    port = set_up()
    port.repo = None
    assert "does not exist on GitHub" in text(of(run(ws, port), "DOC101"))
    port = set_up()
    port.repo = RepoFacts(REPO_NAME, "trunk")
    port.branches["trunk"] = port.branches["main"]
    port.rules["trunk"] = port.rules["main"]
    r = of(run(ws, port), "DOC101")
    assert r.status is Status.ERROR and "`default_branch: trunk`" in text(r)


def test_a_required_check_expected_from_another_app(ws: Workspace) -> None:
    port = set_up()
    port.rules["main"] = (BranchRule("required_status_checks", 1, REPO_NAME, (RequiredCheck("Open Commons", 99),)),)
    r = of(run(ws, port), "DOC106")
    assert r.status is Status.WARNING and "App #99" in text(r)
    port.branches["main"] = BranchFacts("main", True, (RequiredCheck("Open Commons"),))  # a classic rule's
    port.rules["main"] = ()
    assert of(run(ws, port), "DOC106").status is Status.OK


def _flows(change: Callable[[list[Workflow]], None]) -> tuple[Workflow, ...]:
    flows = list(SHIPPED)
    change(flows)
    return tuple(flows)


def test_the_workflows_by_what_they_do(ws: Workspace) -> None:
    d = run(ws, None, flows=_flows(lambda f: f.clear()))
    assert {of(d, c).status for c in ("DOC006", "DOC007", "DOC008")} == {Status.ERROR}
    assert "commons-pr.yml" in text(of(d, "DOC006"))

    def rename_check(flows: list[Workflow]) -> None:
        i = next(i for i, wf in enumerate(flows) if wf.path.endswith("commons-pr.yml"))
        flows[i] = Workflow(flows[i].path, "CI", flows[i].triggers, flows[i].jobs)
    r = of(run(ws, None, flows=_flows(rename_check)), "DOC007")
    assert r.status is Status.ERROR and 'workflows: ["CI"]' in text(r)

    def read_only(flows: list[Workflow]) -> None:
        i = next(i for i, wf in enumerate(flows) if wf.path.endswith("commons-pr-report.yml"))
        jobs = tuple(Job(j.id, j.name, {"contents": "read"}, j.commands, j.uses) for j in flows[i].jobs)
        flows[i] = Workflow(flows[i].path, flows[i].name, flows[i].triggers, jobs)
    r = of(run(ws, None, flows=_flows(read_only)), "DOC007")
    assert r.status is Status.ERROR and "checks: write" in text(r) and "pull-requests: write" in text(r)

    def job_named_like_the_check(flows: list[Workflow]) -> None:
        flows.append(Workflow(".github/workflows/ci.yml", "CI", {"pull_request": {}},
                              (Job("lint", "Open Commons", {"contents": "read"}),)))
    r = of(run(ws, None, flows=_flows(job_named_like_the_check)), "DOC010")
    assert r.status is Status.ERROR and "lint" in text(r)

    d = run(ws, None, flows=(), route="app")
    assert {of(d, c).status for c in ("DOC006", "DOC007", "DOC008", "DOC009")} == {Status.SKIPPED}


def test_what_github_says_is_shown_as_data(ws: Workspace) -> None:
    """A ruleset named with terminal escapes and a bidirectional override: made visible, never sent raw."""
    port = set_up()
    port.rules["ledger"] = (BranchRule("update", 9),)
    port.rulesets[9] = Ruleset(9, "\x1b[2J\x1b[31mok\u202e", ())
    d = run(ws, port)
    out = render_text(d, "en") + render_json(d, "en")
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\u001B[2J" in render_text(d, "en")
    data = json.loads(render_json(d, "fr"))
    assert data["summary"]["exit_code"] == 1
    assert next(c for c in data["checks"] if c["code"] == "DOC105")["status"] == "error"
