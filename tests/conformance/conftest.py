"""Fixtures for the Store conformance suite.

``store`` is parametrized over the backends: SQLite always, AegisDB when
``AEGISDB_BIN`` names a server binary (the AegisDB leg skips cleanly otherwise).
Servers run under the loopback-only bind shim (tests/aegisdb_server.py), so they
listen on 127.0.0.1 only, on a free port with a temporary data dir; readiness is
polled with a deadline, never a fixed sleep. Each test gets fresh namespaces, so
one server serves the whole session.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from aegis.config import load_config, with_overrides
from tests.aegisdb_server import (ShimUnavailable, build_loopback_shim, exposed_listeners,
                                  free_port, spawn_on_loopback)

BACKENDS = ("sqlite", "aegisdb")
START_DEADLINE_S = 20.0
ADMIN_TOKEN = "admin-" + uuid.uuid4().hex


def aegisdb_bin() -> str | None:
    path = os.environ.get("AEGISDB_BIN")
    return path if path and Path(path).is_file() and os.access(path, os.X_OK) else None


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
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def settings(self, token: str | None = ADMIN_TOKEN, **changes):
        base = load_config(env={"AEGIS_DATA_DIR": os.environ["AEGIS_DATA_DIR"]})
        return with_overrides(base, backend="aegisdb", host="127.0.0.1", port=self.port,
                              auth_token=token, connect_timeout_ms=2000, read_timeout_ms=10000,
                              **changes)


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
    authentication on — a random admin token plus ``tokens`` lines.
    """
    binary = aegisdb_bin()
    shim = request.getfixturevalue("loopback_shim") if binary else None
    started: list[Server] = []

    def start(*args: str, tokens: list[str] = ()) -> Server:
        if binary is None:
            pytest.skip("AEGISDB_BIN is not set: the AegisDB leg of the conformance suite skips")
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


@pytest.fixture
def namespaces() -> tuple[str, str]:
    """A fresh (project, user) namespace pair, so tests never see each other's data."""
    tag = uuid.uuid4().hex[:10]
    return (f"github.com/acme/api-{tag}", f"user:tester-{tag}")


def open_backend(backend: str, data_dir: Path, request):
    if backend == "sqlite":
        from aegis.store.sqlite import SQLiteStore
        return SQLiteStore.open(data_dir / "memory.db")
    from aegis.store.aegisdb import AegisDBStore
    server = request.getfixturevalue("shared_server")
    return AegisDBStore.from_settings(server.settings())


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "aegisdb" and aegisdb_bin() is None:
        pytest.skip("AEGISDB_BIN is not set: the AegisDB leg of the conformance suite skips")
    return request.param


@pytest.fixture
def store(backend, data_dir, request):
    opened = open_backend(backend, data_dir, request)
    yield opened
    opened.close()
