"""Hand recall and briefing to the session's running MCP server, when there is one.

A hook is a fresh interpreter on every prompt: most of its cost is importing
``json``, ``sqlite3`` and the memory service, not the search itself. Claude Code
starts the memory server (``aegis serve``) for the session anyway, and it has
all of that loaded, so it also listens on a Unix socket and runs the same hook
code (``aegis.hooks.main``) for the hook process, which then only forwards its
stdin and prints the answer.

Pairing: Claude Code spawns the hooks and the server directly, so they share a
parent process; the socket is ``<data dir>/run/<parent pid>``. Only the user
can reach it (the data dir is 0700). Without a server (not started yet, another
parent, Windows, a path too long for a socket), the hook runs in-process as
before. The server answers within the hook's own deadline, counted from the hook
process's start; a server that does not answer in time means nothing injected.
"""

from __future__ import annotations

import os
import time

# The C module behind ``socket``: importing the ``socket`` wrapper costs the hook
# ~10 ms on CPython 3.13 (it builds enums of every constant); the hook's end needs
# four methods of the raw socket object, which are the same.
import _socket

from aegis.hooks import RELAYED_EVENTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Mapping

PROTOCOL = b"aegis-relay-1"      # a server of another version answers nothing: run in-process
MAX_REQUEST_BYTES = 32 * 1024 * 1024 + 4096
MAX_SOCKET_PATH = 100          # sun_path is 104 bytes on macOS, 108 on Linux
CONNECT_TIMEOUT_S = 0.05


def socket_path(data_dir: str, parent_pid: int) -> str | None:
    """Where the server of the Claude Code process ``parent_pid`` listens, or None."""
    if not hasattr(_socket, "AF_UNIX"):
        return None
    path = os.path.join(data_dir, "run", str(parent_pid))
    return path if len(path.encode("utf-8", "surrogateescape")) <= MAX_SOCKET_PATH else None


# ---------------------------------------------------------------- the hook's end

def ask_server(path: str | None, event: str, raw: bytes, started_at: float,
               budget_ms: int) -> bytes | None:
    """The server's hook output (possibly empty), or None when no server answers the call.

    None means "run the hook yourself": nothing listens, or the server hung up
    before answering. A server that accepted the request but ran out of the hook's
    time gives b"" (the in-process hook would be late as well).
    """
    if path is None:
        return None
    client = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    connected = False
    try:
        client.settimeout(CONNECT_TIMEOUT_S)
        client.connect(path)
        connected = True
        elapsed_ms = (time.monotonic() - started_at) * 1000.0
        header = b"%s %s %d %d\n" % (PROTOCOL, event.encode("ascii"), int(elapsed_ms), len(raw))
        client.settimeout(max(0.05, (budget_ms - elapsed_ms) / 1000.0 + 0.1))
        client.sendall(header + raw)
        client.shutdown(_socket.SHUT_WR)
        chunks = []
        while True:
            chunk = client.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError as exc:           # the timeout is an OSError too
        late = connected and isinstance(exc, _socket.timeout)
        return b"" if late else None
    finally:
        client.close()
    reply = b"".join(chunks)
    return reply[3:] if reply.startswith(b"ok\n") else None


# ---------------------------------------------------------------- the server's end

class RelayListener:
    """Accepts hook requests on the socket and answers each with ``run_hook``."""

    def __init__(self, path: str, run_hook: Callable[[str, bytes, float], bytes]):
        self.path = path
        self.run_hook = run_hook
        self.server = None

    def start(self) -> bool:
        from aegis.paths import ensure_private_dir
        try:
            ensure_private_dir(os.path.dirname(self.path))
            if os.path.exists(self.path):          # left by a server of a reused pid
                os.unlink(self.path)
            import socket
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(self.path)
            os.chmod(self.path, 0o600)
            server.listen(8)
        except OSError:
            return False
        self.server = server
        import threading
        threading.Thread(target=self._serve, name="aegis-hook-relay", daemon=True).start()
        return True

    def _serve(self) -> None:
        _warm_up()
        while self.server is not None:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                try:
                    self._answer(connection)
                except Exception:                  # one bad request never stops the relay
                    pass

    def _answer(self, connection) -> None:
        connection.settimeout(5.0)
        received = time.monotonic()
        data = b""
        while b"\n" not in data and len(data) < 200:
            chunk = connection.recv(4096)
            if not chunk:
                return
            data += chunk
        header, _, body = data.partition(b"\n")
        protocol, event, elapsed_ms, size = header.decode("ascii").split()
        if (protocol.encode() != PROTOCOL or event not in RELAYED_EVENTS
                or not 0 <= int(size) <= MAX_REQUEST_BYTES):
            return
        chunks = [body]
        remaining = int(size) - len(body)
        while remaining > 0:
            chunk = connection.recv(min(remaining, 1 << 20))
            if not chunk:
                return
            chunks.append(chunk)
            remaining -= len(chunk)
        started_at = received - int(elapsed_ms) / 1000.0     # the hook process's start
        output = self.run_hook(event, b"".join(chunks), started_at)
        connection.sendall(b"ok\n" + output)

    def close(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.close()
            try:
                os.unlink(self.path)
            except OSError:
                pass


def _warm_up() -> None:
    """Import what the hooks use, so the session's first prompt does not pay for it."""
    import importlib
    for name in ("aegis.hooks.briefing", "aegis.hooks.recall", "aegis.recall.framing",
                 "aegis.recall.runner", "aegis.recall.select", "aegis.store.sqlite"):
        try:
            importlib.import_module(name)
        except Exception:
            pass


def start_listener(data_dir: str, env: Mapping[str, str]) -> RelayListener | None:
    """In the MCP server: listen for this session's hooks (None when not possible)."""
    path = socket_path(data_dir, os.getppid())
    if path is None:
        return None

    def run_hook(event: str, raw: bytes, started_at: float) -> bytes:
        import io

        from aegis.hooks import main
        out = io.StringIO()
        main(event, stdin=io.BytesIO(raw), stdout=out, env=dict(env), started_at=started_at)
        return out.getvalue().encode("utf-8")

    listener = RelayListener(path, run_hook)
    return listener if listener.start() else None


def relay_or_none(event: str, raw: bytes, env: Mapping[str, str], started_at: float,
                  budget_ms: int) -> bytes | None:
    """For the hook process: the server's answer, or None to run in-process."""
    from aegis.config import env_value
    if event not in RELAYED_EVENTS or env_value("hook_relay", env) is False:
        return None
    from aegis.paths import default_data_dir
    return ask_server(socket_path(default_data_dir(env), os.getppid()), event, raw,
                      started_at, budget_ms)

