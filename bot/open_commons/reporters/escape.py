# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one escaping function for everything the bot writes: ``escape(text, into)``.

Text that comes from a pull request, an issue or a resource (file names, titles, organisation
names, answers of a form) is untrusted. Wherever the bot writes it (the check-run summary and
annotations, the sticky comment, the partner-application comment, the ``partners/<id>.yaml`` it
proposes), it goes through ``escape`` with the place it goes ``into``:

- ``Into.MARKDOWN``: inline Markdown prose on one line. No mention (``@`` gets a zero-width space
  after it), no HTML (``<`` ``>`` ``&`` as entities), no link, image or autolink (brackets escaped,
  ``://`` and ``www.`` broken), no emphasis of ours broken by a backslash (backslashes escaped);
  code spans already in the text are kept (GitHub shows them literally).
- ``Into.TABLE_CELL``: the same, in a cell of a GitHub table (``|`` escaped, even in code spans).
- ``Into.CODE``: an inline code span that the text cannot close; ``Into.TABLE_CODE`` in a table cell.
- ``Into.PLAIN``: text shown as is (check-run annotations): only made visible (below).
- ``Into.YAML_STRING``: a double-quoted scalar, valid JSON and YAML 1.1/1.2, that keeps the value.
- ``Into.YAML_COMMENT``: the text of a ``# …`` comment line, kept on its line.
- ``Into.URL``: the destination of a link the bot writes (a rule's page on the commons' site, from
  commons.yaml): the URL itself when ``urls.web_url`` accepts it (a plain ``http(s)://host/path``: no
  space, quote, bracket, parenthesis, ``@``, query or control character, so it can close neither the
  link nor an HTML attribute), else ``""``: the caller writes no link (``link`` does both).

Everywhere, characters that hide or break text are made visible as ``\\uXXXX`` (``\\n`` ``\\r``
``\\t`` for those three): C0 and C1 controls, DEL, bidirectional overrides and isolates, zero-width
spaces and the byte-order mark, lone surrogates, and every line-breaking character that is not
wanted there (``\\r``, VT, FF, U+0085, U+2028, U+2029, and ``\\n`` on one-line places). In a YAML
string they are escaped instead (the value is kept, no line is broken).

``limit`` caps the untrusted text (in characters, before escaping) with an ellipsis. ``truncate``
cuts a whole Markdown document to a size at a block boundary, never inside a code span, a fence,
an HTML comment or a link. ``fence`` wraps text in a fenced block that the text cannot close.
"""

from __future__ import annotations

import enum
import json
import re

from open_commons.urls import web_url

ELLIPSIS = "…"
ZWSP = "\u200b"  # ours: breaks a mention or an autolink without changing what a reader sees
GITHUB_MAX_BODY = 65536  # comments: GitHub refuses longer texts
GITHUB_MAX_SUMMARY = 65535  # check-run output summary and text
ANNOTATION_CHARS = 8000  # GitHub takes 64 KB per annotation message: made visible, this stays under
CELL_CHARS = 500  # a message in a table cell


class Into(enum.Enum):
    MARKDOWN = "markdown"
    TABLE_CELL = "table-cell"
    CODE = "code"
    TABLE_CODE = "table-code"
    PLAIN = "plain"
    YAML_STRING = "yaml-string"
    YAML_COMMENT = "yaml-comment"
    URL = "url"


# line breaks as Python, YAML 1.1 and Unicode know them (str.splitlines also splits on \x1c-\x1e)
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_BIDI = "\u202a-\u202e\u2066-\u2069"
_HIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u200b\u2028\u2029\u2060\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# a code span as CommonMark reads it: runs of equal length, not escaped, on one line
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")


def _shown(char: str) -> str:
    return _NAMED.get(char) or f"\\u{ord(char):04X}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """Every hiding or line-breaking character as a visible escape (``\\n`` kept if asked)."""
    text = _HIDDEN.sub(lambda m: _shown(m.group(0)), text)
    return text if keep_newlines else text.replace("\n", "\\n")


def _cap(text: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        return text[:max(0, limit - 1)] + ELLIPSIS
    return text


def _prose(text: str) -> str:
    text = (text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]").replace("`", "\\`"))
    text = text.replace("@", "@" + ZWSP).replace("://", ":" + ZWSP + "//")
    return re.sub(r"(?i)\bwww\.", lambda m: m.group(0)[:3] + ZWSP + ".", text)


def _markdown(text: str) -> str:
    """Inline Markdown: code spans kept, the rest neutralised (see the module's doc)."""
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out += [_prose(text[last:span.start()]), span.group(0)]
        last = span.end()
    return "".join(out) + _prose(text[last:])


def _code(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    if not text.strip():
        return "` `" if not text else f"`{text}`"
    return f"{ticks} {text} {ticks}" if ticks != "`" else f"`{text}`"


def _yaml_string(text: str) -> str:
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)  # a lone surrogate has no UTF-8 form
    quoted = json.dumps(text, ensure_ascii=False)  # escapes C0, \\ and "
    return re.sub(f"[\x7f-\x9f{_BIDI}\u200b\u2028\u2029\u2060\ufeff]", lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def escape(text: object, into: Into, *, limit: int | None = None) -> str:
    """``text`` made safe to write ``into`` a place (see the module's doc); ``limit`` caps it first."""
    if into is Into.URL:  # a URL is written whole or not at all: never capped
        return web_url(text) or ""
    raw = _cap("" if text is None else str(text), limit)
    if into is Into.YAML_STRING:
        return _yaml_string(raw)
    if into is Into.PLAIN:
        return visible(raw, keep_newlines=True)
    one_line = visible(raw)
    if into is Into.YAML_COMMENT:
        return one_line
    if into is Into.CODE:
        return _code(one_line)
    if into is Into.TABLE_CODE:  # GitHub tables split cells on "|" even in a code span
        return _code(one_line).replace("|", "\\|")
    if into is Into.TABLE_CELL:
        return _markdown(one_line).replace("|", "\\|")
    return _markdown(one_line)


def link(label: str, url: object) -> str:
    """``[label](url)``, ``label`` being Markdown already made safe (``escape`` or text of ours); ``label``
    alone when ``url`` is None or refused by ``Into.URL``: never a broken or dangerous link."""
    target = escape(url, Into.URL) if url is not None else ""
    return f"[{label}]({target})" if target else label


def fence(text: str, info: str = "") -> str:
    """A fenced code block (shown literally: no mention, no HTML) longer than any fence in ``text``."""
    body = visible(text, keep_newlines=True)
    longest = max((len(run) for run in re.findall(r"`{3,}|~{3,}", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{body.rstrip(chr(10))}\n{ticks}"


def size(text: str) -> int:
    """The size GitHub counts, taken as UTF-16 code units (never less than the characters)."""
    return len(text.encode("utf-16-le")) // 2


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_BLOCK_START = re.compile(r"^(?:$|\s*$|[-*+] |\d{1,9}[.)] |#{1,6} |\||<!--|\s{0,3}(?:`{3,}|~{3,}))")


def truncate(markdown: str, limit: int, tail: str = "") -> str:
    """``markdown`` cut to at most ``limit`` (see ``size``) followed by ``tail``, at the end of a block
    (before a blank line, a list item, a heading or a fence) outside any fence or HTML comment, so
    that no code span, fence, HTML comment, link or emphasis is left open."""
    if size(markdown) <= limit:
        return markdown
    budget = limit - size(tail) - 2
    lines = markdown.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    cut, used, offset = 0, 0, 0
    open_fence: str | None = None
    in_comment = False
    for i, line in enumerate(lines):
        used += size(line)
        offset += len(line)
        if used > budget:
            break
        stripped = line.rstrip("\r\n")
        match = _FENCE.match(stripped)
        if open_fence is None and not in_comment and match:
            open_fence = match.group(1)
        elif open_fence is not None:
            if match and match.group(1)[0] == open_fence[0] and len(match.group(1)) >= len(open_fence) \
                    and not match.group(2).strip():
                open_fence = None
        else:
            rest = stripped
            while rest:
                if in_comment:
                    end = rest.find("-->")
                    if end < 0:
                        break
                    in_comment, rest = False, rest[end + 3:]
                else:
                    start = rest.find("<!--")
                    if start < 0:
                        break
                    in_comment, rest = True, rest[start + 4:]
        following = lines[i + 1].rstrip("\r\n") if i + 1 < len(lines) else ""
        if open_fence is None and not in_comment and _BLOCK_START.match(following):
            cut = offset
    return markdown[:cut].rstrip("\n") + ("\n\n" + tail if tail else "\n")
