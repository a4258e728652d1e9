# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The repository's GitHub setup as files: workflows (``.github/workflows/``) and issue forms
(``.github/ISSUE_TEMPLATE/``), read as data for ``commons doctor``.

A workflow is what GitHub would run: its name, its triggers, and for each job the name its check
run gets, the token permissions it states and the bot's commands it runs (``commons bot report``
in a ``run:`` line, or this repository's action with ``command: report``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from open_commons.model.doctor import Job, Workflow
from open_commons.sources.files import read
from open_commons.sources.frontmatter import yaml_document

WORKFLOWS = ".github/workflows"
ISSUE_FORMS = ".github/ISSUE_TEMPLATE"
MAX_BYTES = 1 << 20
_COMMANDS = (
    (re.compile(r"\bcommons\s+bot\s+(report|publish|handle)\b"), None),
    (re.compile(r"\bcommons\s+check\b"), "check"),
    (re.compile(r"\bcommons\s+site\b"), "site"),
    (re.compile(r"\bcommons\s+access\s+apply\b"), "access"),
)
_ACTION_COMMANDS = ("report", "publish", "handle", "check")


def git_root(root: Path) -> Path:
    """The top of the git repository holding the commons (its ``.github`` is there); ``root`` when none."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


def _files(top: Path, folder: str) -> list[str]:
    base = top / folder
    if not base.is_dir() or base.is_symlink():
        return []
    return sorted(f"{folder}/{p.name}" for p in base.iterdir()
                  if p.suffix in (".yml", ".yaml") and not p.name.startswith("."))


def _triggers(value: Any) -> dict[str, Mapping[str, object]]:
    if isinstance(value, str):
        return {value: {}}
    if isinstance(value, list):
        return {str(v): {} for v in value if isinstance(v, str)}
    if isinstance(value, Mapping):
        return {str(k): (dict(v) if isinstance(v, Mapping) else {}) for k, v in value.items()}
    return {}


def _permissions(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if value in ("read-all", "write-all"):
        return {"*": str(value).removesuffix("-all")}
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return {}


def _step_commands(step: Mapping[str, Any]) -> tuple[list[str], str | None]:
    found: list[str] = []
    run = step.get("run")
    if isinstance(run, str):
        for pattern, name in _COMMANDS:
            for m in pattern.finditer(run):
                found.append(name or m.group(1))
    uses = step.get("uses")
    action = None
    if isinstance(uses, str):
        action = uses.split("@", 1)[0].strip()
        if action == "./" or action == "." or action.lower().endswith("/open-commons"):
            with_ = step.get("with")
            command = with_.get("command") if isinstance(with_, Mapping) else None
            command = command if isinstance(command, str) and command in _ACTION_COMMANDS else "check"
            found.append(command)
    return found, action


def _job(job_id: str, data: Any, inherited: dict[str, str] | None) -> Job:
    data = data if isinstance(data, Mapping) else {}
    name = data.get("name")
    commands: list[str] = []
    uses: list[str] = []
    steps = data.get("steps")
    for step in steps if isinstance(steps, list) else ():
        if isinstance(step, Mapping):
            found, action = _step_commands(step)
            commands += [c for c in found if c not in commands]
            if action:
                uses.append(action)
    if isinstance(data.get("uses"), str):  # a reusable workflow
        uses.append(str(data["uses"]).split("@", 1)[0])
    stated = _permissions(data.get("permissions"))
    return Job(job_id, name if isinstance(name, str) and name.strip() else job_id,
               stated if stated is not None else inherited, tuple(commands), tuple(uses))


def workflow(top: Path, rel: str) -> Workflow:
    doc = yaml_document(read(top, rel, MAX_BYTES))
    data = doc.data
    if data is None:
        kinds = ", ".join(p.kind.value for p in doc.problems) or "unreadable"
        return Workflow(rel, rel, {}, (), kinds)
    name = data.get("name")
    jobs = data.get("jobs")
    inherited = _permissions(data.get("permissions"))
    return Workflow(
        rel, name if isinstance(name, str) and name.strip() else rel, _triggers(data.get("on")),
        tuple(_job(str(k), v, inherited) for k, v in jobs.items()) if isinstance(jobs, Mapping) else ())


def workflows(root: Path) -> tuple[Workflow, ...]:
    """Every workflow of the repository holding the commons at ``root``."""
    top = git_root(root)
    return tuple(workflow(top, rel) for rel in _files(top, WORKFLOWS))


def issue_form_labels(root: Path) -> dict[str, tuple[str, ...]]:
    """The labels each issue form sets (GitHub applies a label only if it exists in the repository)."""
    top = git_root(root)
    out: dict[str, tuple[str, ...]] = {}
    for rel in _files(top, ISSUE_FORMS):
        data = yaml_document(read(top, rel, MAX_BYTES)).data or {}
        labels = data.get("labels")
        if isinstance(labels, str):
            labels = [part.strip() for part in labels.split(",")]
        if isinstance(labels, list):
            found = tuple(str(v) for v in labels if isinstance(v, str) and v.strip())
            if found:
                out[rel] = found
    return out


def text_of(root: Path, rel: str) -> str | None:
    """The text of a file of the repository holding the commons (``.pre-commit-config.yaml``), None when
    there is none (or it is not a regular text file)."""
    top = git_root(root)
    if not (top / rel).is_file():
        return None
    return read(top, rel, MAX_BYTES).text
