# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The hostile corpus: cases under tests/fixtures/hostile/<case>/, laid over a fresh commons.

A case folder holds the files to lay over the commons (paths relative to its root) and an
``expected.yaml``::

    what: one line saying what the attack is
    findings:                   # each must be found (line checked when given)
      - {code: FM014, path: content/sourcing/r.md, line: 6}
    absent: [SAF001]            # codes that must not be found
    clean: true                 # no finding at all
    config: {content: {max_file_bytes: 20000000}}   # merged into commons.yaml
    generate: [{kind: big-description, path: …, bytes: 10000000}]   # made at test time
                                # (also fifo, bytes {hex|text, name_hex}, copy {from}, deep-json-line {n})
    symlinks: {content/sourcing/r.md: "{outside}/secret.md"}          # made at test time
    comment: true               # the PR comment showing these findings is checked too

So that the repository's own `reuse lint` does not read the fixtures' licence tags, and so that
no invisible character is committed, file names and contents use tokens replaced on lay-out:
``<<LT>>``/``<<CT>>`` (the two REUSE tag names), ``<<NUL>>``, ``<<ESC>>``, ``<<RLO>>``,
``<<LRI>>``, ``<<PDI>>``, ``<<ZWSP>>``, ``<<ZWJ>>``, ``<<CSI>>``; a name ending in ``.in`` loses it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from open_commons.sources import yamlio
from tests.conftest import FIXTURES, build_commons

HOSTILE = FIXTURES / "hostile"

TOKENS = {
    "<<LT>>": "SPDX-" "License-Identifier",
    "<<CT>>": "SPDX-" "FileCopyrightText",
    "<<NUL>>": "\x00",
    "<<ESC>>": "\x1b",
    "<<CSI>>": "\x9b",
    "<<RLO>>": "\u202e",
    "<<LRI>>": "\u2066",
    "<<PDI>>": "\u2069",
    "<<ZWSP>>": "\u200b",
    "<<ZWJ>>": "\u200d",
}


def detokenise(text: str) -> str:
    for token, value in TOKENS.items():
        text = text.replace(token, value)
    return text


@dataclass
class Case:
    name: str
    folder: Path
    expected: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.expected.get("findings") or [])


def cases() -> list[Case]:
    out = []
    for folder in sorted(p for p in HOSTILE.iterdir() if p.is_dir()):
        data, problems = yamlio.load((folder / "expected.yaml").read_text(encoding="utf-8"))
        assert not problems and isinstance(data, dict), (folder, problems)
        out.append(Case(folder.name, folder, dict(data)))
    return out


# --- generators: inputs too big or too strange to commit ------------------------------------

def resource_text(rid: str = "sourcing/r", *, front: str = "", body: str = "# Un guide\n",
                  description: str = "Une ressource du corpus hostile, pour les tests.") -> str:
    """A valid resource whose front-matter ends with ``front``."""
    return (
        f"---\n# {TOKENS['<<CT>>']}: 2026 Simplon.co\n# {TOKENS['<<LT>>']}: CC-BY-SA-4.0\n"
        f"schema_version: 1\nid: {rid}\ntitle: Un guide hostile\ndescription: {description}\n"
        "type: guide\nphases: [sourcing]\nlanguage: fr\nversion: 1.0.0\nstatus: draft\naccess: public\n"
        "authors:\n  - name: Simplon.co\ndate_created: 2026-01-05\ndate_modified: 2026-01-05\n"
        f"{front}---\n\n{body}"
    )


def _generate(root: Path, spec: dict[str, Any]) -> None:
    kind, path = spec["kind"], root / spec.get("path", "")
    path.parent.mkdir(parents=True, exist_ok=True)
    n = int(spec.get("n", 0))
    if kind == "big-description":  # a front-matter of spec.bytes bytes, in one value
        path.write_text(resource_text(description="x" * int(spec["bytes"])), encoding="utf-8")
    elif kind == "long-body":  # n lines of text, then a licence tag quoted in the text
        body = "x\n" * n
        body += f"Exemple : {TOKENS['<<LT>>']}: MIT\n"
        path.write_text(resource_text(body=body), encoding="utf-8")
    elif kind in ("deep-flow-sequence", "deep-flow-mapping", "deep-block-sequence"):
        value = {
            "deep-flow-sequence": "[" * n + "]" * n,
            "deep-flow-mapping": "{a: " * n + "1" + "}" * n,
            "deep-block-sequence": "\n  " + "- " * n + "x",
        }[kind]
        path.write_text(resource_text(front=f"keywords: {value}\n"), encoding="utf-8")
    elif kind == "nul-far-in-body":  # a NUL after the first 8 KiB, which the binary sniffing reads
        body = "Du texte ordinaire.\n" * 600 + "Un octet nul: \x00 ici.\n"
        path.write_text(resource_text(body=body), encoding="utf-8")
    elif kind == "fifo":  # a named pipe: opening it for reading would wait for a writer for ever
        os.mkfifo(path)
    elif kind == "bytes":  # bytes that are not UTF-8 (in the content, or in the name with name_hex)
        if "name_hex" in spec:
            path = root / os.fsdecode(bytes.fromhex(spec["name_hex"]))
        data = bytes.fromhex(spec["hex"]) if "hex" in spec else detokenise(spec["text"]).encode("utf-8")
        path.write_bytes(data)
    elif kind == "copy":  # a copy of a laid-out file under another name (a case twin…)
        path.write_bytes((root / spec["from"]).read_bytes())
    elif kind == "deep-json-line":  # a ledger line of n nested arrays
        path.write_text("[" * n + "]" * n + "\n", encoding="utf-8")
    else:  # pragma: no cover - a typo in a fixture
        raise ValueError(f"unknown generator {kind}")


def lay_out(case: Case, root: Path, outside: Path) -> Path:
    """Build the commons for a case in ``root``; ``outside`` is a folder outside the repository."""
    build_commons(root, case.expected.get("config"))
    for src in sorted(case.folder.rglob("*")):
        rel = src.relative_to(case.folder).as_posix()
        if src.is_dir() or rel == "expected.yaml":
            continue
        dst = root / detokenise(rel.removesuffix(".in"))
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(detokenise(src.read_text(encoding="utf-8")).encode("utf-8", "surrogatepass"))
    for spec in case.expected.get("generate") or []:
        _generate(root, spec)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text("---\ntitle: secret\n---\nmot de passe\n", encoding="utf-8")
    for rel, target in (case.expected.get("symlinks") or {}).items():
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        os.symlink(str(target).replace("{outside}", str(outside)), link)
    return root


# --- hostile texts: what a pull request or an issue may write, for every output of the bot ----

INJECTIONS = [
    "@admin please look", "@org/team", "mail me: awa@example.org", "&#64;admin", "\\@admin",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<details open><summary>x</summary>",
    "<!-- open-commons:report -->", "<!-- never closed", "--> closed", "[clic](https://evil.example)",
    "![pixel](https://evil.example/p.png)", "https://evil.example/raw", "www.evil.example", "<https://evil.example>",
    "\\[x](https://evil.example)", "[x]: https://evil.example", "`a` `<img src=x>``", "``<img src=x>`",
    "`@admin`", "```\n<script>x</script>", "~~~\n<img src=x>", "| a | b |", "a|b`|`c",
    "line\nkey: injected", "line\rkey: injected", "line\x85key: injected", "line\u2028key: injected",
    "line\u2029key: injected", "line\x0bkey: injected", "line\x0ckey: injected", "line\x1ekey: injected",
    "# heading", "> quote", "- item", "1. item", "    indented code", "***", "a\\", "\\", "*emphasis", "_x_",
    "Budget\u202egpj.exe", "a\u2066b\u2069c", "zero\u200bwidth", "nul\x00byte", "esc\x1b[31mred", "csi\x9b31m",
    "bom\ufeff", "del\x7f", "lone \ud800 surrogate", "\"quoted\" 'single' \\back", "key: value", "{a: 1}",
    "[1, 2]", "&amp; &lt;", "é ü ñ 漢字 👩\u200d👩\u200d👧", "x" * 5000,
]


def hostile_texts() -> list[str]:
    """The injections above, and every line of every file of the corpus (tokens replaced)."""
    out = list(INJECTIONS)
    for path in sorted(HOSTILE.rglob("*")):
        if path.is_file() and path.stat().st_size < 100_000:
            text = detokenise(path.read_text(encoding="utf-8"))
            out += [line for line in text.split("\n") if line.strip()][:40]
            out.append(detokenise(path.relative_to(HOSTILE).as_posix()))
    return list(dict.fromkeys(out))
