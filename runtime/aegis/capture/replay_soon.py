"""Starting a capture worker to replay the spool while captures wait in it.

Every SessionStart starts one; so does a prompt whose recall just reached the store,
at most once a minute (``REPLAY_INTERVAL_SECONDS``): a save queued while the team
server was down then reaches it within a prompt of its return, not at the end of the
session. When the spool is empty this costs one ``stat``.
"""

from __future__ import annotations

import os
import time

REPLAY_INTERVAL_SECONDS = 60.0


def start_replay_if_waiting(data_dir, cwd: str | None, interval: float = 0.0) -> bool:
    """Start a capture worker if the spool holds captures, unless one was started for
    that reason less than ``interval`` seconds ago. True if one was started."""
    from aegis.capture import GUARD_ENV
    from aegis.capture.layout import CaptureFiles
    files = CaptureFiles.in_data_dir(data_dir)
    try:
        waiting = os.path.getsize(files.spool)
    except OSError:
        return False
    if not waiting or os.environ.get(GUARD_ENV):
        return False
    marker = os.path.join(files.root, "replay-started")
    if interval > 0:
        try:
            if time.time() - os.stat(marker).st_mtime < interval:
                return False
        except OSError:
            pass
    from aegis.capture.spawn import start_worker
    from aegis.paths import open_private
    try:
        with open_private(marker, "w"):
            pass
        os.utime(marker)                # now, whatever truncating an empty file does to it
        start_worker(data_dir, cwd)
    except OSError:
        return False
    return True
