# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Gather what the licensing rules need: the whole tree, or only what a change touches.

``full``: every resource and the REUSE information of every covered file.
``for_change``: the resources a change touches (head revision, read as
data) and those they refer to, the REUSE information of the changed files
only, and the change itself (base and head front-matter). Its cost grows
with the size of the change, not with the size of the commons.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from open_commons.errors import GitError
from open_commons.model import Commons, Config, Document, Resource
from open_commons.model.licensing import ChangeSet, LicensedCommons, ReuseReport, Status
from open_commons.sources import git_revisions, licence_texts, reuse_info, schemas
from open_commons.sources.partners import MAILMAP, load_documents
from open_commons.sources.tree import expected_id, is_resource_path, load_commons, load_config


def licensed(commons: Commons, **extra: object) -> LicensedCommons:
    values = {f.name: getattr(commons, f.name) for f in dataclasses.fields(Commons)}
    return LicensedCommons(**values, **extra)  # type: ignore[arg-type]


def full(root: Path, config: Config | None = None, commons: Commons | None = None,
         jobs: int = 1, cache: dict[str, tuple[str, object]] | None = None,
         known: reuse_info.Known | None = None) -> LicensedCommons:
    """The whole checkout, REUSE included (``commons``: the checkout already read, e.g. in parallel;
    ``cache``: per-file REUSE results of an earlier run; ``known``: files already scanned while they
    were read, see ``reuse_info.scan``)."""
    commons = commons if commons is not None else load_commons(root, config)
    return licensed(commons, reuse=reuse_info.scan(root, known=known, jobs=jobs, cache=cache))


def _references(data: Mapping[str, object] | None) -> set[str]:
    ids: set[str] = set()
    if not data:
        return ids
    sources = data.get("is_based_on")
    if isinstance(sources, list):
        ids |= {s["id"] for s in sources if isinstance(s, Mapping) and isinstance(s.get("id"), str)}
    if isinstance(data.get("translation_of"), str):
        ids.add(data["translation_of"])  # type: ignore[arg-type]
    links = data.get("translations")
    if isinstance(links, Mapping):
        ids |= {v for v in links.values() if isinstance(v, str)}
    return ids


def _attachments(data: Mapping[str, object] | None) -> list[str]:
    names = data.get("attachments") if data else None
    return [n for n in names if isinstance(n, str) and n and "/" not in n] if isinstance(names, list) else []


MAX_LEDGER_BYTES = 1 << 30


def _is_support(path: str) -> bool:
    return path == "REUSE.toml" or path.endswith("/REUSE.toml") or path.startswith("LICENSES/") \
        or path == ".reuse/dep5"


def _covered(paths: Iterable[str]) -> list[str]:
    """The files to check with REUSE: changed files, and the files whose .license sidecar changed."""
    out = set()
    for p in paths:
        out.add(p.removesuffix(".license") if p.endswith(".license") else p)
    return sorted(out)


def _is_toml(path: str) -> bool:
    return path == "REUSE.toml" or path.endswith("/REUSE.toml")


def _head_listing(repo: git_revisions.Repo, change: ChangeSet, prefix: str) -> set[str]:
    if repo.head is not None:
        return set(git_revisions.listing(repo, repo.head, prefix))
    files = set(git_revisions.listing(repo, repo.base, prefix))
    for c in change.changes:
        if c.base is not None and c.head is None:
            files.discard(c.base.path)
        if c.head is not None and (not prefix or c.head.path.startswith(prefix + "/")):
            files.add(c.head.path)
    return files


def affected_paths(repo: git_revisions.Repo, change: ChangeSet) -> list[str]:
    """Files whose REUSE information the change can alter: the files it touches (a touched sidecar stands
    for its file), and every file under a REUSE.toml it touches that an annotation of that REUSE.toml
    (before or after the change) matches."""
    touched = [p for c in change.changes for p in (c.base.path if c.base else None, c.head.path if c.head else None)
               if p and not _is_support(p) and not p.endswith("/.gitattributes") and p != ".gitattributes"]
    found = set(_covered(touched))
    for c in change.changes:
        if not _is_toml(c.path):
            continue
        folder = c.path.rpartition("/")[0]
        files = set(git_revisions.listing(repo, repo.base, folder)) | _head_listing(repo, change, folder)
        rel = {f: f[len(folder) + 1:] if folder else f for f in files
               if not _is_support(f) and not f.endswith(".license")}
        texts = [r.text for r in (c.base, c.head) if r is not None and r.text is not None]
        matched = reuse_info.toml_matches(texts, c.path, rel.values())
        found |= {f for f, r in rel.items() if matched is None or r in matched}
    return sorted(found)


def _scan_revision(repo: git_revisions.Repo, rev: str | None, paths: list[str], full: bool) -> ReuseReport:
    """REUSE information of ``paths`` (or of every file, ``full``) at ``rev`` (None: the working tree),
    read from git objects into a private folder: the change's .gitattributes play no part."""
    if rev is None:
        tomls = git_revisions.indexed_reuse_tomls(repo)
        return reuse_info.scan(repo.root, None if full else paths, reuse_tomls=tomls)
    with tempfile.TemporaryDirectory(prefix="commons-rev-") as tmp:
        target = Path(tmp)
        support = git_revisions.reuse_support_files(repo, rev)
        git_revisions.export_files(repo, support, target, rev)
        tomls = [p for p in support if _is_toml(p)]
        if full:
            files = [p for p in git_revisions.listing(repo, rev) if p not in support]
            git_revisions.export_files(repo, files, target, rev)
            report = reuse_info.scan(target, reuse_tomls=tomls)
        else:
            present = git_revisions.export_files(repo, [*paths, *(p + ".license" for p in paths)], target, rev)
            report = reuse_info.scan(target, [p for p in paths if p in present], reuse_tomls=tomls)
        return report


def _reuse_for_change(repo: git_revisions.Repo, change: ChangeSet, affected: list[str]
                      ) -> tuple[ReuseReport, ReuseReport]:
    """(head, base) REUSE reports: the head's of the affected files (of every file when licence texts or
    dep5 change: which files a licence text serves is known only from all of them), the base's of the
    affected files that existed there."""
    touched = [c.path for c in change.changes] + [c.base.path for c in change.changes if c.base]
    full = any(p.startswith("LICENSES/") or p == ".reuse/dep5" for p in touched)
    head = _scan_revision(repo, repo.head, affected, full)
    base = _scan_revision(repo, repo.base, affected, False)
    return head, base


def _grep(repo: git_revisions.Repo, needle: str, content: str) -> list[str]:
    """Markdown files under ``content`` at the head revision (or in the working tree) containing ``needle``."""
    where = [repo.head] if repo.head is not None else ["--untracked"]
    try:
        out = repo.out("grep", "-l", "-z", "-F", "--no-textconv", "--no-color", "-e", needle, *where, "--",
                       f"{content}/*.md")
    except GitError:  # exit status 1: no match
        return []
    prefix = f"{repo.head}:" if repo.head is not None else ""
    return [p.removeprefix(prefix) for p in out.split("\0") if p]


def _related_resources(repo: git_revisions.Repo, change: ChangeSet, content: str) -> list[str]:
    found: set[str] = set()
    folders = {c.path.rpartition("/")[0] for c in change.changes
               if c.path.startswith(content + "/") and not c.path.endswith((".md", ".license"))}
    for folder in sorted(folders):
        found |= {p for p in _head_listing(repo, change, folder) if p.endswith(".md") and p.count("/") ==
                  folder.count("/") + 1}
    for c in change.changes:
        if c.status in (Status.DELETED, Status.RENAMED) and c.base is not None and c.base.doc is not None:
            old = (c.base.doc.data or {}).get("id")
            if isinstance(old, str) and old:
                found |= set(_grep(repo, old, content))
    return sorted(found)


def _registry_if_touched(repo: git_revisions.Repo, change: ChangeSet, config: Config
                         ) -> tuple[tuple[Document, ...], dict[str, str]]:
    """When the change touches partners/, .mailmap or the ledger: the partner documents, .mailmap and the
    ledger as the change leaves them, so that the partner (PTN) and ledger (LED) rules judge it too."""
    folder, ledger = config.settings.partners.root, config.settings.ledger.path
    paths = {c.path for c in change.changes} | {c.base.path for c in change.changes if c.base}
    if not any(p.startswith(folder + "/") or p in (MAILMAP, ledger) for p in paths):
        return (), {}
    texts = {}
    for rel in (MAILMAP, ledger):
        text = repo.text(repo.head, rel, MAX_LEDGER_BYTES)
        if text is not None and (rel == MAILMAP or rel in paths):
            texts[rel] = text
    if repo.head is None:
        return tuple(load_documents(repo.root, config)), texts
    with tempfile.TemporaryDirectory(prefix="commons-partners-") as tmp:
        names = [p for p in git_revisions.listing(repo, repo.head, folder) if p.count("/") == folder.count("/") + 1]
        git_revisions.export_files(repo, names, Path(tmp), repo.head)
        return tuple(load_documents(Path(tmp), config)), texts


def for_change(root: Path, base: str, head: str | None = None, config: Config | None = None
               ) -> tuple[LicensedCommons, list[str]]:
    """The commons as a change leaves it, and the paths the change touches (to filter findings)."""
    config = config or load_config(root)
    content = config.content_root
    repo = git_revisions.open_repo(root, base, head)
    change = git_revisions.change_set(repo, content)
    resources: list[Resource] = []
    seen: set[str] = set()
    for c in change.changes:
        if c.head is not None and c.head.doc is not None and is_resource_path(content, c.head.path):
            resources.append(Resource(c.head.doc, expected_id(content, c.head.path)))
            seen.add(c.head.path)
    # the resources they refer to, so that references resolve (their own findings are filtered out)
    # (an id is the path under content/ without .md: no other file is read to resolve it)
    wanted = sorted({f"{content}/{rid}.md" for res in resources for rid in _references(res.doc.data)} - seen)
    repo.prefetch(repo.head, wanted)
    for path in wanted:
        if repo.exists(repo.head, path):
            rev = git_revisions._revision(repo, repo.head, path, content)
            if rev.doc is not None:
                resources.append(Resource(rev.doc, expected_id(content, path)))
    # the resources that list a changed attachment, and those that cite a renamed or deleted resource
    for path in _related_resources(repo, change, content):
        if path not in seen and repo.exists(repo.head, path):
            rev = git_revisions._revision(repo, repo.head, path, content)
            if rev.doc is not None:
                resources.append(Resource(rev.doc, expected_id(content, path)))
                seen.add(path)
    # the files the rules look up (attachments next to a resource): only those named, not whole folders
    named = sorted({f"{res.path.rsplit('/', 1)[0]}/{name}" for res in resources
                    for name in _attachments(res.doc.data)})
    repo.prefetch(repo.head, named)
    files = frozenset(p for p in named if repo.exists(repo.head, p))
    # licence texts the change touches, compared with the licence they are named after (SAF004)
    texts = {c.head.path: c.head.text for c in change.changes if c.head is not None
             and c.head.text is not None and c.head.path.startswith("LICENSES/")}
    documents, registry_texts = _registry_if_touched(repo, change, config)
    commons = Commons(
        config=config,
        resources=tuple(resources),
        files=files,
        schemas={"resource": schemas.load("resource"), "config": schemas.load("config"),
                 "partner": schemas.load("partner"), "ledger-entry": schemas.load("ledger-entry")},
        documents=documents,
        texts={**texts, **registry_texts},
    )
    commons = dataclasses.replace(commons, references=licence_texts.references(commons.texts))
    affected = affected_paths(repo, change)
    report, base_report = _reuse_for_change(repo, change, affected)
    # a change to the registry answers for the registry as a whole (a login it claims is another's)
    touched = sorted({c.path for c in change.changes} | {c.base.path for c in change.changes if c.base}
                     | set(affected) | {d.path for d in documents})
    return licensed(commons, reuse=report, change=change, base_reuse=base_report,
                    affected=tuple(affected)), touched
