# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The GitHub App as a service: the durable job queue, its jobs and workers, the HTTP server, the sweeper."""
