# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons doctor``: is this repository set up for the commons and its bot? Check by check, each
with what is wrong and how to fix it.

Local checks read the checkout (the policy, LICENSES/, the partner registry, the workflows, the
pre-commit configuration); GitHub checks read the repository's settings through a ``SetupPort``
(labels, the ledger branch and its rules, the check the default branch requires, the Pages source),
only when a port is given (a token). A refusal from GitHub is a finding saying which permission
was missing, never an exception; no answer at all is one finding and the GitHub checks stop.

These are not rules of ``commons check`` (they judge a repository's setup, not its content): they
have their own stable codes, DOC0xx for the checkout and DOC1xx for GitHub (``CHECKS``).
"""

# i18n-catalog: doctor

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from open_commons.app.workspace import Workspace
from open_commons.errors import GitHubDenied, GitHubError, GitHubUnreachable
from open_commons.i18n import N_
from open_commons.model import Commons, Message, Severity, msg
from open_commons.model.doctor import (
    GITHUB_ACTIONS_APP_ID,
    BranchFacts,
    BranchRule,
    CheckInfo,
    ClassicProtection,
    Diagnosis,
    PagesFacts,
    RepoFacts,
    Result,
    SetupPort,
    Status,
    Workflow,
)
from open_commons.pipeline import run_checks
from open_commons.sources import schemas
from open_commons.sources import workflows as workflow_files
from open_commons.sources.tree import partner_documents

MAX_DETAILS = 10  # lines of details per check; the rest is counted
APPLICATION_LABEL = "candidature partenaire"  # the label the partner application form sets (github/applications.py)
PRE_COMMIT = ".pre-commit-config.yaml"
HOOKS = ("commons-check", "commons-check-change", "commons-fix")
ROUTES = ("actions", "app")


POLICY = CheckInfo("DOC001", "policy-valid", "local", N_("commons.yaml is valid"),
                   N_("Correct commons.yaml: `commons check commons.yaml` shows each problem with its line and its fix."))
REPOSITORY = CheckInfo("DOC002", "repository-named", "local", N_("commons.yaml names the GitHub repository"),
                       N_("Add `repository: owner/name` to commons.yaml: the bot acts on that repository's events only."))
LICENCES = CheckInfo("DOC003", "licence-text", "local", N_("LICENSES/ holds the text of the commons' licence"),
                     N_("`reuse download <licence>` writes LICENSES/<licence>.txt for the licence of licensing.outbound."))
PARTNERS = CheckInfo("DOC004", "partner-registry", "local", N_("The partner registry can be read"),
                     N_("`commons check partners` shows each problem of the registry with its fix."))
LEDGER = CheckInfo("DOC005", "ledger-branch-set", "local", N_("The ledger has a branch of its own"),
                   N_("Set `ledger.branch: ledger` in commons.yaml: the bot appends to that branch, which no pull "
                      "request rule needs to cover."))
CHECK_WORKFLOW = CheckInfo("DOC006", "workflow-check", "local", N_("A workflow computes the report of each pull request"),
                           N_("Copy .github/workflows/commons-pr.yml from Open Commons (docs/github-actions.md)."))
REPORT_WORKFLOW = CheckInfo("DOC007", "workflow-report", "local", N_("A workflow posts the report on the pull request"),
                            N_("Copy .github/workflows/commons-pr-report.yml from Open Commons (docs/github-actions.md)."))
LEDGER_WORKFLOW = CheckInfo("DOC008", "workflow-ledger", "local", N_("A workflow records each merge in the ledger"),
                            N_("Copy .github/workflows/commons-ledger.yml from Open Commons (docs/github-actions.md)."))
APPLICATIONS_WORKFLOW = CheckInfo(
    "DOC009", "workflow-applications", "local", N_("A workflow answers partner applications"),
    N_("Copy .github/workflows/commons-applications.yml from Open Commons (docs/github-actions.md)."))
CHECK_NAME = CheckInfo("DOC010", "check-name-free", "local", N_("No workflow job takes the name of the commons' check"),
                       N_("Rename the job (its `name:`), or change bot.check_name in commons.yaml."))
HOOK = CheckInfo("DOC011", "pre-commit", "local", N_("pre-commit runs the commons' check before each commit"),
                 N_("Add the commons-check hook to .pre-commit-config.yaml, then run `pre-commit install`."))
GH_REPOSITORY = CheckInfo("DOC101", "github-repository", "github", N_("GitHub shows the repository to the token"),
                          N_("Check `repository` in commons.yaml (or --repo) and the token (--token or GITHUB_TOKEN)."))
LABELS = CheckInfo("DOC102", "github-labels", "github", N_("The labels the bot and the issue forms set exist"),
                   N_("Create the missing labels: `gh label create NAME`, or Issues > Labels > New label."))
LEDGER_BRANCH = CheckInfo("DOC103", "ledger-branch-exists", "github", N_("The ledger branch exists"),
                          N_("Nothing to do: the bot creates it at the first merge; push it yourself to protect it at once."))
LEDGER_PROTECTED = CheckInfo(
    "DOC104", "ledger-branch-protected", "github", N_("The ledger branch cannot be deleted nor force-pushed"),
    N_("Settings > Rules > Rulesets > New ruleset > New branch ruleset targeting the ledger branch, with "
       "'Restrict deletions' and 'Block force pushes' only."))
LEDGER_WRITABLE = CheckInfo(
    "DOC105", "ledger-branch-writable", "github", N_("No rule stops the bot writing to the ledger branch"),
    N_("Remove the rules that need a pull request, status checks or an allow-list from the ledger branch's "
       "ruleset or protection rule (a GitHub App may be put in the ruleset's bypass list instead)."))
REQUIRED_CHECK = CheckInfo(
    "DOC106", "required-check", "github", N_("The default branch requires the commons' check"),
    N_("Settings > Rules > Rulesets > the ruleset of the default branch > Require status checks to pass > "
       "Add checks: the name of bot.check_name."))
PAGES = CheckInfo("DOC107", "pages-source", "github", N_("GitHub Pages publishes what the site workflow builds"),
                  N_("Settings > Pages > Build and deployment > Source: GitHub Actions."))
TOKEN = CheckInfo("DOC108", "token-permissions", "github", N_("The token may read every setting checked"),
                  N_("Give the token the permissions named, or run `commons doctor` with a maintainer's token "
                     "(`gh auth token`)."))

CHECKS: tuple[CheckInfo, ...] = (POLICY, REPOSITORY, LICENCES, PARTNERS, LEDGER, CHECK_WORKFLOW, REPORT_WORKFLOW,
                                 LEDGER_WORKFLOW, APPLICATIONS_WORKFLOW, CHECK_NAME, HOOK, GH_REPOSITORY, LABELS,
                                 LEDGER_BRANCH, LEDGER_PROTECTED, LEDGER_WRITABLE, REQUIRED_CHECK, PAGES, TOKEN)
GITHUB = tuple(c for c in CHECKS if c.where == "github")
WORKFLOW_CHECKS = (CHECK_WORKFLOW, REPORT_WORKFLOW, LEDGER_WORKFLOW, APPLICATIONS_WORKFLOW)

# what each workflow of the Actions route must let its token do (the job running the bot's command)
NEEDS: Mapping[str, Mapping[str, str]] = {
    "publish": {"actions": "read", "checks": "write", "issues": "write", "pull-requests": "write"},
    "handle-ledger": {"contents": "write", "pull-requests": "read"},
    "handle-issues": {"issues": "write"},
}
_LEVEL = {"none": 0, "read": 1, "write": 2}
# the words GitHub's settings pages give each rule of a ruleset (GitHub's interface is in English)
RULE_TITLES = {
    "pull_request": "Require a pull request before merging",
    "required_status_checks": "Require status checks to pass",
    "update": "Restrict updates",
    "creation": "Restrict creations",
    "deletion": "Restrict deletions",
    "non_fast_forward": "Block force pushes",
    "required_deployments": "Require deployments to succeed",
    "merge_queue": "Require merge queue",
}
BLOCKING = ("pull_request", "required_status_checks", "update", "required_deployments", "merge_queue")


def result(check: CheckInfo, status: Status, *details: Message, fix: Message | None = None) -> Result:
    """A check's outcome; a problem without a precise fix gets the check's general one."""
    if fix is None and status in (Status.ERROR, Status.WARNING):
        fix = msg(check.fix)
    return Result(check, status, tuple(details), fix)


def _capped(details: Sequence[Message]) -> tuple[Message, ...]:
    if len(details) <= MAX_DETAILS:
        return tuple(details)
    return (*details[:MAX_DETAILS], msg(N_("… and {n} more"), n=len(details) - MAX_DETAILS))


# --------------------------------------------------------------------------- the checkout


def _findings(commons: Commons, families: Sequence[str], keep: Callable[[str], bool]) -> tuple[list[Message], bool]:
    """The findings of ``families`` on the paths ``keep`` accepts, a line each, and whether one is an error."""
    details: list[Message] = []
    errors = False
    for f in sorted(run_checks(commons, families), key=lambda f: f.sort_key):
        if keep(f.path) and f.severity is not Severity.INFO:
            errors = errors or f.severity is Severity.ERROR
            where = f.path + (f":{f.line}" if f.line else "")
            details.append(msg(N_("{where}: {code} {message}"), where=where, code=f.code, message=f.message))
    return details, errors


def check_policy(ws: Workspace) -> Result:
    commons = Commons(ws.config, (), schemas={"config": schemas.load("config")})
    details, errors = _findings(commons, ("parsing", "config"), lambda path: path == "commons.yaml")
    if details:
        return result(POLICY, Status.ERROR if errors else Status.WARNING, *_capped(details))
    return result(POLICY, Status.OK)


def check_repository(ws: Workspace, repo: str | None) -> Result:
    named = ws.settings.repository
    if not named:
        return result(REPOSITORY, Status.WARNING, msg(N_("commons.yaml has no `repository`.")))
    if repo and repo.lower() != named.lower():
        return result(REPOSITORY, Status.WARNING,
                      msg(N_("commons.yaml names {named}, but {repo} was checked on GitHub."), named=named, repo=repo),
                      fix=msg(N_("Set `repository: {repo}` in commons.yaml if the commons lives there now."), repo=repo))
    return result(REPOSITORY, Status.OK, msg(N_("{repo}"), repo=named))


def check_licences(ws: Workspace) -> Result:
    licence = ws.settings.licensing.outbound
    folder = ws.root / "LICENSES"
    found = sorted(p.name for p in folder.glob(f"{licence}.*")) if folder.is_dir() else []
    if found:
        return result(LICENCES, Status.OK, msg(N_("LICENSES/{file}"), file=found[0]))
    return result(LICENCES, Status.ERROR,
                  msg(N_("LICENSES/{licence}.txt is missing: every resource is under {licence}."), licence=licence),
                  fix=msg(N_("`reuse download {licence}` writes LICENSES/{licence}.txt; then `commons check` checks "
                             "that every licence the files use has its text."), licence=licence))


def check_partners(ws: Workspace) -> Result:
    folder = ws.settings.partners.root
    if not (ws.root / folder).is_dir():
        return result(PARTNERS, Status.WARNING,
                      msg(N_("There is no {folder}/ folder: no contribution is credited to a partner."), folder=folder),
                      fix=msg(N_("Add a file per partner organisation, {folder}/<id>.yaml (`commons partners list` "
                                 "then shows them)."), folder=folder))
    documents = tuple(partner_documents(ws.root, ws.config))
    commons = Commons(ws.config, (), documents=documents, schemas={"partner": schemas.load("partner")})
    prefix = folder.rstrip("/") + "/"
    details, errors = _findings(commons, ("parsing", "partners"), lambda path: path.startswith(prefix))
    if details:
        return result(PARTNERS, Status.ERROR if errors else Status.WARNING, *_capped(details),
                      fix=msg(N_("`commons check {folder}` shows each problem with its fix."), folder=folder))
    return result(PARTNERS, Status.OK, msg(N_("{n} partner file(s) in {folder}/"), n=len(documents), folder=folder))


def check_ledger(ws: Workspace) -> Result:
    ledger = ws.settings.ledger
    default = ws.settings.default_branch
    if not ledger.branch or ledger.branch == default:
        return result(LEDGER, Status.WARNING,
                      msg(N_("The bot writes the ledger to the default branch ({branch}): a ruleset that requires "
                             "pull requests there refuses its writes."), branch=default))
    return result(LEDGER, Status.OK, msg(N_("{path} on the branch {branch}"), path=ledger.path, branch=ledger.branch))


def _granted(job_permissions: Mapping[str, str] | None, scope: str, level: str) -> bool:
    if job_permissions is None:
        return False
    have = job_permissions.get(scope, job_permissions.get("*", "none"))
    return _LEVEL.get(have, 0) >= _LEVEL[level]


def _permission_problems(wf: Workflow, command: str, needs: Mapping[str, str]) -> tuple[list[Message], Message | None]:
    details: list[Message] = []
    fix: Message | None = None
    for job in wf.jobs_running(command):
        missing = [f"{scope}: {level}" for scope, level in needs.items() if not _granted(job.permissions, scope, level)]
        if missing:
            details.append(msg(N_("The job {job} of {path} does not give its token {missing}."),
                               job=job.id, path=wf.path, missing=", ".join(missing)))
            fix = msg(N_("Add to the `permissions:` of the job {job} in {path}: {missing}."),
                      job=job.id, path=wf.path, missing=", ".join(missing))
    return details, fix


def _unreadable(flows: Sequence[Workflow]) -> list[Message]:
    return [msg(N_("{path} could not be read ({problem}): GitHub does not run it either."), path=wf.path,
                problem=wf.problem) for wf in flows if wf.problem]


def _role(flows: Sequence[Workflow], trigger: str, command: str) -> Workflow | None:
    return next((wf for wf in flows if trigger in wf.triggers and wf.runs(command)), None)


def check_workflows(ws: Workspace, flows: Sequence[Workflow], form_labels: Mapping[str, Sequence[str]]
                    ) -> list[Result]:
    """The four workflows of the Actions route, by what they do (their trigger and the bot command they run)."""
    out: list[Result] = []
    broken = _unreadable(flows)
    check = _role(flows, "pull_request", "report")
    if check is None:
        out.append(result(CHECK_WORKFLOW, Status.ERROR,
                          msg(N_("No workflow runs `commons bot report` on pull_request.")), *broken))
    else:
        out.append(result(CHECK_WORKFLOW, Status.OK, msg(N_("{path} (\"{name}\")"), path=check.path, name=check.name)))

    report = _role(flows, "workflow_run", "publish")
    if report is None:
        out.append(result(REPORT_WORKFLOW, Status.ERROR,
                          msg(N_("No workflow runs `commons bot publish` on workflow_run.")), *broken))
    else:
        details, fix = _permission_problems(report, "publish", NEEDS["publish"])
        waits_for = report.triggers["workflow_run"].get("workflows")
        names = [str(n) for n in waits_for] if isinstance(waits_for, list) else \
            [str(waits_for)] if isinstance(waits_for, str) else []
        if check is not None and check.name not in names:
            details.insert(0, msg(N_("{path} waits for the workflow(s) {names}, but the one computing the report "
                                     "is named \"{name}\": the report would never be posted."),
                                  path=report.path, names=", ".join(f'"{n}"' for n in names) or "-", name=check.name))
            fix = msg(N_("In {path}, set `on: workflow_run: workflows: [\"{name}\"]` (the `name:` of {check})."),
                      path=report.path, name=check.name, check=check.path)
        if details:
            out.append(result(REPORT_WORKFLOW, Status.ERROR, *details, fix=fix))
        else:
            out.append(result(REPORT_WORKFLOW, Status.OK, msg(N_("{path} (\"{name}\")"), path=report.path,
                                                               name=report.name)))

    ledger = _role(flows, "pull_request_target", "handle")
    if ledger is None:
        out.append(result(LEDGER_WORKFLOW, Status.ERROR,
                          msg(N_("No workflow runs `commons bot handle` on pull_request_target (closed).")), *broken))
    else:
        details, fix = _permission_problems(ledger, "handle", NEEDS["handle-ledger"])
        out.append(result(LEDGER_WORKFLOW, Status.ERROR, *details, fix=fix) if details else
                   result(LEDGER_WORKFLOW, Status.OK, msg(N_("{path} (\"{name}\")"), path=ledger.path,
                                                          name=ledger.name)))

    applications = _role(flows, "issues", "handle")
    wanted = bool(ws.settings.partners.apply_url) or any(APPLICATION_LABEL in labels
                                                         for labels in form_labels.values())
    if applications is None:
        out.append(result(APPLICATIONS_WORKFLOW, Status.WARNING,
                          msg(N_("No workflow runs `commons bot handle` on issues: partner applications get no "
                                 "answer.")))
                   if wanted else result(APPLICATIONS_WORKFLOW, Status.SKIPPED,
                                         msg(N_("The commons takes no partner applications (no apply_url, no form)."))))
    else:
        details, fix = _permission_problems(applications, "handle", NEEDS["handle-issues"])
        out.append(result(APPLICATIONS_WORKFLOW, Status.ERROR, *details, fix=fix) if details else
                   result(APPLICATIONS_WORKFLOW, Status.OK, msg(N_("{path} (\"{name}\")"), path=applications.path,
                                                                name=applications.name)))
    return out


def check_job_names(ws: Workspace, flows: Sequence[Workflow]) -> Result:
    name = ws.settings.bot.check_name
    clashes = [(wf, job) for wf in flows for job in wf.jobs if job.name.strip().casefold() == name.casefold()]
    if not clashes:
        return result(CHECK_NAME, Status.OK, msg(N_("the check: \"{check}\""), check=name))
    details = [msg(N_("The job {job} of {path} is named \"{check}\": its own run, green whenever the job succeeds, "
                      "would pass for the commons' check."), job=job.id, path=wf.path, check=name)
               for wf, job in clashes]
    wf, job = clashes[0]
    return result(CHECK_NAME, Status.ERROR, *details,
                  fix=msg(N_("Give the job {job} of {path} another `name:` (or change bot.check_name in "
                             "commons.yaml)."), job=job.id, path=wf.path))


def check_pre_commit(root: Path) -> Result:
    text = workflow_files.text_of(root, PRE_COMMIT)
    if text is None:
        return result(HOOK, Status.WARNING, msg(N_("There is no {file}."), file=PRE_COMMIT),
                      fix=msg(N_("Write {file} with `repos: [{{repo: https://github.com/simplon/open-commons, rev: "
                                 "<commit sha>, hooks: [{{id: commons-check}}]}}]`, then run `pre-commit install`."),
                              file=PRE_COMMIT))
    if not any(hook in text for hook in HOOKS):
        return result(HOOK, Status.WARNING, msg(N_("{file} runs none of the commons' hooks."), file=PRE_COMMIT),
                      fix=msg(N_("Add `{{id: commons-check}}` to the hooks of the Open Commons repository in {file}."),
                              file=PRE_COMMIT))
    return result(HOOK, Status.OK, msg(N_("{file}"), file=PRE_COMMIT))


# --------------------------------------------------------------------------- GitHub

T = TypeVar("T")

# what each read is, in words, and the permission it needs (a fine-grained token or an App) when
# GitHub's answer does not say (its X-Accepted-GitHub-Permissions header)
_WHAT = {
    "labels": (N_("the labels"), "metadata=read"),
    "branch": (N_("the branches"), "contents=read"),
    "protection": (N_("the branch protection rules"), "administration=read"),
    "rules": (N_("the rulesets"), "metadata=read"),
    "ruleset": (N_("a ruleset's bypass list"), "administration=read"),
    "pages": (N_("the Pages settings"), "pages=read"),
}


class _Refusal(Exception):
    """GitHub refused a read (``GitHubDenied``): the check says which permission was missing."""

    def __init__(self, what: str, error: GitHubError) -> None:
        super().__init__(str(error))
        self.what, self.error = what, error


class _Stop(Exception):
    """GitHub stopped answering: the remaining GitHub checks are skipped."""


@dataclass
class _Reads:
    """The GitHub reads of one diagnosis, each made once (several checks look at the same branch),
    and what GitHub refused (for the token check)."""

    port: SetupPort
    repo: str
    denied: dict[str, str] = field(default_factory=dict)  # what -> permission
    _done: dict[tuple[str, str], object] = field(default_factory=dict)

    def _read(self, what: str, key: str, fn: Callable[[], T]) -> T:
        if (what, key) not in self._done:
            try:
                self._done[(what, key)] = fn()
            except GitHubDenied as err:
                self._done[(what, key)] = _Refusal(what, err)
        found = self._done[(what, key)]
        if isinstance(found, _Refusal):
            self.denied.setdefault(what, self.permission(found))
            raise found
        return found  # type: ignore[return-value]  # stored by the same key, so of the same type

    @staticmethod
    def permission(refusal: _Refusal) -> str:
        return refusal.error.accepted_permissions or _WHAT[refusal.what][1]

    def labels(self) -> tuple[str, ...]:
        return self._read("labels", "", lambda: self.port.labels(self.repo))

    def branch(self, name: str) -> BranchFacts | None:
        return self._read("branch", name, lambda: self.port.branch(self.repo, name))

    def rules(self, name: str) -> tuple[BranchRule, ...]:
        return self._read("rules", name, lambda: self.port.branch_rules(self.repo, name))

    def protection(self, name: str) -> ClassicProtection | None:
        return self._read("protection", name, lambda: self.port.protection(self.repo, name))

    def pages(self) -> PagesFacts | None:
        return self._read("pages", "", lambda: self.port.pages(self.repo))

    def ruleset(self, rule: BranchRule) -> tuple[str, tuple[int, ...] | None]:
        """The ruleset's name (``#id`` when it cannot be read) and the Apps that may bypass it (None: not shown)."""
        if rule.ruleset_id is None:
            return rule.source or "?", None
        try:
            found = self._read("ruleset", str(rule.ruleset_id), lambda: self.port.ruleset(self.repo, rule.ruleset_id or 0))
        except _Refusal:
            return f"#{rule.ruleset_id}", None
        if found is None:
            return f"#{rule.ruleset_id}", None
        return found.name, found.bypass_apps

    def refused(self, check: CheckInfo, refusal: _Refusal) -> Result:
        permission = self.permission(refusal)
        return result(check, Status.WARNING,
                      msg(N_("GitHub did not let the token read {what} ({status}): it needs {permission}."),
                          what=msg(_WHAT[refusal.what][0]), status=refusal.error.status or "-", permission=permission),
                      fix=msg(N_("Give the token {permission} (a fine-grained token: its repository permissions; "
                                 "an App: its permissions), or run `commons doctor` with a maintainer's token "
                                 "(`gh auth token`)."), permission=permission))


def _guarded(reads: _Reads, check: CheckInfo, run: Callable[[], Result]) -> Result:
    """A check's result, a refusal as a warning naming the permission, an error of GitHub as a warning."""
    try:
        return run()
    except _Refusal as refusal:
        return reads.refused(check, refusal)
    except GitHubUnreachable as err:
        raise _Stop(str(err)) from None
    except GitHubError as err:
        return result(check, Status.WARNING, msg(N_("GitHub answered with an error: {error}"), error=str(err)),
                      fix=msg(N_("Run `commons doctor` again in a while; GitHub's status is on githubstatus.com.")))


@dataclass(frozen=True)
class _Github:
    """What the GitHub checks know of the repository."""

    default_branch: str
    ledger_branch: str  # the ledger's branch (the default branch when commons.yaml gives none)


def check_labels(reads: _Reads, ws: Workspace, form_labels: Mapping[str, Sequence[str]]) -> Result:
    have = {name.casefold() for name in reads.labels()}
    bot_labels = sorted({v for v in ws.settings.bot.labels.values() if v})
    missing_bot = [name for name in bot_labels if name.casefold() not in have]
    missing_forms = sorted({(label, form) for form, labels in form_labels.items() for label in labels
                            if label.casefold() not in have})
    details = [msg(N_("The label \"{label}\" set by the issue form {form} does not exist: GitHub leaves it off, and "
                      "what waits for it never runs."), label=label, form=form) for label, form in missing_forms]
    if missing_bot:
        details.append(msg(N_("The bot's labels {labels} do not exist yet (it creates them when it first sets them)."),
                           labels=", ".join(f'"{n}"' for n in missing_bot)))
    wanted = {*bot_labels, *(label for labels in form_labels.values() for label in labels)}
    if not details:
        return result(LABELS, Status.OK, msg(N_("{n} label(s) found"), n=len(wanted)))
    names = " ".join(shlex.quote(n) for n in dict.fromkeys([label for label, _form in missing_forms] + missing_bot))
    command = f'for label in {names}; do gh label create "$label" --repo {shlex.quote(reads.repo)}; done'
    return result(LABELS, Status.ERROR if missing_forms else Status.WARNING, *details,
                  fix=msg(N_("Create them: `{command}` (or Issues > Labels > New label)."), command=command))


def _push_command(gh: _Github) -> str:
    return f"git push origin {shlex.quote(gh.default_branch)}:refs/heads/{shlex.quote(gh.ledger_branch)}"


def check_ledger_branch(reads: _Reads, gh: _Github) -> Result:
    branch = gh.ledger_branch
    if branch == gh.default_branch:
        return result(LEDGER_BRANCH, Status.SKIPPED, msg(N_("The ledger is on the default branch.")))
    if reads.branch(branch) is not None:
        return result(LEDGER_BRANCH, Status.OK, msg(N_("the branch {branch}"), branch=branch))
    blocked = [rule for rule in reads.rules(branch) if rule.type == "creation"]
    if blocked:
        name, _apps = reads.ruleset(blocked[0])
        return result(LEDGER_BRANCH, Status.ERROR,
                      msg(N_("The branch {branch} does not exist, and the ruleset \"{ruleset}\" forbids creating it "
                             "('Restrict creations'): the bot cannot make it."), branch=branch, ruleset=name),
                      fix=msg(N_("Create it yourself: `{command}`."), command=_push_command(gh)))
    return result(LEDGER_BRANCH, Status.WARNING,
                  msg(N_("The branch {branch} does not exist yet."), branch=branch),
                  fix=msg(N_("Nothing to do: the bot creates it at the first merge. To protect it at once, create it: "
                             "`{command}`."), command=_push_command(gh)))


def _classic(reads: _Reads, branch: str) -> ClassicProtection | _Refusal | None:
    """The branch protection rule of an existing branch, None without one, the refusal when it may not be read."""
    facts = reads.branch(branch)
    if facts is None or not facts.protected:
        return None
    try:
        return reads.protection(branch)
    except _Refusal as refusal:
        if facts.required_checks:  # shown to every reader: at least that much is known
            return ClassicProtection(required_checks=facts.required_checks)
        return refusal


def check_ledger_protected(reads: _Reads, gh: _Github) -> Result:
    branch = gh.ledger_branch
    if branch == gh.default_branch:
        return result(LEDGER_PROTECTED, Status.SKIPPED, msg(N_("The ledger is on the default branch.")))
    types = {rule.type for rule in reads.rules(branch)}
    no_delete, no_force = "deletion" in types, "non_fast_forward" in types
    if not (no_delete and no_force):
        classic = _classic(reads, branch)
        if isinstance(classic, _Refusal):
            return reads.refused(LEDGER_PROTECTED, classic)
        if classic is not None:
            no_delete = no_delete or not classic.allow_deletions
            no_force = no_force or not classic.allow_force_pushes
    if no_delete and no_force:
        return result(LEDGER_PROTECTED, Status.OK,
                      msg(N_("the branch {branch}: deletions and force pushes refused"), branch=branch))
    missing = ([RULE_TITLES["deletion"]] if not no_delete else []) + \
              ([RULE_TITLES["non_fast_forward"]] if not no_force else [])
    return result(LEDGER_PROTECTED, Status.WARNING,
                  msg(N_("Nothing stops deleting or force-pushing the branch {branch}: the ledger's history could be "
                         "rewritten (`commons ledger verify` would only tell afterwards)."), branch=branch),
                  fix=msg(N_("Settings > Rules > Rulesets > New ruleset > New branch ruleset: Enforcement status "
                             "Active, Target branches > Add target > Include by pattern: {branch}; tick {rules} "
                             "and nothing else; Create."), branch=branch,
                          rules=" + ".join(f"'{t}'" for t in missing)))


def check_ledger_writable(reads: _Reads, gh: _Github, route: str, app_id: int | None) -> Result:
    branch = gh.ledger_branch
    exists = reads.branch(branch) is not None
    bot_app = GITHUB_ACTIONS_APP_ID if route == "actions" else app_id
    details: list[Message] = []
    fixes: list[Message] = []
    doubts: list[Message] = []
    for rule in reads.rules(branch):
        if not (rule.type in BLOCKING or (rule.type == "creation" and not exists)):
            continue
        name, bypass = reads.ruleset(rule)
        title = RULE_TITLES.get(rule.type, rule.type)
        if route == "actions":  # GitHub puts no workflow token (github-actions) in a bypass list
            details.append(msg(N_("The ruleset \"{ruleset}\" has '{rule}' on {branch}: the workflows' token is "
                                  "refused (no bypass list can hold it)."), ruleset=name, rule=title, branch=branch))
            fixes.append(msg(N_("Settings > Rules > Rulesets > \"{ruleset}\": untick '{rule}'"), ruleset=name,
                             rule=title))
            continue
        if bypass is not None and bot_app is not None and bot_app in bypass:
            continue  # the bot's App is in the ruleset's bypass list
        if bypass is None or (bot_app is None and bypass):
            doubts.append(msg(N_("The ruleset \"{ruleset}\" has '{rule}' on {branch}; whether the bot's App may "
                                 "bypass it could not be seen."), ruleset=name, rule=title, branch=branch))
            continue
        details.append(msg(N_("The ruleset \"{ruleset}\" has '{rule}' on {branch}: the bot's writes are refused."),
                           ruleset=name, rule=title, branch=branch))
        fixes.append(msg(N_("Settings > Rules > Rulesets > \"{ruleset}\": untick '{rule}', or add the bot's App to "
                            "its Bypass list"), ruleset=name, rule=title))
    classic = _classic(reads, branch) if exists else None
    if isinstance(classic, _Refusal):
        doubts.append(msg(N_("The branch {branch} has a branch protection rule the token may not read."),
                          branch=branch))
    elif classic is not None:
        slug = "github-actions" if route == "actions" else None
        for title, on in (("Require a pull request before merging", classic.requires_pull_request),
                          ("Require status checks to pass before merging", bool(classic.required_checks)),
                          ("Lock branch", classic.lock_branch),
                          ("Restrict who can push to matching branches",
                           classic.push_restricted and (slug is None or slug not in classic.push_apps))):
            if on:
                details.append(msg(N_("The branch protection rule of {branch} has '{rule}': the bot's writes are "
                                      "refused."), branch=branch, rule=title))
                fixes.append(msg(N_("Settings > Branches > the rule of {branch} > Edit: untick '{rule}'"),
                                 branch=branch, rule=title))
    if details:
        return result(LEDGER_WRITABLE, Status.ERROR, *details, *doubts,
                      fix=msg(N_("{steps}; or set ledger.branch in commons.yaml to a branch these rules do not cover."),
                              steps=_joined(fixes)))
    if doubts:
        return result(LEDGER_WRITABLE, Status.WARNING, *doubts,
                      fix=msg(N_("Make sure the bot may write there: the bot's App in the Bypass list of these "
                                 "rulesets (Settings > Rules > Rulesets); or run `commons doctor` with a maintainer's "
                                 "token, who sees the lists.")))
    return result(LEDGER_WRITABLE, Status.OK, msg(N_("the branch {branch}"), branch=branch))


def _joined(parts: Sequence[Message]) -> Message:
    """Messages joined with "; " (each rendered in the reader's language)."""
    out = parts[0]
    for part in parts[1:]:
        out = msg(N_("{first}; {second}"), first=out, second=part)
    return out


def check_required(reads: _Reads, ws: Workspace, gh: _Github, route: str, app_id: int | None) -> Result:
    branch = gh.default_branch
    name = ws.settings.bot.check_name
    facts = reads.branch(branch)
    if facts is None:
        return result(REQUIRED_CHECK, Status.ERROR,
                      msg(N_("The default branch {branch} does not exist on GitHub."), branch=branch),
                      fix=msg(N_("Push the default branch: `git push origin {branch}`."), branch=branch))
    required = [c for rule in reads.rules(branch) if rule.type == "required_status_checks"
                for c in rule.required_checks]
    required += list(facts.required_checks)
    found = [c for c in required if c.context == name]
    if not found:
        now: str | Message = ", ".join(sorted({f'"{c.context}"' for c in required})) or msg(N_("none"))
        return result(REQUIRED_CHECK, Status.ERROR,
                      msg(N_("{branch} does not require the check \"{check}\" (required now: {now}): a pull request "
                             "with errors can be merged."), branch=branch, check=name, now=now),
                      fix=msg(N_("Settings > Rules > Rulesets > the ruleset of {branch} (or New branch ruleset, "
                                 "Target branches: Include default branch) > tick 'Require status checks to pass' > "
                                 "Add checks: \"{check}\" (offered once the bot has run on a pull request)."),
                              branch=branch, check=name))
    bot_app = GITHUB_ACTIONS_APP_ID if route == "actions" else app_id
    pinned = [c.app_id for c in found if c.app_id is not None]
    if bot_app is not None and pinned and bot_app not in pinned and len(pinned) == len(found):
        return result(REQUIRED_CHECK, Status.WARNING,
                      msg(N_("{branch} requires \"{check}\" from the App #{app}, but the bot reports it as the App "
                             "#{bot}: it would never be satisfied."), branch=branch, check=name, app=pinned[0],
                          bot=bot_app),
                      fix=msg(N_("Settings > Rules > Rulesets > the ruleset of {branch} > 'Require status checks to "
                                 "pass': set the source of \"{check}\" to any source, or to the bot's App."),
                              branch=branch, check=name))
    return result(REQUIRED_CHECK, Status.OK, msg(N_("{branch} requires \"{check}\""), branch=branch, check=name))


def _deploys_pages(flows: Sequence[Workflow]) -> Workflow | None:
    return next((wf for wf in flows if any(u.lower() == "actions/deploy-pages" for j in wf.jobs for u in j.uses)),
                None)


def check_pages(reads: _Reads, flows: Sequence[Workflow]) -> Result:
    site = _deploys_pages(flows)
    if site is None:
        return result(PAGES, Status.SKIPPED, msg(N_("No workflow deploys to GitHub Pages.")))
    pages = reads.pages()
    if pages is None:
        return result(PAGES, Status.ERROR,
                      msg(N_("{path} deploys the site, but GitHub Pages is not enabled."), path=site.path))
    if pages.build_type != "workflow":
        return result(PAGES, Status.ERROR,
                      msg(N_("GitHub Pages publishes the branch {branch}, not what {path} deploys."),
                          branch=pages.source_branch or "?", path=site.path))
    return result(PAGES, Status.OK, msg(N_("{url}, deployed by {path}"), url=pages.html_url or "-", path=site.path))


def check_token(reads: _Reads, role: str | None) -> Result:
    if reads.denied:
        return result(TOKEN, Status.WARNING,
                      msg(N_("GitHub refused to show {what} to the token."),
                          what=_joined([msg(_WHAT[w][0]) for w in sorted(reads.denied)])),
                      fix=msg(N_("Give the token {permissions}, or run `commons doctor` with a maintainer's token "
                                 "(`gh auth token`)."), permissions=", ".join(sorted(set(reads.denied.values())))))
    if role:
        return result(TOKEN, Status.OK, msg(N_("role {role} on the repository"), role=role))
    return result(TOKEN, Status.OK)


def _repository(port: SetupPort, repo: str, api_url: str) -> RepoFacts | Result:
    """The repository as GitHub shows it, or the one result saying why it could not be read."""
    try:
        facts = port.repository(repo)
    except GitHubUnreachable as err:
        return result(GH_REPOSITORY, Status.ERROR,
                      msg(N_("GitHub could not be reached at {url}: {error}"), url=api_url or "-", error=str(err)),
                      fix=msg(N_("Check the network, or the API address (--api-url; GitHub Enterprise Server: "
                                 "https://HOST/api/v3).")))
    except GitHubDenied as err:
        return result(GH_REPOSITORY, Status.ERROR,
                      msg(N_("GitHub refused the token ({status}): {error}"), status=err.status or "-", error=str(err)),
                      fix=msg(N_("The token is wrong, expired or revoked: make a new one (`gh auth token`, or "
                                 "Settings > Developer settings > Personal access tokens).")))
    except GitHubError as err:
        return result(GH_REPOSITORY, Status.ERROR, msg(N_("GitHub answered with an error: {error}"), error=str(err)),
                      fix=msg(N_("Run `commons doctor` again in a while; GitHub's status is on githubstatus.com.")))
    if facts is None:
        return result(GH_REPOSITORY, Status.ERROR,
                      msg(N_("{repo} does not exist on GitHub, or the token may not see it."), repo=repo),
                      fix=msg(N_("Check `repository` in commons.yaml (or --repo); for a private repository, give the "
                                 "token access to it.")))
    return facts


def github_checks(ws: Workspace, port: SetupPort, repo: str, flows: Sequence[Workflow],
                  form_labels: Mapping[str, Sequence[str]], *, route: str, app_id: int | None,
                  api_url: str = "") -> list[Result]:
    """The GitHub checks, in order. When the repository cannot be read (no answer, a refused token, no
    such repository) that is the one result; when GitHub stops answering on the way, the rest is skipped."""
    facts = _repository(port, repo, api_url)
    if isinstance(facts, Result):
        return [facts, *(result(c, Status.SKIPPED) for c in GITHUB if c is not GH_REPOSITORY)]
    configured = ws.settings.default_branch
    if facts.default_branch != configured:
        out = [result(GH_REPOSITORY, Status.ERROR,
                      msg(N_("GitHub's default branch is {github}, commons.yaml says {configured}."),
                          github=facts.default_branch, configured=configured),
                      fix=msg(N_("Set `default_branch: {github}` in commons.yaml, or make {configured} the default "
                                 "branch (Settings > General > Default branch)."),
                              github=facts.default_branch, configured=configured))]
    else:
        out = [result(GH_REPOSITORY, Status.OK,
                      msg(N_("{repo}, default branch {branch}"), repo=facts.full_name, branch=facts.default_branch))]
    reads = _Reads(port, repo)
    gh = _Github(facts.default_branch, ws.settings.ledger.branch or facts.default_branch)
    steps: list[tuple[CheckInfo, Callable[[], Result]]] = [
        (LABELS, lambda: check_labels(reads, ws, form_labels)),
        (LEDGER_BRANCH, lambda: check_ledger_branch(reads, gh)),
        (LEDGER_PROTECTED, lambda: check_ledger_protected(reads, gh)),
        (LEDGER_WRITABLE, lambda: check_ledger_writable(reads, gh, route, app_id)),
        (REQUIRED_CHECK, lambda: check_required(reads, ws, gh, route, app_id)),
        (PAGES, lambda: check_pages(reads, flows)),
    ]
    for i, (check, run) in enumerate(steps):
        try:
            out.append(_guarded(reads, check, run))
        except _Stop as stop:
            out.append(result(check, Status.ERROR, msg(N_("GitHub stopped answering: {error}"), error=str(stop)),
                              fix=msg(N_("Check the network, then run `commons doctor` again."))))
            out += [result(c, Status.SKIPPED) for c, _run in steps[i + 1:]]
            out.append(result(TOKEN, Status.SKIPPED))
            return out
    out.append(check_token(reads, facts.role))
    return out


def diagnose(ws: Workspace, port: SetupPort | None = None, repo: str | None = None, *, route: str = "actions",
             app_id: int | None = None, api_url: str = "", flows: Iterable[Workflow] | None = None) -> Diagnosis:
    """Every check: those of the checkout, then, with a port (a token) and a repository, those of GitHub."""
    flows = tuple(workflow_files.workflows(ws.root) if flows is None else flows)
    form_labels = workflow_files.issue_form_labels(ws.root)
    results = [check_policy(ws), check_repository(ws, repo), check_licences(ws), check_partners(ws), check_ledger(ws)]
    notes: list[Message] = []
    if route == "actions":
        results += check_workflows(ws, flows, form_labels)
    else:
        results += [result(c, Status.SKIPPED, msg(N_("The GitHub App runs the bot (--route app)."))) for c in
                    WORKFLOW_CHECKS]
        notes.append(msg(N_("Route: the GitHub App (`commons bot serve`); the workflows were not checked.")))
    results += [check_job_names(ws, flows), check_pre_commit(ws.root)]
    target = repo or ws.settings.repository
    if port is None or not target:
        results += [result(c, Status.SKIPPED) for c in GITHUB]
        notes.append(msg(N_("GitHub's settings were not checked: give a token (--token or GITHUB_TOKEN) to check "
                            "them.")))
    else:
        results += github_checks(ws, port, target, flows, form_labels, route=route, app_id=app_id, api_url=api_url)
    return Diagnosis(tuple(results), target or "", api_url if port is not None else "", route, tuple(notes))
