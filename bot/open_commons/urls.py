# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one gate every URL goes through before it is written into a page or a credit line.

Only ``http:``, ``https:``, ``mailto:`` and relative URLs are ever written. Anything else
(``javascript:``, ``data:``, ``vbscript:``, ``file:``, a scheme hidden behind control characters or
entities) is refused: the caller drops the link and keeps its text. A relative path whose first
segment holds a colon (a file named ``javascript:x``) would be read by a browser as a scheme: it is
written ``./javascript:x``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_url(url: object) -> str | None:
    """``url`` if it may be written as an ``href``/``src``, else None."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text:
        return None
    if _CONTROL.search(text):
        return None  # a browser drops tabs and newlines inside a URL: "java\tscript:" is "javascript:"
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        if scheme not in ALLOWED_SCHEMES:
            return None
        if scheme in ("http", "https") and not text[match.end():].startswith("//"):
            return None
        return text
    decoded = unquote(text)
    if decoded.startswith(("//", "\\")) or text.startswith("\\"):
        return None  # protocol-relative: another host, with whatever scheme the page has
    first = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" in first:
        return "./" + text
    return text
