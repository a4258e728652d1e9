# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fixtures of the fake GitHub's own tests (defined in ``fixtures.py``)."""

from .fixtures import fake_github, gh, upstream

__all__ = ["fake_github", "gh", "upstream"]
