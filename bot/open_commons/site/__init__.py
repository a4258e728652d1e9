# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The commons on the web: a static site with credit lines, search and kits (``commons site``)."""

from open_commons.site.build import BuildReport, SiteError, build_site

__all__ = ["BuildReport", "SiteError", "build_site"]
