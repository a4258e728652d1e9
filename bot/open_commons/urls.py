# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one gate every URL goes through before it is written into a page or a credit line.

Only ``http:``, ``https:``, ``mailto:`` and relative URLs are ever written. Anything else
(``javascript:``, ``data:``, ``vbscript:``, ``file:``, a scheme hidden behind control characters or
entities) is refused: the caller drops the link and keeps its text. A relative path whose first
segment holds a colon (a file named ``javascript:x``) would be read by a browser as a scheme: it is
written ``./javascript:x``.

The commons' public site (``site_url`` in commons.yaml) is a stricter case: it is written into the bot's
comment, check run and SARIF as the base of every rule's page, so only a plain ``http(s)://host/path``
made of characters that cannot end a Markdown link or an HTML attribute is accepted (``web_url``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from open_commons.model.settings import Settings

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


# a plain absolute web address: scheme, host (letters, digits, dots, dashes), port, path of unreserved
# characters and %XX escapes; no space, quote, bracket, parenthesis, backslash, "@", query or fragment
_WEB_URL = re.compile(
    r"^(?P<scheme>[Hh][Tt][Tt][Pp][Ss]?)://"
    r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)"
    r"(?P<port>:[0-9]{1,5})?"
    r"(?P<path>(?:/(?:[A-Za-z0-9._~+-]|%[0-9A-Fa-f]{2})*)*)$")
_CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
MAX_WEB_URL = 2000
SITE_LANGUAGES = ("fr", "en")  # i18n.LANGUAGES (a layer above): the site's main language falls back to French


def web_url(url: object) -> str | None:
    """``url`` if it is a plain ``http(s)://host[:port]/path`` that may be written as is into Markdown (a
    link's destination, a table cell), HTML (an attribute) or plain text, else None. Stricter than
    ``safe_url``: for addresses taken from the policy (commons.yaml), never from content."""
    if not isinstance(url, str) or len(url) > MAX_WEB_URL:
        return None
    match = _WEB_URL.match(url)
    if match is None or safe_url(url) != url:
        return None
    return match.group("scheme").lower() + url[len(match.group("scheme")):]


def site_base(url: object) -> str | None:
    """The address of the commons' public site as a base for its pages (ending with ``/``), or None when
    it is not set or not a plain http(s) address."""
    checked = web_url(url.strip() if isinstance(url, str) else url)
    if checked is None:
        return None
    return checked if checked.endswith("/") else checked + "/"


def rule_path(code: str, lang: str, main_lang: str) -> str:
    """Where a rule's page is in the site: ``rules/CODE.html`` in the site's main language,
    ``<lang>/rules/CODE.html`` in another (as every page of the site)."""
    return ("" if lang == main_lang else f"{lang}/") + f"rules/{code}.html"


def rules_index_path(lang: str, main_lang: str) -> str:
    """Where the index of the rules is in the site (in ``lang``)."""
    return ("" if lang == main_lang else f"{lang}/") + "rules/index.html"


def rule_url(settings: Settings, code: str, lang: str) -> str | None:
    """The address of a rule's page on the commons' public site, in ``lang`` (the commons' language
    when ``lang`` is not one of the site's), or None when ``site_url`` is not set or not a plain
    http(s) address, or when ``code`` is not a rule code. The site is the one ``commons site`` builds
    in the commons' language, as the Pages workflow does."""
    base = site_base(settings.site_url)
    if base is None or not _CODE.match(code):
        return None
    main = settings.language if settings.language in SITE_LANGUAGES else SITE_LANGUAGES[0]
    return base + rule_path(code, lang if lang in SITE_LANGUAGES else main, main)
