# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""RES: what a schema cannot check: ids, dates, attachments, references, vocabularies, translations."""

from __future__ import annotations

import re
from collections.abc import Iterable

from open_commons.i18n import N_
from open_commons.model import Commons, Finding, Resource, Severity, msg
from open_commons.rules.registry import check, did_you_mean, resource_check, rule

F = "resources"
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

ID_PATH = rule(
    "RES001", "id-path-mismatch", Severity.ERROR, family=F,
    title=N_("Id does not match the file's path"),
    message=N_("the id '{id}' does not match the file's path (expected '{expected}')"),
    fix=N_("Write 'id: {expected}', or move the file to content/{id}.md."),
    why=N_("The id is how other resources, the ledger and the site refer to a resource; it is its "
           "path, so that it is unique and easy to find."),
    example=N_("content/sourcing/grille.md with id: sourcing/grille-de-selection"),
)
DUPLICATE_ID = rule(
    "RES002", "duplicate-id", Severity.ERROR, family=F,
    title=N_("Id used twice"),
    message=N_("the id '{id}' is also used by {other}"),
    fix=N_("Give each resource its own id (its path under content/)."),
    why=N_("Two resources with one id cannot be told apart by references, the ledger or the site."),
    example=N_("Two files both declaring id: sourcing/grille"),
)
DATES = rule(
    "RES003", "dates-out-of-order", Severity.ERROR, family=F,
    title=N_("Modified before created"),
    message=N_("date_modified ({modified}) is before date_created ({created})"),
    fix=N_("Set date_modified to the date of the last change (today for a change you are making)."),
    why=N_("The dates tell re-users how fresh a resource is."),
    example=N_("date_created: 2026-03-02 with date_modified: 2025-01-01"),
)
ATTACHMENT = rule(
    "RES004", "attachment-missing", Severity.ERROR, family=F,
    title=N_("Attachment not found"),
    message=N_("the attachment '{name}' is not in the resource's folder"),
    fix=N_("Add the file {path} (same folder as the resource), or remove '{name}' from attachments."),
    why=N_("A template announced but missing cannot be downloaded or credited."),
    example=N_("attachments: [budget.ods] with no budget.ods beside the resource"),
)
REFERENCE = rule(
    "RES005", "unresolved-reference", Severity.ERROR, family=F,
    title=N_("Reference to an unknown resource"),
    message=N_("'{field}' refers to '{id}', which is not a resource of this commons"),
    fix=N_("Use the id of an existing resource (its path under content/ without .md), or describe "
           "outside material with title, url and license."),
    why=N_("Attribution follows these links: a broken one loses the credit of the original authors."),
    example=N_("is_based_on: [{{id: sourcing/old-name}}] after a rename"),
)
VOCABULARY = rule(
    "RES006", "unknown-vocabulary", Severity.ERROR, family=F,
    title=N_("Value not in the commons' vocabulary"),
    message=N_("'{value}' is not a known value of '{field}'{suggestion}"),
    fix=N_("Use one of: {allowed} (the vocabularies are in commons.yaml)."),
    why=N_("Resources are browsed and filtered by these values; a new value must be added to "
           "commons.yaml first, with its French and English labels."),
    example=N_("type: tuto  (instead of tutorial)"),
)
SECTION = rule(
    "RES007", "outside-section", Severity.ERROR, family=F,
    title=N_("Resource outside a phase folder"),
    message=N_("the resource is not in a folder of a phase or section ({allowed})"),
    fix=N_("Move the file into content/<phase>/, e.g. content/sourcing/{name}."),
    why=N_("The folder says which phase of the method a resource belongs to."),
    example=N_("content/my-guide.md or content/misc/my-guide.md"),
)
TRANSLATION = rule(
    "RES008", "translation-link-broken", Severity.ERROR, family=F,
    title=N_("Translation link does not hold both ways"),
    message=N_("{problem}"),
    fix=N_("The translation says 'translation_of: <original id>' and the original says "
           "'translations: {{<language>: <translation id>}}'; make both agree."),
    why=N_("Readers switch between languages through these links; a one-way link strands them."),
    example=N_("information-collective.en.md says translation_of: sourcing/information-collective, "
               "but the French file has no translations field"),
)
VERSION_CHANGES = rule(
    "RES009", "version-not-last-change", Severity.ERROR, family=F,
    title=N_("Version differs from the last change"),
    message=N_("version is {version} but the last entry of 'changes' says {last}"),
    fix=N_("Make 'version' equal to the version of the last 'changes' entry ({last})."),
    why=N_("The history of changes and the version must tell the same story."),
    example=N_("version: 1.0.0 with a last change 'version: 1.1.0'"),
)
LAST_CHANGE_DATE = rule(
    "RES010", "change-after-modified", Severity.ERROR, family=F,
    title=N_("A change is dated after date_modified"),
    message=N_("a change is dated {date}, after date_modified ({modified})"),
    fix=N_("Set date_modified to {date} (the date of the last change) or later."),
    why=N_("date_modified is the date of the last change: re-users rely on it."),
    example=N_("changes: [{{date: 2026-05-01, …}}] with date_modified: 2026-03-02"),
)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _date(value: object) -> str | None:
    """A YYYY-MM-DD string (comparable as text), or None (the schema reports bad dates)."""
    return value if isinstance(value, str) and _DATE.match(value) else None


@check(F)
def identity(commons: Commons) -> Iterable[Finding]:
    seen: dict[str, Resource] = {}
    sections = commons.config.sections
    for res in commons.resources:
        if res.doc.data is None:
            continue
        parts = res.expected_id.split("/")
        if len(parts) < 2 or parts[0] not in sections:
            yield SECTION.at(res.path, 1, allowed=", ".join(sections.labels), name=parts[-1] + ".md")
        rid = res.id
        if rid is None:
            continue
        if rid != res.expected_id:
            yield ID_PATH.at(res.path, *res.doc.pos("id"), id=rid, expected=res.expected_id)
        if rid in seen:
            yield DUPLICATE_ID.at(res.path, *res.doc.pos("id"), id=rid, other=seen[rid].path)
        else:
            seen[rid] = res


@check(F)
def dates(commons: Commons) -> Iterable[Finding]:
    for res in commons.resources:
        data = res.data
        created, modified = _date(data.get("date_created")), _date(data.get("date_modified"))
        if created and modified and modified < created:
            yield DATES.at(res.path, *res.doc.pos("date_modified"), created=created, modified=modified)
        changes = data.get("changes")
        if isinstance(changes, list) and changes:
            for i, change in enumerate(changes):
                date = _date(change.get("date")) if isinstance(change, dict) else None
                if date and modified and date > modified:
                    yield LAST_CHANGE_DATE.at(res.path, *res.doc.pos("changes", i, "date"),
                                              date=date, modified=modified)
            last = changes[-1]
            version, last_version = _str(data.get("version")), None
            if isinstance(last, dict):
                last_version = _str(last.get("version"))
            if version and last_version and version != last_version:
                yield VERSION_CHANGES.at(res.path, *res.doc.pos("version"), version=version, last=last_version)


@check(F)
def attachments(commons: Commons) -> Iterable[Finding]:
    for res in commons.resources:
        names = res.data.get("attachments")
        if not isinstance(names, list):
            continue
        folder = res.path.rsplit("/", 1)[0]
        for i, name in enumerate(names):
            if not isinstance(name, str) or "/" in name or name.startswith("."):
                continue  # the schema says what is wrong with it
            path = f"{folder}/{name}"
            if path not in commons.files:
                yield ATTACHMENT.at(res.path, *res.doc.pos("attachments", i), name=name, path=path)


@check(F)
def references(commons: Commons) -> Iterable[Finding]:
    ids = commons.by_id()
    for res in commons.resources:
        sources = res.data.get("is_based_on")
        if isinstance(sources, list):
            for i, src in enumerate(sources):
                ref = _str(src.get("id")) if isinstance(src, dict) else None
                if ref and ref not in ids:
                    yield REFERENCE.at(res.path, *res.doc.pos("is_based_on", i, "id"),
                                       field=f"is_based_on[{i}].id", id=ref)


_VOCAB_FIELDS = (("type", "types"), ("language", "languages"), ("status", "statuses"), ("access", "access"))
_VOCAB_LISTS = (("phases", "phases"), ("audience", "audiences"))


@check(F)
def vocabularies(commons: Commons) -> Iterable[Finding]:
    config = commons.config
    for res in commons.resources:
        data = res.data
        for field, vocab_name in _VOCAB_FIELDS:
            vocab = config.vocabulary(vocab_name)
            value = data.get(field)
            if isinstance(value, str) and vocab.labels and value not in vocab:
                yield VOCABULARY.at(res.path, *res.doc.pos(field), value=value, field=field,
                                    allowed=", ".join(vocab.labels), suggestion=did_you_mean(value, vocab.labels))
        for field, vocab_name in _VOCAB_LISTS:
            vocab = config.vocabulary(vocab_name)
            values = data.get(field)
            if not isinstance(values, list) or not vocab.labels:
                continue
            for i, value in enumerate(values):
                if isinstance(value, str) and value not in vocab:
                    yield VOCABULARY.at(res.path, *res.doc.pos(field, i), value=value, field=field,
                                        allowed=", ".join(vocab.labels),
                                        suggestion=did_you_mean(value, vocab.labels))


@check(F)
def translations(commons: Commons) -> Iterable[Finding]:
    ids = commons.by_id()
    for res in commons.resources:
        data = res.data
        original_id = _str(data.get("translation_of"))
        lang = _str(data.get("language"))
        if original_id and res.id:
            original = ids.get(original_id)
            if original is None:
                yield TRANSLATION.at(res.path, *res.doc.pos("translation_of"), problem=msg(
                    N_("translation_of names '{id}', which is not a resource of this commons"), id=original_id))
            else:
                links = original.data.get("translations")
                back = links.get(lang) if isinstance(links, dict) and lang else None
                if back != res.id:
                    yield TRANSLATION.at(res.path, *res.doc.pos("translation_of"), problem=msg(
                        N_("{original} does not list '{id}' in its translations ({lang})"),
                        original=original.path, id=res.id, lang=lang or "?"))
                if lang and lang == _str(original.data.get("language")):
                    yield TRANSLATION.at(res.path, *res.doc.pos("language"), problem=msg(
                        N_("a translation must be in another language than its original ({lang})"), lang=lang))
        links = data.get("translations")
        if isinstance(links, dict) and res.id:
            for tlang, tid in links.items():
                if not isinstance(tid, str):
                    continue
                target = ids.get(tid)
                if target is None:
                    yield TRANSLATION.at(res.path, *res.doc.pos("translations", tlang), problem=msg(
                        N_("translations.{lang} names '{id}', which is not a resource of this commons"),
                        lang=tlang, id=tid))
                elif _str(target.data.get("translation_of")) != res.id:
                    yield TRANSLATION.at(res.path, *res.doc.pos("translations", tlang), problem=msg(
                        N_("{target} does not say 'translation_of: {id}'"), target=target.path, id=res.id))
                elif _str(target.data.get("language")) not in (None, tlang):
                    yield TRANSLATION.at(res.path, *res.doc.pos("translations", tlang), problem=msg(
                        N_("{target} is in '{actual}', not '{lang}'"), target=target.path,
                        actual=_str(target.data.get("language")), lang=tlang))


PLACEHOLDER = rule(
    "RES011", "placeholder-left", Severity.ERROR, family=F,
    title=N_("Placeholder left in the front-matter"),
    message=N_("'{field}' still holds the placeholder {value}"),
    fix=N_("Replace {value} with the real value (the fix suggested by the check or written by `commons fix` "
           "leaves it for you to write)."),
    why=N_("A placeholder would be published as is: the credit or the history would read '<…>'."),
    example=N_("summary: <what you changed, in one sentence>"),
)
_PLACEHOLDER = re.compile(r"^<[^<>]+>$")
_PEOPLE_FIELDS = ("name", "partner")


@resource_check(F)
def placeholders(res: Resource, _commons: Commons) -> Iterable[Finding]:
    """Nothing of the form <…> in the credits and the history (what a suggested fix leaves to write)."""
    data = res.data
    places: list[tuple[tuple[str | int, ...], object]] = []
    for key in ("authors", "contributors"):
        people = data.get(key)
        for i, person in enumerate(people if isinstance(people, list) else ()):
            if isinstance(person, dict):
                places += [((key, i, f), person.get(f)) for f in _PEOPLE_FIELDS]
    changes = data.get("changes")
    for i, change in enumerate(changes if isinstance(changes, list) else ()):
        if isinstance(change, dict):
            places += [(("changes", i, f), change.get(f)) for f in ("by", "summary")]
    for path, value in places:
        if isinstance(value, str) and _PLACEHOLDER.match(value.strip()):
            yield PLACEHOLDER.at(res.path, *res.doc.pos(*path), field=".".join(str(p) for p in path), value=value)
