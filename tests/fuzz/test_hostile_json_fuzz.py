# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile JSON and names: ledger bytes (deep nesting, bytes that are not UTF-8, records missing
fields) through every ledger reader, report artifacts through ``PullReport.from_json`` and the
PR comment, deep JSON through every JSON entry point, and file names of arbitrary bytes through
the check and every reporter. Findings or the documented error, never another exception."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from open_commons import audit, jsonsafe
from open_commons.github import comment, events, pr_check
from open_commons.ledger import usable_records
from open_commons.model import Finding
from open_commons.model.ledger import decode, parse_text
from open_commons.rules.ledger import check_text
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.partners_data import registry
from tests.fuzz.test_ledger_fuzz import PATH, SCHEMA, VALID

REGISTRY = registry()
OPEN = {"[": "]", "{": "}"}


@st.composite
def nesting(draw: st.DrawFn) -> str:
    """Nested arrays and objects, from shallow to far deeper than any recursive reader copes with."""
    depth = draw(st.one_of(st.integers(0, 80), st.integers(80, 120_000)))
    kinds = draw(st.sampled_from(["[", "{", "mixed"]))
    opens, closes = [], []
    for i in range(depth):
        c = kinds if kinds != "mixed" else "[{"[i % 2]
        opens.append('{"k":' if c == "{" else "[")
        closes.append(OPEN[c])
    inner = draw(st.sampled_from(["1", '"x"', "", "[", '"]]]"']))
    cut = draw(st.integers(0, depth))  # an unbalanced tail sometimes
    return "".join(opens) + inner + "".join(reversed(closes[cut:] if draw(st.booleans()) else closes))


@fuzz_settings(60)
@given(nesting())
@example("[" * 100_000 + "]" * 100_000)
@example('{"k":' * 70 + "1" + "}" * 70)
def test_deep_json_never_escapes_an_entry_point(text: str) -> None:
    try:
        jsonsafe.loads(text)
    except jsonsafe.JsonInputError:
        pass
    try:
        events.parse_bytes("pull_request", text.encode())
    except events.EventError:
        pass
    try:
        pr_check.PullReport.from_json(text)
    except ValueError:
        pass
    assert len(parse_text(text + "\n")) == 1
    assert all(isinstance(f, Finding) for f in check_text(text + "\n", PATH, REGISTRY, SCHEMA))


@st.composite
def hostile_ledger_bytes(draw: st.DrawFn) -> bytes:
    lines = VALID.encode().split(b"\n")[:-1]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["bytes", "deep", "drop-field", "retype-field"]))
        if op == "bytes":  # bytes that are not UTF-8 (or a cut multi-byte character) somewhere in a line
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\x00"])) \
                + lines[i][pos:]
        elif op == "deep":
            lines[i] = draw(nesting()).encode()
        else:
            try:
                record = json.loads(lines[i])
            except (ValueError, RecursionError):  # already mutated into something else
                continue
            if not isinstance(record, dict) or not record:
                continue
            field = draw(st.sampled_from(sorted(record)))
            if op == "drop-field":
                del record[field]
            else:
                record[field] = draw(st.sampled_from([None, 5, "x", [], {}, [{"partner": 3}], {"login": []}]))
            lines[i] = json.dumps(record, sort_keys=True, separators=(",", ":")).encode()
    return b"\n".join(lines) + b"\n"


@fuzz_settings(150)
@given(hostile_ledger_bytes())
@example(VALID.encode().replace(b'"merged_at":"2024-02-01T10:00:00Z",', b""))  # the audit read rec["merged_at"]
@example(VALID.encode().replace(b'"author"', b'"\\ud800author"', 1))  # found here: JSON, but no text to hash
def test_every_ledger_reader_turns_hostile_bytes_into_findings(raw: bytes) -> None:
    text = decode(raw)
    found = check_text(text, PATH, REGISTRY, SCHEMA)
    assert all(isinstance(f, Finding) for f in found)
    records, problems = usable_records(text, PATH, SCHEMA)
    assert all(f.code in ("LED001", "LED002") for f in problems)
    assert len(records) + len(problems) == len(parse_text(text))
    result = audit.build(records, [], audit.Policy(), today="2026-01-01")
    assert result.contributions == len(records)


def _artifact() -> dict:  # type: ignore[type-arg]
    from open_commons.rules.parsing import SYMLINK
    from open_commons.rules.share_alike import AUTHOR_REMOVED

    findings = (AUTHOR_REMOVED.at("content/sourcing/r.md", 15, name="E2C Marseille", entry="- name: x"),
                SYMLINK.at("content/sourcing/l.md", None, None, detail="/etc/passwd"))
    report = pr_check.PullReport(7, "a" * 40, "b" * 40, "awadiallo", findings, "fabrique-roubaix")
    return json.loads(report.to_json())


ARTIFACT = _artifact()
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10 ** 20), 10 ** 20), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_artifact(draw: st.DrawFn) -> str:
    data = json.loads(json.dumps(ARTIFACT))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(st.one_of(JSON, nesting().map(lambda t: {"deep": t})))
    text = json.dumps(data, ensure_ascii=False)
    if draw(st.integers(0, 9)) == 0:
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(nesting()) + text[pos:]
    return text


@fuzz_settings(300)
@given(mutated_artifact())
# found by this test: an unhashable rule code raised TypeError out of from_json
@example(json.dumps({**ARTIFACT, "findings": [{**ARTIFACT["findings"][0], "code": {"deep": "1"}}]}))
def test_a_mutated_report_artifact_is_refused_or_rendered(text: str) -> None:
    try:
        report = pr_check.PullReport.from_json(text)
    except ValueError:
        return
    report.to_json().encode("utf-8")
    for lang in ("fr", "en"):
        comment.render(report.report, lang, partner=report.partner, author=report.author,
                       unregistered="none").encode("utf-8")


NAME_BYTES = st.binary(min_size=1, max_size=24).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                       and b not in (b".", b".."))


@fuzz_settings(25)
@given(st.lists(NAME_BYTES, min_size=1, max_size=3, unique=True))
@example([b"caf\xe9.md", b"Budget.csv", b"budget.CSV"])
@example([b"\xff\xfe.md", b"\xed\xa0\x80.csv"])
def test_any_file_name_is_checked_and_printed_by_every_reporter(names: list[bytes]) -> None:
    import tempfile

    from open_commons.pipeline import check
    from open_commons.reporters import REPORTER_BY_NAME
    from open_commons.sources import licensed
    from tests.conftest import build_commons
    from tests.hostile.corpus import resource_text

    with tempfile.TemporaryDirectory() as tmp:
        root = build_commons(Path(tmp) / "commons")
        folder = os.fsencode(str(root / "content" / "sourcing"))
        os.makedirs(folder)
        for name in names:
            with open(folder + b"/" + name, "wb") as fh:
                fh.write(resource_text().encode() if name.endswith(b".md") else b"a;b\n")
        report = check(licensed.full(root))
        for f in report.findings:
            f.path.encode("utf-8")
        for reporter in REPORTER_BY_NAME.values():
            for lang in ("fr", "en"):
                reporter(report, lang).encode("utf-8")


def _nesting_of(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_nesting_of(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_nesting_of(v) for v in value), default=0)
    return 0


DEEP_JSON = st.recursive(st.one_of(st.integers(), st.text(alphabet='[]{}"\\ab', max_size=6)),
                         lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                 st.dictionaries(st.text(alphabet='[]{}"\\k', max_size=4), inner,
                                                                 max_size=3)),
                         max_leaves=30)


@fuzz_settings(300)
@given(DEEP_JSON)
def test_depth_without_recursion_agrees_with_the_value(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert jsonsafe.depth(text) == _nesting_of(value)
