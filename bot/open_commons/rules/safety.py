# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# i18n-catalog: safety
"""SAF: what a hostile pull request could hide from a reviewer.

Invisible and bidirectional control characters (text that reads differently from what it is,
"Trojan Source"), control characters (NUL…), look-alike letters in ids, paths and names
(an id with a Cyrillic 'а' is another resource than the one it looks like; "Simplоn.co" with
a Cyrillic 'о' is not Simplon.co), and a licence text in LICENSES/ that is not the licence
its file name says.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from open_commons.i18n import N_
from open_commons.model import Commons, Document, Finding, Resource, Severity, msg, printable
from open_commons.rules.registry import check, resource_check, rule

F = "safety"

INVISIBLE = rule(
    "SAF001", "invisible-character", Severity.ERROR, family=F,
    title=N_("Invisible or direction-changing character"),
    message=N_("{where} contains the invisible character {char} ({name})"),
    fix=N_("Delete the character {char} from {where}: retype the value by hand instead of pasting it. "
           "Editors do not show it; on GitHub, the file view warns about it ('hidden or bidirectional "
           "Unicode text')."),
    why=N_("Bidirectional controls reorder how text is displayed and zero-width characters are not "
           "displayed at all: a reviewer would approve a name, a title or an id different from what "
           "the file really says (the 'Trojan Source' attack)."),
    example=N_("title: \"Budget\\u202egpj.exe\"  (a right-to-left override that shows 'Budgetexe.jpg')"),
)
CONTROL = rule(
    "SAF002", "control-character", Severity.ERROR, family=F,
    title=N_("Control character in the text"),
    message=N_("{where} contains the control character {char}"),
    fix=N_("Delete the control character {char}: save the file again as plain UTF-8 text, or retype "
           "the line."),
    why=N_("Control characters (NUL, escape, bell…) are not text: they cut strings in other tools, "
           "garble terminals and hide content from review."),
    example=N_("title: \"Guide\\0 caché\"  (a NUL character written as an escape)"),
)
LOOKALIKE = rule(
    "SAF003", "look-alike-character", Severity.ERROR, family=F,
    title=N_("Look-alike letter from another alphabet"),
    message=N_("{where} ('{value}') contains {char} ({name}), a letter that looks like a Latin one"),
    fix=N_("Retype '{value}' with the Latin letters of a French keyboard; ids, file names, logins and "
           "partner ids use only a-z, 0-9 and dashes."),
    why=N_("A Cyrillic 'а' looks exactly like a Latin 'a': an id, a file name or an organisation name "
           "written with it impersonates another one while being different for every tool."),
    example=N_("id: sourcing/grille-de-selection  typed with a Cyrillic 'е' (U+0435) in 'selection'"),
)
LICENCE_TEXT = rule(
    "SAF004", "licence-text-altered", Severity.ERROR, family=F,
    title=N_("Licence text is not the licence it is named after"),
    message=N_("{path} is not the text of {licence} (only {similarity}% of it matches the SPDX text)"),
    fix=N_("Restore the official text: `reuse download --force {licence}` rewrites {path}. A different "
           "licence needs its own file, LICENSES/<its SPDX id>.txt or LICENSES/LicenseRef-<name>.txt."),
    why=N_("Re-users read the licence in LICENSES/: a text replaced under the name of CC BY-SA 4.0 "
           "would grant (or withhold) other rights than the ones every file declares."),
    example=N_("LICENSES/CC-BY-SA-4.0.txt replaced by 'All rights reserved'."),
)

CASE_TWIN = rule(
    "SAF005", "case-twin-file", Severity.ERROR, family=F,
    title=N_("Two files whose names differ only by case"),
    message=N_("'{name}' and '{other}' differ only by upper and lower case: on Windows and macOS they "
               "are the same file"),
    fix=N_("Rename or remove one of them, and list the one you keep under attachments."),
    why=N_("Partners use Windows and macOS, whose file systems ignore case: one file silently "
           "replaces the other in a checkout, an export or a zip."),
    example=N_("attachments: [Budget.ods] beside budget.ods"),
)

NAME_NOT_UTF8 = rule(
    "SAF006", "file-name-not-utf8", Severity.ERROR, family=F,
    title=N_("File name that is not UTF-8"),
    message=N_("the file name holds bytes that are not UTF-8 (shown as {shown})"),
    fix=N_("Rename the file with letters, digits and dashes only (for example with `git mv`)."),
    why=N_("GitHub, Windows, zip files and the web site cannot show nor name such a file the same "
           "way: it cannot be reviewed, linked nor exported reliably."),
    example=N_("content/sourcing/caf\\xe9.md, written in Latin-1 by an old tool"),
)

# bidirectional controls (overrides, embeddings, isolates, marks) and characters with no glyph
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BIDI_BODY = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # marks are legit in text
_INVISIBLE = _BIDI | frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f"
                               "\u115f\u1160\u3164\uffa0")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")
_BIDI_BODY_RE = re.compile("[" + "".join(sorted(_BIDI_BODY)) + "]")
_CONFUSABLE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")
# fields whose value is an id, a file name, a login or a partner id: ASCII only
_ID_FIELDS = ("id", "translation_of")
_WORD = re.compile(r"\w+")
MAX_CHANGED_WORDS = 10


def _name(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _strings(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every key and string value of a YAML tree, with its path (a key is reported at its own path)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, node)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str):
                    yield (*where, key), key
                stack.append(((*where, key), item))
        elif isinstance(value, list):
            stack.extend(((*where, i), item) for i, item in enumerate(value))


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "front-matter"


def _emoji_joiner(text: str, i: int) -> bool:
    """A zero-width joiner between two pictographs (👩‍💻) is part of an emoji, not hidden text."""
    if text[i] != "\u200d" or i == 0 or i + 1 >= len(text):
        return False
    return all(ord(c) >= 0x2600 for c in (text[i - 1], text[i + 1]))


def _invisible(text: str, chars: frozenset[str]) -> str | None:
    if text.isascii():  # the fast path: every character of ``chars`` is outside ASCII
        return None
    pattern = _INVISIBLE_RE if chars is _INVISIBLE else re.compile("[" + "".join(sorted(chars)) + "]")
    for found in pattern.finditer(text):
        if not _emoji_joiner(text, found.start()):
            return found.group()
    return None


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def _lookalike_in_id(value: str) -> str | None:
    """The first non-ASCII letter of an id-like value."""
    if value.isascii():
        return None
    return next((c for c in value if ord(c) > 127 and c.isalpha()), None)


def _mixed_word(value: str) -> str | None:
    """In a name or a title, the letter of a word mixing Latin with a look-alike alphabet."""
    if value.isascii():
        return None
    for word in _WORD.findall(value):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word} - {None}
        if "LATIN" in scripts and scripts & set(_CONFUSABLE_SCRIPTS):
            return next(c for c in word if _script(c) in _CONFUSABLE_SCRIPTS)
    return None


def _is_id_path(path: tuple[str | int, ...]) -> bool:
    """id, translation_of, is_based_on[i].id, translations.<lang>, attachments[i],
    authors/contributors[i].partner|github, changes[i].by."""
    if not path:
        return False
    last = path[-1]
    if len(path) == 1:
        return last in _ID_FIELDS
    first = path[0]
    if first == "translations" or (first == "attachments" and isinstance(last, int)):
        return True
    if first == "is_based_on":
        return last == "id"
    if first in ("authors", "contributors"):
        return last in ("partner", "github")
    return False


def _is_name_path(path: tuple[str | int, ...]) -> bool:
    if len(path) == 1:
        return path[0] in ("title", "name")
    return path[-1] in ("name", "title", "by") or (len(path) >= 2 and path[-2] == "authors")


def document_findings(doc: Document, *, ids: bool = True) -> Iterable[Finding]:
    """SAF001-SAF003 on one YAML document (front-matter or a partner file) and its body."""
    if doc.data is None:
        return
    for path, text in _strings(doc.data):
        if text.isascii() and not _CONTROL.search(text):
            continue  # the fast path: nothing hidden, no control, no look-alike in plain ASCII
        where = msg(N_("the field '{field}'"), field=_dotted(path))
        char = _invisible(text, _INVISIBLE)
        if char is not None:
            yield INVISIBLE.at(doc.path, *doc.pos(*path), where=where, char=_code(char), name=_name(char))
            continue
        control = _CONTROL.search(text)
        if control:
            yield CONTROL.at(doc.path, *doc.pos(*path), where=where, char=_code(control.group()))
            continue
        letter = _lookalike_in_id(text) if (ids and _is_id_path(path)) else (
            _mixed_word(text) if _is_name_path(path) else None)
        if letter is not None:
            yield LOOKALIKE.at(doc.path, *doc.pos(*path), where=where, value=text, char=_code(letter),
                               name=_name(letter))
    yield from _body_findings(doc)


def _body_findings(doc: Document) -> Iterable[Finding]:
    body = doc.body
    if not body:
        return
    found = None if body.isascii() else _BIDI_BODY_RE.search(body)
    bidi = found.start() if found else None
    if bidi is not None:
        line = doc.body_line + body.count("\n", 0, bidi)
        yield INVISIBLE.at(doc.path, line, None, where=msg(N_("the text")), char=_code(body[bidi]),
                           name=_name(body[bidi]))
    control = _CONTROL.search(body)
    if control:
        line = doc.body_line + body.count("\n", 0, control.start())
        yield CONTROL.at(doc.path, line, None, where=msg(N_("the text")), char=_code(control.group()))


def path_findings(path: str) -> Iterable[Finding]:
    """A file name with hidden or look-alike characters."""
    char = _invisible(path, _INVISIBLE)
    if char is not None:
        yield INVISIBLE.at(path, 1, None, where=msg(N_("the file name")), char=_code(char), name=_name(char))
        return
    control = _CONTROL.search(path)
    if control:
        yield CONTROL.at(path, 1, None, where=msg(N_("the file name")), char=_code(control.group()))
        return
    letter = _lookalike_in_id(path)
    if letter is not None:
        yield LOOKALIKE.at(path, 1, None, where=msg(N_("the file name")), value=path, char=_code(letter),
                           name=_name(letter))


@resource_check(F)
def hidden_characters(res: Resource, _commons: Commons) -> Iterable[Finding]:
    yield from path_findings(res.path)
    yield from document_findings(res.doc)


@check(F)
def hidden_characters_in_partners(commons: Commons) -> Iterable[Finding]:
    """partners/*.yaml: names and identities (other YAML documents)."""
    for doc in commons.documents:
        yield from document_findings(doc, ids=False)


# --- LICENSES/ ----------------------------------------------------------------------------------

_NORMALISE = re.compile(r"[^a-z0-9]+")


_COPYRIGHT_LINE = re.compile(r"^\s*copyright\b.*$", re.IGNORECASE | re.MULTILINE)


def _words(text: str) -> list[str]:
    """The words of a licence text; copyright lines (filled in by each project: MIT, BSD…) left out."""
    return _NORMALISE.sub(" ", _COPYRIGHT_LINE.sub(" ", text).lower()).split()


@cache
def _reference(text: str) -> tuple[str, ...]:
    return tuple(_words(text))


def compare(text: str, reference_text: str | None) -> tuple[float, int] | None:
    """(share of ``text`` that is ``reference_text`` (0..1), words added or removed), None without a
    reference (SPDX does not know the licence). Case, punctuation and spacing are ignored."""
    if not reference_text:
        return None
    reference = _reference(reference_text)
    words = _words(text)
    if not words:
        return 0.0, len(reference)
    matcher = difflib.SequenceMatcher(None, reference, words, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / max(len(reference), len(words)), len(reference) + len(words) - 2 * matched


def similarity(text: str, reference_text: str | None) -> float | None:
    found = compare(text, reference_text)
    return None if found is None else found[0]


def altered(text: str, reference_text: str | None) -> float | None:
    """The similarity when ``text`` is not the licence's ``reference_text``, else None.

    A few words may differ (a filled-in copyright line of MIT or BSD); the NonCommercial text
    under the ShareAlike name differs by 92 words in 2,800, a removed clause by dozens.
    """
    found = compare(text, reference_text)
    if found is None or reference_text is None:
        return None
    score, changed = found
    reference = _reference(reference_text)
    return score if changed > max(MAX_CHANGED_WORDS, len(reference) // 100) else None


@check(F)
def licence_texts(commons: Commons) -> Iterable[Finding]:
    for path, text in sorted(commons.texts.items()):
        if not path.startswith("LICENSES/") or path.count("/") != 1 or path.endswith(".license"):
            continue
        licence = path[len("LICENSES/"):].rsplit(".", 1)[0]
        if licence.startswith("LicenseRef-"):
            continue
        score = altered(text, commons.references.get(licence))
        if score is None and "\ufffd" in text:  # bytes that are not UTF-8: not the text, however close
            score = min(similarity(text, commons.references.get(licence)) or 0.0, 0.99)
        if score is not None:
            yield LICENCE_TEXT.at(path, 1, None, path=path, licence=licence, similarity=int(score * 100))


@check(F)
def case_twins(commons: Commons) -> Iterable[Finding]:
    """SAF005: attachments (and resources) of a folder whose names differ only by case."""
    root = commons.config.content_root.rstrip("/") + "/"
    by_folded: dict[str, list[str]] = {}
    for path in commons.files:
        if path.startswith(root):
            by_folded.setdefault(path.casefold(), []).append(path)
    twins = {p: sorted(ps) for ps in by_folded.values() if len(ps) > 1 for p in ps}
    if not twins:
        return
    reported: set[str] = set()
    for res in commons.resources:
        names = res.data.get("attachments") if res.doc.data is not None else None
        folder = res.path.rsplit("/", 1)[0]
        for i, name in enumerate(names if isinstance(names, list) else ()):
            path = f"{folder}/{name}" if isinstance(name, str) else ""
            for other in twins.get(path, ()):
                if other != path:
                    reported.update((path, other))
                    yield CASE_TWIN.at(res.path, *res.doc.pos("attachments", i), name=path, other=other)
    for path, group in sorted(twins.items()):
        if path not in reported and path == group[0]:  # not listed by a resource: once per group, on the first
            yield CASE_TWIN.at(path, None, None, name=path, other=group[1])


@check(F)
def file_names(commons: Commons) -> Iterable[Finding]:
    """SAF006: file names with bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    for path in sorted(commons.files):
        if not path.isascii() and printable(path) != path:
            yield NAME_NOT_UTF8.at(path, None, None, shown=printable(path))
