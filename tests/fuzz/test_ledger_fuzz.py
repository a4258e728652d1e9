# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Ledger verification (rules/ledger.check_text) on mutated ledger texts: findings, never an
exception; any change to a valid ledger is found."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from open_commons.ledger import append_to_text
from open_commons.model import Finding
from open_commons.model.ledger import CoAuthor, FileChange, PullRequest
from open_commons.rules.ledger import check_text
from open_commons.sources import schemas
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.partners_data import registry

REGISTRY = registry()
SCHEMA = schemas.load("ledger-entry")
PATH = "ledger/contributions.jsonl"


def _valid_ledger() -> str:
    text = ""
    for n, (author, day) in enumerate([("awadiallo", "2023-01-10"), ("kbenali", "2024-02-01"),
                                       ("mallory", "2024-03-01"), ("ines", "2025-05-05")], start=1):
        pr = PullRequest(n, f"{n:040x}", f"{day}T10:00:00Z", author,
                         files=(FileChange(f"content/sourcing/r{n}.md", "added", 10 * n, 0),),
                         co_authors=(CoAuthor("Inès", "ines@simplon.co"),) if n == 2 else (),
                         reviewers=("ines",) if n == 3 else ())
        text = append_to_text(text, pr, REGISTRY).text
    return text


VALID = _valid_ledger()
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10, 10 ** 30), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
FIELDS = ["v", "seq", "pr", "merge_sha", "merged_at", "author", "co_authors", "partners", "reviewers", "resources",
          "kinds", "lines_added", "lines_removed", "prev", "hash"]


def _check(text: str) -> list[Finding]:
    found = check_text(text, PATH, REGISTRY, SCHEMA)
    assert all(isinstance(f, Finding) and f.path == PATH for f in found)
    return found


@st.composite
def json_mutation(draw: st.DrawFn) -> str:
    lines = VALID.splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    record = json.loads(lines[i])
    field = draw(st.sampled_from(FIELDS + ["extra"]))
    if draw(st.booleans()) and field in record:
        del record[field]
    else:
        record[field] = draw(JSON_VALUES)
    lines[i] = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "\n".join(lines) + "\n"


@st.composite
def text_mutation(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["cut", "insert", "delete", "swap-lines", "duplicate-line"]))
        lines = text.split("\n")
        if op == "cut":  # a torn write
            text = text[:pos]
        elif op == "insert":
            text = text[:pos] + draw(st.sampled_from(["\n", "{", "}", '"', ",", "\x00", "[]", "null", "\ufeff"])) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 30)):]
        elif op == "swap-lines" and len(lines) > 2:
            a, b = draw(st.integers(0, len(lines) - 2)), draw(st.integers(0, len(lines) - 2))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif op == "duplicate-line":
            a = draw(st.integers(0, len(lines) - 1))
            lines.insert(a, lines[a])
            text = "\n".join(lines)
    return text


def test_the_valid_ledger_is_clean() -> None:
    assert _check(VALID) == []


@fuzz_settings(1000)
@given(json_mutation())
@example(VALID.replace('"pr":1,', '"pr":[1],', 1))  # unhashable pr: TypeError in the duplicate check
@example(VALID.replace('"pr":1,', '"pr":"un",', 1))  # int("un") in the credit check
@example(VALID.replace('"login":"awadiallo"', '"login":7', 1))  # .lower() of an int
@example(VALID.replace('"co_authors":[]', '"co_authors":5', 1))  # iterating an int
def test_json_mutations_are_findings(text: str) -> None:
    found = _check(text)
    if text != VALID:
        assert found, "a changed record must be found (hash, schema or chain)"


@fuzz_settings(700)
@given(text_mutation())
def test_text_mutations_are_findings(text: str) -> None:
    found = _check(text)
    if text.rstrip("\n") != VALID.rstrip("\n") and not VALID.startswith(text):
        assert found


@fuzz_settings(300)
@given(st.text(max_size=500))
def test_arbitrary_text(text: str) -> None:
    _check(text)
