# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""GitHub's REST OpenAPI description, the part the fake GitHub serves (vendored) and the script making it."""
