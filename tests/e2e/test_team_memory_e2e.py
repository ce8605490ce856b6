"""The plugin configured for a team AegisDB server the way a user configures it: the
plugin's userConfig (backend, host, port in settings; the token, a sensitive option,
in Claude Code's credential store). Session 1 saves with memory_save and captures at
exit onto the server; session 2 is told both; no local SQLite store is ever created."""

from __future__ import annotations

import json

from harness import wait_until
from scripts import save_when_asked
from stub_api import text

PLUGIN_ID = "aegis@aegis"          # marketplace "aegis", plugin "aegis"
SAVED = "The billing service retries webhooks three times with exponential backoff."
DECISION = "We decided to keep every invoice amount in integer cents, never floats."


def configure_plugin(claude, server, token: str) -> None:
    """Write the options as Claude Code keeps them after the user fills in /plugin."""
    settings_path = claude.config_dir / "settings.json"
    settings = json.loads(settings_path.read_text()) if settings_path.exists() else {}
    settings.setdefault("pluginConfigs", {})[PLUGIN_ID] = {"options": {
        "backend": "aegisdb", "aegisdb_host": "127.0.0.1", "aegisdb_port": str(server.port)}}
    settings_path.write_text(json.dumps(settings))
    credentials = claude.config_dir / ".credentials.json"
    stored = json.loads(credentials.read_text()) if credentials.exists() else {}
    stored.setdefault("pluginSecrets", {})[PLUGIN_ID] = {"aegisdb_token": token}
    credentials.write_text(json.dumps(stored))
    credentials.chmod(0o600)


def test_two_sessions_share_memory_through_the_team_server(claude, start_server, project,
                                                           data_dir):
    token = "team-" + "0123456789abcdef" * 2
    server = start_server(tokens=[f"{token} billing rw"])
    configure_plugin(claude, server, token)
    team = server.env(token=token)          # to look at the server from outside

    claude.run(f"Remember that: {SAVED} Also: {DECISION}", project,
               responder=save_when_asked(SAVED, "Remember that"))
    wait_until(lambda: [m for m in claude.memories(project, env=team)
                        if "integer cents" in m["text"]], 90,
               "the decision to be captured onto the server after the CLI exited")
    claude.wait_for_quiet()                 # the capture worker has ended, nothing lingers
    stored = {m["text"]: m for m in claude.memories(project, env=team)}
    assert SAVED in stored and stored[SAVED]["source"] != "capture", stored
    assert any(m["source"] == "capture" and "integer cents" in t for t, m in stored.items())

    claude.stub.responder = lambda request: [text("Use integer cents.")]
    run = claude.run("How should I store invoice amounts and webhook retries?", project)
    told = run.injected_context("SessionStart") + "\n" + run.injected_context("UserPromptSubmit")
    assert "integer cents" in told and "exponential backoff" in told, run.describe()
    # the quiet status line ("Aegis · N memories briefed …"), and no notice of trouble
    notices = [m for m in run.system_messages() if not m.startswith("Aegis · ")]
    assert notices == [], run.system_messages()
    assert not (data_dir / "memory.db").exists(), "a local SQLite store was created"


def test_memory_ui_shows_the_team_servers_memories(claude, start_server, project, data_dir):
    """/memory-ui's shell line gets no plugin options: the session's server starts the
    viewer, so it opens the team server the plugin is configured for, not a local file."""
    import os
    import re
    import signal
    import urllib.request

    token = "team-" + "fedcba9876543210" * 2
    server = start_server(tokens=[f"{token} billing rw"])
    configure_plugin(claude, server, token)
    team = server.env(token=token)
    assert claude.aegis("remember", DECISION, cwd=project, env=team).returncode == 0

    def reply_with_address(request):
        found = re.search(r"http://127\.0\.0\.1:\d+/\?key=\S+", request.last_user_text())
        return [text(f"The memory viewer is at {found.group(0)}" if found else "No address.")]
    run = claude.run("/memory-ui", project, responder=reply_with_address,
                     allow_memory_tools=False)
    expansion = run.main_requests[0].last_user_text()
    pid = re.search(r"pid (\d+)", expansion)
    try:
        address = re.search(r"http://127\.0\.0\.1:\d+/\?key=\S+", expansion)
        assert address and f"aegisdb 127.0.0.1:{server.port}" in expansion, expansion
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        opener.open(address.group(0), timeout=10).close()
        base = address.group(0).split("/?", 1)[0]
        with opener.open(base + "/api/memories", timeout=10) as answer:
            texts = [m["text"] for m in json.loads(answer.read())["memories"]]
        assert DECISION in texts, texts
    finally:
        if pid:
            os.kill(int(pid.group(1)), signal.SIGTERM)
    assert not (data_dir / "memory.db").exists(), "the viewer opened a local SQLite store"
