# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Pytest fixtures around the fake GitHub, importable from any test module::

    from tests.github_fake.fixtures import fake_github, gh, upstream  # noqa: F401

``fake_github``: a started ``FakeGitHub`` (the test fails if the fake crashed);
``gh``: PyGithub pointed at it with the default token ``"t"``;
``upstream``: a bare git repository with one commit on ``main`` (README.md,
content/a.md), served as ``open-commons/commons`` (``UPSTREAM``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Github

from .gitops import GitRepo, init_repo
from .server import FakeGitHub

UPSTREAM = "open-commons/commons"


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started fake; the test fails if the fake itself crashed on a request."""
    with FakeGitHub() as fake:
        yield fake
        assert not fake.server_errors, "\n".join(fake.server_errors)
        fake.assert_contract()


@pytest.fixture
def gh(fake_github: FakeGitHub) -> Iterator[Github]:
    """PyGithub pointed at the fake, authenticated with the default token, no retries."""
    client: Github = fake_github.client()
    yield client
    client.close()


@pytest.fixture
def upstream(tmp_path: Path, fake_github: FakeGitHub) -> GitRepo:
    """A bare repository with one commit on ``main``, served as ``open-commons/commons``."""
    repo = init_repo(tmp_path / "upstream.git")
    repo.commit_files("main", {"README.md": "# Commons\n", "content/a.md": "alpha\nbeta\ngamma\n"}, "Initial commit")
    fake_github.add_repo(UPSTREAM, repo.path)
    return repo
