"""Shared fixtures. Every test runs with a private HOME and data dir, and with
no AEGIS_* / CLAUDE_PLUGIN_OPTION_* variables inherited from the developer's shell."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# AegisDB test servers (start_server, shared_server, loopback_shim) for every suite
pytest_plugins = ["tests.aegisdb_server"]

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "runtime"


def read_until_closed(fd: int) -> bytes:
    """Everything a pseudo-terminal's leader reads until the child side closes (EIO)."""
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:                      # EIO: the child closed the terminal
            return data
        if not chunk:
            return data
        data += chunk


POLL_DEADLINE_S = 90        # how long a test waits for a detached worker, on a loaded machine


def poll(condition, what: str, deadline_s: float = POLL_DEADLINE_S):
    """``condition()``'s first truthy value, or a test failure naming ``what`` at the deadline."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)       # polling interval, not an assertion
    pytest.fail(f"timed out waiting for {what}")


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

@pytest.fixture
def aegisdb_env(start_server):
    """The AEGIS_* settings for an AegisDB server of this test's own (tests/aegisdb_server.py:
    on loopback, checked, auth on): the shared one holds other tests' user-scope memories."""
    return {**start_server().env(), "AEGIS_READ_TIMEOUT_MS": "10000"}
