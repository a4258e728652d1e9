# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The model: frozen values that flow from sources to rules to reporters.

Standard library only. A finding's text is kept as a message template plus
named parameters, so that one finding can be rendered in French or English
by any reporter.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from open_commons.model.settings import Settings


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Message:
    """A translatable message: an English template with named placeholders."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)


def msg(template: str, **params: Any) -> Message:
    return Message(template, params)


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule."""

    code: str
    severity: Severity
    path: str  # POSIX path relative to the commons root ("" for the commons itself)
    message: Message
    fix: Message | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    end_line: int | None = None
    # the corrected text of line ``line`` when the fix is that one line (a GitHub suggested change)
    suggestion: str | None = None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line or 0, self.column or 0, self.code)


# --- documents -------------------------------------------------------------


class ProblemKind(enum.StrEnum):
    """What went wrong while reading a file (turned into findings by rules)."""

    NO_FRONT_MATTER = "no-front-matter"
    UNTERMINATED = "unterminated"
    INVALID_YAML = "invalid-yaml"
    DUPLICATE_KEY = "duplicate-key"
    TAB = "tab"
    BOM = "bom"
    NOT_UTF8 = "not-utf8"
    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too-large"
    ALIAS = "alias"
    NON_STRING_KEY = "non-string-key"
    NOT_A_MAPPING = "not-a-mapping"
    SYMLINK = "symlink"
    TOO_DEEP = "too-deep"
    FORBIDDEN_TAG = "forbidden-tag"
    UNREADABLE = "unreadable"
    MISSING_SPACE = "missing-space"
    INDENTATION = "indentation"
    INVISIBLE = "invisible-character"


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with the bytes of a file name that is not UTF-8 (kept by Python as lone surrogates)
    written ``\\xNN``: safe to encode, print, send as JSON; ASCII text is returned as is."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text

    def esc(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(esc, text)


def printable_params(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """Message parameters made printable (``printable``), nested messages included; the same dict
    when nothing needs escaping."""
    out: dict[str, Any] | None = None
    for key, value in params.items():
        if isinstance(value, str):
            new: Any = value if value.isascii() else printable(value)
        elif isinstance(value, Message):
            fixed = printable_params(value.params)
            new = value if fixed is value.params else Message(value.template, fixed)
        else:
            continue
        if new is not value:
            out = dict(params) if out is None else out
            out[key] = new
    return params if out is None else out


SPECIAL_FILE = "special:"  # Problem.detail of a path that is not a regular file: special:fifo, special:device…


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    line: int | None = None
    column: int | None = None
    detail: str = ""
    extra: tuple[tuple[str, Any], ...] = ()  # more named parameters for the finding's message and fix


Locator = Callable[[tuple[str | int, ...]], tuple[int, int] | None]


def _no_location(_path: tuple[str | int, ...]) -> tuple[int, int] | None:
    return None


@dataclass(frozen=True)
class Document:
    """A YAML document read from a file: a resource's front-matter, commons.yaml, a partner.

    ``data`` is None when the file could not be parsed; ``problems`` says why.
    ``locate`` maps a path inside ``data`` (keys and indexes) to a 1-based
    (line, column) in the file; it re-reads the file only when called.
    """

    path: str
    data: Mapping[str, Any] | None
    problems: tuple[Problem, ...] = ()
    body: str = ""
    body_line: int = 1
    yaml_line: int = 1  # file line of the first YAML line
    comments: tuple[tuple[int, str], ...] = ()  # (line, text) of YAML comment lines
    locate: Locator = field(default=_no_location, compare=False, repr=False)  # picklable

    def pos(self, *path: str | int) -> tuple[int, int | None]:
        """Best (line, column) for a path: the deepest prefix that can be located."""
        for end in range(len(path), -1, -1):
            loc = self.locate(path[:end])
            if loc is not None:
                return loc
        return self.yaml_line, None

    def line_of(self, *path: str | int) -> int:
        return self.pos(*path)[0]


@dataclass(frozen=True)
class Attachment:
    path: str
    exists: bool


@dataclass(frozen=True)
class Resource:
    """A resource: a Markdown file under content/ with its parsed front-matter."""

    doc: Document
    expected_id: str  # the id its path calls for

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def data(self) -> Mapping[str, Any]:
        return self.doc.data or {}

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values of one field, with a label per language."""

    name: str
    labels: Mapping[str, Mapping[str, str]]

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in self.labels

    def label(self, value: str, lang: str) -> str:
        return self.labels.get(value, {}).get(lang, value)


@dataclass(frozen=True)
class Config:
    """The policy of a commons (commons.yaml), as a typed value."""

    root: str  # absolute path of the commons checkout
    data: Mapping[str, Any]
    doc: Document | None = None

    @property
    def settings(self) -> Settings:
        """The typed policy, parsed once (every default is in ``model/settings.py``)."""
        cached = self.__dict__.get("_settings")
        if cached is None:
            cached = Settings.from_mapping(self.data)
            object.__setattr__(self, "_settings", cached)  # a cache on a frozen value
        return cached

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def content_root(self) -> str:
        return self.settings.content.root

    @property
    def max_file_bytes(self) -> int:
        return self.settings.content.max_file_bytes

    @property
    def access(self) -> str:
        return self.settings.access

    def vocabulary(self, name: str) -> Vocabulary:
        return Vocabulary(name, self.settings.vocabularies.get(name, {}))

    @property
    def sections(self) -> Vocabulary:
        """Folders allowed under content/: the phases and the extra sections."""
        labels = dict(self.settings.vocabularies.get("phases", {}))
        labels.update(self.settings.content.sections)
        return Vocabulary("sections", labels)


@dataclass(frozen=True)
class Commons:
    """Everything read from one checkout, ready for the rules."""

    config: Config
    resources: tuple[Resource, ...]
    documents: tuple[Document, ...] = ()  # other YAML documents (partners…)
    files: frozenset[str] = frozenset()  # every file path seen (POSIX, relative)
    schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # name -> JSON Schema
    # findings of the per-resource checks, when they were run while reading (path -> findings)
    precomputed: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)  # other text files by path (the ledger, .mailmap)
    # data the rules would otherwise fetch themselves (they stay pure): the day of the check (ISO),
    # and the SPDX reference text of each licence whose text is in ``texts`` (LICENSES/…)
    today: str = ""
    references: Mapping[str, str] = field(default_factory=dict)

    def by_id(self) -> Mapping[str, Resource]:
        """Resources by id (the first one when an id is used twice), computed once."""
        cached = self.__dict__.get("_by_id")
        if cached is None:
            cached = {}
            for res in self.resources:
                if res.id and res.id not in cached:
                    cached[res.id] = res
            object.__setattr__(self, "_by_id", cached)  # a cache on a frozen value
        return cached
