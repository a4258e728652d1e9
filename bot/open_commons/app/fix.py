# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``commons fix``: apply every fix that needs no judgement (like ``ruff --fix``).

The check says what is wrong; for the rules marked ``fixable`` in the registry this module
writes the fix: the share-alike bookkeeping of a modified resource (a ``changes`` entry, its
date, the version, the contributor credited), missing SPDX lines and REUSE sidecars, a licence id
in the wrong case, and the YAML slips that have one right form (a space after a colon, an
invisible space, a misaligned line). The front-matter is edited through ruamel.yaml's round-trip
tree, so comments, order and quotes stay. Running it again changes nothing.
"""

# i18n-catalog: core

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from open_commons.app import check as checking
from open_commons.app.workspace import Workspace
from open_commons.errors import GitError
from open_commons.i18n import N_, _
from open_commons.model import Finding, Message, msg
from open_commons.model.report import Report
from open_commons.rules import load_all
from open_commons.rules.registry import RULES
from open_commons.rules.share_alike import PLACEHOLDER_NAME, PLACEHOLDER_PARTNER, PLACEHOLDER_SUMMARY
from open_commons.sources import yamlio
from open_commons.sources.gitrun import Git

MAX_ROUNDS = 4  # a YAML slip hides the findings behind it: fix, check again, fix what appears


@dataclass
class FixResult:
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (before, after)
    fixed: list[Finding] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    left: Report | None = None  # the verdict after the fixes (None with dry_run)

    def diff(self) -> str:
        out: list[str] = []
        for path, (before, after) in sorted(self.changed.items()):
            out += difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{path}", f"b/{path}")
        return "".join(out)


@dataclass(frozen=True)
class Identity:
    """Who is fixing: from git's configuration and the partner registry."""

    name: str | None
    partner: str | None


def _identity(ws: Workspace) -> Identity:
    git = Git(ws.root)
    try:
        name = git.out("config", "user.name").strip() or None
    except GitError:
        name = None
    try:
        email = git.out("config", "user.email").strip()
    except GitError:
        email = ""
    partner = ws.registry().by_email(email, ws.today, name or "").partner if email else None
    return Identity(name, partner)


def fix(ws: Workspace, paths: Sequence[str] = (), *, base: str | None = None, summary: str | None = None,
        dry_run: bool = False, who: Identity | None = None, index: bool = True) -> FixResult:
    """Fix what can be fixed under ``paths``; with ``dry_run``, only say what would change (one round).

    ``who`` is credited (default: git's identity on this machine, found in the partner registry);
    ``index``: bring content/README.md up to date too."""
    load_all()
    result = FixResult()
    who = who or _identity(ws)
    files: dict[str, str] = {}  # path -> current text (what is written, or would be)
    for _round in range(1 if dry_run else MAX_ROUNDS):
        report = checking.check(ws, paths, base=base, use_cache=False)
        todo = [f for f in report.findings if RULES.get(f.code) is not None and RULES[f.code].fixable]
        progress = False
        def current(path: str) -> str:
            if path not in files:
                file = ws.root / path
                # surrogateescape: an attachment (binary) passes through untouched; only its sidecar changes
                files[path] = file.read_bytes().decode("utf-8", "surrogateescape") if file.is_file() else ""
            return files[path]

        for path in sorted({f.path for f in todo}):
            writes: dict[str, str] = {}
            findings = [f for f in todo if f.path == path]
            writes[path] = _fix_file(ws, path, current(path), findings, who, summary, result, current, writes)
            for target, after in writes.items():
                before = current(target)
                if after == before:
                    continue
                progress = True
                original = result.changed.get(target, (before, before))[0]
                result.changed[target] = (original, after)
                files[target] = after
                if not dry_run:
                    (ws.root / target).parent.mkdir(parents=True, exist_ok=True)
                    (ws.root / target).write_bytes(after.encode("utf-8", "surrogateescape"))
        if not progress:
            break
    if index:
        _index(ws, result, files, dry_run)
    for path, (before, after) in list(result.changed.items()):
        if before == after:
            del result.changed[path]
    if not dry_run:
        result.left = checking.check(ws, paths, base=base, use_cache=False)
    return result


def _index(ws: Workspace, result: FixResult, files: dict[str, str], dry_run: bool) -> None:
    """content/README.md, the generated table of resources, brought up to date (it is never asked of a
    partner: the Tests workflow checks it on main only)."""
    from open_commons import content_index
    from open_commons.sources.tree import load_commons

    path = f"{ws.config.content_root}/README.md"
    target = ws.root / path
    if not target.is_file():
        return  # a commons without an index does not get one from `commons fix`
    before = files.get(path) or target.read_text(encoding="utf-8")
    after = content_index.render(load_commons(ws.root, ws.config), ws.settings.language)
    if after == before:
        return
    result.changed[path] = (result.changed.get(path, (before, before))[0], after)
    if not dry_run:
        target.write_text(after, encoding="utf-8")


# --- one file -----------------------------------------------------------------------------------


def _fix_file(ws: Workspace, path: str, text: str, findings: list[Finding], who: Identity,
              summary: str | None, result: FixResult, read: Callable[[str], str],
              writes: dict[str, str]) -> str:
    """The new text of ``path``; other files to write (a REUSE sidecar) go in ``writes``."""
    lines = text.splitlines(keepends=True)
    line_fixes = {f.line: f for f in findings if f.code in ("FM018", "FM019", "FM020") and f.line and f.suggestion}
    if line_fixes:  # the YAML cannot be read: mend those lines first, the rest comes next round
        for number, finding in line_fixes.items():
            ending = "\r\n" if lines[number - 1].endswith("\r\n") else "\n"
            lines[number - 1] = (finding.suggestion or "") + ending
            result.fixed.append(finding)
        return "".join(lines)
    for finding in findings:
        if finding.code == "LIC014" and finding.line:
            written, correct = str(finding.message.params["written"]), str(finding.message.params["correct"])
            if written in lines[finding.line - 1]:
                lines[finding.line - 1] = lines[finding.line - 1].replace(written, correct)
                result.fixed.append(finding)
    text = "".join(lines)
    edits: list[Callable[[Any], None]] = []
    for finding in findings:
        edit = _front_matter_edit(ws, finding, who, summary, result)
        if edit is not None:
            edits.append(edit)
            result.fixed.append(finding)
    if edits:
        text = _edit_front_matter(text, edits)
    for finding in findings:
        how = finding.fix.params.get("how") if finding.fix is not None else None
        if finding.code in ("LIC001", "LIC002") and isinstance(how, Message):
            target, changed = _spdx(path, text, how, read)
            if changed is None:
                continue
            result.fixed.append(finding)
            if target == path:
                text = changed
            else:
                writes[target] = changed
    return text


def _edit_front_matter(text: str, edits: list[Callable[[Any], None]]) -> str:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return text

    def apply(data: Any) -> None:
        for edit in edits:
            edit(data)

    yaml_text = yamlio.round_trip("".join(lines[1:end]), apply)
    return lines[0] + yaml_text + "".join(lines[end:])


def _date(value: str) -> object:
    try:
        return dt.date.fromisoformat(value)  # written unquoted, like the other dates
    except ValueError:
        return value


def _credited(data: Mapping[str, Any], by: str) -> bool:
    for key in ("authors", "contributors"):
        for person in data.get(key) or ():
            if isinstance(person, Mapping) and by in (person.get("partner"), person.get("name")):
                return True
    return False


def _credit(data: Any, by: str, who: Identity, lang_text: Callable[[str], str]) -> None:
    if _credited(data, by):
        return
    is_id = by.islower() and " " not in by
    person = yamlio.new_map({"name": who.name or lang_text(PLACEHOLDER_NAME), "partner": by} if is_id
                            else {"name": by})
    if not isinstance(data.get("contributors"), list):
        data["contributors"] = yamlio.new_seq()
    data["contributors"].append(person)


def _front_matter_edit(ws: Workspace, finding: Finding, who: Identity, summary: str | None,
                       result: FixResult) -> Callable[[Any], None] | None:
    params = finding.message.params
    fix_params = finding.fix.params if finding.fix is not None else {}

    def tr(template: str) -> str:
        return _(template)

    if finding.code == "ATT008":
        today = str(params.get("today") or ws.today)
        return lambda data: data.__setitem__("date_modified", _date(today))
    if finding.code == "ATT009":
        bumped = str(params.get("next"))
        return lambda data: data.__setitem__("version", bumped)
    if finding.code == "ATT007":
        entry = fix_params.get("entry")
        entry_params = entry.params if isinstance(entry, Message) else {}
        day = str(entry_params.get("date") or ws.today)
        version = str(entry_params.get("version") or "")
        by = who.partner or tr(PLACEHOLDER_PARTNER)
        text = summary or tr(PLACEHOLDER_SUMMARY)
        if not summary:
            result.notes.append(msg(N_("{path}: write in 'changes' what you changed, in place of '{placeholder}'."),
                                    path=finding.path, placeholder=text))
        if not who.partner:
            result.notes.append(msg(N_("{path}: your git identity is not in the partner registry: write your "
                                       "partner id in place of '{placeholder}'."), path=finding.path, placeholder=by))

        def add_change(data: Any) -> None:
            if not isinstance(data.get("changes"), list):
                data["changes"] = yamlio.new_seq()
            change = {"date": _date(day), "by": by, "summary": text}
            if version:
                change["version"] = version
            data["changes"].append(yamlio.new_map(change))
            if who.partner:
                _credit(data, who.partner, who, tr)

        return add_change
    if finding.code == "ATT010":
        by = str(params.get("by") or "")
        return (lambda data: _credit(data, by, who, tr)) if by else None
    return None


def _spdx(path: str, text: str, how: Message, read: Callable[[str], str]) -> tuple[str, str | None]:
    """(file, its new text) with the SPDX lines a LIC001/LIC002 fix names, where it names them;
    (path, None) when a person must write them (the copyright holder is not known)."""
    lines = str(how.params.get("lines") or "")
    if not lines or "<" in lines:
        return path, None
    wanted = lines.splitlines()
    if "front-matter" in how.template:
        body = text.splitlines(keepends=True)
        missing = [ln + "\n" for ln in wanted if ln not in text]
        if not body or body[0].strip() != "---" or not missing:
            return path, None
        return path, body[0] + "".join(missing) + "".join(body[1:])
    if "{sidecar}" in how.template:
        sidecar = str(how.params.get("sidecar"))
        current = read(sidecar)
        missing_lines = [ln for ln in wanted if ln not in current]
        if not missing_lines:
            return sidecar, None
        if current and not current.endswith("\n"):
            current += "\n"
        return sidecar, current + "\n".join(missing_lines) + "\n"
    if "top of the file" in how.template:
        missing = [ln + "\n" for ln in wanted if ln not in text]
        return path, ("".join(missing) + text) if missing else None
    return path, None
