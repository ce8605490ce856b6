"""An explicit save while the team server is down (F15): the BUILT pyz's CLI ``remember``
and MCP ``memory_save`` queue it in the capture spool for that server, say so (not
"saved"), and the capture worker stores it, exactly once, when the server is back — and
never into the local SQLite file."""

from __future__ import annotations

import json

from tests.contract.test_server import Server as McpServer, call
from tests.contract.test_team_server import hook, texts

CLI_TEXT = "The on-call rotation handbook lives in docs/oncall.md."
MCP_TEXT = "Release notes are drafted in docs/releases before every tag."


def test_remember_and_memory_save_are_queued_while_the_server_is_down(
        start_server, run_pyz, pyz, project, tmp_path, data_dir):
    server = start_server("--durability", "sync")
    env = server.env()
    server.stop()

    done = run_pyz("remember", CLI_TEXT, env=env)
    assert done.returncode == 0, done.stderr
    said = done.stdout.decode()
    assert said.startswith("not saved yet:") and "queued for" in said, said
    assert "saved mem_" not in said
    as_json = json.loads(run_pyz("remember", "--json", CLI_TEXT, env=env).stdout)
    assert as_json["spooled"] is True and as_json["id"] is None
    # trial9: the README's remember fields are never removed, queued or not
    assert set(as_json) >= {"id", "created", "merged", "superseded", "redacted",
                            "dropped_secret_tags", "memory"}, as_json

    async def save(session, _initialized):
        return await call(session, "memory_save", text=MCP_TEXT)
    is_error, answer = McpServer(pyz, data_dir, env).run(project, save)
    assert not is_error and answer["ok"] is True and answer["spooled"] is True, answer
    assert "not saved yet" in answer["message"]

    doctor = json.loads(run_pyz("doctor", "--json", env=env).stdout)
    spool = {c["name"]: c for c in doctor["checks"]}["capture spool"]
    assert spool["detail"] == f"2 memories waiting for aegisdb {server.address}", spool
    # polish7 G1: an explicit save in the spool is a memory waiting, not "a capture"
    assert run_pyz("spool", env=env).stdout.decode().strip() == \
        f"2 memories waiting for aegisdb {server.address}"
    stats = run_pyz("stats", env=env).stdout.decode()
    # trial9: the saves waiting are counted as spooled (once each, though CLI_TEXT was
    # remembered twice), next to the spool's own count
    assert "0 superseded, 2 spooled, 0 dropped" in stats and \
        "spool: 2 memories awaiting replay" in stats, stats

    hook(run_pyz, "capture-worker", {}, project)       # a SQLite-configured worker: not its store
    assert texts(run_pyz, {}) == []

    server.start()
    hook(run_pyz, "capture-worker", env, project)
    hook(run_pyz, "capture-worker", env, project)       # a second replay adds nothing
    assert sorted(texts(run_pyz, env)) == sorted([CLI_TEXT, MCP_TEXT])
    assert texts(run_pyz, {}) == []

    # trial5 F9: stats names what the replay stored, not a session called "?"
    stats = json.loads(run_pyz("stats", "--json", env=env).stdout)
    assert stats["capture"]["sessions"]["?"]["added"] == 2, stats["capture"]
    assert "explicit saves (no session)" in run_pyz("stats", env=env).stdout.decode()


def test_a_refusal_is_not_queued(start_server, run_pyz, project):
    server = start_server()
    env = server.env(token="not-a-valid-token")
    done = run_pyz("remember", CLI_TEXT, env=env)
    assert done.returncode != 0 and b"not saved yet" not in done.stdout + done.stderr
    assert b"UNAUTHORIZED" in done.stderr or b"token" in done.stderr, done.stderr


def test_the_next_session_start_replays_what_waits_once_the_server_is_back(
        start_server, run_pyz, project, data_dir):
    from tests.conftest import poll
    server = start_server("--durability", "sync")
    env = server.env()
    server.stop()
    assert run_pyz("remember", CLI_TEXT, env=env).stdout.startswith(b"not saved yet:")
    hook(run_pyz, "session-start", env, project, source="startup")   # still down: harmless

    server.start()
    hook(run_pyz, "session-start", env, project, session_id="s2", source="startup")
    assert poll(lambda: texts(run_pyz, env) == [CLI_TEXT], "the replay at session start")
    spool = data_dir / "capture" / "spool.jsonl"
    assert poll(lambda: not spool.exists() or spool.stat().st_size == 0, "an empty spool")


def test_a_prompt_replays_what_waits_once_the_server_is_back(
        start_server, run_pyz, project, data_dir):
    """Mid-session (trial1 F6): the first prompt whose recall reaches the server again
    starts the replay; the save does not wait for the session's end."""
    from tests.conftest import poll
    server = start_server("--durability", "sync")
    env = server.env()
    server.stop()
    assert run_pyz("remember", CLI_TEXT, env=env).stdout.startswith(b"not saved yet:")
    hook(run_pyz, "user-prompt-submit", env, project, prompt="where is the on-call handbook?")
    marker = data_dir / "capture" / "replay-started"
    assert not marker.exists()                  # the server was down: no replay started

    server.start()
    hook(run_pyz, "user-prompt-submit", env, project, prompt="where is the on-call handbook?")
    assert poll(lambda: texts(run_pyz, env) == [CLI_TEXT], "the replay after a prompt")
    assert marker.stat().st_mode & 0o777 == 0o600


def test_send_here_says_what_its_replay_stored(start_server, run_pyz, project):
    """trial9: with nothing to move, `spool --send-here` replayed the spool and said only
    that nothing waited elsewhere."""
    server = start_server("--durability", "sync")
    env = server.env()
    server.stop()
    assert run_pyz("remember", CLI_TEXT, env=env).stdout.startswith(b"not saved yet:")
    server.start()
    told = run_pyz("spool", "--send-here", env=env).stdout.decode().splitlines()
    assert told == ["no memories wait for a store other than the one configured for them",
                    "1 added, 0 strengthened, 0 already there"], told
    assert texts(run_pyz, env) == [CLI_TEXT]
    started = hook(run_pyz, "session-start", env, project, source="startup")
    told = (started or {}).get("systemMessage", "")
    assert "stored 1 save that waited for the store" in told and "last session" not in told, told
