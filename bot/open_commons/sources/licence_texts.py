# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Licence texts: from the commons' LICENSES/ folder, else from the ``spdx`` package (offline).

The ``spdx`` package ships SPDX templates: ``<<beginOptional…>>`` and
``<<endOptional>>`` markers (and ``<<var;…;original=…>>`` variables) are
stripped so that what is written is the plain licence text.
"""

from __future__ import annotations

import re
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
