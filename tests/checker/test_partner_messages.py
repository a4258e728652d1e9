# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Messages a partner who is not a developer can act on: one finding per problem, nothing silently wrong."""

from __future__ import annotations

import json

from tests.checker.test_check_cli import MINIMAL, run
from tests.conftest import REPO

REQUIRED = ("description", "type", "phases", "language", "version", "status", "access", "authors",
            "date_created")


def _findings(root, *args: str) -> tuple[int, list[dict]]:
    code, out = run(root, "check", "--no-base", "--format", "json", "--lang", "en", *args)
    return code, json.loads(out)["findings"]


def test_nine_missing_fields_are_nine_findings_each_naming_its_field(make_commons) -> None:
    text = "".join(line + "\n" for line in MINIMAL.splitlines()
                   if not line.startswith(REQUIRED) and not line.startswith("  - name"))
    root = make_commons({"content/sourcing/minimal.md": text})
    code, findings = _findings(root)
    missing = [f for f in findings if f["code"] == "SCH001"]
    assert code == 1 and len(missing) == len(REQUIRED) == 9, findings
    assert sorted(f["message"] for f in missing) == sorted(f"the required field '{n}' is missing" for n in REQUIRED)
    fixes = {f["message"].split("'")[1]: f["fix"] for f in missing}
    expected = "Add a line 'date_created: …' to the front-matter: a date written YYYY-MM-DD, e.g. 2026-03-02."
    assert fixes["date_created"] == expected
    assert "e.g. [sourcing]" in fixes["phases"]


def test_a_french_date_is_one_finding(make_commons) -> None:
    bad = MINIMAL.replace("date_modified: 2026-01-05", "date_modified: 05/01/2026")
    root = make_commons({"content/sourcing/minimal.md": bad})
    _, findings = _findings(root)
    assert [f["code"] for f in findings] == ["SCH004"], findings
    assert "write 2026-01-05 (year-month-day) instead of 05/01/2026" in findings[0]["fix"]


def test_a_path_that_does_not_exist_is_a_usage_error_with_a_suggestion(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL})
    code, out = run(root, "check", "content/sourcng")
    assert code == 2
    assert "« content/sourcng » n'existe pas" in out and "« content/sourcing »" in out
    code, out = run(root, "check", "--lang", "en", "content/nope")
    assert code == 2 and "'content/nope' does not exist in the commons." in out and "Did you mean" not in out


def test_the_count_is_the_resources_checked(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL,
                         "content/formation/other.md": MINIMAL.replace("sourcing/minimal", "formation/other")
                         .replace("phases: [sourcing]", "phases: [formation]")})
    _, out = run(root, "check", "--no-base", "--lang", "en", "content/formation")
    assert "in 1 resource(s) checked" in out, out
    _, out = run(root, "check", "--no-base", "--lang", "en")
    assert "in 2 resource(s) checked" in out, out


PARTNER = (REPO / "partners" / "fabrique-roubaix.yaml").read_text(encoding="utf-8")


def test_an_unknown_partner_id_is_a_finding_with_a_suggestion(make_commons) -> None:
    text = MINIMAL.replace("  - name: Simplon.co\n", "  - name: Awa Diallo\n    partner: fabrique-roubiax\n"
                           "changes:\n  - date: 2026-01-05\n    by: fabrique-roubaix\n    summary: Créée\n"
                           "  - date: 2026-01-06\n    by: Awa Diallo\n    summary: Relue\n")
    root = make_commons({"content/sourcing/minimal.md": text, "partners/fabrique-roubaix.yaml": PARTNER})
    code, findings = _findings(root)
    assert code == 1
    (finding,) = [f for f in findings if f["code"] == "PTN007"]
    assert finding["line"] == 16 and "'fabrique-roubiax'" in finding["message"]
    assert "did you mean 'fabrique-roubaix'?" in finding["message"]
    _, out = run(root, "check", "--no-base")
    assert "vouliez-vous dire « fabrique-roubaix » ?" in out, out


def test_a_vocabulary_typo_gets_a_suggestion(make_commons) -> None:
    text = MINIMAL.replace("phases: [sourcing]", "phases: [sourcng]").replace("type: guide", "type: gide")
    root = make_commons({"content/sourcing/minimal.md": text})
    _, findings = _findings(root)
    messages = sorted(f["message"] for f in findings if f["code"] == "RES006")
    assert messages == ["'gide' is not a known value of 'type' (did you mean 'guide'?)",
                        "'sourcng' is not a known value of 'phases' (did you mean 'sourcing'?)"], findings


def _french(root) -> list[dict]:
    _, out = run(root, "check", "--no-base", "--format", "json", "--lang", "fr")
    return json.loads(out)["findings"]


def test_yaml_errors_in_the_partners_words(make_commons) -> None:
    author = "  - name: Simplon.co\n"
    root = make_commons({
        "content/sourcing/indent.md": MINIMAL.replace(author, author + "   github: simplon\n"),
        "content/sourcing/nospace.md": MINIMAL.replace(author, author + "    github:awadiallo\n"),
        "content/sourcing/nbsp.md": MINIMAL.replace("date_modified: ", "date_modified\u00a0: "),
        "content/sourcing/version.md": MINIMAL.replace("version: 0.1.0", "version: 1.2")
                                              .replace("sourcing/minimal", "sourcing/version"),
    })
    by_path = {f["path"].rsplit("/", 1)[-1]: f for f in _french(root)}
    assert len(by_path) == 4 and len(_french(root)) == 4  # one finding each
    indent = by_path["indent.md"]
    assert (indent["code"], indent["line"]) == ("FM019", 16)
    assert "exactement 4 espace(s), alignée sur « name: Simplon.co » : «     github: simplon »" in indent["fix"]
    nospace = by_path["nospace.md"]
    assert (nospace["code"], nospace["line"]) == ("FM018", 16)  # the line at fault, not the next one
    assert nospace["fix"].startswith("Écrivez « github: awadiallo »")
    nbsp = by_path["nbsp.md"]
    assert (nbsp["code"], nbsp["line"]) == ("FM020", 17)
    assert "U+00A0 (espace insécable), se trouve entre « date_modified » et ses deux-points" in nbsp["message"]
    assert "« date_modified: 2026-01-05 »" in nbsp["fix"]
    version = by_path["version.md"]
    assert version["code"] == "SCH004" and "1.2 est lu comme un nombre" in version["message"]
    assert "« version: 1.2.0 »" in version["fix"]


def test_an_unlicensed_source_is_one_clear_sentence(make_commons) -> None:
    text = MINIMAL.replace("date_modified: 2026-01-05\n", "date_modified: 2026-01-05\nis_based_on:\n"
                           "  - title: Un guide\n    url: https://example.org/guide\n")
    root = make_commons({"content/sourcing/minimal.md": text})
    (finding,) = _french(root)
    assert finding["code"] == "LIC015" and "?" not in finding["message"]
    assert "la source « Un guide » n'indique pas sous quelle licence" in finding["message"]
    assert "« license: CC-BY-4.0 »" in finding["fix"] and "CC-BY-SA-4.0, CC0-1.0" in finding["fix"]


def test_commons_new_speaks_french_suggests_and_refuses_unknown_partners(make_commons) -> None:
    root = make_commons({"partners/fabrique-roubaix.yaml": PARTNER})
    code, out = run(root, "new", "gide", "sourcing/atelier")
    assert code == 2 and "« gide » n'est pas un type de ce commun (vouliez-vous dire « guide » ?)" in out
    code, out = run(root, "new", "guide", "sourcng/atelier")
    assert code == 2 and "(vouliez-vous dire « sourcing » ?)" in out
    code, out = run(root, "new", "guide", "sourcing/atelier", "--partner", "fabrique-roubiax")
    assert code == 2 and "« fabrique-roubiax » n'est pas un partenaire" in out
    code, out = run(root, "new", "guide", "sourcing/atelier", "--author", "Awa\nid: x")
    assert code == 2 and "saut de ligne" in out  # refused before anything is written, in French
    assert not any((root / "content").rglob("*.md"))
    code, out = run(root, "new", "guide", "sourcing/atelier", "--title", "Atelier découverte",
                    "--partner", "fabrique-roubaix")
    assert code == 0 and "Ensuite : écrivez la ressource dans content/sourcing/atelier.md" in out
    assert "title: Atelier découverte" in (root / "content" / "sourcing" / "atelier.md").read_text(encoding="utf-8")
    code, out = run(root, "new", "guide", "sourcing/atelier")
    assert code == 2 and "content/sourcing/atelier.md existe déjà" in out


def test_help_and_usage_errors_speak_the_commons_language(make_commons) -> None:
    root = make_commons()
    code, out = run(root, "check", "--help")
    assert code == 0 and out.startswith("Utilisation :") and "Vérifie le commun" in out
    assert "Langue des messages" in out and "Afficher cette aide et quitter." in out
    code, out = run(root, "fix", "--help", "--lang", "en")
    assert out.startswith("Usage:") and "Fix what needs no judgement" in out
    code, out = run(root, "check", "--format", "nope")
    assert code == 2 and "Erreur : Valeur invalide pour '--format'" in out, out
    english = make_commons(config={"language": "en"}, name="english")
    _, out = run(english, "new", "--help")
    assert out.startswith("Usage:") and "Write content/PHASE/SLUG.md" in out


def test_a_non_breaking_space_before_a_colon_in_french_prose_is_fine(make_commons) -> None:
    text = MINIMAL.replace("description: Les seuls champs obligatoires, pour vérifier que rien d'autre n'est exigé.",
                           "description: >-\n  Atelier\u00a0: les seuls champs obligatoires, rien d'autre.")
    root = make_commons({"content/sourcing/minimal.md": text})
    assert _findings(root) == (0, [])
