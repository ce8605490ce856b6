"""Append-only JSON-lines logs in the data dir (the recall log, the capture log).

One line per event, 0600, rotated once to ``<name>.1`` past ``max_bytes`` so a
log never grows without bound. Writing never raises (logging must not break a
hook or the capture worker); reading skips lines it cannot parse.
"""

from __future__ import annotations

import os

from aegis import quick_json
from aegis.paths import open_private

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_LOG_BYTES = 2_000_000


def append(path: str | os.PathLike, entry: dict[str, Any], max_bytes: int = MAX_LOG_BYTES) -> None:
    path = os.fspath(path)
    try:
        if os.path.exists(path) and os.path.getsize(path) > max_bytes:
            os.replace(path, path + ".1")
        with open_private(path, "a") as handle:
            handle.write(quick_json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    except OSError:
        pass


def read(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Every entry, oldest first (the rotated file, then the current one)."""
    path = os.fspath(path)
    entries: list[dict[str, Any]] = []
    for candidate in (path + ".1", path):
        try:
            with open(candidate, "rb") as handle:
                for raw in handle:
                    try:
                        entry = quick_json.loads(raw)
                    except (ValueError, UnicodeDecodeError):
                        continue
                    if isinstance(entry, dict):
                        entries.append(entry)
        except OSError:
            continue
    return entries
