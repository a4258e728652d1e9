# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark: audit and ledger verify on a synthetic commons history, cold and cached.

Builds (with ``git fast-import``, in a temporary folder) a history of N commits (default
100,000): 10,000 merged PRs (merge commits with their branch commits, squash merges) and direct
pushes, by people of 20 partners and unaffiliated ones, plus a ledger of one record per PR. Then,
in the same run, times:

- raw ``git log --numstat`` over the whole history (git's own cost, the reference);
- ``commons audit`` (records from the ledger + history pass) cold (empty cache) and cached;
- ``commons ledger verify`` cold and cached;
- the naive GitPython loop (``iter_commits`` + ``commit.stats``) on a sample, extrapolated.

Usage: python benchmarks/bench_audit.py [--commits 100000] [--prs 10000] [--sample 300] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("montage", "financement", "sourcing", "formation", "placement")


def build(root: Path, commits: int, prs: int) -> None:
    """A synthetic history written with git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE)
    out = proc.stdin
    assert out is not None
    mark = 0
    t = 1_420_070_400  # 2015-01-01
    contents: dict[str, list[str]] = {}
    files = [f"content/{PHASES[i % 5]}/ressource-{i}.md" for i in range(2000)]
    partners = [f"p{i:02d}" for i in range(20)]

    def person(i: int) -> tuple[str, str, str]:
        login = f"user{i}"
        if i % 10 == 9:
            return login, f"User {i}", f"{login}@gmail.example"
        return login, f"User {i}", f"{login}@{partners[i % 20]}.example"

    def data(text: str) -> bytes:
        raw = text.encode()
        return b"data %d\n" % len(raw) + raw + b"\n"

    def blob(path: str, n: int) -> int:
        nonlocal mark
        lines = contents.setdefault(path, [f"---\nid: {path[8:-3]}\n---\n"])
        if len(lines) > 40:
            del lines[1:20]
        lines.append(f"Ligne ajoutée {n}\n")
        mark += 1
        out.write(b"blob\nmark :%d\n" % mark + data("".join(lines)))
        return mark

    def commit(ref: str, author: tuple[str, str, str], message: str, ops: list[tuple[int, str]], parent: int | None,
               merge: int | None = None) -> int:
        nonlocal mark, t
        mark += 1
        t += 600
        _login, name, email = author
        out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
        out.write(f"author {name} <{email}> {t} +0000\ncommitter Maintainer <m@simplon.co> {t} +0000\n".encode())
        out.write(data(message))
        if parent is not None:
            out.write(b"from :%d\n" % parent)
        if merge is not None:
            out.write(b"merge :%d\n" % merge)
        for blob_mark, path in ops:
            out.write(b"M 100644 :%d %s\n" % (blob_mark, path.encode()))
        out.write(b"\n")
        return mark

    made = 0
    main = commit("refs/heads/main", ("m", "Maintainer", "m@simplon.co"), "Initial commons\n",
                  [(blob("content/README.md", 0), "content/README.md")], None)
    made += 1
    merges = prs * 4 // 5
    squashes = prs - merges
    branch_len = max(1, (commits - 1 - prs * 2) // merges) if merges else 0
    direct = commits - 1 - merges * (branch_len + 1) - squashes
    n = 0
    for pr in range(1, prs + 1):
        who = person(pr % 200)
        n += 1  # noqa: SIM113 - a running count used after the loop too
        if pr <= merges:
            tip, finals = main, {}
            for k in range(branch_len):
                path = files[(pr * 7 + k) % len(files)]
                b = blob(path, n)
                finals[path] = b
                trailer = f"\n\nCo-authored-by: Colleague <c{pr}@{partners[pr % 20]}.example>\n" if k == 0 and pr % 3 == 0 else ""
                tip = commit("refs/heads/pr", who, f"Work {k} on #{pr}{trailer}\n", [(b, path)], tip)
                made += 1
            main = commit("refs/heads/main", ("m", "Maintainer", "m@simplon.co"),
                          f"Merge pull request #{pr} from {who[0]}/pr-{pr}\n\nContribution {pr}\n",
                          [(b, p) for p, b in finals.items()], main, tip)
            made += 1
        else:
            path = files[(pr * 13) % len(files)]
            main = commit("refs/heads/main", who, f"Improve {path} (#{pr})\n", [(blob(path, n), path)], main)
            made += 1
        if direct > 0 and pr % max(1, prs // max(direct, 1)) == 0:
            per = min(direct, max(1, direct // prs + 1))
            for _ in range(per):
                path = files[(made * 3) % len(files)]
                main = commit("refs/heads/main", ("m", "Maintainer", "m@simplon.co"), "Direct push\n",
                              [(blob(path, made), path)], main)
                made += 1
                direct -= 1
    while direct > 0:
        path = files[(made * 3) % len(files)]
        main = commit("refs/heads/main", ("m", "Maintainer", "m@simplon.co"), "Direct push\n",
                      [(blob(path, made), path)], main)
        made += 1
        direct -= 1
    out.write(b"reset refs/heads/pr\nfrom 0000000000000000000000000000000000000000\n\n")
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=root, check=True)
    _write_commons(root, partners)


def _write_commons(root: Path, partners: list[str]) -> None:
    from open_commons.demo import default_config, partner_yaml
    from open_commons.sources import yamlio

    (root / "commons.yaml").write_text(yamlio.dump(default_config()), encoding="utf-8")
    for p in partners:
        path = root / "partners" / f"{p}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(partner_yaml(p, p.upper(), "association", "France", validated="2015-01-01",
                                     identities=[{"domain": f"{p}.example"}]), encoding="utf-8")
    (root / "ledger").mkdir(exist_ok=True)


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--prs", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=300, help="commits for the naive GitPython loop")
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = parser.parse_args()

    import git

    from open_commons import audit as audit_lib
    from open_commons import ledger
    from open_commons.identity import Registry
    from open_commons.sources import history as hist
    from open_commons.sources import schemas
    from open_commons.sources.partners import load_mailmap, load_partners
    from open_commons.sources.tree import load_config

    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    root = tmp / "commons"
    try:
        t_build, _ = timed(build, root, args.commits, args.prs)
        count = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True,
                                   text=True, check=True).stdout)
        print(f"synthetic history: {count} commits, {args.prs} PRs, built in {t_build:.1f} s ({root})")
        config = load_config(root)
        registry = Registry(load_partners(root, config), load_mailmap(root))
        repo = git.Repo(root)

        # the ledger: one record per merged PR (history read once, in a throw-away cache)
        _t_ledger, history = timed(hist.read_history, repo, cache=False)
        prs = ledger.prs_from_history(history, registry, "simplon")
        text = ledger.rebuild_text(prs, registry)
        (root / "ledger/contributions.jsonl").write_text(text, encoding="utf-8")
        print(f"ledger: {text.count(chr(10))} records written")

        def raw(*extra: str) -> float:
            start = time.perf_counter()
            subprocess.run(["git", "log", "--numstat", "--format=%H %an <%ae> %ct %s", *extra, "HEAD"], cwd=root,
                           stdout=subprocess.DEVNULL, check=True)
            return time.perf_counter() - start

        t_raw = raw()
        t_raw_ours = raw("--raw", "--diff-merges=first-parent")

        def audit_once(cache_dir: Path) -> int:
            records, partners, sources = ledger.collect(root, config, cache=cache_dir)
            result = audit_lib.build(records, partners, audit_lib.Policy.from_config(config), today="2030-01-01",
                                     sources=sources)
            return result.contributions

        def verify_once(cache_dir: Path) -> int:
            result = ledger.verify(root, config=config, registry=registry, ledger_path="ledger/contributions.jsonl",
                                   cache=cache_dir, schema=schemas.load("ledger-entry"))
            return len(result.findings)

        audit_cache, verify_cache = tmp / "cache-audit", tmp / "cache-verify"
        t_audit_cold, n = timed(audit_once, audit_cache)
        t_audit_warm, n2 = timed(audit_once, audit_cache)
        assert n == n2 == args.prs, (n, n2)
        t_verify_cold, f1 = timed(verify_once, verify_cache)
        t_verify_warm, f2 = timed(verify_once, verify_cache)
        assert f1 == f2 == 0, (f1, f2)

        sample = list(repo.iter_commits("HEAD", max_count=args.sample))
        start = time.perf_counter()
        for c in sample:
            _ = c.stats.total
        t_naive = time.perf_counter() - start
        rate = len(sample) / t_naive
        t_naive_full = count / rate

        print()
        print(f"{'measure':<48}{'seconds':>10}{'vs raw git log':>16}")
        rows = [
            ("raw git log --numstat (reference)", t_raw),
            ("git log --raw --numstat --diff-merges=first-parent", t_raw_ours),
            ("audit, cold (empty cache)", t_audit_cold),
            ("audit, cached", t_audit_warm),
            ("ledger verify, cold (empty cache)", t_verify_cold),
            ("ledger verify, cached", t_verify_warm),
            (f"naive GitPython stats, extrapolated ({rate:.0f} commits/s)", t_naive_full),
        ]
        for label, secs in rows:
            print(f"{label:<48}{secs:>10.2f}{secs / t_raw:>15.2f}x")
        print()
        print(f"audit: cold/raw = {t_audit_cold / t_raw:.2f} (target <= 2), cached/cold = "
              f"{t_audit_warm / t_audit_cold:.1%} (target < 10 %)")
        print(f"verify: cold/raw = {t_verify_cold / t_raw:.2f} (target <= 2), cached/cold = "
              f"{t_verify_warm / t_verify_cold:.1%} (target < 10 %)")
        print(f"naive GitPython loop / cold audit = {t_naive_full / t_audit_cold:.0f}x")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
