"""The recall and briefing hooks hand their work to the session's running memory
server (aegis.hooks.relay): the real server (``aegis.pyz serve``) and real hook
processes, siblings under this test process as they are under Claude Code."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from aegis.hooks.relay import socket_path

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")

PROMPT = "how do we deploy a release?"


@pytest.fixture
def short_home(monkeypatch):
    """A data dir short enough for a Unix socket path (pytest's tmp paths are not)."""
    home = Path(tempfile.mkdtemp(prefix="aegis-relay-"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AEGIS_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("AEGIS_NAMESPACE", "test:relay")
    if socket_path(str(home / "data"), os.getpid()) is None:
        pytest.skip(f"{home} is too long for a Unix socket path")
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def server(pyz, run_pyz, short_home, project):
    """`aegis.pyz serve` as a child of this process, stdin held open like Claude Code does."""
    assert run_pyz("remember", "We deploy releases with `make release` from the main branch."
                   ).returncode == 0
    process = subprocess.Popen([sys.executable, str(pyz), "serve"], cwd=project,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    path = Path(socket_path(os.environ["AEGIS_DATA_DIR"], os.getpid()))
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "the server never opened its relay socket"
        time.sleep(0.05)
    yield process, path
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


@pytest.fixture
def hook(run_pyz, project):
    """Run a hook process (a sibling of the server) and return what it printed."""
    def run(event: str, payload: dict, env: dict | None = None) -> str:
        done = run_pyz("hook", event, input=json.dumps({"cwd": str(project), **payload}), env=env)
        assert done.returncode == 0 and done.stderr == b"", done.stderr
        return done.stdout.decode()
    return run


def recall_log() -> list[dict]:
    log = Path(os.environ["AEGIS_DATA_DIR"]) / "recall" / "log.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()]


def context(output: str) -> str:
    return json.loads(output)["hookSpecificOutput"]["additionalContext"] if output else ""


def test_a_relayed_recall_answers_exactly_as_the_hook_would_itself(hook, server):
    relayed = hook("user-prompt-submit", {"session_id": "r1", "prompt": PROMPT})
    local = hook("user-prompt-submit", {"session_id": "r2", "prompt": PROMPT},
                 env={"AEGIS_HOOK_RELAY": "false"})
    assert "make release" in context(relayed)
    assert context(relayed) == context(local)
    first, second = recall_log()
    assert first["relayed"] is True and "relayed" not in second
    # the session state lives in the data dir either way: no memory is injected twice
    again = hook("user-prompt-submit", {"session_id": "r1", "prompt": PROMPT})
    assert "make release" not in context(again)


def test_the_briefing_is_relayed_too(hook, run_pyz, server):
    assert run_pyz("remember", "--importance", "0.9", "--tags", "convention",
                   "Use conventional commits in this repository.").returncode == 0
    output = hook("session-start", {"session_id": "b1", "source": "startup"})
    assert "conventional commits" in context(output)
    assert recall_log()[-1]["relayed"] is True


def test_garbage_on_the_socket_does_not_stop_the_relay(hook, server):
    _, path = server
    for junk in (b"", b"\n", b"not a header at all\n", b"aegis-relay-1 stop 0 5\nhello",
                 b"aegis-relay-1 user-prompt-submit 0 999999999999\n", b"\xff" * 5000,
                 b"aegis-relay-2 user-prompt-submit 0 800 0 999999999999\n",
                 b"aegis-relay-2 user-prompt-submit 0 0 0 2\n{}",
                 b"aegis-relay-2 user-prompt-submit 0 800 999999999 2\n{}"):
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(10)
        client.connect(str(path))
        client.sendall(junk)
        client.shutdown(socket.SHUT_WR)
        try:
            answer = client.recv(100)
        except ConnectionResetError:                # closed with the junk unread
            answer = b""
        assert answer == b""                        # no answer, no crash
        client.close()
    output = hook("user-prompt-submit", {"session_id": "g1", "prompt": PROMPT})
    assert "make release" in context(output) and recall_log()[-1]["relayed"] is True


def test_a_dead_server_leaves_the_hook_working_in_process(hook, server):
    process, path = server
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert path.exists()                            # a stale socket, as a crash leaves it
    output = hook("user-prompt-submit", {"session_id": "d1", "prompt": PROMPT})
    assert "make release" in context(output) and "relayed" not in recall_log()[-1]


def test_the_server_removes_its_socket_when_the_session_ends(server):
    process, path = server
    process.stdin.close()
    assert process.wait(timeout=30) == 0
    assert not path.exists()


def imported_modules(stderr: bytes) -> set[str]:
    """Module names from ``-X importtime`` output."""
    names = set()
    for line in stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_a_relayed_hook_process_loads_neither_the_store_nor_json(pyz, project, server):
    payload = json.dumps({"cwd": str(project), "session_id": "i1", "prompt": PROMPT}).encode()
    done = subprocess.run([sys.executable, "-X", "importtime", str(pyz), "hook",
                           "user-prompt-submit"], input=payload, capture_output=True,
                          cwd=project, timeout=60,
                          # stderr carries the import log only when debugging
                          env={**os.environ, "AEGIS_DEBUG": "1",
                               "AEGIS_RECALL_TIME_BUDGET_MS": "10000"})
    assert "make release" in context(done.stdout.decode()), recall_log()
    loaded = imported_modules(done.stderr)
    assert {"aegis.hooks", "aegis.hooks.relay", "_socket"} <= loaded
    assert not loaded & {"json", "sqlite3", "re", "threading", "socket", "aegis.service",
                         "aegis.store", "aegis.models"}, sorted(loaded)
    assert recall_log()[-1]["relayed"] is True


def test_a_server_that_never_answers_costs_the_hook_its_budget_and_no_more(hook, short_home):
    """A wedged listener (here: one that accepts and says nothing) must not hold the prompt."""
    import threading
    path = socket_path(os.environ["AEGIS_DATA_DIR"], os.getpid())
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    try:
        started = time.monotonic()
        output = hook("user-prompt-submit", {"session_id": "w1", "prompt": PROMPT},
                      env={"AEGIS_RECALL_TIME_BUDGET_MS": "300"})
        elapsed = time.monotonic() - started
    finally:
        listener.close()
        os.unlink(path)
    assert output == ""                               # nothing injected, nothing printed
    assert elapsed < 5.0, elapsed                     # bounded by the budget, not by the server
