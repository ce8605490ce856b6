"""A team AegisDB server's own limits, met through the built pyz: a namespace over its
record quota (``--tenant-max-records``), a rate limit (``--tenant-rate-qps``) and a
server without its keyword index (``--no-lexical-index``, NOT_READY).

Each reaches the user as one line naming the limit and the server flag behind it —
the CLI on stderr with a non-zero exit, an MCP tool as an ``isError`` result with the
error code, a hook as a ``systemMessage`` with exit 0 — and no capture is lost: a
capture refused for quota waits in the spool for the same server."""

from __future__ import annotations

import json
import uuid

from tests.contract.test_server import Server as McpServer, call
from tests.contract.test_team_server import capture, hook, one_line_error, session_transcript

TOKEN = f"limits-{uuid.uuid4().hex}"


def test_a_namespace_over_its_quota_refuses_saves_by_name_and_spools_captures(
        start_server, run_pyz, pyz, project, tmp_path):
    server = start_server("--tenant-max-records", "2", tokens=[f"{TOKEN} quota rw"])
    env = server.env(token=TOKEN)
    for text in ("The widget queue drains every minute.", "Widgets ship in crates of ten."):
        assert run_pyz("remember", text, env=env).returncode == 0
    refused = one_line_error(run_pyz("remember", "A third widget fact is over quota.", env=env))
    assert "quota" in refused and "--tenant-max-records" in refused, refused

    mcp = McpServer(pyz, tmp_path / "mcp-data", env)

    async def scenario(session, initialized):
        return await call(session, "memory_save", text="Widget crates are stacked by hand.")
    is_error, payload = mcp.run(project, scenario)
    assert is_error and payload["error"] == "quota_exceeded", payload
    assert "--tenant-max-records" in payload["message"]

    capture(run_pyz, env, project,
            session_transcript(tmp_path, "We decided to always weigh widget crates before shipping."))
    doctor = json.loads(run_pyz("doctor", "--json", env=env).stdout)
    spool = {c["name"]: c for c in doctor["checks"]}["capture spool"]
    assert not spool["ok"] and "1 memory waiting for aegisdb" in spool["detail"], spool
    # recall still works at quota: reading is not writing
    recalled = hook(run_pyz, "user-prompt-submit", env, project,
                    prompt="how often does the widget queue drain?")
    assert "drains every minute" in recalled["hookSpecificOutput"]["additionalContext"]


def test_a_rate_limited_namespace_is_named_on_the_cli_and_once_in_a_hook(
        start_server, run_pyz, project):
    server = start_server("--tenant-rate-qps", "1", tokens=[f"{TOKEN} slow rw"])
    env = server.env(token=TOKEN)
    messages = [run_pyz("search", "--json", "widgets", env=env) for _ in range(4)]
    refused = [one_line_error(done) for done in messages if done.returncode != 0]
    assert refused, "four searches in a row at 1 request/s were all answered"
    assert all("rate-limiting" in line and "--tenant-rate-qps" in line for line in refused)
    # the bucket refills at 1 request/s: of a few prompts in a row one is refused, and says so
    notices = [(recalled or {}).get("systemMessage", "") for recalled in (
        hook(run_pyz, "user-prompt-submit", env, project, prompt="widget rate limits?",
             session_id=f"s{n}") for n in range(4))]
    assert any("rate-limiting" in notice for notice in notices), notices
    assert all("\n" not in notice for notice in notices)


def test_a_server_without_its_keyword_index_says_so_and_still_saves(
        start_server, run_pyz, project):
    server = start_server("--no-lexical-index", tokens=[f"{TOKEN} nolex rw"])
    env = server.env(token=TOKEN)
    assert run_pyz("remember", "The nightly export runs at two.", env=env).returncode == 0
    refused = one_line_error(run_pyz("search", "nightly export", env=env))
    assert "NOT_READY" in refused and "--no-lexical-index" in refused, refused
    recalled = hook(run_pyz, "user-prompt-submit", env, project, prompt="when is the nightly export?")
    assert recalled and "NOT_READY" in recalled["systemMessage"], recalled
    listed = run_pyz("list", "--json", env=env)
    assert "nightly export" in listed.stdout.decode()          # the memory itself is safe
