# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The GitHub bot: webhook events in, one check run, one sticky comment, labels and ledger records out.

The only package importing PyGithub (in ``client.py``). One module per concern (``pr_check``,
``ledger_writer``, ``recheck``, ``applications``) composed by ``router``; ``webhook`` serves
deliveries (``commons bot serve``), ``cli/bot.py`` handles one event (``commons bot handle``).
"""
