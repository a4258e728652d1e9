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

``record_file`` appends under a file lock; ``verify`` adds agreement with git history;
``rebuild`` makes the ledger of a commons from its history.
"""

# i18n-catalog: ledger

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
                   agreed: Any = None) -> list[Finding]:
    """Agreement of the records with git: merge shas on the main line, no PR missing, fields recomputed.

    ``agreed``: a set-like cache of keys (line digest + registry fingerprint) of records already
    found in agreement with git; a commit never changes, so neither does that agreement.
    """
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
    shas_in_order = [pr.merge_sha for pr in prs]
    for pr in prs:
        if pr.merge_sha in recorded:
            position += 1
            continue
        credit = registry.credit(pr)
        the_rule = rules.MISSING if credit.partners else rules.MISSING_UNAFFILIATED
        findings.append(the_rule.at(path, position + 1, pr=pr.number, sha=pr.merge_sha[:12], day=pr.day,
                                    partners=", ".join(credit.partners) or "-", line=position + 1))
    del shas_in_order
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


def ledger_history_findings(repo: Any, ref: str, path: str, cache_dir: Path | None = None) -> list[Finding]:
    """Every commit of ``ref``'s first-parent history that changed the ledger must only append lines."""
    from open_commons.sources import history as hist

    head = hist.resolve(repo, ref)
    if head is None:
        return []
    state_file = cache_dir / f"ledger-{hashlib.sha1(path.encode()).hexdigest()[:12]}.json" if cache_dir else None
    revs = [head]
    if state_file and state_file.is_file():
        try:
            verified = loads(state_file.read_bytes(), expect=dict).get("tip")
        except (OSError, ValueError):
            verified = None
        if verified == head:
            return []
        if verified and hist.resolve(repo, verified):
            revs += ["--not", verified]
    out = repo.git.log(*revs, "--first-parent", "--diff-merges=first-parent", "--format=\x1e%H", "--numstat",
                       "--no-renames", "--", path)
    findings: list[Finding] = []
    sha = ""
    for line in out.split("\n"):  # not splitlines(): it splits on \x1e too
        if line.startswith("\x1e"):
            sha = line[1:]
        elif line.strip():
            parts = line.split("\t")
            if len(parts) >= 3 and parts[1] not in ("0", "-"):
                findings.extend(_rewrite_lines(repo, sha, path))
    if state_file and not findings:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps({"tip": head}), encoding="utf-8")
    return findings


def _rewrite_lines(repo: Any, sha: str, path: str) -> list[Finding]:
    diff = repo.git.show(sha, "--format=", "-U0", "--diff-merges=first-parent", "--no-renames", "--", path)
    out = []
    for line in diff.splitlines():
        m = _HUNK.match(line)
        if m and (m.group(2) is None or m.group(2) != "0"):
            out.append(rules.REWRITTEN.at(path, int(m.group(1)), commit=sha[:12], line=int(m.group(1))))
    return out or [rules.REWRITTEN.at(path, None, commit=sha[:12], line="?")]


def verify(root: Path, *, config: Any, registry: Registry, ledger_path: str, ref: str = "HEAD",
           ledger_ref: str | None = None, cache: bool | Path = True, history_check: bool = True,
           text: str | None = None, schema: Mapping[str, Any] | None = None) -> VerifyResult:
    """Everything: the text (schema, chain, order, credit), the file's history and agreement with git."""
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
        result.findings += ledger_history_findings(repo, ledger_ref or ref, ledger_path, cache_dir)
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
    result.findings += verify_history(lines, merged.prs, merged.main, registry, path=ledger_path,
                                      content_root=content_root, agreed=valid)
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
            reviewers: Mapping[int, Sequence[str]] | None = None) -> str:
    from open_commons.sources import history as hist

    repo = hist.open_repo(root)
    cache_dir = hist.default_cache_dir(repo) if cache is True else (Path(cache) if cache else None)
    owner = repository_owner(config.settings.repository if config else None)
    prs = hist.merged_pull_requests(repo, ref, cache_dir, owner, registry.login_for_email).prs
    return rebuild_text(prs, registry, content_root=config.content_root if config else "content", reviewers=reviewers)


Progress = Callable[[str], None]


def collect(root: Path, config: Any, *, source: str = "both", ref: str = "HEAD",
            cache: bool | Path = True, problems: list[Finding] | None = None,
            ) -> tuple[list[Mapping[str, Any]], list[Any], dict[str, int]]:
    """The records an audit reads: the ledger's, and (``both``/``history``) the merged PRs that git
    history shows and the ledger lacks. Returns (records, partners, records used per source).

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
        from open_commons.sources.gitrun import Git

        git = Git(root)
        has_ledger = bool(records)
        for pr in hist.merged_pull_requests(repo, ref, cache_dir, owner, registry.login_for_email).prs:
            if pr.merge_sha in known:
                continue
            # beside a ledger, only a merge commit is proof of a merged PR: a single-parent commit whose
            # subject ends in "(#N)" may be a partner's own commit, rebased or fast-forwarded
            if has_ledger and not git.ok("rev-parse", "--verify", "-q", f"{pr.merge_sha}^2"):
                continue
            records.append(build_record(pr, registry, content_root=config.content_root))
            used["history"] += 1
    return records, partners, used
