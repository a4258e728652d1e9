# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The seams between the site and the rest of the tool: one function per foreign module.

The site does not compute credit lines, kits, partners or contributions itself:

- ``credit_line``   -> ``open_commons.attribution`` (TASL credit lines);
- ``kit_writer``    -> ``open_commons.export`` (a phase's kit: resources, ATTRIBUTION.md, licences);
- ``load_partners`` -> ``open_commons.sources.partners`` (the partner registry);
- ``ledger_records`` -> ``open_commons.model.ledger`` (the contribution ledger).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from open_commons.model import Commons, Resource


@dataclass(frozen=True)
class Credit:
    text: str  # plain text, to copy
    html: str  # with links


def credit_line(commons: Commons, resource: Resource, lang: str) -> Credit:
    """The TASL credit line of a resource and of what it is based on (open_commons.attribution)."""
    from open_commons import attribution

    work = attribution.credit(commons, resource)
    return Credit(text=attribution.render(work, lang, "text").strip(), html=attribution.render(work, lang, "html"))


KitWriter = Callable[[Path, Commons, str, Path, str, str], None]


def kit_writer() -> KitWriter | None:
    """How to write the kit (zip) of one phase (open_commons.export): resources of the phase in the
    access tier, attachments, ATTRIBUTION.md, licence texts. Called as
    ``writer(root, commons, phase, target_zip, access, lang)``."""
    from open_commons import export

    def write(root: Path, commons: Commons, phase: str, target: Path, access: str, lang: str) -> None:
        export.export(commons, root, target, export.select(commons, access, [phase]), lang)

    return write


@dataclass(frozen=True)
class PartnerInfo:
    id: str
    name: str
    kind: str = ""
    territory: str = ""
    website: str | None = None
    status: str = ""


def load_partners(root: Path, commons: Commons) -> dict[str, PartnerInfo]:
    """The partner registry (partners/*.yaml), by id (open_commons.sources.partners)."""
    from open_commons.sources.partners import (
        load_documents,
        partners_from,
        partners_root,
    )

    config = commons.config
    out = {}
    for p in partners_from(load_documents(root, config), partners_root(config)):
        out[p.id] = PartnerInfo(p.id, p.name, p.kind, p.territory, p.website, p.status.value)
    return out


def ledger_records(root: Path, commons: Commons) -> Sequence[Mapping[str, Any]]:
    """Every readable record of the contribution ledger, in order (open_commons.model.ledger), from the
    working tree or, when it has none, from the ledger branch (open_commons.sources.ledger_branch).

    Unreadable lines and records not following the schema are left out: ``commons ledger verify``
    is where they are reported."""
    from open_commons.ledger import usable_records
    from open_commons.sources.ledger_branch import read_ledger

    rel = commons.config.settings.ledger.path
    text = read_ledger(root, commons.config).text  # the working tree's ledger, else the ledger branch's
    return usable_records(text, rel)[0]
