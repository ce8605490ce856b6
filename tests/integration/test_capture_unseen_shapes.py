"""Capture through the built pyz of statements about tools no word list names.

A session in Claude Code's real JSONL shape (``tests.transcript_tree``) ends with the
SessionEnd hook, the detached worker captures, and ``aegis list`` shows what was kept:
conventions about unlisted tools, the assistant's cause before its "Fix:", what a
correction says instead (and not what it replaced), a ban with its replacement after
';' as one memory; and not a statement that only held a secret, a quoted rule the user
doubts, or the session's chatter. The conversation is written for this test (a Crystal
web service), not taken from any benchmark.
"""

from __future__ import annotations

import json

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
    ("user", "thanks, that's it for today"),
]


def test_unseen_tools_are_captured_and_transient_shapes_are_not(run_pyz, project, isolated_env):
    transcript = write_session(isolated_env / ".claude", project, "kiln-1",
                               [(role, text, AT.format(n)) for n, (role, text) in enumerate(TURNS)])
    ended = run_pyz("hook", "session-end", input=json.dumps({
        "hook_event_name": "SessionEnd", "session_id": "kiln-1", "cwd": str(project),
        "transcript_path": str(transcript), "reason": "prompt_input_exit"}))
    assert ended.returncode == 0 and ended.stderr == b""

    def listed() -> list[str]:
        done = run_pyz("list", "--json", "--all", "--limit", "200")
        assert done.returncode == 0, done.stderr
        texts = [m["text"] for m in json.loads(done.stdout)["memories"]]
        return texts if any("raise an error" in t for t in texts) else []

    texts = poll(listed, "capture of the kiln session", 90)
    joined = "\n".join(texts)
    for phrase in ("ameba-fmt", "spectator over", "Kiln.Http for handlers",
                   "connection that the database had already closed", "SELECT 1",
                   "Never call exit in library code; raise an error."):
        assert phrase in joined, (phrase, texts)
    for phrase in ("Kiln::Web", "global singletons", "Plover", "metrics push password",
                   "REDACTED", "health endpoint today", "212 specs", "Let me run"):
        assert phrase not in joined, (phrase, texts)
