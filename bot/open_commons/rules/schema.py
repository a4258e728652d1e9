# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""SCH: front-matter against the JSON Schema, with a line and a message in the partner's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from open_commons.i18n import N_
from open_commons.model import Commons, Document, Finding, Message, Resource, Severity, msg
from open_commons.rules.registry import resource_check, rule

F = "schema"

MISSING = rule(
    "SCH001", "missing-field", Severity.ERROR, family=F,
    title=N_("Required field missing"),
    message=N_("the required field '{field}' is missing"),
    fix=N_("Add a line '{field}: …' to the front-matter: {hint}."),
    why=N_("These fields make a resource findable, creditable and reusable: title, authors, dates, "
           "version, type, phases, language, licence tier."),
    example=N_("A front-matter without 'authors'."),
)
UNKNOWN = rule(
    "SCH002", "unknown-field", Severity.ERROR, family=F,
    title=N_("Unknown field"),
    message=N_("the field '{field}' is not part of the schema"),
    fix=N_("Check its spelling against the schema (e.g. 'date_modified', 'is_based_on'), or remove it."),
    why=N_("A misspelt field is silently ignored by every tool: the information is lost."),
    example=N_("datemodified: 2026-03-02  (instead of date_modified)"),
)
WRONG_TYPE = rule(
    "SCH003", "wrong-type", Severity.ERROR, family=F,
    title=N_("Value of the wrong kind"),
    message=N_("'{field}' must be {expected}"),
    fix=N_("Write '{field}' as {expected}, e.g. a list is written [a, b] or with one '- item' per line."),
    why=N_("Tools read each field as one kind of value (text, list, number…)."),
    example=N_("phases: sourcing  (instead of phases: [sourcing])"),
)
INVALID = rule(
    "SCH004", "invalid-value", Severity.ERROR, family=F,
    title=N_("Invalid value"),
    message=N_("'{field}': {problem}"),
    fix=N_("Correct the value of '{field}': {hint}"),
    why=N_("Values follow fixed forms (dates, versions, ids, durations) so that tools can compare them."),
    example=N_("date_modified: 02/03/2026  (instead of 2026-03-02)"),
)
VERSION = rule(
    "SCH005", "unsupported-schema-version", Severity.ERROR, family=F,
    title=N_("Unsupported schema version"),
    message=N_("schema_version {value} is not supported by this version of the tool (supported: {supported})"),
    fix=N_("Write 'schema_version: {supported}', or update the tool (pip install -U open-commons)."),
    why=N_("The front-matter format is versioned so that it can evolve without breaking old files."),
    example=N_("schema_version: 7"),
)

_TYPE_NAMES = {
    "string": N_("text"),
    "array": N_("a list"),
    "object": N_("a set of fields"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "null": N_("empty"),
}

_HINTS: dict[str, str] = {
    "id": N_("the path of the file under content/ without .md, in lower case with dashes, e.g. sourcing/information-collective"),
    "version": N_("a version such as 1.2.0 (major.minor.patch)"),
    "date": N_("a date written YYYY-MM-DD, e.g. 2026-03-02"),
    "time_required": N_("an ISO 8601 duration such as PT3H (3 hours), P2D (2 days), P7M (7 months)"),
    "attachments": N_("a file name in the resource's folder, without '/' or '..', e.g. budget.ods"),
    "github": N_("a GitHub login, letters, digits and dashes"),
    "partner": N_("the id of a partner in partners/, e.g. fabrique-roubaix"),
    "url": N_("a full address starting with https://"),
    "language": N_("a two-letter language code such as fr or en"),
    "source": N_("either 'id: <id of a resource of this commons>' or 'title', 'url' and 'license' for outside material"),
}

# what each required field holds, for the fix of SCH001
_FIELD_HINTS: dict[str, str] = {
    "schema_version": N_("the version of the front-matter format, e.g. 'schema_version: 1'"),
    "id": _HINTS["id"],
    "title": N_("the resource's title, between quotes if it contains a colon"),
    "description": N_("one or two sentences: what the resource is for"),
    "type": N_("the kind of resource, one of the types of commons.yaml, e.g. guide"),
    "phases": N_("the phases the resource serves, as a list, e.g. [sourcing]"),
    "language": _HINTS["language"],
    "version": N_("a version such as 1.0.0 (major.minor.patch)"),
    "status": N_("where the resource stands, e.g. draft or published"),
    "access": N_("public (CC BY-SA, this repository) or partners (validated partners only)"),
    "authors": N_("the people to credit, one '- name: …' line each (they are never removed)"),
    "date_created": _HINTS["date"],
    "date_modified": _HINTS["date"],
}

_validators: dict[int, tuple[Mapping[str, Any], Draft202012Validator, Callable[[Any], Any] | None]] = {}


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _compiled(schema: Mapping[str, Any]) -> Callable[[Any], Any] | None:
    """A compiled validator (fastjsonschema) for the fast path, or None when the schema cannot be compiled.

    Our schemas only use keywords that draft-07 already has, so they compile as draft-07; the
    verdict of the fast path is tested against jsonschema's on every fixture.
    """
    try:
        import fastjsonschema

        draft7 = dict(schema, **{"$schema": "http://json-schema.org/draft-07/schema#"})
        return fastjsonschema.compile(draft7, formats={"date": _is_date})
    except Exception:  # noqa: BLE001 - any failure only disables the fast path
        return None


def validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    return _entry(schema)[1]


def _entry(schema: Mapping[str, Any]) -> tuple[Mapping[str, Any], Draft202012Validator, Callable[[Any], Any] | None]:
    key = id(schema)
    entry = _validators.get(key)
    if entry is None or entry[0] is not schema:
        entry = _validators[key] = (
            schema,
            Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER),
            _compiled(schema),
        )
    return entry


def fast_valid(schema: Mapping[str, Any], data: Any) -> bool:
    """True when the compiled validator accepts ``data`` (False means: ask jsonschema)."""
    fast = _entry(schema)[2]
    if fast is None:
        return False
    try:
        fast(data)
    except Exception:  # noqa: BLE001 - JsonSchemaException or anything odd: take the slow path
        return False
    return True


def field_name(path: Iterable[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "front-matter"


def _hint_for(path: tuple[str | int, ...], error: ValidationError) -> str:
    names = [p for p in path if isinstance(p, str)]
    last = names[-1] if names else ""
    if error.validator == "oneOf" and "is_based_on" in names:
        return _HINTS["source"]
    if last.startswith("date") or last == "date" or error.validator_value == "date":
        return _HINTS["date"]
    if last in _HINTS:
        return _HINTS[last]
    if "translations" in names or last == "translation_of" or ("is_based_on" in names and last == "id"):
        return _HINTS["id"]
    return ""


_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def french_date(value: object) -> str | None:
    """The ISO form of a date written day/month/year (05/01/2026 -> 2026-01-05), or None."""
    match = _FRENCH_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _problem(error: ValidationError) -> Message:
    v, val = error.validator, error.validator_value
    if v == "enum":
        return msg(N_("must be one of: {allowed}"), allowed=", ".join(map(str, val)))
    if v == "const":
        return msg(N_("must be {allowed}"), allowed=str(val))
    if v in ("pattern", "format"):
        return msg(N_("'{value}' does not have the expected form"), value=_short(error.instance))
    if v == "minLength":
        return msg(N_("is too short (at least {n} characters)"), n=val)
    if v == "maxLength":
        return msg(N_("is too long (at most {n} characters)"), n=val)
    if v == "minItems":
        return msg(N_("needs at least {n} item(s)"), n=val)
    if v == "maxItems":
        return msg(N_("has more than {n} item(s)"), n=val)
    if v == "uniqueItems":
        return msg(N_("has the same item twice"))
    if v in ("oneOf", "anyOf", "not"):
        return msg(N_("this entry does not have the expected fields"))
    if v == "propertyNames":
        return msg(N_("'{value}' is not an accepted key here"), value=_short(error.instance))
    return msg(N_("'{value}' is not accepted here"), value=_short(error.instance))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def validate(doc: Document, schema: Mapping[str, Any], version_field: str | None = None) -> list[Finding]:
    """Findings of a document's data against a schema, each with its line."""
    data = doc.data
    if data is None:
        return []
    if version_field:
        supported = schema.get("properties", {}).get(version_field, {}).get("const")
        value = data.get(version_field)
        if value is not None and supported is not None and value != supported:
            return [VERSION.at(doc.path, *doc.pos(version_field), value=value, supported=supported)]
    if fast_valid(schema, data):
        return []
    findings: list[Finding] = []
    missing: dict[tuple[str | int, ...], list[str]] = {}
    invalid: set[tuple[str | int, ...]] = set()
    for error in validator(schema).iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            # jsonschema gives one error per missing field, each naming the whole list: gather the names once
            instance = error.instance if isinstance(error.instance, Mapping) else {}
            names = missing.setdefault(path, [])
            names.extend(f for f in error.validator_value if f not in instance and f not in names)
            continue
        if error.validator in ("format", "pattern"):
            # a date like 05/01/2026 fails both its format and its pattern: one finding per value
            if path in invalid:
                continue
            invalid.add(path)
        findings.extend(_translate(doc, error))
    for path, names in missing.items():
        where = doc.pos(*path) if path else (doc.yaml_line, 1)
        for name in names:  # one finding per missing field: each is one thing to add
            hint = _FIELD_HINTS.get(name) if not path else None
            findings.append(MISSING.at(doc.path, *where, field=field_name((*path, name)),
                                       hint=msg(hint or N_("see the schema in schemas/ for what it holds"))))
    return sorted(findings, key=lambda f: f.sort_key)


def _translate(doc: Document, error: ValidationError) -> Iterable[Finding]:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        known = set(error.schema.get("properties", {}))
        for key in instance:
            if key not in known:
                yield UNKNOWN.at(doc.path, *doc.pos(*path, key), field=field_name((*path, key)))
        return
    if error.validator == "oneOf" and "is_based_on" in path and isinstance(error.instance, Mapping) \
            and {"title", "url"} <= set(error.instance) and not {"id", "license"} & set(error.instance):
        return  # only the licence is missing: LIC015 says so, in words
    if error.validator == "type" and path and path[-1] == "version" and isinstance(error.instance, (int, float)) \
            and not isinstance(error.instance, bool):
        # version: 1.2 is read as a number: say so, and give the version to write
        numbers = str(error.instance).split(".")
        suggested = ".".join([*numbers, "0", "0"][:3])
        yield INVALID.at(doc.path, *doc.pos(*path), field=field_name(path),
                         problem=msg(N_("{value} is read as a number, not as a version"), value=str(error.instance)),
                         hint=msg(N_("write '{field}: {suggested}' (three numbers: major.minor.patch)"),
                                  field=str(path[-1]), suggested=suggested))
        return
    if error.validator == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        yield WRONG_TYPE.at(
            doc.path, *doc.pos(*path), field=field_name(path),
            expected=msg(_TYPE_NAMES.get(names[0], names[0])),
        )
        return
    iso = french_date(error.instance)
    hint = (msg(N_("write {iso} (year-month-day) instead of {value}"), iso=iso, value=str(error.instance))
            if iso else msg(_hint_for(path, error) or N_("see the schema in schemas/")))
    yield INVALID.at(doc.path, *doc.pos(*path), field=field_name(path), problem=_problem(error), hint=hint)


@resource_check(F)
def resource_schema(res: Resource, commons: Commons) -> Iterable[Finding]:
    schema = commons.schemas.get("resource")
    if schema is None:
        return []
    return validate(res.doc, schema, "schema_version")
