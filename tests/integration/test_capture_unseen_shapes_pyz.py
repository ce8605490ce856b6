"""Capture through the built pyz of statements about tools no word list names.

A session in Claude Code's real JSONL shape (``tests.transcript_tree``) ends with the
SessionEnd hook, the detached worker captures, and ``aegis list`` shows what was kept:
conventions about unlisted tools, the assistant's cause before its "Fix:", what a
correction says instead (and not what it replaced), a ban with its replacement after
';' as one memory, and a later session naming another tool for the same job replaces
the old one unmarked; and not a statement that only held a secret, a quoted rule the user
doubts, or the session's chatter. The conversation is written for this test (a Crystal
web service), not taken from any benchmark.
"""

from __future__ import annotations

import json
import time

from tests.conftest import poll
from tests.transcript_tree import write_session

AT = "2026-11-20T10:00:{:02d}.000Z"
TURNS = [
    ("user", "kiln is our Crystal web service on the Kemal framework. I need a health endpoint "
             "today. We format with ameba-fmt and line width 96, and I prefer spectator over "
             "the stdlib spec runner."),
    ("assistant", "Let me run the specs first."),
    ("user", "put the handlers in Kiln::Web... actually no, scratch that, we split by layer: "
             "Kiln.Http for handlers and Kiln.Store for persistence."),
    ("assistant", "The health check hung because the pool handed out a connection that the "
                  "database had already closed. Fix: the pool now pings a connection with "
                  "SELECT 1 before lending it."),
    ("user", "Never call exit in library code; raise an error. Someone wrote 'always use "
             "global singletons' in the old README. Is that really our rule? I doubt it."),
    ("user", "the metrics push password is Plover-Canyon-2291 - put it in the vault later."),
    ("assistant", "All 212 specs pass."),
    ("user", "We use kemal-lint for linting, and CI runs it on every push."),
    ("user", "thanks, that's it for today"),
]
LATER = [("user", "quick one before the demo: we use ameba for linting, and CI runs it on every push."),
         ("assistant", "Got it.")]


def end_session(run_pyz, home, project, session_id: str, turns,
                waits_for: str | tuple[str, ...]) -> list[dict]:
    """The session through SessionEnd; the memories once each of ``waits_for`` is stored (the
    worker stores one statement at a time, so wait for every one a test needs)."""
    wanted = (waits_for,) if isinstance(waits_for, str) else waits_for
    transcript = write_session(home / ".claude", project, session_id,
                               [(role, text, AT.format(n)) for n, (role, text) in enumerate(turns)])
    ended = run_pyz("hook", "session-end", input=json.dumps({
        "hook_event_name": "SessionEnd", "session_id": session_id, "cwd": str(project),
        "transcript_path": str(transcript), "reason": "prompt_input_exit"}))
    assert ended.returncode == 0 and ended.stderr == b""

    def listed() -> list[dict]:
        done = run_pyz("list", "--json", "--all", "--limit", "200")
        assert done.returncode == 0, done.stderr
        memories = json.loads(done.stdout)["memories"]
        return memories if all(any(w in m["text"] for m in memories) for w in wanted) else []

    return poll(listed, f"capture of {waits_for!r}", 90)


def test_unseen_tools_are_captured_and_transient_shapes_are_not(run_pyz, project, isolated_env):
    texts = [m["text"] for m in end_session(run_pyz, isolated_env, project, "kiln-1", TURNS,
                                            "raise an error")]
    joined = "\n".join(texts)
    for phrase in ("ameba-fmt", "spectator over", "Kiln.Http for handlers",
                   "connection that the database had already closed", "SELECT 1",
                   "Never call exit in library code; raise an error."):
        assert phrase in joined, (phrase, texts)
    for phrase in ("Kiln::Web", "global singletons", "Plover", "metrics push password",
                   "REDACTED", "health endpoint today", "212 specs", "Let me run"):
        assert phrase not in joined, (phrase, texts)


def test_another_tool_for_the_same_job_in_a_later_session_supersedes(run_pyz, project, isolated_env):
    first = end_session(run_pyz, isolated_env, project, "kiln-1", TURNS, "kemal-lint")
    old = next(m for m in first if "kemal-lint" in m["text"])
    time.sleep(1.1)                          # later, to the second a store keeps
    later = end_session(run_pyz, isolated_env, project, "kiln-2", LATER, "ameba for linting")
    new = next(m for m in later if "ameba for linting" in m["text"])
    record = json.loads(run_pyz("get", "--json", old["id"]).stdout)
    assert record["memory"]["superseded_by"] == new["id"]
