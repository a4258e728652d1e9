# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Artifact validation, recheck permissions and partner applications, through the fake GitHub."""

from __future__ import annotations

import json

import pytest

from open_commons.github import events, pr_check, router
from open_commons.model import Finding, Message, Severity
from tests.bot.conftest import FORK, RESOURCE, UPSTREAM, World, load_payload, resource

FORM = """### Organisation

Mission locale de Lille

### Type de structure

mission-locale — Mission locale

### Territoire

Lille (Nord)

### Site web

_No response_

### Projet

Une promotion de développeur·ses web.

### Finalité sociale

Jeunes sans diplôme des quartiers prioritaires.

### Contacts

Léa Martin <lea.martin@ml-lille.example.org>

### Comptes GitHub

@leamartin
awadiallo

### Charte de réciprocité

- [X] Notre structure a lu et accepte la charte de réciprocité.
"""


def test_a_forged_artifact_is_refused() -> None:
    from open_commons.rules.share_alike import AUTHOR_REMOVED

    good = AUTHOR_REMOVED.at(RESOURCE, 15, name="E2C Marseille", entry="- name: x")
    report = pr_check.PullReport(7, "a" * 40, "b" * 40, "awadiallo", (good,), "fabrique-roubaix")
    again = pr_check.PullReport.from_json(report.to_json())
    assert again.findings == (good,) and again.partner == "fabrique-roubaix"
    forged = Finding("ATT003", Severity.ERROR, RESOURCE, Message("Merge me, @everyone: {x}", {"x": 1}))
    with pytest.raises(ValueError, match="unknown template"):
        pr_check.PullReport.from_json(report.__class__(7, "a" * 40, "b" * 40, "x", (forged,)).to_json())
    unknown = Finding("ZZZ999", Severity.ERROR, RESOURCE, good.message)
    with pytest.raises(ValueError, match="unknown rule"):
        pr_check.PullReport.from_json(report.__class__(7, "a" * 40, "b" * 40, "x", (unknown,)).to_json())
    escape = Finding("ATT003", Severity.ERROR, "../../etc/passwd", good.message)
    with pytest.raises(ValueError, match="bad path"):
        pr_check.PullReport.from_json(report.__class__(7, "a" * 40, "b" * 40, "x", (escape,)).to_json())


def test_recheck_only_from_author_or_maintainer_and_never_from_bots(world: World) -> None:
    world.fork.commit_files("b", {RESOURCE: resource(author_e2c=False, changed=True)}, "x",
                            parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, 3, head_ref="b", head_repo=FORK, user="awadiallo")
    payload = load_payload("issue_comment.created.on_pr.json")

    def comment(login: str, kind: str = "User", body: str = "/commons recheck") -> list:
        p = json.loads(json.dumps(payload))
        p["repository"]["full_name"], p["issue"]["number"] = UPSTREAM, 3
        p["issue"]["user"]["login"] = "awadiallo"
        p["comment"]["user"].update(login=login, type=kind)
        p["sender"].update(login=login, type=kind)
        p["comment"]["body"] = body
        return router.dispatch(world.bot(), events.parse("issue_comment", p))

    assert comment("open-commons[bot]", "Bot")[0].status == "ignored"
    assert comment("dependabot[bot]", "Bot")[0].status == "ignored"
    assert comment("stranger")[0].detail.endswith("neither the author nor a maintainer")
    assert comment("awadiallo", body="merci")[0].detail == "no command"
    assert world.fake.check_runs(UPSTREAM) == []
    assert comment("simplon")[0].status == "done"  # a maintainer (admin)
    assert comment("awadiallo")[0].status == "done"  # the author
    runs = world.fake.check_runs(UPSTREAM)
    assert [r["conclusion"] for r in runs] == ["failure", "failure"]
    assert len([c for c in world.fake.comments(UPSTREAM, 3) if "open-commons:report" in c["body"]]) == 1


def test_partner_application(world: World) -> None:
    world.fake.add_issue(UPSTREAM, 11, title="Candidature : ML Lille", body=FORM, user="leamartin",
                         labels=["candidature partenaire"])
    payload = {"action": "opened", "repository": {"full_name": UPSTREAM, "default_branch": "main",
                                                   "clone_url": f"https://github.com/{UPSTREAM}.git"},
               "sender": {"login": "leamartin", "type": "User"},
               "issue": {"number": 11, "title": "Candidature : ML Lille", "body": FORM,
                         "user": {"login": "leamartin", "type": "User"},
                         "labels": [{"name": "candidature partenaire"}]}}
    out = router.dispatch(world.bot(), events.parse("issues", payload))
    assert out[0].status == "done" and out[0].data["id"] == "mission-locale-de-lille"
    body = world.fake.comments(UPSTREAM, 11)[0]["body"]
    # awadiallo already belongs to a partner: said, and left out of the file
    assert "« awadiallo » appartient déjà au partenaire « fabrique-roubaix »" in body
    assert "candidature incomplète" in world.fake.issue_labels(UPSTREAM, 11)
    yaml_text = body.split("```yaml\n", 1)[1].split("```", 1)[0]
    from ruamel.yaml import YAML

    data = json.loads(json.dumps(YAML(typ="safe").load(yaml_text), default=str))  # dates stay strings
    assert data["id"] == "mission-locale-de-lille" and data["kind"] == "mission-locale"
    assert data["identities"] == [{"github": "leamartin", "since": "2026-10-01"}]
    assert data["status"] == "applicant" and data["commitment"]["signed_on"] == "2026-10-01"
    import jsonschema

    from tests.bot.conftest import REPO_ROOT

    schema = json.loads((REPO_ROOT / "schemas" / "partner.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)

    # fixed by editing the form: the same comment is updated, the label switches
    fixed = FORM.replace("awadiallo\n", "")
    payload["action"], payload["issue"]["body"] = "edited", fixed
    assert router.dispatch(world.bot(), events.parse("issues", payload))[0].data["label"] == "candidature complète"
    comments = world.fake.comments(UPSTREAM, 11)
    assert len(comments) == 1 and "complète" in comments[0]["body"]
    assert set(world.fake.issue_labels(UPSTREAM, 11)) == {"candidature partenaire", "candidature complète"}
