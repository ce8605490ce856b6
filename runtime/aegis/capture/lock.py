"""One capture worker at a time, per data dir.

An OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows) is released
by the kernel when its holder dies, so a killed worker never leaves a stale
lock behind. A holder that is alive but stuck (a job wedged in C code, a
stopped process) would hold it for good, so the holder writes who it is into
the lock file — pid, the kernel's start time of that pid, when it took the
lock — and a waiter that finds the lock held for longer than ``STUCK_AFTER``
by that same process (pid *and* start time, so a reused pid is never hit)
kills it and takes over. The jobs it was on have their attempt counted
already (``aegis.capture.jobs``), so a job that wedges every worker ends in
quarantine.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from aegis.paths import FILE_MODE, ensure_private_dir, make_private

POLL_SECONDS = 0.05
STUCK_AFTER = 15 * 60.0        # far beyond a worker's own limit (worker.MAX_RUN_SECONDS)


class LockBusy(Exception):
    pass


@contextmanager
def worker_lock(path: Path, wait_seconds: float, stuck_after: float = STUCK_AFTER,
                clock=time.time) -> Iterator[None]:
    """Hold the lock at ``path``; LockBusy if it stays taken for ``wait_seconds``."""
    fd = _open_lock_file(path)
    try:
        deadline = time.monotonic() + wait_seconds
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockBusy(str(path))
            end_stuck_holder(fd, stuck_after, clock)
            time.sleep(POLL_SECONDS)
        try:
            write_holder(fd, clock())
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _open_lock_file(path: str | Path) -> int:
    ensure_private_dir(os.path.dirname(os.path.abspath(path)))
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    make_private(path)
    return fd


class Slot:
    """A lock taken without waiting, for "at most one process waits for the worker
    lock": every Stop and SessionEnd hook starts a worker, and while one works, the
    others would pile up behind it (a ~20 MB process each). The one that waits reads
    the queue once it has the lock, so it takes every job queued meanwhile, and the
    rest can leave. Released by the kernel if its holder dies."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._fd: int | None = None

    def take(self) -> bool:
        fd = _open_lock_file(self._path)
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


def write_holder(fd: int, acquired_at: float) -> None:
    """Record this process as the holder: ``pid start-ticks acquired-at``."""
    line = "%d %s %.3f\n" % (os.getpid(), process_start_ticks(os.getpid()) or "-", acquired_at)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, line.encode("ascii"), 0)
    except (OSError, AttributeError):       # no pwrite on Windows: detection is POSIX-only
        pass


def read_holder(fd: int) -> tuple[int, str, float] | None:
    try:
        pid, ticks, acquired = os.pread(fd, 200, 0).decode("ascii").split()
        return int(pid), ticks, float(acquired)
    except (OSError, AttributeError, ValueError):
        return None


def process_start_ticks(pid: int) -> str | None:
    """When the kernel started ``pid`` (Linux ``/proc``; None elsewhere or if gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
        return stat[stat.rindex(b")") + 2:].split()[19].decode("ascii")
    except (OSError, ValueError, IndexError):
        return None


def end_stuck_holder(fd: int, stuck_after: float, clock=time.time) -> bool:
    """Kill the lock's holder if it has held it for over ``stuck_after`` seconds and
    is still the process that took it; True when one was killed."""
    holder = read_holder(fd)
    if holder is None:
        return False
    pid, ticks, acquired = holder
    if pid == os.getpid() or clock() - acquired < stuck_after or ticks == "-":
        return False
    if process_start_ticks(pid) != ticks:        # gone, or the pid now names another process
        return False
    import signal
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        return False
    from aegis.log import get_logger
    get_logger().warning("capture worker %d held the lock for %.0f s: ended it", pid,
                         clock() - acquired)
    return True


if os.name == "nt":                                     # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
