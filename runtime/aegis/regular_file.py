"""Opening a file that a hook payload (or a job made from one) names, safely.

The path comes from outside: it may name ``/dev/zero``, ``/dev/urandom``, a FIFO
nobody writes to, a directory or a terminal. Reading any of those either blocks
forever or never reaches an end of file. So a path is only read when it is a
regular file: checked with ``stat`` before opening (opening a device may have
side effects), opened with ``O_NONBLOCK`` (a FIFO swapped in meanwhile cannot
block the open) and checked again with ``fstat`` on the descriptor actually
read. Anything else is "no file": callers treat it as an empty transcript.
Callers still cap how many bytes they read (a regular file may be huge or sparse).
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def is_regular(path: object) -> bool:
    """True when ``path`` is a string naming an existing regular file (symlinks followed)."""
    if not isinstance(path, str) or not path:
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):        # ValueError: an embedded NUL byte
        return False


def open_regular(path: object) -> BinaryIO | None:
    """``path`` opened for binary reading if it is a regular file, else None (never blocks)."""
    if not is_regular(path):
        return None
    try:
        fd = os.open(path, _FLAGS)          # type: ignore[arg-type]
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):   # replaced between stat and open
            os.close(fd)
            return None
        return os.fdopen(fd, "rb")
    except OSError:
        os.close(fd)
        return None


def regular_size(path: object) -> int | None:
    """The size of a regular file, or None for anything else."""
    if not isinstance(path, str) or not path:
        return None
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
