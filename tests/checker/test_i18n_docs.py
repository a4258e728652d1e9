# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every message exists in French and English; generated docs have not drifted from the code."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from open_commons import docs, i18n, rules
from open_commons.cli import docs as cli_docs
from open_commons.i18n import _
from open_commons.model import msg
from open_commons.rules.registry import RULES
from tests.conftest import REPO

PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _catalog(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in i18n.po_files(lang):
        with path.open("rb") as fh:
            for m in read_po(fh, locale=lang):
                if m.id:
                    out[m.id] = m.string
    return out


def test_every_string_of_the_code_is_in_both_catalogs() -> None:
    found = {msgid for bucket in i18n.extract().values() for msgid in bucket}
    for lang in i18n.LANGUAGES:
        missing = found - set(_catalog(lang))
        assert not missing, f"{lang}: run `python -m open_commons.i18n update`: {sorted(missing)[:5]}"


def test_every_french_message_is_translated_with_the_same_placeholders() -> None:
    fr = _catalog("fr")
    found = {msgid for bucket in i18n.extract().values() for msgid in bucket}
    for msgid in found:
        assert fr.get(msgid), f"untranslated: {msgid!r}"
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(fr[msgid])), msgid


def test_every_rule_message_renders_in_both_languages_without_leftover_placeholder() -> None:
    rules.load_all()
    for rule in RULES.values():
        names = set(PLACEHOLDER.findall(rule.message)) | set(PLACEHOLDER.findall(rule.fix))
        params = {n: f"<{n}>" for n in names}
        for lang in i18n.LANGUAGES:
            text = i18n.render(msg(rule.message, **params), lang) + i18n.render(msg(rule.fix, **params), lang)
            assert not PLACEHOLDER.search(text), (rule.code, lang, text)
            for n in names:
                assert f"<{n}>" in text, (rule.code, lang, n)


def test_a_broken_translation_falls_back_to_english() -> None:
    assert i18n._format("{oops", "the field '{field}'", {"field": "x"}) == "the field 'x'"
    assert _("no such message {x}", "fr", x=1) == "no such message 1"


def test_rule_registry_is_complete() -> None:
    rules.load_all()
    codes = sorted(RULES)
    assert len(codes) == len(set(codes))
    for rule in RULES.values():
        assert re.fullmatch(r"[A-Z]{2,4}[0-9]{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        for field in (rule.title, rule.message, rule.fix, rule.why, rule.example):
            assert field.strip(), rule.code


def test_docs_have_not_drifted_from_the_code() -> None:
    stale = docs.drift(REPO / "docs", cli_docs.pages())
    assert not stale, f"run `commons docs`: {stale}"


def test_no_rule_page_shows_a_raw_placeholder() -> None:
    """Rule pages show ‹name› where a finding will say the name, never a raw {name} or a doubled brace."""
    import re

    pages = sorted((REPO / "docs" / "rules").glob("*.md"))
    assert len(pages) > 50
    raw = [p.name for p in pages if re.search(r"\{[a-z_]+\}|\{\{|\}\}", p.read_text(encoding="utf-8"))]
    assert raw == []
