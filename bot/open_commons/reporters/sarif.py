# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""SARIF 2.1.0 for GitHub code scanning: one run, one rule per code used, one result per finding.

What code scanning needs and this gives:
- every ``artifactLocation.uri`` relative to the root of the git repository (the commons may be a
  sub-folder of it: ``report.extra["repository_prefix"]``, e.g. ``"methode/"``), percent-encoded
  (RFC 3986: a space or an accent is a valid ``uri-reference`` only once encoded), with
  ``uriBaseId: "%SRCROOT%"``; ``originalUriBaseIds`` says what %SRCROOT% is and where the
  commons sits in it (``COMMONSROOT``);
- ``help.text`` and ``help.markdown`` for every rule: the rule's doc page (what, why, example, fix);
  ``helpUri`` the rule's page on the commons' site when ``report.extra["settings"]`` (commons.yaml)
  gives the site (``site_url``), else its page in the tool's docs on GitHub;
- ``partialFingerprints`` that survive a moved line, so a new upload does not duplicate alerts;
- full regions: ``startLine``, ``startColumn``, ``endLine``, ``endColumn`` always set, valid.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from open_commons import __version__
from open_commons.i18n import N_, _
from open_commons.i18n import render as tr
from open_commons.model import Finding, Settings
from open_commons.model.report import Report
from open_commons.reporters.rule_page import rule_page
from open_commons.rules.registry import RULES, Rule
from open_commons.urls import rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
DOCS = "https://github.com/simplon/open-commons/blob/main/docs/rules/{code}.md"
FINGERPRINT = "openCommonsFinding/v1"
SRCROOT = "%SRCROOT%"
COMMONSROOT = "COMMONSROOT"


def encode_path(path: str) -> str:
    """A POSIX path as an RFC 3986 relative reference: every byte outside the unreserved set and
    ``/`` percent-encoded as UTF-8 (so a ``:`` in the first segment cannot read as a scheme)."""
    return quote(path, safe="/")


def artifact_uri(finding: Finding, prefix: str) -> str:
    return encode_path(prefix + (finding.path or "commons.yaml"))


def region(finding: Finding) -> dict[str, int]:
    """A full, valid region: a one-character span at the finding's place (line 1, column 1 if unknown)."""
    start_line = max(1, finding.line or 1)
    start_column = max(1, finding.column or 1)
    end_line = max(start_line, finding.end_line or start_line)
    end_column = start_column + 1 if end_line == start_line else 1
    return {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


def fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    """Stable across uploads and line moves: the rule, the file and the message (in English, so the
    language of the run does not matter), plus the rank among identical findings in that file."""
    key = "\0".join([finding.code, uri, tr(finding.message, "en"), str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def help_text(rule: Rule, lang: str) -> str:
    return "\n\n".join([
        _(rule.title, lang),
        _(rule.why, lang),
        _(N_("Example"), lang) + ":\n" + _(rule.example, lang).replace("\\n", "\n"),
        _(N_("How to fix"), lang) + ":\n" + _(rule.fix, lang),
    ])


def help_uri(code: str, lang: str, settings: Settings | None = None) -> str:
    """The rule's page on the commons' site (``site_url``), or in the tool's docs on GitHub."""
    return (rule_url(settings, code, lang) if settings is not None else None) or DOCS.format(code=code)


def rule_entry(code: str, lang: str, settings: Settings | None = None) -> dict[str, Any]:
    rule = RULES.get(code)
    entry: dict[str, Any] = {"id": code, "helpUri": help_uri(code, lang, settings)}
    if rule is None:  # a finding of an unregistered code still gets help text, as code scanning requires it
        entry["help"] = {"text": code, "markdown": f"`{code}`"}
        return entry
    entry.update({
        "name": rule.name,
        "shortDescription": {"text": _(rule.title, lang)},
        "fullDescription": {"text": _(rule.why, lang)},
        "help": {"text": help_text(rule, lang), "markdown": rule_page(rule, lang)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {"tags": [rule.family]},
    })
    return entry


def render(report: Report, lang: str) -> str:
    prefix = str(report.extra.get("repository_prefix", "") or "")
    codes = sorted({f.code for f in report.findings})
    settings = report.extra.get("settings")
    rules = [rule_entry(code, lang, settings if isinstance(settings, Settings) else None) for code in codes]
    index = {code: i for i, code in enumerate(codes)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for f in report.findings:
        text = tr(f.message, lang)
        if f.fix:
            text += "\n" + tr(f.fix, lang)
        uri = artifact_uri(f, prefix)
        key = (f.code, uri, tr(f.message, "en"))
        seen[key] += 1
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity.value],
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                "region": region(f),
            }}],
            "partialFingerprints": {FINGERPRINT: fingerprint(f, uri, seen[key])},
        })
    commons_root: dict[str, Any] = {"uriBaseId": SRCROOT, "description": {
        "text": _(N_("The folder of the commons (where commons.yaml is)."), lang)}}
    if prefix:
        commons_root["uri"] = encode_path(prefix)
    base_ids: dict[str, Any] = {
        SRCROOT: {"description": {"text": _(N_("The root of the git repository that holds the commons."), lang)}},
        COMMONSROOT: commons_root,
    }
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "open-commons", "version": __version__,
                                "informationUri": "https://github.com/simplon/open-commons", "rules": rules}},
            "originalUriBaseIds": base_ids,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
