# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Markdown (markdown-it-py) and templates (Jinja2) for the static site.

Markdown from contributors is rendered with raw HTML disabled (it shows as text), headings shifted
below the page's ``h1`` and never skipping a level, and relative links rewritten: a link to another
resource's ``.md`` points to its page, a link to a file that is not in the site points to the file
on GitHub, a link to a resource left out of the build becomes plain text.
"""

# i18n-catalog: site

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

from open_commons.i18n import _ as translate
from open_commons.urls import safe_url

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def markdown() -> MarkdownIt:
    """CommonMark with tables, strikethrough and task lists (``- [ ]`` as checkboxes a reader can tick)."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]).use(tasklists_plugin, enabled=True, label=True)


_MD = markdown()


def link_targets(body: str) -> list[str]:
    """The targets of Markdown links of a body, without rendering it (for the incremental build)."""
    return sorted(set(_MD_LINK.findall(body)))


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc or href.startswith(("/", "#")))


def render_markdown(body: str, source_path: str, resolve: Callable[[str], str | None]) -> str:
    """Body HTML. ``resolve(repo_path)`` gives the site-relative URL of a file of the commons,
    "" when it is known but left out of the site, or None when it is not a page or asset of the site."""
    tokens = _MD.parse(body)
    _drop_title(tokens)
    _shift_headings(tokens)
    _anchor_headings(tokens)
    folder = posixpath.dirname(source_path)
    for tok in tokens:
        if tok.type == "inline" and tok.children:
            for child in tok.children:
                _rewrite(child, folder, resolve)
            tok.children = _unlink(tok.children)
    return _label_tasks(_MD.renderer.render(tokens, _MD.options, {}))


_TASK = re.compile(r'<label><input class="task-list-item-checkbox"')


def _label_tasks(html: str) -> str:
    """Tie each checkbox of a task list to its label explicitly (for and id), as assistive tools prefer."""
    counter = iter(range(1, 1_000_000))

    def number(_match: re.Match[str]) -> str:
        n = next(counter)
        return f'<label for="task-{n}"><input id="task-{n}" class="task-list-item-checkbox"'

    return _TASK.sub(number, html)


def body_words(body: str) -> str:
    """The distinct words (three letters or more) of the text of a Markdown body, in order of first use:
    link targets and markup are left out."""
    seen: dict[str, None] = {}
    for tok in _MD.parse(body):
        if tok.type != "inline":
            continue
        for child in tok.children or ():
            if child.type in ("text", "code_inline"):
                for word in _WORD.findall(child.content.lower()):
                    word = word.strip("'’-")
                    if len(word) >= 3:
                        seen.setdefault(word, None)
    return " ".join(seen)


_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _drop_title(tokens: list[Token]) -> None:
    """The page already shows the title as its h1: drop a leading level-1 heading."""
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        del tokens[0:3]


def _shift_headings(tokens: list[Token]) -> None:
    """Body headings start at h2 under the page's h1 and never skip a level."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = 1 if min(levels) == 1 else 0
    previous = 1
    current = 2
    for tok in tokens:
        if tok.type == "heading_open":
            current = min(int(tok.tag[1]) + shift, previous + 1, 6)
            current = max(current, 2)
            previous = current
            tok.tag = f"h{current}"
        elif tok.type == "heading_close":
            tok.tag = f"h{current}"


_NOT_SLUG = re.compile(r"[^\w\- ]", re.UNICODE)


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation removed, spaces as dashes."""
    return _NOT_SLUG.sub("", text.strip().lower()).replace(" ", "-")


def _anchor_headings(tokens: list[Token]) -> None:
    """Give headings the ids GitHub gives them, so that links written for GitHub work here too."""
    seen: dict[str, int] = {}
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens):
            inline = tokens[i + 1]
            text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
            base = slug(text) or "section"
            count = seen.get(base, 0)
            seen[base] = count + 1
            tok.attrSet("id", base if count == 0 else f"{base}-{count}")


def _rewrite(tok: Token, folder: str, resolve: Callable[[str], str | None]) -> None:
    if tok.type not in ("link_open", "image"):
        return
    attr = "href" if tok.type == "link_open" else "src"
    href = str(tok.attrGet(attr) or "")
    if not href or _is_external(href):
        _guard(tok, attr, href)
        return
    path, _sep, fragment = href.partition("#")
    path = path.split("?")[0]
    target = posixpath.normpath(posixpath.join(folder, path)) if path else ""
    url = resolve(target) if target else None
    if url is None:
        _guard(tok, attr, href)
        return
    if url == "":
        tok.meta["unlink"] = True
        return
    _guard(tok, attr, url + (f"#{fragment}" if fragment and url.endswith(".html") else ""))


def _guard(tok: Token, attr: str, href: str) -> None:
    """Write ``href`` through ``safe_url``; a link it refuses becomes its text, an image its alt text."""
    safe = safe_url(href)
    if safe is not None:
        tok.attrSet(attr, safe)
    elif tok.type == "image":
        tok.type, tok.tag, tok.attrs, tok.children = "text", "", {}, None
    else:
        tok.meta["unlink"] = True


def _unlink(children: list[Token]) -> list[Token]:
    """Remove link_open/link_close pairs marked for removal, keeping the link text."""
    out: list[Token] = []
    depth_marks: list[bool] = []
    for child in children:
        if child.type == "link_open":
            mark = bool(child.meta.get("unlink"))
            depth_marks.append(mark)
            if mark:
                continue
        elif child.type == "link_close":
            mark = depth_marks.pop() if depth_marks else False
            if mark:
                continue
        out.append(child)
    return out


# --- templates ----------------------------------------------------------------


@cache
def _split(path: str) -> tuple[str, ...]:
    return tuple(path.split("/"))


def relative(page: str, target: str) -> str:
    """The URL of ``target`` (site path, POSIX) from ``page`` (site path of an HTML file)."""
    here = _split(page)[:-1]
    there = _split(target)
    common = 0
    for a, b in zip(here, there[:-1], strict=False):
        if a != b:
            break
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    rel = quote(rel, safe="/#%.-_~") if not rel.isascii() or " " in rel else rel
    if ":" in rel.split("/", 1)[0]:
        rel = "./" + rel  # a file named "javascript:x" is a path, not a scheme
    return safe_url(rel) or ""


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return relative(str(context["page_path"]), target)


def _safe_url_filter(url: object) -> str:
    """``{{ value | safe_url }}``: the URL if it may be written, else "" (templates test it before linking)."""
    return safe_url(url) or ""


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, template: str, **params: Any) -> str:
    return translate(template, str(context["lang"]), **params)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["url"] = _url
    env.globals["_"] = _gettext
    env.filters["safe_url"] = _safe_url_filter
    return env


def render_page(template: str, context: Mapping[str, Any]) -> str:
    return environment().get_template(template).render(**context)


@cache
def templates_fingerprint() -> str:
    """A hash of the templates, the static files, the site's code and the message catalogs (the pages'
    words are translated through them): any change rebuilds every page."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    locale = here.parent / "locale"
    for path in sorted([*TEMPLATES.rglob("*"), *STATIC.rglob("*"), *here.glob("*.py"), *locale.rglob("*.po")]):
        if path.is_file():
            digest.update(path.relative_to(here.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
