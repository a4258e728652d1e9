# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A local fake of the GitHub REST API for the bot's tests.

``FakeGitHub`` serves, over real HTTP on 127.0.0.1, the endpoints the bot uses,
so the real bot code runs with PyGithub pointed at it::

    with FakeGitHub() as fake:                       # token "t" = open-commons[bot] (Bot)
        repo = init_repo(tmp_path / "up.git")        # a real (bare) git repository
        repo.commit_files("main", {"README.md": "hi\\n"}, "init")
        fake.add_repo("open-commons/commons", repo.path)
        repo.commit_files("feature", {"a.md": "a\\n"}, "add a", parent=repo.branch_sha("main"))
        fake.add_pull("open-commons/commons", 1, head_ref="feature", user="alice")
        g = fake.client()                             # github.Github(base_url=fake.url, ...)
        g.get_repo("open-commons/commons").get_pull(1).get_files()

State set up by tests: ``add_user``, ``add_token`` (``permissions``, ``app_id``), ``add_repo``
(git-backed; forks with ``fork_of``), ``add_pull`` / ``set_pull``, ``add_issue``,
``add_comment``, ``add_review``, ``add_label``, ``set_permission``, ``protect``
(rulesets and branch protection), ``set_pages``, ``add_app`` / ``add_installation``. Inspection: ``requests``,
``find_requests``, ``comments``, ``issue_labels``, ``labels``, ``check_runs``,
``annotations``, ``reviews``, ``pull``, ``installation_tokens``, ``git(repo)``,
``server_errors``, ``divergences``. Faults: ``inject``, ``clear_faults``, ``faults_served``.

GitHub's contract: every request and every answer (injected faults aside) is checked against the
vendored part of GitHub's OpenAPI description (``openapi/github-rest.json``, see ``contract.py``);
a divergence is recorded in ``divergences`` and leaving the ``with`` block (or the ``fake_github``
and ``world`` fixtures) fails the test. ``take_divergences()`` takes those a test makes on purpose.

GitHub's behaviours it plays: the contents API answers 403 ``too_large`` past 1 MB unless the raw or
object media type is asked (then the git blobs API gives the bytes); rulesets and branch protection
refuse writes, force pushes and deletions (409 on contents, 422 on refs, GitHub's messages); an endpoint
needs its permission from the installation or the token (403 "Resource not accessible by integration",
with the ``X-Accepted-GitHub-Permissions`` header naming it); only the App
that created a check run may update it; lists are paginated (``Link`` headers).

Endpoints (anything else: 404 ``{"message": "Not Found", "documentation_url"}``):

- ``GET /user`` (403 for installation tokens, like GitHub), ``GET /users/{u}``, ``GET /rate_limit``
- ``GET /app``, ``GET /app/installations[/{id}]``, ``POST /app/installations/{id}/access_tokens``,
  ``GET /repos/{o}/{r}/installation`` (JWT), ``GET /apps/{slug}``
- ``GET /repos/{o}/{r}``; ``GET .../pulls`` (state, head, base); ``GET .../pulls/{n}``;
  ``GET .../pulls/{n}/files`` (max 3000); ``GET .../pulls/{n}/commits`` (max 250); ``GET .../pulls/{n}/reviews``
- ``GET .../compare/{base}...{head}`` (also ``..``, ``owner:ref``); ``GET .../commits/{ref}``
- ``GET .../branches/{b}``; ``GET .../git/ref/{ref}``, ``GET .../git/refs/{ref}``, ``POST .../git/refs``,
  ``PATCH|DELETE .../git/refs/{ref}``, ``GET .../git/blobs/{sha}``
- ``POST .../check-runs``, ``GET|PATCH .../check-runs/{id}``, ``GET .../check-runs/{id}/annotations``,
  ``GET .../commits/{ref}/check-runs`` (check_name, status, filter=latest|all)
- ``GET|POST .../issues/{n}/comments``, ``GET|PATCH|DELETE .../issues/comments/{id}``, ``GET .../issues/{n}``
- ``GET|POST|PUT|DELETE .../issues/{n}/labels``, ``DELETE .../issues/{n}/labels/{name}``,
  ``GET|POST .../labels``, ``GET .../labels/{name}``
- ``GET .../contents/{path}?ref=`` (default, raw and object media types), ``PUT|DELETE .../contents/{path}``
  (real commits)
- ``GET .../collaborators/{u}/permission``
- a repository's settings (``repo_settings.py``): ``GET .../branches/{b}/protection`` (admins only: 404
  for other users, 403 for a scoped token without ``administration``), ``GET .../rules/branches/{b}``,
  ``GET .../rulesets/{id}`` (``bypass_actors`` for admins only), ``GET .../pages`` (404 when not enabled)
- organisations and teams (``teams.py``; set up with ``add_org``, ``add_team``, ``accept_invitation``,
  inspected with ``team_state``): ``GET /orgs/{o}/teams/{t}``, ``GET .../members`` and ``.../invitations``
  (paginated), ``GET|PUT|DELETE .../memberships/{u}`` (pending invitations, 404, 422, 403 without
  ``members: write``)
"""

from .gitops import CommitInfo, FileChange, GitError, GitRepo, Ident, TreeEntry, init_repo
from .server import UNSET, FakeGitHub
from .transport import ApiError, Fault, RecordedRequest, Response

__all__ = [
    "UNSET",
    "ApiError",
    "CommitInfo",
    "FakeGitHub",
    "Fault",
    "FileChange",
    "GitError",
    "GitRepo",
    "Ident",
    "RecordedRequest",
    "Response",
    "TreeEntry",
    "init_repo",
]
