# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The contribution ledger: record, verify, rebuild.

``ledger/contributions.jsonl`` holds one canonical-JSON record per merged pull request, each
hash-chained to the one before. Everything that turns facts into a line is pure and works on
text, so that the GitHub bot (which writes through the Contents API with optimistic locking) and
the command line (which appends under a file lock) share it:

- ``build_record(pr, registry, ...)`` -> the record (a dict) for a merged PR;
- ``append_to_text(text, pr, registry, ...)`` -> ``Appended(text, record, appended)``, idempotent on
  (PR number, merge sha);
- ``rules.ledger.check_text(text, ...)`` -> findings (schema, chain, order, credit);
- ``verify_append_only(old_text, new_text)`` -> findings (only lines added at the end).

``record_file`` appends under a file lock; ``verify`` adds agreement with git history (and, given
a ``GitHubFacts``, with GitHub); ``rebuild`` makes the ledger of a commons from its history.

What counts as a merged pull request, for ``verify``, ``rebuild`` and the audit (``collect``) alike:
a record of the ledger, a merge commit on the main line, or a single-parent commit whose subject ends
in "(#N)" only when GitHub confirms it is the merge of PR #N (``proven_squashes``): such a subject
alone may be a partner's own commit, rebased or fast-forwarded.
"""

# i18n-catalog: ledger

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from open_commons.errors import CommonsError, GitError
from open_commons.identity import Credit, Registry
from open_commons.jsonsafe import loads
from open_commons.model import Finding
from open_commons.model.ledger import (
    GENESIS,
    LEDGER_VERSION,
    MAX_LINE_BYTES,
    MAX_LINE_DEPTH,
    TRANSLATION,
    FileChange,
    LedgerLine,
    PullFacts,
    PullRequest,
    canonical,
    decode,
    parse_text,
    record_hash,
)
from open_commons.rules import ledger as rules

FIX_MAX_LINES = 3  # a change of at most this many lines to existing resources is a fix


class LedgerConflict(CommonsError):
    """A PR is already in the ledger with another merge sha."""


# --- from a PR to a record ------------------------------------------------------------------


def resource_changes(files: Iterable[FileChange], content_root: str = "content") -> list[dict[str, Any]]:
    """The files of a PR under the content folder, with the resource id of Markdown files."""
    prefix = content_root.rstrip("/") + "/"
    out = []
    for f in files:
        if not (f.path.startswith(prefix) or (f.previous_path or "").startswith(prefix)):
            continue
        entry: dict[str, Any] = {"path": f.path, "change": f.change}
        if f.path.endswith(".md") and f.path.startswith(prefix) and f.path != prefix + "README.md":
            entry["id"] = f.path[len(prefix):-3]
        if f.change == "renamed" and f.previous_path:
            entry["previous_path"] = f.previous_path
        out.append(entry)
    out.sort(key=lambda e: (e["path"], e["change"]))
    return out


def kinds_of(resources: Sequence[Mapping[str, Any]], lines: int) -> list[str]:
    """What a contribution is, from the resources it touches (new resource, improvement…)."""
    kinds: set[str] = set()
    for r in resources:
        is_md = "id" in r
        if r["change"] == "removed":
            kinds.add("removal")
        elif not is_md:
            kinds.add("template")
        elif r["change"] == "added":
            kinds.add("translation" if TRANSLATION.search(r["path"]) else "new-resource")
        else:
            kinds.add("improvement")
    if kinds == {"improvement"} and lines <= FIX_MAX_LINES:
        kinds = {"fix"}
    return sorted(kinds) or ["other"]


def _lines(files: Iterable[FileChange], content_root: str) -> tuple[int, int]:
    prefix = content_root.rstrip("/") + "/"
    added = removed = 0
    for f in files:
        if f.path.startswith(prefix) or (f.previous_path or "").startswith(prefix):
            added += f.added
            removed += f.removed
    return added, removed


def credit_fields(credit: Credit) -> dict[str, Any]:
    return {
        "author": {"login": credit.author_login, "partner": credit.author_partner},
        "co_authors": [{"name": c.name, "email": c.email, "partner": p} for c, p in credit.co_authors],
        "partners": list(credit.partners),
        "reviewers": [{"login": login, "partner": p} for login, p in credit.reviewers],
    }


def build_record(pr: PullRequest, registry: Registry, *, content_root: str = "content", prev: str = GENESIS,
                 seq: int = 1, hashed: bool = True) -> dict[str, Any]:
    """The ledger record of a merged PR (its hash included unless ``hashed`` is false)."""
    resources = resource_changes(pr.files, content_root)
    added, removed = _lines(pr.files, content_root)
    record: dict[str, Any] = {
        "v": LEDGER_VERSION,
        "seq": seq,
        "pr": pr.number,
        "merge_sha": pr.merge_sha.lower(),
        "merged_at": pr.merged_at,
        **credit_fields(registry.credit(pr)),
        "resources": resources,
        "kinds": kinds_of(resources, added + removed),
        "lines_added": added,
        "lines_removed": removed,
        "prev": prev,
    }
    if hashed:
        record["hash"] = record_hash(record)
    return record


def line_of(record: Mapping[str, Any]) -> str:
    return canonical(record) + "\n"


def pull_request_from_github(pr: Mapping[str, Any], files: Sequence[Mapping[str, Any]] = (),
                             co_authors: Sequence[str] = (), reviewers: Sequence[str] = ()) -> PullRequest:
    """A PullRequest from GitHub's JSON: a ``pull_request`` object and its ``/files`` list.

    ``co_authors`` are the ``Co-authored-by`` values of its commits; ``reviewers`` the logins
    of approving reviews.
    """
    from open_commons.identity import parse_trailer

    status = {"added": "added", "removed": "removed", "renamed": "renamed", "copied": "added"}
    changes = [
        FileChange(str(f["filename"]), status.get(str(f.get("status")), "modified"), int(f.get("additions", 0)),
                   int(f.get("deletions", 0)), f.get("previous_filename"))
        for f in files
    ]
    merged_at = str(pr["merged_at"]).replace("+00:00", "Z")
    trailers = [c for c in (parse_trailer(v) for v in co_authors) if c is not None]
    return PullRequest(int(pr["number"]), str(pr["merge_commit_sha"]), merged_at,
                       str((pr.get("user") or {}).get("login") or "") or None, tuple(changes), tuple(trailers),
                       tuple(reviewers))


# --- appending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appended:
    text: str  # the whole ledger after the append (unchanged when already recorded)
    record: Mapping[str, Any]  # the new record, or the one already there
    appended: bool
    line: int  # the record's line number


def _tail(lines: Sequence[LedgerLine]) -> tuple[str, int]:
    for ln in reversed(lines):
        if ln.record is not None and isinstance(ln.record.get("hash"), str):
            return ln.record["hash"], len(lines) + 1
    return GENESIS, len(lines) + 1


def find_pr(lines: Sequence[LedgerLine], pr: int) -> LedgerLine | None:
    return next((ln for ln in lines if ln.record is not None and ln.record.get("pr") == pr), None)


def append_to_text(text: str, pr: PullRequest, registry: Registry, *, content_root: str = "content") -> Appended:
    """Append the record of ``pr`` to a ledger text; idempotent on (PR number, merge sha).

    Raises LedgerConflict when the PR is recorded with another merge sha. The bot calls this
    on the text it read with the blob sha, then writes it back with that sha (retrying on 409).
    """
    if text and not text.endswith("\n"):
        text += "\n"
    lines = parse_text(text)
    existing = find_pr(lines, pr.number)
    if existing is not None and existing.record is not None:
        if existing.record.get("merge_sha") == pr.merge_sha.lower():
            return Appended(text, existing.record, False, existing.number)
        raise LedgerConflict(
            f"PR #{pr.number} is already recorded on line {existing.number} with merge sha "
            f"{existing.record.get('merge_sha')}, not {pr.merge_sha}"
        )
    prev, seq = _tail(lines)
    record = build_record(pr, registry, content_root=content_root, prev=prev, seq=seq)
    return Appended(text + line_of(record), record, True, seq)


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(f".{ledger.name}.lock")


def repair_torn_tail(path: Path) -> bool:
    """Cut a last line that a killed writer left half-written; True when something was cut.

    A record is committed once its line, newline included, is written and synced: a last line
    without newline that is not a whole JSON record was never committed (a complete record that
    only lacks its newline is kept). Found by tests/reliability/test_kill.py.
    """
    raw = path.read_bytes() if path.exists() else b""
    if not raw or raw.endswith(b"\n"):
        return False
    cut = raw.rfind(b"\n") + 1
    try:
        whole = loads(raw[cut:], max_depth=MAX_LINE_DEPTH, max_bytes=MAX_LINE_BYTES)
    except ValueError:  # not JSON, too deep, or cut inside a UTF-8 character
        whole = None
    if isinstance(whole, dict):
        return False
    with path.open("r+b") as fh:
        fh.truncate(cut)
        fh.flush()
        os.fsync(fh.fileno())
    return True


def record_file(path: Path, pr: PullRequest, registry: Registry, *, content_root: str = "content",
                timeout: float = 60.0) -> Appended:
    """Append the record of ``pr`` to the ledger file, under a file lock (safe for concurrent writers)."""
    from filelock import FileLock

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(lock_path(path)), timeout=timeout):
            repair_torn_tail(path)
            text = read_text(path)
            result = append_to_text(text, pr, registry, content_root=content_root)
            if result.appended:
                _append(path, ("\n" if text and not text.endswith("\n") else "") + line_of(result.record))
            return result
    except OSError as err:
        raise LedgerWriteError(path, err) from None


class LedgerWriteError(CommonsError):
    """The ledger file could not be read or written (disk full, permission denied…); nothing was
    half-written: the file is as it was before."""

    def __init__(self, path: Path, err: OSError) -> None:
        self.path, self.errno, self.reason = path, err.errno, err.strerror or str(err)
        super().__init__(f"{path}: {self.reason}")


def _append(path: Path, text: str) -> None:
    """Append ``text`` and sync; on failure (disk full…) cut the file back to its size before."""
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        size = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError:
            try:
                os.ftruncate(fd, size)
                os.fsync(fd)
            except OSError:  # pragma: no cover - the next writer repairs a torn tail
                pass
            raise
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """The ledger file's text ("" when absent); bytes that are not UTF-8 are kept for ``parse_text``
    to report on their line."""
    return decode(path.read_bytes()) if path.is_file() else ""


def usable_records(text: str, path: str, schema: Mapping[str, Any] | None = None
                   ) -> tuple[list[Mapping[str, Any]], list[Finding]]:
    """The records the audit and the site may count: readable lines that follow the ledger schema.
    The others are returned as findings (LED001, LED002), never used: a record without
    ``merged_at`` or with ``partners: 5`` cannot be counted."""
    if schema is None:
        from open_commons.sources import schemas

        schema = schemas.load("ledger-entry")
    records: list[Mapping[str, Any]] = []
    findings: list[Finding] = []
    for ln in parse_text(text):
        if ln.record is None:
            findings.append(rules.UNREADABLE.at(path, ln.number, detail=ln.error or "empty line"))
            continue
        errors = rules.schema_errors(ln.record, schema)
        if errors:
            pr = ln.record.get("pr", "?")
            findings.append(rules.SCHEMA.at(path, ln.number, pr=pr if isinstance(pr, (int, str)) else "?",
                                            problem=errors[0]))
            continue
        records.append(ln.record)
    return records, findings


# --- what GitHub says ------------------------------------------------------------------------


class GitHubFacts(Protocol):
    """What the ledger asks GitHub (``open_commons.github.ledger_facts`` answers over the REST API)."""

    repository: str  # owner/name

    def pulls(self, numbers: Collection[int]) -> Mapping[int, PullFacts]:
        """What GitHub says of each pull request number (``found`` false when there is none)."""
        ...

    def approvals(self, numbers: Collection[int]) -> Mapping[int, tuple[str, ...]]:
        """For each pull request, the lower-case logins whose latest review approves it (every page)."""
        ...

    def permissions(self, logins: Collection[str]) -> Mapping[str, str]:
        """Each login's permission on the repository today (lower-case login -> admin, write, read, none)."""
        ...


@dataclass(frozen=True)
class Squashes:
    """The single-parent "(#N)" commits of history that no record holds, sorted by what proves them."""

    confirmed: frozenset[str] = frozenset()  # GitHub says: the merge of PR #N
    refuted: frozenset[str] = frozenset()  # GitHub says: not the merge of PR #N
    unconfirmed: frozenset[str] = frozenset()  # nobody asked GitHub

    def counts(self, sha: str, squashes: Collection[str]) -> bool:
        """True when the history PR merged as ``sha`` is a merged PR: a merge commit, or a confirmed squash."""
        return sha not in squashes or sha in self.confirmed


def proven_squashes(prs: Iterable[PullRequest], squashes: Collection[str], github: GitHubFacts | None, *,
                    known: Collection[str] = (), cache: Any = None) -> tuple[Squashes, dict[int, PullFacts]]:
    """Ask GitHub whether each single-parent "(#N)" commit (``squashes``) of ``prs`` not in ``known``
    is PR #N's merge; without ``github`` they stay unconfirmed. GitHub's answer about a commit never
    changes: ``cache`` (a set-like store) keeps it, so a later run asks only about new commits.
    Returns the verdicts and the facts GitHub gave (by number)."""
    todo = [pr for pr in prs if pr.merge_sha in squashes and pr.merge_sha not in known]
    if github is None:
        return Squashes(unconfirmed=frozenset(pr.merge_sha for pr in todo)), {}
    confirmed: set[str] = set()
    refuted: set[str] = set()
    ask: list[PullRequest] = []
    for pr in todo:
        key = f"gh-squash:{github.repository.lower()}:{pr.number}:{pr.merge_sha}"
        if cache is not None and key + ":yes" in cache:
            confirmed.add(pr.merge_sha)
        elif cache is not None and key + ":no" in cache:
            refuted.add(pr.merge_sha)
        else:
            ask.append(pr)
    facts = dict(github.pulls({pr.number for pr in ask})) if ask else {}
    for pr in ask:
        found = facts.get(pr.number)
        yes = found is not None and found.merged_as(pr.merge_sha)
        (confirmed if yes else refuted).add(pr.merge_sha)
        if cache is not None and found is not None:
            cache.add(f"gh-squash:{github.repository.lower()}:{pr.number}:{pr.merge_sha}:{'yes' if yes else 'no'}")
    return Squashes(frozenset(confirmed), frozenset(refuted)), facts


# --- rebuilding from history ----------------------------------------------------------------


def rebuild_text(prs: Iterable[PullRequest], registry: Registry, *, content_root: str = "content",
                 reviewers: Mapping[int, Sequence[str]] | None = None) -> str:
    """A whole ledger from merged PRs in merge order (git cannot tell reviewers: pass them if known).

    Same records as appending each PR with ``append_to_text``, in linear time.
    """
    lines: list[str] = []
    prev, seen = GENESIS, set()
    for pr in prs:
        if pr.number in seen:
            continue
        seen.add(pr.number)
        if reviewers and pr.number in reviewers:
            pr = PullRequest(pr.number, pr.merge_sha, pr.merged_at, pr.author, pr.files, pr.co_authors,
                             tuple(reviewers[pr.number]), pr.author_email)
        record = build_record(pr, registry, content_root=content_root, prev=prev, seq=len(lines) + 1)
        lines.append(line_of(record))
        prev = record["hash"]
    return "".join(lines)


def repository_owner(config_repository: str | None) -> str:
    return (config_repository or "").split("/", 1)[0]


def prs_from_history(history: Any, registry: Registry, owner: str) -> list[PullRequest]:
    return [pr for pr, _ in history.merged_prs(owner, registry.login_for_email)]


# --- verification against git ---------------------------------------------------------------


@dataclass
class VerifyResult:
    findings: list[Finding] = field(default_factory=list)
    records: int = 0
    prs_in_history: int = 0
    commits_read: int = 0
    github: bool = False  # the records were checked against GitHub
    asked: int = 0  # records GitHub was asked about (the others were confirmed by an earlier run)
    confirmed_before: int = 0


def _git_view(pr_git: PullRequest, record: Mapping[str, Any], registry: Registry, content_root: str) -> dict[str, Any]:
    """The record git would give, trusting only git (and the record's login when git cannot tell)."""
    author = pr_git.author or ((record.get("author") or {}).get("login"))
    pr = PullRequest(pr_git.number, pr_git.merge_sha, pr_git.merged_at, author, pr_git.files, pr_git.co_authors,
                     tuple(r.get("login", "") for r in record.get("reviewers") or () if isinstance(r, Mapping)),
                     pr_git.author_email)
    return build_record(pr, registry, content_root=content_root, hashed=False)


COMPARED = ("merged_at", "author", "co_authors", "partners", "resources", "kinds", "lines_added", "lines_removed")


def verify_history(lines: Sequence[LedgerLine], prs: Sequence[PullRequest], main_line: set[str],
                   registry: Registry, *, path: str, content_root: str = "content",
                   agreed: Any = None, squashes: Collection[str] = (),
                   verdict: Squashes | None = None) -> list[Finding]:
    """Agreement of the records with git: merge shas on the main line, no PR missing, fields recomputed.

    ``agreed``: a set-like cache of keys (line digest + registry fingerprint) of records already
    found in agreement with git; a commit never changes, so neither does that agreement.
    ``squashes``: the single-parent "(#N)" commits among ``prs``; one without a record is missing only
    when ``verdict`` confirms it (GitHub), is left alone when GitHub refutes it, and is reported as an
    unconfirmed possible merge otherwise (LED019), never as a missing record.
    """
    verdict = verdict or Squashes()
    findings: list[Finding] = []
    by_sha = {pr.merge_sha: pr for pr in prs}
    recorded: set[str] = set()
    fingerprint = registry.fingerprint()
    for ln in lines:
        rec = ln.record
        if rec is None:
            continue
        sha = str(rec.get("merge_sha", ""))
        recorded.add(sha)
        key = "git:" + rules.line_key(ln.text + fingerprint)
        if agreed is not None and key in agreed and sha in by_sha:
            continue
        pr_git = by_sha.get(sha)
        if pr_git is None:
            where = "main" if sha in main_line else "absent"
            findings.append(rules.NOT_ON_MAIN.at(path, ln.number, pr=rec.get("pr"), sha=sha[:12],
                                                 reason=rules.reason(where)))
            continue
        if pr_git.number != rec.get("pr"):
            findings.append(rules.DISAGREES.at(path, ln.number, pr=rec.get("pr"), fields="pr",
                                               detail=f"git: #{pr_git.number}"))
            continue
        view = _git_view(pr_git, rec, registry, content_root)
        if pr_git.author is None:  # git could not tell the login: compare the rest
            view["author"] = {"login": (rec.get("author") or {}).get("login"), "partner": view["author"]["partner"]}
        differ = [k for k in COMPARED if view.get(k) != rec.get(k)]
        if differ:
            detail = "; ".join(f"{k}: git {json.dumps(view.get(k), ensure_ascii=False)}" for k in differ[:3])
            findings.append(rules.DISAGREES.at(path, ln.number, pr=rec.get("pr"), fields=", ".join(differ),
                                               detail=detail[:300]))
        elif agreed is not None:
            agreed.add(key)
    position = 0
    for pr in prs:
        if pr.merge_sha in recorded:
            position += 1
            continue
        if pr.merge_sha in squashes and pr.merge_sha not in verdict.confirmed:
            if pr.merge_sha not in verdict.refuted:  # a title proves nothing: say how to ask GitHub
                findings.append(rules.UNCONFIRMED_MERGE.at(path, position + 1, pr=pr.number, sha=pr.merge_sha[:12],
                                                           day=pr.day))
            continue
        credit = registry.credit(pr)
        the_rule = rules.MISSING if credit.partners else rules.MISSING_UNAFFILIATED
        findings.append(the_rule.at(path, position + 1, pr=pr.number, sha=pr.merge_sha[:12], day=pr.day,
                                    partners=", ".join(credit.partners) or "-", line=position + 1))
    return findings


def verify_append_only(old_text: str, new_text: str, *, path: str, commit: str = "") -> list[Finding]:
    """``new_text`` must be ``old_text`` with lines added at the end."""
    if new_text.startswith(old_text) and (not old_text or old_text.endswith("\n")):
        return []
    old_lines, new_lines = old_text.split("\n"), new_text.split("\n")
    line = next((i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b),
                min(len(old_lines), len(new_lines)))
    return [rules.REWRITTEN.at(path, line, commit=commit[:12] or "-", line=line)]


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def ledger_history_findings(repo: Any, ref: str, path: str, cache_dir: Path | None = None, *,
                            reset: bool = False, today: str | None = None) -> list[Finding]:
    """Every commit of ``ref``'s first-parent history that changed the ledger must only append lines;
    and that history must still hold the tip verified last (trust on first use).

    The tip verified last is kept in ``cache_dir`` with the number of records it held and the hash
    of the last one. When ``ref`` (a branch, not a detached HEAD) no longer contains that tip and
    those records changed, the history was rewritten: a force-push whose commits each only append
    (a recomputed hash chain) would pass the append-only check alone (LED020). ``reset`` forgets
    that tip (a rewrite checked by hand)."""
    from open_commons.sources import history as hist

    head = hist.resolve(repo, ref)
    if head is None:
        return []
    name = _ref_name(repo, ref)
    key = hashlib.sha1((name + "\0" + path).encode()).hexdigest()[:12]
    state_file = cache_dir / f"ledger-{key}.json" if cache_dir else None
    state = {} if reset else _tip_state(state_file)
    verified = state.get("tip") if isinstance(state.get("tip"), str) else None
    if verified == head:
        return []
    findings: list[Finding] = []
    revs = [head]
    if verified:
        if hist.resolve(repo, verified) and _is_ancestor(repo, verified, head):
            revs += ["--not", verified]
        elif name != "HEAD" and _records_changed(repo, head, path, state):
            findings.append(rules.HISTORY_REWRITTEN.at(
                path, None, ref=name.removeprefix("refs/heads/"), sha=verified[:12],
                day=str(state.get("day") or "?"), lines=int(state.get("lines") or 0)))
    out = repo.git.log(*revs, "--first-parent", "--diff-merges=first-parent", "--format=\x1e%H", "--numstat",
                       "--no-renames", "--", path)
    sha = ""
    for line in out.split("\n"):  # not splitlines(): it splits on \x1e too
        if line.startswith("\x1e"):
            sha = line[1:]
        elif line.strip():
            parts = line.split("\t")
            if len(parts) >= 3 and parts[1] not in ("0", "-"):
                findings.extend(_rewrite_lines(repo, sha, path))
    if state_file and not findings:
        lines, last = _tip_records(repo, head, path)
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps({"tip": head, "day": today or datetime.now(UTC).date().isoformat(),
                                          "lines": lines, "last": last}), encoding="utf-8")
    return findings


def _ref_name(repo: Any, ref: str) -> str:
    """The full name of ``ref`` (refs/heads/ledger, refs/remotes/origin/ledger), "HEAD" when it is a
    detached HEAD or a commit: a name whose history may move anywhere."""
    try:
        name = str(repo.git.rev_parse("--symbolic-full-name", ref)).strip()
    except Exception:  # noqa: BLE001 - an ambiguous or odd name: treated as detached
        name = ""
    return name if name.startswith("refs/") else "HEAD"


def _is_ancestor(repo: Any, older: str, newer: str) -> bool:
    import git

    try:
        repo.git.merge_base("--is-ancestor", older, newer)
    except git.GitCommandError:
        return False
    return True


def _tip_state(state_file: Path | None) -> dict[str, Any]:
    if not state_file or not state_file.is_file():
        return {}
    try:
        return loads(state_file.read_bytes(), expect=dict)
    except (OSError, ValueError):
        return {}


def _committed_ledger(repo: Any, head: str, path: str) -> str:
    try:
        return str(repo.git.show(f"{head}:{path}"))
    except Exception:  # noqa: BLE001 - no ledger at that commit
        return ""


def _tip_records(repo: Any, head: str, path: str) -> tuple[int, str]:
    """How many records the ledger holds at ``head``, and the hash of the last one (it covers all the
    others through the chain)."""
    lines = [ln for ln in _committed_ledger(repo, head, path).split("\n") if ln.strip()]
    if not lines:
        return 0, ""
    last = parse_text(lines[-1] + "\n")
    record = last[0].record if last else None
    return len(lines), str(record.get("hash", "")) if record is not None else ""


def _records_changed(repo: Any, head: str, path: str, state: Mapping[str, Any]) -> bool:
    """True when the ledger at ``head`` no longer starts with the records verified at the old tip."""
    count = state.get("lines")
    if not isinstance(count, int) or count <= 0:
        return False
    lines = [ln for ln in _committed_ledger(repo, head, path).split("\n") if ln.strip()]
    if len(lines) < count:
        return True
    found = parse_text(lines[count - 1] + "\n")
    record = found[0].record if found else None
    return record is None or record.get("hash") != state.get("last")


def _rewrite_lines(repo: Any, sha: str, path: str) -> list[Finding]:
    diff = repo.git.show(sha, "--format=", "-U0", "--diff-merges=first-parent", "--no-renames", "--", path)
    out = []
    for line in diff.splitlines():
        m = _HUNK.match(line)
        if m and (m.group(2) is None or m.group(2) != "0"):
            out.append(rules.REWRITTEN.at(path, int(m.group(1)), commit=sha[:12], line=int(m.group(1))))
    return out or [rules.REWRITTEN.at(path, None, commit=sha[:12], line="?")]


GITHUB_CHUNK = 100  # records checked (and their agreement saved) at a time: an interrupted run keeps its progress


def verify_with_github(lines: Sequence[LedgerLine], github: GitHubFacts, registry: Registry, *, path: str,
                       reviews_from: str = "writers", agreed: Any = None, facts: Mapping[int, PullFacts] | None = None,
                       save: Callable[[], None] | None = None) -> tuple[list[Finding], int, int]:
    """Each record against GitHub (``rules.ledger.check_with_github``): its pull request read (or listed),
    its reviews listed when it credits reviewers, each reviewer's permission read once. A record found in
    agreement is kept in ``agreed`` (key: its line, the registry, the policy, the repository) and ``save``
    called after each chunk, so that a later (or interrupted) run asks only about the records not yet
    confirmed. ``facts``: answers already had. Returns the findings, the records asked about and those
    confirmed before."""
    fingerprint = registry.fingerprint() + "\0" + reviews_from + "\0" + github.repository.lower()
    todo: list[tuple[LedgerLine, int, str]] = []
    before = 0
    for ln in lines:
        rec = ln.record
        if rec is None or type(rec.get("pr")) is not int:
            continue
        key = "gh:" + rules.line_key(ln.text + fingerprint)
        if agreed is not None and key in agreed:
            before += 1
            continue
        todo.append((ln, int(rec["pr"]), key))
    if not todo:
        return [], 0, before
    known = dict(facts or {})
    missing = {n for _ln, n, _key in todo if n not in known}
    if missing:
        known.update(github.pulls(missing))
    findings: list[Finding] = []
    for start in range(0, len(todo), GITHUB_CHUNK):
        chunk = todo[start:start + GITHUB_CHUNK]
        reviewed = {n for ln, n, _key in chunk if ln.record is not None and ln.record.get("reviewers")
                    and n in known and known[n].merged}
        ask = {n for n in reviewed if known[n].approvers is None}
        if ask:
            for n, logins in github.approvals(ask).items():
                known[n] = replace(known[n], approvers=tuple(logins))
        records = [ln.record for ln, _n, _key in chunk if ln.record is not None]
        permissions = github.permissions(sorted(rules.permissions_to_ask(records, known, registry, reviews_from)))
        found = rules.check_with_github([ln for ln, _n, _key in chunk], known, permissions, path=path,
                                        repository=github.repository, registry=registry, reviews_from=reviews_from)
        findings += found
        if agreed is not None:
            flagged = {f.line for f in found}
            for ln, n, key in chunk:
                if ln.number not in flagged and n in known:
                    agreed.add(key)
            if save is not None:
                save()
    return findings, len(todo), before


def verify(root: Path, *, config: Any, registry: Registry, ledger_path: str, ref: str = "HEAD",
           ledger_ref: str | None = None, cache: bool | Path = True, history_check: bool = True,
           text: str | None = None, schema: Mapping[str, Any] | None = None, github: GitHubFacts | None = None,
           reset_trust: bool = False) -> VerifyResult:
    """Everything: the text (schema, chain, order, credit), the file's history (append-only, not
    rewritten), agreement with git and, given ``github``, with GitHub (merged, merge commit, author,
    reviewers; the single-parent "(#N)" commits without a record)."""
    from open_commons.sources import history as hist

    repo = hist.open_repo(root)
    cache_dir = (hist.default_cache_dir(repo) if cache is True else Path(cache) if cache else None)
    if text is None:
        if ledger_ref:
            try:
                text = repo.git.show(f"{ledger_ref}:{ledger_path}") + "\n"
            except Exception as err:
                raise GitError(f"cannot read {ledger_path} at {ledger_ref}") from err
            text = text.rstrip("\n") + "\n" if text.strip() else ""
        else:
            text = read_text(root / ledger_path)
    result = VerifyResult()
    lines = parse_text(text)
    result.records = sum(1 for ln in lines if ln.record is not None)
    valid = _valid_cache(cache_dir)
    result.findings += rules.check_text(text, ledger_path, registry, schema, valid_cache=valid)
    if valid is not None:
        valid.save()  # the rules only add to it: the store is written here
    if history_check:
        result.findings += ledger_history_findings(repo, ledger_ref or ref, ledger_path, cache_dir,
                                                   reset=reset_trust)
        if not ledger_ref:
            try:
                committed = repo.git.show(f"{ref}:{ledger_path}")
                committed = committed + "\n" if committed else ""
            except Exception:  # noqa: BLE001 - not committed yet
                committed = ""
            result.findings += verify_append_only(committed, text, path=ledger_path, commit="worktree")
    owner = repository_owner(config.settings.repository if config else None)
    merged = hist.merged_pull_requests(repo, ref, cache_dir, owner, registry.login_for_email)
    result.commits_read = merged.commits_read
    result.prs_in_history = len(merged.prs)
    content_root = config.content_root if config else "content"
    recorded = {str(ln.record.get("merge_sha", "")) for ln in lines if ln.record is not None}
    verdict, facts = proven_squashes(merged.prs, merged.squashes, github, known=recorded, cache=valid)
    result.findings += verify_history(lines, merged.prs, merged.main, registry, path=ledger_path,
                                      content_root=content_root, agreed=valid, squashes=merged.squashes,
                                      verdict=verdict)
    if github is not None:
        reviews_from = config.settings.ledger.reviews_from if config else "writers"
        found, result.asked, result.confirmed_before = verify_with_github(
            lines, github, registry, path=ledger_path, reviews_from=reviews_from, agreed=valid, facts=facts,
            save=valid.save if valid is not None else None)
        result.findings += found
        result.github = True
    if valid is not None:
        valid.save()
    result.findings.sort(key=lambda f: (f.line or 0, f.code))
    return result


class _ValidCache:
    """Hashes of lines that already passed the schema (kept in the cache folder)."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.known: set[str] = set()
        self.dirty = False
        if file and file.is_file():
            try:
                self.known = {k for k in loads(file.read_bytes(), expect=list) if isinstance(k, str)}
            except (OSError, ValueError):
                self.known = set()

    def __contains__(self, key: str) -> bool:
        return key in self.known

    def add(self, key: str) -> None:
        self.known.add(key)
        self.dirty = True

    def save(self) -> None:
        if self.file and self.dirty:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_suffix(".tmp")
            tmp.write_text(json.dumps(sorted(self.known)), encoding="utf-8")
            os.replace(tmp, self.file)


def _valid_cache(cache_dir: Path | None) -> _ValidCache | None:
    return _ValidCache(cache_dir / "ledger-valid.json") if cache_dir else None


def rebuild(root: Path, *, config: Any, registry: Registry, ref: str = "HEAD", cache: bool | Path = True,
            reviewers: Mapping[int, Sequence[str]] | None = None, github: GitHubFacts | None = None,
            recorded: Collection[tuple[int, str]] = (), left_out: list[PullRequest] | None = None) -> str:
    """The ledger git history gives: merge commits, and the single-parent "(#N)" commits that GitHub
    confirms (``github``) or that a record already holds (``recorded``: (PR, merge sha) pairs, as
    ``rebuild --check`` compares with the ledger); those nobody could confirm are added to ``left_out``
    (those GitHub refutes are no merge at all). A squash merge
    GitHub confirms is credited to the author GitHub names."""
    from open_commons.sources import history as hist

    repo = hist.open_repo(root)
    cache_dir = hist.default_cache_dir(repo) if cache is True else (Path(cache) if cache else None)
    owner = repository_owner(config.settings.repository if config else None)
    merged = hist.merged_pull_requests(repo, ref, cache_dir, owner, registry.login_for_email)
    pairs = set(recorded)
    known = {pr.merge_sha for pr in merged.prs if (pr.number, pr.merge_sha) in pairs}
    valid = _valid_cache(cache_dir)
    verdict, facts = proven_squashes(merged.prs, merged.squashes, github, known=known, cache=valid)
    if valid is not None:
        valid.save()
    prs = []
    for pr in merged.prs:
        if pr.merge_sha in known or verdict.counts(pr.merge_sha, merged.squashes):
            found = facts.get(pr.number)
            if found is not None and found.author and pr.merge_sha in verdict.confirmed:
                pr = replace(pr, author=found.author)
            prs.append(pr)
        elif left_out is not None and pr.merge_sha in verdict.unconfirmed:
            left_out.append(pr)
    return rebuild_text(prs, registry, content_root=config.content_root if config else "content", reviewers=reviewers)


Progress = Callable[[str], None]


def collect(root: Path, config: Any, *, source: str = "both", ref: str = "HEAD",
            cache: bool | Path = True, problems: list[Finding] | None = None, github: GitHubFacts | None = None,
            left_out: list[PullRequest] | None = None,
            ) -> tuple[list[Mapping[str, Any]], list[Any], dict[str, int]]:
    """The records an audit reads: the ledger's, and (``both``/``history``) the merged PRs that git
    history shows and the ledger lacks. Returns (records, partners, records used per source).

    From history, only what ``verify`` calls a merged PR counts: a merge commit, or a single-parent
    commit whose subject ends in "(#N)" that GitHub (``github``) confirms is PR #N's merge; the others
    (a partner's own commit, rebased or fast-forwarded, looks the same) are added to ``left_out``.
    Ledger lines that cannot be counted (unreadable, not following the schema) are left out and
    added to ``problems`` as findings."""
    from open_commons.sources import history as hist
    from open_commons.sources.partners import load_mailmap, load_partners

    partners = load_partners(root, config)
    registry = Registry(partners, load_mailmap(root))
    records: list[Mapping[str, Any]] = []
    if source in ("both", "ledger"):
        from open_commons.sources.ledger_branch import read_ledger

        rel = config.settings.ledger.path
        text = read_ledger(root, config).text  # the working tree's ledger, else the ledger branch's
        records, found = usable_records(text, rel)
        if problems is not None:
            problems.extend(found)
    used = {"ledger": len(records), "history": 0}
    if source in ("both", "history"):
        try:
            repo = hist.open_repo(root)
        except GitError:
            if source == "history":
                raise
            return records, partners, used
        cache_dir = hist.default_cache_dir(repo) if cache is True else (Path(cache) if cache else None)
        known = {str(r.get("merge_sha")) for r in records}
        owner = repository_owner(config.settings.repository)
        merged = hist.merged_pull_requests(repo, ref, cache_dir, owner, registry.login_for_email)
        valid = _valid_cache(cache_dir)
        verdict, facts = proven_squashes(merged.prs, merged.squashes, github, known=known, cache=valid)
        if valid is not None:
            valid.save()
        for pr in merged.prs:
            if pr.merge_sha in known:
                continue
            if not verdict.counts(pr.merge_sha, merged.squashes):
                if left_out is not None and pr.merge_sha not in verdict.refuted:
                    left_out.append(pr)
                continue
            said = facts.get(pr.number)
            if said is not None and said.author:
                pr = replace(pr, author=said.author)
            records.append(build_record(pr, registry, content_root=config.content_root))
            used["history"] += 1
    return records, partners, used
