# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Open Commons: run an open methodology commons the way open-source software is run."""

__version__ = "0.1.0"
