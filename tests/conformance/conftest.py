"""Fixtures for the Store conformance suite.

``store`` is parametrized over the backends: SQLite always, AegisDB on the test
server binary (tests/aegisdb_server.py: ``AEGISDB_BIN``, else the shared v0.7.0
binary; the leg skips cleanly only when neither exists). The server fixtures
(``start_server``, ``shared_server``) live in tests/aegisdb_server.py. Each test
gets fresh namespaces, so one server serves the whole session.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest


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


@pytest.fixture
def store(backend, data_dir, request):
    opened = open_backend(backend, data_dir, request)
    yield opened
    opened.close()
