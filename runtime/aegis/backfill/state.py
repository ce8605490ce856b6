"""What backfill remembers per project: when it ran, and whether the user was told.

One small JSON file in the capture dir (0600, replaced atomically)::

    {"backfilled": {namespace: epoch}, "noticed": {namespace: epoch}}

The SessionStart notice reads it on every session start, so it stays a single
small file; which sessions were read lives in the capture offsets, shared with
live capture.
"""

from __future__ import annotations

import os
import time

from aegis.capture.layout import CaptureFiles, read_json, write_json_atomic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable

KEYS = ("backfilled", "noticed")


def state_path(data_dir: str) -> str:
    return os.path.join(CaptureFiles.in_data_dir(data_dir).root, "backfill.json")


def load(data_dir: str) -> dict[str, dict[str, float]]:
    data = read_json(state_path(data_dir), {})
    data = data if isinstance(data, dict) else {}
    return {key: data[key] if isinstance(data.get(key), dict) else {} for key in KEYS}


def mark(data_dir: str, key: str, namespaces: Iterable[str], durable: bool = True) -> None:
    """Record ``namespaces`` under ``key`` (backfilled | noticed); never raises OSError."""
    names = [name for name in namespaces if name]
    if not names:
        return
    state = load(data_dir)
    now = round(time.time(), 3)
    for name in names:
        state[key][name] = now
    try:
        CaptureFiles.in_data_dir(data_dir).ensure()
        write_json_atomic(state_path(data_dir), state, durable=durable)
    except OSError:
        pass
