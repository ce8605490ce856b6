"""Which memory viewers are running on a data dir, so ``aegis purge`` can stop them.

A viewer serves the store until it is stopped (a detached one for an hour
without use): left running after a purge, its next page load would create the
data dir and an empty store again. Each viewer notes itself in
``<data dir>/run/viewer-<pid>`` (0600, next to the hook relay's sockets) while it
serves, and removes the note when it stops.

A note outlives a viewer killed hard, and its pid may be reused later, so a
viewer is stopped only when that pid still runs a ``python3 … ui`` command line
(``/proc`` on Linux, ``ps`` on other Unixes; not on Windows). Standard library only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

PREFIX = "viewer-"
STOP_WAIT_S = 5.0


def note_path(data_dir: str, pid: int | None = None) -> str:
    return os.path.join(data_dir, "run", f"{PREFIX}{os.getpid() if pid is None else pid}")


def register(data_dir: str, port: int) -> str | None:
    """Note this process as a viewer of ``data_dir``; the note's path (None when the
    data dir cannot take it: the viewer serves all the same)."""
    from aegis.paths import ensure_private_dir, open_private
    path = note_path(data_dir)
    try:
        ensure_private_dir(os.path.join(data_dir, "run"))
        with open_private(path, "w") as out:
            out.write(f"{os.getpid()} {port}\n")
    except OSError:
        return None
    return path


def unregister(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def running(data_dir: str) -> list[int]:
    """The pids of the viewers of ``data_dir`` that are still running (POSIX only: on
    Windows ``os.kill`` cannot probe a process without terminating it)."""
    if os.name != "posix":
        return []
    return [pid for pid in _noted(data_dir) if _is_viewer(pid)]


def stop(pids: list[int], wait_s: float = STOP_WAIT_S) -> list[int]:
    """Ask each viewer to stop (SIGTERM) and wait for it; the pids still running."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    give_up = time.monotonic() + wait_s
    left = list(pids)
    while left and time.monotonic() < give_up:
        time.sleep(0.05)
        left = [pid for pid in left if alive(pid)]
    return left


def _noted(data_dir: str) -> Iterator[int]:
    try:
        names = os.listdir(os.path.join(data_dir, "run"))
    except OSError:
        return
    for name in names:
        if name.startswith(PREFIX) and name[len(PREFIX):].isdigit():
            yield int(name[len(PREFIX):])


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not), as far as this user can tell."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:             # someone else's process: not a viewer of ours
        return False
    try:                        # a zombie (an exited child not yet reaped) is gone
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _is_viewer(pid: int) -> bool:
    if pid == os.getpid() or not alive(pid):
        return False
    args = _command_line(pid)
    return bool(args) and "python" in os.path.basename(args[0]).lower() and "ui" in args[1:]


def _command_line(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:            # Linux
            return [os.fsdecode(a) for a in handle.read().split(b"\0") if a]
    except OSError:
        pass
    if os.name != "posix":
        return []
    try:                                                             # macOS and other Unixes
        out = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True,
                             timeout=2).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return os.fsdecode(out).split()
