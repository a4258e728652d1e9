# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The access workflow runs daily and on changes to the registry, with the least privilege it needs."""

from __future__ import annotations

from ruamel.yaml import YAML

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "commons-access.yml"


def test_it_runs_daily_and_on_changes_to_the_registry_with_least_privilege() -> None:
    wf = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    on = wf.get("on", wf.get(True))
    assert on["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert "partners/**" in on["push"]["paths"] and on["push"]["branches"] == ["main"]
    assert "pull_request" not in on and "pull_request_target" not in on
    assert wf["permissions"] == {"contents": "read"}
    job = wf["jobs"]["apply"]
    assert job["permissions"] == {"contents": "write"}  # the log only: teams need a token of their own
    runs = "\n".join(str(s.get("run", "")) for s in job["steps"])
    assert "commons access apply --yes" in runs
    apply = next(s for s in job["steps"] if "commons access apply" in str(s.get("run", "")))
    assert "secrets.GITHUB_TOKEN" not in apply["env"]["GITHUB_TOKEN"]
    app = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/create-github-app-token"))
    assert app["with"]["permission-members"] == "write"
    assert wf["concurrency"]["cancel-in-progress"] is False
