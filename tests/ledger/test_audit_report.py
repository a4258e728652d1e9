# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The audit for the people who read it: per-partner detail, trends, the unaffiliated, shares without the
steward, formats of the reader's language, spreadsheets, legends that fit, the ledger branch."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

from open_commons import audit
from open_commons.ledger import collect
from open_commons.reporters.audit_report import AUDIT_REPORTERS, quarter_chart
from open_commons.sources.tree import load_config
from tests.ledger.conftest import run
from tests.ledger.test_ledger import record_all


def _audit(root: Path, **kw: object) -> audit.Audit:
    records, partners, sources = collect(root, load_config(root))
    policy = audit.Policy(steward="simplon")
    return audit.build(records, partners, policy, today="2024-06-30", sources=sources, **kw)  # type: ignore[arg-type]


def test_partner_detail_reasons_unaffiliated_and_shares_without_the_steward(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    record_all(commons.root, history_prs)
    result = _audit(commons.root)
    rows = {r.id: r for r in result.partners}
    assert rows["fabrique-roubaix"].reason == audit.Reason("silent", 13, "2023-05-01")
    assert rows["simplon"].share_without_steward is None
    assert rows["fabrique-roubaix"].share_without_steward == round(2 / 3, 4)
    assert [(u.login, u.merged_prs) for u in result.unaffiliated] == [("mallory", 1)]
    page = AUDIT_REPORTERS["html"](result, "fr", "Test")
    assert 'id="partner-fabrique-roubaix"' in page and 'id="partner-e2c-lille"' in page
    assert "aucune contribution depuis 13 mois, depuis le 1 mai 2023" in page
    assert "<code>mallory</code>" in page
    assert "https://chaoss.community/kb/metric-elephant-factor/" in page
    assert "Hors structure porteuse (Simplon.co)" in page
    english = AUDIT_REPORTERS["html"](result, "en", "Test")
    assert "no contribution for 13 month(s), since May 1, 2023" in english


def test_trend_against_the_previous_period_of_the_same_length(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    record_all(commons.root, history_prs)
    result = _audit(commons.root, since="2023-07-01", until="2024-06-30")
    assert result.previous is not None
    assert (result.previous.since, result.previous.until) == ("2022-06-30", "2023-06-30")
    assert result.previous.contributions == 2 and result.contributions == 2
    rows = {r.id: r for r in result.partners}
    assert rows["fabrique-roubaix"].previous_prs == 2 and rows["fabrique-roubaix"].merged_prs == 0
    table = AUDIT_REPORTERS["table"](result, "en", "Test")
    assert "−2 (2 → 0)" in table and "Previous period (Jun 30, 2022 to Jun 30, 2023)" in table
    assert _audit(commons.root).previous is None


def test_french_numbers_dates_and_a_spreadsheet_csv(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    record_all(commons.root, history_prs)
    result = _audit(commons.root)
    table = AUDIT_REPORTERS["table"](result, "fr", "Test")
    assert "66,7\u00a0%" in table and "66.7" not in table
    assert "1 mai 2023" in table and "2023-05-01" not in table
    assert "Période : tout l'historique, jusqu'au 30 juin 2024" in table
    text = AUDIT_REPORTERS["csv"](result, "fr", "Test")
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    roubaix = next(r for r in rows if r["id"] == "fabrique-roubaix")
    assert roubaix["Part (%)"] == "66,7" and roubaix["Réciprocité"] == "en sommeil"
    english = list(csv.DictReader(io.StringIO(AUDIT_REPORTERS["csv"](result, "en", "Test")[1:])))
    assert next(r for r in english if r["id"] == "fabrique-roubaix")["Share (%)"] == "66.7"


def test_partner_option_prints_only_that_partner(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    record_all(commons.root, history_prs)
    proc = run(commons.root, "audit", "--partner", "e2c-lille", "--until", "2024-06-30")
    assert proc.returncode == 0, proc.stderr
    assert "E2C Lille" in proc.stdout and "Fabrique" not in proc.stdout
    assert "Elephant factor" not in proc.stdout and "merged PR(s):" not in proc.stdout
    page = run(commons.root, "audit", "--partner", "e2c-lille", "--format", "html").stdout
    assert "E2C Lille" in page and "<svg" not in page and "Roubaix" not in page


def test_the_legend_stays_inside_the_chart_at_every_width() -> None:
    names = [f"Structure partenaire au nom très long numéro {i}" for i in range(9)]
    rows = tuple(audit.PartnerAudit(id=f"p{i}", name=n, status="validated", validated_on=None, commitment=None,
                                    merged_prs=1) for i, n in enumerate(names))
    quarters = ("2024-Q1",)
    result = audit.Audit(generated_on="2024-06-30", since=None, until=None, policy=audit.Policy(), partners=rows,
                         quarters=quarters, per_quarter={"2024-Q1": {f"p{i}": 1 for i in range(9)}},
                         contributions=9, affiliated_contributions=9, unaffiliated_prs=0, organizations=9,
                         elephant_factor=5, top_resources=())
    svg = quarter_chart(result, "fr")
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    legend = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="12" height="12"[^>]*/><text x="[\d.]+" y="[\d.]+" '
                        r'font-size="12">([^<]*)</text>', svg)
    assert len(legend) == 9
    for x, y, label in legend:
        assert float(x) + 16 + 7.4 * len(label) <= width, label
        assert float(y) + 12 <= height, label


def test_the_audit_reads_the_ledger_branch_when_the_working_tree_has_none(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    root = commons.root
    record_all(root, history_prs)

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), "-c", "user.name=Bot", "-c", "user.email=bot@example.org",
                               *args], capture_output=True, text=True, check=True).stdout.strip()

    main = git("rev-parse", "--abbrev-ref", "HEAD")
    git("checkout", "-q", "-b", "ledger")
    git("add", "ledger/contributions.jsonl")
    git("commit", "-q", "-m", "Ledger")
    git("checkout", "-q", main)
    assert (root / "ledger" / "contributions.jsonl").read_text(encoding="utf-8") == ""
    proc = run(root, "audit", "--format", "json", "--source", "ledger")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["contributions"] == 4
    assert "Ledger read from the branch ledger" in proc.stderr


def test_partners_list_and_show_speak_one_language(commons) -> None:  # type: ignore[no-untyped-def]
    import sys

    def cli(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "open_commons", "partners", *args, "--root", str(commons.root)],
                              capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    french = cli("list", "--lang", "fr")
    assert "validé" in french and "validated" not in french and "Territoire" in french
    english = cli("list", "--lang", "en")
    assert "validated" in english and "validé" not in english
    shown = cli("show", "fabrique-roubaix", "--lang", "fr")
    assert "{" not in shown and "Statut" in shown and "Identités" in shown and '"index"' not in shown
    assert "association" in shown and "Fabrique numérique de Roubaix" in shown
    assert json.loads(cli("show", "fabrique-roubaix", "--format", "json", "--lang", "fr"))["id"] == "fabrique-roubaix"
