# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Sources: read the world (files, git, REUSE, GitHub events) into model values."""
