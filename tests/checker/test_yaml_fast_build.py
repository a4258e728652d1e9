# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The direct build of plain front-matter (``yamlio._build``) and the resolver's memory of tags give
what ruamel's constructor and resolver give: the same data (same types, same order, same shared
objects) or the same error, with the same mark, on every fixture, the hostile corpus and generated
YAML (anchors, aliases, merge keys, tags, duplicates, ``=`` keys, numbers in every form)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from open_commons.sources import frontmatter, yamlio
from tests.conftest import FIXTURES, REPO
from tests.hostile.corpus import HOSTILE, detokenise


def _shape(value: Any, seen: dict[int, int]) -> Any:
    """The value with every type spelled out (True is not 1) and shared lists and dicts numbered."""
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return ("shared", seen[id(value)])
        seen[id(value)] = len(seen)
        if isinstance(value, dict):
            return ("dict", [(_shape(k, seen), _shape(v, seen)) for k, v in value.items()])
        return ("list", [_shape(v, seen) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    if isinstance(value, (set, tuple)):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _outcome(load: Any, text: str) -> Any:
    try:
        return ("data", _shape(load(text), {}))
    except RecursionError:
        return ("error", "RecursionError")
    except Exception as err:  # noqa: BLE001 - the error itself is compared
        mark = getattr(err, "problem_mark", None)
        return ("error", type(err).__name__, str(err), (mark.line, mark.column) if mark is not None else None)


def _reference(text: str) -> Any:
    """What the loader gave before: the constructor alone, every tag resolved anew."""
    old = yamlio._Resolver._VALUE_MAX
    yamlio._Resolver._VALUE_MAX = -1
    try:
        return _outcome(yamlio._FAST.load_slow, text)
    finally:
        yamlio._Resolver._VALUE_MAX = old


def _problems_before(text: str) -> Any:
    """``yamlio.load`` as it was: the constructor alone, every tag resolved anew, ``_walk`` always run."""
    old = yamlio._Resolver._VALUE_MAX, yamlio._FastSafe.load_plain
    yamlio._Resolver._VALUE_MAX = -1
    yamlio._FastSafe.load_plain = staticmethod(lambda t: (yamlio._FAST.load_slow(t), False))  # type: ignore[method-assign]
    try:
        data, problems = yamlio.load(text, 3)
    finally:
        yamlio._Resolver._VALUE_MAX, yamlio._FastSafe.load_plain = old[0], staticmethod(old[1])  # type: ignore[method-assign]
    return _shape(data, {}), problems


def _agree(text: str) -> None:
    data, problems = yamlio.load(text, 3)
    assert (_shape(data, {}), problems) == _problems_before(text)
    if yamlio._structure(text) > yamlio._C_MAX_STRUCTURE:
        return  # read by the pure loader, not by the fast path
    assert _outcome(yamlio._FAST.load, text) == _reference(text)
    assert _outcome(yamlio._FAST.load, text) == _reference(text)  # the resolver's memory filled


def _corpus() -> Iterator[str]:
    for folder in (FIXTURES, REPO / "content"):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file() or path.is_symlink():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            if folder == FIXTURES and HOSTILE in path.parents:
                text = detokenise(text)
            parts = frontmatter.split(text) if path.suffix == ".md" else (text,)
            if not isinstance(parts, tuple):
                continue
            yield parts[0]


def test_every_fixture_and_resource_builds_as_the_constructor_builds_it() -> None:
    texts = list(dict.fromkeys(_corpus()))
    assert len(texts) > 100
    for text in texts:
        _agree(text)


PLAIN = ["a", "yes", "No", "true", "False", "TRUE", "~", "null", "Null", "", "0", "-0", "+1", "012", "0o17",
         "0x1F", "0b101", "1_000", "1:30", "1.5", "-.5", ".inf", "-.Inf", ".nan", "1e3", "1E-3", "6.8523015e+5",
         "2026-01-02", "2026-01-02T10:00:00Z", "2026-13-45", "'quoted'", '"dq\\n"', "<<", "=", "?x", "é",
         "0x" + "f" * 30, "a" * 70, "multi word value", "1 2", "[]", "{}", "!!str 3", "!!int 3", "!!float 1",
         "0x" + "f" * 2600, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
         "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"]
ODD = ["!!binary aGVsbG8=", "!!bool yes", "!!null x", "!!set {a}", "!!python/object:os.system x", "!custom x",
       "!!timestamp 2026-01-02"]
SCALARS = PLAIN * 5 + ODD  # mostly documents that load
KEYS = ["id", "title", "a", "b", "c", "d", "1", "true", "~", "'1'", "2026-01-02", "1.0", "x" * 70] * 3 + [
    "<<", "=", "? complex", "[1, 2]", "{a: 1}", "!!int 1"]


@st.composite
def yaml_texts(draw: st.DrawFn, depth: int = 0) -> str:
    lines = []
    anchors: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(KEYS))
        if key.isalpha() and draw(st.integers(0, 3)):
            key += str(len(lines))  # mostly distinct keys (duplicates are errors)
        kind = draw(st.sampled_from(["scalar", "scalar", "flow-seq", "flow-map", "block-seq", "block-map",
                                     "anchor", "alias", "merge"]))
        if kind == "scalar":
            lines.append(f"{key}: {draw(st.sampled_from(SCALARS))}")
        elif kind == "flow-seq":
            items = draw(st.lists(st.sampled_from(SCALARS), max_size=4))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif kind == "flow-map":
            items = draw(st.lists(st.tuples(st.sampled_from(KEYS[:10]), st.sampled_from(SCALARS)), max_size=3))
            lines.append(f"{key}: {{{', '.join(f'{k}: {v}' for k, v in items)}}}")
        elif kind == "block-seq":
            items = draw(st.lists(st.sampled_from(SCALARS), max_size=3))
            lines.append(f"{key}:" + "".join(f"\n  - {v}" for v in items))
        elif kind == "block-map" and depth < 2:
            inner = draw(yaml_texts(depth + 1))
            lines.append(f"{key}:" + "".join(f"\n  {row}" for row in inner.split("\n") if row))
        elif kind == "anchor":
            name = f"a{len(anchors)}"
            anchors.append(name)
            lines.append(f"{key}: &{name} " + draw(st.sampled_from(["[1, 2]", "{x: 1}", "v", "{<<: {y: 2}}"])))
        elif kind == "alias" and anchors:
            lines.append(f"{key}: *{draw(st.sampled_from(anchors))}")
        elif kind == "merge":
            lines.append("<<: " + draw(st.sampled_from(["{m: 1}", "[{m: 1}, {n: 2}]", "x", "[x]"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_texts())
@example("a: 1\na: 2\n")  # duplicate key: the constructor's error and mark
@example("a: &x {b: 1}\nc: *x\n")  # shared dict (refused later as an alias)
@example("a: &x v\nc: *x\n")  # shared scalar
@example("a: &x [*x]\n")  # recursive
@example("<<: {b: 1}\na: 2\n")  # merge key
@example("=: 1\n")
@example("1: a\n1.0: b\ntrue: c\n")  # keys equal in Python, different in YAML: a duplicate for the constructor
@example(".nan: 1\n.nan: 2\n")
@example("a: !!binary aGVsbG8=\n")
@example("a: 0b\n")  # the int constructor raises
@example("- a\n- b\n")
@example("just a scalar\n")
@example("a: [1, {b: [2, {c: yes}]}]\n")
@example("a: " + "[" * 39 + "x" + "]" * 39 + "\n")  # MAX_DEPTH (40) deep: fine
@example("a: " + "[" * 40 + "x" + "]" * 40 + "\n")  # one deeper: TOO_DEEP, where _walk says
@example("1: a\n")  # a key that is not a string
@example("a: 0x" + "f" * 2600 + "\n")  # an integer too long to print
def test_generated_yaml_builds_as_the_constructor_builds_it(text: str) -> None:
    _agree(text)


@pytest.mark.parametrize("text", ["a: " + "[" * 300 + "]" * 300 + "\n", "a: " + "[" * 800 + "]" * 800 + "\n",
                                  "a:\n" + "".join(
    "  " * i + f"k{i}:\n" for i in range(1, 200)) + "  " * 200 + "v\n"])
def test_deep_documents_agree(text: str) -> None:
    _agree(text)


def test_plain_documents_take_the_direct_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above is between two different paths (the direct build is really used)."""
    def refuse(*args: object) -> None:
        raise AssertionError("the constructor was used")

    monkeypatch.setattr(yamlio._CLoader, "construct_document", refuse)
    text = next(t for t in _corpus() if "schema_version" in t)
    assert yamlio._FAST.load(text)["schema_version"] == 1
    with pytest.raises(AssertionError):
        yamlio._FAST.load("a: 1\na: 2\n")


def test_the_invisible_spaces_are_not_ascii() -> None:
    """``yaml_diagnose.hidden_keys`` skips ASCII field names: none can hold one of them."""
    from open_commons.sources import yaml_diagnose

    assert yaml_diagnose._CHARS and not any(c.isascii() for c in yaml_diagnose._CHARS)
