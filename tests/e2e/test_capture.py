"""Automatic capture: after the CLI exits, the detached worker stores what the user decided."""

from __future__ import annotations

from harness import wait_until
from stub_api import text

DECISION = ("We decided to use PostgreSQL instead of MySQL because we need JSONB columns "
            "for the order payloads.")
CONVENTION = "We always run `make lint` before pushing to main."


def mentioning(claude, project, needle: str) -> list[dict]:
    return [m for m in claude.memories(project) if needle in m["text"]]


def test_decisions_and_conventions_are_captured_once_after_the_session_ends(claude_dir, project):
    claude = claude_dir
    claude.stub.responder = lambda request: [text("Done.")]

    first = claude.run(f"{DECISION} Please set up the database settings.", project)
    wait_until(lambda: mentioning(claude, project, "PostgreSQL"), 60,
               "the decision to be captured after the CLI exited")

    # a second turn of the same session: only the new statement is captured
    claude.run(CONVENTION, project, "--resume", first.session_id)
    wait_until(lambda: mentioning(claude, project, "make lint"), 60,
               "the convention to be captured after the resumed session exited")
    claude.wait_for_quiet()

    decisions = mentioning(claude, project, "PostgreSQL")
    conventions = mentioning(claude, project, "make lint")
    assert len(decisions) == 1, decisions
    assert len(conventions) == 1, conventions
    assert "JSONB" in decisions[0]["text"], "the reason is kept with the decision"
    # stored by the capture path (stable capture ids make replays idempotent)
    assert all(m["source"] == "capture" and m["capture_id"] for m in decisions + conventions)
    # the assistant's chit-chat is not a memory
    assert mentioning(claude, project, "Done.") == []
