"""Captured rules, their updates and the next session's context, on both backends,
through the built pyz: the SessionEnd hook captures (detached worker), a later
session's update supersedes the old rule (kept in history with a ``supersedes``
relation, never briefed or recalled again), distinct subjects stay apart, a rule
said twice is briefed once, and a request for code brings the conventions for
writing code although it shares no word with them.

The sentences are written for this test (a queue/billing/config project), not
taken from any benchmark.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from tests.conftest import poll

FIRST = [
    "One of the conventions we follow is to start queue names with 'q_'.",
    "Remember that the billing service must run four gunicorn workers because of memory limits.",
    "Remember that the search service must run four gunicorn workers because of memory limits.",
    "Add the '@traced' decorator to every request handler.",
    "When you add attributes to a class, end their names with '_cfg'.",
]
SECOND = [
    "Going forward, start queue names with 'jobq_' instead.",
    "Always include the '@traced' decorator on request handlers.",
]


def write_session(path, session_id: str, project, lines: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for number, text in enumerate(lines):
            out.write(json.dumps({"type": "user", "isSidechain": False, "sessionId": session_id,
                                  "cwd": str(project), "uuid": f"u{number}",
                                  "message": {"role": "user", "content": text}}) + "\n")
            out.write(json.dumps({"type": "assistant", "isSidechain": False,
                                  "sessionId": session_id, "uuid": f"a{number}",
                                  "message": {"role": "assistant", "content": [
                                      {"type": "text", "text": "Understood."}]}}) + "\n")


def captured(run_pyz, env, phrase: str) -> list[dict]:
    listed = run_pyz("list", "--json", "--all", "--limit", "200", env=env)
    assert listed.returncode == 0, listed.stderr
    memories = json.loads(listed.stdout)["memories"]
    return memories if any(phrase in m["text"] for m in memories) else []


def settled(run_pyz, env, phrase: str) -> list[dict]:
    """The memories once ``phrase`` is stored and the capture worker is done: it stores
    a memory before it writes the supersedes that memory makes, so a listing taken the
    moment the phrase shows can still have the old memory live (the AegisDB leg, where
    each write is a round trip, failed about one run in ten)."""
    from aegis.capture.layout import CaptureFiles
    from aegis.capture.lock import worker_lock
    poll(lambda: captured(run_pyz, env, phrase), f"capture of {phrase!r}", 90)
    with worker_lock(Path(CaptureFiles.in_data_dir(os.environ["AEGIS_DATA_DIR"]).lock), 90):
        pass                                # taken: the worker that stored it has finished
    return captured(run_pyz, env, phrase)


def end_session(run_pyz, env, project, tmp_path, session_id: str, lines: list[str],
                waits_for: str) -> list[dict]:
    transcript = tmp_path / f"{session_id}.jsonl"
    write_session(transcript, session_id, project, lines)
    ended = run_pyz("hook", "session-end", env=env, input=json.dumps({
        "hook_event_name": "SessionEnd", "session_id": session_id, "cwd": str(project),
        "transcript_path": str(transcript), "reason": "prompt_input_exit"}))
    assert ended.returncode == 0 and ended.stderr == b""
    return settled(run_pyz, env, waits_for)


def hook_context(run_pyz, env, event: str, payload: dict) -> str:
    done = run_pyz("hook", event, input=json.dumps(payload), env=env)
    assert done.returncode == 0 and done.stderr == b""
    return json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"] if done.stdout else ""


def test_updates_supersede_and_the_next_session_gets_the_rules_in_force(
        run_pyz, backend_env, project, tmp_path):
    env = {**backend_env, "AEGIS_RECALL_TIME_BUDGET_MS": "10000", "AEGIS_EMBEDDING_MODE": "none"}
    first = end_session(run_pyz, env, project, tmp_path, "s1", FIRST, "'_cfg'")
    old = next(m for m in first if "'q_'" in m["text"])
    time.sleep(1.1)                          # the update is later, to the second a store keeps
    memories = end_session(run_pyz, env, project, tmp_path, "s2", SECOND, "'jobq_'")
    new = next(m for m in memories if "'jobq_'" in m["text"])

    shown = run_pyz("get", "--json", old["id"], env=env)
    record = json.loads(shown.stdout)
    assert record["memory"]["superseded_by"] == new["id"]
    assert (new["id"], old["id"], "supersedes") in {
        (r["source_id"], r["target_id"], r["kind"]) for r in record["relations"]}
    workers = [m for m in memories if "gunicorn workers" in m["text"] and not m["superseded_by"]]
    assert sorted("billing" in m["text"] for m in workers) == [False, True]   # two memories

    base = {"session_id": "s3", "cwd": str(project), "transcript_path": str(tmp_path / "s3.jsonl")}
    briefing = hook_context(run_pyz, env, "session-start",
                            {**base, "hook_event_name": "SessionStart", "source": "startup"})
    assert "'jobq_'" in briefing and "'q_'" not in briefing and old["id"] not in briefing
    assert "billing service" in briefing and "search service" in briefing
    assert briefing.count("@traced") == 1, briefing       # the same rule said twice: one line
    assert "because of memory limits" not in briefing      # the rule, not its reason

    # another session, so nothing is skipped as already briefed
    base = {**base, "session_id": "s4", "transcript_path": str(tmp_path / "s4.jsonl")}
    recall = hook_context(run_pyz, env, "user-prompt-submit", {
        **base, "hook_event_name": "UserPromptSubmit",
        "prompt": "Write a class that loads settings from a YAML file"})
    assert "'_cfg'" in recall and "'q_'" not in recall, recall
    off_topic = hook_context(run_pyz, env, "user-prompt-submit", {
        **base, "hook_event_name": "UserPromptSubmit", "prompt": "write a haiku about autumn"})
    assert off_topic == ""
