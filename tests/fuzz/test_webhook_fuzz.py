# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Webhook payloads (github/events.parse_bytes): an Event or an EventError, never another exception,
for arbitrary bytes, arbitrary JSON and mutated real deliveries."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from open_commons.github.events import EventError, parse, parse_bytes
from open_commons.model.github import Event
from tests.conftest import FIXTURES
from tests.fuzz.conftest import fuzz_settings

WEBHOOKS = FIXTURES / "github-webhooks"
REAL = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(WEBHOOKS.glob("*.json"))}
NAMES = ["pull_request", "pull_request_target", "issue_comment", "check_run", "issues", "ping", "push", "",
         "../x", "pull_request\n", "a" * 100]


def _event_name(file: str) -> str:
    base = file.removeprefix("octokit-webhooks__").split(".")[0]
    return base


def _parse(name: str, raw: bytes) -> None:
    try:
        event = parse_bytes(name, raw, "delivery-1")
    except EventError:
        return
    assert isinstance(event, Event)


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20,
)


@fuzz_settings(500)
@given(st.sampled_from(NAMES), st.binary(max_size=500))
@example("pull_request", b"\xff\xfe")
@example("pull_request", b"[]")
@example("ping", b"{}")
def test_arbitrary_bytes(name: str, raw: bytes) -> None:
    _parse(name, raw)


@fuzz_settings(500)
@given(st.sampled_from(NAMES), JSON)
def test_arbitrary_json(name: str, payload: object) -> None:
    _parse(name, json.dumps(payload).encode())


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:  # type: ignore[type-arg]
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:3]):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_delivery(draw: st.DrawFn) -> tuple[str, object]:
    file = draw(st.sampled_from(sorted(REAL)))
    payload = json.loads(json.dumps(REAL[file]))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(payload) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = payload
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON)
    return _event_name(file), payload


@fuzz_settings(800)
@given(mutated_delivery())
def test_mutated_real_deliveries(delivery: tuple[str, object]) -> None:
    name, payload = delivery
    _parse(name, json.dumps(payload).encode())


def test_real_deliveries_parse() -> None:
    for file, payload in REAL.items():
        assert isinstance(parse(_event_name(file), payload, "d"), Event), file
