"""Voyage unreachable: per-prompt recall still injects keyword results, inside its budget,
with one notice naming Voyage (not the store). Runs the built pyz's hook as Claude Code does,
against a Voyage base URL on 127.0.0.1 that never answers, or refuses."""

from __future__ import annotations

import json
import socket

import pytest

MEMORY = "The image cache keeps thumbnails for one hour in redis."
PROMPT = "how long does the image cache keep thumbnails?"


@pytest.fixture
def silent_port():
    """A loopback port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def refused_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()                    # nothing listens there now: connections are refused
    return port


def _voyage_env(port: int) -> dict:
    return {"AEGIS_EMBEDDING_MODE": "voyage", "VOYAGE_API_KEY": "pa-test-key",
            "AEGIS_VOYAGE_BASE_URL": f"http://127.0.0.1:{port}/v1",
            # generous for a loaded test machine, far below Voyage's 10 s socket timeout
            "AEGIS_RECALL_TIME_BUDGET_MS": "2500"}


def _prompt(run_pyz, project, session: str, env: dict) -> dict:
    payload = {"session_id": session, "prompt": PROMPT, "cwd": str(project),
               "hook_event_name": "UserPromptSubmit"}
    done = run_pyz("hook", "user-prompt-submit", input=json.dumps(payload), env=env)
    assert done.returncode == 0 and not done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else {}


def _seed(run_pyz):
    saved = run_pyz("remember", MEMORY, env={"AEGIS_EMBEDDING_MODE": "none"})
    assert saved.returncode == 0, saved.stderr


def _context(output: dict) -> str:
    return output.get("hookSpecificOutput", {}).get("additionalContext", "")


@pytest.mark.parametrize("kind", ["silent", "refused"])
def test_recall_falls_back_to_keywords_when_voyage_is_unreachable(run_pyz, project, kind,
                                                                  request):
    port = request.getfixturevalue(f"{kind}_port")
    _seed(run_pyz)
    env = _voyage_env(port)
    first = _prompt(run_pyz, project, "offline-1", env)
    assert MEMORY in _context(first), first
    notice = first.get("systemMessage", "")
    assert "Voyage" in notice and "keyword search" in notice, notice
    assert "time budget" not in notice and "store" not in notice
    # the same session is not told again
    again = _prompt(run_pyz, project, "offline-1", env)
    assert "systemMessage" not in again, again


def test_a_silent_voyage_is_not_waited_for_on_every_prompt(run_pyz, project, silent_port,
                                                           data_dir):
    _seed(run_pyz)
    env = _voyage_env(silent_port)
    first = _prompt(run_pyz, project, "offline-a", env)
    assert "did not answer within" in first.get("systemMessage", ""), first
    assert (data_dir / "recall" / "embedding-down-voyage").is_file()
    # another session right after skips Voyage at once (a short circuit), still recalls
    log = data_dir / "aegis.log"
    logged = log.read_text() if log.exists() else ""
    other = _prompt(run_pyz, project, "offline-b", env)
    assert MEMORY in _context(other)
    assert "did not answer a moment ago" in other.get("systemMessage", ""), other
    # the cool-down is logged once, by the miss that began it: a hook that logs loads the
    # logger and the redaction rules, which every prompt of the minute would pay for
    assert "did not answer within" in logged
    assert (log.read_text() if log.exists() else "") == logged
