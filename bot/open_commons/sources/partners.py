# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Read the partner registry (``partners/<id>.yaml``) and ``.mailmap`` into model values.

Reading never raises on bad input: a partner file that cannot be parsed is still returned as a
Document (its problems become findings); ``partner_from`` skips what it cannot understand, since
the schema rule reports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from open_commons.model import Config, Document
from open_commons.model.partners import Mailmap, Partner, parse_mailmap, partner_from_data
from open_commons.sources import frontmatter
from open_commons.sources.files import read

MAX_PARTNER_BYTES = 262_144
MAILMAP = ".mailmap"


def partners_root(config: Config) -> str:
    return config.settings.partners.root


def partner_paths(root: Path, config: Config) -> list[str]:
    folder = root / partners_root(config)
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(
        f"{partners_root(config)}/{p.name}"
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


def load_documents(root: Path, config: Config) -> list[Document]:
    return [frontmatter.yaml_document(read(root, rel, MAX_PARTNER_BYTES)) for rel in partner_paths(root, config)]


def partner_from(doc: Document) -> Partner | None:
    """A Partner from its document, or None when the document could not be parsed."""
    if doc.data is None:
        return None
    return partner_from_data(doc.data, doc.path)


def partners_from(docs: Iterable[Document], root_folder: str = "partners") -> list[Partner]:
    """The partners of the documents under ``root_folder``."""
    out = []
    for doc in docs:
        if doc.path.startswith(root_folder + "/"):
            partner = partner_from(doc)
            if partner is not None:
                out.append(partner)
    return out


def load_partners(root: Path, config: Config) -> list[Partner]:
    return partners_from(load_documents(root, config), partners_root(config))


# --- .mailmap ----------------------------------------------------------------


def load_mailmap(root: Path) -> Mailmap:
    path = root / MAILMAP
    if not path.is_file() or path.is_symlink():
        return Mailmap()
    return parse_mailmap(path.read_text(encoding="utf-8", errors="replace"))


__all__ = [
    "Mailmap",
    "load_documents",
    "load_mailmap",
    "load_partners",
    "parse_mailmap",
    "partner_from",
    "partners_from",
    "partners_root",
]
