# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""GitHub's published contract, checked on every request the fake receives and every answer it gives.

The contract is the vendored subset of GitHub's REST OpenAPI description (``openapi/github-rest.json``,
made by ``openapi/extract.py`` from the ``@octokit/openapi`` npm package). ``Contract.check_request``
and ``Contract.check_response`` return the divergences as one-line texts: an operation the
description does not have, a query parameter it does not declare or of the wrong type, a request body
that does not match its schema (a wrong or missing field), a status it does not declare, an answer
that does not match the schema of its status. Error answers with a status the description leaves
out must still have GitHub's error shape (``message``, ``documentation_url``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["DESCRIPTION", "Contract", "Operation", "contract"]

DESCRIPTION = Path(__file__).resolve().parent / "openapi" / "github-rest.json"
_BASE = "urn:github-rest"
_ERROR_SHAPE = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}, "documentation_url": {"type": "string"},
                   "errors": {"type": "array"}, "status": {"type": "string"}},
}
# parameters whose value may hold slashes
_GREEDY = {"path", "ref", "basehead", "branch"}


def _absolute(node: Any) -> Any:
    """``#/components/...`` -> ``urn:github-rest#/components/...`` so any sub-schema validates alone."""
    if isinstance(node, dict):
        return {k: (_BASE + v if k == "$ref" and isinstance(v, str) and v.startswith("#/") else _absolute(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_absolute(v) for v in node]
    return node


@dataclass(frozen=True)
class Operation:
    key: str  # "GET /repos/{owner}/{repo}"
    method: str
    template: str
    pattern: re.Pattern[str]
    spec: dict[str, Any]

    @property
    def literal_length(self) -> int:
        return len(re.sub(r"\{[^}]+\}", "", self.template))


class Contract:
    """The operations of the vendored description and validators for their schemas."""

    def __init__(self, path: Path = DESCRIPTION) -> None:
        doc = json.loads(path.read_text(encoding="utf-8"))
        self.source: dict[str, Any] = doc["source"]
        self.examples: dict[str, Any] = doc["examples"]
        resource: Resource[Any] = DRAFT202012.create_resource(_absolute({"components": doc["components"]}))
        self.registry: Registry[Any] = Registry().with_resource(_BASE, resource)
        self.operations: list[Operation] = []
        for key, spec in doc["operations"].items():
            method, template = key.split(" ", 1)
            regex = re.sub(r"\\\{([^}]+)\\\}",
                           lambda m: "(?:.+)" if m.group(1) in _GREEDY else "(?:[^/]+)", re.escape(template))
            self.operations.append(Operation(key, method, template, re.compile(regex), _absolute(spec)))
        # the most literal template first: /commits/{ref}/check-runs before /commits/{ref}
        self.operations.sort(key=lambda op: -op.literal_length)
        self._validators: dict[str, Draft202012Validator] = {}

    # ------------------------------------------------------------------ lookup
    def operation(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method.upper() and op.pattern.fullmatch(path):
                return op
        return None

    def by_key(self, key: str) -> Operation:
        return next(op for op in self.operations if op.key == key)

    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        text = json.dumps(schema, sort_keys=True)
        found = self._validators.get(text)
        if found is None:
            found = Draft202012Validator(schema, registry=self.registry)
            self._validators[text] = found
        return found

    def errors(self, schema: dict[str, Any], instance: Any, *, limit: int = 40) -> list[str]:
        out = []
        for err in self.validator(schema).iter_errors(instance):
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            out.append(f"{where}: {_short(err.message)}")
            if len(out) >= limit:
                break
        return out

    # ------------------------------------------------------------------ checks
    def check_request(self, method: str, path: str, query: Mapping[str, list[str]], body: Any,
                      *, has_body: bool) -> list[str]:
        op = self.operation(method, path)
        if op is None:
            return [f"{method} {path}: no such operation in GitHub's description"]
        out: list[str] = []
        declared = {p["name"]: p for p in op.spec["parameters"] if p["in"] == "query"}
        for name, values in query.items():
            param = declared.get(name)
            if param is None:
                out.append(f"{op.key}: query parameter {name!r} is not in GitHub's description")
                continue
            for value in values:
                for err in self.errors(param["schema"], _coerce(value, param["schema"])):
                    out.append(f"{op.key}: query parameter {name}={value!r}: {err}")
        for name, param in declared.items():
            if param["required"] and name not in query:
                out.append(f"{op.key}: required query parameter {name!r} missing")
        request_body = op.spec.get("requestBody")
        if request_body is None:
            if has_body:
                out.append(f"{op.key}: a request body where GitHub takes none")
            return out
        if not has_body:
            if request_body["required"]:
                out.append(f"{op.key}: request body missing")
            return out
        schema = (request_body["content"].get("application/json") or {}).get("schema")
        if schema is not None:
            out += [f"{op.key} request: {e}" for e in self.errors(schema, body)]
        return out

    def check_response(self, method: str, path: str, status: int, content_type: str | None, body: Any,
                       *, accept: str | None = None) -> list[str]:
        op = self.operation(method, path)
        if op is None:
            return []  # already reported on the request
        declared = op.spec["responses"].get(str(status))
        is_json = content_type is None or "json" in content_type.lower()
        if declared is None:
            if status < 400:
                return [f"{op.key}: status {status} is not in GitHub's description"]
            if is_json and body is not None:
                return [f"{op.key} {status}: {e}" for e in self.errors(_ERROR_SHAPE, body)]
            return []
        if not is_json:
            return []
        content = declared.get("content") or {}
        wanted = [part.split(";")[0].strip().lower().removesuffix("+json") for part in (accept or "").split(",")]
        schema = next((c["schema"] for mt, c in content.items() if mt in wanted), None)  # a custom media type
        if schema is None:
            schema = next((c["schema"] for mt, c in content.items() if mt == "application/json"), None)
        if schema is None:
            # an error answer: GitHub sends its error JSON ({"message", "documentation_url"}) on every 4xx, even
            # where the description declares no content for it (GitHub's docs, "Client errors")
            if body is not None and status != 204 and not (400 <= int(status) < 500 and _is_error_body(body)):
                return [f"{op.key} {status}: a body where GitHub answers none"]
            return []
        if body is None:
            return [f"{op.key} {status}: no body where GitHub answers one"]
        return [f"{op.key} {status}: {e}" for e in self.errors(schema, body)]


def _coerce(value: str, schema: Mapping[str, Any]) -> Any:
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "integer" in kinds:
        try:
            return int(value)
        except ValueError:
            return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def contract() -> Contract:
    """The contract, loaded once per process."""
    return Contract()


def _is_error_body(body: object) -> bool:
    """GitHub's error JSON: a message, and nothing that is not one of its documented keys."""
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return False
    return isinstance(body, dict) and isinstance(body.get("message"), str) and \
        set(body) <= {"message", "documentation_url", "errors", "status"}
