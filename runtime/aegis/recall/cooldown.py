"""Cool-downs that outlast one hook process.

Every prompt's hook is a new process, so a server that did not answer would cost
each of them the whole wait again. A miss is written to a marker file under
``<data dir>/recall/`` (its modification time is the moment, its text what
missed); the hooks that follow, in every session, skip that server until the
cool-down has passed. Best effort: a marker that cannot be written or read is no
cool-down.
"""

from __future__ import annotations

import os
import time

from aegis.paths import ensure_private_dir, open_private

DIRECTORY = "recall"


def mark(data_dir: str, name: str, what: str = "") -> None:
    """Start the cool-down ``name`` now, for ``what`` (a server's address, say)."""
    try:
        ensure_private_dir(os.path.join(data_dir, DIRECTORY))
        with open_private(os.path.join(data_dir, DIRECTORY, name), "w") as handle:
            handle.write(what)
    except OSError:
        pass


def active(data_dir: str, name: str, seconds: float, what: str | None = None) -> bool:
    """True if ``name`` was marked less than ``seconds`` ago (for ``what``, if given)."""
    path = os.path.join(data_dir, DIRECTORY, name)
    try:
        age = time.time() - os.stat(path).st_mtime
        if not 0.0 <= age < seconds:
            return False
        if what is None:
            return True
        from aegis.regular_file import open_regular     # a FIFO in its place must not block
        handle = open_regular(path)
        if handle is None:
            return False
        with handle:
            return handle.read(len(what.encode("utf-8")) + 1).decode("utf-8") == what
    except (OSError, UnicodeDecodeError):
        return False
