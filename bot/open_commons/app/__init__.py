# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The application layer: ``Workspace`` and the use cases every adapter calls (CLI, pre-commit,
the Action, the App). Each use case takes a workspace and plain values and returns a value."""
