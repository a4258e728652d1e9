# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Bounded JSON: size, nesting depth and top-level type checked before a value is used.

``json.loads`` recurses once per nested array or object and raises ``RecursionError`` on a
100,000-deep input; a value only a little less deep parses, then breaks the next recursive
reader (jsonschema, ``json.dumps``). ``loads`` catches the first and measures the depth of
what was read without recursion (only when there are more brackets than the limit), and refuses
what is too big or too deep with ``JsonInputError`` (a
``ValueError``), whose text names the problem; so is an escaped lone surrogate (``"\\ud800"``),
which is JSON but not text. Standard library only: every layer may use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
MAX_BYTES = 25 * 1024 * 1024

# "\ud800" is valid JSON but no text: a lone surrogate cannot be encoded, hashed nor printed
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _is_text(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class JsonInputError(ValueError):
    """JSON refused: not UTF-8, not JSON, too large, too deep or not of the expected type."""


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string, the loop unrolled (fast)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def depth(text: str, limit: int = 1 << 30) -> int:
    """How deep arrays and objects nest in valid JSON ``text``, without recursion: strings are
    cut out, then each pass removes the innermost pairs of brackets (``limit + 1`` passes at most)."""
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    level = 0
    while skeleton and level <= limit:
        shorter = _INNERMOST.sub("", skeleton)  # one scan: only the pairs innermost before it
        if shorter == skeleton:  # pragma: no cover - not valid JSON
            break
        skeleton, level = shorter, level + 1
    return level


_KINDS = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
          bool: "a boolean", type(None): "null"}


def kind(t: type) -> str:
    """How JSON calls a Python type ("an object", "an array"…)."""
    return _KINDS.get(t, t.__name__)


def loads(data: str | bytes, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES,
          expect: type | tuple[type, ...] | None = None) -> Any:
    """``json.loads`` that refuses input larger than ``max_bytes`` or nested deeper than ``max_depth``,
    and (with ``expect``) a top-level value of another type. Raises only ``JsonInputError``."""
    if len(data) > max_bytes:
        raise JsonInputError(f"larger than {max_bytes} bytes")
    if isinstance(data, (bytes, bytearray)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as err:
            raise JsonInputError(f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from None
    else:
        text = data
    try:
        value = json.loads(text)  # the C reader refuses more than ~1000 levels with RecursionError
    except RecursionError:
        raise JsonInputError(f"nested deeper than {max_depth} levels") from None
    except ValueError as err:
        raise JsonInputError(f"not JSON: {err}") from None
    # fewer brackets than the limit cannot nest deeper than it (a ledger line, most payloads)
    if text.count("[") + text.count("{") > max_depth and depth(text, max_depth) > max_depth:
        raise JsonInputError(f"nested deeper than {max_depth} levels")
    if _SURROGATE_ESCAPE.search(text) and not _is_text(value):
        raise JsonInputError("a lone surrogate escape (\\udXXX) is not text")
    if expect is not None and not isinstance(value, expect):
        wanted = " or ".join(kind(t) for t in (expect if isinstance(expect, tuple) else (expect,)))
        raise JsonInputError(f"not {wanted} but {kind(type(value))}")
    return value
