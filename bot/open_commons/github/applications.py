# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Partner applications: the issue form ``partner-application.yml`` -> checked answers, next steps
and a ready ``partners/<id>.yaml`` for maintainers to commit, in one comment kept up to date.

The answers are untrusted text: they are parsed, checked and quoted (JSON strings are valid YAML),
never interpreted.
"""

# i18n-catalog: bot

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from open_commons.github.context import Bot
from open_commons.i18n import LANGUAGES, N_, _
from open_commons.model.github import IssuesEvent, Outcome, Repository
from open_commons.reporters.escape import GITHUB_MAX_BODY, Into, escape, fence, truncate

MARKER = "<!-- open-commons:application -->"
LABEL = "candidature partenaire"  # set by the issue form
LABEL_READY = "candidature complète"
LABEL_INCOMPLETE = "candidature incomplète"
KINDS = ("ecole-2e-chance", "epide", "mission-locale", "greta", "afpa", "association", "inclusion-employer",
         "ess-company", "training-organisation", "public-body", "company", "other")
CHARTER = "communaute/charte-de-reciprocite"
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")
NO_RESPONSE = ("_no response_", "_pas de réponse_", "")
ECHO_CHARS = 40  # an invalid answer is quoted back, escaped, at most this long
MAX_ENTRIES = 20  # accounts and contacts taken from one application
MAX_PROBLEMS = 20  # problems listed in the comment

# heading of the form field (French or English) -> key
FIELDS = {
    "organisation": "name", "organization": "name",
    "type de structure": "kind", "kind of organisation": "kind",
    "territoire": "territory", "territory": "territory",
    "site web": "website", "website": "website",
    "projet": "project", "project": "project",
    "finalité sociale": "purpose", "social purpose": "purpose",
    "contacts": "contacts",
    "comptes github": "logins", "github accounts": "logins",
    "charte de réciprocité": "charter", "reciprocity charter": "charter",
}
REQUIRED = ("name", "kind", "territory", "project", "purpose", "contacts", "logins")


@dataclass
class Application:
    answers: dict[str, str]
    problems: list[str] = field(default_factory=list)  # rendered messages
    logins: list[str] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    charter: bool = False
    pid: str = ""


def parse_form(body: str) -> dict[str, str]:
    """The answers of a GitHub issue form body (``### Label`` then the answer)."""
    answers: dict[str, str] = {}
    key: str | None = None
    chunk: list[str] = []
    for line in (body or "").replace("\r\n", "\n").split("\n") + ["### "]:
        if line.startswith("### "):
            if key is not None:
                text = "\n".join(chunk).strip()
                answers[key] = "" if text.lower() in NO_RESPONSE else text
            heading = line[4:].strip().rstrip("*").strip().lower()
            key = FIELDS.get(heading)
            chunk = []
        elif key is not None:
            chunk.append(line)
    return answers


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def check(answers: Mapping[str, str], lang: str, *, known_ids: set[str], registered: Mapping[str, str]) -> Application:
    """Check the answers; ``registered`` maps a GitHub login to the partner it already belongs to."""
    app = Application(dict(answers))
    labels = {"name": N_("Organisation"), "kind": N_("Kind of organisation"), "territory": N_("Territory"),
              "project": N_("Project"), "purpose": N_("Social purpose"), "contacts": N_("Contacts"),
              "logins": N_("GitHub accounts")}
    for key in REQUIRED:
        if not answers.get(key):
            app.problems.append(_(N_("The answer '{field}' is missing."), lang, field=_(labels[key], lang)))
    kind = (answers.get("kind") or "").split()[0].strip() if answers.get("kind") else ""
    if kind and kind not in KINDS:
        app.problems.append(_(N_("'{kind}' is not a kind of organisation of this commons: choose one of {kinds}."),
                              lang, kind=escape(kind, Into.MARKDOWN, limit=ECHO_CHARS), kinds=", ".join(KINDS)))
    app.answers["kind"] = kind if kind in KINDS else "other"
    for raw in re.split(r"[\s,;]+", answers.get("logins", "")):
        login = raw.strip().lstrip("@")
        if not login:
            continue
        if not _LOGIN.match(login):
            app.problems.append(_(N_("'{login}' is not a GitHub account name."), lang,
                                  login=escape(login, Into.MARKDOWN, limit=ECHO_CHARS)))
        elif login.lower() in registered:
            app.problems.append(_(N_("The GitHub account '{login}' already belongs to the partner '{partner}'."),
                                  lang, login=login, partner=registered[login.lower()]))
        elif login.lower() not in app.logins:
            app.logins.append(login.lower())
    if len(app.logins) > MAX_ENTRIES:
        app.logins = app.logins[:MAX_ENTRIES]
        app.problems.append(_(N_("Only the first {count} GitHub accounts are taken: a maintainer can add more "
                                 "later."), lang, count=MAX_ENTRIES))
    for line in (answers.get("contacts") or "").splitlines():
        line = line.strip(" -*\t")
        if not line:
            continue
        email = _EMAIL.search(line)
        name = _EMAIL.sub("", line).replace("<>", "").strip(" ,;<>()")
        contact = {"name": name} if name else {}
        if email:
            contact["email"] = email.group(0)
        if contact:
            app.contacts.append(contact)
    del app.contacts[MAX_ENTRIES:]
    if answers.get("contacts") and not any("email" in c for c in app.contacts):
        app.problems.append(_(N_("Give at least one contact with an email address."), lang))
    app.charter = bool(re.search(r"-\s*\[[xX]\]", answers.get("charter", "")))
    if not app.charter:
        app.problems.append(_(N_("The reciprocity charter must be accepted (tick the box in the form)."), lang))
    app.pid = slug(answers.get("name", ""))
    if app.pid and app.pid in known_ids:
        app.problems.append(_(N_("A partner with the id '{id}' already exists: is your organisation already a "
                                 "partner?"), lang, id=app.pid))
    return app


def _q(text: str) -> str:
    """A YAML string that keeps the value and breaks no line (U+0085, U+2028… escaped)."""
    return escape(text, Into.YAML_STRING)


def partner_yaml(app: Application, day: str, charter_version: str, issue_url: str) -> str:
    a = app.answers
    out = [
        "# " + escape(f"{a.get('name', '')[:200]}: application {issue_url}", Into.YAML_COMMENT),
        "schema_version: 1",
        f"id: {app.pid or 'to-be-named'}",
        f"name: {_q(a.get('name', '')[:200])}",
        f"kind: {a.get('kind', 'other')}",
        f"territory: {_q(a.get('territory', '')[:200])}",
    ]
    if a.get("website", "").startswith("https://"):
        out.append(f"website: {_q(a['website'].split()[0])}")
    out.append(f"description: {_q(' '.join((a.get('purpose') or '').split())[:1000])}")
    out += ["status: applicant", "history:", "  - status: applicant", f"    since: {day}"]
    if app.charter:
        out += ["commitment:", f"  charter: {CHARTER}", f"  version: {charter_version}", f"  signed_on: {day}"]
    if app.contacts:
        out.append("contacts:")
        for c in app.contacts:
            first = True
            for k in ("name", "email"):
                if k in c:
                    out.append(f"  {'- ' if first else '  '}{k}: {_q(c[k][:200])}")
                    first = False
    out.append("identities:")
    for login in app.logins or ["TO-BE-FILLED"]:
        out += [f"  - github: {login}", f"    since: {day}"]
    return "\n".join(out) + "\n"


def render(app: Application, lang: str, yaml_text: str, partners_root: str) -> str:
    lines = [MARKER, ""]
    if app.problems:
        lines += ["### " + _(N_("Thank you! A few answers need to be completed"), lang), ""]
        lines += [f"- {p}" for p in app.problems[:MAX_PROBLEMS]]
        if len(app.problems) > MAX_PROBLEMS:
            lines.append("- " + _(N_("… and {count} more."), lang, count=len(app.problems) - MAX_PROBLEMS))
        lines += ["", _(N_("Edit the description of this issue: this comment will be updated."), lang)]
    else:
        lines += ["### " + _(N_("Thank you! Your application is complete"), lang), ""]
    lines += ["", "**" + _(N_("Next steps"), lang) + "**", "",
              "1. " + _(N_("A maintainer of the commons reviews your project and its social purpose."), lang),
              "2. " + _(N_("Once it is validated, they commit the file below as {path} and set its status to "
                           "'validated'."), lang, path=escape(f"{partners_root}/{app.pid or '…'}.yaml", Into.CODE)),
              "3. " + _(N_("From then on, the pull requests of the accounts listed are credited to your "
                           "organisation in the ledger."), lang),
              "", fence(yaml_text, "yaml"), ""]
    return truncate("\n".join(lines), GITHUB_MAX_BODY, "… " + _(N_("(comment shortened)"), lang) + "\n")


def handle(bot: Bot, event: IssuesEvent) -> Outcome:
    if event.action not in ("opened", "edited", "labeled") or event.repo is None:
        return Outcome("applications", "ignored", f"issues {event.action}")
    if LABEL not in event.labels:
        return Outcome("applications", "ignored", "not an application")
    if event.author is not None and event.author.is_bot:
        return Outcome("applications", "ignored", "opened by a bot")
    repo: Repository = event.repo
    port = bot.port
    # the policy and the registry: the default branch as the workspace has it
    with bot.workspace.lease(repo, port.branch_sha(repo.full_name, repo.default_branch) or "") as root:
        return _answer(bot, event, repo, root)


def _answer(bot: Bot, event: IssuesEvent, repo: Repository, root: Path) -> Outcome:
    from open_commons.identity import Registry
    from open_commons.model.partners import IdentityKind
    from open_commons.sources.partners import load_documents, partners_from, partners_root
    from open_commons.sources.tree import load_config

    port = bot.port
    config = load_config(root)
    lang = config.language if config.language in LANGUAGES else "fr"
    partners = partners_from(load_documents(root, config), partners_root(config))
    day = bot.clock()
    registry = Registry(partners)
    registered = {i.value: p.id for p in partners for i in p.identities
                  if i.kind is IdentityKind.GITHUB and i.active_at(day)}
    del registry
    app = check(parse_form(event.body), lang, known_ids={p.id for p in partners}, registered=registered)
    version = _charter_version(root, config)
    html = f"https://github.com/{repo.full_name}/issues/{event.number}"
    body = render(app, lang, partner_yaml(app, day, version, html), partners_root(config))

    found = [c for c in port.comments(repo.full_name, event.number) if MARKER in c.body and c.author.is_bot]
    if not found:
        port.create_comment(repo.full_name, event.number, body)
    elif found[0].body.strip() != body.strip():
        port.edit_comment(repo.full_name, found[0].id, body)
    want = LABEL_INCOMPLETE if app.problems else LABEL_READY
    other = LABEL_READY if app.problems else LABEL_INCOMPLETE
    current = set(port.labels(repo.full_name, event.number))
    if want not in current:
        port.ensure_label(repo.full_name, want)
        port.add_labels(repo.full_name, event.number, [want])
    if other in current:
        port.remove_label(repo.full_name, event.number, other)
    return Outcome("applications", "done", f"#{event.number} {want}",
                   {"problems": len(app.problems), "id": app.pid, "label": want})


def _charter_version(root, config) -> str:  # type: ignore[no-untyped-def]
    from open_commons.sources.files import read
    from open_commons.sources.frontmatter import markdown_document

    path = f"{config.content_root}/{CHARTER}.md"
    try:
        doc = markdown_document(read(root, path, config.max_file_bytes))
    except Exception:  # noqa: BLE001 - no charter file: a default
        return "1.0.0"
    value = (doc.data or {}).get("version")
    return str(value) if isinstance(value, str) else "1.0.0"
