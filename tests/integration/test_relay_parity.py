"""The relay runs hook code in a long-lived server: it must behave exactly like the
hook process would, stay bounded whatever the input, and clean up only its own socket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aegis.hooks.relay import socket_path
from tests.hostile import hostile_paths
from tests.integration.test_hook_relay import (PROMPT, context, hook, recall_log,  # noqa: F401
                                               short_home)

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


def start_server(pyz: Path, project: Path, **env: str) -> tuple[subprocess.Popen, Path]:
    """``aegis.pyz serve`` as a sibling of the hooks; returns once its own socket is bound
    (a new inode at the path, when another server had it before)."""
    path = Path(socket_path(os.environ["AEGIS_DATA_DIR"], os.getpid()))
    before = path.stat().st_ino if path.exists() else None
    process = subprocess.Popen([sys.executable, str(pyz), "serve"], cwd=project,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while not (path.exists() and path.stat().st_ino != before):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "the server never opened its relay socket"
        time.sleep(0.05)
    return process, path


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_in(pid: int, seconds: float) -> float:
    """CPU time ``pid`` used during the next ``seconds``."""
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return cpu_seconds(pid) - before


def wait_until_idle(pid: int, deadline_s: float = 60) -> None:
    """A new server loads the SDK on a thread for a second or more: wait until it rests,
    so what the test measures afterwards is the hooks' doing."""
    deadline = time.monotonic() + deadline_s
    while cpu_in(pid, 0.5) > 0.05:
        assert time.monotonic() < deadline, "the server never came to rest"


@pytest.fixture
def memories(run_pyz, short_home):
    for text in ("We deploy releases with `make release` from the main branch.",
                 "Deploy previews go out with `make preview` on every pull request.",
                 "Release notes are drafted in docs/releases before each deploy."):
        assert run_pyz("remember", text).returncode == 0


def test_relayed_and_in_process_runs_agree_under_non_default_settings(
        pyz, project, memories, hook):  # noqa: F811
    (project / ".aegis.json").write_text(json.dumps(
        {"recall_top_k": 2, "recall_token_budget": 250, "recall_time_budget_ms": 20000}))
    # The server was started with settings that would answer differently.
    process, _ = start_server(pyz, project, AEGIS_RECALL_MIN_SCORE="0.99",
                              AEGIS_RECALL_TOP_K="5", AEGIS_RECALL_TOKEN_BUDGET="20")
    try:
        hook_env = {"AEGIS_RECALL_MIN_SCORE": "0", "CLAUDE_PLUGIN_OPTION_EMBEDDING_MODE": "none"}
        relayed = hook("user-prompt-submit", {"session_id": "p1", "prompt": PROMPT},
                       env=hook_env)
        local = hook("user-prompt-submit", {"session_id": "p2", "prompt": PROMPT},
                     env={**hook_env, "AEGIS_HOOK_RELAY": "false"})
    finally:
        stop(process)
    first, second = recall_log()
    assert first["relayed"] is True and "relayed" not in second
    assert context(relayed) and context(relayed) == context(local)
    assert len(first["ids"]) == len(second["ids"]) == 2          # top_k from the project file


def test_hostile_follow_ups_leave_the_relay_idle_and_answering(pyz, project, memories, hook,
                                                             tmp_path):  # noqa: F811
    hostile = hostile_paths(tmp_path / "hostile")
    process, _ = start_server(pyz, project)
    try:
        wait_until_idle(process.pid)
        for n, name in enumerate(["dev_zero", "dev_urandom", "fifo", "directory", "sparse"] * 2):
            started = time.monotonic()
            hook("user-prompt-submit", {"session_id": f"h{n}", "prompt": "yes, do that",
                                        "transcript_path": hostile[name]})
            assert time.monotonic() - started < 10
        assert all(entry["relayed"] for entry in recall_log())
        assert cpu_in(process.pid, 1.0) < 0.5           # nothing left spinning
        output = hook("user-prompt-submit", {"session_id": "after", "prompt": PROMPT})
        assert "make release" in context(output) and recall_log()[-1]["relayed"] is True
    finally:
        stop(process)


def test_a_closing_old_server_leaves_the_newer_servers_socket(pyz, project, memories,
                                                             hook):  # noqa: F811
    old, path = start_server(pyz, project)
    new, _ = start_server(pyz, project)             # same parent: takes the path over
    try:
        stop(old)
        assert path.exists()
        output = hook("user-prompt-submit", {"session_id": "n1", "prompt": PROMPT})
        assert "make release" in context(output) and recall_log()[-1]["relayed"] is True
    finally:
        stop(new)
    assert not path.exists()                        # the owner removes it
