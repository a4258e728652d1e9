# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The layers of docs/architecture.md, as the imports are: no cycle, no upward import, pure rules;
and the repository passes ruff and mypy (both run by the README's test command, through this test)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "bot" / "open_commons"

# the rank of each top-level part of the package: a module imports only from its rank or below
LAYERS = {
    "": 0, "model": 0, "errors": 0, "jsonsafe": 0, "urls": 0,
    "i18n": 1, "cache": 2,
    "sources": 2, "rules": 2, "identity": 2, "audit": 2,  # identity and audit: domain logic on model values
    "reporters": 3,
    "pipeline": 4,
    "app": 5, "attribution": 5, "export": 5, "ledger": 5, "content_index": 5, "demo": 5, "demo_content": 5, "docs": 5, "site": 5,
    "skeleton": 5, "access": 2, "access_log": 5, "access_sync": 5,
    "github": 6, "service": 6,  # service: the App's queue, jobs, HTTP server and sweeper, beside github
    "cli": 7, "__main__": 7,
}
RULES_MAY_IMPORT = ("model", "errors", "i18n", "rules", "identity", "")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("open_commons")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.startswith("open_commons"):
                out |= {f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names}
    return {m for m in out if m in known and m != name}


def _top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


GRAPH = {name: _imports(name, path, _modules()) for name, path in _modules().items()}


def test_every_part_has_a_layer() -> None:
    assert sorted({_top(n) for n in GRAPH} - set(LAYERS)) == []


def test_no_upward_import() -> None:
    upward = [f"{n} -> {d}" for n, deps in GRAPH.items() for d in deps if LAYERS[_top(d)] > LAYERS[_top(n)]]
    assert upward == []


def test_rules_are_pure() -> None:
    impure = [f"{n} -> {d}" for n, deps in GRAPH.items() if _top(n) == "rules" for d in deps
              if _top(d) not in RULES_MAY_IMPORT]
    assert impure == []


def test_no_import_cycle() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_checker_sees_a_cycle_and_an_upward_import() -> None:
    """The graph is read correctly: known edges are there."""
    assert "open_commons.app.check" in GRAPH["open_commons.cli.check"]
    assert "open_commons.model.report" in GRAPH["open_commons.reporters.text"]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: the test command installs it (pip install -e '.[test]')")
    return found


def test_ruff() -> None:
    done = subprocess.run([_tool("ruff"), "check", "--no-cache", "bot", "tests", "benchmarks", "scripts"],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]


def test_mypy() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
                          cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]


def test_rules_read_no_clock_no_file_no_package_data() -> None:
    """Today's date, SPDX ids and reference texts arrive as data (Commons.today, .references, ReuseReport)."""
    forbidden = ("date.today", "datetime.now", "time.time", "open(", ".read_text(", ".write_text(", "os.environ",
                 "import spdx", "from spdx", "importlib.resources")
    found = [f"{path.name}: {word}" for path in sorted((PACKAGE / "rules").glob("*.py"))
             for word in forbidden if word in path.read_text(encoding="utf-8")]
    assert found == []


def test_every_default_is_in_settings() -> None:
    """No `config.get("dotted.key", default)` left: the policy is read through the typed Settings."""
    pattern = "config.get("
    found = [str(p.relative_to(REPO)) for p in PACKAGE.rglob("*.py") if pattern in p.read_text(encoding="utf-8")]
    assert found == []
