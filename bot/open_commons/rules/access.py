# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""ACC: partners-only access (``commons access plan|apply``): what stops or qualifies a change of team membership.

The registry itself is judged by the PTN rules (schema, status history, two partners claiming one
login, reversed date ranges); ``registry_findings`` runs them on the partner documents so that the
access plan refuses the registry ``commons check`` refuses. Pure: documents and values in, findings out.
"""

# i18n-catalog: ledger

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from open_commons.i18n import N_
from open_commons.model import Commons, Config, Document, Finding, Severity, msg
from open_commons.rules import partners as partner_rules
from open_commons.rules.registry import rule

F = "access"

LOGIN_UNKNOWN = rule(
    "ACC001", "access-login-unknown", Severity.ERROR, family=F,
    title=N_("GitHub login does not exist"),
    message=N_("'{login}' ({partner}) is not a GitHub account: it cannot be given access to the partners-only "
               "content"),
    fix=N_("Correct the login in the partner file (the name in the address github.com/LOGIN), or remove the "
           "identity; nothing is applied until then."),
    why=N_("A mistyped login would invite a stranger who happens to own it, or fail on every run."),
    example=N_("github: awa-dialo  (instead of awadiallo)"),
)
NO_LOGIN = rule(
    "ACC002", "access-identity-without-login", Severity.WARNING, family=F,
    title=N_("Identity of a validated partner without a GitHub login"),
    message=N_("{identity} ({partner}) has no GitHub login: this person cannot be given access to the "
               "partners-only content"),
    fix=N_("Write the person's identity as 'github: LOGIN' with the email under 'emails:'."),
    why=N_("Access to the partners-only repository goes through GitHub accounts; an email alone opens nothing."),
    example=N_("- email: awa@fabrique.example  (without github:)"),
)
ENDED = rule(
    "ACC003", "access-identity-ended", Severity.WARNING, family=F,
    title=N_("Identity ended but access still held"),
    message=N_("{login} ({partner}) still has access, but the identity ended on {until}: the access is removed"),
    fix=N_("Nothing to do if the person left {partner}; if not, extend or remove 'until' in the partner file."),
    why=N_("Access follows the date ranges of the registry: a person who left a partner stops reading the "
           "partners-only content."),
    example=N_("github: awadiallo, until: 2026-05-31, still in the team in June"),
)
GUARD = rule(
    "ACC004", "access-removal-guard", Severity.ERROR, family=F,
    title=N_("Too many removals at once"),
    message=N_("the plan removes {removals} of the {members} member(s) of the team '{team}' ({share} %), more "
               "than the {limit} % the policy allows: nothing is applied"),
    fix=N_("Check the partner registry first (a file deleted, a status changed by mistake?). If the removals "
           "are right, raise partners.access.max_removal_share in commons.yaml for one run."),
    why=N_("A broken or truncated registry would otherwise lock every partner out in one run."),
    example=N_("partners/ emptied by a bad merge: every partner login would be removed"),
)

ORGANIZATION = rule(
    "ACC005", "access-login-is-organization", Severity.WARNING, family=F,
    title=N_("Organisation account listed as a person"),
    message=N_("'{login}' ({partner}) is an organisation account: GitHub does not let it join a team, it is "
               "left out"),
    fix=N_("List each person's own login for access; the organisation's login may stay for credit."),
    why=N_("Access is given to people; adding an organisation to a team fails on every run."),
    example=N_("github: simplon  (the organisation, not a person)"),
)

def registry_findings(documents: Sequence[Document], config: Config, schema: Mapping[str, Any] | None,
                      mailmap: str | None = None) -> list[Finding]:
    """The PTN findings of the partner documents (as ``commons check`` gives them)."""
    commons = Commons(config=config, resources=(), documents=tuple(documents),
                      schemas={"partner": schema} if schema is not None else {},
                      texts={".mailmap": mailmap} if mailmap else {})
    out: list[Finding] = []
    for doc in documents:
        if doc.data is None:
            detail = ", ".join(p.detail or p.kind.value for p in doc.problems) or "unreadable"
            line = next((p.line for p in doc.problems if p.line), None)
            out.append(partner_rules.INVALID.at(doc.path, line, problem=msg(N_("cannot be read: {detail}"),
                                                                              detail=detail)))
    out += partner_rules.partner_files(commons)
    out += partner_rules.identity_conflicts(commons)
    return sorted(out, key=lambda f: f.sort_key)

