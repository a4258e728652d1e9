# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The access log: one hash-chained JSON line per membership change, kept like the ledger.

``ledger/access.jsonl`` (``partners.access.log``) is append-only. A record says when (``at``, UTC),
what (``action`` add/remove, ``team``, ``login``, the resulting ``state``), why (``reason``,
``partner``, ``status``, ``since``, ``until``), and carries the previous record's hash in ``prev``
and its own in ``hash`` (SHA-256 of its canonical JSON without ``hash``), as ledger records do.

Everything turning changes into lines is pure and works on text (the App writes through the
Contents API with the blob sha); ``append_file`` appends under a file lock for the command line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from open_commons.model.access import AccessPolicy, Change, PartnerAccess, Plan
from open_commons.model.ledger import GENESIS, canonical, parse_text, record_hash
from open_commons.model.partners import Partner

LOG_VERSION = 1


@dataclass(frozen=True)
class Done:
    """A change applied, and the state GitHub answered (``active``, ``pending``, ``removed``, ``absent``)."""

    change: Change
    state: str


def records_of(text: str) -> list[dict[str, Any]]:
    return [dict(ln.record) for ln in parse_text(text) if ln.record is not None]


def append_text(text: str, done: Iterable[Done], *, at: str, organization: str) -> tuple[str, list[dict[str, Any]]]:
    """``text`` with one record per applied change appended (hash-chained); the new records."""
    if text and not text.endswith("\n"):
        text += "\n"
    previous = records_of(text)
    prev = str(previous[-1].get("hash", GENESIS)) if previous else GENESIS
    seq = len(previous)
    added: list[dict[str, Any]] = []
    lines = []
    for item in done:
        seq += 1
        grant = item.change.grant
        record: dict[str, Any] = {
            "v": LOG_VERSION, "seq": seq, "at": at, "day": at[:10], "organization": organization,
            "team": item.change.team, "action": item.change.action, "login": grant.login, "state": item.state,
            "reason": grant.reason.value, "partner": grant.partner, "status": grant.status,
            "since": grant.since, "until": grant.until, "prev": prev,
        }
        record["hash"] = record_hash(record)
        prev = record["hash"]
        added.append(record)
        lines.append(canonical(record) + "\n")
    return text + "".join(lines), added


def present(plan: Plan, records: Iterable[Mapping[str, Any]]) -> list[Done]:
    """The accesses already in place that the log does not show yet, as ``present`` entries to log."""
    from open_commons.access import unlogged

    if plan.blocked or plan.current is None:
        return []
    return [Done(c, plan.current.get(c.team, {}).get(c.login, "active")) for c in unlogged(plan, logged(records))]


def chain_problems(text: str) -> list[str]:
    """What is wrong with a log text: unreadable lines, a broken hash chain (empty when it holds)."""
    problems = []
    prev = GENESIS
    for ln in parse_text(text):
        if ln.record is None:
            problems.append(f"line {ln.number}: not a JSON object ({ln.error})")
            continue
        if ln.record.get("prev") != prev:
            problems.append(f"line {ln.number}: 'prev' does not match the hash of the line before")
        if ln.record.get("hash") != record_hash(ln.record):
            problems.append(f"line {ln.number}: 'hash' does not match the record")
        prev = str(ln.record.get("hash"))
    return problems


def append_file(path: Path, done: Sequence[Done], *, at: str, organization: str,
                timeout: float = 60.0) -> list[dict[str, Any]]:
    """Append the records of ``done`` to the log file, under a file lock (safe for concurrent writers)."""
    from filelock import FileLock

    from open_commons.ledger import lock_path, repair_torn_tail

    if not done:
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_path(path)), timeout=timeout):
        repair_torn_tail(path)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        _new_text, added = append_text(text, done, at=at, organization=organization)
        with path.open("a", encoding="utf-8", newline="\n") as fh:
            fh.write(("\n" if text and not text.endswith("\n") else "") + "".join(canonical(r) + "\n" for r in added))
            fh.flush()
            os.fsync(fh.fileno())
        return added


# --- what the log says, for the audit ----------------------------------------------------


def _held(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, tuple[str, Mapping[str, Any]]]]:
    """login -> team -> (day the access began, the record saying so), per the log.

    A login is in a team from an ``add`` (or a ``present``: an access found in place) until a ``remove``.
    """
    teams: dict[str, dict[str, tuple[str, Mapping[str, Any]]]] = {}
    for rec in records:
        login, team = str(rec.get("login", "")).lower(), str(rec.get("team", ""))
        if not login:
            continue
        held = teams.setdefault(login, {})
        if rec.get("action") in ("add", "present"):
            held.setdefault(team, (str(rec.get("day", ""))[:10], rec))
        elif rec.get("action") == "remove":
            held.pop(team, None)
    return teams


def logged(records: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """(team, login) pairs holding access per the log."""
    return {(team, login) for login, held in _held(records).items() for team in held}


def holders(records: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Logins with access per the log: login -> (day the access began, the record granting it);
    an access held in several teams dates from the earliest."""
    return {login: min(held.values(), key=lambda v: v[0]) for login, held in _held(records).items() if held}


def partner_access(records: Iterable[Mapping[str, Any]], partners: Sequence[Partner], policy: AccessPolicy,
                   day: str) -> tuple[dict[str, PartnerAccess], tuple[str, ...]]:
    """Per partner: its people with access (from the log) and since when, against the registry on ``day``.

    Returns the partner values and the logins holding access that belong to no partner and are not
    maintainers or protected.
    """
    from open_commons.access import desired, login_index, why_not

    held = holders(records)
    index = login_index(partners)
    wanted = {g.login: g for g in desired(partners, policy, day) if g.partner}
    people: dict[str, dict[str, str]] = {p.id: {} for p in partners}
    extra: dict[str, list[str]] = {p.id: [] for p in partners}
    outside = []
    for login, (since, rec) in sorted(held.items()):
        grant = wanted.get(login)
        pid = grant.partner if grant else (str(rec.get("partner") or "") or why_not(login, partners, day, index).partner)
        if pid in people:
            people[pid][login] = since
            if grant is None:
                extra[pid].append(login)
        elif login not in policy.maintainers and login not in policy.protected:
            outside.append(login)
    out = {}
    for p in partners:
        missing = tuple(sorted(g.login for g in wanted.values() if g.partner == p.id and g.login not in held))
        mine = people[p.id]
        out[p.id] = PartnerAccess(dict(sorted(mine.items())), min(mine.values()) if mine else None, missing,
                                  tuple(extra[p.id]))
    return out, tuple(outside)
