# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""`commons check --format sarif` as GitHub code scanning reads it, validated against the official
SARIF 2.1.0 schema (vendored, see REUSE.toml) with format checking (``uri-reference``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from click.testing import CliRunner

from open_commons.cli import main
from open_commons.model import Finding, Message, Severity
from open_commons.pipeline import Report
from open_commons.reporters import sarif
from open_commons.sources.tree import repository_prefix

from ..licensing.licensing_helpers import MAIN, git, resource, write

SCHEMA = json.loads((Path(__file__).parent / "vendor" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
SUB = "méthode commune"  # the commons is a sub-folder of the git repository, with a space and an accent
ODD = "content/sourcing/fiche été 2.csv"  # a file name with a space and non-ASCII letters


def errors(doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


def test_the_validator_checks_uri_formats() -> None:
    """Without a uri-reference checker installed, jsonschema skips the format silently: not here."""
    assert not jsonschema.FormatChecker().conforms("fiche été 2.csv", "uri-reference")
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{
        "message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b.csv"}}}]}]}]}
    assert any("uri-reference" in e for e in errors(bad))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose commons lives in a sub-folder, with a broken resource and an odd file name."""
    top = tmp_path / "repo"
    root = top / SUB
    root.mkdir(parents=True)
    write(root, {"commons.yaml": (MAIN / "commons.yaml").read_text(encoding="utf-8")})
    (root / "LICENSES").mkdir()
    shutil.copy(MAIN / "LICENSES" / "CC-BY-SA-4.0.txt", root / "LICENSES" / "CC-BY-SA-4.0.txt")
    write(root, {
        "content/sourcing/guide.md": resource("sourcing/guide"),
        "content/sourcing/casse.md": resource("sourcing/casse").replace("title: Un guide de test", "title: [oops"),
        ODD: "critère;poids\n",
    })
    write(top, {"README.md": "top\n"})
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "base")
    return root


def run_sarif(root: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "sarif", *args],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sarif_of_a_sub_folder_commons_is_valid_and_complete(repo: Path, lang: str) -> None:
    doc = run_sarif(repo, "--lang", lang)
    assert errors(doc) == []
    run0 = doc["runs"][0]
    # %SRCROOT% is the repository; the commons sits in it at COMMONSROOT
    base = run0["originalUriBaseIds"]
    assert set(base) == {"%SRCROOT%", "COMMONSROOT"}
    assert base["COMMONSROOT"] == {**base["COMMONSROOT"], "uri": "m%C3%A9thode%20commune/", "uriBaseId": "%SRCROOT%"}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run0["results"]}
    assert "m%C3%A9thode%20commune/content/sourcing/fiche%20%C3%A9t%C3%A9%202.csv" in uris
    assert "m%C3%A9thode%20commune/content/sourcing/casse.md" in uris
    for uri in uris:  # every one names a real file of the repository once decoded
        assert (repo.parent / unquote(uri)).is_file(), uri
    rules = run0["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].startswith(f"# {rule['id']} ")
    for result in run0["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = loc["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
        assert len(result["partialFingerprints"][sarif.FINGERPRINT]) == 64


def test_help_is_the_rule_page(repo: Path) -> None:
    run0 = run_sarif(repo, "--lang", "en")["runs"][0]
    licence_rule = next(r for r in run0["tool"]["driver"]["rules"] if r["id"] == "LIC001")
    page = (MAIN / "docs" / "rules" / "LIC001.md").read_text(encoding="utf-8")
    assert licence_rule["help"]["markdown"].strip() in page  # the English half of the doc page
    assert "How to fix:" in licence_rule["help"]["text"] and "Example:" in licence_rule["help"]["text"]


def test_fingerprints_survive_a_moved_line_and_the_language(repo: Path) -> None:
    def prints(doc: dict[str, Any]) -> dict[str, str]:
        return {r["partialFingerprints"][sarif.FINGERPRINT]: r["ruleId"] for r in doc["runs"][0]["results"]}

    def lines(doc: dict[str, Any]) -> list[int]:
        return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in doc["runs"][0]["results"]
                if "casse" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]

    first = run_sarif(repo, "--lang", "en")
    before = prints(first)
    assert len(before) == len(first["runs"][0]["results"])  # all distinct
    assert prints(run_sarif(repo, "--lang", "fr")) == before
    page = repo / "content/sourcing/casse.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("schema_version: 1\n", "schema_version: 1\n# moved\n"), encoding="utf-8")
    after = run_sarif(repo, "--lang", "en")
    assert lines(after) and lines(after) == [n + 1 for n in lines(first)]  # the finding moved down a line
    assert prints(after) == before


def test_repository_prefix(tmp_path: Path) -> None:
    assert repository_prefix(tmp_path) == ""  # in no repository
    (tmp_path / ".git").mkdir()
    assert repository_prefix(tmp_path) == ""
    (tmp_path / "a b" / "c").mkdir(parents=True)
    assert repository_prefix(tmp_path / "a b" / "c") == "a b/c/"


def test_regions_are_full_whatever_the_finding_knows() -> None:
    def one(**kw: Any) -> dict[str, int]:
        return sarif.region(Finding("X", Severity.ERROR, "a", Message("m"), **kw))

    assert one() == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}
    assert one(line=7) == {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 2}
    assert one(line=7, column=3) == {"startLine": 7, "startColumn": 3, "endLine": 7, "endColumn": 4}
    assert one(line=7, column=3, end_line=9) == {"startLine": 7, "startColumn": 3, "endLine": 9, "endColumn": 1}
    assert one(line=7, end_line=2) == {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 2}


def test_hostile_paths_stay_valid_references() -> None:
    names = ["a:b.md", "c/d#e?f.md", "100%.csv", "x\ty.md", "é/ü/ñ 漢字.md", "[x](y).md", "..md", "%2e%2e/z"]
    findings = tuple(Finding("ZZZ999", Severity.WARNING, n, Message("m {v}", {"v": n})) for n in names)
    doc = json.loads(sarif.render(Report(findings, extra={"repository_prefix": "sub dir/"}), "en"))
    assert errors(doc) == []
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]]
    assert [unquote(u) for u in uris] == ["sub dir/" + n for n in names]
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["help"]["text"]  # even an unknown code has help
