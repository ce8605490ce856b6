"""``aegis ui``: a local web viewer to see and steer memory.

Browse and search this project's and the user tier's memories, edit, forget and
restore versions, and see what recall injected, what capture stored (with an
undo), the spool backlog and the settings in effect. It serves 127.0.0.1 on a
random port behind a per-launch secret (``aegis.ui.guard``), uses the standard
library only, and is imported by the ``ui`` command alone — never on the hook
path.

``--detach`` starts the server in its own session, prints the URL and returns,
so Claude Code's ``/memory-ui`` command (or any shell) can open it without
blocking; a detached viewer stops after an hour without requests. Run inside a
Claude Code session, ``--detach`` has the session's MCP server start it, so it
opens the store the session uses (``aegis.ui.session``). A running viewer notes
itself in the data dir, so ``aegis purge`` stops it first (``aegis.ui.running``).
"""

from __future__ import annotations

import os
import subprocess
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence, TextIO

    from aegis.config import Settings

DETACHED_IDLE_MINUTES = 60
DETACHED_ERROR = "aegis: error: "     # how a detached child's line says it could not start


def serve(settings: Settings, cwd: str, out: TextIO, *, port: int = 0,
          open_browser: bool = False, idle_minutes: float = 0,
          detached_child: bool = False) -> int:
    """Serve until interrupted (or idle for ``idle_minutes``, when > 0)."""
    from aegis.errors import AegisError
    from aegis.ui.http import make_server, stop_when_idle
    try:
        server, viewer = make_server(settings, cwd, port)
    except AegisError as exc:
        if detached_child:            # the parent reads stdout only: tell it there why
            out.write(f"{DETACHED_ERROR}{exc.message}\n")
            out.flush()
        raise
    url = viewer.guard.url()
    if detached_child:
        out.write(f"{url} {os.getpid()}\n")
        out.flush()
        _silence_stdio()
    else:
        out.write(f"Aegis memory viewer: {url}\n(Ctrl-C stops it; the link works only "
                  f"while this runs, and only on this machine)\n")
        out.flush()
    if open_browser:
        import webbrowser
        webbrowser.open(url)
    if idle_minutes > 0:
        stop_when_idle(server, viewer, idle_minutes * 60)
    from aegis.ui import running
    note = running.register(settings.data_dir, server.server_address[1])   # for `aegis purge`
    import signal
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        running.unregister(note)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM (``aegis purge``, ``kill``) stops the viewer like Ctrl-C: it cleans up."""
    raise KeyboardInterrupt


def detach(cwd: str, out: TextIO, *, open_browser: bool = False, port: int = 0,
           idle_minutes: float = DETACHED_IDLE_MINUTES, timeout: float = 20.0) -> int:
    """Start the viewer in the background, print its URL and return at once. A
    ``port`` the child cannot have is the same one-line error as in the foreground."""
    from aegis.errors import AegisError
    argv = [*_self_command(), "-C", cwd, "ui", "--detached-child",
            "--idle-minutes", str(idle_minutes)] + (["--port", str(port)] if port else [])
    options: dict = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE,
                     "stderr": subprocess.DEVNULL, "cwd": cwd}
    if os.name == "nt":
        options["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP
                                    | getattr(subprocess, "DETACHED_PROCESS", 0))
    else:
        options["start_new_session"] = True
    process = subprocess.Popen(argv, **options)
    import select
    ready = select.select([process.stdout], [], [], timeout)[0] if os.name != "nt" else [1]
    said = process.stdout.readline().decode("utf-8", "replace") if ready else ""
    process.stdout.close()
    if said.startswith(DETACHED_ERROR):       # the child exits right after saying so
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
        raise AegisError(said[len(DETACHED_ERROR):].strip())
    line = said.split()
    if len(line) != 2 or not line[0].startswith("http://127.0.0.1:"):
        process.kill()
        raise AegisError("the viewer did not start (run `aegis ui` in a terminal to see why)")
    url, pid = line
    from aegis.config import load_config
    from aegis.store import target
    where = target(load_config(os.environ, cwd))        # the child's settings, for the user
    out.write(f"Aegis memory viewer: {url}\n(memories of {where}; in the background, pid "
              f"{pid}: it stops after {idle_minutes:g} minutes without use; only on this "
              f"machine)\n")
    if open_browser:
        open_url(url)
    return 0


def open_url(text: str) -> None:
    """Open the viewer's address (the first ``http://127.0.0.1:…`` in ``text``)."""
    import re
    import webbrowser
    found = re.search(r"http://127\.0\.0\.1:\d+/\S*", text)
    if found:
        webbrowser.open(found.group(0))


def _self_command() -> Sequence[str]:
    """How to run this same runtime again: the zipapp, or ``-m aegis`` from source."""
    from aegis.capture.spawn import source_root
    from aegis.invocation import running_zipapp
    archive = running_zipapp()
    if archive is not None:
        return [sys.executable, str(archive)]
    os.environ["PYTHONPATH"] = str(source_root()) + (
        os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")
    return [sys.executable, "-m", "aegis"]


def _silence_stdio() -> None:
    """The parent stops reading once it has the URL: later writes must go nowhere."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
