# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rules: pure functions from the model to findings, each with a stable code.

Every family module registers its rules (``registry.rule``) and its checks
(``registry.check``) when imported; ``load_all`` imports them all.
"""

from __future__ import annotations

import importlib

FAMILIES = ("parsing", "schema", "resources", "config", "licensing", "share_alike", "partners", "ledger", "safety", "access")


def load_all() -> None:
    for name in FAMILIES:
        importlib.import_module(f"open_commons.rules.{name}")
