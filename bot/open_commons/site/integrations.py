# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The seams between the site and the rest of the tool: one function per foreign module.

The site does not compute credit lines, kits, partners or contributions itself:

- ``credit_line``   -> ``open_commons.attribution`` (TASL credit lines);
- ``build_kit``     -> ``open_commons.export`` (a phase's kit: resources, ATTRIBUTION.md, licences);
- ``load_partners`` -> ``open_commons.sources.partners`` (the partner registry);
- ``ledger_records`` -> ``open_commons.model.ledger`` (the contribution ledger).
"""

# i18n-catalog: site

from __future__ import annotations

import json
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
    """The TASL credit line of a resource (open_commons.attribution)."""
    try:
        from open_commons import attribution
    except ImportError:  # TEMPORARY until open_commons.attribution lands (issue 4): title, authors, licence
        return _interim_credit(commons, resource, lang)
    work = attribution.credit(commons, resource)
    return Credit(text=attribution.render(work, lang, "text").strip(), html=attribution.render(work, lang, "html"))


def _interim_credit(commons: Commons, resource: Resource, lang: str) -> Credit:
    from html import escape

    from open_commons.i18n import N_, _

    data = resource.data
    names = ", ".join(str(a.get("name")) for a in data.get("authors") or () if isinstance(a, Mapping))
    licence = str(commons.config.get("licensing.outbound", "CC-BY-SA-4.0"))
    text = _(N_("“{title}” by {authors}, under {licence}"), lang, title=data.get("title", ""), authors=names,
             licence=licence)
    return Credit(text, escape(text))


KitWriter = Callable[[Path, Commons, str, Path, str, str], None]


def kit_writer() -> KitWriter | None:
    """How to write the kit (zip) of one phase, from open_commons.export; None while it is unavailable.

    The writer is called as ``writer(root, commons, phase, target_zip, access, lang)``.
    """
    try:
        from open_commons import export
    except ImportError:
        return None

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
    """The partner registry (partners/*.yaml), by id; empty when the registry cannot be read."""
    try:
        from open_commons.sources.partners import load_documents, partners_from, partners_root
    except ImportError:
        return {}
    config = commons.config
    out = {}
    for p in partners_from(load_documents(root, config), partners_root(config)):
        out[p.id] = PartnerInfo(p.id, p.name, p.kind, p.territory, p.website, p.status.value)
    return out


def ledger_records(root: Path, commons: Commons) -> Sequence[Mapping[str, Any]]:
    """Every readable record of the contribution ledger, in order (unreadable lines are left out)."""
    path = root / str(commons.config.get("ledger.path", "ledger/contributions.jsonl"))
    if not path.is_file() or path.is_symlink():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        from open_commons.model.ledger import parse_text
    except ImportError:  # pragma: no cover - older model
        records = []
        for line in text.splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                records.append(value)
        return records
    return [line.record for line in parse_text(text) if line.record is not None]
