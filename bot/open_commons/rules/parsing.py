# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""FM: a file that cannot be read as a resource (front-matter, encoding, size, links)."""

from __future__ import annotations

from collections.abc import Iterable

from open_commons.i18n import N_
from open_commons.model import SPECIAL_FILE as SPECIAL
from open_commons.model import Commons, Document, Finding, Message, ProblemKind, Resource, Severity, msg
from open_commons.rules.registry import Rule, check, resource_check, rule

F = "parsing"

NO_FRONT_MATTER = rule(
    "FM001", "no-front-matter", Severity.ERROR, family=F,
    title=N_("File has no front-matter"),
    message=N_("the file does not start with a front-matter block: line 1 must be ---"),
    fix=N_("Put the front-matter first: a line ---, the fields (id, title, …), then a line ---. "
           "`commons new TYPE PHASE/SLUG` writes a complete one."),
    why=N_("Every resource carries its metadata (title, authors, licence) in a YAML front-matter "
           "block on line 1; Jekyll, Hugo and GitHub only see it there."),
    example=N_("A file starting with '# Title' instead of '---'."),
)
UNTERMINATED = rule(
    "FM002", "unterminated-front-matter", Severity.ERROR, family=F,
    title=N_("Front-matter is not closed"),
    message=N_("the front-matter opened on line 1 is never closed"),
    fix=N_("Add a line containing only --- after the last field, before the text."),
    why=N_("Without the closing ---, the whole file would be read as metadata."),
    example=N_("'---' on line 1, fields, then the text without a second '---'."),
)
INVALID_YAML = rule(
    "FM003", "invalid-yaml", Severity.ERROR, family=F,
    title=N_("Invalid YAML"),
    message=N_("the YAML cannot be read: {detail}"),
    fix=N_("Check the line shown: a field is 'name: value'; put a value containing ': ' or starting "
           "with a special character (@, `, *, &, !, |, >, %, {{, [) between double quotes."),
    why=N_("A front-matter that is not valid YAML cannot be understood by any tool."),
    example=N_("title: Budget: hypothèses  (a second ': ' in an unquoted value)"),
)
DUPLICATE_KEY = rule(
    "FM004", "duplicate-key", Severity.ERROR, family=F,
    title=N_("Field given twice"),
    message=N_("the field '{key}' is given twice"),
    fix=N_("Keep a single '{key}:' line and merge the two values."),
    why=N_("YAML readers disagree on duplicates (some keep the first, some the last): the value "
           "would depend on the tool."),
    example=N_("title: A\\ntitle: B"),
)
TAB = rule(
    "FM005", "tab-indentation", Severity.ERROR, family=F,
    title=N_("Tab used for indentation"),
    message=N_("a tab character is used to indent the YAML"),
    fix=N_("Replace the tab with spaces (two spaces per level)."),
    why=N_("YAML forbids tabs for indentation; editors show them like spaces, so the error is invisible."),
    example=N_("authors:\\n<TAB>- name: Simplon.co"),
)
BOM = rule(
    "FM006", "byte-order-mark", Severity.ERROR, family=F,
    title=N_("Byte-order mark at the start of the file"),
    message=N_("the file starts with a byte-order mark (BOM)"),
    fix=N_("Save the file as 'UTF-8' without BOM (in most editors: Save with encoding → UTF-8)."),
    why=N_("With a BOM, line 1 is no longer '---' for Jekyll, Hugo and GitHub: the front-matter "
           "is shown as text."),
    example=N_("A file saved as 'UTF-8 with BOM' by a Windows editor."),
)
NOT_UTF8 = rule(
    "FM007", "not-utf8", Severity.ERROR, family=F,
    title=N_("Not UTF-8"),
    message=N_("the file is not valid UTF-8 (byte 0x{detail})"),
    fix=N_("Save the file with the UTF-8 encoding (accents included)."),
    why=N_("The commons is read by many tools that all expect UTF-8; other encodings garble accents."),
    example=N_("A file saved as Latin-1 (ISO-8859-1) or Windows-1252."),
)
EMPTY = rule(
    "FM008", "empty-file", Severity.ERROR, family=F,
    title=N_("Empty file"),
    message=N_("the file is empty"),
    fix=N_("Write the resource (`commons new TYPE PHASE/SLUG` gives a start) or delete the file."),
    why=N_("An empty resource cannot be published or credited."),
    example=N_("A file of 0 bytes."),
)
BINARY = rule(
    "FM009", "binary-file", Severity.ERROR, family=F,
    title=N_("Binary file where Markdown is expected"),
    message=N_("this file contains binary data, not Markdown text"),
    fix=N_("Give a document, spreadsheet or image its real extension (.odt, .ods, .png…), list it in "
           "the 'attachments' of a resource, and keep .md for Markdown text."),
    why=N_("A .md file must be text so that it can be read, compared and reviewed."),
    example=N_("A .docx renamed to .md."),
)
TOO_LARGE = rule(
    "FM010", "file-too-large", Severity.ERROR, family=F,
    title=N_("File too large"),
    message=N_("the file is too large ({detail} bytes; the limit is set in commons.yaml)"),
    fix=N_("Split the resource in several resources, or move large data into an attachment; the "
           "limit is content.max_file_bytes in commons.yaml."),
    why=N_("Huge files slow every check, review and download, and hide content from review."),
    example=N_("A 20 MB Markdown file."),
)
ALIAS = rule(
    "FM011", "yaml-alias", Severity.ERROR, family=F,
    title=N_("YAML anchors and aliases are not allowed"),
    message=N_("the front-matter uses a YAML anchor (&) and alias (*)"),
    fix=N_("Write each value in full instead of using &name and *name."),
    why=N_("Aliases make metadata hard to read for people and can blow up memory (an 'alias bomb')."),
    example=N_("a: &x [1, 2]\\nb: *x"),
)
NON_STRING_KEY = rule(
    "FM012", "non-string-key", Severity.ERROR, family=F,
    title=N_("Field name that is not text"),
    message=N_("a field name is not text: {detail}"),
    fix=N_("Field names are words such as 'title' or 'authors'; remove or rename this field."),
    why=N_("Numbers, booleans or lists used as field names cannot match the schema."),
    example=N_("1: first  or  ? [a, b]: c"),
)
NOT_A_MAPPING = rule(
    "FM013", "not-a-mapping", Severity.ERROR, family=F,
    title=N_("Front-matter is not a list of fields"),
    message=N_("the front-matter must be a set of 'name: value' fields ({detail})"),
    fix=N_("Write one field per line, 'name: value', between the two --- lines."),
    why=N_("The metadata of a resource is a set of named fields."),
    example=N_("---\\n- a list\\n---  or an empty front-matter"),
)
FORBIDDEN_TAG = rule(
    "FM014", "forbidden-tag", Severity.ERROR, family=F,
    title=N_("YAML tag not allowed"),
    message=N_("the YAML tag {detail} is not allowed"),
    fix=N_("Remove the tag (the word starting with ! or !!) and write a plain value."),
    why=N_("Tags can make a YAML reader build objects or run code; only plain text, numbers, lists "
           "and fields are accepted."),
    example=N_("a: !!python/object:os.system x"),
)
TOO_DEEP = rule(
    "FM015", "too-deep", Severity.ERROR, family=F,
    title=N_("YAML nested too deeply"),
    message=N_("the YAML is nested more than {detail} levels deep"),
    fix=N_("Flatten the structure: the schema never needs more than four levels."),
    why=N_("Deep nesting is never needed by the content model and can exhaust the reader."),
    example=N_("a: [[[[[[[[[[...]]]]]]]]]]"),
)
SYMLINK = rule(
    "FM016", "symlink", Severity.ERROR, family=F,
    title=N_("Symbolic link in the content"),
    message=N_("this is a symbolic link (to {detail}); links are not followed"),
    fix=N_("Replace the link with the file itself, or with a Markdown link to the other resource."),
    why=N_("A link can point outside the repository; GitHub's web editor cannot edit it and exports "
           "would copy something else than what was reviewed."),
    example=N_("content/montage/a.md -> ../../../etc/passwd"),
)
UNREADABLE = rule(
    "FM017", "unreadable-file", Severity.ERROR, family=F,
    title=N_("File cannot be read"),
    message=N_("the file cannot be read: {detail}"),
    fix=N_("Check the file's permissions and that it is a regular file."),
    why=N_("A file the checker cannot read cannot be checked."),
    example=N_("A file without read permission."),
)
MISSING_SPACE = rule(
    "FM018", "missing-space-after-colon", Severity.ERROR, family=F, fixable=True,
    title=N_("Space missing after a colon"),
    message=N_("a space is missing after the colon in '{text}'"),
    fix=N_("Write '{fixed}': a field is 'name: value', with a space after the colon."),
    why=N_("Without the space, YAML reads 'name:value' as one piece of text, not as a field: the "
           "lines around it no longer make sense to it."),
    example=N_("    github:awadiallo  (instead of github: awadiallo)"),
)
INDENTATION = rule(
    "FM019", "misaligned-line", Severity.ERROR, family=F, fixable=True,
    title=N_("Line not aligned with its block"),
    message=N_("this line starts with {found} space(s), which matches no block above it"),
    fix=N_("Start the line with exactly {expected} space(s), aligned with '{above}': '{fixed}'. "
           "The fields of one block start in the same column (spaces only, never tabs)."),
    why=N_("In YAML the indentation says what belongs to what: a line one space off belongs to "
           "nothing, and the whole front-matter cannot be read."),
    example=N_("authors:\n  - name: Awa Diallo\n   github: awadiallo  (3 spaces instead of 4)"),
)
INVISIBLE = rule(
    "FM020", "invisible-space-in-field", Severity.ERROR, family=F, fixable=True,
    title=N_("Invisible space in a field name"),
    message=N_("an invisible character, {code} ({name}), stands {where}: the field '{key}' is not "
               "recognised"),
    fix=N_("Delete the invisible character (retype the space and the colon by hand): the line must "
           "read '{fixed}'."),
    why=N_("Word processors and French keyboards put a non-breaking space before ':'; it looks like "
           "a space, but the field name then contains it and no tool recognises it."),
    example=N_("date_modified : 2026-03-02  (with a non-breaking space before the colon)"),
)

BY_KIND: dict[ProblemKind, Rule] = {
    ProblemKind.NO_FRONT_MATTER: NO_FRONT_MATTER,
    ProblemKind.UNTERMINATED: UNTERMINATED,
    ProblemKind.INVALID_YAML: INVALID_YAML,
    ProblemKind.DUPLICATE_KEY: DUPLICATE_KEY,
    ProblemKind.TAB: TAB,
    ProblemKind.BOM: BOM,
    ProblemKind.NOT_UTF8: NOT_UTF8,
    ProblemKind.EMPTY: EMPTY,
    ProblemKind.BINARY: BINARY,
    ProblemKind.TOO_LARGE: TOO_LARGE,
    ProblemKind.ALIAS: ALIAS,
    ProblemKind.NON_STRING_KEY: NON_STRING_KEY,
    ProblemKind.NOT_A_MAPPING: NOT_A_MAPPING,
    ProblemKind.FORBIDDEN_TAG: FORBIDDEN_TAG,
    ProblemKind.TOO_DEEP: TOO_DEEP,
    ProblemKind.SYMLINK: SYMLINK,
    ProblemKind.UNREADABLE: UNREADABLE,
    ProblemKind.MISSING_SPACE: MISSING_SPACE,
    ProblemKind.INDENTATION: INDENTATION,
    ProblemKind.INVISIBLE: INVISIBLE,
}


SPECIAL_FILES = {
    "fifo": N_("it is a named pipe (FIFO), not a regular file"),
    "socket": N_("it is a socket, not a regular file"),
    "device": N_("it is a device, not a regular file"),
    "other": N_("it is not a regular file"),
    "folder": N_("it is not a regular file"),
}


def detail_of(problem_detail: str) -> str | Message:
    """A problem's detail, translated when it names a special file (``special:fifo``…)."""
    if problem_detail.startswith(SPECIAL):
        return msg(SPECIAL_FILES.get(problem_detail[len(SPECIAL):], SPECIAL_FILES["other"]))
    return problem_detail


def document_findings(doc: Document) -> Iterable[Finding]:
    """The findings of a document's reading problems (used for every kind of YAML document)."""
    for problem in doc.problems:
        the_rule = BY_KIND[problem.kind]
        detail = detail_of(problem.detail)
        key = problem.detail
        params = {"detail": detail, "key": key, **dict(problem.extra)}
        suggestion = params.pop("suggestion", None)
        yield the_rule.at(doc.path, problem.line, problem.column,
                          line_fix=suggestion if isinstance(suggestion, str) else None, **params)


@resource_check(F)
def resource_parsing(res: Resource, _commons: Commons) -> Iterable[Finding]:
    return document_findings(res.doc)


@check(F)
def parsing(commons: Commons) -> Iterable[Finding]:
    for doc in commons.documents:
        yield from document_findings(doc)
    if commons.config.doc is not None:
        yield from document_findings(commons.config.doc)
