# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Pull request opened / synchronize / reopened / edited / ready_for_review: check it and report.

Two halves, so that GitHub Actions can run them in two jobs (DESIGN §6):

- ``compute`` runs ``commons check --base … --head …`` on git objects (the working tree is the
  trusted base) and resolves the author's partner: no token needed. ``PullReport.to_json`` is the
  artifact.
- ``publish`` turns a ``PullReport`` into one check run (annotations in batches of 50, the rest by
  editing the run), one sticky comment and labels. ``PullReport.from_json`` re-validates an
  artifact: rule codes must exist and message templates must be known ones, so that a forged
  artifact cannot make the bot say anything.
"""

# i18n-catalog: bot

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from open_commons.github import comment
from open_commons.github.client import batches
from open_commons.github.context import Bot
from open_commons.i18n import LANGUAGES, N_, _
from open_commons.i18n import render as tr
from open_commons.model import Config, Finding, Message, Settings, Severity
from open_commons.model.github import Annotation, CheckOutput, Outcome, PullRequest, PullRequestEvent
from open_commons.model.report import Report
from open_commons.reporters.escape import (
    ANNOTATION_CHARS,
    CELL_CHARS,
    GITHUB_MAX_SUMMARY,
    Into,
    escape,
    link,
    truncate,
)
from open_commons.urls import rule_url

ACTIONS = ("opened", "synchronize", "reopened", "edited", "ready_for_review")
ARTIFACT_VERSION = 1
MAX_FINDINGS = 2000
_LEVEL = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "notice"}
_LABEL_OF_FAMILY = {"licensing": "licence", "share_alike": "attribution", "parsing": "schema",
                    "schema": "schema", "resources": "schema"}


@dataclass(frozen=True)
class PullReport:
    """The verdict on one head commit of one PR: what ``publish`` needs, nothing more."""

    number: int
    head_sha: str
    base_sha: str
    author: str
    findings: tuple[Finding, ...]
    partner: str | None = None
    maintainer: bool = False
    checked: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def report(self) -> Report:
        return Report(self.findings, self.checked)

    # -- the artifact --------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({
            "v": ARTIFACT_VERSION, "number": self.number, "head_sha": self.head_sha, "base_sha": self.base_sha,
            "author": self.author, "partner": self.partner, "maintainer": self.maintainer,
            "checked": self.checked,
            "findings": [_finding_json(f) for f in self.findings],
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PullReport:
        """Read an artifact, refusing anything that a check of ours could not have produced.

        Raises ValueError only (jsonsafe bounds the size and the depth: an artifact is fork-controlled)."""
        from open_commons.jsonsafe import loads

        data = loads(text, max_depth=16, max_bytes=20_000_000)
        if not isinstance(data, dict) or data.get("v") != ARTIFACT_VERSION:
            raise ValueError("not an Open Commons report (version)")
        findings = data.get("findings")
        if not isinstance(findings, list) or len(findings) > MAX_FINDINGS:
            raise ValueError("findings: not a list, or too long")
        for key, kind in (("number", int), ("head_sha", str), ("base_sha", str), ("author", str), ("checked", int)):
            if not isinstance(data.get(key), kind):
                raise ValueError(f"{key}: wrong type")
        partner = data.get("partner")
        if partner is not None and not isinstance(partner, str):
            raise ValueError("partner: wrong type")
        try:
            parsed = tuple(_finding_from(f) for f in findings)
        except (TypeError, KeyError, AttributeError) as err:  # an unhashable code… (tests/fuzz found it)
            raise ValueError(f"finding: bad shape ({type(err).__name__})") from None
        return cls(data["number"], data["head_sha"], data["base_sha"], data["author"],
                   parsed, partner, data.get("maintainer") is True, data["checked"])


def _msg_json(m: Message | None) -> Any:
    if m is None:
        return None
    return {"t": m.template, "p": {k: _msg_json(v) if isinstance(v, Message) else v for k, v in m.params.items()}}


def _finding_json(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity.value, "path": f.path, "line": f.line, "column": f.column,
            "end_line": f.end_line, "message": _msg_json(f.message), "fix": _msg_json(f.fix)}


@cache
def known_templates() -> frozenset[str]:
    """Every message template of the tool (the msgids of its catalogs)."""
    from babel.messages.pofile import read_po

    from open_commons.i18n import po_files

    ids: set[str] = set()
    for path in po_files("fr"):
        with path.open("rb") as fh:
            ids.update(m.id for m in read_po(fh) if isinstance(m.id, str) and m.id)
    return frozenset(ids)


def _msg_from(raw: Any, depth: int = 0) -> Message | None:
    if raw is None:
        return None
    if depth > 3 or not isinstance(raw, dict) or not isinstance(raw.get("t"), str) or not isinstance(raw.get("p"), dict):
        raise ValueError("message: bad shape")
    if raw["t"] not in known_templates():
        raise ValueError(f"message: unknown template {raw['t'][:60]!r}")
    params: dict[str, Any] = {}
    for k, v in raw["p"].items():
        if isinstance(v, dict):
            params[str(k)] = _msg_from(v, depth + 1)
        elif isinstance(v, (str, int, float, bool)) or v is None:
            params[str(k)] = v if not isinstance(v, str) else v[:4000]
        else:
            params[str(k)] = str(v)[:4000]
    return Message(raw["t"], params)


def _finding_from(raw: Any) -> Finding:
    from open_commons import rules
    from open_commons.rules.registry import RULES

    rules.load_all()
    if not isinstance(raw, dict) or raw.get("code") not in RULES:
        raise ValueError("finding: unknown rule code")
    line, column, end = raw.get("line"), raw.get("column"), raw.get("end_line")
    for v in (line, column, end):
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 1):
            raise ValueError("finding: bad position")
    path = raw.get("path")
    if not isinstance(path, str) or len(path) > 1024 or path.startswith("/") or ".." in path.split("/"):
        raise ValueError("finding: bad path")
    message = _msg_from(raw.get("message"))
    if message is None:
        raise ValueError("finding: no message")
    return Finding(raw["code"], Severity(str(raw.get("severity"))), path, message, _msg_from(raw.get("fix")), line,
                   column, end)


# --------------------------------------------------------------------------- compute


def compute(root: Path, pull: PullRequest, day: str) -> PullReport:
    """The verdict on ``pull`` from a working tree of its base commit (``app.pull``), as an artifact value."""
    from open_commons.app.pull import pull_verdict
    from open_commons.app.workspace import Workspace
    from open_commons.sources.tree import load_config

    verdict = pull_verdict(Workspace(root, load_config(root), today=day), pull)
    return PullReport(verdict.number, verdict.head_sha, verdict.base_sha, verdict.author, verdict.report.findings,
                      verdict.partner, verdict.maintainer, verdict.report.checked_files)


# --------------------------------------------------------------------------- publish


def conclusion(pr: PullReport, config: Config) -> str:
    report = pr.report
    if report.errors:
        return "failure"
    if not pr.partner and not pr.maintainer and config.settings.partners.unregistered_author == "block":
        return "failure"
    return "neutral" if report.warnings else "success"


def annotations(findings: Sequence[Finding], lang: str,  # type: ignore[no-redef]
                settings: Settings | None = None) -> list[Annotation]:
    """One annotation per finding: the message and the fix, then (with ``settings`` whose ``site_url`` is
    set) the address of the rule's page on the site, last, on its own line (annotations are plain text)."""
    out = []
    for f in findings:
        if not f.path:
            continue
        text = tr(f.message, lang) + (("\n" + tr(f.fix, lang)) if f.fix else "")
        url = escape(rule_url(settings, f.code, lang), Into.URL) if settings else ""
        tail = "\n" + _(N_("About this rule: {url}"), lang, url=url) if url else ""
        line = f.line or 1
        out.append(Annotation(f.path, line, max(line, f.end_line or line), _LEVEL[f.severity],
                              escape(text, Into.PLAIN, limit=ANNOTATION_CHARS - len(tail))
                              + escape(tail, Into.PLAIN), f.code))
    return out


def summary(pr: PullReport, lang: str, settings: Settings | None = None) -> tuple[str, str]:
    """The check run's title and summary: a table of the findings, each rule code linked to its page on
    the commons' site when ``settings`` gives the site."""
    report = pr.report
    title = (_(N_("{errors} error(s), {warnings} warning(s)"), lang, errors=report.errors, warnings=report.warnings)
             if report.findings else _(N_("All is well"), lang))
    lines = [_(N_("{files} resource(s) checked in the files this pull request changes."), lang, files=pr.checked), ""]
    if report.findings:
        lines += ["| " + " | ".join((_(N_("file"), lang), _(N_("line"), lang), _(N_("rule"), lang),
                                     _(N_("problem"), lang))) + " |", "|---|---|---|---|"]
        for f in report.findings[:100]:
            msg = escape(tr(f.message, lang), Into.TABLE_CELL, limit=CELL_CHARS)
            code = link(escape(f.code, Into.TABLE_CELL), rule_url(settings, f.code, lang) if settings else None)
            lines.append(f"| {escape(f.path, Into.TABLE_CODE)} | {f.line or ''} | {code} | {msg} |")
    text = "\n".join(lines)
    return title, truncate(text, GITHUB_MAX_SUMMARY, "… " + _(N_("(summary shortened)"), lang))


def wanted_labels(pr: PullReport, config: Config) -> tuple[set[str], set[str]]:
    """(labels to have, labels this bot manages) from commons.yaml ``bot.labels``."""
    from open_commons import rules
    from open_commons.rules.registry import RULES

    rules.load_all()
    names: Mapping[str, str] = config.settings.bot.labels
    keys: set[str] = set()
    for f in pr.findings:
        rule = RULES.get(f.code)
        if f.severity is Severity.ERROR and rule is not None and rule.family in _LABEL_OF_FAMILY:
            keys.add(_LABEL_OF_FAMILY[rule.family])
    if not pr.partner and not pr.maintainer:
        keys.add("unregistered")
    if not pr.report.errors:
        keys.add("ok")
    return {str(names[k]) for k in keys if k in names}, {str(v) for v in names.values()}


def publish(bot: Bot, repo: str, pr: PullReport, config: Config) -> Outcome:
    lang = config.language if config.language in LANGUAGES else "fr"
    port = bot.port
    name = config.settings.bot.check_name
    title, text = summary(pr, lang, config.settings)
    result = conclusion(pr, config)
    notes = annotations(pr.findings, lang, config.settings)  # type: ignore[operator]

    runs = port.check_runs(repo, pr.head_sha, name)
    run = next((r for r in runs if r.status != "completed"), None)
    if run is None:
        run, done = port.create_check_run(repo, name, pr.head_sha), 0
    else:  # a half-done earlier attempt: keep its annotations, send the rest
        done = min(run.annotations_count, len(notes))
    chunks = batches(notes[done:])
    for chunk in chunks[:-1]:
        port.update_check_run(repo, run.id, CheckOutput(title, text, "", tuple(chunk)), conclusion=None)
    port.update_check_run(repo, run.id, CheckOutput(title, text, "", tuple(chunks[-1] if chunks else ())),
                          conclusion=result)

    body = comment.render(pr.report, lang, partner=pr.partner,
                          author=pr.author,
                          unregistered="none" if pr.maintainer else config.settings.partners.unregistered_author,
                          apply_url=config.settings.partners.apply_url, settings=config.settings)
    done_comment, comment_id = comment.upsert(port, repo, pr.number, body)

    want, managed = wanted_labels(pr, config)
    current = set(port.labels(repo, pr.number))
    add = sorted(want - current)
    for label in add:
        port.ensure_label(repo, label)
    port.add_labels(repo, pr.number, add)
    for label in sorted((managed & current) - want):
        port.remove_label(repo, pr.number, label)
    return Outcome("pr_check", "done", f"#{pr.number} {result}",
                   {"conclusion": result, "check_run": run.id, "comment": done_comment, "comment_id": comment_id,
                    "labels": sorted(want)})


def fix_plan(root: Path, pull: PullRequest, pr: PullReport, config: Config, bot: Bot, repo: str) -> Any:
    """The suggestions ``commons fix`` gives on the PR's head (``app.suggest``), or None when no finding
    is fixable or the commons turned them off (``bot.suggestions: false``)."""
    from open_commons import rules
    from open_commons.app import suggest
    from open_commons.rules.registry import RULES

    rules.load_all()
    if not config.settings.bot.suggestions or not any(
            RULES.get(f.code) is not None and RULES[f.code].fixable for f in pr.findings):
        return None
    changed = suggest.pull_fixes(root, pull, bot.clock())
    return suggest.plan(changed, bot.port.pull_patches(repo, pull.number)) if changed else None


def post_suggestions(bot: Bot, repo: str, pull: PullRequest, plan: Any, config: Config) -> str:
    from open_commons.github import suggestions

    if plan is None:
        return "nothing"
    lang = config.language if config.language in LANGUAGES else "fr"
    return suggestions.post(bot, repo, pull, plan, lang, can_command=bool(bot.details.get("app")))


def handle(bot: Bot, event: PullRequestEvent) -> Outcome:
    pull = event.pull
    if event.action not in ACTIONS or pull is None or event.repo is None:
        return Outcome("pr_check", "ignored", f"pull_request {event.action}")
    if pull.state != "open":
        return Outcome("pr_check", "ignored", "closed")
    return check_pull(bot, event.repo.full_name, pull)


def check_pull(bot: Bot, repo: str, pull: PullRequest) -> Outcome:
    """Check a PR and report on it (the App and ``commons bot handle``: both halves in one go), in a
    lease of its base commit that no other delivery touches."""
    from open_commons.model.github import Repository
    from open_commons.sources.tree import load_config

    current = bot.port.get_pull(repo, pull.number)
    if current.head.sha != pull.head.sha:  # a late or replayed delivery: the PR moved on
        return Outcome("pr_check", "ignored", f"#{pull.number} is now at {current.head.sha[:12]}, not "
                       f"{pull.head.sha[:12]}")
    # the commits as the API has them now (a retarget included); where to fetch from, as the event says
    base_repo = pull.base.repo or current.base.repo or Repository(repo)
    with bot.workspace.lease(base_repo, current.base.sha, current, (current.head.sha,)) as root:
        pr = compute(root, current, bot.clock())
        config = load_config(root)
        plan = fix_plan(root, current, pr, config, bot, repo)
    outcome = publish(bot, repo, pr, config)
    outcome.data["suggestions"] = post_suggestions(bot, repo, current, plan, config)
    return outcome
