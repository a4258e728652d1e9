# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""One JSON line per delivery and per job, on a stream shared by threads."""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import IO, Any

_lock = threading.Lock()


class JsonLog:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream

    def line(self, **fields: Any) -> None:
        fields.setdefault("ts", round(time.time(), 3))
        text = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
        stream = self.stream or sys.stderr
        with _lock:
            try:
                stream.write(text + "\n")
                stream.flush()
            except (OSError, ValueError):  # a closed log stream never fails a delivery
                pass
