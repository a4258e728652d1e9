# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Read a commons checkout (commons.yaml, content/, schemas) into a Commons value."""

from __future__ import annotations

import os
from pathlib import Path

from open_commons.errors import ConfigNotFound
from open_commons.model import Commons, Config, Document, ProblemKind, Resource
from open_commons.model.ledger import decode as decode_ledger
from open_commons.sources import frontmatter, schemas
from open_commons.sources.files import read, read_bytes, read_with_bytes
from open_commons.sources.licence_texts import references

CONFIG_FILE = "commons.yaml"
MAX_CONFIG_BYTES = 1_048_576


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a commons.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigNotFound(str(start))


def load_config(root: Path) -> Config:
    file = read(root, CONFIG_FILE, MAX_CONFIG_BYTES)
    doc = frontmatter.yaml_document(file)
    return Config(str(root), doc.data or {}, doc)


def walk(root: Path, top: str) -> tuple[list[str], list[str]]:
    """Files and symlinks below ``root/top`` (POSIX, relative to root), links never followed."""
    files: list[str] = []
    links: list[str] = []
    base = root / top
    if not base.is_dir() or base.is_symlink():
        return files, links
    for folder, dirs, names in os.walk(base, followlinks=False):
        rel_folder = Path(folder).relative_to(root).as_posix()
        for d in list(dirs):
            if d.startswith(".") or (Path(folder) / d).is_symlink():
                dirs.remove(d)
                if (Path(folder) / d).is_symlink():
                    links.append(f"{rel_folder}/{d}")
        dirs.sort()
        for name in sorted(names):
            if name.startswith("."):
                continue
            rel = f"{rel_folder}/{name}"
            (links if (Path(folder) / name).is_symlink() else files).append(rel)
    return files, links


def expected_id(content_root: str, rel: str) -> str:
    inner = rel[len(content_root) + 1 :]
    return inner[:-3] if inner.endswith(".md") else inner


def is_resource_path(content_root: str, rel: str) -> bool:
    """Markdown files under content/, except content/README.md (the generated index)."""
    return rel.endswith(".md") and rel != f"{content_root}/README.md"


def load_resource(root: Path, config: Config, rel: str) -> Resource:
    """Read one resource; a symlink is reported (FM016), never followed."""
    return read_resource(root, config, rel)[0]


def read_resource(root: Path, config: Config, rel: str) -> tuple[Resource, bytes | None]:
    """``load_resource``, and the bytes it read (None when it did not read them all), for whoever needs
    them next (REUSE) not to read the file again."""
    file, raw = read_with_bytes(root, rel, config.max_file_bytes)
    return Resource(frontmatter.markdown_document(file), expected_id(config.content_root, rel)), raw


def load_commons(root: Path, config: Config | None = None, *, lazy: bool = False) -> Commons:
    """Read everything the rules need from a checkout.

    With ``lazy``, resources are listed but not read (their documents are empty
    placeholders): the caller reads them, e.g. in worker processes.
    """
    config = config or load_config(root)
    content = config.content_root
    files, links = walk(root, content)
    rels = [rel for rel in files if is_resource_path(content, rel)] + links  # links reported, never followed
    if lazy:
        resources = [Resource(Document(rel, None), expected_id(content, rel)) for rel in rels]
    else:
        resources = [load_resource(root, config, rel) for rel in rels]
    return Commons(
        config=config,
        resources=tuple(resources),
        files=frozenset(files),
        schemas={"resource": schemas.load("resource"), "config": schemas.load("config"),
                 "partner": schemas.load("partner"), "ledger-entry": schemas.load("ledger-entry")},
        documents=tuple(partner_documents(root, config)),
        texts=(texts := {**ledger_texts(root, config), **licence_texts(root)}),
        references=references(texts),
    )


def partner_documents(root: Path, config: Config) -> list[Document]:
    """partners/*.yaml, checked by the PTN rules."""
    from open_commons.sources.partners import load_documents

    return load_documents(root, config)


def licence_texts(root: Path) -> dict[str, str]:
    """LICENSES/*: each text is compared with the licence its name says (SAF004)."""
    folder = root / "LICENSES"
    if not folder.is_dir() or folder.is_symlink():
        return {}
    out = {}
    for path in sorted(folder.iterdir()):
        rel = f"LICENSES/{path.name}"
        file = read(root, rel, MAX_CONFIG_BYTES)
        if path.name.endswith(".license"):
            continue
        if file.text is None:
            if not any(p.kind in (ProblemKind.NOT_UTF8, ProblemKind.BINARY) for p in file.problems):
                continue
            # bytes that are not UTF-8 text: compared as decoded (U+FFFD marks them), so SAF004 says it
            out[rel] = (read_bytes(root, rel, MAX_CONFIG_BYTES) or b"").decode("utf-8", "replace").replace("\x00", "\ufffd")
            continue
        out[rel] = file.text
    return out


def ledger_texts(root: Path, config: Config) -> dict[str, str]:
    """The ledger and .mailmap, checked by the LED rules (absent files are left out)."""
    out = {}
    ledger = config.settings.ledger.path
    for rel in (ledger, ".mailmap"):
        file = read(root, rel, 1 << 30)
        if file.text is not None:
            out[rel] = file.text
        elif rel == ledger and any(p.kind is ProblemKind.NOT_UTF8 for p in file.problems):
            # kept, bytes escaped: LED001 names the line that is not UTF-8
            out[rel] = decode_ledger(read_bytes(root, rel, 1 << 30) or b"")
    return out


def repository_prefix(root: Path) -> str:
    """Where the commons sits in its git repository, as a POSIX prefix ("" at the top, else "a/b/").

    Found from the files alone (the nearest ``.git`` folder or worktree file at or above
    ``root``); "" when the commons is in no repository.
    """
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""
