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

Parity with the in-process hook: the request carries the hook's resolved time
budget (environment, else config file, else default — the one the hook waits
for) and the hook's own ``AEGIS_*`` / ``CLAUDE_PLUGIN_OPTION_*`` / Voyage
variables, which replace the server's for that run, so settings resolve as they
would in the hook process. The wire format::

    aegis-relay-2 EVENT ELAPSED_MS BUDGET_MS ENV_BYTES BODY_BYTES\n
    NAME=VALUE\0 ... (ENV_BYTES)  hook stdin (BODY_BYTES)

One request is no hook: ``viewer`` (body: a project directory) asks the server
to start ``aegis ui --detach`` itself, for Claude Code's ``/memory-ui``. The
command's shell line does not get the plugin's options (Claude Code gives them to
the server and the hooks only), so a viewer it started would open another store
than the session's; one the server starts inherits the server's settings.

The server runs relayed hooks on at most ``POOL_SIZE`` threads and answers by
the deadline whatever the work does; a request finding every slot taken (work
stuck past its deadline) or too many abandoned store threads is refused
unanswered, so the hook runs in-process. Only the server that bound the socket
removes it (checked by inode), so a closing old server leaves a newer one's.
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

PROTOCOL = b"aegis-relay-2"      # a server of another version answers nothing: run in-process
MAX_REQUEST_BYTES = 32 * 1024 * 1024 + 4096
MAX_ENV_BYTES = 256 * 1024
VIEWER = "viewer"               # the request that starts the viewer (aegis.ui.session)
MAX_SOCKET_PATH = 100          # sun_path is 104 bytes on macOS, 108 on Linux
CONNECT_TIMEOUT_S = 0.05
RELAYED_ENV_PREFIXES = ("AEGIS_", "CLAUDE_PLUGIN_OPTION_", "VOYAGE_")
POOL_SIZE = 2                  # relayed hooks run at once; more wait in the hook process
MAX_STRAY_THREADS = 4          # store work abandoned at a deadline, still running
READ_TIMEOUT_S = 2.0           # the hook sends its request at once
ANSWER_GRACE_S = 0.05


def socket_path(data_dir: str, parent_pid: int) -> str | None:
    """Where the server of the Claude Code process ``parent_pid`` listens, or None."""
    if not hasattr(_socket, "AF_UNIX"):
        return None
    path = os.path.join(data_dir, "run", str(parent_pid))
    return path if len(path.encode("utf-8", "surrogateescape")) <= MAX_SOCKET_PATH else None


# ---------------------------------------------------------------- the hook's end

def relayed_env(env: Mapping[str, str]) -> dict[str, str]:
    """The variables of ``env`` that a relayed run takes from the hook process."""
    return {name: value for name, value in env.items() if name.startswith(RELAYED_ENV_PREFIXES)}


def encode_env(env: Mapping[str, str]) -> bytes:
    return b"".join(f"{name}={value}".encode("utf-8", "surrogateescape") + b"\0"
                    for name, value in relayed_env(env).items() if "\0" not in name + value)


def decode_env(raw: bytes) -> dict[str, str]:
    env = {}
    for item in raw.split(b"\0"):
        name, sep, value = item.decode("utf-8", "surrogateescape").partition("=")
        if sep and name.startswith(RELAYED_ENV_PREFIXES):
            env[name] = value
    return env


def ask_server(path: str | None, event: str, raw: bytes, started_at: float,
               budget_ms: int, env: Mapping[str, str] | None = None) -> bytes | None:
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
        env_block = encode_env(env or {})
        header = b"%s %s %d %d %d %d\n" % (PROTOCOL, event.encode("ascii"), int(elapsed_ms),
                                           budget_ms, len(env_block), len(raw))
        client.settimeout(max(0.05, (budget_ms - elapsed_ms) / 1000.0 + 0.1))
        client.sendall(header + env_block + raw)
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

class Request:
    """One relayed hook run, as read from the socket."""

    def __init__(self, event: str, raw: bytes, started_at: float, budget_ms: int,
                 env: dict[str, str]):
        self.event, self.raw, self.started_at = event, raw, started_at
        self.budget_ms, self.env = budget_ms, env
        # called with True when the answer is ready in time, False when it missed it
        self.on_answer: list[Callable[[bool], None]] = []
        self.settled: bool | None = None      # set once the answer was settled

    @property
    def deadline(self) -> float:
        return self.started_at + self.budget_ms / 1000.0


class RelayListener:
    """Accepts hook requests on the socket and answers each with ``run_hook``."""

    def __init__(self, path: str, run_hook: Callable[[Request], bytes]):
        import threading
        self.path = path
        self.run_hook = run_hook
        self.server = None
        self.bound: tuple[int, int] | None = None      # (st_dev, st_ino) of our socket
        self.slots = threading.BoundedSemaphore(POOL_SIZE)

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
            info = os.stat(self.path)
            server.listen(8)
        except OSError:
            return False
        self.server, self.bound = server, (info.st_dev, info.st_ino)
        import threading
        threading.Thread(target=self._serve, name="aegis-hook-relay", daemon=True).start()
        return True

    def _serve(self) -> None:
        import threading
        _warm_up()
        while self.server is not None:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            if _stray_threads() > MAX_STRAY_THREADS or not self.slots.acquire(blocking=False):
                connection.close()                 # refused: the hook runs in-process
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True,
                             name="aegis-relay-answer").start()

    def _handle(self, connection) -> None:
        """Answer one connection; the slot taken for it is freed when its work ends."""
        released = False
        try:
            with connection:
                request = read_request(connection)
                if request is None:
                    return
                released = True                    # from here the work thread frees it
                self._answer(connection, request)
        except Exception:                          # one bad request never stops the relay
            pass
        finally:
            if not released:
                self.slots.release()

    def _answer(self, connection, request: Request) -> None:
        import threading
        output: list[bytes] = []

        def work() -> None:
            try:
                output.append(self.run_hook(request))
            except Exception:
                pass
            finally:
                self.slots.release()

        worker = threading.Thread(target=work, name="aegis-relay-work", daemon=True)
        worker.start()
        worker.join(max(0.0, request.deadline - time.monotonic()) + ANSWER_GRACE_S)
        # The state is written before the answer goes out, so the session's next hook
        # sees it; a late answer's state is dropped with it (a work thread still
        # running finds its commits refused: ``run_deferred``).
        ready = bool(output)
        _settle(request, ready)
        connection.sendall(b"ok\n" + (output[0] if ready else b""))

    def close(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.close()
            try:
                info = os.stat(self.path)
                if (info.st_dev, info.st_ino) == self.bound:   # still ours, not a newer server's
                    os.unlink(self.path)
            except OSError:
                pass


def read_request(connection) -> Request | None:
    """The request on ``connection``, or None for anything malformed or over the limits."""
    connection.settimeout(READ_TIMEOUT_S)
    received = time.monotonic()
    data = b""
    while b"\n" not in data and len(data) < 200:
        chunk = connection.recv(4096)
        if not chunk:
            return None
        data += chunk
    header, _, rest = data.partition(b"\n")
    try:
        protocol, event, elapsed_ms, budget_ms, env_size, size = header.decode("ascii").split()
        elapsed, budget, env_bytes, body_bytes = (int(elapsed_ms), int(budget_ms),
                                                  int(env_size), int(size))
    except ValueError:
        return None
    if (protocol.encode() != PROTOCOL or (event not in RELAYED_EVENTS and event != VIEWER)
            or not 0 < budget <= 60_000
            or not 0 <= env_bytes <= MAX_ENV_BYTES or not 0 <= body_bytes <= MAX_REQUEST_BYTES
            or not 0 <= elapsed <= 60_000):
        return None
    chunks = [rest]
    remaining = env_bytes + body_bytes - len(rest)
    while remaining > 0:
        chunk = connection.recv(min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    payload = b"".join(chunks)
    return Request(event, payload[env_bytes:], received - elapsed / 1000.0, budget,
                   decode_env(payload[:env_bytes]))


def run_deferred(request: Request, work: Callable[[], object]) -> None:
    """Run one hook for ``request`` so that its session commits
    (``aegis.recall.runner.after_answer``) wait for the answer: sent, or too late."""
    from aegis.recall.runner import defer_commits
    commits = defer_commits()
    work()
    if request.settled is not None:          # answered already: this run was too late
        for commit in commits:
            commit(False)
    else:
        request.on_answer.extend(commits)


def _settle(request: Request, sent: bool) -> None:
    callbacks, request.on_answer = request.on_answer, []
    request.settled = sent
    for callback in callbacks:
        try:
            callback(sent)
        except Exception:
            pass


def _stray_threads() -> int:
    """Store work the relayed hooks abandoned at their deadline and that still runs."""
    from aegis.recall.guard import running
    return running()


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

    own = {name: value for name, value in env.items()
           if not name.startswith(RELAYED_ENV_PREFIXES)}

    def run_hook(request: Request) -> bytes:
        import io

        if request.event == VIEWER:
            from aegis.ui.session import start_for_client
            return start_for_client(request.raw)
        from aegis.hooks import main
        out = io.StringIO()
        run_deferred(request, lambda: main(
            request.event, stdin=io.BytesIO(request.raw), stdout=out,
            env={**own, **request.env}, started_at=request.started_at,
            budget_ms=request.budget_ms))
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
                      started_at, budget_ms, env)

