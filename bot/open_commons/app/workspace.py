# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``Workspace``: one checkout of a commons and everything a use case needs to work on it.

The root, the typed settings, today's date (the clock is read once, here), the number of
worker processes, the partner registry (read on demand) and the check cache. A bot delivery
gets its own workspace on its own lease (``lease.py``): nothing here is shared between two
deliveries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from open_commons.model import Config
from open_commons.model.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from open_commons.identity import Registry


def today_utc() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def default_jobs() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Workspace:
    root: Path
    config: Config
    today: str = field(default_factory=today_utc)
    jobs: int = field(default_factory=default_jobs)
    _registry: Registry | None = field(default=None, repr=False)

    @classmethod
    def open(cls, root: Path | None = None, *, today: str | None = None, jobs: int | None = None,
             search: bool = True) -> Workspace:
        """The commons at ``root`` (or the folder holding commons.yaml, here or above, when ``search``).

        Raises ``ConfigNotFound`` when there is none.
        """
        from open_commons.sources.tree import find_root, load_config

        start = (root or Path.cwd()).resolve()
        found = find_root(start) if search else start
        return cls(found, load_config(found), today or today_utc(), jobs or default_jobs())

    @property
    def settings(self) -> Settings:
        return self.config.settings

    def registry(self) -> Registry:
        """The partner registry (partners/ and .mailmap) of this checkout, read once."""
        if self._registry is None:
            from open_commons.identity import Registry
            from open_commons.sources.partners import load_documents, load_mailmap, partners_from

            self._registry = Registry(partners_from(load_documents(self.root, self.config),
                                                    self.settings.partners.root), load_mailmap(self.root))
        return self._registry

    def partner_of(self, login: str, day: str | None = None) -> str | None:
        return self.registry().by_login(login, day or self.today).partner
