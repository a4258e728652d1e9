# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Bounded JSON: size, nesting depth and top-level type checked before a value is used.

``json.loads`` recurses once per nested array or object and raises ``RecursionError`` on a
100,000-deep input; a value only a little less deep parses, then breaks the next recursive
reader (jsonschema, ``json.dumps``). ``loads`` measures the depth first, in one linear pass
without recursion, and refuses what is too big or too deep with ``JsonInputError`` (a
``ValueError``), whose text names the problem; so is an escaped lone surrogate (``"\\ud800"``),
which is JSON but not text. Standard library only: every layer may use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
MAX_BYTES = 25 * 1024 * 1024

# a JSON string (skipped whole, so that brackets inside it do not count) or one bracket
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


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


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (JSON or not), without recursion."""
    if text.count("[") + text.count("{") <= 1:
        return 1 if ("[" in text or "{" in text) else 0
    deepest = level = 0
    for m in _TOKEN.finditer(text):
        c = m.group()
        if c in "[{":
            level += 1
            deepest = max(deepest, level)
        elif c in "]}":
            level = max(0, level - 1)
    return deepest


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
    if text.count("[") + text.count("{") > max_depth and depth(text) > max_depth:
        raise JsonInputError(f"nested deeper than {max_depth} levels")
    try:
        value = json.loads(text)
    except RecursionError:  # pragma: no cover - depth() is checked first
        raise JsonInputError(f"nested deeper than {max_depth} levels") from None
    except ValueError as err:
        raise JsonInputError(f"not JSON: {err}") from None
    if _SURROGATE_ESCAPE.search(text) and not _is_text(value):
        raise JsonInputError("a lone surrogate escape (\\udXXX) is not text")
    if expect is not None and not isinstance(value, expect):
        wanted = " or ".join(kind(t) for t in (expect if isinstance(expect, tuple) else (expect,)))
        raise JsonInputError(f"not {wanted} but {kind(type(value))}")
    return value
