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
from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

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
    ("share_without_steward", N_("Without steward")),
    ("trend", N_("Trend")),
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


# --- numbers and dates in the reader's language (Babel) ------------------------------------


def fmt_int(n: int, lang: str) -> str:
    return format_decimal(n, locale=lang)


def fmt_share(x: float, lang: str) -> str:
    """A share (0..1) as a percentage: 31,6 % in French, 31.6% in English."""
    pattern = Locale.parse(lang).percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)
    return format_percent(x, format=pattern, locale=lang)


def fmt_day(day: str | None, lang: str) -> str:
    """A date as people write it (12 mars 2026, Mar 12, 2026); "–" when there is none."""
    if not day:
        return "–"
    try:
        return format_date(date.fromisoformat(day[:10]), format="medium", locale=lang)
    except ValueError:
        return day


def fmt_trend(now: int, before: int | None, lang: str) -> str:
    """The change against the previous period: "+3 (5 → 8)", "= (4)", "–" when there is no such period."""
    if before is None:
        return "–"
    if now == before:
        return f"= ({fmt_int(now, lang)})"
    sign = "+" if now > before else "−"
    return f"{sign}{fmt_int(abs(now - before), lang)} ({fmt_int(before, lang)} → {fmt_int(now, lang)})"


def _cell(row: PartnerAudit, key: str, lang: str) -> str:
    if key == "status":
        return _(STATUS.get(row.status, row.status), lang)
    if key == "reciprocity":
        return _(RECIPROCITY.get(row.reciprocity, row.reciprocity), lang)
    if key == "share":
        return fmt_share(row.share, lang)
    if key == "share_without_steward":
        return "–" if row.share_without_steward is None else fmt_share(row.share_without_steward, lang)
    if key == "access":
        return access_cell(row, lang)
    if key == "lines":
        return f"+{fmt_int(row.lines_added, lang)} −{fmt_int(row.lines_removed, lang)}"
    if key == "trend":
        return fmt_trend(row.merged_prs, row.previous_prs, lang)
    value = getattr(row, key)
    if key in DATE_KEYS:
        return fmt_day(value, lang)
    if isinstance(value, int):
        return fmt_int(value, lang)
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


HTML_DETAIL_ONLY = frozenset({"validated_on", "lines", "access"})  # in each partner's section, not in the HTML table
DATE_KEYS = frozenset({"validated_on", "first_contribution", "last_contribution"})
REASONS = {
    "not-validated": N_("not judged: only validated partners are"),
    "contributed-recently": N_("contributed {months} month(s) ago ({day}), within the {active} months of the policy"),
    "grace": N_("validated recently: not judged until {day}"),
    "silent": N_("no contribution for {months} month(s), since {day}"),
    "never": N_("no contribution since its validation on {day} ({months} month(s))"),
}


def reason_text(row: PartnerAudit, audit: Audit, lang: str) -> str:
    r = row.reason
    return _(REASONS.get(r.code, r.code), lang, months=fmt_int(r.months or 0, lang), day=fmt_day(r.day, lang),
             active=audit.policy.active_within_months)


def _period(audit: Audit, lang: str) -> str:
    until = fmt_day(audit.until or audit.generated_on, lang)
    if audit.since:
        return _(N_("Period: from {since} to {until}"), lang, since=fmt_day(audit.since, lang), until=until)
    return _(N_("Period: the whole history, until {until}"), lang, until=until)


def _summary(audit: Audit, lang: str) -> list[str]:
    lines = [
        _period(audit, lang),
        _(N_("{n} merged PR(s): {affiliated} credited to partners, {unaffiliated} by unaffiliated contributors."),
          lang, n=fmt_int(audit.contributions, lang), affiliated=fmt_int(audit.affiliated_contributions, lang),
          unaffiliated=fmt_int(audit.unaffiliated_prs, lang)),
    ]
    if audit.affiliated_contributions:
        lines += [
            _(N_("Organizational diversity (CHAOSS): {n} organisation(s) contribute."), lang,
              n=fmt_int(audit.organizations, lang)),
            _(N_("Elephant factor (CHAOSS): {n} organisation(s) make up half of the contributions."), lang,
              n=fmt_int(audit.elephant_factor, lang)),
        ]
    else:
        lines.append(_(N_("Organizational diversity and elephant factor (CHAOSS): not computed, no contribution "
                          "is credited to a partner in this period."), lang))
    if audit.steward and audit.affiliated_contributions:
        lines.append(_(N_("Without the steward ({steward}): {n} organisation(s) contribute, elephant factor "
                          "{factor}."), lang, steward=_label(audit, audit.steward, lang),
                       n=fmt_int(audit.organizations_without_steward, lang),
                       factor=fmt_int(audit.elephant_factor_without_steward, lang)))
    if audit.previous is not None:
        p = audit.previous
        lines.append(_(N_("Previous period ({since} to {until}): {n} merged PR(s), {affiliated} credited to "
                          "partners, {orgs} organisation(s); trend {trend}."), lang,
                       since=fmt_day(p.since, lang), until=fmt_day(p.until, lang), n=fmt_int(p.contributions, lang),
                       affiliated=fmt_int(p.affiliated_contributions, lang), orgs=fmt_int(p.organizations, lang),
                       trend=fmt_trend(audit.contributions, p.contributions, lang)))
    if audit.access_outside:
        lines.append(_(N_("⚠ Partners-only access held by logins no partner lists: {logins}"), lang,
                       logins=", ".join(audit.access_outside)))
    return lines


METRICS: tuple[tuple[str, str, str], ...] = (
    (N_("Organizational diversity"),
     N_("How many organisations contribute, and the share of merged pull requests each one makes. A commons "
        "that depends on one organisation is fragile."),
     "https://chaoss.community/kb/metric-organizational-diversity/"),
    (N_("Elephant factor"),
     N_("The smallest number of organisations that together make half of the contributions. 1 means one "
        "organisation does half of the work; higher is healthier."),
     "https://chaoss.community/kb/metric-elephant-factor/"),
    (N_("Share without the steward"),
     N_("The same shares computed without the organisation that runs the commons: who gives back among the "
        "others."),
     "https://chaoss.community/kb/metric-organizational-diversity/"),
    (N_("Inactive contributors and months silent"),
     N_("Months since a partner's last merged contribution or review; the reciprocity status compares it "
        "with the policy."),
     "https://chaoss.community/kb/metric-inactive-contributors/"),
    (N_("Trend"),
     N_("The change against the previous period of the same length (only when the audit has a start date)."),
     "https://chaoss.community/kb/metric-change-requests/"),
)


def _title(audit: Audit, lang: str, name: str) -> str:
    if audit.only and audit.partners:
        return _(N_("Reciprocity audit of {name}: {partner}"), lang, name=name, partner=audit.partners[0].name)
    return _(N_("Reciprocity audit of {name}"), lang, name=name)


def partner_facts(row: PartnerAudit, audit: Audit, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of one partner's section: a new fact is one more line here."""
    facts = [
        (_(N_("Status"), lang), _cell(row, "status", lang)),
        (_(N_("Reciprocity"), lang), f"{_cell(row, 'reciprocity', lang)} — {reason_text(row, audit, lang)}"),
        (_(N_("Merged PRs"), lang), _cell(row, "merged_prs", lang)),
        (_(N_("Resources created"), lang), _cell(row, "resources_created", lang)),
        (_(N_("Resources improved"), lang), _cell(row, "resources_improved", lang)),
        (_(N_("Translations"), lang), _cell(row, "translations", lang)),
        (_(N_("Reviews"), lang), _cell(row, "reviews", lang)),
        (_(N_("First contribution"), lang), _cell(row, "first_contribution", lang)),
        (_(N_("Last contribution"), lang), _cell(row, "last_contribution", lang)),
        (_(N_("Months silent"), lang), _cell(row, "months_since_last", lang)),
        (_(N_("Share"), lang), _cell(row, "share", lang)),
    ]
    if row.share_without_steward is not None:
        facts.append((_(N_("Share without the steward"), lang), _cell(row, "share_without_steward", lang)))
    if row.previous_prs is not None:
        facts.append((_(N_("Trend"), lang), _cell(row, "trend", lang)))
    if row.commitment:
        facts.append((_(N_("Commitment"), lang), row.commitment))
    if row.access is not None:
        facts.append((_(N_("Partners-only access"), lang), access_cell(row, lang)))
    return facts


def table(audit: Audit, lang: str, name: str = "") -> str:
    lines = [_title(audit, lang, name or "commons"), ""]
    if audit.only:
        for row in audit.partners:
            width = max(len(label) for label, _v in partner_facts(row, audit, lang))
            lines += [f"{label.ljust(width)}  {value}" for label, value in partner_facts(row, audit, lang)]
        if not audit.partners:
            lines.append(_(N_("No partner registered yet."), lang))
        return "\n".join(lines) + "\n"
    headers = [_(label, lang) for _k, label in COLUMNS]
    rows = [[_cell(r, k, lang) for k, _l in COLUMNS] for r in audit.partners]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if not rows:
        lines.append(_(N_("No partner registered yet."), lang))
    lines.append("")
    lines += _summary(audit, lang)
    if audit.unaffiliated:
        lines.append(_(N_("Unaffiliated contributors (to invite): {list}"), lang,
                       list=", ".join(f"{u.login} ({fmt_int(u.merged_prs, lang)})" for u in audit.unaffiliated)))
    if audit.top_resources:
        lines.append(_(N_("Resources most improved: {list}"), lang,
                       list=", ".join(f"{rid} ({n})" for rid, n in audit.top_resources[:5])))
    return "\n".join(lines) + "\n"


CSV_FIELDS = ("id", "name", "status", "validated_on", "commitment", "merged_prs", "resources_created",
              "resources_improved", "translations", "reviews", "lines_added", "lines_removed", "first_contribution",
              "last_contribution", "months_since_last", "reciprocity", "share", "share_without_steward",
              "previous_prs", "access")
CSV_HEADERS = {
    "id": N_("id"), "name": N_("Partner"), "status": N_("Status"), "validated_on": N_("Validated on"),
    "commitment": N_("Commitment"), "merged_prs": N_("Merged PRs"), "resources_created": N_("Created"),
    "resources_improved": N_("Improved"), "translations": N_("Translations"), "reviews": N_("Reviews"),
    "lines_added": N_("Lines added"), "lines_removed": N_("Lines removed"), "first_contribution": N_("First"),
    "last_contribution": N_("Last"), "months_since_last": N_("Months silent"), "reciprocity": N_("Reciprocity"),
    "share": N_("Share (%)"), "share_without_steward": N_("Share without the steward (%)"),
    "previous_prs": N_("Merged PRs, previous period"), "access": N_("Partners-only access"),
}


def csv_report(audit: Audit, lang: str, name: str = "") -> str:
    """CSV a spreadsheet opens as it is: UTF-8 with a BOM; in French ``;`` between fields and a decimal
    comma (what French LibreOffice and Excel expect); dates as ISO days, which both read as dates."""
    french = lang == "fr"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if french else ",", lineterminator="\r\n")
    writer.writerow(["id" if f == "id" else _(CSV_HEADERS[f], lang) for f in CSV_FIELDS])
    for r in audit.partners:
        row = []
        for f in CSV_FIELDS:
            value = getattr(r, f)
            if f in ("share", "share_without_steward"):
                text = "" if value is None else f"{value * 100:.1f}"
                row.append(text.replace(".", ",") if french else text)
            elif f == "status":
                row.append(_(STATUS.get(value, value), lang))
            elif f == "reciprocity":
                row.append(_(RECIPROCITY.get(value, value), lang))
            elif f == "access":
                row.append(access_cell(r, lang))
            else:
                row.append("" if value is None else value)
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()


def json_report(audit: Audit, lang: str, name: str = "") -> str:
    return json.dumps({"commons": name, **audit.to_json()}, ensure_ascii=False, indent=2) + "\n"


def markdown(audit: Audit, lang: str, name: str = "") -> str:
    out = [f"# {_title(audit, lang, name or 'commons')}", ""]
    if audit.only:
        for row in audit.partners:
            out += [f"- **{label}** : {value}" if lang == "fr" else f"- **{label}**: {value}"
                    for label, value in partner_facts(row, audit, lang)]
        return "\n".join(out) + "\n"
    headers = [_(label, lang) for _k, label in COLUMNS]
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
    if audit.unaffiliated:
        title = _(N_("Unaffiliated contributors"), lang)
        out += ["", f"## {title}", ""]
        out += [f"- `{u.login}`: {fmt_int(u.merged_prs, lang)} ({fmt_day(u.first, lang)} – {fmt_day(u.last, lang)})"
                for u in audit.unaffiliated]
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


def _legend(ids: list[str], audit: Audit, lang: str, width: int, left: int, top: float) -> tuple[list[str], float]:
    """The legend, wrapped into rows that stay inside the chart's width; returns (parts, height used)."""
    parts: list[str] = []
    x, y, row_h = float(left), top, 20.0
    for si, pid in enumerate(ids):
        label = _label(audit, pid, lang)
        item_w = 16 + 7.4 * len(label) + 18  # swatch, text at 12 px (generous average glyph width), gap
        if x + item_w > width - 10 and x > left:
            x, y = float(left), y + row_h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{_color(si, pid)}"/>'
                     f'<text x="{x + 16:.1f}" y="{y + 10:.1f}" font-size="12">{html.escape(label)}</text>')
        x += item_w
    return parts, (y - top + row_h) if ids else 0.0


def quarter_chart(audit: Audit, lang: str) -> str:
    """Stacked bars: contributions per quarter, one colour per partner; the legend below, inside the SVG."""
    ids = _series_ids(audit)
    width, plot_h, left, axis, top = 960, 284, 48, 24, 16
    quarters = audit.quarters or ("–",)
    peak = max((sum(audit.per_quarter.get(q, {}).values()) for q in quarters), default=0) or 1
    step = (width - left - 10) / len(quarters)
    bar = max(step * 0.7, 2)
    scale = (plot_h - top) / peak
    base = plot_h
    legend, legend_h = _legend(ids, audit, lang, width, left, base + axis + 8)
    height = int(base + axis + 8 + legend_h + 8)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{html.escape(_(N_("Contributions per quarter"), lang))}">']
    for tick in range(0, peak + 1, max(1, peak // 5)):
        y = base - tick * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e0e0e0"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    for qi, q in enumerate(quarters):
        x = left + qi * step + (step - bar) / 2
        y = float(base)
        for si, pid in enumerate(ids):
            n = audit.per_quarter.get(q, {}).get(pid, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{_color(si, pid)}">'
                         f'<title>{html.escape(_label(audit, pid, lang))} {q}: {n}</title></rect>')
        if len(quarters) <= 16 or qi % max(1, len(quarters) // 12) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                         f'font-size="11">{html.escape(q)}</text>')
    parts += legend
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
        w = max(r.share * (width - left - 90), 1)
        name = r.name if len(r.name) <= 34 else r.name[:33] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13">{html.escape(name)}'
                     f'<title>{html.escape(r.name)}</title></text>'
                     f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{_color(i, r.id)}"/>'
                     f'<text x="{left + w + 6:.1f}" y="{y + 17}" font-size="12">{html.escape(fmt_share(r.share, lang))}'
                     '</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1240px;
color:#222;padding:0 1rem;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.8rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .3rem;
text-align:left;vertical-align:top}th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.num,td.date,th.date{white-space:nowrap}tbody th{min-width:8rem;font-weight:600}
.badge{padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;white-space:nowrap}
.active{background:#d9f2dd;color:#14532d}.to-watch{background:#fff1c2;color:#6b4e00}.dormant{background:#fbd5d5;color:#7f1d1d}
.grace{background:#dbeafe;color:#1e3a8a}.not-judged{background:#eee;color:#444}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#f3f5f8;border-radius:.5rem;padding:.8rem 1rem;min-width:180px}
.card b{display:block;font-size:1.6rem}figure{margin:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.facts dt{font-weight:600}
dl.facts dd{margin:0}.partner{border-top:1px solid #ddd}dl.metrics dt{font-weight:600;margin-top:.6rem}
dl.metrics dd{margin-left:0}
"""


def _partner_section(row: PartnerAudit, audit: Audit, lang: str) -> str:
    e = html.escape
    facts = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in partner_facts(row, audit, lang))
    return (f'<section class="partner" id="partner-{e(row.id)}" aria-labelledby="h-{e(row.id)}">'
            f'<h3 id="h-{e(row.id)}">{e(row.name)}</h3><dl class="facts">{facts}</dl></section>')


def html_report(audit: Audit, lang: str, name: str = "") -> str:
    e = html.escape
    title = _title(audit, lang, name or "commons")
    generated = e(_(N_("Generated on {day}"), lang, day=fmt_day(audit.generated_on, lang)))
    sections = "".join(_partner_section(r, audit, lang) for r in audit.partners)
    if audit.only:
        return f"""<!DOCTYPE html>
<html lang="{e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{_CSS}</style></head>
<body><main>
<h1>{e(title)}</h1>
<p>{e(_period(audit, lang))} · {generated}</p>
{sections}
</main></body></html>
"""
    numeric = {"merged_prs", "resources_created", "resources_improved", "translations", "reviews", "lines",
               "months_since_last", "share", "share_without_steward", "trend"}
    date_class = ' class="date"'
    columns = [(k, label) for k, label in COLUMNS if k not in HTML_DETAIL_ONLY]
    head = "".join(f'<th scope="col"{date_class if k in DATE_KEYS else ""}>{e(_(label, lang))}</th>'
                   for k, label in columns)
    body = []
    for r in audit.partners:
        cells = []
        for key, _l in columns:
            text = e(_cell(r, key, lang))
            if key == "name":
                cells.append(f'<th scope="row"><a href="#partner-{e(r.id)}">{text}</a></th>')
            elif key == "reciprocity":
                cells.append(f'<td><span class="badge {e(r.reciprocity)}">{text}</span></td>')
            elif key in DATE_KEYS:
                cells.append(f'<td class="date">{text}</td>')
            elif key == "trend":  # the sign and size here; the counts in the partner's section
                cells.append(f'<td class="num" title="{text}">{e(text.split(" (")[0])}</td>')
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
    per_quarter = e(_(N_("Contributions per quarter"), lang))
    share = e(_(N_("Share of contributions per partner"), lang))
    partners = e(_(N_("Partners"), lang))
    detail = e(_(N_("Each partner"), lang))
    most = e(_(N_("Resources most improved"), lang))
    people = e(_(N_("Unaffiliated contributors"), lang))
    people_intro = e(_(N_("People whose merged pull requests are credited to no partner: the people to invite."),
                       lang))
    none_yet = e(_(N_("None in this period."), lang))
    chaoss = e(_(N_("CHAOSS metric"), lang))
    people_rows = "".join(f"<tr><th scope=\"row\"><code>{e(u.login)}</code></th><td class=\"num\">"
                          f"{e(fmt_int(u.merged_prs, lang))}</td><td class=\"date\">{e(fmt_day(u.first, lang))}</td>"
                          f"<td class=\"date\">{e(fmt_day(u.last, lang))}</td></tr>" for u in audit.unaffiliated)
    people_head = "".join(f'<th scope="col">{e(_(h, lang))}</th>' for h in (N_("Login"), N_("Merged PRs"),
                                                                              N_("First"), N_("Last")))
    people_html = (f'<div class="scroll"><table><thead><tr>{people_head}</tr></thead><tbody>{people_rows}</tbody>'
                   '</table></div>') if audit.unaffiliated else f"<p>{none_yet}</p>"
    metrics_title = e(_(N_("What the figures mean"), lang))
    metrics = "".join(f'<dt>{e(_(label, lang))}</dt><dd>{e(_(text, lang))} <a href="{e(url)}">'
                      f'{chaoss}</a></dd>' for label, text, url in METRICS)
    policy = e(_(N_("Policy: active with a contribution in the last {active} months, dormant after {dormant} "
                    "months without one, {grace} months of grace after validation."), lang,
                 active=audit.policy.active_within_months, dormant=audit.policy.dormant_after_months,
                 grace=audit.policy.grace_months))
    summary = _summary(audit, lang)
    card_html = "".join(f'<div class="card"><b>{e(fmt_int(n, lang))}</b>{e(label)}</div>' for label, n in cards)
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{_CSS}</style></head>
<body><main>
<h1>{e(title)}</h1>
<p>{e(summary[0])} · {generated}</p>
<div class="cards">{card_html}</div>
<p>{'<br>'.join(e(line) for line in summary[1:])}</p>
<h2>{per_quarter}</h2>
<figure id="chart-quarters">{quarter_chart(audit, lang)}</figure>
<h2>{share}</h2>
<figure id="chart-share">{share_chart(audit, lang)}</figure>
<h2>{partners}</h2>
<div class="scroll"><table id="partners"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>
<h2>{detail}</h2>
{sections}
<h2>{people}</h2>
<p>{people_intro}</p>
{people_html}
<h2>{most}</h2>
<ol>{top or '<li>–</li>'}</ol>
<h2>{metrics_title}</h2>
<dl class="metrics">{metrics}</dl>
<p><small>{policy}</small></p>
</main></body></html>
"""


AUDIT_REPORTERS: dict[str, Callable[[Audit, str, str], str]] = {
    "table": table,
    "csv": csv_report,
    "json": json_report,
    "markdown": markdown,
    "html": html_report,
}
