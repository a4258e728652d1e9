# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The bot's test world (a commons in git, a fork, the fake GitHub), shared with tests/bot."""

from tests.bot.conftest import world  # noqa: F401 - a fixture, re-exported
