# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The version bump ATT009 asks for (and `commons fix` writes) is sized to the change."""

from __future__ import annotations

import pytest

from open_commons.rules.share_alike import change_size, next_version

BODY = "# Titre\n\nUn.\n\nDeux.\n\nTrois.\n\nQuatre.\n\nCinq.\n\n## Suite\n\nSix.\n"
DATA = {"title": "T", "phases": ["sourcing"]}


@pytest.mark.parametrize(("head", "data", "size", "version"), [
    (BODY.replace("Deux.", "Deux !"), DATA, "patch", "1.2.4"),  # a typo
    (BODY.replace("\nTrois.\n", ""), DATA, "patch", "1.2.4"),  # a line removed
    (BODY + "\nSept.\n", DATA, "minor", "1.3.0"),  # one more line: an addition
    (BODY.replace("Deux.", "Deux !"), {**DATA, "title": "T2"}, "minor", "1.3.0"),  # the title changed
    (BODY + "\n## Variante\n\nEn visio.\n", DATA, "minor", "1.3.0"),  # a new section
    (BODY + "".join(f"\nLigne {i}.\n" for i in range(5)), DATA, "minor", "1.3.0"),  # an addition
    ("# Titre\n\nTout autre chose.\n\nEt encore.\n", DATA, "major", "2.0.0"),  # a rewrite
])
def test_the_bump_follows_the_size_of_the_change(head: str, data: dict, size: str, version: str) -> None:
    assert change_size(BODY, head, DATA, data) == size
    assert next_version("1.2.3", size) == version


def test_an_unreadable_version_starts_at_one() -> None:
    assert next_version("v2", "patch") == next_version(None, "major") == "1.0.0"
