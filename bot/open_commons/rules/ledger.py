# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""LED: the contribution ledger (ledger/contributions.jsonl).

``check_text`` is pure (a text in, findings out) and runs in ``commons check`` and in the bot;
the rules about agreement with git (LED010-LED014, LED019, LED020) are produced by ``commons ledger
verify`` (``open_commons.ledger.verify``), which reads history; those about agreement with GitHub
(LED015-LED018) by ``check_with_github``, pure too: ``verify`` with a token gives it GitHub's answers
as values (``PullFacts``, permissions).
"""

# i18n-catalog: ledger

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema import Draft202012Validator

from open_commons.i18n import N_
from open_commons.identity import Registry
from open_commons.model import Commons, Finding, Message, Severity, msg
from open_commons.model.ledger import (
    GENESIS,
    CoAuthor,
    LedgerLine,
    PullFacts,
    PullRequest,
    canonical,
    parse_text,
    record_hash,
)
from open_commons.rules.registry import check, rule

F = "ledger"
_VERIFY = N_("Run `commons ledger verify` to see every problem; never edit a record by hand: "
             "`commons ledger rebuild --from-git` rebuilds the ledger from history.")

UNREADABLE = rule(
    "LED001", "ledger-unreadable-line", Severity.ERROR, family=F,
    title=N_("Ledger line is not a JSON record"),
    message=N_("this line is not a JSON record: {detail}"),
    fix=_VERIFY,
    why=N_("Each line of the ledger is one record in canonical JSON; a broken line breaks the hash chain."),
    example=N_("an empty line, or a record cut in two"),
)
SCHEMA = rule(
    "LED002", "ledger-schema", Severity.ERROR, family=F,
    title=N_("Ledger record does not follow its schema"),
    message=N_("record of PR #{pr}: {problem}"),
    fix=_VERIFY,
    why=N_("The audit and the bot read every record the same way (schemas/ledger-entry.schema.json)."),
    example=N_("a record without merge_sha"),
)
CHAIN = rule(
    "LED003", "ledger-chain-broken", Severity.ERROR, family=F,
    title=N_("Hash chain broken"),
    message=N_("'prev' does not match the hash of the record before: line {previous} was changed, "
               "or a record was removed, inserted or moved before this line"),
    fix=_VERIFY,
    why=N_("Each record holds the hash of the one before, so that no record can be removed or "
           "changed without it showing."),
    example=N_("line 4 deleted: line 5 now follows line 3 with the wrong 'prev'"),
)
TAMPERED = rule(
    "LED004", "ledger-record-tampered", Severity.ERROR, family=F,
    title=N_("Record changed after it was written"),
    message=N_("the record of PR #{pr} does not match its own hash: it was changed after it was written"),
    fix=_VERIFY,
    why=N_("A record's hash covers every field: a changed partner, author or line count shows."),
    example=N_("'partners' edited by hand from [a] to [b]"),
)
DUPLICATE = rule(
    "LED005", "ledger-duplicate-record", Severity.ERROR, family=F,
    title=N_("Pull request recorded twice"),
    message=N_("PR #{pr} is already recorded on line {first}"),
    fix=_VERIFY,
    why=N_("One merged PR is one record: a second one would count the contribution twice."),
    example=N_("a re-delivered merge event appended again"),
)
SEQUENCE = rule(
    "LED006", "ledger-sequence", Severity.ERROR, family=F,
    title=N_("Record out of place"),
    message=N_("the record says it is number {seq} but stands on line {line}"),
    fix=_VERIFY,
    why=N_("Records are numbered by their line: a removed or inserted line shows."),
    example=N_("line 3 removed: the record numbered 4 is now on line 3"),
)
ORDER = rule(
    "LED007", "ledger-order", Severity.WARNING, family=F,
    title=N_("Record older than the one before"),
    message=N_("PR #{pr} was merged on {merged_at}, before the record above it ({previous})"),
    fix=N_("Nothing to do if a merge was recorded late (a re-delivered event); otherwise run "
           "`commons ledger verify`."),
    why=N_("Records are appended in merge order; a late one is normal only after a missed event."),
    example=N_("PR #12 merged in March recorded after PR #14 merged in April"),
)
CREDIT = rule(
    "LED008", "ledger-credit-mismatch", Severity.ERROR, family=F,
    title=N_("Credit differs from the partner registry"),
    message=N_("record of PR #{pr}: '{field}' says {recorded}, the partner registry says {expected} on {day}"),
    fix=N_("If the registry is right, the record was altered: run `commons ledger verify`. If a "
           "partner file changed its dates after the merge, restore the dates that held on that day."),
    why=N_("Credit is recomputed from the PR author's login and the registry on the day of the merge, "
           "never trusted from the record."),
    example=N_("'partners: [fabrique-roubaix]' for a PR by a login registered to another partner"),
)
NOT_CANONICAL = rule(
    "LED009", "ledger-not-canonical", Severity.ERROR, family=F,
    title=N_("Record not written in canonical form"),
    message=N_("the record of PR #{pr} is not in canonical JSON (sorted keys, no spaces)"),
    fix=_VERIFY,
    why=N_("The hash is computed on the canonical form: a record rewritten by another tool may hide a change."),
    example=N_("a record reformatted with spaces after the colons"),
)
NOT_ON_MAIN = rule(
    "LED010", "ledger-extra-record", Severity.ERROR, family=F,
    title=N_("Record of a merge that is not in history"),
    message=N_("PR #{pr}: merge {sha}: {reason}"),
    fix=N_("Remove nothing by hand: check that you verify the right branch (--ref), then run "
           "`commons ledger rebuild --from-git` and compare."),
    why=N_("Every record stands for a merge on the main line; a record without one credits work "
           "that was never merged."),
    example=N_("a record whose merge_sha is on a feature branch"),
)
MISSING = rule(
    "LED011", "ledger-missing-record", Severity.ERROR, family=F,
    title=N_("Merged partner PR without a record"),
    message=N_("PR #{pr} (merge {sha}, {day}) by {partners} has no record; it belongs at line {line}"),
    fix=N_("Record it: `commons ledger record --pr {pr} --merge-sha {sha}` (the bot does it on merge)."),
    why=N_("A partner's contribution that is not in the ledger is missing from its reciprocity audit."),
    example=N_("the bot was down when the PR was merged"),
)
MISSING_UNAFFILIATED = rule(
    "LED012", "ledger-missing-unaffiliated", Severity.WARNING, family=F,
    title=N_("Merged PR without a record"),
    message=N_("PR #{pr} (merge {sha}, {day}) has no record (its author belongs to no partner); it belongs at line {line}"),
    fix=N_("Record it: `commons ledger record --pr {pr} --merge-sha {sha}`."),
    why=N_("The ledger records every merged PR, so that the commons' diversity can be measured."),
    example=N_("a PR by an individual contributor merged while the bot was down"),
)
DISAGREES = rule(
    "LED013", "ledger-disagrees-with-git", Severity.ERROR, family=F,
    title=N_("Record disagrees with git history"),
    message=N_("record of PR #{pr}: {fields} differ from what git history says ({detail})"),
    fix=N_("The record was altered or made from wrong data: run `commons ledger rebuild --from-git` "
           "and compare with the ledger."),
    why=N_("Partner, author, files and line counts are recomputed from git, never trusted from the record."),
    example=N_("lines_added raised from 12 to 1200 and the hash chain recomputed"),
)
REWRITTEN = rule(
    "LED014", "ledger-rewritten", Severity.ERROR, family=F,
    title=N_("Ledger rewritten instead of appended"),
    message=N_("commit {commit} changed or removed existing lines of the ledger (from line {line}): "
               "the ledger is append-only"),
    fix=N_("Revert that commit; records are only ever appended (`commons ledger record`)."),
    why=N_("A ledger rewritten with a recomputed hash chain would look valid: its history proves it "
           "only grew."),
    example=N_("a commit that edits line 3 and recomputes the hashes of lines 3 to 40"),
)

NOT_MERGED_ON_GITHUB = rule(
    "LED015", "ledger-pr-not-merged-on-github", Severity.ERROR, family=F,
    title=N_("Record of a pull request GitHub did not merge"),
    message=N_("PR #{pr}: {reason}"),
    fix=N_("Check that you verify the right repository (--repo); otherwise the record was invented or "
           "altered: find the commit of the ledger branch that added it and revert it."),
    why=N_("Every record stands for a pull request GitHub merged; GitHub keeps that fact where a pusher "
           "cannot rewrite it."),
    example=N_("a record of PR #57 while #57 is an issue, or a pull request closed without merge"),
)
DISAGREES_GITHUB = rule(
    "LED016", "ledger-disagrees-with-github", Severity.ERROR, family=F,
    title=N_("Record disagrees with GitHub"),
    message=N_("record of PR #{pr}: {fields} differ from what GitHub says ({detail})"),
    fix=N_("The record was altered or made from wrong data: compare it with the pull request on GitHub, "
           "then find the commit of the ledger branch that wrote it."),
    why=N_("The merge commit and the author of a pull request are facts GitHub keeps: a ledger rewritten "
           "with a recomputed hash chain cannot change them."),
    example=N_("a record whose author is another login than the pull request's"),
)
REVIEWER_NOT_APPROVING = rule(
    "LED017", "ledger-reviewer-without-approval", Severity.ERROR, family=F,
    title=N_("Reviewer credited without an approving review"),
    message=N_("record of PR #{pr} credits {login} as a reviewer, but GitHub shows no approving review "
               "by {login} on that pull request"),
    fix=N_("The reviewer was invented or the record altered: find the commit of the ledger branch that "
           "wrote this record and revert it; only the bot records reviewers, from the approvals GitHub shows."),
    why=N_("A review counts as a partner's activity in the reciprocity audit: only an approval that GitHub "
           "shows on the pull request is credited."),
    example=N_("a ledger force-pushed with reviewers added to old records and the hash chain recomputed"),
)
REVIEWER_NOT_ALLOWED = rule(
    "LED018", "ledger-reviewer-without-write-access", Severity.WARNING, family=F,
    title=N_("Reviewer credited without the right to review"),
    message=N_("record of PR #{pr} credits {login} as a reviewer: {login} approved it but {reason}"),
    fix=N_("If {login} had write access when the pull request was merged and lost it since, nothing is wrong. "
           "Otherwise the approval of someone with read access only was credited: the bot no longer does "
           "so; find the commit of the ledger branch that wrote this record."),
    why=N_("Anyone who can read a repository can approve a pull request; only the approval of someone with "
           "write access (or, when ledger.reviews_from allows it, of a validated partner's person) is a "
           "review that counts. GitHub tells today's access only: hence a warning."),
    example=N_("an approval by a partner's employee with read access, credited to that partner"),
)
UNCONFIRMED_MERGE = rule(
    "LED019", "ledger-unconfirmed-merge", Severity.WARNING, family=F,
    title=N_("Commit titled like a squash merge, not confirmed"),
    message=N_("commit {sha} ({day}) is titled like the squash merge of PR #{pr} and has no record; nothing "
               "proves it is one: a commit pushed, rebased or fast-forwarded onto the main line can end its "
               "title in (#{pr}) too"),
    fix=N_("Ask GitHub: run `commons ledger verify` with a token (--token or GITHUB_TOKEN); if GitHub confirms "
           "it, the record is reported missing and can be recorded with "
           "`commons ledger record --pr {pr} --merge-sha {sha}`."),
    why=N_("Only a real merged pull request counts: a merge commit, or a squash merge GitHub confirms. A "
           "title ending in (#N) proves nothing, and counting it would make a dormant partner look active."),
    example=N_("a partner's own commit \"Update guide (#12)\" rebased onto main"),
)
HISTORY_REWRITTEN = rule(
    "LED020", "ledger-history-rewritten", Severity.ERROR, family=F,
    title=N_("Ledger history rewritten (force-pushed)"),
    message=N_("the history of {ref} no longer contains {sha}, verified on {day}, and the first {lines} "
               "record(s) verified then changed: it was rewritten (force-pushed)"),
    fix=N_("Find out who rewrote it: GitHub's activity log of the branch (Insights > Activity, or the "
           "organisation's audit log) shows the force-push; compare `git log {sha}` (if you still have it) "
           "with the branch. Restore the history verified before and append the records made since, then "
           "protect the branch against force-pushes (a ruleset). If you made and checked the rewrite "
           "yourself, `commons ledger verify --reset-trust` trusts the new history."),
    why=N_("A rewritten history where every commit only appends, with a recomputed hash chain, looks valid; "
           "the tip verified last is remembered, and its records must stay as they were."),
    example=N_("the ledger branch force-pushed with reviewers added to old records"),
)

_REASONS = {
    "main": N_("this commit is on the main line but is not the merge of that pull request"),
    "absent": N_("no such merge on the main line"),
    "no-pull": N_("GitHub has no pull request with this number"),
    "not-merged": N_("GitHub says this pull request was not merged"),
    "no-write": N_("has no write access to {repo} (today)"),
    "no-write-partner": N_("has no write access to {repo} (today) and was no validated partner's person on {day}"),
}


def reason(key: str, **params: object) -> Message:
    return msg(_REASONS[key], **params)


_validator: Draft202012Validator | None = None


_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_KEYS = frozenset(("v", "seq", "pr", "merge_sha", "merged_at", "author", "co_authors", "partners", "reviewers",
                   "resources", "kinds", "lines_added", "lines_removed", "prev", "hash"))
_KINDS = frozenset(("new-resource", "improvement", "translation", "fix", "template", "removal", "other"))
_CHANGES = frozenset(("added", "modified", "renamed", "removed"))


def _int(value: Any, minimum: int) -> bool:
    return type(value) is int and value >= minimum


def _text(value: Any, min_length: int = 0) -> bool:
    return type(value) is str and len(value) >= min_length


def _slug(value: Any) -> bool:
    return type(value) is str and _SLUG.search(value) is not None


def fast_valid(r: Mapping[str, Any]) -> bool:
    """True only when the record surely follows schemas/ledger-entry.schema.json (stricter, much faster
    than jsonschema); a record it refuses is checked by jsonschema for the message."""
    try:
        if set(r) != _KEYS or not (_int(r["v"], 1) and r["v"] == 1 and _int(r["seq"], 1) and _int(r["pr"], 1)):
            return False
        if not (_text(r["merge_sha"]) and _SHA.search(r["merge_sha"]) and _text(r["merged_at"])
                and _STAMP.search(r["merged_at"]) and _text(r["prev"]) and _SHA256.search(r["prev"])
                and _text(r["hash"]) and _SHA256.search(r["hash"])):
            return False
        if not (_int(r["lines_added"], 0) and _int(r["lines_removed"], 0)):
            return False
        a = r["author"]
        if not (type(a) is dict and set(a) == {"login", "partner"} and (a["login"] is None or _text(a["login"], 1))
                and (a["partner"] is None or _slug(a["partner"]))):
            return False
        for c in r["co_authors"] if type(r["co_authors"]) is list else [None]:
            if not (type(c) is dict and set(c) == {"name", "email", "partner"} and _text(c["name"])
                    and _text(c["email"], 3) and _slug(c["partner"])):
                return False
        p = r["partners"]
        if not (type(p) is list and all(_slug(x) for x in p) and len(set(p)) == len(p)):
            return False
        for v in r["reviewers"] if type(r["reviewers"]) is list else [None]:
            if not (type(v) is dict and set(v) == {"login", "partner"} and _text(v["login"], 1)
                    and (v["partner"] is None or _slug(v["partner"]))):
                return False
        for res in r["resources"] if type(r["resources"]) is list else [None]:
            if not (type(res) is dict and {"path", "change"} <= set(res) <= {"id", "path", "change", "previous_path"}
                    and _text(res["path"], 1) and res["change"] in _CHANGES
                    and ("id" not in res or _text(res["id"], 1))
                    and ("previous_path" not in res or _text(res["previous_path"], 1))):
                return False
        k = r["kinds"]
        return type(k) is list and all(type(x) is str and x in _KINDS for x in k) and len(set(k)) == len(k)
    except (KeyError, TypeError):
        return False


def schema_errors(record: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    global _validator
    if fast_valid(record):
        return []
    if _validator is None or _validator.schema is not schema:
        _validator = Draft202012Validator(schema)
    out = []
    for error in sorted(_validator.iter_errors(record), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path) or "record"
        out.append(f"{where}: {error.message}"[:200])
    return out


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _expected_credit(record: Mapping[str, Any], registry: Registry) -> dict[str, Any]:
    # a record may hold anything (the schema reports it): only well-typed values are used here
    # (tests/fuzz/test_ledger_fuzz.py once crashed it with "pr": "un", "login": 7, "co_authors": 5)
    found = record.get("author")
    author: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    number = record.get("pr")
    login = author.get("login")
    pr = PullRequest(
        number if isinstance(number, int) else 0, str(record.get("merge_sha", "")), str(record.get("merged_at", "")),
        login if isinstance(login, str) else None,
        co_authors=tuple(CoAuthor(str(c.get("name", "")), str(c.get("email", "")))
                         for c in _listed(record.get("co_authors")) if isinstance(c, Mapping)),
        reviewers=tuple(str(r.get("login", "")) for r in _listed(record.get("reviewers")) if isinstance(r, Mapping)),
    )
    credit = registry.credit(pr)
    expected: dict[str, Any] = {
        "author.partner": credit.author_partner,
        "co_authors": [{"name": c.name, "email": c.email, "partner": p} for c, p in credit.co_authors],
        "partners": list(credit.partners),
        "reviewers": [{"login": lg, "partner": p} for lg, p in credit.reviewers],
    }
    if author.get("login") is None:  # rebuilt from history without a login: git decides
        expected.pop("author.partner")
        expected.pop("partners")
        expected.pop("co_authors")
    return expected


def _recorded(record: Mapping[str, Any], field: str) -> Any:
    if field == "author.partner":
        author = record.get("author")
        return author.get("partner") if isinstance(author, Mapping) else None
    return record.get(field)


def line_key(text: str) -> str:
    """A short digest of a ledger line (the key of the verification caches)."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def check_text(text: str, path: str, registry: Registry | None = None, schema: Mapping[str, Any] | None = None,
               *, valid_cache: Any = None) -> list[Finding]:
    """Every problem of a ledger text that needs no git: lines, schema, hashes, chain, order, credit."""
    import json

    findings: list[Finding] = []
    prev: str | None = GENESIS
    previous_line = 0
    first_line_of: dict[Any, int] = {}
    last_merged = ""
    sequence_reported = False
    for ln in parse_text(text):
        rec = ln.record
        if rec is None:
            findings.append(UNREADABLE.at(path, ln.number, detail=ln.error or "empty line"))
            prev = None
            previous_line = ln.number
            continue
        pr = rec.get("pr", "?")
        if isinstance(pr, (list, dict)):  # unhashable (found by tests/fuzz/test_ledger_fuzz.py)
            pr = json.dumps(pr)[:40]
        key = ln.text
        if valid_cache is None or key not in valid_cache:
            errors = schema_errors(rec, schema) if schema is not None else []
            for problem in errors[:3]:
                findings.append(SCHEMA.at(path, ln.number, pr=pr, problem=problem))
            is_canonical = canonical(rec) == ln.text
            if not is_canonical:
                findings.append(NOT_CANONICAL.at(path, ln.number, pr=pr))
            own = rec.get("hash") == record_hash(rec)
            if not own:
                findings.append(TAMPERED.at(path, ln.number, pr=pr))
            if valid_cache is not None and not errors and own and is_canonical:
                valid_cache.add(key)
        if prev is not None and rec.get("prev") != prev:
            findings.append(CHAIN.at(path, ln.number, previous=previous_line or 1))
        prev = rec.get("hash") if isinstance(rec.get("hash"), str) else None
        previous_line = ln.number
        if rec.get("seq") != ln.number and not sequence_reported:
            findings.append(SEQUENCE.at(path, ln.number, seq=rec.get("seq"), line=ln.number))
            sequence_reported = True
        if pr in first_line_of:
            findings.append(DUPLICATE.at(path, ln.number, pr=pr, first=first_line_of[pr]))
        else:
            first_line_of[pr] = ln.number
        merged = str(rec.get("merged_at", ""))
        if merged and last_merged and merged < last_merged:
            findings.append(ORDER.at(path, ln.number, pr=pr, merged_at=merged, previous=last_merged))
        last_merged = max(last_merged, merged)
        if registry is not None:
            day = merged[:10]
            for field, value in _expected_credit(rec, registry).items():
                if _recorded(rec, field) != value:
                    findings.append(CREDIT.at(path, ln.number, pr=pr, field=field, day=day,
                                              recorded=json.dumps(_recorded(rec, field), ensure_ascii=False),
                                              expected=json.dumps(value, ensure_ascii=False)))
    return findings


# --- agreement with GitHub (``commons ledger verify`` with a token gives the facts) -------------------

WRITERS = ("admin", "maintain", "write")  # the permissions whose approval is a review that counts
PARTNER_REVIEWS = "writers-and-partners"  # ledger.reviews_from: also a validated partner's people


def partner_reviewer(registry: Registry | None, login: str, day: str) -> bool:
    """True when ``login`` is a person of a partner validated on ``day`` (whose approval counts when
    ledger.reviews_from is ``writers-and-partners``)."""
    if registry is None:
        return False
    return registry.creditable(registry.by_login(login, day).partner, day) is not None


def _reviewer_logins(record: Mapping[str, Any]) -> list[str]:
    return [str(r["login"]) for r in _listed(record.get("reviewers"))
            if isinstance(r, Mapping) and isinstance(r.get("login"), str) and r["login"]]


def _number(record: Mapping[str, Any]) -> int | None:
    pr = record.get("pr")
    return pr if type(pr) is int else None


def permissions_to_ask(records: Iterable[Mapping[str, Any]], facts: Mapping[int, PullFacts],
                       registry: Registry | None, reviews_from: str) -> set[str]:
    """The reviewers (lower case) whose permission ``check_with_github`` needs: those who approved and
    whom the policy does not already let review as a partner's person."""
    out: set[str] = set()
    for rec in records:
        number = _number(rec)
        found = facts.get(number) if number is not None else None
        if found is None or found.approvers is None:
            continue
        day = str(rec.get("merged_at", ""))[:10]
        for login in _reviewer_logins(rec):
            if login.lower() in found.approvers and not (
                    reviews_from == PARTNER_REVIEWS and partner_reviewer(registry, login, day)):
                out.add(login.lower())
    return out


def check_with_github(lines: Iterable[LedgerLine], facts: Mapping[int, PullFacts], permissions: Mapping[str, str],
                      *, path: str, repository: str, registry: Registry | None = None,
                      reviews_from: str = "writers") -> list[Finding]:
    """Each record against what GitHub says of its pull request (``facts``, by number; records whose
    number is not there are left alone): merged, as the recorded merge commit, by the recorded author,
    and every recorded reviewer approved it and could review (``permissions``: lower-case login ->
    GitHub permission)."""
    findings: list[Finding] = []
    for ln in lines:
        rec = ln.record
        number = _number(rec) if rec is not None else None
        if rec is None or number is None or number not in facts:
            continue
        found = facts[number]
        if not found.found or not found.merged:
            findings.append(NOT_MERGED_ON_GITHUB.at(path, ln.number, pr=number,
                                                    reason=reason("no-pull" if not found.found else "not-merged")))
            continue
        differ: list[tuple[str, str]] = []
        if str(rec.get("merge_sha", "")).lower() != found.merge_sha:
            differ.append(("merge_sha", found.merge_sha))
        author = rec.get("author")
        login = author.get("login") if isinstance(author, Mapping) else None
        if isinstance(login, str) and found.author and login.lower() != found.author.lower():
            differ.append(("author.login", found.author))
        if differ:
            findings.append(DISAGREES_GITHUB.at(
                path, ln.number, pr=number, fields=", ".join(k for k, _v in differ),
                detail="; ".join(f"{k}: GitHub {v}" for k, v in differ)))
        if found.approvers is None:
            continue
        day = str(rec.get("merged_at", ""))[:10]
        for reviewer in _reviewer_logins(rec):
            key = reviewer.lower()
            if key not in found.approvers:
                findings.append(REVIEWER_NOT_APPROVING.at(path, ln.number, pr=number, login=reviewer))
            elif reviews_from == PARTNER_REVIEWS and partner_reviewer(registry, reviewer, day):
                continue
            elif permissions.get(key, "none") not in WRITERS:
                why = (reason("no-write-partner", repo=repository, day=day) if reviews_from == PARTNER_REVIEWS
                       else reason("no-write", repo=repository))
                findings.append(REVIEWER_NOT_ALLOWED.at(path, ln.number, pr=number, login=reviewer, reason=why))
    return findings


@check(F)
def ledger_text(commons: Commons) -> Iterable[Finding]:
    from open_commons.rules.partners import registry_of

    path = commons.config.settings.ledger.path
    text = getattr(commons, "texts", {}).get(path)
    if text is None:
        return []
    return check_text(text, path, registry_of(commons), commons.schemas.get("ledger-entry"))
