"""Malformed JSON that Aegis reads on its fast path (``aegis.quick_json``) — a config
file with a trailing comma, a damaged session state file — is reported or ignored,
never an internal error and never silent loss of recall, on every interpreter: on
3.10 and 3.11 the ``_json`` scanner fails with a SystemError when ``json`` was never
imported, which a fresh pyz process has not."""

from __future__ import annotations

import json

PROMPT = "which database do the orders live in?"


def prompt(run_pyz, project, session="s1"):
    done = run_pyz("hook", "user-prompt-submit", input=json.dumps(
        {"session_id": session, "cwd": str(project), "hook_event_name": "UserPromptSubmit",
         "prompt": PROMPT}))
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    return done.stdout.decode()


def test_a_config_file_with_a_trailing_comma_is_reported_and_memory_keeps_working(
        run_pyz, project):
    assert run_pyz("remember", "Orders live in the Postgres database orders_db.").returncode == 0
    (project / ".aegis.json").write_text('{"recall_top_k": 8,}')

    listed = run_pyz("list")
    assert listed.returncode == 0 and b"internal error" not in listed.stderr, listed.stderr
    assert b"unreadable config (JSONDecodeError); using defaults" in listed.stderr
    doctor = json.loads(run_pyz("doctor", "--json").stdout)
    config = next(check for check in doctor["checks"] if check["name"] == "config")
    assert not config["ok"] and "unreadable config" in config["detail"]

    assert "orders_db" in prompt(run_pyz, project)
    start = run_pyz("hook", "session-start", input=json.dumps(
        {"session_id": "s2", "cwd": str(project), "source": "startup"}))
    assert start.returncode == 0 and start.stderr == b""
    assert "unreadable config" in json.loads(start.stdout)["systemMessage"]


def test_a_damaged_session_state_file_is_ignored(run_pyz, project, data_dir):
    assert run_pyz("remember", "Orders live in the Postgres database orders_db.").returncode == 0
    assert "orders_db" in prompt(run_pyz, project, session="an2")
    states = list((data_dir / "recall").rglob("*an2*.json"))
    assert states, sorted(p.name for p in (data_dir / "recall").rglob("*"))
    for state in states:
        state.write_text("{bad")
    assert "orders_db" in prompt(run_pyz, project, session="an2")
