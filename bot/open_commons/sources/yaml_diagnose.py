# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""What a YAML error means for someone who is not a developer: the line really at fault and its fix.

The parser says "could not find expected ':'" one line after a missing space, or "did not find
expected '-' indicator" for a misaligned line; these functions read the text around the parser's
mark and name the actual problem: a missing space after a colon, an indentation that matches no
block above, a space that only looks like one (U+00A0…) in a field name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from open_commons.i18n import N_
from open_commons.model import ProblemKind, msg

INVISIBLE: dict[str, str] = {  # spaces that look like a space (zero-width characters are SAF001's)
    "\u00a0": N_("non-breaking space"),
    "\u202f": N_("narrow non-breaking space"),
    "\u2007": N_("figure space"),
    "\u2009": N_("thin space"),
}
_CHARS = "".join(INVISIBLE)
# a field name, then invisible characters (and maybe spaces), then the colon
_KEY_INVISIBLE = re.compile(rf"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[^\s:#'\"{_CHARS}]+)(?P<gap>[ {_CHARS}]*[{_CHARS}][ {_CHARS}]*):(?=\s|$)")
# invisible characters used as indentation
_LEAD_INVISIBLE = re.compile(rf"^[ ]*[{_CHARS}][ {_CHARS}]*(?=\S)")
_NO_SPACE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/].*)$")
_INDENT_MESSAGES = ("did not find expected '-' indicator", "mapping values are not allowed",
                    "did not find expected key", "expected <block end>", "could not find expected ':'")


@dataclass(frozen=True)
class Diagnosis:
    kind: ProblemKind
    line: int  # 0-based, in the text
    column: int  # 0-based
    detail: str
    extra: tuple[tuple[str, Any], ...]


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def hidden_keys(data: Any) -> set[str]:
    """Field names (at any depth) that hold an invisible space: the YAML parsed, but into another field."""
    found: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.update(k for k in node if isinstance(k, str) and not k.isascii() and any(c in k for c in _CHARS))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def invisible(text: str, keys: set[str] | None = None, near: int | None = None) -> Diagnosis | None:
    """The line where an invisible space stands in a field name (one of ``keys``, the names the parser
    read) or, when the YAML could not be read, in the indentation or a field name of the lines around
    ``near`` (a French text may hold a non-breaking space before a colon: only a field is looked at)."""
    if not any(c in text for c in _CHARS):
        return None
    for number, line in enumerate(text.splitlines()):
        if near is not None and not near - 1 <= number <= near:
            continue
        match = _KEY_INVISIBLE.match(line)
        if match and keys is not None and (match["key"] + match["gap"]).rstrip(" ") not in \
                {k.rstrip(" ") for k in keys}:
            match = None
        if match:
            char = next(c for c in match["gap"] if c in INVISIBLE)
            fixed = f"{match['lead']}{match['key']}:{line[match.end():]}"
            return Diagnosis(ProblemKind.INVISIBLE, number, match.start("gap"), _code(char), (
                ("name", msg(INVISIBLE[char])), ("code", _code(char)), ("key", match["key"]),
                ("where", msg(N_("between '{key}' and its colon"), key=match["key"])), ("fixed", fixed.strip()),
                ("suggestion", fixed.rstrip())))
        match = _LEAD_INVISIBLE.match(line) if keys is None else None
        if match:
            char = next(c for c in match.group(0) if c in INVISIBLE)
            stripped = line.strip(" " + _CHARS)
            return Diagnosis(ProblemKind.INVISIBLE, number, line.index(char), _code(char), (
                ("name", msg(INVISIBLE[char])), ("code", _code(char)), ("key", stripped.split(":", 1)[0]),
                ("where", msg(N_("in the indentation of this line"))), ("fixed", stripped),
                ("suggestion", " " * _indent(line.replace("\u00a0", " ")) + stripped)))
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def missing_space(lines: list[str], mark: int) -> Diagnosis | None:
    """``github:awadiallo``: the parser complains on the next line; the fault is this one."""
    for number in range(min(mark, len(lines) - 1), max(-1, mark - 3), -1):
        line = lines[number]
        match = _NO_SPACE.match(line)
        if match and ": " not in line and not line.rstrip().endswith(":"):
            fixed = f"{match['lead']}{match['key']}: {match['value']}"
            return Diagnosis(ProblemKind.MISSING_SPACE, number, match.end("key"), match["key"], (
                ("text", line.strip()), ("fixed", fixed.strip()), ("suggestion", fixed.rstrip())))
    return None


def indentation(lines: list[str], mark: int) -> Diagnosis | None:
    """A line whose indentation matches no block above it (e.g. three spaces where the others use two)."""
    if not 0 <= mark < len(lines) or not _meaningful(lines[mark]):
        return None
    line = lines[mark]
    found = _indent(line)
    dash = line.lstrip(" ").startswith("- ")
    keys: dict[int, str] = {}  # column -> the line above that starts a field there
    dashes: dict[int, str] = {}  # column -> the line above that starts a list item there
    for above in lines[:mark]:
        if not _meaningful(above):
            continue
        col = _indent(above)
        body = above.lstrip(" ")
        if body.startswith("- "):
            dashes[col] = above.strip()
            inner = body[2:]
            keys[col + 2 + len(inner) - len(inner.lstrip(" "))] = inner.strip()
        else:
            keys[col] = above.strip()
    columns = dashes if dash and dashes else keys
    if not columns or found in columns:
        return None
    expected = min(columns, key=lambda c: (abs(c - found), -c))
    fixed = " " * expected + line.lstrip(" ")
    return Diagnosis(ProblemKind.INDENTATION, mark, found, str(found), (
        ("found", found), ("expected", expected), ("above", columns[expected]), ("fixed", fixed.rstrip()),
        ("suggestion", fixed.rstrip())))


def diagnose(text: str, mark: int | None, problem: str) -> Diagnosis | None:
    """The problem a parser error means, when it is one of the common ones; None otherwise."""
    if mark is None:
        return None
    lines = text.splitlines()
    if "could not find expected ':'" in problem or "mapping values are not allowed" in problem:
        found = missing_space(lines, mark)
        if found is not None:
            return found
    if any(m in problem for m in _INDENT_MESSAGES):
        return indentation(lines, mark)
    return None
