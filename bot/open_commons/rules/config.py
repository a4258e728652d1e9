# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""CFG: the commons' policy file (commons.yaml). An error here is a configuration error (exit 2)."""

from __future__ import annotations

from collections.abc import Iterable

from open_commons.i18n import N_
from open_commons.model import Commons, Finding, Severity
from open_commons.rules import schema as schema_rules
from open_commons.rules.registry import check, rule

F = "config"

CONFIG_INVALID = rule(
    "CFG001", "config-invalid", Severity.ERROR, family=F,
    title=N_("commons.yaml does not follow its schema"),
    message=N_("commons.yaml: {problem}"),
    fix=N_("Correct commons.yaml against schemas/config.schema.json (`commons rules CFG001`)."),
    why=N_("Every command reads the commons' policy from commons.yaml; a wrong policy would give "
           "wrong verdicts everywhere."),
    example=N_("vocabularies.phases written as a list instead of a set of fields with labels"),
)
CONFIG_MISSING = rule(
    "CFG002", "config-missing", Severity.ERROR, family=F,
    title=N_("No commons.yaml"),
    message=N_("no commons.yaml was found in {root} or above"),
    fix=N_("Run the command inside a commons checkout, or pass --root; a new commons starts from "
           "the commons.yaml of Simplon Open Commons."),
    why=N_("The policy of a commons (vocabularies, licences, reciprocity) lives in commons.yaml."),
    example=N_("Running `commons check` in an empty folder."),
)


@check(F)
def config_schema(commons: Commons) -> Iterable[Finding]:
    doc = commons.config.doc
    schema = commons.schemas.get("config")
    if doc is None or schema is None:
        return
    for finding in schema_rules.validate(doc, schema, "config_version"):
        yield CONFIG_INVALID.at(doc.path, finding.line, finding.column, problem=finding.message)
