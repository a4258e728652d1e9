# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Licence texts: from the commons' LICENSES/ folder, else from the ``spdx`` package (offline).

The ``spdx`` package ships SPDX templates: ``<<beginOptional…>>`` and
``<<endOptional>>`` markers (and ``<<var;…;original=…>>`` variables) are
stripped so that what is written is the plain licence text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from open_commons.sources.files import read

_VAR = re.compile(r"<<var;[^>]*?original=(?P<original>.*?);match=[^>]*>>", re.DOTALL)
_MARKER = re.compile(r"<<(?:beginOptional|endOptional)[^>]*>>")


def strip_markers(template: str) -> str:
    """A plain licence text from an SPDX template."""
    text = _VAR.sub(lambda m: m.group("original"), template)
    text = _MARKER.sub("", text)
    return text if text.endswith("\n") else text + "\n"


def from_spdx(licence_id: str) -> str | None:
    """The text of an SPDX licence, from the ``spdx`` package; None when it does not know it."""
    import spdx

    for record in spdx.licenses():
        if record["id"] == licence_id:
            template = spdx._get_license(record["template"])
            return strip_markers(template)
    return None


def licence_of(path: str) -> str | None:
    """The licence a LICENSES/ file is named after (None for other paths and LicenseRef-)."""
    if not path.startswith("LICENSES/") or path.count("/") != 1 or path.endswith(".license"):
        return None
    licence = path[len("LICENSES/"):].rsplit(".", 1)[0]
    return None if licence.startswith("LicenseRef-") else licence


def references(paths: Iterable[str]) -> dict[str, str]:
    """The SPDX reference text of the licence each LICENSES/ path is named after (when SPDX has it)."""
    out: dict[str, str] = {}
    for path in paths:
        licence = licence_of(path)
        if licence is None or licence in out:
            continue
        text = reference_text(licence)
        if text:
            out[licence] = text
    return out


@cache
def reference_text(licence: str) -> str | None:
    """``from_spdx``, also under the older id the ``spdx`` package may know (AGPL-3.0 for AGPL-3.0-or-later)."""
    for candidate in dict.fromkeys((licence, licence.removesuffix("-or-later").removesuffix("-only"))):
        try:
            text = from_spdx(candidate)
        except Exception:  # noqa: BLE001 - no reference text: nothing to compare with
            text = None
        if text:
            return text
    return None


def text_of(root: Path, licence_id: str) -> str | None:
    """The commons' own text of a licence (LICENSES/<id>.*), else the SPDX text."""
    folder = root / "LICENSES"
    if folder.is_dir():
        for path in sorted(folder.glob(f"{licence_id}.*")):
            if path.suffix != ".license" and path.is_file() and not path.is_symlink():
                text = read(root, f"LICENSES/{path.name}", 1 << 22).text
                if text is not None:  # a text that is not UTF-8 (SAF004 says it): the SPDX text instead
                    return text
    return from_spdx(licence_id)


if __name__ == "__main__":  # pragma: no cover - maintainers: python -m open_commons.sources.licence_texts ID
    import sys

    for arg in sys.argv[1:]:
        found = from_spdx(arg)
        if found is None:
            sys.exit(f"{arg}: not an SPDX licence known to the spdx package")
        Path("LICENSES", f"{arg}.txt").write_text(found, encoding="utf-8")
