# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The check pipeline: a Commons in, a Report out.

Per-resource checks (parsing, schema) may run in worker processes while the
tree is read (``load``); commons-wide checks (ids, references, translations…)
run once every resource is known. The exit code is set once, at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from open_commons import rules
from open_commons.cache import CheckCache, file_digest
from open_commons.model import Commons, Config, Finding, Resource, Severity
from open_commons.model.licensing import FileLicensing
from open_commons.model.report import Report
from open_commons.rules.registry import CHECKS, RESOURCE_CHECKS, RULES
from open_commons.sources import reuse_info, tree

PARALLEL_FROM = 400  # below this many resources, one process is faster


def resource_findings(res: Resource, context: Commons, families: frozenset[str] | None = None
                      ) -> tuple[Finding, ...]:
    """Every per-resource check (of ``families``, default all) on one resource."""
    rules.load_all()
    out: list[Finding] = []
    for family, fn in RESOURCE_CHECKS:
        if families is None or family in families:
            out.extend(fn(res, context))
    return tuple(out)


def _family(finding: Finding) -> str | None:
    rule = RULES.get(finding.code)
    return rule.family if rule else None


def run_checks(commons: Commons, families: Iterable[str] | None = None) -> list[Finding]:
    rules.load_all()
    wanted = set(families) if families is not None else None
    findings: list[Finding] = []
    for res in commons.resources:
        done = commons.precomputed.get(res.path)
        if done is None:
            done = resource_findings(res, commons, frozenset(wanted) if wanted is not None else None)
        findings.extend(f for f in done if wanted is None or _family(f) in wanted)
    for family, fn in CHECKS:
        if wanted is None or family in wanted:
            findings.extend(fn(commons))
    return findings


def under(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or inside it ("" and "." stand for the whole commons)."""
    return prefix in ("", ".") or path == prefix or path.startswith(prefix.rstrip("/") + "/")


def within(finding: Finding, paths: Sequence[str]) -> bool:
    return not paths or any(under(finding.path, p) for p in paths)


def check(commons: Commons, paths: Sequence[str] = (), families: Iterable[str] | None = None,
          today: str | None = None) -> Report:
    """Run every registered check and keep the findings under ``paths`` (all when empty).

    ``today`` (ISO date) is handed to the rules as data; by default the day of the check, read here once.
    """
    if today is not None or not commons.today:
        commons = dataclasses.replace(commons, today=today or dt.date.today().isoformat())
    found = [f for f in run_checks(commons, families) if within(f, paths)]
    found.sort(key=lambda f: f.sort_key)
    config_error = any(f.code.startswith("CFG") and f.severity is Severity.ERROR for f in found)
    checked = sum(1 for res in commons.resources if not paths or any(under(res.path, p) for p in paths))
    return Report(tuple(found), checked, config_error)


# --- reading and per-resource checks in parallel ----------------------------


@contextlib.contextmanager
def few_collections(threshold: int = 100_000) -> Iterator[None]:
    """Reading a whole tree makes millions of objects that all live to the end: each full pass of the
    cyclic garbage collector goes over every one of them (a third of the main process' time on
    10,000 resources). Passes are made rarer while this lasts; cycles are still collected."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], threshold), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


Licensing = dict[str, tuple[str | None, FileLicensing]]  # see reuse_info.licensing_of


def _chunk(root: str, rels: list[str], context: Commons, families: frozenset[str] | None, reuse: bool = False,
           keys: bool = False) -> tuple[list[tuple[Resource, tuple[Finding, ...]]], Licensing]:
    """Read, parse and check the resources ``rels``; with ``reuse``, their REUSE information too, from
    the bytes just read (``reuse_info.licensing_of``; ``keys``: with their cache keys)."""
    out = []
    raws: dict[str, bytes] = {}
    for rel in rels:
        res, raw = tree.read_resource(Path(root), context.config, rel)
        out.append((res, resource_findings(res, context, families)))
        if reuse and raw is not None:
            raws[rel] = raw
    return out, (reuse_info.licensing_of(Path(root), raws, keys) if raws else {})


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def load(root: Path, config: Config | None = None, jobs: int | None = None,
         families: Iterable[str] | None = None, cache: CheckCache | None = None,
         licensing: Licensing | None = None) -> Commons:
    """Read a checkout like ``tree.load_commons``, running the per-resource checks on the way.

    With several cores and enough resources, files are read, parsed and validated in
    worker processes; the result is the same Commons, with ``precomputed`` findings
    (of ``families`` only, when given: check it with the same families).
    With a ``cache`` (whose scope must cover the code, schemas, policy and families), a
    file whose bytes did not change since the last run is not read again.
    With ``licensing`` (filled in place), the REUSE information of every resource read is found
    from the same bytes, for ``reuse_info.scan(known=...)`` (with their cache keys when there is a
    ``cache``).
    """
    commons = tree.load_commons(root, config, lazy=True)
    jobs = default_jobs() if jobs is None else jobs
    wanted = frozenset(families) if families is not None else None
    rels = [res.path for res in commons.resources]  # lazy: only paths known so far
    context = dataclasses.replace(commons, resources=())
    by_path: dict[str, tuple[Resource, tuple[Finding, ...]]] = {}
    keys: dict[str, str | None] = {}
    todo = rels
    if cache is not None:
        section = cache.section("resources")
        todo = []
        for rel in rels:
            key = keys[rel] = file_digest(root / rel, commons.config.max_file_bytes)
            entry = section.get(rel)
            if key is not None and entry is not None and entry[0] == key:
                by_path[rel] = entry[1]
            else:
                todo.append(rel)
    reuse = licensing is not None
    if jobs > 1 and len(todo) >= PARALLEL_FROM:
        size = max(50, len(todo) // (jobs * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        results = []
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for part, found in pool.map(_chunk, [str(root)] * len(chunks), chunks, [context] * len(chunks),
                                        [wanted] * len(chunks), [reuse] * len(chunks),
                                        [cache is not None] * len(chunks)):
                results.extend(part)
                if licensing is not None:
                    licensing.update(found)
    else:
        results, found = _chunk(str(root), todo, context, wanted, reuse, cache is not None)
        if licensing is not None:
            licensing.update(found)
    by_path.update((res.path, (res, found)) for res, found in results)
    if cache is not None:
        cached = sum(1 for key in keys.values() if key is not None)
        if todo or cached != len(cache.section("resources")):
            entries = {rel: (key, by_path[rel]) for rel, key in keys.items() if key is not None}
            cache.replace("resources", entries, changed=True)
    resources = tuple(by_path[rel][0] for rel in rels)
    return dataclasses.replace(
        commons,
        resources=resources,
        precomputed={rel: by_path[rel][1] for rel in rels},
    )
