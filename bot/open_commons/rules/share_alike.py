# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# i18n-catalog: licensing
"""ATT: share-alike on every change (CC BY-SA 4.0 §3(a)(1)).

Comparing the base and head front-matter as data: creators, copyright
notices, sources and the history of changes are kept (append-only, renames
included); a modification is indicated (a new ``changes`` entry, a later
``date_modified``, a higher version, the contributor credited); a new
resource copied from another says so; partners-tier material stays out of a
public repository; a deletion is shown to maintainers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from open_commons.i18n import N_
from open_commons.model import Commons, Document, Finding, Severity, msg
from open_commons.model.licensing import FileChange, FileLicensing, LicensedCommons, Status, Tag
from open_commons.rules.registry import check, rule

F = "share_alike"

LICENCE_TAG = "SPDX-" "License-Identifier"
COPYRIGHT_TAG = "SPDX-" "FileCopyrightText"

LICENCE_CHANGED = rule(
    "ATT001", "licence-changed", Severity.ERROR, family=F,
    title=N_("Licence of a resource changed or removed"),
    message=N_("the licence was {before} and is now {after}"),
    fix=N_("Put back the licence line at the top of the front-matter: {line}"),
    why=N_("A resource shared under CC BY-SA 4.0 stays under it: adaptations must be shared alike "
           "(§3(b)), and only its authors could relicense it."),
    example=N_("A licence line CC-BY-SA-4.0 replaced with CC-BY-NC-4.0, or deleted."),
)
COPYRIGHT_REMOVED = rule(
    "ATT002", "copyright-removed", Severity.ERROR, family=F,
    title=N_("Copyright notice removed"),
    message=N_("the copyright notice '{notice}' was removed"),
    fix=N_("Put this line back at the top of the front-matter (below the first '---'): {line}"),
    why=N_("CC BY-SA 4.0 §3(a)(1)(A)(ii): every copyright notice supplied with the material must be "
           "kept."),
    example=N_("Deleting the line naming Simplon.co as copyright holder when adding your own."),
)
AUTHOR_REMOVED = rule(
    "ATT003", "author-removed", Severity.ERROR, family=F,
    title=N_("Author removed or rewritten"),
    message=N_("the author '{name}' was {how}"),
    fix=N_("Keep the entry exactly as it was under 'authors:':\n{entry}"),
    why=N_("CC BY-SA 4.0 §3(a)(1)(A)(i): the creators must be identified on every copy and adaptation."),
    example=N_("authors: [{{name: Simplon.co}}] replaced with your organisation."),
)
CONTRIBUTOR_REMOVED = rule(
    "ATT004", "contributor-removed", Severity.ERROR, family=F,
    title=N_("Contributor removed or rewritten"),
    message=N_("the contributor '{name}' was {how}"),
    fix=N_("Keep the entry exactly as it was under 'contributors:':\n{entry}"),
    why=N_("Contributors are credited like creators (CC BY-SA 4.0 §3(a)(1)(A)(i)) and their "
           "contributions are counted for reciprocity."),
    example=N_("Deleting a contributor to make room for yours."),
)
SOURCE_REMOVED = rule(
    "ATT005", "source-removed", Severity.ERROR, family=F,
    title=N_("Source removed or rewritten"),
    message=N_("the source '{name}' in is_based_on was {how}"),
    fix=N_("Keep the entry exactly as it was under 'is_based_on:':\n{entry}"),
    why=N_("The material a resource adapts must keep its attribution, licence and link "
           "(CC BY-SA 4.0 §3(a)(1)(A), (C))."),
    example=N_("Removing the is_based_on entry of the guide a resource was adapted from."),
)
HISTORY_REWRITTEN = rule(
    "ATT006", "history-rewritten", Severity.ERROR, family=F,
    title=N_("History of changes rewritten"),
    message=N_("the entry {index} of 'changes' ({summary}) was {how}: the history is append-only"),
    fix=N_("Keep every earlier entry of 'changes' as it was, and add yours at the end:\n{entry}"),
    why=N_("CC BY-SA 4.0 §3(a)(1)(B): an adaptation indicates its modifications and retains an "
           "indication of previous modifications."),
    example=N_("Editing the summary of a 2018 change, or deleting it."),
)
CHANGE_NOT_RECORDED = rule(
    "ATT007", "change-not-recorded", Severity.ERROR, family=F, fixable=True,
    title=N_("Modification not recorded in 'changes'"),
    message=N_("the resource was modified but 'changes' has no new entry"),
    fix=N_("Add at the end of 'changes:' (indent as the other entries):\n{entry}"),
    why=N_("CC BY-SA 4.0 §3(a)(1)(B) requires indicating that the material was modified; the "
           "'changes' entry is that indication, and the credit of your organisation."),
    example=N_("Rewriting a section of a guide without touching the front-matter."),
)
DATE_NOT_UPDATED = rule(
    "ATT008", "date-modified-not-updated", Severity.ERROR, family=F, fixable=True,
    title=N_("date_modified not updated"),
    message=N_("the resource was modified but date_modified is still {date}"),
    fix=N_("Write: date_modified: {today}"),
    why=N_("Re-users see how fresh a resource is from date_modified; it must be the date of the last "
           "change."),
    example=N_("A change on 2026-05-01 with date_modified: 2026-03-02."),
)
VERSION_NOT_BUMPED = rule(
    "ATT009", "version-not-bumped", Severity.ERROR, family=F, fixable=True,
    title=N_("Version not increased"),
    message=N_("the resource was modified but its version is {after} (it was {before})"),
    fix=N_("Write: version: {next} (and the same version in your 'changes' entry)."),
    why=N_("Each version of a resource must be told apart by re-users and in credit lines. The bump says how "
           "big the change is: a correction of a few lines raises the last number (1.2.0 → 1.2.1), an addition "
           "or an improvement the middle one (1.2.0 → 1.3.0), a rewrite of more than half the text the first "
           "(1.2.0 → 2.0.0)."),
    example=N_("version: 1.1.0 before and after a change."),
)
NOT_CREDITED = rule(
    "ATT010", "contributor-not-credited", Severity.ERROR, family=F, fixable=True,
    title=N_("Contributor not credited"),
    message=N_("the change by '{by}' is recorded, but '{by}' is neither an author nor a contributor"),
    fix=N_("Add under 'contributors:':\n{entry}"),
    why=N_("The person or organisation who adapts a resource is credited in it: that is the "
           "attribution re-users copy, and the record of reciprocity."),
    example=N_("changes: [{{by: fabrique-roubaix, …}}] with no contributor whose partner is fabrique-roubaix"),
)
COPY_WITHOUT_SOURCE = rule(
    "ATT011", "copy-without-source", Severity.ERROR, family=F,
    title=N_("Copied resource without its source"),
    message=N_("{percent} % of this new resource's text comes from {original}, which is not named in is_based_on"),
    fix=N_("Name the original in the front-matter:\n{entry}\nand keep its authors in 'authors:'."),
    why=N_("A copy must keep the attribution of the material it copies (CC BY-SA 4.0 §3(a)(1)); "
           "is_based_on makes the credit line follow the original."),
    example=N_("content/placement/job-dating-lille.md copied from content/placement/job-dating.md "
               "with only the city changed."),
)
PARTNERS_IN_PUBLIC = rule(
    "ATT012", "partners-tier-in-public", Severity.ERROR, family=F,
    title=N_("Partners-only resource in the public repository"),
    message=N_("the resource is reserved to partners (access: partners), but this repository is public"),
    fix=N_("Remove the file from this change and propose it to the partners' repository; or, if it "
           "may be public, write: access: public"),
    why=N_("Partners-tier material is shared only with validated partners under their commitment; "
           "once public under CC BY-SA it can never be withdrawn (§3(b)(3))."),
    example=N_("access: partners in a pull request to simplon/open-commons."),
)
DELETED = rule(
    "ATT013", "resource-deleted", Severity.WARNING, family=F,
    title=N_("Resource deleted"),
    message=N_("the resource '{title}' by {authors} is deleted"),
    fix=N_("Maintainers: check that the deletion is intended (a merge or a rename keeps the history "
           "better); if it is replaced, name it in the new resource's is_based_on."),
    why=N_("Deleting a resource removes its authors' credit from the commons; it should be a "
           "decision, not an accident."),
    example=N_("A pull request removing content/sourcing/grille-de-selection.md."),
)


# --- helpers ---------------------------------------------------------------------------------------


def tags(doc: Document, tag: str) -> list[tuple[int, str]]:
    """(line, value) of the REUSE tags written as YAML comments of the front-matter."""
    prefix = tag + ":"
    return [(line, text[len(prefix):].strip()) for line, text in doc.comments if text.startswith(prefix)]

# placeholders the partner replaces, in the partner's language
PLACEHOLDER_PARTNER = N_("<your partner id>")
PLACEHOLDER_SUMMARY = N_("<what you changed, in one sentence>")
PLACEHOLDER_NAME = N_("<your name>")


def _yaml_entry(entry: Any, indent: str = "  ") -> str:
    if isinstance(entry, Mapping):
        lines = []
        for i, (key, value) in enumerate(entry.items()):
            lead = f"{indent}- " if i == 0 else f"{indent}  "
            if isinstance(value, list):
                value = "[" + ", ".join(str(v) for v in value) + "]"
            elif isinstance(value, bool):
                value = "true" if value else "false"
            lines.append(f"{lead}{key}: {value}")
        return "\n".join(lines) if lines else f"{indent}- {{}}"
    return f"{indent}- {entry}"


def _version(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, str):
        return None
    try:
        return tuple(int(p) for p in value.split("."))
    except ValueError:
        return None


PATCH_LINES = 3  # a change of at most this many body lines, no heading touched, is a correction


def change_size(base_body: str, head_body: str, base_data: Mapping[str, Any], head_data: Mapping[str, Any]) -> str:
    """How big a change of a resource is, to size its version bump like SemVer sizes a release:

    - ``patch``: a correction — at most ``PATCH_LINES`` lines of the body replaced or removed (a
      pure addition is not a correction), no heading touched, and no descriptive field (title,
      description, type, phases, time…) changed;
    - ``major``: a rewrite — more than half of the body's lines removed or replaced;
    - ``minor``: anything else (an addition, an improvement).
    """
    old = [ln for ln in base_body.splitlines() if ln.strip()]
    new = [ln for ln in head_body.splitlines() if ln.strip()]
    removed = added = 0
    headings = False
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed += i2 - i1
        added += j2 - j1
        headings = headings or any(ln.lstrip().startswith("#") for ln in (*old[i1:i2], *new[j1:j2]))
    if old and removed * 2 > len(old):
        return "major"
    described = ("title", "description", "type", "phases", "audience", "time_required", "language", "access")
    if removed and max(removed, added) <= PATCH_LINES and not headings \
            and all(base_data.get(k) == head_data.get(k) for k in described):
        return "patch"
    return "minor"


def next_version(value: object, size: str = "minor") -> str:
    parts = _version(value)
    if not parts or len(parts) != 3:
        return "1.0.0"
    if size == "major":
        return f"{parts[0] + 1}.0.0"
    if size == "patch":
        return f"{parts[0]}.{parts[1]}.{parts[2] + 1}"
    return f"{parts[0]}.{parts[1] + 1}.0"


def _name(entry: Any) -> str:
    if isinstance(entry, Mapping):
        return str(entry.get("name") or entry.get("title") or entry.get("id") or entry.get("summary") or "?")
    return str(entry)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _today(base: Mapping[str, Any], head: Mapping[str, Any], today: str) -> str:
    before, after = base.get("date_modified"), head.get("date_modified")
    if isinstance(after, str) and isinstance(before, str) and after > before:
        return after
    return today or "YYYY-MM-DD"


def _kept(field: str, base: Sequence[Any], head: Sequence[Any], doc: Document, the_rule: Any,
          path: str) -> Iterable[Finding]:
    """Every base entry is still in head, unchanged."""
    for _i, entry in enumerate(base):
        if entry in head:
            continue
        same_name = next((j for j, h in enumerate(head) if _name(h) == _name(entry)), None)
        if same_name is not None:
            how = msg(N_("rewritten"))
            line = doc.line_of(field, same_name)
        else:
            how = msg(N_("removed"))
            line = doc.line_of(field) if field in doc.data else 1  # type: ignore[operator]
        yield the_rule.at(path, line, name=_name(entry), how=how, entry=_yaml_entry(entry))


def _credited(by: str, data: Mapping[str, Any]) -> bool:
    people = [*_list(data, "authors"), *_list(data, "contributors")]
    wanted = by.strip().lower()
    for person in people:
        if isinstance(person, Mapping):
            for key in ("partner", "name", "github"):
                value = person.get(key)
                if isinstance(value, str) and value.strip().lower() == wanted:
                    return True
    return False


def _modified(change: FileChange) -> bool:
    return bool(change.base and change.head and change.base.text != change.head.text)


# --- checks ----------------------------------------------------------------------------------------


def _resource_changes(commons: Commons) -> Iterable[FileChange]:
    change = commons.change if isinstance(commons, LicensedCommons) else None
    if change is None:
        return ()
    return [c for c in change.changes if (c.base and c.base.doc) or (c.head and c.head.doc)]


@check(F)
def kept_on_change(commons: Commons) -> Iterable[Finding]:
    """Licence, copyright, authors, contributors, sources and history survive the change."""
    for change in _resource_changes(commons):
        if change.status not in (Status.MODIFIED, Status.RENAMED):
            continue
        base_doc, head_doc = change.base.doc, change.head.doc  # type: ignore[union-attr]
        if base_doc is None or head_doc is None or base_doc.data is None or head_doc.data is None:
            continue
        path = change.head.path  # type: ignore[union-attr]
        before = tags(base_doc, LICENCE_TAG)
        after = tags(head_doc, LICENCE_TAG)
        if before and [v for _, v in before] != [v for _, v in after]:
            yield LICENCE_CHANGED.at(path, after[0][0] if after else 1,
                                     before=" + ".join(v for _, v in before),
                                     after=" + ".join(v for _, v in after) if after else msg(N_("missing")),
                                     line=f"# {LICENCE_TAG}: {before[0][1]}")
        head_notices = {v for _, v in tags(head_doc, COPYRIGHT_TAG)}
        for _line, notice in tags(base_doc, COPYRIGHT_TAG):
            if notice not in head_notices:
                first = tags(head_doc, COPYRIGHT_TAG)
                yield COPYRIGHT_REMOVED.at(path, first[0][0] if first else 1, notice=notice,
                                           line=f"# {COPYRIGHT_TAG}: {notice}")
        base, head = base_doc.data, head_doc.data
        yield from _kept("authors", _list(base, "authors"), _list(head, "authors"), head_doc, AUTHOR_REMOVED, path)
        yield from _kept("contributors", _list(base, "contributors"), _list(head, "contributors"), head_doc,
                         CONTRIBUTOR_REMOVED, path)
        yield from _kept("is_based_on", _list(base, "is_based_on"), _list(head, "is_based_on"), head_doc,
                         SOURCE_REMOVED, path)
        old_changes, new_changes = _list(base, "changes"), _list(head, "changes")
        for i, entry in enumerate(old_changes):
            if i < len(new_changes) and new_changes[i] == entry:
                continue
            how = msg(N_("rewritten")) if i < len(new_changes) else msg(N_("removed"))
            line = head_doc.line_of("changes", i) if i < len(new_changes) else head_doc.line_of("changes")
            yield HISTORY_REWRITTEN.at(path, line, index=i + 1, summary=_name(entry), how=how,
                                       entry=_yaml_entry(entry))
            break  # one finding says it: the rest follows from the same edit


@check(F)
def modification_indicated(commons: Commons) -> Iterable[Finding]:
    """A modified resource says so: a new changes entry, date_modified, version, the contributor credited."""
    for change in _resource_changes(commons):
        if change.status not in (Status.MODIFIED, Status.RENAMED) or not _modified(change):
            continue
        base_doc, head_doc = change.base.doc, change.head.doc  # type: ignore[union-attr]
        if base_doc is None or head_doc is None or base_doc.data is None or head_doc.data is None:
            continue
        path = change.head.path  # type: ignore[union-attr]
        base, head = base_doc.data, head_doc.data
        today = _today(base, head, commons.today)
        bumped = next_version(base.get("version"), change_size(base_doc.body, head_doc.body, base, head))
        old_changes, new_changes = _list(base, "changes"), _list(head, "changes")
        if len(new_changes) <= len(old_changes):
            entry = msg(N_("  - date: {date}\n    by: {by}\n    summary: {summary}\n    version: {version}"),
                        date=today, by=msg(PLACEHOLDER_PARTNER), summary=msg(PLACEHOLDER_SUMMARY), version=bumped)
            line = head_doc.line_of("changes") if "changes" in head else head_doc.line_of("date_created")
            yield CHANGE_NOT_RECORDED.at(path, line, entry=entry)
        before_date, after_date = base.get("date_modified"), head.get("date_modified")
        if isinstance(before_date, str) and isinstance(after_date, str) and after_date <= before_date:
            yield DATE_NOT_UPDATED.at(path, head_doc.line_of("date_modified"), date=after_date, today=today,
                                      line_fix=f"date_modified: {today}")
        before_v, after_v = _version(base.get("version")), _version(head.get("version"))
        if before_v is not None and after_v is not None and after_v <= before_v:
            yield VERSION_NOT_BUMPED.at(path, head_doc.line_of("version"), before=base.get("version"),
                                        after=head.get("version"), next=bumped, line_fix=f"version: {bumped}")
        for i in range(len(old_changes), len(new_changes)):
            entry = new_changes[i]
            by = entry.get("by") if isinstance(entry, Mapping) else None
            if isinstance(by, str) and by.strip() and not _credited(by, head):
                person = (msg(N_("  - name: {name}\n    partner: {partner}"), name=msg(PLACEHOLDER_NAME), partner=by)
                          if "-" in by or by.islower() else _yaml_entry({"name": by}))
                yield NOT_CREDITED.at(path, head_doc.line_of("changes", i, "by"), by=by, entry=person)


@check(F)
def copies_named(commons: Commons) -> Iterable[Finding]:
    threshold = commons.config.settings.licensing.copy_similarity
    coverage = commons.config.settings.licensing.copy_coverage
    content = commons.config.content_root + "/"
    for change in _resource_changes(commons):
        if change.status is not Status.ADDED or change.copied_from is None or (
                change.copy_similarity < threshold and change.copy_coverage < coverage):
            continue
        doc = change.head.doc  # type: ignore[union-attr]
        if doc is None or doc.data is None:
            continue
        original_id = change.copied_from[len(content):].removesuffix(".md") \
            if change.copied_from.startswith(content) else change.copied_from
        named = any(isinstance(s, Mapping) and s.get("id") == original_id for s in _list(doc.data, "is_based_on"))
        if named:
            continue
        line = doc.line_of("is_based_on") if "is_based_on" in doc.data else 1
        yield COPY_WITHOUT_SOURCE.at(change.path, line,
                                     percent=round(max(change.copy_similarity, change.copy_coverage) * 100),
                                     original=change.copied_from,
                                     entry="is_based_on:\n" + _yaml_entry({"id": original_id, "modified": True}))


@check(F)
def partners_tier(commons: Commons) -> Iterable[Finding]:
    if commons.config.access != "public":
        return
    for res in commons.resources:
        if res.data.get("access") == "partners":
            yield PARTNERS_IN_PUBLIC.at(res.path, res.doc.line_of("access"))


@check(F)
def deletions(commons: Commons) -> Iterable[Finding]:
    for change in _resource_changes(commons):
        if change.status is not Status.DELETED or change.base is None:
            continue
        data = change.base.doc.data if change.base.doc and change.base.doc.data else {}
        authors = ", ".join(_name(a) for a in _list(data, "authors")) or "?"
        yield DELETED.at(change.base.path, None, title=str(data.get("title") or change.base.path), authors=authors)


# --- licensing as REUSE reads it, before and after (REUSE.toml, sidecars, ignore blocks) ------------------

EFFECTIVE_LICENCE_CHANGED = rule(
    "ATT014", "effective-licence-changed", Severity.ERROR, family=F,
    title=N_("Licence changed where REUSE reads it"),
    message=N_("REUSE read the licence of {path} as {before}; after this change it reads {after} "
               "(from {where})"),
    fix=N_("Undo the change at {where}: the licence must stay {before} (a REUSE.toml override, a .license "
           "file or an ignore block must not change what a file is shared under)."),
    why=N_("The licence of a file is what REUSE computes from its header, its .license file and every "
           "REUSE.toml above it: changing any of them relicenses the file, which only its authors can do "
           "(CC BY-SA 4.0 §3(b))."),
    example=N_("An [[annotations]] block with precedence = \"override\" putting content/** under "
               "CC-BY-NC-SA-4.0, the resources themselves untouched."),
)
EFFECTIVE_HOLDER_REMOVED = rule(
    "ATT015", "effective-holder-removed", Severity.ERROR, family=F,
    title=N_("Copyright holder removed where REUSE reads it"),
    message=N_("REUSE no longer finds the copyright holder '{holder}' of {path} (it was in {where})"),
    fix=N_("Keep the notice '{notice}' where REUSE reads it for this file ({where}); add yours beside it."),
    why=N_("CC BY-SA 4.0 §3(a)(1)(A)(ii): every copyright notice supplied with the material is kept. A "
           ".license file, a REUSE.toml override or an ignore block that hides the original notice removes it."),
    example=N_("A new document.ods.license naming only your organisation, or the original holder's line "
               "wrapped in REUSE-IgnoreStart / REUSE-IgnoreEnd."),
)
ATTACHMENT_CHANGE_NOT_RECORDED = rule(
    "ATT016", "attachment-change-not-recorded", Severity.ERROR, family=F,
    title=N_("Attachment changed without a change recorded"),
    message=N_("the attachment {path} was {how}, but the resource that lists it ({resource}) records no change"),
    fix=N_("Add an entry to 'changes' in {resource} saying what you changed in {name} (date, your partner "
           "id, summary), and update its date_modified and version."),
    why=N_("CC BY-SA 4.0 §3(a)(1)(B): an adaptation says that it was modified. An attachment (a budget, a "
           "schedule) is part of its resource: its history is the resource's 'changes'."),
    example=N_("budget-previsionnel.ods rewritten while budget-previsionnel.md still ends at version 1.0.0."),
)
CITED_RESOURCE_MOVED = rule(
    "ATT017", "cited-resource-moved", Severity.ERROR, family=F,
    title=N_("A resource other resources cite is renamed or deleted"),
    message=N_("{id} is {how}, but {citing} still cite(s) it (is_based_on, translation_of or translations)"),
    fix=N_("Keep the resource, or update each citing resource to the new id in the same change: {citing}."),
    why=N_("A citation is how a re-user finds the source and its authors (the credit line follows "
           "is_based_on): a broken one drops them silently."),
    example=N_("sourcing/entretien renamed sourcing/entretien-individuel while placement/suivi keeps "
               "is_based_on: [{{id: sourcing/entretien}}]."),
)

_NOTICE_PREFIX = re.compile(r"^\s*(?:SPDX-(?:File|Snippet)CopyrightText\s*:|copyright\b|\(c\)|©)\s*", re.IGNORECASE)
_YEARS = re.compile(r"^[\d\s,\-–—/]+")


def holder(notice: str) -> str:
    """The holder a copyright notice names: prefixes and years left out, case and spacing folded."""
    text = notice
    for _ in range(3):
        text = _NOTICE_PREFIX.sub("", text)
    text = _YEARS.sub("", text)
    return " ".join(text.split()).casefold()


def _where(tag: Tag | None, fallback: str) -> str:
    if tag is None:
        return fallback
    return f"{tag.source}:{tag.line}" if tag.line else tag.source


def _header_only(info: FileLicensing) -> bool:
    return all(t.source_type == "file-header" for t in (*info.expressions, *info.copyrights))


@check(F)
def effective_licensing(commons: Commons) -> Iterable[Finding]:
    """The licence and the copyright holders of every file a change can affect, as REUSE computes them
    at base and at head (header, .license file, REUSE.toml at every level, ignore blocks)."""
    if not isinstance(commons, LicensedCommons) or commons.reuse is None or commons.base_reuse is None \
            or commons.change is None:
        return
    if commons.reuse.error or commons.base_reuse.error:
        return  # LIC008 says the REUSE.toml cannot be read
    before_all, after_all = commons.base_reuse.by_path(), commons.reuse.by_path()
    resources = {c.path for c in commons.change.changes if (c.head and c.head.doc) or (c.base and c.base.doc)}
    head_text = {c.head.path: c.head.text or "" for c in commons.change.changes if c.head is not None}
    for path in commons.affected:
        before, after = before_all.get(path), after_all.get(path)
        if before is None or after is None or before.read_error or after.read_error:
            continue
        header_both = path in resources and _header_only(before) and _header_only(after)
        old = sorted({t.value.strip() for t in before.expressions if t.valid})
        new = sorted({t.value.strip() for t in after.expressions if t.valid})
        # in the front-matter itself, ATT001 says it; unless the line is still there, hidden from REUSE
        hidden = any(f"{LICENCE_TAG}: {value}" in head_text.get(path, "") for value in old)
        if old and old != new and not (header_both and (new or not hidden)):
            tag = after.expressions[0] if after.expressions else None
            at = (tag.source, tag.line) if tag is not None and tag.source_type == "reuse-toml" else (path, tag.line
                                                                                                    if tag else 1)
            yield EFFECTIVE_LICENCE_CHANGED.at(at[0], at[1], path=path, before=" AND ".join(old),
                                               after=" AND ".join(new) or "?",
                                               where=_where(tag, path + ".license"))
        kept = {holder(t.value) for t in after.copyrights}
        for tag in before.copyrights:
            name = holder(tag.value)
            if not name or name in kept:
                continue
            if header_both and tag.value not in head_text.get(path, tag.value):
                continue  # the notice line itself was deleted from the front-matter: ATT002 says it
            now = next((t for t in after.copyrights if t.source_type == "reuse-toml"), None)
            at = (now.source, now.line) if now is not None else (path, 1)
            yield EFFECTIVE_HOLDER_REMOVED.at(at[0], at[1], holder=name, path=path, notice=tag.value,
                                              where=_where(tag, path))
            kept.add(name)


def _listing_resource(commons: LicensedCommons, path: str) -> Document | None:
    folder, _, name = path.rpartition("/")
    for res in commons.resources:
        if res.path.rpartition("/")[0] != folder:
            continue
        names = res.data.get("attachments")
        if isinstance(names, list) and name in names:
            return res.doc
    return None


@check(F)
def attachments_recorded(commons: Commons) -> Iterable[Finding]:
    """A changed attachment is a change of the resource that lists it: that resource records it."""
    if not isinstance(commons, LicensedCommons) or commons.change is None:
        return
    content = commons.config.content_root + "/"
    by_path = {c.path: c for c in commons.change.changes}
    for change in commons.change.changes:
        path = change.path
        if not path.startswith(content) or path.endswith((".md", ".license", "/REUSE.toml")):
            continue
        if change.status is Status.RENAMED and change.similarity == 1.0:
            continue
        doc = _listing_resource(commons, path)
        if doc is None:
            continue
        resource_change = by_path.get(doc.path)
        recorded = False
        if resource_change is not None and resource_change.base is not None and resource_change.base.doc:
            base_data = resource_change.base.doc.data or {}
            recorded = len(_list(doc.data or {}, "changes")) > len(_list(base_data, "changes"))
        elif resource_change is not None and resource_change.status is Status.ADDED:
            recorded = True  # a new resource with its new attachment
        if not recorded:
            how = {Status.ADDED: msg(N_("added")), Status.DELETED: msg(N_("removed")),
                   Status.RENAMED: msg(N_("renamed"))}.get(change.status, msg(N_("modified")))
            yield ATTACHMENT_CHANGE_NOT_RECORDED.at(path, None, path=path, how=how, resource=doc.path,
                                                    name=path.rpartition("/")[2])


@check(F)
def citations_kept(commons: Commons) -> Iterable[Finding]:
    """A renamed or deleted resource that others cite: each citing resource named."""
    if not isinstance(commons, LicensedCommons) or commons.change is None:
        return
    for change in commons.change.changes:
        if change.status not in (Status.DELETED, Status.RENAMED) or change.base is None:
            continue
        old = change.base.doc.data.get("id") if change.base.doc and change.base.doc.data else None
        new = change.head.doc.data.get("id") if change.head and change.head.doc and change.head.doc.data else None
        if not isinstance(old, str) or old == new:
            continue
        citing = sorted(res.path for res in commons.resources if res.path != change.path and old in _cited(res.data))
        if citing:
            how = msg(N_("deleted")) if change.status is Status.DELETED else msg(N_("renamed to {new}"), new=new or "?")
            yield CITED_RESOURCE_MOVED.at(change.base.path, None, id=old, how=how, citing=", ".join(citing))


def _cited(data: Mapping[str, Any]) -> set[str]:
    ids: set[str] = set()
    for src in _list(data, "is_based_on"):
        if isinstance(src, Mapping) and isinstance(src.get("id"), str):
            ids.add(src["id"])
    if isinstance(data.get("translation_of"), str):
        ids.add(data["translation_of"])
    links = data.get("translations")
    if isinstance(links, Mapping):
        ids |= {v for v in links.values() if isinstance(v, str)}
    return ids


PASTED = rule(
    "ATT018", "pasted-from-another-resource", Severity.ERROR, family=F,
    title=N_("Text pasted from another resource"),
    message=N_("{percent} % of the {words} words this change adds to {path} come from {source} "
               "(by {authors}), which it does not cite"),
    fix=N_("Cite the source in 'is_based_on' ({entry}) and keep its copyright notices ({notices}); or write "
           "the passage in your own words."),
    why=N_("Copying a passage of another resource is adapting it: CC BY-SA 4.0 §3(a)(1) asks to credit its "
           "creators and keep its notices. Between resources of the same holders it is only a reminder "
           "(a warning)."),
    example=N_("The 'Entretien individuel' section of sourcing/entretien pasted into placement/suivi."),
)


@check(F)
def pasted_passages(commons: Commons) -> Iterable[Finding]:
    """A modified resource whose added lines come, for the most part, from another resource it does not cite."""
    content = commons.config.content_root + "/"
    for change in _resource_changes(commons):
        if change.pasted_from is None or change.head is None or change.head.doc is None:
            continue
        doc = change.head.doc
        data = doc.data or {}
        source_id = change.pasted_from[len(content):].removesuffix(".md") \
            if change.pasted_from.startswith(content) else change.pasted_from
        if any(isinstance(s, Mapping) and s.get("id") == source_id for s in _list(data, "is_based_on")):
            continue
        own = {holder(text.split(":", 1)[1]) for _line, text in doc.comments if text.startswith(COPYRIGHT_TAG + ":")}
        theirs = {holder(n) for n in change.source_notices}
        same_holders = bool(theirs) and theirs <= own
        line = doc.line_of("is_based_on") if "is_based_on" in data else 1
        yield PASTED.at(change.path, line, severity=Severity.WARNING if same_holders else None,
                        percent=round(change.pasted_share * 100), words=change.pasted_words, path=change.path,
                        source=source_id, authors=", ".join(change.source_authors) or "?",
                        notices="; ".join(change.source_notices) or "?",
                        entry="is_based_on:\n" + _yaml_entry({"id": source_id, "modified": True}))
