# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The JSON Schemas shipped with the tool (schemas/ in a checkout, open_commons/_schemas in a wheel)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent


def schema_dir() -> Path:
    wheel = _PACKAGE / "_schemas"
    if wheel.is_dir():
        return wheel
    return _PACKAGE.parent.parent / "schemas"


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``schemas/<name>.schema.json``."""
    with (schema_dir() / f"{name}.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)
