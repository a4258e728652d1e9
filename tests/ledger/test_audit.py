# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The reciprocity audit: per partner, CHAOSS metrics, policy, formats, the shipped repository."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from open_commons import audit
from open_commons.model.partners import Partner, PartnerStatus, StatusChange
from open_commons.reporters.audit_report import AUDIT_REPORTERS
from tests.conftest import REPO
from tests.ledger.conftest import run
from tests.ledger.test_ledger import record_all


def test_elephant_factor_and_diversity() -> None:
    assert audit.elephant_factor({"a": 50, "b": 30, "c": 20}) == 1
    assert audit.elephant_factor({"a": 40, "b": 30, "c": 30}) == 2
    assert audit.elephant_factor({"a": 1, "b": 1, "c": 1, "d": 1}) == 2
    assert audit.elephant_factor({}) == 0


def _partner(pid: str, validated: str | None, status: PartnerStatus = PartnerStatus.VALIDATED) -> Partner:
    history = (StatusChange(PartnerStatus.VALIDATED, validated),) if validated else ()
    return Partner(pid, pid.upper(), "association", "X", status, history)


def test_reciprocity_follows_the_policy() -> None:
    policy = audit.Policy(active_within_months=6, dormant_after_months=12, grace_months=6)
    today = "2026-06-15"
    judge = lambda p, last: audit.reciprocity(p, last, today, policy)[0]  # noqa: E731
    assert judge(_partner("a", "2020-01-01"), "2026-03-01") == "active"
    assert judge(_partner("a", "2020-01-01"), "2025-10-01") == "to-watch"
    assert judge(_partner("a", "2020-01-01"), "2025-06-01") == "dormant"
    assert judge(_partner("a", "2026-03-01"), None) == "grace"
    assert judge(_partner("a", "2025-01-01"), None) == "dormant"
    assert judge(_partner("a", "2025-10-01"), None) == "to-watch"
    assert judge(_partner("a", None, PartnerStatus.APPLICANT), None) == "not-judged"


def test_audit_of_a_real_history(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    record_all(commons.root, history_prs)
    proc = run(commons.root, "audit", "--format", "json", "--until", "2024-06-30")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    rows = {r["id"]: r for r in data["partners"]}
    assert rows["fabrique-roubaix"]["merged_prs"] == 2 and rows["fabrique-roubaix"]["translations"] == 1
    assert rows["fabrique-roubaix"]["resources_improved"] == 1
    assert rows["e2c-lille"]["merged_prs"] == 1 and rows["e2c-lille"]["resources_created"] == 1
    assert rows["e2c-lille"]["reviews"] == 1 and rows["simplon"]["reviews"] == 2
    assert rows["fabrique-roubaix"]["last_contribution"] == "2023-05-01"
    assert rows["fabrique-roubaix"]["months_since_last"] == 13 and rows["fabrique-roubaix"]["reciprocity"] == "dormant"
    assert rows["e2c-lille"]["reciprocity"] == "to-watch"
    assert data["unaffiliated_prs"] == 1 and data["organizations"] == 2 and data["elephant_factor"] == 1
    assert round(rows["fabrique-roubaix"]["share"], 3) == 0.667
    assert data["per_quarter"]["2023-Q1"] == {"fabrique-roubaix": 1}
    assert data["sources"] == {"ledger": 4, "history": 0}
    one = json.loads(run(commons.root, "audit", "--format", "json", "--partner", "e2c-lille").stdout)
    assert [r["id"] for r in one["partners"]] == ["e2c-lille"]
    since = json.loads(run(commons.root, "audit", "--format", "json", "--since", "2023-06-01").stdout)
    assert since["contributions"] == 2


def test_history_fills_what_the_ledger_lacks(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    proc = run(commons.root, "audit", "--format", "json")
    data = json.loads(proc.stdout)
    # the merge commits #1 and #4; the squash merges #2 and #3 count once GitHub confirms them
    # (tests/ledger/test_honest_credit.py), a title "(#N)" alone proves nothing
    assert data["sources"] == {"ledger": 0, "history": 2} and data["contributions"] == 2
    assert "2 commit(s) titled like a squash merge '(#N)' not counted" in proc.stderr
    ledger_only = json.loads(run(commons.root, "audit", "--format", "json", "--source", "ledger").stdout)
    assert ledger_only["contributions"] == 0


def test_every_format_renders(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    from open_commons.ledger import collect
    from open_commons.sources.tree import load_config

    record_all(commons.root, history_prs)
    records, partners, sources = collect(commons.root, load_config(commons.root))
    result = audit.build(records, partners, audit.Policy(), today="2024-06-30", sources=sources)
    for lang in ("fr", "en"):
        table = AUDIT_REPORTERS["table"](result, lang, "Test")
        assert "Fabrique numérique de Roubaix" in table
        text = AUDIT_REPORTERS["csv"](result, lang, "Test")
        assert text.startswith("\ufeff")  # UTF-8 with a BOM: Excel reads the accents right
        rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";" if lang == "fr" else ","))
        assert {r["id"] for r in rows} == {"simplon", "fabrique-roubaix", "e2c-lille"}
        md = AUDIT_REPORTERS["markdown"](result, lang, "Test")
        assert md.startswith("# ") and "| 2023-Q1 |" in md
        page = AUDIT_REPORTERS["html"](result, lang, "Test")
        assert page.count("<svg") == 2 and "<script" not in page and "http://" not in page.replace(
            'xmlns="http://www.w3.org/2000/svg"', "")
    french = AUDIT_REPORTERS["table"](result, "fr", "T")
    assert "en sommeil" in french and "Réciprocité" in french and "dormant" in AUDIT_REPORTERS["table"](result, "en", "T")


def test_audit_works_on_the_shipped_repository() -> None:
    for fmt in ("table", "json"):
        proc = subprocess.run([sys.executable, "-m", "open_commons", "audit", "--format", fmt, "--lang", "en",
                               "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert "simplon" in {r["id"] for r in data["partners"]}


def test_a_rebased_commit_whose_subject_ends_in_a_pr_number_is_not_a_merged_pr(commons, history_prs) -> None:  # type: ignore[no-untyped-def]
    """Beside a ledger, only merge commits count from git history: a partner's own commit titled
    "… (#12)", rebased or fast-forwarded onto main, is not a merged PR (a dormant partner stays dormant)."""
    from open_commons.ledger import collect
    from open_commons.sources.tree import load_config
    from tests.ledger.conftest import when
    from tests.ledger.test_ledger import record_all

    record_all(commons.root, history_prs[:1])
    commons.commit("Variante ajoutée (#12)", {"content/montage/diagnostic.md": "---\nid: montage/diagnostic\n---\nx\n"},
                   when=when("2024-03-01"))
    records, _partners, used = collect(commons.root, load_config(commons.root), cache=False)
    numbers = sorted(int(r["pr"]) for r in records)
    assert 12 not in numbers
    assert used["ledger"] == 1 and all(n != 2 for n in numbers[1:])  # the squash PR #2 is not in the ledger either
