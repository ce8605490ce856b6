"""The session-start briefing on both backends, through the built pyz, once a project
holds more memories than the briefing reads by age."""

from __future__ import annotations

import json
import time

from aegis.recall.select import BRIEFING_SCAN


def saved_record(export, key: str) -> dict:
    """The exported record of ``key`` (a shared server's export holds other tests' user
    tier too: a template taken from it would import the notes into that tier)."""
    return next(record for record in map(json.loads, export.read_text().splitlines())
                if record["id"] == key)


def test_an_old_important_memory_is_briefed_behind_many_newer_notes(run_pyz, backend_env,
                                                                     project, tmp_path):
    saved = run_pyz("remember", "--json", "--importance", "0.9",
                    "Money amounts are stored in integer cents, never floats.", env=backend_env)
    assert saved.returncode == 0, saved.stderr
    key = json.loads(saved.stdout)["id"]
    export = tmp_path / "export.jsonl"
    assert run_pyz("export", str(export), env=backend_env).returncode == 0
    template = saved_record(export, key)
    time.sleep(1.1)                      # the notes are newer, to the second SQLite keeps
    newer = time.time()
    notes = tmp_path / "notes.jsonl"
    with open(notes, "w") as out:
        for n in range(BRIEFING_SCAN + 100):
            out.write(json.dumps({**template, "id": f"mem_{0xb00000000000 + n:012x}",
                                  "text": f"Service {n} keeps its logs for {n % 30 + 1} days.",
                                  "importance": 0.5, "created_at": newer, "updated_at": newer,
                                  "history": [], "relations": []}) + "\n")
    imported = run_pyz("import", "--json", str(notes), env=backend_env, timeout=300)
    assert json.loads(imported.stdout)["added"] == BRIEFING_SCAN + 100, imported.stderr

    start = json.dumps({"hook_event_name": "SessionStart", "session_id": "b1",
                        "cwd": str(project), "source": "startup"})
    briefed = run_pyz("hook", "session-start", input=start,
                      env={**backend_env, "AEGIS_RECALL_TIME_BUDGET_MS": "5000"})
    assert briefed.returncode == 0 and briefed.stderr == b""
    context = json.loads(briefed.stdout)["hookSpecificOutput"]["additionalContext"]
    assert key in context and "integer cents" in context, context


def test_what_somebody_saved_on_purpose_is_briefed_and_a_capture_alike_is_not(
        run_pyz, backend_env, project, tmp_path):
    """``/remember`` and ``aegis remember`` save at the default importance, untagged: the
    user asked for it, so the next session starts with it. A plain captured fact of the
    same weight is left to recall."""
    saved = run_pyz("remember", "--json", "The staging database lives on db-stage-02.",
                    env=backend_env)
    assert saved.returncode == 0, saved.stderr
    key = json.loads(saved.stdout)["id"]
    export = tmp_path / "export.jsonl"
    assert run_pyz("export", str(export), env=backend_env).returncode == 0
    template = saved_record(export, key)
    captured = tmp_path / "captured.jsonl"
    captured.write_text(json.dumps({**template, "id": "mem_c0ffee000001", "source": "capture",
                                    "text": "The nightly report is mailed at six.",
                                    "history": [], "relations": []}) + "\n")
    assert run_pyz("import", str(captured), env=backend_env).returncode == 0

    start = json.dumps({"hook_event_name": "SessionStart", "session_id": "b2",
                        "cwd": str(project), "source": "startup"})
    briefed = run_pyz("hook", "session-start", input=start, env=backend_env)
    assert briefed.returncode == 0 and briefed.stderr == b""
    context = json.loads(briefed.stdout)["hookSpecificOutput"]["additionalContext"]
    assert key in context and "db-stage-02" in context
    assert "nightly report" not in context


def session_start_message(run_pyz, project, env: dict, session: str) -> str:
    start = json.dumps({"hook_event_name": "SessionStart", "session_id": session,
                        "cwd": str(project), "source": "startup"})
    briefed = run_pyz("hook", "session-start", input=start,
                      env={**env, "AEGIS_RECALL_TIME_BUDGET_MS": "5000"})
    assert briefed.returncode == 0 and briefed.stderr == b""
    return json.loads(briefed.stdout or b"{}").get("systemMessage", "")


def test_a_read_only_token_is_named_once_when_captures_would_be_dropped(run_pyz, project,
                                                                        start_server):
    """trial5 F4: every capture under a read-only token is dropped, and only the status
    line can tell a session so; a reader by choice (capture off) is not warned."""
    import os
    reader, writer = "ro-" + os.urandom(8).hex(), "rw-" + os.urandom(8).hex()
    server = start_server(tokens=[f"{reader} acme ro", f"{writer} acme rw"])
    assert run_pyz("remember", "We deploy with make ship.",
                   env=server.env(writer)).returncode == 0
    warned = session_start_message(run_pyz, project, server.env(reader), "ro-1")
    assert "read-only token: memories are recalled, captures are not saved" in warned, warned
    assert "1 memory briefed" in warned, warned
    again = session_start_message(run_pyz, project, server.env(reader), "ro-1")
    assert "read-only" not in again and "1 memory briefed" in again, again
    by_choice = {**server.env(reader), "AEGIS_CAPTURE_ENABLED": "false"}
    assert "read-only" not in session_start_message(run_pyz, project, by_choice, "ro-2")
    assert "read-only" not in session_start_message(run_pyz, project, server.env(writer), "rw-1")
