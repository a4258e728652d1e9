# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons check`, `new`, `rules`: formats, languages, exit codes, lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from open_commons.cli import main
from tests.conftest import FIXTURES

MINIMAL = (FIXTURES / "checker" / "valid" / "minimal.md").read_text(encoding="utf-8")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], catch_exceptions=False)
    return result.exit_code, result.output


def test_clean_commons_exits_0_and_says_so_in_french(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL})
    code, out = run(root, "check")
    assert code == 0
    assert "0 erreur" in out and "1 ressource" in out


def test_text_format_is_path_line_col_code_then_fix(make_commons) -> None:
    bad = MINIMAL.replace("date_modified: 2026-01-05", "date_modified: 05/01/2026")
    root = make_commons({"content/sourcing/minimal.md": bad})
    code, out = run(root, "check", "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("content/sourcing/minimal.md:17:1: SCH004 'date_modified': '05/01/2026'")
    assert lines[1].strip().startswith("fix: Correct the value of 'date_modified': write 2026-01-05")


def test_french_and_english_messages_differ_and_keep_parameters(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL.replace("type: guide", "type: tuto")})
    _, fr = run(root, "check", "--lang", "fr")
    _, en = run(root, "check", "--lang", "en")
    assert "RES006" in fr and "RES006" in en
    assert fr != en
    assert "'tuto'" in fr and "'tuto'" in en
    assert "is not a known value" in en and "is not a known value" not in fr


def test_default_language_comes_from_commons_yaml(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL.replace("type: guide", "type: tuto")},
                        config={"language": "en"})
    _, out = run(root, "check")
    assert "is not a known value of 'type'" in out


def test_json_format(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL.replace("title: Une ressource minimale\n", "")})
    code, out = run(root, "check", "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert code == 1 and data["summary"]["errors"] == 1 and data["summary"]["exit_code"] == 1
    (finding,) = data["findings"]
    assert finding["code"] == "SCH001" and finding["rule"] == "missing-field"
    assert finding["path"] == "content/sourcing/minimal.md" and finding["line"] == 2
    assert "'title'" in finding["message"]


def test_github_format_escapes_workflow_commands(make_commons) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL.replace("title: Une ressource minimale\n", "")})
    _, out = run(root, "check", "--format", "github", "--lang", "en")
    line = out.strip()
    assert line.startswith("::error file=content/sourcing/minimal.md,line=2,col=1,title=SCH001::")
    assert "%0A" in line and "\n" not in line


def test_paths_restrict_the_report(make_commons) -> None:
    root = make_commons({
        "content/sourcing/minimal.md": MINIMAL,
        "content/formation/bad.md": MINIMAL.replace("sourcing/minimal", "formation/bad").replace("type: guide", "type: x"),
    })
    code, _ = run(root, "check", str(root / "content" / "sourcing"))
    assert code == 0
    code, out = run(root, "check", str(root / "content" / "formation"))
    assert code == 1 and "RES006" in out


def test_path_outside_the_commons_is_a_usage_error(make_commons, tmp_path: Path) -> None:
    root = make_commons({"content/sourcing/minimal.md": MINIMAL})
    result = CliRunner().invoke(main, ["check", "--root", str(root), str(tmp_path.parent)])
    assert result.exit_code == 2


def test_no_commons_yaml_is_a_configuration_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "CFG002" in result.output and "Traceback" not in result.output


def test_line_numbers_point_into_nested_fields(make_commons) -> None:
    text = MINIMAL.replace(
        "authors:\n  - name: Simplon.co\n",
        "authors:\n  - name: Simplon.co\n  - name: Awa Diallo\n    github: not a login!\n",
    )
    root = make_commons({"content/sourcing/minimal.md": text})
    _, out = run(root, "check", "--format", "json", "--lang", "en")
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "SCH004"
    assert finding["line"] == text.split("\n").index("    github: not a login!") + 1


def test_duplicate_key_points_at_the_second_occurrence(make_commons) -> None:
    text = MINIMAL.replace("title: Une ressource minimale\n", "title: A\ntitle: B\n")
    root = make_commons({"content/sourcing/minimal.md": text})
    _, out = run(root, "check", "--format", "json", "--lang", "en")
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "FM004" and finding["line"] == 7 and "'title'" in finding["message"]


def test_bom_is_reported_but_the_rest_is_still_checked(make_commons) -> None:
    text = MINIMAL.replace("type: guide", "type: x")
    root = make_commons({"content/sourcing/minimal.md": b"\xef\xbb\xbf" + text.encode()})
    _, out = run(root, "check", "--format", "json")
    codes = sorted(f["code"] for f in json.loads(out)["findings"])
    assert codes == ["FM006", "RES006"]


def test_new_writes_a_resource_that_passes_check(make_commons) -> None:
    root = make_commons()
    for rtype, rid in [("guide", "sourcing/atelier-decouverte"), ("budget", "financement/budget-atelier"),
                       ("job-description", "placement/fiche-coach")]:
        code, out = run(root, "new", rtype, rid, "--author", "Fabrique de Roubaix", "--partner", "fabrique-roubaix")
        assert code == 0, out
        text = (root / "content" / f"{rid}.md").read_text(encoding="utf-8")
        # REUSE-IgnoreStart
        assert text.startswith("---\n# SPDX-FileCopyrightText: ")
        assert "SPDX-License-Identifier: CC-BY-SA-4.0" in text and "version: 0.1.0" in text
        # REUSE-IgnoreEnd
        assert re.search(r"^date_created: \d{4}-\d\d-\d\d$", text, re.M), text  # unquoted, like the shipped dates
    code, out = run(root, "check")
    assert code == 0, out
    code, out = run(root, "new", "guide", "sourcing/atelier-decouverte")
    assert code == 2  # exists


def test_new_refuses_unknown_type_and_bad_id(make_commons) -> None:
    root = make_commons()
    assert run(root, "new", "tuto", "sourcing/x")[0] == 2
    assert run(root, "new", "guide", "../../etc/passwd")[0] == 2
    assert run(root, "new", "guide", "nowhere/x")[0] == 2
    assert not any((root / "content").rglob("*.md"))


def test_rules_lists_every_code_and_explains_one() -> None:
    from open_commons import rules
    from open_commons.rules.registry import RULES

    rules.load_all()
    out = CliRunner().invoke(main, ["rules", "--lang", "en"]).output
    for code in RULES:
        assert code in out
    page = CliRunner().invoke(main, ["rules", "sch001", "--lang", "fr"]).output
    assert page.startswith("# SCH001 missing-field")
    assert "## " in page
    by_name = CliRunner().invoke(main, ["rules", "duplicate-key", "--lang", "en"]).output
    assert by_name.startswith("# FM004") and "## How to fix" in by_name
    assert CliRunner().invoke(main, ["rules", "XX999"]).exit_code == 2
