# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# i18n-catalog: licensing
"""Kits for re-users: chosen resources and attachments, ATTRIBUTION.md, the licence texts.

The kit passes ``reuse lint`` on its own: files keep their own REUSE tags;
a file licensed by the commons' REUSE.toml gets a ``.license`` file with the
same information; every licence used has its text in LICENSES/.
Partners-tier resources never leave in a public export.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from open_commons import attribution
from open_commons.i18n import N_, _
from open_commons.model import Commons, Resource
from open_commons.model.licensing import FileLicensing
from open_commons.sources import licence_texts, reuse_info
from open_commons.sources.files import open_regular

LICENCE_TAG = "SPDX-" "License-Identifier"
COPYRIGHT_TAG = "SPDX-" "FileCopyrightText"


@dataclass(frozen=True)
class Kit:
    resources: tuple[Resource, ...]
    files: tuple[str, ...]  # every file written, relative to the kit
    licences: tuple[str, ...]
    missing_texts: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # not regular files (FIFO, device, link): never copied


def select(commons: Commons, access: str = "public", phases: Iterable[str] = ()) -> list[Resource]:
    """The resources to export: of this access tier (public never includes partners-tier), in these phases."""
    wanted = set(phases)
    chosen = []
    for res in commons.resources:
        data = res.data
        if res.doc.data is None or not res.id:
            continue
        tier = data.get("access")  # unknown or missing: not exported (fail closed)
        if access == "public" and tier != "public":
            continue
        if tier not in ("public", "partners"):
            continue
        if access == "partners" and tier not in ("public", "partners"):
            continue
        if wanted and not wanted.intersection(data.get("phases") or []):
            continue
        chosen.append(res)
    return sorted(chosen, key=lambda r: r.path)


def _attachments(res: Resource, commons: Commons) -> list[str]:
    folder = res.path.rsplit("/", 1)[0]
    names = res.data.get("attachments")
    out = []
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and "/" not in name and f"{folder}/{name}" in commons.files:
            out.append(f"{folder}/{name}")
    return out


def _sidecar_text(info: FileLicensing) -> str:
    lines = [f"{COPYRIGHT_TAG}: {t.value.split(':', 1)[1].strip() if t.value.startswith(COPYRIGHT_TAG) else t.value}"
             for t in info.copyrights]
    lines += [f"{LICENCE_TAG}: {t.value}" for t in info.expressions if t.valid]
    return "\n".join(dict.fromkeys(lines)) + "\n"


def attribution_md(commons: Commons, resources: list[Resource], lang: str) -> str:
    name = commons.config.settings.name
    outbound = commons.config.settings.licensing.outbound
    head = (f"<!--\n{COPYRIGHT_TAG}: {name} contributors\n{LICENCE_TAG}: {outbound}\n-->\n")
    lines = [head, "# " + _(N_("Attribution"), lang), "",
             _(N_("This kit comes from {name} ({url}). Each resource below is credited with its title, "
                  "authors, source and licence (TASL); the licence texts are in LICENSES/. When you share "
                  "an adaptation, keep these credits, say what you changed, and share it under the same "
                  "licence."), lang, name=name, url=commons.config.settings.url), ""]
    for res in resources:
        lines.append(f"## {res.data.get('title', res.path)}")
        lines.append("")
        lines.append(_(N_("File: {path}"), lang, path=res.path))
        lines.append("")
        lines.append(attribution.render(attribution.credit(commons, res), lang, "markdown").rstrip("\n"))
        lines.append("")
    return "\n".join(lines)


def build(commons: Commons, root: Path, out_dir: Path, resources: list[Resource], lang: str) -> Kit:
    """Write the kit into ``out_dir`` (created, must be empty or absent)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for res in resources:
        paths.append(res.path)
        paths += _attachments(res, commons)
    paths = list(dict.fromkeys(paths))  # a translation shares its original's attachments: once each
    report = reuse_info.scan(root, paths)
    infos = report.by_path()
    written: list[str] = []
    skipped: list[str] = []
    used: set[str] = set()
    for rel in paths:
        src, dest = root / rel, out_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not _copy_regular(src, dest):
            skipped.append(rel)
            continue
        written.append(rel)
        info = infos.get(rel)
        if info is None:
            continue
        used.update(lic for t in info.expressions for lic in t.licenses)
        from_file = all(t.source == rel for t in (*info.expressions, *info.copyrights))
        if not from_file:
            (out_dir / f"{rel}.license").write_text(_sidecar_text(info), encoding="utf-8")
            written.append(f"{rel}.license")
    text = attribution_md(commons, resources, lang)
    (out_dir / "ATTRIBUTION.md").write_text(text, encoding="utf-8")
    written.append("ATTRIBUTION.md")
    used.add(commons.config.settings.licensing.outbound)
    missing = []
    (out_dir / "LICENSES").mkdir(exist_ok=True)
    for lic in sorted(used):
        body = licence_texts.text_of(root, lic)
        if body is None:
            missing.append(lic)
            continue
        (out_dir / "LICENSES" / f"{lic}.txt").write_text(body, encoding="utf-8")
        written.append(f"LICENSES/{lic}.txt")
    return Kit(tuple(resources), tuple(written), tuple(sorted(used)), tuple(missing), tuple(skipped))


def _copy_regular(src: Path, dest: Path) -> bool:
    """Copy a regular file; False (nothing written) for a link, a FIFO, a socket or a device:
    a kit holds only what was reviewed, and opening a FIFO would wait for ever."""
    try:
        if src.is_symlink():
            return False
        fd = open_regular(src)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fin, dest.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    return True


def export(commons: Commons, root: Path, out: Path, resources: list[Resource], lang: str) -> Kit:
    """Write the kit to a folder, or to a .zip file when ``out`` ends with .zip."""
    if out.suffix.lower() != ".zip":
        return build(commons, root, out, resources, lang)
    with tempfile.TemporaryDirectory(prefix="commons-kit-") as tmp:
        kit = build(commons, root, Path(tmp), resources, lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel in dict.fromkeys(kit.files):  # one entry per name: unzip would stop to ask
                zf.write(Path(tmp) / rel, rel)
    return kit
