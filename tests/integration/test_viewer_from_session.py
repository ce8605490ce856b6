"""``/memory-ui`` opens the store the session uses, even when only the plugin's options
(which Claude Code gives to the MCP server, not to a command's shell line) say where
it is: ``ui --detach`` run under the session has the session's server start the
viewer, so it inherits the server's settings. Built pyz, real AegisDB server, the
official MCP client over stdio."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import sys
import urllib.request

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

URL = re.compile(r"http://127\.0\.0\.1:\d+/\?key=\S+")
TEAM_ONLY = "The team server keeps invoices in integer cents."
LOCAL_ONLY = "This local note lives only in the SQLite file."


def api_memories(url: str) -> list[str]:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(url, timeout=10):             # the key becomes a cookie
        pass
    base = url.split("/?", 1)[0]
    with opener.open(base + "/api/memories", timeout=10) as answer:
        body = json.loads(answer.read())
    return [m["text"] for m in body["memories"]]


def test_the_viewer_started_from_a_session_opens_the_sessions_store(
        pyz, run_pyz, start_server, project, data_dir):
    server = start_server()
    plugin = server.env(plugin=True)                # as Claude Code sets them for the server
    assert run_pyz("remember", TEAM_ONLY, env=plugin).returncode == 0
    assert run_pyz("remember", LOCAL_ONLY).returncode == 0
    shell_env = {k: v for k, v in os.environ.items()
                 if not k.startswith("CLAUDE_PLUGIN_OPTION_")}

    async def scenario() -> str:
        params = StdioServerParameters(command=sys.executable, args=[str(pyz), "serve"],
                                       env={**shell_env, **plugin}, cwd=str(project))
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                await session.list_tools()          # the server (and its relay) is up
                # the command's shell line: a child of the same parent, no plugin options
                viewer = await anyio.run_process(
                    [sys.executable, str(pyz), "ui", "--detach"], cwd=str(project),
                    env=shell_env, check=False)
                return viewer.stdout.decode() + viewer.stderr.decode()

    told = anyio.run(scenario)
    found, pid = URL.search(told), re.search(r"pid (\d+)", told)
    assert found and pid, told
    try:
        assert f"memories of aegisdb 127.0.0.1:{server.port}" in told, told
        texts = api_memories(found.group(0))
        assert TEAM_ONLY in texts and LOCAL_ONLY not in texts, texts
    finally:
        os.kill(int(pid.group(1)), signal.SIGTERM)


def test_without_a_session_server_the_viewer_starts_on_its_own(run_pyz, project):
    assert run_pyz("remember", LOCAL_ONLY).returncode == 0
    started = run_pyz("ui", "--detach")
    told = started.stdout.decode()
    found, pid = URL.search(told), re.search(r"pid (\d+)", told)
    assert started.returncode == 0 and found and pid, (told, started.stderr)
    try:
        assert "memories of sqlite " in told
        assert LOCAL_ONLY in api_memories(found.group(0))
    finally:
        os.kill(int(pid.group(1)), signal.SIGTERM)
