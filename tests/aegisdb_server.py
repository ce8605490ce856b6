"""Start AegisDB test servers that listen on loopback only, and prove that they do.

The binary is ``AEGISDB_BIN`` when set, else the shared v0.7.0 build at
``../shared/aegisdb/aegisdb`` from the repository root (every developer machine and
CI have it); tests that need a server skip cleanly only when neither exists. The
fixtures ``start_server`` / ``shared_server`` (registered for the whole suite by
tests/conftest.py) start servers with auth on, on a free port with a temporary data
dir; readiness is polled with a deadline, never a fixed sleep.

AegisDB binds its listeners to every interface and has no bind-address flag.
Test servers must listen on 127.0.0.1 only, so they run with the LD_PRELOAD shim
``loopback_bind.c`` (next to this file), which turns a wildcard ``bind()`` into a
loopback one. The shim is compiled once per session into a temporary directory;
without a C compiler (or off Linux) ``ShimUnavailable`` is raised and the caller
skips — there is no fallback to a server on every interface.

``listening_sockets`` reads /proc to report where a process really listens, so
a caller can refuse a server that is reachable from outside.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

SHIM_SOURCE = Path(__file__).resolve().parent / "loopback_bind.c"
SHARED_BINARY = Path(__file__).resolve().parent.parent / ".." / "shared" / "aegisdb" / "aegisdb"
START_DEADLINE_S = 20.0
ADMIN_TOKEN = "admin-" + uuid.uuid4().hex
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1"})
TCP_LISTEN = "0A"


class ShimUnavailable(Exception):
    """The loopback shim cannot be built here; the message says why (a skip reason)."""


def build_loopback_shim(out_dir: Path) -> Path:
    """Compile ``loopback_bind.c`` into ``out_dir``; return the shared object's path."""
    if not sys.platform.startswith("linux"):
        raise ShimUnavailable("the loopback-only bind shim needs Linux (LD_PRELOAD, /proc/net); "
                              "AegisDB test servers are not started on every interface")
    compiler = shlex.split(os.environ.get("CC") or "cc")
    if not compiler or shutil.which(compiler[0]) is None:
        raise ShimUnavailable(f"no C compiler ({' '.join(compiler) or 'cc'}) to build the "
                              "loopback-only bind shim; AegisDB test servers must listen on "
                              "127.0.0.1 only, so the AegisDB tests skip")
    shim = Path(out_dir) / "loopback_bind.so"
    done = subprocess.run([*compiler, "-shared", "-fPIC", "-O2", "-o", str(shim),
                           str(SHIM_SOURCE), "-ldl"], capture_output=True, text=True)
    if done.returncode != 0 or not shim.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ShimUnavailable(f"the loopback-only bind shim did not compile: {detail[0]}")
    return shim


def loopback_env(shim: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the shim preloaded first."""
    env = dict(os.environ if base is None else base)
    env["LD_PRELOAD"] = ":".join(filter(None, [str(shim), env.get("LD_PRELOAD", "")]))
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spawn_on_loopback(argv: list[str], shim: Path, log: IO[bytes]) -> subprocess.Popen:
    """Start ``argv`` with the shim preloaded, stdout and stderr going to ``log``.

    The server is not an Aegis process: it gets none of the test's ``AEGIS_*`` settings,
    so a test waiting for the Aegis processes of its data dir to end does not wait for it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")}
    return subprocess.Popen(argv, env=loopback_env(shim, env), stdout=log, stderr=log)


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:          # closed between listing and reading
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def _decode_address(hex_address: str) -> str:
    """/proc/net/tcp{,6} print addresses as 32-bit words in host (little-endian) order."""
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, words)


def listening_sockets(pid: int) -> set[tuple[str, int]]:
    """Every (address, port) on which process ``pid`` holds a listening TCP socket."""
    inodes = _socket_inodes(pid)
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:    # no IPv6 in this kernel
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == TCP_LISTEN and inode in inodes:
                address, port = local.rsplit(":", 1)
                found.add((_decode_address(address), int(port, 16)))
    return found


def exposed_listeners(pid: int) -> set[tuple[str, int]]:
    """The listening sockets of ``pid`` that are reachable from beyond this host."""
    return {(address, port) for address, port in listening_sockets(pid)
            if address not in LOOPBACK_ADDRESSES}


# ---------------------------------------------------------------- the server binary

def aegisdb_bin() -> str | None:
    """``AEGISDB_BIN`` (an explicit value wins), else the shared binary, if executable."""
    explicit = os.environ.get("AEGISDB_BIN")
    path = Path(explicit) if explicit else SHARED_BINARY
    return str(path.resolve()) if path.is_file() and os.access(path, os.X_OK) else None


def skip_reason() -> str:
    named = os.environ.get("AEGISDB_BIN")
    if named:
        return f"AEGISDB_BIN={named} is not an executable file: the AegisDB tests skip"
    return (f"no AegisDB server binary (AEGISDB_BIN unset, {SHARED_BINARY} missing): "
            "the AegisDB tests skip")


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b'{"operation":"ping"}\n')
            sock.settimeout(2.0)
            return b'"ok":true' in sock.recv(4096).replace(b" ", b"")
    except OSError:
        return False


@dataclass
class Server:
    """One AegisDB process, on loopback only; ``restart`` keeps its port and data dir."""
    binary: str
    shim: Path
    data_dir: Path
    args: tuple[str, ...] = ()
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "Server":
        log = open(self.data_dir.parent / f"{self.data_dir.name}.log", "ab")
        self.process = spawn_on_loopback(
            [self.binary, "--data-dir", str(self.data_dir), "--port", str(self.port),
             "--log-level", "warn", *self.args], self.shim, log)
        log.close()
        deadline = time.monotonic() + START_DEADLINE_S
        while not _answers_ping(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"aegisdb exited with {self.process.returncode}; see its log "
                                   f"next to {self.data_dir}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"aegisdb did not answer ping within {START_DEADLINE_S}s")
            time.sleep(0.02)        # polling interval, not an assertion
        exposed = exposed_listeners(self.process.pid)
        if exposed:
            self.stop()
            raise RuntimeError(f"aegisdb listened beyond loopback despite the shim: {exposed}")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.resume()
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def freeze(self) -> None:
        """SIGSTOP: the port stays open (the kernel still accepts), nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def env(self, token: str | None = ADMIN_TOKEN, plugin: bool = False) -> dict[str, str]:
        """The environment that points the built pyz at this server: AEGIS_* variables,
        or (``plugin``) the CLAUDE_PLUGIN_OPTION_* ones Claude Code sets from the
        plugin's userConfig."""
        from aegis.config import KNOBS_BY_NAME, plugin_option_env
        values = {"backend": "aegisdb", "host": "127.0.0.1", "port": str(self.port)}
        if token:
            values["auth_token"] = token
        knobs = {name: KNOBS_BY_NAME[name] for name in values}
        return {(plugin_option_env(knobs[name].plugin_option) if plugin else knobs[name].env):
                value for name, value in values.items()}

    def settings(self, token: str | None = ADMIN_TOKEN, **changes):
        from aegis.config import load_config, with_overrides
        base = load_config(env={"AEGIS_DATA_DIR": os.environ["AEGIS_DATA_DIR"]})
        return with_overrides(base, backend="aegisdb", host="127.0.0.1", port=self.port,
                              auth_token=token, connect_timeout_ms=2000, read_timeout_ms=10000,
                              **changes)


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def loopback_shim(tmp_path_factory) -> Path:
    """The compiled loopback-only bind shim; skips (never falls back) without a compiler."""
    try:
        return build_loopback_shim(tmp_path_factory.mktemp("loopback-shim"))
    except ShimUnavailable as reason:
        pytest.skip(str(reason))


@pytest.fixture(scope="session")
def start_server(tmp_path_factory, request):
    """Start an AegisDB server with extra flags; all are killed at the end of the session.

    AegisDB has no bind-address flag (it listens on every interface), so every
    test server runs under the loopback-only bind shim, and also with
    authentication on — a random admin token plus ``tokens`` lines
    (``TOKEN NAMESPACE rw|ro``).
    """
    binary = aegisdb_bin()
    shim = request.getfixturevalue("loopback_shim") if binary else None
    started: list[Server] = []

    def start(*args: str, tokens: list[str] = ()) -> Server:
        if binary is None:
            pytest.skip(skip_reason())
        data_dir = tmp_path_factory.mktemp("aegisdb") / "data"
        token_file = data_dir.parent / "tokens.txt"
        token_file.write_text("\n".join([ADMIN_TOKEN, *tokens]) + "\n")
        token_file.chmod(0o600)
        flags = [*args, "--auth-token-file", str(token_file)]
        server = Server(binary, shim, data_dir, tuple(flags)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def shared_server(start_server) -> Server:
    """The session's general-purpose server: auth on, one admin token."""
    return start_server()


BACKENDS = ("sqlite", "aegisdb")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Each backend in turn; the AegisDB leg skips only without a server binary."""
    if request.param == "aegisdb" and aegisdb_bin() is None:
        pytest.skip(skip_reason())
    return request.param


@pytest.fixture
def backend_env(backend, request) -> dict[str, str]:
    """Environment for the built pyz on ``backend``: nothing for SQLite (the default),
    the shared server's address and admin token for AegisDB."""
    if backend == "sqlite":
        return {}
    return request.getfixturevalue("shared_server").env()
