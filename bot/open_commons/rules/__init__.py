# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rules: pure functions from the model to findings, each with a stable code.

Every family module registers its rules (``registry.rule``) and its checks
(``registry.check``) when imported; ``load_all`` imports them all.
"""

from __future__ import annotations

import importlib

from open_commons.i18n import N_

FAMILIES = ("parsing", "schema", "resources", "config", "licensing", "share_alike", "partners", "ledger", "safety", "access")
# what each family checks, as a heading for people (the index of the rules on the site)
FAMILY_TITLES = {
    "parsing": N_("Reading the file (FM)"),
    "schema": N_("Front-matter fields (SCH)"),
    "resources": N_("Ids, links, attachments and translations (RES)"),
    "config": N_("The commons' policy, commons.yaml (CFG)"),
    "licensing": N_("Licences and REUSE (LIC)"),
    "share_alike": N_("Credits and share-alike on every change (ATT)"),
    "partners": N_("The partner registry (PTN)"),
    "ledger": N_("The contribution ledger (LED)"),
    "safety": N_("Hidden characters and look-alikes (SAF)"),
    "access": N_("Partners-only access (ACC)"),
}


_loaded: list[bool] = []


def load_all() -> None:
    """Import every family (once: it is called for every resource)."""
    if _loaded:
        return
    for name in FAMILIES:
        importlib.import_module(f"open_commons.rules.{name}")
    _loaded.append(True)
