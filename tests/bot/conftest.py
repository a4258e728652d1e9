# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fixtures of the bot's tests: a small commons in a real git repository, served by the fake GitHub,
a partner's fork, and the bot wired to both through real PyGithub (throttling off, sleeps recorded)."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from open_commons.github.client import PyGithubClient, Retrying, make_github
from open_commons.github.clone import CachedClone
from open_commons.github.context import Bot
from tests.github_fake import FakeGitHub, GitRepo, Ident, init_repo

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "github-webhooks"
UPSTREAM = "simplon/open-commons"
FORK = "awadiallo/open-commons"
RESOURCE = "content/sourcing/information-collective.md"
TODAY = "2026-10-01"

HEADER = """---
# SPDX-FileCopyrightText: 2018 Simplon.co
# SPDX-FileCopyrightText: 2026 E2C Marseille
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: sourcing/information-collective
title: Animer une information collective
description: Présenter la formation à 40 candidat·es et repérer la motivation, sans filtre de diplôme.
type: guide
phases: [sourcing]
language: fr
version: {version}
status: published
access: public
authors:
  - name: Simplon.co
    partner: simplon
{e2c}contributors:
{contributors}changes:
  - date: 2018-05-14
    by: simplon
    summary: Première version
    version: 1.0.0
{changes}date_created: 2018-05-14
date_modified: {modified}
---

# Animer une information collective

Accueillir les candidat·es, présenter la formation, repérer la motivation.
{extra}"""

E2C = "  - name: E2C Marseille\n    partner: e2c-marseille\n"
NADIA = "  - name: Nadia Haddad\n    partner: e2c-marseille\n"
AWA = "  - name: Awa Diallo\n    github: awadiallo\n    partner: fabrique-roubaix\n"
AWA_CHANGE = ("  - date: 2026-09-30\n    by: fabrique-roubaix\n    summary: Variante à distance ajoutée\n"
              "    version: 1.1.0\n")


def resource(*, author_e2c: bool = True, changed: bool = False) -> str:
    return HEADER.format(
        version="1.1.0" if changed else "1.0.0",
        e2c=E2C if author_e2c else "",
        contributors=NADIA + (AWA if changed else ""),
        changes=AWA_CHANGE if changed else "",
        modified="2026-09-30" if changed else "2018-05-14",
        extra="\n## Variante à distance\n\nEn visioconférence, par groupes de dix.\n" if changed else "",
    )


def partner(pid: str, name: str, login: str | None, kind: str = "association") -> str:
    ident = f"  - github: {login}\n    since: 2020-01-01\n" if login else f"  - domain: {pid}.example.org\n"
    return (f"schema_version: 1\nid: {pid}\nname: {name}\nkind: {kind}\nterritory: France\nstatus: validated\n"
            f"history:\n  - status: validated\n    since: 2020-01-01\ncommitment:\n  charter: communaute/charte-de-reciprocite\n"
            f"  version: 1.0.0\n  signed_on: 2020-01-01\nidentities:\n{ident}")


def base_files() -> dict[str, str | bytes]:
    return {
        "commons.yaml": (REPO_ROOT / "commons.yaml").read_text(encoding="utf-8"),
        "LICENSES/CC-BY-SA-4.0.txt": (REPO_ROOT / "LICENSES" / "CC-BY-SA-4.0.txt").read_bytes(),
        "LICENSES/CC0-1.0.txt": (REPO_ROOT / "LICENSES" / "CC0-1.0.txt").read_bytes(),
        "REUSE.toml": 'version = 1\n\n[[annotations]]\npath = ["partners/**", "ledger/**", "README.md"]\n'
                      'SPDX-FileCopyrightText = "2026 Simplon.co"\nSPDX-License-Identifier = "CC0-1.0"\n',
        "README.md": "# Commons\n",
        "partners/simplon.yaml": partner("simplon", "Simplon.co", "simplon", "ess-company"),
        "partners/fabrique-roubaix.yaml": partner("fabrique-roubaix", "Fabrique numérique de Roubaix", "awadiallo"),
        "partners/e2c-marseille.yaml": partner("e2c-marseille", "E2C Marseille", None, "ecole-2e-chance"),
        RESOURCE: resource(),
    }


AWA_IDENT = Ident("Awa Diallo", "awadiallo@users.noreply.github.com")
MAINTAINER = Ident("Simplon", "simplon@users.noreply.github.com")
MAINTAINER_AT = Ident(MAINTAINER.name, MAINTAINER.email, "2026-09-01T09:00:00+00:00")


def load_payload(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def adapt_pull(payload: dict[str, Any], fake: FakeGitHub, number: int) -> dict[str, Any]:
    """A real octokit payload with its pull request, repository and sender replaced by the test ones."""
    out = copy.deepcopy(payload)
    live = fake.pull(UPSTREAM, number)
    pr = out["pull_request"]
    for key in ("number", "state", "title", "merged", "merge_commit_sha", "merged_at", "draft", "author_association"):
        if key in live:
            pr[key] = live[key]
    pr["user"].update(login=live["user"]["login"], type=live["user"]["type"])
    for side in ("head", "base"):
        pr[side]["ref"], pr[side]["sha"] = live[side]["ref"], live[side]["sha"]
        for key in ("full_name", "name", "clone_url", "fork", "default_branch", "private"):
            pr[side]["repo"][key] = live[side]["repo"][key]
        pr[side]["repo"]["owner"]["login"] = live[side]["repo"]["owner"]["login"]
    out["number"] = number
    out["repository"].update({k: live["base"]["repo"][k] for k in ("full_name", "name", "clone_url", "default_branch")})
    out["sender"].update(login=live["user"]["login"], type="User")
    return out


@dataclass
class World:
    fake: FakeGitHub
    upstream: GitRepo
    fork: GitRepo
    tmp: Path
    sleeps: list[float] = field(default_factory=list)

    def url_for(self, url: str) -> str:
        name = url.removeprefix(self.fake.html_base + "/").removesuffix(".git").lower()
        return str({UPSTREAM.lower(): self.upstream.path, FORK.lower(): self.fork.path}.get(name, url))

    def bot(self, token: str = "t") -> Bot:
        client = PyGithubClient(make_github(token, self.fake.url), Retrying(sleep=self.sleeps.append, base=1.0))
        workspace = CachedClone(self.tmp / "clones", token, url_for=self.url_for)
        return Bot(client, workspace, clock=lambda: TODAY, details={"check_name": "Open Commons"})

    def merge(self, number: int) -> str:
        """Merge the PR for real (a merge commit on main) and tell the fake."""
        live = self.fake.pull(UPSTREAM, number)
        head, base = live["head"]["sha"], self.upstream.branch_sha("main")
        self.upstream.run("fetch", "-q", str(self.fork.path), head)
        tree = self.upstream.run("rev-parse", f"{head}^{{tree}}").decode().strip()
        merge = self.upstream.run("commit-tree", tree, "-p", base, "-p", head, "-m",
                                  f"Merge pull request #{number} from {FORK}",
                                  env={"GIT_AUTHOR_NAME": "Simplon", "GIT_AUTHOR_EMAIL": MAINTAINER.email,
                                       "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com",
                                       "GIT_AUTHOR_DATE": "2026-10-01T09:00:00+00:00",
                                       "GIT_COMMITTER_DATE": "2026-10-01T09:00:00+00:00"}).decode().strip()
        self.upstream.update_ref("refs/heads/main", merge, base)
        self.fake.set_pull(UPSTREAM, number, merged=True, merge_commit_sha=merge, merged_by="simplon")
        return merge


def build_world(fake: FakeGitHub, tmp: Path) -> World:
    """The upstream commons, a partner's fork of it and a maintainer, on a running fake GitHub."""
    upstream = init_repo(tmp / "upstream.git")
    upstream.commit_files("main", base_files(), "A commons", author=MAINTAINER_AT)
    fake.add_repo(UPSTREAM, upstream.path)
    fork_dir = tmp / "fork.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(upstream.path), str(fork_dir)], check=True,
                   capture_output=True)
    fork = fake.add_repo(FORK, fork_dir, fork_of=UPSTREAM)
    fake.set_permission(UPSTREAM, "simplon", "admin")
    return World(fake, upstream, fork, tmp)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with FakeGitHub() as fake:
        yield build_world(fake, tmp_path)
        assert not fake.server_errors, "\n".join(fake.server_errors)
        fake.assert_contract()
