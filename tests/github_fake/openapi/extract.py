# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Vendor the part of GitHub's REST OpenAPI description that the fake GitHub serves.

Usage (from the repository root)::

    npm pack @octokit/openapi@23.0.2          # MIT, the description of api.github.com
    python -m tests.github_fake.openapi.extract octokit-openapi-23.0.2.tgz

writes ``tests/github_fake/openapi/github-rest.json``: for each operation in ``OPERATIONS`` its
parameters, request body schemas and response schemas (``components/responses``,
``components/parameters`` and ``components/requestBodies`` references resolved in place), the
``components/schemas`` they reach (kept as ``$ref``: the description is a graph), and the examples of
its responses. OpenAPI 3.0 schemas become JSON Schema (draft 2020-12): ``nullable: true`` adds
``null`` to the allowed types; ``oneOf`` becomes ``anyOf`` (GitHub's alternatives overlap: a basic error
is also a rule-violation error, so ``oneOf`` would refuse GitHub's own answers); descriptions and vendor
extensions are dropped.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "github-rest.json"
PACKAGE = "@octokit/openapi"
MEMBER = "package/generated/api.github.com.json"

OPERATIONS: tuple[str, ...] = (
    "GET /user",
    "GET /users/{username}",
    "GET /rate_limit",
    "GET /app",
    "GET /apps/{app_slug}",
    "GET /app/installations",
    "GET /app/installations/{installation_id}",
    "POST /app/installations/{installation_id}/access_tokens",
    "GET /repos/{owner}/{repo}/installation",
    "GET /repos/{owner}/{repo}",
    "GET /repos/{owner}/{repo}/pulls",
    "GET /repos/{owner}/{repo}/pulls/{pull_number}",
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits",
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments",
    "GET /repos/{owner}/{repo}/compare/{basehead}",
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    "GET /repos/{owner}/{repo}/commits/{ref}",
    "GET /repos/{owner}/{repo}/branches/{branch}",
    "GET /repos/{owner}/{repo}/git/ref/{ref}",
    "GET /repos/{owner}/{repo}/git/matching-refs/{ref}",
    "POST /repos/{owner}/{repo}/git/refs",
    "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
    "DELETE /repos/{owner}/{repo}/git/refs/{ref}",
    "GET /repos/{owner}/{repo}/git/blobs/{file_sha}",
    "POST /repos/{owner}/{repo}/check-runs",
    "GET /repos/{owner}/{repo}/check-runs/{check_run_id}",
    "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
    "GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
    "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
    "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}",
    "GET /repos/{owner}/{repo}/issues/{issue_number}",
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    "GET /repos/{owner}/{repo}/issues/{issue_number}/labels",
    "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
    "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels",
    "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels",
    "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    "GET /repos/{owner}/{repo}/labels",
    "POST /repos/{owner}/{repo}/labels",
    "GET /repos/{owner}/{repo}/labels/{name}",
    "GET /repos/{owner}/{repo}/contents/{path}",
    "PUT /repos/{owner}/{repo}/contents/{path}",
    "DELETE /repos/{owner}/{repo}/contents/{path}",
    "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
    "GET /repos/{owner}/{repo}/rules/branches/{branch}",
    # a repository's settings as `commons doctor` reads them: tests/github_fake/repo_settings.py
    "GET /repos/{owner}/{repo}/branches/{branch}/protection",
    "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}",
    "GET /repos/{owner}/{repo}/pages",
    # partners-only access (commons access): tests/github_fake/teams.py
    "GET /orgs/{org}/teams/{team_slug}",
    "GET /orgs/{org}/teams/{team_slug}/members",
    "GET /orgs/{org}/teams/{team_slug}/invitations",
    "GET /orgs/{org}/teams/{team_slug}/memberships/{username}",
    "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}",
    "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}",
    # the App's webhook deliveries (the sweeper that asks GitHub to redeliver failed deliveries)
    "GET /app/hook/deliveries",
    "GET /app/hook/deliveries/{delivery_id}",
    "POST /app/hook/deliveries/{delivery_id}/attempts",
)

_DROP = {"description", "example", "externalDocs", "title", "deprecated", "readOnly", "writeOnly", "discriminator",
         "xml"}


def load(source: Path) -> dict[str, Any]:
    """The description, from the npm tarball or an already extracted JSON file."""
    if source.suffix in (".tgz", ".gz"):
        with tarfile.open(source) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{source}: no {MEMBER}")
            return json.load(member)  # type: ignore[no-any-return]
    return json.loads(source.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema 2020-12 (``nullable``), without documentation keywords."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP or key.startswith("x-") or key == "nullable":
            continue
        if key in ("properties", "patternProperties", "$defs"):
            out[key] = {k: to_json_schema(v) for k, v in value.items()}
        elif key == "oneOf":
            out["anyOf"] = to_json_schema(value)
        else:
            out[key] = to_json_schema(value)
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow a ``$ref`` to a component that is not a schema (responses, parameters, bodies)."""
    while isinstance(node, dict) and "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        target: Any = doc
        for part in parts:
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def operation(doc: dict[str, Any], key: str, examples: dict[str, Any]) -> dict[str, Any]:
    method, path = key.split(" ", 1)
    item = doc["paths"][path]
    op = item[method.lower()]
    params = [_resolve(doc, p) for p in [*item.get("parameters", []), *op.get("parameters", [])]]
    out: dict[str, Any] = {
        "operationId": op.get("operationId"),
        "documentation_url": (op.get("externalDocs") or {}).get("url"),
        "parameters": [
            {"name": p["name"], "in": p["in"], "required": bool(p.get("required")),
             "schema": to_json_schema(p.get("schema", {}))}
            for p in params
        ],
    }
    body = _resolve(doc, op.get("requestBody"))
    if body:
        out["requestBody"] = {
            "required": bool(body.get("required")),
            "content": {mt: {"schema": to_json_schema(c.get("schema", {}))} for mt, c in body["content"].items()},
        }
    responses: dict[str, Any] = {}
    for status, resp in op.get("responses", {}).items():
        resp = _resolve(doc, resp)
        content: dict[str, Any] = {}
        for mt, c in (resp.get("content") or {}).items():
            entry: dict[str, Any] = {"schema": to_json_schema(c.get("schema", {}))}
            names = []
            for name, ex in (c.get("examples") or {}).items():
                ref = ex.get("$ref")
                example_name = ref.rsplit("/", 1)[-1] if ref else f"{out['operationId']}-{status}-{name}"
                examples[example_name] = _resolve(doc, ex).get("value")
                names.append(example_name)
            if names:
                entry["examples"] = names
            content[mt] = entry
        responses[status] = {"content": content}
    out["responses"] = responses
    return out


def extract(doc: dict[str, Any], package_version: str) -> dict[str, Any]:
    examples: dict[str, Any] = {}
    operations = {key: operation(doc, key, examples) for key in OPERATIONS}
    wanted: set[str] = set()
    _refs(operations, wanted)
    schemas: dict[str, Any] = {}
    pending = sorted(wanted)
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        schemas[name] = to_json_schema(copy.deepcopy(doc["components"]["schemas"][name]))
        more: set[str] = set()
        _refs(schemas[name], more)
        pending.extend(sorted(more - schemas.keys()))
    return {
        "source": {"package": PACKAGE, "version": package_version, "file": MEMBER.removeprefix("package/"),
                   "license": "MIT", "openapi": doc.get("openapi"), "info_version": doc["info"].get("version")},
        "operations": operations,
        "components": {"schemas": dict(sorted(schemas.items()))},
        "examples": dict(sorted(examples.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the npm tarball of @octokit/openapi, or its api.github.com.json")
    parser.add_argument("--version", default=None, help="the package version (read from the tarball's name)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    version = args.version or args.source.name.removeprefix("octokit-openapi-").removesuffix(".tgz")
    subset = extract(load(args.source), version)
    args.out.write_text(json.dumps(subset, indent=1, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(subset['operations'])} operations, {len(subset['components']['schemas'])} schemas, "
          f"{len(subset['examples'])} examples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
