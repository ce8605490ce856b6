"""Starting the capture worker as a fully detached process.

Claude Code gives SessionEnd hooks 1.5 s in total and tears down hook process
groups, so the work happens in a child that outlives the hook: on POSIX it gets
a new session (no controlling terminal, its own process group), on Windows it
is a detached process in a new process group; its stdio is /dev/null. The
child is the same runtime the hook runs from — the zipapp the interpreter was
started with, or ``-m aegis`` with the source tree on ``PYTHONPATH``.

``GUARD_ENV`` is set in the worker's environment, so neither the worker nor
anything it starts can queue a capture of itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping, Sequence

from aegis.capture import GUARD_ENV, WORKER_EVENT
from aegis.invocation import running_zipapp


def source_root() -> Path:
    """The directory that holds the ``aegis`` package (for ``-m aegis``)."""
    import aegis
    return Path(aegis.__file__).resolve().parent.parent


def worker_command(executable: str | None = None) -> tuple[list[str], dict[str, str]]:
    """(argv, extra environment) that start the worker with this same runtime."""
    executable = executable or sys.executable or "python3"
    archive = running_zipapp()
    if archive is not None:
        return [executable, str(archive), "hook", WORKER_EVENT], {}
    root = str(source_root())
    path = os.environ.get("PYTHONPATH")
    return ([executable, "-m", "aegis", "hook", WORKER_EVENT],
            {"PYTHONPATH": root + (os.pathsep + path if path else "")})


def spawn_detached(argv: Sequence[str], env: Mapping[str, str], cwd: str | None) -> int:
    """Start ``argv`` detached from this process; returns its pid."""
    options: dict = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, close_fds=True, env=dict(env),
                         cwd=cwd if cwd and os.path.isdir(cwd) else None)
    if os.name == "nt":                                 # pragma: no cover - Windows
        options["creationflags"] = (subprocess.DETACHED_PROCESS
                                    | subprocess.CREATE_NEW_PROCESS_GROUP)
    else:
        options["start_new_session"] = True
    process = subprocess.Popen(list(argv), **options)
    # Not waited for on purpose; mark it done so Python does not warn or reap it.
    process.returncode = 0
    return process.pid


def start_worker(data_dir: Path, cwd: str | None, env: Mapping[str, str] | None = None) -> int:
    """Spawn a capture worker for ``data_dir``; returns its pid."""
    argv, extra = worker_command()
    child_env = dict(os.environ if env is None else env)
    child_env.update(extra)
    child_env[GUARD_ENV] = "1"
    child_env["AEGIS_DATA_DIR"] = str(data_dir)
    return spawn_detached(argv, child_env, cwd)
