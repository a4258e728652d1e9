# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one module that uses ruamel.yaml.

Fast path: the C-backed safe loader (libyaml through ruamel.yaml.clib).
Line numbers: the round-trip loader, used only when a finding needs a line.
Dates stay strings (the schema checks ``format: date``); no tag builds an
object; duplicate keys are errors; anchors and aliases are refused after
loading (an alias bomb shares nodes, which the walk detects in linear time).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor
from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from open_commons.model import Problem, ProblemKind
from open_commons.sources import yaml_diagnose

MAX_DEPTH = 40
_PLAIN = (str, int, float, bool, type(None))


class _Constructor(SafeConstructor):
    """Safe constructor that keeps dates and times as the strings they were."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


class _Resolver(VersionedResolver):
    """YAML 1.2 resolution without a version look-up per scalar (a third of the load time).

    Front-matter cannot carry a %YAML directive (line 1 is ---), so the version is always 1.2.
    """

    @property
    def processing_version(self) -> Any:
        return (1, 2)

    _TABLE: Any = None  # the implicit resolvers of YAML 1.2, the same for every document

    @property
    def versioned_resolver(self) -> Any:
        table = _Resolver._TABLE
        if table is None:
            table = _Resolver._TABLE = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return table

    # the tag of a node depends on its kind, its value and how it was written, nothing else (no path
    # resolver is set, the version is fixed): keys and common values are resolved once per process
    _SEEN: ClassVar[dict[tuple[Any, Any, Any], Any]] = {}
    _SEEN_MAX, _VALUE_MAX = 20_000, 64

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if value is not None and (type(value) is not str or len(value) > _Resolver._VALUE_MAX):
            return super().resolve(kind, value, implicit)
        key = (kind, value, implicit)
        seen = _Resolver._SEEN
        tag = seen.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(seen) >= _Resolver._SEEN_MAX:
                seen.clear()
            seen[key] = tag
        return tag


class _CLoader(CParser, _Constructor, _Resolver):  # type: ignore[misc]
    """ruamel.yaml's C loader, assembled once: ``YAML.load`` builds this class anew for every document."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        _Constructor.__init__(self, loader=self)
        self.allow_duplicate_keys = False
        _Resolver.__init__(self, loadumper=self)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# the scalars of plain front-matter, built by the constructor's own functions (none is a generator)
_SCALARS = {tag: _Constructor.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp")}


class _Unusual(Exception):
    """A node the direct build leaves to the constructor (an alias, a merge key, a duplicate, a tag…)."""


def _build(loader: _CLoader, node: Any, seen: set[int], depth: int = 0) -> Any:
    """The data of a composed document, as the constructor builds it, for the plain case only: mappings
    with string keys (no merge key ``<<``, no ``=``, no duplicate), sequences, and the scalars above,
    each node met once (no alias), no deeper than MAX_DEPTH, no integer too long to print. Anything
    else raises ``_Unusual``. It changes no node. What it builds is what ``_walk`` finds nothing in."""
    if depth > MAX_DEPTH:
        raise _Unusual("deep")
    kind = type(node)
    tag = node.tag
    if kind is ScalarNode:
        if tag == _STR:
            return node.value
        build = _SCALARS.get(tag)
        if build is None:
            raise _Unusual(tag)
        value = build(loader, node)
        if type(value) not in _PLAIN or (type(value) is int and value.bit_length() > _MAX_INT_BITS):
            raise _Unusual("scalar")
        return value
    if id(node) in seen:
        raise _Unusual("alias")
    seen.add(id(node))
    depth += 1
    if kind is SequenceNode and tag == _SEQ:
        return [_build(loader, child, seen, depth) for child in node.value]
    if kind is MappingNode and tag == _MAP:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag in (_MERGE, _VALUE):
                raise _Unusual("key")
            key = _build(loader, key_node, seen, depth)
            if type(key) is not str:
                raise _Unusual("key")
            if key in out:
                raise _Unusual("duplicate")
            out[key] = _build(loader, value_node, seen, depth)
        return out
    raise _Unusual(tag)


_MERGE, _VALUE = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"


class _FastSafe:
    """The fast path: ``load(text)`` with the C loader above (same constructor and resolver as ``_SAFE``).

    The composed document is built directly when it is plain (``_build``: ruamel's constructor spends
    most of its time on the generality of tags, aliases and recursive objects); when it is not, or
    when building it raises anything, the constructor builds it, so that the data, or the error and
    its mark, are the constructor's."""

    @staticmethod
    def load(text: str) -> Any:
        return _FastSafe.load_plain(text)[0]

    @staticmethod
    def load_plain(text: str) -> tuple[Any, bool]:
        """(``load(text)``, whether it was built directly: then ``_walk`` has nothing to find in it)."""
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, False
            try:
                return _build(loader, node, set()), True
            except Exception:  # noqa: BLE001 - whatever it is, the constructor says it its own way
                return loader.construct_document(node), False
        finally:
            loader.dispose()

    @staticmethod
    def load_slow(text: str) -> Any:
        """The constructor alone (what ``load`` must give)."""
        loader = _CLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()


def _safe_yaml(pure: bool = False) -> YAML:
    yaml = YAML(typ="safe", pure=pure)
    yaml.Constructor = _Constructor
    yaml.Resolver = _Resolver
    yaml.allow_duplicate_keys = False
    return yaml


_SAFE = _safe_yaml()
_FAST = _FastSafe()
# The C composer recurses once per nesting level with no limit: about 50,000 '[' (100 KB) overflow
# the C stack and kill the process (segmentation fault; found by tests/hostile). A text with more
# structure characters than this could nest that deep, so it is read by the pure-Python loader,
# whose recursion is bounded (RecursionError -> TOO_DEEP).
_PURE = _safe_yaml(pure=True)
_C_MAX_STRUCTURE = 5_000
# An integer too long to be printed (Python refuses str() beyond 4,300 digits) would crash every
# message and report that shows it (found by tests/hostile: schema_version: 0xfff…).
_MAX_INT_BITS = 10_000


def _beyond_recursion(text: str) -> bool:
    """True when ``text`` nests collections deeper than Python's recursion limit: the pure-Python loader
    would end in RecursionError (TOO_DEEP) anyway, after a scan whose cost grows with the square of
    the depth (60,000 '[' took 5 s). libyaml's parser, unlike its composer, is iterative: its events
    tell the depth in milliseconds, without building anything. Anything it cannot parse is left to the
    loaders, which say what is wrong as before."""
    import sys

    limit = sys.getrecursionlimit()  # at least one frame per level: deeper is surely a RecursionError
    parser = CParser(text)
    depth = 0
    try:
        while True:
            event = type(parser.get_event()).__name__
            if event in ("SequenceStartEvent", "MappingStartEvent"):
                depth += 1
                if depth > limit:
                    return True
            elif event in ("SequenceEndEvent", "MappingEndEvent"):
                depth -= 1
            elif event == "StreamEndEvent":
                return False
    except (YAMLError, ValueError, TypeError):
        return False
    finally:
        parser.dispose()


def _structure(text: str) -> int:
    return text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?")


def _mark(err: MarkedYAMLError) -> tuple[int | None, int | None]:
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return None, None
    return mark.line, mark.column


def load(text: str, first_line: int = 1) -> tuple[Any, tuple[Problem, ...]]:
    """Parse YAML text; return (data, problems). ``first_line`` is the file line of the text's line 1."""
    if not text.strip():
        return None, ()
    try:
        if _structure(text) <= _C_MAX_STRUCTURE:
            data, plain = _FAST.load_plain(text)
        elif _beyond_recursion(text):
            raise RecursionError  # what the pure-Python loader would end in, without its quadratic scan
        else:
            data, plain = _PURE.load(text), False
    except DuplicateKeyError as err:
        line, col = _mark(err)
        key = str(err.problem or "").split('"')[1] if '"' in str(err.problem or "") else ""
        return None, (_problem(ProblemKind.DUPLICATE_KEY, line, col, first_line, key),)
    except MarkedYAMLError as err:
        line, col = _mark(err)
        problem = str(err.problem or err.context or "")
        kind = ProblemKind.INVALID_YAML
        if "could not determine a constructor for the tag" in problem:
            kind = ProblemKind.FORBIDDEN_TAG
            problem = problem.rsplit(" ", 1)[-1].strip("'")
        elif "unhashable" in problem:
            kind = ProblemKind.NON_STRING_KEY
        else:
            found = yaml_diagnose.invisible(text, None, line) or yaml_diagnose.diagnose(text, line, problem)
            if found is not None:
                return None, (_diagnosed(found, first_line),)
        return None, (_problem(kind, line, col, first_line, problem),)
    except RecursionError:
        return None, (Problem(ProblemKind.TOO_DEEP, first_line, 1, str(MAX_DEPTH)),)
    except (YAMLError, ValueError, TypeError) as err:  # defensive: never a traceback
        return None, (Problem(ProblemKind.INVALID_YAML, first_line, 1, str(err).splitlines()[0]),)
    problems = () if plain else _walk(data, text, first_line)  # a plain build has no alias, no tag…
    if not problems and isinstance(data, dict):
        keys = yaml_diagnose.hidden_keys(data)
        hidden = yaml_diagnose.invisible(text, keys) if keys else None
        if hidden is not None:  # a field name that looks right but is another one: say why, not "unknown field"
            return None, (_diagnosed(hidden, first_line),)
    return (None if problems else data), problems


def _diagnosed(found: yaml_diagnose.Diagnosis, first_line: int) -> Problem:
    return Problem(found.kind, found.line + first_line, found.column + 1, found.detail, found.extra)


def _problem(kind: ProblemKind, line: int | None, col: int | None, first_line: int, detail: str) -> Problem:
    return Problem(
        kind,
        None if line is None else line + first_line,
        None if col is None else col + 1,
        detail,
    )


def _walk(data: Any, text: str, first_line: int) -> tuple[Problem, ...]:
    """Refuse shared nodes (aliases), non-string keys, tagged objects, deep nesting."""
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    locate = locator(text, first_line)
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return (Problem(ProblemKind.TOO_DEEP, *(_loc(locate, path[:MAX_DEPTH])), str(MAX_DEPTH)),)
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                return (Problem(ProblemKind.ALIAS, *(_loc(locate, path)), ".".join(map(str, path))),)
            seen.add(id(node))
            if isinstance(node, dict):
                for key, value in node.items():
                    if not isinstance(key, str):
                        return (
                            Problem(ProblemKind.NON_STRING_KEY, *(_loc(locate, path)), repr(key)),
                        )
                    stack.append((value, (*path, key)))
            else:
                stack.extend((value, (*path, i)) for i, value in enumerate(node))
        elif not isinstance(node, _PLAIN):
            return (Problem(ProblemKind.FORBIDDEN_TAG, *(_loc(locate, path)), type(node).__name__),)
        elif isinstance(node, int) and node.bit_length() > _MAX_INT_BITS:
            return (Problem(ProblemKind.INVALID_YAML, *(_loc(locate, path)), "number too large"),)
    return ()


def _loc(locate: Callable[[tuple[str | int, ...]], tuple[int, int] | None], path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    for end in range(len(path), -1, -1):
        found = locate(path[:end])
        if found:
            return found
    return None, None


class Locator:
    """From a data path to a 1-based (line, column), parsing lazily with the round-trip loader.

    Picklable (the parsed tree is not kept when pickled), so documents can cross processes.
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.first_line = first_line
        self._tree: list[Any] = []

    def __getstate__(self) -> dict[str, Any]:
        return {"text": self.text, "first_line": self.first_line}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.text, self.first_line, self._tree = state["text"], state["first_line"], []

    def _root(self) -> Any:
        if not self._tree:
            try:
                rt = YAML(typ="rt")
                rt.allow_duplicate_keys = True
                self._tree.append(rt.load(self.text))
            except (YAMLError, RecursionError, ValueError, TypeError):
                self._tree.append(None)
        return self._tree[0]

    def __call__(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        node = self._root()
        first_line = self.first_line
        if node is None:
            return None
        if not path:
            return first_line, 1
        pos: tuple[int, int] | None = None
        for step in path:
            try:
                if isinstance(step, int) and hasattr(node, "lc") and isinstance(node, list):
                    pos = node.lc.item(step)  # type: ignore[attr-defined]
                elif isinstance(node, Mapping) and hasattr(node, "lc"):
                    # keys may be of another type in the rt tree (e.g. 1 vs "1")
                    key = step if step in node else next((k for k in node if str(k) == str(step)), step)
                    pos = node.lc.key(key)
                    step = key
                else:
                    return None
                node = node[step]
            except (KeyError, IndexError, TypeError, AttributeError, StopIteration):
                return None
        if pos is None:
            return None
        return pos[0] + first_line, pos[1] + 1


def locator(text: str, first_line: int = 1) -> Locator:
    return Locator(text, first_line)


def dump(data: Mapping[str, Any]) -> str:
    """Write a mapping as block-style YAML (used for generated files)."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda data: True  # a value used twice is written twice, never &id001
    buf = io.StringIO()
    yaml.dump(_plain(data), buf)
    return buf.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def round_trip(text: str, edit: Callable[[Any], None]) -> str:
    """``text`` (a YAML mapping) with ``edit`` applied to its round-trip tree: comments, order, quotes and
    the layout of the untouched lines are kept (``commons fix``). New list items are written as
    ``  - key: value`` (the commons' style)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    edit(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def new_map(pairs: Mapping[str, Any]) -> Any:
    """A mapping for ``round_trip`` edits, written in block style."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(pairs)


def new_seq() -> Any:
    """A list for ``round_trip`` edits, written in block style."""
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()
