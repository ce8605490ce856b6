"""Half an emoji (a lone UTF-16 surrogate such as ``\\ud83d``, which JSON may spell and
JavaScript writes when it cuts a string) loses nothing but itself, on every path of the
built pyz: the MCP tools answer, capture and backfill keep the window's statements,
import takes the line (trial4 F7, aegis.surrogates). Also: backfill reads a session
whose first line is larger than its head bound (trial4 F4)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

from tests.conftest import poll
from tests.transcript_tree import write_session

HALF = "\\ud83d"                 # as it appears in the JSON text
CUT = "We always deploy with make ship-prod HALF from now on."
UTC = "Convention: all timestamps are stored in UTC."


def json_with_half(path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("HALF", HALF), encoding="utf-8")


def texts(run_pyz, cwd=None) -> list[str]:
    done = run_pyz("list", "--json", "--limit", "100", cwd=cwd)
    assert done.returncode == 0, done.stderr
    return sorted(m["text"] for m in json.loads(done.stdout)["memories"])


def test_capture_keeps_the_window_and_drops_only_the_half_character(run_pyz, project, tmp_path):
    transcript = write_session(tmp_path / "claude", project, "s1", [
        ("user", CUT, "2026-10-01T10:00:00.000Z"), ("user", UTC, "2026-10-01T10:01:00.000Z")])
    json_with_half(transcript)
    payload = {"session_id": "s1", "cwd": str(project), "transcript_path": str(transcript),
               "hook_event_name": "SessionEnd", "reason": "exit"}
    for event in ("session-end", "capture-worker"):
        done = run_pyz("hook", event, input=json.dumps(payload))
        assert (done.returncode, done.stderr) == (0, b"")
    stored = texts(run_pyz)
    assert UTC in stored and any("make ship-prod" in t and "from now on" in t for t in stored)


def test_a_stop_payload_with_half_a_character_is_queued(run_pyz, project, data_dir):
    body = ('{"session_id": "s1", "cwd": %s, "hook_event_name": "Stop", '
            '"last_assistant_message": "Decision: we ship %s on Fridays from now on."}'
            % (json.dumps(str(project)), HALF))
    done = run_pyz("hook", "stop", input=body.encode(), env={"AEGIS_CAPTURE_SCOPE": "turn"})
    assert (done.returncode, done.stderr) == (0, b"")
    assert poll(lambda: any("on Fridays" in t for t in texts(run_pyz)), "the Stop capture")


def test_backfill_reads_past_a_half_character_and_a_huge_first_line(run_pyz, project, tmp_path):
    claude = tmp_path / "claude-config"
    transcript = write_session(claude, project, "0000000a-0000-4000-8000-00000000000a", [
        ("user", CUT, "2026-10-01T10:00:00.000Z"), ("user", UTC, "2026-10-01T10:01:00.000Z")])
    json_with_half(transcript)
    big = transcript.with_name("0000000b-0000-4000-8000-00000000000b.jsonl")
    pasted = {"type": "user", "cwd": str(project), "sessionId": big.stem,
              "timestamp": "2026-10-02T10:00:00.000Z",
              "message": {"role": "user", "content": "log: " + "x" * (5 * 1024 * 1024)}}
    squash = dict(pasted, message={"role": "user",
                                   "content": "We always squash-merge pull requests into main."})
    big.write_text(json.dumps(pasted) + "\n" + json.dumps(squash) + "\n")
    env = {"CLAUDE_CONFIG_DIR": str(claude)}
    done = run_pyz("backfill", "--json", env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    assert report["skipped"] == [], report["skipped"]
    stored = texts(run_pyz)
    assert UTC in stored and "We always squash-merge pull requests into main." in stored


def test_import_takes_a_line_with_half_a_character(run_pyz, project, tmp_path):
    exported = tmp_path / "in.jsonl"
    exported.write_text('{"id": "mem_000000000001", "text": "Release notes %s live in docs."}\n'
                        % HALF)
    done = run_pyz("import", "--json", str(exported))
    assert done.returncode == 0, done.stderr
    assert texts(run_pyz) == ["Release notes  live in docs."]      # only the half character goes


def test_the_mcp_tools_answer_a_half_character(pyz, project, data_dir):
    """Raw JSON-RPC: the SDK's own client cannot send a lone surrogate."""
    server = subprocess.Popen([sys.executable, str(pyz), "serve"], cwd=project,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=dict(os.environ))
    pending = b""

    def ask(message_id: int, method: str, params: dict, raw_params: str | None = None) -> dict:
        nonlocal pending
        body = json.dumps({"jsonrpc": "2.0", "id": message_id, "method": method,
                           "params": params})
        if raw_params is not None:
            body = body.replace('"RAW"', raw_params)
        server.stdin.write(body.encode() + b"\n")
        server.stdin.flush()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                answer = json.loads(line)
                if answer.get("id") == message_id:
                    return answer
            ready, _, _ = select.select([server.stdout], [], [], 1.0)
            if ready:
                chunk = os.read(server.stdout.fileno(), 65536)
                assert chunk, "the server closed its output"
                pending += chunk
        raise AssertionError(f"no answer to {method} within 60 s")

    try:
        ask(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                              "clientInfo": {"name": "t", "version": "1"}})
        server.stdin.write(b'{"jsonrpc": "2.0", "method": "notifications/initialized"}\n')
        saved = ask(2, "tools/call", {"name": "memory_save", "arguments": "RAW"},
                    '{"text": "Emoji cut %s here: we ship on Fridays"}' % HALF)
        answer = json.loads(saved["result"]["content"][0]["text"])
        assert answer["ok"] is True, answer
        found = ask(3, "tools/call", {"name": "memory_search", "arguments": "RAW"},
                    '{"query": "ship %s Fridays"}' % HALF)
        assert "we ship on Fridays" in found["result"]["content"][0]["text"]
    finally:
        server.kill()
        server.wait()
