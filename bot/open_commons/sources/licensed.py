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
import io
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from open_commons.model import Commons, Config, Resource
from open_commons.model.licensing import ChangeSet, LicensedCommons, Status
from open_commons.sources import git_revisions, reuse_info, schemas
from open_commons.sources.tree import expected_id, is_resource_path, load_commons, load_config


def licensed(commons: Commons, **extra: object) -> LicensedCommons:
    values = {f.name: getattr(commons, f.name) for f in dataclasses.fields(Commons)}
    return LicensedCommons(**values, **extra)  # type: ignore[arg-type]


def full(root: Path, config: Config | None = None, commons: Commons | None = None,
         jobs: int = 1, cache: dict[str, tuple[str, object]] | None = None) -> LicensedCommons:
    """The whole checkout, REUSE included (``commons``: the checkout already read, e.g. in parallel;
    ``cache``: per-file REUSE results of an earlier run, see ``reuse_info.scan``)."""
    commons = commons if commons is not None else load_commons(root, config)
    return licensed(commons, reuse=reuse_info.scan(root, jobs=jobs, cache=cache))


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


def _is_support(path: str) -> bool:
    return path == "REUSE.toml" or path.endswith("/REUSE.toml") or path.startswith("LICENSES/") \
        or path == ".reuse/dep5"


def _covered(paths: Iterable[str]) -> list[str]:
    """The files to check with REUSE: changed files, and the files whose .license sidecar changed."""
    out = set()
    for p in paths:
        out.add(p.removesuffix(".license") if p.endswith(".license") else p)
    return sorted(out)


def _inside_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's ``data`` filter, but a member it refuses (a link out of the tree, an absolute
    path) is left out instead of ending the check: links are findings (FM016), never followed."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


def _reuse_for_change(repo: git_revisions.Repo, change: ChangeSet) -> object:
    touched = [c.path for c in change.changes]
    support_changed = any(_is_support(p) for p in touched)
    subset = _covered(change.head_paths)
    if repo.head is None:  # the working tree is on disk as it is
        if support_changed:
            return reuse_info.scan(repo.root)
        # no REUSE.toml in the change: they are those of git's index (the tree is not walked)
        return reuse_info.scan(repo.root, subset, reuse_tomls=git_revisions.indexed_reuse_tomls(repo))
    with tempfile.TemporaryDirectory(prefix="commons-head-") as tmp:
        target = Path(tmp)
        if support_changed:  # a licensing policy change: the whole head tree is checked
            buf = io.BytesIO()
            repo.repo.archive(buf, treeish=repo.head, format="tar")
            buf.seek(0)
            with tarfile.open(fileobj=buf) as tar:
                tar.extractall(target, filter=_inside_only)
            return reuse_info.scan(target)
        git_revisions.export_files(repo, git_revisions.reuse_support_files(repo), target)
        present = git_revisions.export_files(
            repo, [*subset, *(p + ".license" for p in subset)], target)
        return reuse_info.scan(target, [p for p in subset if p in present])


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
    # the files the rules look up (attachments next to a resource): only those named, not whole folders
    named = sorted({f"{res.path.rsplit('/', 1)[0]}/{name}" for res in resources
                    for name in _attachments(res.doc.data)})
    repo.prefetch(repo.head, named)
    files = frozenset(p for p in named if repo.exists(repo.head, p))
    commons = Commons(
        config=config,
        resources=tuple(resources),
        files=files,
        schemas={"resource": schemas.load("resource"), "config": schemas.load("config")},
        # licence texts the change touches, compared with the licence they are named after (SAF004)
        texts={c.head.path: c.head.text for c in change.changes if c.head is not None
               and c.head.text is not None and c.head.path.startswith("LICENSES/")},
    )
    report = _reuse_for_change(repo, change)
    touched = sorted({c.path for c in change.changes} | {c.base.path for c in change.changes if c.base}
                     | {p for c in change.changes if c.status is Status.ADDED for p in ([c.path])})
    return licensed(commons, reuse=report, change=change), touched
