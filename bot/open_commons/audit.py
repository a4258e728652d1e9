# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The reciprocity audit: who gives back, how much, since when, and who went quiet.

Pure: ledger records, partners and the policy in, an ``Audit`` value out. A contribution is a
merged PR credited to a partner (a PR credited to two partners counts once for each). CHAOSS
metrics are computed over affiliated contributions:

- organizational diversity: how many organisations contribute and the share of each;
- elephant factor: the smallest number of organisations whose contributions make up at least
  50 % of all (affiliated) contributions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from open_commons.model.access import PartnerAccess
from open_commons.model.partners import Partner, PartnerStatus

UNAFFILIATED = "-"


@dataclass(frozen=True)
class Policy:
    active_within_months: int = 6
    dormant_after_months: int = 12
    grace_months: int = 6
    steward: str | None = None  # the partner that runs the commons: shares are also given without it

    @classmethod
    def from_config(cls, config: Any) -> Policy:
        from open_commons.model.settings import ReciprocitySettings

        policy = config.settings.reciprocity if config is not None else ReciprocitySettings()
        return cls(policy.active_within_months, policy.dormant_after_months, policy.grace_months,
                   policy.steward or None)


@dataclass(frozen=True)
class Reason:
    """Why a partner has its reciprocity status: a code and its values (the reporters word it)."""

    code: str  # not-validated | contributed-recently | grace | silent | never
    months: int | None = None  # months since the last contribution (or since validation)
    day: str | None = None  # the last contribution, the end of the grace period, or the validation


@dataclass(frozen=True)
class Period:
    """The previous period of the same length, for trends."""

    since: str
    until: str
    contributions: int
    affiliated_contributions: int
    organizations: int
    per_partner: Mapping[str, int]  # partner id -> merged PRs credited


@dataclass(frozen=True)
class Unaffiliated:
    """A person whose merged PRs are credited to no partner: someone to invite."""

    login: str
    merged_prs: int
    first: str
    last: str



@dataclass(frozen=True)
class PartnerAudit:
    id: str
    name: str
    status: str
    validated_on: str | None
    commitment: str | None  # "charter version, signed on"
    merged_prs: int = 0
    resources_created: int = 0
    resources_improved: int = 0
    translations: int = 0
    reviews: int = 0
    lines_added: int = 0
    lines_removed: int = 0
    first_contribution: str | None = None
    last_contribution: str | None = None
    months_since_last: int | None = None
    reciprocity: str = "not-judged"  # active | to-watch | dormant | grace | not-judged
    share: float = 0.0  # of all affiliated contributions, 0..1
    per_quarter: Mapping[str, int] = field(default_factory=dict)
    access: PartnerAccess | None = None  # partners-only access from the access log (None: no log)
    reason: Reason = field(default_factory=lambda: Reason("not-validated"))
    share_without_steward: float | None = None  # None: this partner is the steward, or no steward is set
    previous_prs: int | None = None  # merged PRs in the previous period of the same length (None: no such period)


@dataclass(frozen=True)
class Audit:
    generated_on: str
    since: str | None
    until: str | None
    policy: Policy
    partners: tuple[PartnerAudit, ...]
    quarters: tuple[str, ...]
    per_quarter: Mapping[str, Mapping[str, int]]  # quarter -> partner id (or "-") -> contributions
    contributions: int  # merged PRs in the window
    affiliated_contributions: int
    unaffiliated_prs: int
    organizations: int  # CHAOSS organizational diversity: organisations contributing
    elephant_factor: int  # CHAOSS
    top_resources: tuple[tuple[str, int], ...]  # most improved resources
    sources: Mapping[str, int] = field(default_factory=dict)  # "ledger" / "git": records used
    access_outside: tuple[str, ...] = ()  # logins with partners-only access that no partner lists
    steward: str | None = None
    organizations_without_steward: int = 0
    elephant_factor_without_steward: int = 0
    unaffiliated: tuple[Unaffiliated, ...] = ()
    previous: Period | None = None
    only: str | None = None  # the audit of one partner (--partner)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["top_resources"] = [{"id": rid, "improvements": n} for rid, n in self.top_resources]
        return data


def months_between(start: str, end: str) -> int:
    a, b = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1
    return max(months, 0)


def add_months(day: str, months: int) -> str:
    d = date.fromisoformat(day[:10])
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for dd in (d.day, 30, 29, 28):
        try:
            return date(year, month, dd).isoformat()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def quarter_of(day: str) -> str:
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    out, y, q = [], int(first[:4]), int(first[-1])
    ly, lq = int(last[:4]), int(last[-1])
    while (y, q) <= (ly, lq):
        out.append(f"{y}-Q{q}")
        q += 1
        if q == 5:
            y, q = y + 1, 1
    return out


def elephant_factor(counts: Mapping[str, int]) -> int:
    """Smallest number of organisations making up at least half of all contributions (CHAOSS)."""
    total = sum(counts.values())
    if total == 0:
        return 0
    running, n = 0, 0
    for value in sorted(counts.values(), reverse=True):
        running += value
        n += 1
        if running * 2 >= total:
            return n
    return n


def explain(partner: Partner, status: str, last: str | None, today: str, policy: Policy) -> Reason:
    """Why ``reciprocity`` gave ``status``: the fact the policy looked at."""
    if partner.status is not PartnerStatus.VALIDATED:
        return Reason("not-validated")
    if status == "active" and last:
        return Reason("contributed-recently", months_between(last, today), last)
    if status == "grace" and partner.validated_on:
        return Reason("grace", None, add_months(partner.validated_on, policy.grace_months))
    if status in ("to-watch", "dormant"):
        if last:
            return Reason("silent", months_between(last, today), last)
        if partner.validated_on:
            return Reason("never", months_between(partner.validated_on, today), partner.validated_on)
    return Reason("not-validated")


def previous_window(since: str, until: str) -> tuple[str, str]:
    """The period of the same length that ends the day before ``since``."""
    start, end = date.fromisoformat(since), date.fromisoformat(until)
    length = end - start
    prev_end = start - timedelta(days=1)
    return (prev_end - length).isoformat(), prev_end.isoformat()


def _credited_counts(records: Iterable[Mapping[str, Any]], since: str, until: str) -> tuple[int, Counter[str]]:
    total, counts = 0, Counter[str]()
    for rec in records:
        day = str(rec.get("merged_at", ""))[:10]
        if since <= day <= until:
            total += 1
            for pid in rec.get("partners") or ():
                counts[pid] += 1
    return total, counts


def reciprocity(partner: Partner, last: str | None, today: str, policy: Policy) -> tuple[str, int | None]:
    """(status against the policy, months since the last contribution).

    Only validated partners are judged; none is judged during the grace period after its
    validation unless it is already active. Silence is counted from the last contribution, or
    from the validation when there is none.
    """
    since_last = months_between(last, today) if last else None
    if partner.status is not PartnerStatus.VALIDATED:
        return "not-judged", since_last
    validated = partner.validated_on
    if since_last is not None and since_last < policy.active_within_months:
        return "active", since_last
    if validated and add_months(validated, policy.grace_months) > today:
        return "grace", since_last
    reference = last or validated
    if reference is None:
        return "not-judged", since_last
    silent = months_between(reference, today)
    return ("dormant" if silent >= policy.dormant_after_months else "to-watch"), since_last


def build(records: Iterable[Mapping[str, Any]], partners: Sequence[Partner], policy: Policy, *, today: str,
          since: str | None = None, until: str | None = None, only: str | None = None,
          sources: Mapping[str, int] | None = None,
          access: tuple[Mapping[str, PartnerAccess], tuple[str, ...]] | None = None) -> Audit:
    """The audit of the records merged in [since, until] (dates YYYY-MM-DD, inclusive)."""
    end = until or today
    records = list(records)
    chosen = [r for r in records
              if (since is None or str(r.get("merged_at", ""))[:10] >= since)
              and str(r.get("merged_at", ""))[:10] <= end]
    stats: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    dates: dict[str, list[str]] = defaultdict(list)
    per_quarter: dict[str, Counter[str]] = defaultdict(Counter)
    partner_quarter: dict[str, Counter[str]] = defaultdict(Counter)
    improved: Counter[str] = Counter()
    unaffiliated = 0
    people: dict[str, list[str]] = defaultdict(list)  # unaffiliated author login -> merge days
    for rec in chosen:
        day = str(rec.get("merged_at", ""))[:10]
        quarter = quarter_of(day)
        credited = list(rec.get("partners") or [])
        resources = rec.get("resources") or []
        for res in resources:
            if "id" in res and res.get("change") in ("modified", "renamed"):
                improved[res["id"]] += 1
        if not credited:
            unaffiliated += 1
            per_quarter[quarter][UNAFFILIATED] += 1
            login = str((rec.get("author") or {}).get("login") or "?")
            people[login].append(day)
        for pid in credited:
            s = stats[pid]
            s["merged_prs"] += 1
            s["lines_added"] += int(rec.get("lines_added", 0))
            s["lines_removed"] += int(rec.get("lines_removed", 0))
            for res in resources:
                if "id" not in res:
                    continue
                if res.get("change") == "added":
                    s["translations" if "translation" in rec.get("kinds", ()) and _is_translation(res) else "resources_created"] += 1
                elif res.get("change") in ("modified", "renamed"):
                    s["resources_improved"] += 1
            dates[pid].append(day)
            per_quarter[quarter][pid] += 1
            partner_quarter[pid][quarter] += 1
        for reviewer in rec.get("reviewers") or ():
            if reviewer.get("partner"):
                stats[reviewer["partner"]]["reviews"] += 1
                dates[reviewer["partner"]].append(day)
    affiliated = {pid: s["merged_prs"] for pid, s in stats.items() if s["merged_prs"]}
    total_affiliated = sum(affiliated.values())
    steward = policy.steward
    others = {pid: n for pid, n in affiliated.items() if pid != steward} if steward else {}
    total_others = sum(others.values())
    previous: Period | None = None
    if since is not None:
        p_since, p_until = previous_window(since, end)
        p_total, p_counts = _credited_counts(records, p_since, p_until)
        previous = Period(p_since, p_until, p_total, sum(p_counts.values()), len(p_counts), dict(p_counts))
    rows = []
    known = {p.id: p for p in partners}
    ids = sorted(set(known) | set(stats))
    for pid in ids:
        if only and pid != only:
            continue
        partner = known.get(pid) or Partner(pid, pid, "other", "", PartnerStatus.APPLICANT)
        s = stats.get(pid, {})
        first = min(dates[pid]) if dates.get(pid) else None
        last = max(dates[pid]) if dates.get(pid) else None
        judged, since_last = reciprocity(partner, last, end, policy)
        reason = explain(partner, judged, last, end, policy)
        c = partner.commitment
        rows.append(PartnerAudit(
            id=pid, name=partner.name, status=partner.status.value if pid in known else "unknown",
            validated_on=partner.validated_on,
            commitment=f"{c.charter} {c.version}, {c.signed_on}" if c else None,
            merged_prs=s.get("merged_prs", 0), resources_created=s.get("resources_created", 0),
            resources_improved=s.get("resources_improved", 0), translations=s.get("translations", 0),
            reviews=s.get("reviews", 0), lines_added=s.get("lines_added", 0), lines_removed=s.get("lines_removed", 0),
            first_contribution=first, last_contribution=last, months_since_last=since_last, reciprocity=judged,
            share=round(affiliated.get(pid, 0) / total_affiliated, 4) if total_affiliated else 0.0,
            per_quarter=dict(sorted(partner_quarter.get(pid, {}).items())),
            access=access[0].get(pid) if access else None,
            reason=reason,
            share_without_steward=(round(others.get(pid, 0) / total_others, 4) if total_others else 0.0)
            if steward and pid != steward else None,
            previous_prs=previous.per_partner.get(pid, 0) if previous is not None else None,
        ))
    rows.sort(key=lambda r: (-r.merged_prs, -r.reviews, r.id))
    quarters = tuple(quarters_between(min(per_quarter), max(per_quarter))) if per_quarter else ()
    return Audit(
        generated_on=today, since=since, until=until, policy=policy, partners=tuple(rows), quarters=quarters,
        per_quarter={q: dict(sorted(per_quarter.get(q, {}).items())) for q in quarters},
        contributions=len(chosen), affiliated_contributions=total_affiliated, unaffiliated_prs=unaffiliated,
        organizations=len(affiliated), elephant_factor=elephant_factor(affiliated),
        top_resources=tuple(sorted(improved.items(), key=lambda kv: (-kv[1], kv[0]))[:10]),
        sources=dict(sources or {}),
        access_outside=access[1] if access else (),
        steward=steward, organizations_without_steward=len(others),
        elephant_factor_without_steward=elephant_factor(others),
        unaffiliated=tuple(sorted((Unaffiliated(login, len(days), min(days), max(days)) for login, days in people.items()),
                                  key=lambda u: (-u.merged_prs, u.login))),
        previous=previous, only=only,
    )


def _is_translation(res: Mapping[str, Any]) -> bool:
    from open_commons.model.ledger import TRANSLATION

    return bool(TRANSLATION.search(str(res.get("path", ""))))
