"""``/memory-ui`` inside Claude Code: the session's MCP server starts the viewer.

Claude Code gives the plugin's options (backend, AegisDB host, port and token) to
the MCP server and the hooks, not to a command's shell line, so ``ui --detach``
run from ``/memory-ui`` would see only the environment and open the local SQLite
store while the session works on the team's server. So the command first looks
for the session's server among its ancestors — the hook relay's socket,
``<data dir>/run/<Claude Code's pid>`` (``aegis.hooks.relay``) — and asks it to
start the viewer; the viewer then inherits the server's settings. Without such
a server (a terminal, Windows, a server not up yet) the command starts the
viewer itself, as before.
"""

from __future__ import annotations

import os
import subprocess
import time

MAX_ANCESTORS = 6              # claude → (sandbox / shell wrappers) → python3
BUDGET_MS = 25_000             # the viewer's own start waits up to 20 s
SERVER_WAIT_S = 3.0            # a session's first prompt may come before its server is up


def ancestor_pids(limit: int = MAX_ANCESTORS) -> list[int]:
    """This process's parent, grandparent, … (nearest first, init excluded)."""
    pids, pid = [], os.getppid()
    while pid > 1 and len(pids) < limit:
        pids.append(pid)
        pid = _parent_of(pid)
    return pids


def _parent_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:          # Linux
            return int(handle.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:                                                          # macOS and other Unixes
        out = subprocess.run(["ps", "-o", "ppid=", "-p", str(pid)], capture_output=True,
                             timeout=2).stdout
        return int(out.strip() or 0)
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


def ask_session_server(data_dir: str, cwd: str, env, port: int = 0) -> str | None:
    """What the session's server printed starting the viewer for ``cwd``, or None
    when no server of an ancestor answers. Inside Claude Code (``CLAUDECODE`` set)
    a server still starting is waited for, up to ``SERVER_WAIT_S``."""
    from aegis.hooks.relay import VIEWER, ask_server, socket_path
    sockets = [path for path in (socket_path(data_dir, pid) for pid in ancestor_pids()) if path]
    give_up = time.monotonic() + (SERVER_WAIT_S if env.get("CLAUDECODE") else 0.0)
    while True:
        for path in sockets:
            if os.path.exists(path):
                reply = ask_server(path, VIEWER, viewer_request(cwd, port), time.monotonic(),
                                   BUDGET_MS)
                return reply.decode("utf-8", "replace") if reply else None
        if time.monotonic() >= give_up:
            return None
        time.sleep(0.1)


def viewer_request(cwd: str, port: int) -> bytes:
    """The request's body: the project directory, then (when asked for) NUL and the port.
    A path holds no NUL, and without a port the body is the directory alone, as before."""
    return os.fsencode(cwd) + (b"\0%d" % port if port else b"")


def start_for_client(raw: bytes) -> bytes:
    """In the server: start the viewer for the project directory in ``raw`` (see
    ``viewer_request``) with the server's own settings; the lines to print (an error
    line when it did not start)."""
    import io

    from aegis.errors import AegisError
    from aegis.ui import DETACHED_ERROR, detach
    raw_cwd, _, raw_port = raw.partition(b"\0")
    cwd = os.fsdecode(raw_cwd)
    if not os.path.isdir(cwd):
        return f"{DETACHED_ERROR}the viewer was asked for a directory that does not exist\n".encode()
    port = int(raw_port) if raw_port.isdigit() and int(raw_port) <= 65535 else 0
    out = io.StringIO()
    try:
        detach(cwd, out, port=port)
    except AegisError as exc:
        return f"{DETACHED_ERROR}{exc}\n".encode("utf-8")
    return out.getvalue().encode("utf-8")
