# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""PTN: the partner registry (partners/<id>.yaml): schema, ids, status history, identity conflicts."""

# i18n-catalog: ledger

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from open_commons.i18n import N_
from open_commons.identity import Registry
from open_commons.model import Commons, Document, Finding, Severity
from open_commons.model.partners import Mailmap, Partner, parse_mailmap, partner_from_data
from open_commons.rules import schema as schema_rules
from open_commons.rules.registry import check, did_you_mean, rule

F = "partners"

INVALID = rule(
    "PTN001", "partner-invalid", Severity.ERROR, family=F,
    title=N_("Partner file does not follow its schema"),
    message=N_("partner file: {problem}"),
    fix=N_("Correct the file against schemas/partner.schema.json (`commons rules PTN001`); "
           "`commons partners show ID` shows how it is read."),
    why=N_("Contributions are credited to partners through this file: a wrong file means wrong "
           "credit in the ledger and the audit."),
    example=N_("status: valide  (instead of validated)"),
)
ID_MISMATCH = rule(
    "PTN002", "partner-id-mismatch", Severity.ERROR, family=F,
    title=N_("Partner id differs from its file name"),
    message=N_("the id '{id}' does not match the file name, which calls for '{expected}'"),
    fix=N_("Write 'id: {expected}' or rename the file to partners/{id}.yaml."),
    why=N_("Resources and ledger records name partners by id; the file is found by that id."),
    example=N_("partners/fabrique-roubaix.yaml holding id: roubaix"),
)
STATUS = rule(
    "PTN003", "partner-status-history", Severity.ERROR, family=F,
    title=N_("Status and history disagree"),
    message=N_("{problem}"),
    fix=N_("List the status changes oldest first, with dates that only go forward; the last one "
           "is the current 'status'."),
    why=N_("The audit judges reciprocity from the validation date and the status at each date."),
    example=N_("status: validated, with a history ending with 'suspended'"),
)
CONFLICT = rule(
    "PTN004", "identity-conflict", Severity.ERROR, family=F,
    title=N_("One identity belongs to two partners at the same time"),
    message=N_("{identity} is listed for '{first}' and for '{second}' over overlapping dates: "
               "nobody is credited through it while both hold"),
    fix=N_("Give the two entries date ranges that do not overlap ('until' on the old partner, "
           "'since' on the new one), or remove one of them."),
    why=N_("People move between organisations; an identity maps to one partner on a given day, "
           "or the credit would be a guess."),
    example=N_("github: awadiallo in partners/a.yaml and partners/b.yaml, both without dates"),
)
RANGE = rule(
    "PTN005", "identity-range", Severity.ERROR, family=F,
    title=N_("Identity date range is reversed"),
    message=N_("{identity}: 'until' ({until}) is before 'since' ({since})"),
    fix=N_("Swap the two dates or correct them."),
    why=N_("An identity with an empty date range never counts: its contributions would be lost."),
    example=N_("since: 2025-01-01, until: 2024-06-30"),
)
DUPLICATE = rule(
    "PTN006", "identity-duplicate", Severity.WARNING, family=F,
    title=N_("Identity listed twice for the same partner"),
    message=N_("{identity} is listed twice with overlapping dates"),
    fix=N_("Keep one entry, with the widest date range."),
    why=N_("A duplicate hides which date range is meant."),
    example=N_("two '- domain: simplon.co' entries"),
)
UNKNOWN = rule(
    "PTN007", "unknown-partner", Severity.ERROR, family=F,
    title=N_("Partner id not in the registry"),
    message=N_("'{id}' is not the id of a partner in {folder}/{suggestion}"),
    fix=N_("Write the id of a registered partner (the name of its file in {folder}/, without .yaml), or "
           "register the partner first (`commons rules PTN007`)."),
    why=N_("Credit goes to partners by id: an id that names no partner file credits nobody, and the "
           "ledger and the audit lose the contribution."),
    example=N_("partner: fabrique-roubiax  (instead of fabrique-roubaix)"),
)
_PARTNER_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def partner_documents(commons: Commons) -> list[Document]:
    root = commons.config.settings.partners.root
    return [d for d in commons.documents if d.path.startswith(root + "/")]


def partners_of(commons: Commons) -> list[Partner]:
    out = []
    for doc in partner_documents(commons):
        partner = partner_from_data(doc.data, doc.path) if doc.data is not None else None
        if partner is not None:
            out.append(partner)
    return out


def mailmap_of(commons: Commons) -> Mailmap:
    text = commons.texts.get(".mailmap") if hasattr(commons, "texts") else None
    return parse_mailmap(text) if text else Mailmap()


def registry_of(commons: Commons) -> Registry:
    return Registry(partners_of(commons), mailmap_of(commons))


@check(F)
def partner_files(commons: Commons) -> Iterable[Finding]:
    schema = commons.schemas.get("partner")
    for doc in partner_documents(commons):
        if doc.data is None:
            continue  # the FM rules report why it cannot be read
        if schema is not None:
            for finding in schema_rules.validate(doc, schema, "schema_version"):
                yield INVALID.at(doc.path, finding.line, finding.column, problem=finding.message)
        expected = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        pid = doc.data.get("id")
        if isinstance(pid, str) and pid != expected:
            yield ID_MISMATCH.at(doc.path, doc.line_of("id"), id=pid, expected=expected)
        partner = partner_from_data(doc.data, doc.path)
        if partner is None:
            continue
        yield from _status(doc, partner)
        yield from _identities(doc, partner)


def _status(doc: Document, partner: Partner) -> Iterable[Finding]:
    from open_commons.model import msg

    history = partner.history
    for i in range(1, len(history)):
        if history[i].since < history[i - 1].since:
            yield STATUS.at(doc.path, doc.line_of("history", i, "since"),
                            problem=msg(N_("the change on {day} comes after a later one ({previous})"),
                                        day=history[i].since, previous=history[i - 1].since))
    if history and isinstance(doc.data, dict) and doc.data.get("status") != history[-1].status.value:
        yield STATUS.at(doc.path, doc.line_of("status"),
                        problem=msg(N_("the status is '{status}' but the last change in history is '{last}'"),
                                    status=str(doc.data.get("status")), last=history[-1].status.value))


def _identities(doc: Document, partner: Partner) -> Iterable[Finding]:
    from open_commons.model.partners import ranges_overlap

    seen: dict[str, list] = {}  # type: ignore[type-arg]
    for ident in partner.identities:
        # the line is looked up only for a finding: it re-reads the file with the round-trip loader
        if ident.since and ident.until and ident.until < ident.since:
            yield RANGE.at(doc.path, doc.line_of("identities", ident.index), identity=ident.key, since=ident.since,
                           until=ident.until)
        for other in seen.get(ident.key, ()):
            if ranges_overlap((ident.since, ident.until), (other.since, other.until)):
                yield DUPLICATE.at(doc.path, doc.line_of("identities", ident.index), identity=ident.key)
                break
        seen.setdefault(ident.key, []).append(ident)


@check(F)
def identity_conflicts(commons: Commons) -> Iterable[Finding]:
    docs = {d.path: d for d in partner_documents(commons)}
    registry = registry_of(commons)
    for conflict in registry.conflicts():
        (first, _ident_a), (second, ident_b) = conflict.first, conflict.second
        partner_path = registry.partners[second].path
        doc = docs.get(partner_path)
        line = doc.line_of("identities", ident_b.index) if doc else None
        yield CONFLICT.at(partner_path or "partners", line, identity=conflict.key, first=first, second=second)


def _cited(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Where a resource names a partner: authors[].partner, contributors[].partner, changes[].by (when it is
    written as an id: a person's name is allowed there) and a list ``partners``."""
    if not isinstance(data, Mapping):
        return
    for key in ("authors", "contributors"):
        people = data.get(key)
        for i, person in enumerate(people if isinstance(people, list) else ()):
            if isinstance(person, Mapping) and isinstance(person.get("partner"), str):
                yield (key, i, "partner"), person["partner"]
    changes = data.get("changes")
    for i, change in enumerate(changes if isinstance(changes, list) else ()):
        by = change.get("by") if isinstance(change, Mapping) else None
        if isinstance(by, str) and _PARTNER_ID.match(by):
            yield ("changes", i, "by"), by
    partners = data.get("partners")
    for i, pid in enumerate(partners if isinstance(partners, list) else ()):
        if isinstance(pid, str):
            yield ("partners", i), pid


@check(F)
def unknown_partners(commons: Commons) -> Iterable[Finding]:
    """Every partner id a resource cites is a file of the registry (a commons without a registry is not checked)."""
    docs = partner_documents(commons)
    if not docs:
        return
    known = sorted({d.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] for d in docs})
    folder = commons.config.settings.partners.root
    for res in commons.resources:
        for where, pid in _cited(res.doc.data):
            if pid in known:
                continue
            yield UNKNOWN.at(res.path, *res.doc.pos(*where), id=pid, folder=folder,
                             suggestion=did_you_mean(pid, known))
