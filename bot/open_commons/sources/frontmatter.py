# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Split a Markdown file into front-matter and body, and parse both into a Document."""

from __future__ import annotations

import re

from open_commons.model import Document, Problem, ProblemKind
from open_commons.sources import yamlio
from open_commons.sources.files import TextFile

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def split(text: str) -> tuple[str, int, str, int] | Problem:
    """Return (yaml, yaml_first_line, body, body_first_line) or the problem."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return Problem(ProblemKind.NO_FRONT_MATTER, 1, 1)
    for i in range(1, len(lines)):
        if _END.match(lines[i]):
            return "\n".join(lines[1:i]) + "\n", 2, "\n".join(lines[i + 1 :]), i + 2
    return Problem(ProblemKind.UNTERMINATED, 1, 1, str(len(lines)))


def _comments(yaml_text: str, first_line: int) -> tuple[tuple[int, str], ...]:
    out = []
    for n, line in enumerate(yaml_text.split("\n")):
        stripped = line.strip()
        if stripped.startswith("#"):
            out.append((n + first_line, stripped[1:].strip()))
    return tuple(out)


def parse_yaml(path: str, yaml_text: str, first_line: int, body: str = "", body_line: int = 1) -> Document:
    """Parse YAML text from a file into a Document (data or problems)."""
    tab = _TAB_INDENT.search(yaml_text)
    if tab:
        line = yaml_text.count("\n", 0, tab.start()) + first_line
        col = tab.end() - tab.start()
        return Document(path, None, (Problem(ProblemKind.TAB, line, col),), body, body_line, first_line)
    data, problems = yamlio.load(yaml_text, first_line)
    if not problems:
        if data is None:
            problems = (Problem(ProblemKind.NOT_A_MAPPING, first_line, 1, "empty"),)
        elif not isinstance(data, dict):
            problems = (Problem(ProblemKind.NOT_A_MAPPING, first_line, 1, type(data).__name__),)
    return Document(
        path,
        None if problems else data,
        problems,
        body,
        body_line,
        first_line,
        _comments(yaml_text, first_line),
        yamlio.locator(yaml_text, first_line),
    )


def markdown_document(file: TextFile) -> Document:
    """A resource file (Markdown with front-matter) as a Document."""
    if file.text is None:
        return Document(file.path, None, file.problems)
    parts = split(file.text)
    if isinstance(parts, Problem):
        return Document(file.path, None, (*file.problems, parts), file.text, 1)
    yaml_text, first, body, body_line = parts
    doc = parse_yaml(file.path, yaml_text, first, body, body_line)
    if file.problems:
        doc = Document(doc.path, doc.data, (*file.problems, *doc.problems), doc.body, doc.body_line,
                       doc.yaml_line, doc.comments, doc.locate)
    return doc


def yaml_document(file: TextFile) -> Document:
    """A plain YAML file (commons.yaml, partners/*.yaml) as a Document."""
    if file.text is None:
        return Document(file.path, None, file.problems)
    doc = parse_yaml(file.path, file.text, 1)
    if file.problems:
        doc = Document(doc.path, doc.data, (*file.problems, *doc.problems), doc.body, doc.body_line,
                       doc.yaml_line, doc.comments, doc.locate)
    return doc
