# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Use cases: check a tree, check a change, check a branch (the base found by itself).

The CLI, the pre-commit hook, the Action and the bot all call these: the verdict a partner
sees on a laptop is the one the bot posts.
"""

# i18n-catalog: core

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from open_commons import rules as rule_families
from open_commons.app.workspace import Workspace
from open_commons.cache import CheckCache, code_digest, digest
from open_commons.errors import GitError, UsageError
from open_commons.i18n import N_, _
from open_commons.model import Finding, msg
from open_commons.model.licensing import FileLicensing
from open_commons.model.report import Report
from open_commons.pipeline import check as run_check
from open_commons.pipeline import few_collections, under
from open_commons.pipeline import load as load_and_prepare
from open_commons.sources import licensed, reuse_info, schemas
from open_commons.sources.gitrun import Git
from open_commons.sources.tree import partner_documents


@dataclass(frozen=True)
class Base:
    """The revision a branch is compared with: where it forked from the commons' default branch."""

    name: str  # what the user knows it by: "upstream/main", "origin/main", "main", or what --base said
    sha: str


def families_of(raw: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """Validated rule families (None: all)."""
    if raw is None:
        return None
    rule_families.load_all()
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    wanted = tuple(f.strip() for f in items if f.strip())
    unknown = [f for f in wanted if f not in rule_families.FAMILIES]
    if unknown or not wanted:
        raise UsageError(f"unknown family {', '.join(unknown) or str(raw)!r}; families: "
                         f"{', '.join(rule_families.FAMILIES)}")
    return wanted


def _scope(root: Path, families: Sequence[str] | None) -> str:
    """What per-file results depend on besides the file: the tool, its schemas, the policy, REUSE's setup."""
    parts = [code_digest().encode(), repr(list(families) if families is not None else None).encode(),
             reuse_info.project_digest(root).encode()]
    for path in sorted(schemas.schema_dir().glob("*.json")):
        parts.append(path.read_bytes())
    config_file = root / "commons.yaml"
    parts.append(config_file.read_bytes() if config_file.is_file() else b"")
    return digest(*parts)


def check_tree(ws: Workspace, paths: Sequence[str] = (), families: Sequence[str] | None = None,
               use_cache: bool = True) -> Report:
    """The whole checkout (findings kept under ``paths``), REUSE included."""
    with few_collections():
        return _check_tree(ws, paths, families, use_cache)


def _check_tree(ws: Workspace, paths: Sequence[str], families: Sequence[str] | None, use_cache: bool) -> Report:
    cache = CheckCache.open(ws.root, _scope(ws.root, families)) if use_cache else None
    reuse = families is None or "licensing" in families
    # the resources' REUSE information, found from the bytes the workers read (not read twice)
    known: dict[str, tuple[str | None, FileLicensing]] | None = {} if reuse else None
    loaded = load_and_prepare(ws.root, ws.config, ws.jobs, families, cache, known)
    if reuse:
        section = cache.section("reuse") if cache is not None else None
        before = {k: v[0] for k, v in section.items()} if section is not None else None
        loaded = licensed.full(ws.root, ws.config, loaded, jobs=ws.jobs, cache=section, known=known)
        if cache is not None and section is not None:
            cache.replace("reuse", section, changed=before != {k: v[0] for k, v in section.items()})
    report = run_check(loaded, paths, families, today=ws.today)
    if cache is not None:
        cache.save()
    return report


def check_change(ws: Workspace, base: str, head: str | None = None, paths: Sequence[str] = (),
                 families: Sequence[str] | None = None) -> Report:
    """A change from ``base`` to ``head`` (a revision, or the working tree when None): only the files it
    touches, with the share-alike rules. Everything of the change is read as data."""
    commons, touched = licensed.for_change(ws.root, base, head, ws.config)
    # the partner registry of this checkout (the policy: the base commit's, for the bot), so that the
    # partner ids the changed resources cite are checked (PTN007)
    commons = dataclasses.replace(commons, documents=tuple(partner_documents(ws.root, ws.config)))
    wanted = [p for p in touched if not paths or any(under(p, r) for r in paths)]
    return run_check(commons, wanted or ["commons.yaml"], families, today=ws.today)


def _nearest(root: Path, rel: str) -> str | None:
    """The existing path closest to ``rel`` (a typo in one of its parts), or None."""
    parts = [p for p in rel.split("/") if p]
    here, fixed = root, list[str]()
    for part in parts:
        if (here / part).exists():
            here, fixed = here / part, [*fixed, part]
            continue
        names = [c.name for c in here.iterdir()] if here.is_dir() else []
        close = difflib.get_close_matches(part, names, n=1, cutoff=0.75)
        if not close:
            return None
        here, fixed = here / close[0], [*fixed, close[0]]
    return "/".join(fixed) if here.exists() else None


def existing_paths(ws: Workspace, paths: Sequence[str]) -> None:
    """A path that does not exist is a usage error naming it (a typo would otherwise check nothing)."""
    for rel in paths:
        if rel in ("", ".") or (ws.root / rel).exists():
            continue
        near = _nearest(ws.root, rel)
        if near:
            raise UsageError(_("'{path}' does not exist in the commons. Did you mean '{near}'?",
                               path=rel, near=near))
        raise UsageError(_("'{path}' does not exist in the commons.", path=rel))


def _remotes(git: Git) -> dict[str, str]:
    out = git.run("config", "--get-regexp", r"^remote\..*\.url$", check=False).stdout.decode("utf-8", "replace")
    found = {}
    for line in out.splitlines():
        key, _, url = line.partition(" ")
        found[key[len("remote."):-len(".url")]] = url.strip()
    return found


def _points_to(url: str, repository: str) -> bool:
    tail = url.rstrip("/").removesuffix(".git").lower()
    return bool(repository) and (tail.endswith(("/" + repository.lower(), ":" + repository.lower())))


def find_base(ws: Workspace) -> Base | None:
    """Where the current branch forked from the commons' default branch.

    The default branch is looked for on the remote that points to the commons' repository
    (``repository`` in commons.yaml), then on the remotes named in ``check.upstream_remotes``
    (``upstream``, then ``origin``), then as a local branch. None outside git, or when the
    checkout is not the top of its repository, or when no such branch exists.
    """
    git = Git(ws.root)
    if not git.ok("rev-parse", "--verify", "-q", "HEAD^{commit}"):
        return None
    try:
        top = Path(git.out("rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        return None
    if top != ws.root.resolve():
        return None
    branch = ws.settings.default_branch
    remotes = _remotes(git)
    ordered = [r for r, url in remotes.items() if _points_to(url, ws.settings.repository)]
    ordered += [r for r in ws.settings.check.upstream_remotes if r in remotes and r not in ordered]
    candidates = [(f"refs/remotes/{r}/{branch}", f"{r}/{branch}") for r in ordered]
    candidates.append((f"refs/heads/{branch}", branch))
    for ref, name in candidates:
        if git.ok("rev-parse", "--verify", "-q", f"{ref}^{{commit}}"):
            proc = git.run("merge-base", "HEAD", ref, check=False)
            sha = proc.stdout.decode().strip()
            if proc.returncode == 0 and sha:
                return Base(name, sha)
    return None


def _key(f: Finding) -> tuple[object, ...]:
    params = tuple(sorted((k, repr(v)) for k, v in f.message.params.items()))
    return (f.code, f.path, f.line, f.column, f.message.template, params)


def merge(tree: Report, change: Report) -> Report:
    """The tree's findings and the change's, each once."""
    seen: dict[tuple[object, ...], Finding] = {}
    for f in (*change.findings, *tree.findings):
        seen.setdefault(_key(f), f)
    findings = tuple(sorted(seen.values(), key=lambda f: f.sort_key))
    return Report(findings, tree.checked_files, tree.config_error or change.config_error)


def check(ws: Workspace, paths: Sequence[str] = (), families: Sequence[str] | None = None, *,
          base: str | None = None, head: str | None = None, auto_base: bool = True,
          use_cache: bool = True) -> Report:
    """``commons check``: the verdict on what is here.

    - ``base`` and ``head`` (two revisions): that change, as the bot checks a pull request;
    - ``base`` alone, or a base found by itself (``auto_base``): the change from it to the working
      tree (share-alike rules) plus the whole tree;
    - no base (the default branch itself has no base other than itself, outside git…): the tree.
    """
    if head is not None and base is None:
        raise UsageError(_("--head needs --base"))
    if head is None:
        existing_paths(ws, paths)
    if base is not None and head is not None:
        report = check_change(ws, base, head, paths, families)
        return dataclasses.replace(report, base=base, base_sha=_sha(ws, base), notes=(
            msg(N_("Change checked: from {base} to {head}."), base=base, head=head),))
    found: Base | None
    if base is not None:
        found = Base(base, _sha(ws, base))
    else:
        found = find_base(ws) if auto_base else None
    tree = check_tree(ws, paths, families, use_cache)
    if found is None:
        note = msg(N_("No base to compare with (no branch {branch} on a remote or here): the whole tree was "
                      "checked, without the share-alike rules of a change. Give one with --base."),
                   branch=ws.settings.default_branch)
        return dataclasses.replace(tree, notes=(note,)) if auto_base and base is None else tree
    change = check_change(ws, found.sha, None, paths, families)
    note = msg(N_("Compared with {base} ({sha}): the share-alike rules checked what this branch changes, "
                  "the other rules the whole tree."), base=found.name, sha=found.sha[:12])
    return dataclasses.replace(merge(tree, change), base=found.name, base_sha=found.sha, notes=(note,))


def _sha(ws: Workspace, rev: str) -> str:
    try:
        return Git(ws.root).out("rev-parse", "--verify", "-q", f"{rev}^{{commit}}").strip()
    except GitError as err:
        raise GitError(_("unknown revision '{rev}' in the git repository at {root} (a branch, a tag or a commit, "
                         "e.g. origin/main)", rev=rev, root=str(ws.root))) from err
