# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Credit lines as CC's recommended practice asks: notices, translation, partner names, one rel="license"."""

from __future__ import annotations

from click.testing import CliRunner

from open_commons.cli import main
from tests.bot.conftest import partner

from .licensing_helpers import resource

CHANGES = ("  - date: 2024-01-10\n    by: simplon\n    summary: Première version\n    version: 1.0.0\n"
           "  - date: 2025-02-01\n    by: fabrique-roubaix\n    summary: Variante à distance\n    version: 1.1.0\n")


def _commons(make_commons):  # type: ignore[no-untyped-def]
    return make_commons({
        "content/sourcing/guide.md": resource("sourcing/guide", changes=CHANGES, version="1.1.0",
                                              holders=("2018 Simplon.co", "2025 Fabrique numérique de Roubaix"),
                                              extra="is_based_on:\n  - id: sourcing/ancien-guide\n"
                                                    "    title: L'ancien guide\n  - title: Un texte ami\n"
                                                    "    url: https://example.org/ami\n    license: cc-by-4.0\n"),
        "content/sourcing/guide.en.md": resource("sourcing/guide.en", title="A test guide",
                                                 extra="translation_of: sourcing/guide\n").replace(
                                                     "language: fr", "language: en"),
        "partners/simplon.yaml": partner("simplon", "Simplon.co", "simplon"),
        "partners/fabrique-roubaix.yaml": partner("fabrique-roubaix", "Fabrique numérique de Roubaix", "awadiallo"),
    })


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["attribution", *args, "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_notices_partner_names_missing_sources_and_licence_case(make_commons) -> None:  # type: ignore[no-untyped-def]
    root = _commons(make_commons)
    text = _run("sourcing/guide", "--root", str(root))
    assert "Copyright: 2018 Simplon.co; 2025 Fabrique numérique de Roubaix" in text
    assert "Fabrique numérique de Roubaix: Variante à distance" in text  # the partner's name, not its id
    assert "L'ancien guide" in text and "no longer in the commons" in text  # never dropped silently
    assert "CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)" in text  # lower-case id, right link


def test_a_translation_says_so_and_html_has_one_rel_license(make_commons) -> None:  # type: ignore[no-untyped-def]
    root = _commons(make_commons)
    assert "Translation of « Un guide de test »" in _run("sourcing/guide.en", "--root", str(root))
    html = _run("sourcing/guide", "--root", str(root), "--format", "html")
    assert html.count('rel="license"') == 1


def test_a_resource_of_unknown_tier_is_not_exported(make_commons, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_commons({
        "content/sourcing/guide.md": resource("sourcing/guide"),
        "content/sourcing/sans-niveau.md": resource("sourcing/sans-niveau").replace("access: public\n", ""),
    })
    kit = tmp_path / "kit"
    result = CliRunner().invoke(main, ["export", "--root", str(root), "--out", str(kit), "--lang", "en"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (kit / "content/sourcing/guide.md").is_file()
    assert not (kit / "content/sourcing/sans-niveau.md").exists()  # fail closed
