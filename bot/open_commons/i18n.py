# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Messages in French and English, with gettext.

Source strings are English with named placeholders (``{path}``). Mark a
string for extraction with ``N_()`` (kept as a template, translated when a
reporter renders it) or translate it at once with ``_()``.

Catalogs: ``locale/<lang>/LC_MESSAGES/<component>.po``, one per component so
that parts of the tool can be translated independently; a module names its
component with a comment line ``# i18n-catalog: NAME`` near its top (default
``core``). All catalogs of a language are merged when loaded.
``python -m open_commons.i18n update`` extracts the strings and merges them
into the catalogs, keeping existing translations.
"""

from __future__ import annotations

import gettext
import io
import re
import string
import sys
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from open_commons.model import Message

DOMAIN = "open_commons"
LANGUAGES = ("fr", "en")
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("open_commons_lang", default="fr")


def N_(template: str) -> str:
    """Mark a template for extraction without translating it."""
    return template


def po_path(lang: str, component: str = "core") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{component}.po"


def po_files(lang: str) -> list[Path]:
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogs of a language, merged and compiled in memory from the .po files."""
    if lang not in LANGUAGES or not po_files(lang):
        return gettext.NullTranslations()
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = Catalog(locale=lang, domain=DOMAIN)
    for path in po_files(lang):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang, domain=DOMAIN):
                if message.id and message.string and message.id not in catalog:
                    catalog[message.id] = message
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else "en")


def current_language() -> str:
    return _current.get()


def _(template: str, lang: str | None = None, /, **params: object) -> str:
    """Translate a template now, in ``lang`` or the current language."""
    text = translations(lang or _current.get()).gettext(template)
    return _format(text, template, params)


class _Safe(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(text: str, template: str, params: dict[str, object]) -> str:
    try:
        return string.Formatter().vformat(text, (), _Safe(params))
    except (ValueError, IndexError, KeyError):
        # A broken translation never hides the message: fall back to English.
        return string.Formatter().vformat(template, (), _Safe(params))


def render(message: Message | None, lang: str | None = None) -> str:
    """Render a message in a language; parameters that are messages are rendered too."""
    if message is None:
        return ""
    params = {
        k: render(v, lang) if isinstance(v, Message) else v for k, v in message.params.items()
    }
    return _(message.template, lang, **params)


# --- catalog maintenance (developers) ---------------------------------------


_COMPONENT = re.compile(r"^# i18n-catalog: ([a-z][a-z0-9_-]*)\s*$", re.MULTILINE)


def component_of(path: Path) -> str:
    head = path.read_text(encoding="utf-8")[:2000]
    match = _COMPONENT.search(head)
    return match.group(1) if match else "core"


def extract() -> dict[str, dict[str, list[tuple[str, int]]]]:
    """Every translatable string of the package by component, with where it stands."""
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).parent
    found: dict[str, dict[str, list[tuple[str, int]]]] = {}
    components: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")],
        keywords={"_": None, "N_": None},
    ):
        if isinstance(message, str) and message:
            if filename not in components:
                components[filename] = component_of(package / filename)
            bucket = found.setdefault(components[filename], {})
            bucket.setdefault(message, []).append((f"open_commons/{filename}", lineno))
    return found


def update(langs: Iterable[str] = LANGUAGES, only: str | None = None) -> list[str]:
    """Merge extracted strings into the catalogs; return a report line per catalog."""
    report = []
    for component, found in sorted(extract().items()):
        if only is None or component == only:
            report += _update_component(component, found, langs)
    translations.cache_clear()
    return report


def _update_component(component: str, found: dict[str, list[tuple[str, int]]], langs: Iterable[str]) -> list[str]:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    report = []
    for lang in langs:
        path = po_path(lang, component)
        old = Catalog(locale=lang, domain=DOMAIN)
        if path.is_file():
            with path.open("rb") as fh:
                old = read_po(fh, locale=lang, domain=DOMAIN)
        new = Catalog(
            locale=lang,
            domain=DOMAIN,
            project="open-commons",
            copyright_holder="Open Commons contributors",
            header_comment=(
                # REUSE-IgnoreStart
                "# SPDX-FileCopyrightText: 2026 Open Commons contributors\n"
                "# SPDX-License-Identifier: AGPL-3.0-or-later\n"
                # REUSE-IgnoreEnd
                f"# Messages of Open Commons: {component} ({lang})."
            ),
        )
        missing = 0
        for msgid in sorted(found):
            previous = old.get(msgid)
            msgstr = previous.string if previous is not None else ""
            if lang == "en":
                msgstr = ""  # English is the source language: identity
            elif not msgstr:
                missing += 1
            new.add(msgid, msgstr, locations=found[msgid][:3], flags=["python-brace-format"])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, new, width=100, omit_header=False, sort_output=True)
        report.append(f"{component}.po {lang}: {len(found)} messages, {missing} untranslated")
    return report


if __name__ == "__main__":  # pragma: no cover - developer command
    if sys.argv[1:2] == ["update"] and len(sys.argv) <= 3:
        print("\n".join(update(only=sys.argv[2] if len(sys.argv) == 3 else None)))
    else:
        print("usage: python -m open_commons.i18n update [COMPONENT]", file=sys.stderr)
        sys.exit(2)


def os_reason(number: int | None, fallback: str, lang: str | None = None) -> str:
    """An operating-system error in the user's language (disk full, permission denied…); the
    system's own words for the rare others."""
    import errno

    reasons = {
        errno.ENOSPC: N_("no space left on the disk"),
        errno.EDQUOT: N_("disk quota exceeded"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("operation not permitted"),
        errno.EROFS: N_("read-only file system"),
        errno.ENOENT: N_("no such file or folder"),
        errno.EISDIR: N_("it is a folder"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.EIO: N_("input/output error"),
    }
    template = reasons.get(number or 0)
    return _(template, lang) if template else fallback
