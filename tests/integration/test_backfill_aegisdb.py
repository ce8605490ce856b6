"""`aegis backfill` into a real AegisDB server (loopback only), through the built pyz:
the same times, source, supersede and idempotence as on SQLite."""

from __future__ import annotations

import json
import os
import socket
import time
import uuid

import pytest

from tests.aegisdb_server import (ShimUnavailable, build_loopback_shim, exposed_listeners,
                                  free_port, spawn_on_loopback)
from tests.integration.test_backfill import NEW_DB, OLD_DB, backfill, memories, only
from tests.transcript_tree import write_session

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
    binary = os.environ.get("AEGISDB_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.skip("AEGISDB_BIN is not set: the AegisDB backfill test skips")
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


def test_backfill_into_aegisdb(run_pyz, tmp_path, project, monkeypatch, aegisdb_env):
    claude = tmp_path / "claude-config"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(claude))
    for key, value in aegisdb_env.items():
        monkeypatch.setenv(key, value)
    probe = run_pyz("stats", "--json")
    if b"No module named 'aegisdb'" in probe.stderr:
        pytest.skip("this build's CLI cannot import the aegisdb client yet (packaging, issue #13)")
    assert probe.returncode == 0, probe.stderr.decode()
    write_session(claude, project, "aaa-later", [("user", NEW_DB, "2026-10-05T10:00:00.000Z")])
    write_session(claude, project, "zzz-earlier", [("user", OLD_DB, "2026-10-01T10:00:00.000Z")])

    first = only(backfill(run_pyz))
    assert (first["added"], first["superseded"]) == (2, 1)
    by_text = {m["text"]: m for m in memories(run_pyz, project)}
    assert by_text[OLD_DB]["superseded_by"] == by_text[NEW_DB]["id"]
    assert by_text[OLD_DB]["created_at"] == "2026-10-01T10:00:00Z"
    assert by_text[NEW_DB]["created_at"] == "2026-10-05T10:00:00Z"
    assert {m["source"] for m in by_text.values()} == {"backfill"}

    again = only(backfill(run_pyz))
    assert (again["added"], again["up_to_date"]) == (0, 2)
    assert json.dumps(sorted(memories(run_pyz, project), key=lambda m: m["id"])) == \
        json.dumps(sorted(by_text.values(), key=lambda m: m["id"]))
