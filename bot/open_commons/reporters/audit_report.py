# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The reciprocity audit as a table, CSV, JSON, Markdown or one self-contained HTML page.

Pure: an ``Audit`` and a language in, a string out. The HTML page has its style and its charts
(inline SVG) inside: no script, no font or library from the network; it renders offline.
"""

# i18n-catalog: ledger

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable

from open_commons.audit import UNAFFILIATED, Audit, PartnerAudit
from open_commons.i18n import N_, _

PALETTE = ("#1f77b4", "#e4572e", "#2ca02c", "#9467bd", "#f2a541", "#17becf", "#d62728", "#8c564b",
           "#e377c2", "#bcbd22", "#393b79", "#637939")
GREY = "#9e9e9e"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", N_("Partner")),
    ("status", N_("Status")),
    ("validated_on", N_("Validated on")),
    ("merged_prs", N_("Merged PRs")),
    ("resources_created", N_("Created")),
    ("resources_improved", N_("Improved")),
    ("translations", N_("Translations")),
    ("reviews", N_("Reviews")),
    ("lines", N_("Lines +/−")),
    ("first_contribution", N_("First")),
    ("last_contribution", N_("Last")),
    ("months_since_last", N_("Months silent")),
    ("reciprocity", N_("Reciprocity")),
    ("share", N_("Share")),
    ("access", N_("Partners-only access")),
)
RECIPROCITY = {
    "active": N_("active"),
    "to-watch": N_("to watch"),
    "dormant": N_("dormant"),
    "grace": N_("grace period"),
    "not-judged": N_("not judged"),
}
STATUS = {
    "applicant": N_("applicant"),
    "validated": N_("validated"),
    "suspended": N_("suspended"),
    "left": N_("left"),
    "unknown": N_("not registered"),
}


def _cell(row: PartnerAudit, key: str, lang: str) -> str:
    if key == "status":
        return _(STATUS.get(row.status, row.status), lang)
    if key == "reciprocity":
        return _(RECIPROCITY.get(row.reciprocity, row.reciprocity), lang)
    if key == "share":
        return f"{row.share * 100:.1f} %"
    if key == "lines":
        return f"+{row.lines_added} −{row.lines_removed}"
    if key == "access":
        return access_cell(row, lang)
    value = getattr(row, key)
    return "–" if value is None else str(value)


def access_cell(row: PartnerAudit, lang: str) -> str:
    """People with partners-only access (from the access log) and since when; ⚠ where the registry disagrees."""
    acc = row.access
    if acc is None:
        return "–"
    parts = [_(N_("{n} since {day}"), lang, n=len(acc.people), day=acc.since) if acc.people else "0"]
    if acc.missing:
        parts.append("⚠ " + _(N_("without access: {logins}"), lang, logins=", ".join(acc.missing)))
    if acc.extra:
        parts.append("⚠ " + _(N_("access the registry no longer gives: {logins}"), lang, logins=", ".join(acc.extra)))
    return "; ".join(parts)


def _summary(audit: Audit, lang: str) -> list[str]:
    period = _(N_("Period: {since} to {until}"), lang, since=audit.since or "…", until=audit.until or audit.generated_on)
    return [
        period,
        _(N_("{n} merged PR(s): {affiliated} credited to partners, {unaffiliated} by unaffiliated contributors."),
          lang, n=audit.contributions, affiliated=audit.affiliated_contributions, unaffiliated=audit.unaffiliated_prs),
        _(N_("Organizational diversity (CHAOSS): {n} organisation(s) contribute."), lang, n=audit.organizations),
        _(N_("Elephant factor (CHAOSS): {n} organisation(s) make up half of the contributions."), lang,
          n=audit.elephant_factor),
    ] + ([_(N_("⚠ Partners-only access held by logins no partner lists: {logins}"), lang,
             logins=", ".join(audit.access_outside))] if audit.access_outside else [])


def _title(audit: Audit, lang: str, name: str) -> str:
    return _(N_("Reciprocity audit of {name}"), lang, name=name)


def table(audit: Audit, lang: str, name: str = "") -> str:
    headers = [_(label, lang) for _k, label in COLUMNS]
    rows = [[_cell(r, k, lang) for k, _l in COLUMNS] for r in audit.partners]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = [_title(audit, lang, name or "commons"), ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if not rows:
        lines.append(_(N_("No partner registered yet."), lang))
    lines.append("")
    lines += _summary(audit, lang)
    if audit.top_resources:
        lines.append(_(N_("Resources most improved: {list}"), lang,
                       list=", ".join(f"{rid} ({n})" for rid, n in audit.top_resources[:5])))
    return "\n".join(lines) + "\n"


CSV_FIELDS = ("id", "name", "status", "validated_on", "commitment", "merged_prs", "resources_created",
              "resources_improved", "translations", "reviews", "lines_added", "lines_removed", "first_contribution",
              "last_contribution", "months_since_last", "reciprocity", "share", "access")


def csv_report(audit: Audit, lang: str, name: str = "") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in audit.partners:
        writer.writerow([access_cell(r, lang) if f == "access" else "" if getattr(r, f) is None else getattr(r, f)
                         for f in CSV_FIELDS])
    return buf.getvalue()


def json_report(audit: Audit, lang: str, name: str = "") -> str:
    return json.dumps({"commons": name, **audit.to_json()}, ensure_ascii=False, indent=2) + "\n"


def markdown(audit: Audit, lang: str, name: str = "") -> str:
    headers = [_(label, lang) for _k, label in COLUMNS]
    out = [f"# {_title(audit, lang, name or 'commons')}", ""]
    out += [f"- {line}" for line in _summary(audit, lang)]
    out += ["", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for r in audit.partners:
        out.append("| " + " | ".join(_cell(r, k, lang).replace("|", "\\|") for k, _l in COLUMNS) + " |")
    per_quarter = _(N_("Contributions per quarter"), lang)
    out += ["", f"## {per_quarter}", ""]
    ids = _series_ids(audit)
    out.append("| " + " | ".join([_(N_("Quarter"), lang), *(_label(audit, i, lang) for i in ids)]) + " |")
    out.append("|" + "---|" * (len(ids) + 1))
    for q in audit.quarters:
        out.append("| " + " | ".join([q, *(str(audit.per_quarter[q].get(i, 0)) for i in ids)]) + " |")
    if audit.top_resources:
        most = _(N_("Resources most improved"), lang)
        out += ["", f"## {most}", ""]
        out += [f"{n}. `{rid}` ({count})" for n, (rid, count) in enumerate(audit.top_resources, start=1)]
    return "\n".join(out) + "\n"


def _series_ids(audit: Audit) -> list[str]:
    ids = [r.id for r in audit.partners if r.merged_prs]
    if any(UNAFFILIATED in v for v in audit.per_quarter.values()):
        ids.append(UNAFFILIATED)
    return ids


def _label(audit: Audit, pid: str, lang: str) -> str:
    if pid == UNAFFILIATED:
        return _(N_("unaffiliated"), lang)
    return next((r.name for r in audit.partners if r.id == pid), pid)


def _color(index: int, pid: str) -> str:
    return GREY if pid == UNAFFILIATED else PALETTE[index % len(PALETTE)]


def quarter_chart(audit: Audit, lang: str) -> str:
    """Stacked bars: contributions per quarter, one colour per partner."""
    ids = _series_ids(audit)
    width, height, left, bottom, top = 960, 340, 48, 56, 16
    quarters = audit.quarters or ("–",)
    peak = max((sum(audit.per_quarter.get(q, {}).values()) for q in quarters), default=0) or 1
    step = (width - left - 10) / len(quarters)
    bar = max(step * 0.7, 2)
    scale = (height - bottom - top) / peak
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{html.escape(_(N_("Contributions per quarter"), lang))}">']
    for tick in range(0, peak + 1, max(1, peak // 5)):
        y = height - bottom - tick * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e0e0e0"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    for qi, q in enumerate(quarters):
        x = left + qi * step + (step - bar) / 2
        y = height - bottom
        for si, pid in enumerate(ids):
            n = audit.per_quarter.get(q, {}).get(pid, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{_color(si, pid)}">'
                         f'<title>{html.escape(_label(audit, pid, lang))} {q}: {n}</title></rect>')
        if len(quarters) <= 16 or qi % max(1, len(quarters) // 12) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                         f'font-size="11">{html.escape(q)}</text>')
    lx = left
    for si, pid in enumerate(ids):
        label = html.escape(_label(audit, pid, lang))
        parts.append(f'<rect x="{lx}" y="{height - 22}" width="12" height="12" fill="{_color(si, pid)}"/>'
                     f'<text x="{lx + 16}" y="{height - 12}" font-size="12">{label}</text>')
        lx += 28 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def share_chart(audit: Audit, lang: str) -> str:
    """Horizontal bars: each partner's share of the affiliated contributions."""
    rows = [r for r in audit.partners if r.merged_prs]
    width, row_h, left = 960, 28, 260
    height = max(row_h * len(rows) + 20, 60)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{html.escape(_(N_("Share of contributions per partner"), lang))}">']
    if not rows:
        parts.append(f'<text x="10" y="30" font-size="13">{html.escape(_(N_("No contribution yet."), lang))}</text>')
    for i, r in enumerate(rows):
        y = 10 + i * row_h
        w = max(r.share * (width - left - 80), 1)
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13">{html.escape(r.name)}</text>'
                     f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{_color(i, r.id)}"/>'
                     f'<text x="{left + w + 6:.1f}" y="{y + 17}" font-size="12">{r.share * 100:.1f} %</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid #ddd;padding:.35rem .4rem;
text-align:left;vertical-align:top}th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;white-space:nowrap}
.active{background:#d9f2dd;color:#14532d}.to-watch{background:#fff1c2;color:#6b4e00}.dormant{background:#fbd5d5;color:#7f1d1d}
.grace{background:#dbeafe;color:#1e3a8a}.not-judged{background:#eee;color:#444}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#f3f5f8;border-radius:.5rem;padding:.8rem 1rem;min-width:180px}
.card b{display:block;font-size:1.6rem}figure{margin:0}
"""


def html_report(audit: Audit, lang: str, name: str = "") -> str:
    e = html.escape
    title = _title(audit, lang, name or "commons")
    numeric = {"merged_prs", "resources_created", "resources_improved", "translations", "reviews", "lines",
               "months_since_last", "share"}
    head = "".join(f"<th>{e(_(label, lang))}</th>" for _k, label in COLUMNS)
    body = []
    for r in audit.partners:
        cells = []
        for key, _l in COLUMNS:
            text = e(_cell(r, key, lang))
            if key == "reciprocity":
                cells.append(f'<td><span class="badge {e(r.reciprocity)}">{text}</span></td>')
            else:
                cells.append(f'<td class="num">{text}</td>' if key in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cards = [
        (_(N_("merged PRs"), lang), audit.contributions),
        (_(N_("credited to partners"), lang), audit.affiliated_contributions),
        (_(N_("organisations contributing"), lang), audit.organizations),
        (_(N_("elephant factor"), lang), audit.elephant_factor),
    ]
    top = "".join(f"<li><code>{e(rid)}</code> ({n})</li>" for rid, n in audit.top_resources)
    generated = e(_(N_("Generated on {day}"), lang, day=audit.generated_on))
    per_quarter = e(_(N_("Contributions per quarter"), lang))
    share = e(_(N_("Share of contributions per partner"), lang))
    partners = e(_(N_("Partners"), lang))
    most = e(_(N_("Resources most improved"), lang))
    policy = e(_(N_("Policy: active with a contribution in the last {active} months, dormant after {dormant} "
                    "months without one, {grace} months of grace after validation."), lang,
                 active=audit.policy.active_within_months, dormant=audit.policy.dormant_after_months,
                 grace=audit.policy.grace_months))
    summary = _summary(audit, lang)
    card_html = "".join(f'<div class="card"><b>{n}</b>{e(label)}</div>' for label, n in cards)
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{e(title)}</h1>
<p>{e(summary[0])} · {generated}</p>
<div class="cards">{card_html}</div>
<p>{'<br>'.join(e(line) for line in summary[1:])}</p>
<h2>{per_quarter}</h2>
<figure id="chart-quarters">{quarter_chart(audit, lang)}</figure>
<h2>{share}</h2>
<figure id="chart-share">{share_chart(audit, lang)}</figure>
<h2>{partners}</h2>
<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>
<h2>{most}</h2>
<ol>{top or '<li>–</li>'}</ol>
<p><small>{policy}</small></p>
</body></html>
"""


AUDIT_REPORTERS: dict[str, Callable[[Audit, str, str], str]] = {
    "table": table,
    "csv": csv_report,
    "json": json_report,
    "markdown": markdown,
    "html": html_report,
}
