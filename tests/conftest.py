"""Shared fixtures. Every test runs with a private HOME and data dir, and with
no AEGIS_* / CLAUDE_PLUGIN_OPTION_* variables inherited from the developer's shell."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "runtime"


def built_pyz() -> Path:
    """The zipapp under test: $AEGIS_PYZ (make test builds a fresh one) or the committed one."""
    return Path(os.environ.get("AEGIS_PYZ") or ROOT / "runtime" / "aegis.pyz")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith(("AEGIS_", "CLAUDE_PLUGIN_OPTION_")) and name not in ("AEGIS_PYZ",
                                                                                 "AEGISDB_BIN"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("VOYAGE_API_KEY", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    hooks = sys.modules.get("aegis.hooks")
    if hooks is not None:
        # In-process hook calls count their time budget from the hook import; in a long
        # test run that import is minutes old, so each test starts the clock afresh.
        monkeypatch.setattr(hooks, "STARTED_AT", time.monotonic())
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AEGIS_DATA_DIR", str(home / "aegis-data"))
    return home


@pytest.fixture
def data_dir(isolated_env) -> Path:
    return Path(os.environ["AEGIS_DATA_DIR"])


@pytest.fixture
def project(tmp_path) -> Path:
    """A project directory that is not a git repository."""
    path = tmp_path / "project"
    path.mkdir()
    return path


@pytest.fixture
def open_service(data_dir):
    """Open services on the test database for any (project, user) namespace pair."""
    from aegis.namespace import Namespaces
    from aegis.service import MemoryService
    from aegis.store.sqlite import SQLiteStore
    opened = []

    def open_(project: str = "test:project", user: str = "user:tester") -> MemoryService:
        opened.append(MemoryService(SQLiteStore.open(data_dir / "memory.db"),
                                    Namespaces(project, user)))
        return opened[-1]
    yield open_
    for svc in opened:
        svc.close()


@pytest.fixture
def service(open_service):
    return open_service()


@pytest.fixture
def pyz() -> Path:
    path = built_pyz()
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make pyz` (make test builds it)")
    return path


@pytest.fixture
def run_pyz(pyz, project):
    """Run the built zipapp as a user would: ``python3 aegis.pyz ARGS`` in the project."""
    def run(*args: str, input: bytes | str | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)
        full_env.update(env or {})
        if isinstance(input, str):
            input = input.encode("utf-8")
        return subprocess.run([sys.executable, str(pyz), *args], input=input,
                              capture_output=True, cwd=cwd or project, env=full_env,
                              timeout=timeout)
    return run


# ---------------------------------------------------------------- an AegisDB server

START_DEADLINE_S = 20.0


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b'{"operation":"ping"}\n')
            sock.settimeout(2.0)
            return b'"ok":true' in sock.recv(4096).replace(b" ", b"")
    except OSError:
        return False


@pytest.fixture
def aegisdb_env(tmp_path):
    """An AegisDB server of our own on 127.0.0.1 (loopback shim, checked), and the
    AEGIS_* settings that point the pyz at it; skips without AEGISDB_BIN."""
    from tests.aegisdb_server import (ShimUnavailable, build_loopback_shim, exposed_listeners,
                                      free_port, spawn_on_loopback)
    binary = os.environ.get("AEGISDB_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.skip("AEGISDB_BIN is not set: the AegisDB leg skips")
    try:
        shim = build_loopback_shim(tmp_path)
    except ShimUnavailable as reason:
        pytest.skip(str(reason))
    token = "admin-" + uuid.uuid4().hex
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(token + "\n")
    tokens.chmod(0o600)
    port = free_port()
    with open(tmp_path / "aegisdb.log", "ab") as log:
        server = spawn_on_loopback([binary, "--data-dir", str(tmp_path / "aegisdb"), "--port",
                                    str(port), "--log-level", "warn", "--auth-token-file",
                                    str(tokens)], shim, log)
    try:
        deadline = time.monotonic() + START_DEADLINE_S
        while not _answers_ping(port):
            assert server.poll() is None, "aegisdb exited; see its log"
            assert time.monotonic() < deadline, "aegisdb did not answer ping"
            time.sleep(0.02)        # polling interval, not an assertion
        assert not exposed_listeners(server.pid), "aegisdb listened beyond loopback"
        yield {"AEGIS_BACKEND": "aegisdb", "AEGIS_HOST": "127.0.0.1", "AEGIS_PORT": str(port),
               "AEGIS_AUTH_TOKEN": token, "AEGIS_READ_TIMEOUT_MS": "10000"}
    finally:
        server.kill()
        server.wait(timeout=10)
