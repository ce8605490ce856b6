"""The MCP server, driven from outside: the built zipapp spawned as Claude Code would
(``python3 aegis.pyz serve`` in the project directory) and spoken to by the ``mcp``
SDK's own stdio client.

Claude Code 2.1.332 opens with ``server/discover`` (the 2026-07-28 protocol, every
request carrying its version), so that is the default here; the legacy
``initialize`` handshake is checked too."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

import anyio
import pytest

mcp = pytest.importorskip("mcp")
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

TOOLS = {"memory_save", "memory_search", "memory_get", "memory_update", "memory_relate",
         "memory_forget", "memory_list"}
ERROR_CODES = {"invalid", "too_large", "not_found", "unavailable", "unauthorized", "forbidden",
               "read_only", "rate_limited", "quota_exceeded", "error"}
CALL_TIMEOUT = 120


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory) -> Path:
    """One data dir per module for the extracted runtime, so it is unpacked once."""
    return tmp_path_factory.mktemp("server-data")


@pytest.fixture
def make_project(tmp_path) -> Callable[[str], Path]:
    def make(name: str) -> Path:
        path = tmp_path / name
        path.mkdir()
        return path
    return make


class Server:
    """Spawns the built zipapp's MCP server and runs a scenario against it; ``backend_env``
    points it at a backend (nothing: the default SQLite store)."""

    def __init__(self, pyz: Path, data_dir: Path, backend_env: dict[str, str] | None = None):
        self.pyz, self.data_dir = pyz, data_dir
        self.backend_env = dict(backend_env or {})

    @asynccontextmanager
    async def session(self, project: Path, env: dict[str, str] | None = None,
                      era: str = "modern") -> AsyncIterator[tuple[ClientSession, Any]]:
        full_env = {k: v for k, v in os.environ.items() if k != "CLAUDE_PROJECT_DIR"}
        full_env["AEGIS_DATA_DIR"] = str(self.data_dir)
        full_env.update(self.backend_env)
        full_env.update(env or {})
        params = StdioServerParameters(command=sys.executable, args=[str(self.pyz), "serve"],
                                       env=full_env, cwd=str(project))
        with open(self.data_dir.parent / f"{self.data_dir.name}-stderr.log", "a") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write) as session:
                    if era == "modern":
                        opened = await session.discover()
                    else:
                        opened = await session.initialize()
                    yield session, opened

    def run(self, project: Path, scenario: Callable[..., Awaitable[Any]],
            env: dict[str, str] | None = None, era: str = "modern") -> Any:
        async def main() -> Any:
            with anyio.fail_after(CALL_TIMEOUT):
                async with self.session(project, env, era) as (session, initialized):
                    return await scenario(session, initialized)
        return anyio.run(main)


@pytest.fixture
def server(pyz, runtime_dir, backend_env) -> Server:
    """The server on each backend in turn (SQLite, then the shared AegisDB server)."""
    return Server(pyz, runtime_dir, backend_env)


@pytest.fixture
def sqlite_server(pyz, runtime_dir) -> Server:
    return Server(pyz, runtime_dir)


async def call(session: ClientSession, tool: str, **arguments: Any) -> tuple[bool, dict]:
    """(is_error, the JSON payload) of one tool call."""
    result = await session.call_tool(tool, arguments)
    assert len(result.content) == 1 and result.content[0].type == "text"
    return bool(result.is_error), json.loads(result.content[0].text)


async def expect_ok(session: ClientSession, tool: str, **arguments: Any) -> dict:
    is_error, payload = await call(session, tool, **arguments)
    assert not is_error and payload["ok"] is True, payload
    return payload


async def expect_error(session: ClientSession, tool: str, code: str, **arguments: Any) -> dict:
    is_error, payload = await call(session, tool, **arguments)
    assert is_error, payload
    assert payload["ok"] is False and payload["error"] == code, payload
    assert set(payload) == {"ok", "error", "message"}
    assert payload["message"] and "\n" not in payload["message"]
    assert "Traceback" not in payload["message"]
    return payload


# ---------------------------------------------------------------- handshake

@pytest.mark.parametrize("era", ["modern", "legacy"])
def test_the_handshake_says_when_to_save_and_search(server, project, era):
    async def scenario(session, initialized):
        return initialized
    initialized = server.run(project, scenario, era=era)
    if era == "legacy":
        assert initialized.server_info.name == "memory"
    else:
        assert "2026-07-28" in initialized.supported_versions
    assert initialized.capabilities.tools is not None
    instructions = initialized.instructions
    for phrase in ("memory_save", "memory_search", "decision", "convention", "preference"):
        assert phrase in instructions


def test_tools_are_listed_with_typed_schemas_and_when_to_use_them(server, project):
    async def scenario(session, initialized):
        return (await session.list_tools()).tools
    tools = {tool.name: tool for tool in server.run(project, scenario)}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert len(tool.description) > 60, tool.name
        assert tool.input_schema["type"] == "object"

    save = tools["memory_save"].input_schema
    assert save["required"] == ["text"]
    assert save["properties"]["text"]["type"] == "string"
    assert save["properties"]["importance"]["minimum"] == 0
    assert save["properties"]["importance"]["maximum"] == 1
    assert save["properties"]["kind"]["enum"] == ["fact", "event"]
    assert save["properties"]["scope"]["enum"] == ["project", "user"]
    assert "Use it" in tools["memory_save"].description

    search = tools["memory_search"].input_schema
    assert search["required"] == ["query"]
    assert search["properties"]["top_k"]["type"] == "integer"
    assert search["properties"]["match"]["enum"] == ["any", "all"]
    assert {"since", "until", "tags", "scope"} <= set(search["properties"])
    assert "Use it" in tools["memory_search"].description

    assert tools["memory_relate"].input_schema["required"] == ["source_id", "target_id"]
    assert "supersedes" in tools["memory_relate"].input_schema["properties"]["kind"]["enum"]
    for name in ("memory_get", "memory_forget", "memory_update"):
        assert tools[name].input_schema["required"] == ["id"]
    assert tools["memory_forget"].annotations.destructive_hint is True
    assert tools["memory_search"].annotations.read_only_hint is True
    # Claude Code sends save and search with their schemas, the rest through tool search
    always_load = {name: (tool.meta or {}).get("anthropic/alwaysLoad") for name, tool in tools.items()}
    assert always_load == {name: name in ("memory_save", "memory_search") for name in TOOLS}


@pytest.mark.parametrize("era", ["modern", "legacy"])
def test_a_cached_handshake_is_exactly_what_the_sdk_answered(pyz, tmp_path, project, era):
    """The second start answers discovery and tools/list before the SDK has loaded, from
    the answers the SDK gave in the first; a client cannot tell the difference."""
    server = Server(pyz, tmp_path / "fresh-data")

    async def scenario(session, initialized):
        tools = await session.list_tools()
        listed = await expect_ok(session, "memory_list")
        return initialized.model_dump(), tools.model_dump(), listed

    first = server.run(project, scenario, era=era)
    cache = server.data_dir / "mcp-handshake.json"
    assert cache.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    second = server.run(project, scenario, era=era)
    assert second == first


# ---------------------------------------------------------------- happy paths

def test_every_tool_works_end_to_end(server, project):
    async def scenario(session, initialized):
        saved = await expect_ok(session, "memory_save",
                                text="We deploy with `make ship`; it runs the migrations first.",
                                tags=["deploy", "make"], importance=0.8)
        assert saved["created"] is True and saved["id"].startswith("mem_")
        again = await expect_ok(session, "memory_save",
                                text="We deploy with `make ship`; it runs the migrations first.")
        assert again == {"ok": True, "id": saved["id"], "created": False}
        other = await expect_ok(session, "memory_save", kind="event",
                                text="The 2026-11 outage was the migration lock timing out.")

        found = await expect_ok(session, "memory_search", query="how do we deploy", top_k=3)
        assert found["results"][0]["id"] == saved["id"]
        assert found["results"][0]["tags"] == ["deploy", "make"]
        assert found["results"][0]["tier"] == "project"
        tagged = await expect_ok(session, "memory_search", query="deploy migrations",
                                 tags=["deploy"], match="all", since="2000-01-01")
        assert [hit["id"] for hit in tagged["results"]] == [saved["id"]]

        updated = await expect_ok(session, "memory_update", id=saved["id"],
                                  text="We deploy with `make ship` (migrations run first).")
        assert updated == {"ok": True, "id": saved["id"], "version": 2, "changed": True}
        related = await expect_ok(session, "memory_relate", source_id=other["id"],
                                  target_id=saved["id"], kind="caused_by")
        assert related["kind"] == "caused_by"

        got = await expect_ok(session, "memory_get", id=saved["id"])
        assert got["memory"]["text"] == "We deploy with `make ship` (migrations run first)."
        assert got["memory"]["version"] == 2
        assert [v["version"] for v in got["history"]] == [1]
        assert got["history"][0]["text"].startswith("We deploy with `make ship`; it runs")
        assert got["relations"] == [{"source_id": other["id"], "kind": "caused_by",
                                     "target_id": saved["id"]}]

        listed = await expect_ok(session, "memory_list", limit=10, scope="project")
        assert {m["id"] for m in listed["memories"]} == {saved["id"], other["id"]}

        forgotten = await expect_ok(session, "memory_forget", id=other["id"])
        assert forgotten["forgotten"] == other["id"]
        listed = await expect_ok(session, "memory_list", scope="project")
        assert [m["id"] for m in listed["memories"]] == [saved["id"]]
        return found
    found = server.run(project, scenario)
    hit = found["results"][0]
    assert not {"namespace", "vector", "embedding", "capture_id", "source"} & set(hit)


def test_user_scope_memories_follow_the_user_across_projects(server, make_project):
    async def save(session, initialized):
        return await expect_ok(session, "memory_save", scope="user",
                               text="I prefer pnpm over npm in every JavaScript project.")

    async def search(session, initialized):
        return await expect_ok(session, "memory_search", query="pnpm npm preference")
    saved = server.run(make_project("one"), save)
    found = server.run(make_project("two"), search)
    assert [(hit["id"], hit["tier"]) for hit in found["results"]] == [(saved["id"], "user")]


# ---------------------------------------------------------------- error paths

def test_every_tool_reports_its_errors_in_the_same_shape(server, project):
    async def scenario(session, initialized):
        one = await expect_ok(session, "memory_save", text="Tabs, not spaces, in the Makefile.")
        await expect_error(session, "memory_save", "invalid", text="   ")
        await expect_error(session, "memory_save", "invalid", text="binary \x00 data")
        await expect_error(session, "memory_search", "invalid", query="")
        await expect_error(session, "memory_search", "invalid", query="x", since="last tuesday")
        await expect_error(session, "memory_get", "not_found", id="mem_000000000000")
        await expect_error(session, "memory_update", "invalid", id=one["id"])
        await expect_error(session, "memory_update", "not_found", id="mem_000000000000",
                           text="new text")
        await expect_error(session, "memory_relate", "invalid", source_id=one["id"],
                           target_id=one["id"])
        await expect_error(session, "memory_relate", "not_found", source_id=one["id"],
                           target_id="mem_000000000000")
        await expect_error(session, "memory_forget", "not_found", id="mem_000000000000")
        await expect_error(session, "memory_list", "invalid", limit=0)
        await expect_ok(session, "memory_get", id=one["id"])     # still there, server still up
    server.run(project, scenario)


def test_a_one_megabyte_argument_is_too_large_and_nothing_is_stored(server, project):
    async def scenario(session, initialized):
        error = await expect_error(session, "memory_save", "too_large", text="x" * 1_000_000)
        await expect_error(session, "memory_search", "too_large", query="y" * 1_000_000)
        listed = await expect_ok(session, "memory_list", scope="project")
        return error, listed
    error, listed = server.run(project, scenario)
    assert "16,000" in error["message"] and len(error["message"]) < 200
    assert listed["memories"] == []


def test_an_unknown_tool_is_a_structured_error_naming_the_tools(server, project):
    async def scenario(session, initialized):
        return await expect_error(session, "memory_teleport", "invalid", text="hi")
    error = server.run(project, scenario)
    assert "memory_teleport" in error["message"] and "memory_save" in error["message"]


def test_wrong_argument_types_are_invalid_without_echoing_the_values(server, project):
    async def scenario(session, initialized):
        errors = [
            await expect_error(session, "memory_save", "invalid", text=12345),
            await expect_error(session, "memory_save", "invalid", text="ok",
                               tags={"secret": "hunter2-value"}),
            await expect_error(session, "memory_save", "invalid", text="ok", importance="high"),
            await expect_error(session, "memory_save", "invalid", text="ok", importance=7),
            await expect_error(session, "memory_save", "invalid", text="ok", kind="rumour"),
            await expect_error(session, "memory_search", "invalid", query="q", top_k="lots"),
            await expect_error(session, "memory_relate", "invalid", source_id="a",
                               target_id="b", kind="likes"),
            await expect_error(session, "memory_get", "invalid"),
        ]
        await expect_ok(session, "memory_list")
        return errors
    errors = server.run(project, scenario)
    assert "tags" in errors[1]["message"] and "hunter2-value" not in errors[1]["message"]
    assert "top_k" in errors[5]["message"]
    assert "id" in errors[7]["message"]


# ---------------------------------------------------------------- namespaces and configuration

def test_projects_do_not_see_each_others_memories(server, make_project):
    alpha, beta = make_project("alpha"), make_project("beta")

    async def save_in_alpha(session, initialized):
        return await expect_ok(session, "memory_save",
                               text="Alpha's API keys rotate on the first Monday of the month.")

    async def look_from_beta(session, initialized):
        found = await expect_ok(session, "memory_search", query="API keys rotate Monday")
        listed = await expect_ok(session, "memory_list", scope="project")
        await expect_error(session, "memory_get", "not_found", id=saved["id"])
        await expect_error(session, "memory_update", "not_found", id=saved["id"], text="mine")
        await expect_error(session, "memory_forget", "not_found", id=saved["id"])
        return found, listed

    async def look_from_alpha(session, initialized):
        return await expect_ok(session, "memory_get", id=saved["id"])

    saved = server.run(alpha, save_in_alpha)
    found, listed = server.run(beta, look_from_beta)
    assert found["results"] == [] and listed["memories"] == []
    got = server.run(alpha, look_from_alpha)
    assert got["memory"]["text"].startswith("Alpha's API keys rotate")


def test_claude_project_dir_chooses_the_project_over_the_working_directory(server, make_project):
    alpha, elsewhere = make_project("alpha"), make_project("elsewhere")

    async def save(session, initialized):
        return await expect_ok(session, "memory_save", text="Alpha builds with bazel 7.")

    async def search(session, initialized):
        return await expect_ok(session, "memory_search", query="bazel")
    saved = server.run(alpha, save)
    found = server.run(elsewhere, search, env={"CLAUDE_PROJECT_DIR": str(alpha)})
    assert [hit["id"] for hit in found["results"]] == [saved["id"]]
    assert server.run(elsewhere, search)["results"] == []


def test_unfilled_plugin_options_leave_the_default_sqlite_store_working(sqlite_server, project):
    """Claude Code substitutes an empty string for a userConfig option the user never set."""
    empty_options = {f"CLAUDE_PLUGIN_OPTION_{key}": "" for key in (
        "BACKEND", "AEGISDB_HOST", "AEGISDB_PORT", "AEGISDB_TOKEN", "EMBEDDING_MODE",
        "VOYAGE_API_KEY")}

    async def scenario(session, initialized):
        saved = await expect_ok(session, "memory_save", text="Options left empty still work.")
        return await expect_ok(session, "memory_get", id=saved["id"])
    sqlite_server.run(project, scenario, env=empty_options)
    assert (sqlite_server.data_dir / "memory.db").is_file()


def test_a_broken_store_answers_unavailable_and_the_server_recovers(pyz, project, tmp_path):
    broken = tmp_path / "broken-store"
    (broken / "memory.db").mkdir(parents=True)       # a directory where the database should be
    server = Server(pyz, broken)

    async def scenario(session, initialized):
        first = await expect_error(session, "memory_save", "unavailable", text="lost?")
        second = await expect_error(session, "memory_search", "unavailable", query="lost")
        assert len((await session.list_tools()).tools) == 7   # the server itself is fine
        (broken / "memory.db").rmdir()                # the store comes back
        deadline = time.monotonic() + 60
        while True:
            is_error, payload = await call(session, "memory_save", text="Back again.")
            if not is_error:
                return first, second, payload
            assert payload["error"] == "unavailable" and time.monotonic() < deadline, payload
            await anyio.sleep(0.5)
    first, second, saved = server.run(project, scenario)
    assert "memory store" in first["message"] and len(first["message"]) < 300
    assert saved["ok"] is True and saved["created"] is True


def test_error_codes_are_the_runtime_codes():
    from aegis.errors import ERROR_CODES as runtime_codes
    assert set(runtime_codes) == ERROR_CODES


# ---------------------------------------------------------------- Claude Code's own opening

CLAUDE_CODE_META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                    "io.modelcontextprotocol/clientInfo": {"name": "claude-code",
                                                           "version": "2.1.332"},
                    "io.modelcontextprotocol/clientCapabilities": {"roots": {"listChanged": True}}}
LISTEN_FOR = {"toolsListChanged": True, "promptsListChanged": True, "resourcesListChanged": True}


def claude_code_opening(pyz: Path, project: Path, data_dir: Path) -> list[dict]:
    """The lines Claude Code 2.1.332 sends when it connects (recorded from the real CLI),
    then a tool call; returns everything the server wrote, in order."""
    import queue
    import subprocess
    import threading

    def request(message_id, method, **params):
        return {"jsonrpc": "2.0", "id": message_id, "method": method,
                "params": {**params, "_meta": CLAUDE_CODE_META}}

    env = {k: v for k, v in os.environ.items() if k != "CLAUDE_PROJECT_DIR"}
    env["AEGIS_DATA_DIR"] = str(data_dir)
    proc = subprocess.Popen([sys.executable, str(pyz), "serve"], cwd=project, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    received: "queue.Queue[dict]" = queue.Queue()
    threading.Thread(target=lambda: [received.put(json.loads(line)) for line in proc.stdout],
                     daemon=True).start()
    seen: list[dict] = []

    def send_and_wait(message: dict, done: Callable[[dict], bool]) -> None:
        proc.stdin.write(json.dumps(message).encode() + b"\n")
        proc.stdin.flush()
        deadline = time.monotonic() + CALL_TIMEOUT
        while not any(done(m) for m in seen):
            seen.append(received.get(timeout=max(0.1, deadline - time.monotonic())))

    try:
        send_and_wait(request("server-discover-probe-1", "server/discover"),
                      lambda m: m.get("id") == "server-discover-probe-1")
        send_and_wait(request("listen:0", "subscriptions/listen", notifications=LISTEN_FOR),
                      lambda m: m.get("method") == "notifications/subscriptions/acknowledged")
        send_and_wait(request(0, "server/discover"), lambda m: m.get("id") == 0)
        send_and_wait(request(1, "tools/list"), lambda m: m.get("id") == 1)
        send_and_wait(request(2, "tools/call", name="memory_save", arguments={
            "text": "Claude Code's opening sequence is served."}), lambda m: m.get("id") == 2)
    finally:
        proc.stdin.close()
        proc.wait(timeout=CALL_TIMEOUT)
    return seen


def test_claude_codes_opening_sequence_is_served_the_same_cold_and_warm(pyz, tmp_path, project):
    data_dir = tmp_path / "cc-data"
    cold = claude_code_opening(pyz, project, data_dir)
    warm = claude_code_opening(pyz, project, data_dir)
    for seen in (cold, warm):
        acks = [m for m in seen if m.get("method") == "notifications/subscriptions/acknowledged"]
        assert len(acks) == 1 and acks[0]["params"]["notifications"] == LISTEN_FOR
        assert acks[0]["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"] == "listen:0"
        answers = {m["id"]: m for m in seen if "id" in m}
        assert set(answers) == {"server-discover-probe-1", 0, 1, 2}
        assert all("result" in m for m in answers.values()), answers
        assert {t["name"] for t in answers[1]["result"]["tools"]} == TOOLS
        saved = json.loads(answers[2]["result"]["content"][0]["text"])
        assert saved["ok"] is True
    without_call = [[m for m in seen if m.get("id") != 2] for seen in (cold, warm)]
    assert without_call[0] == without_call[1]


def test_memory_save_merges_a_restatement_and_supersedes_an_update(server, project):
    async def scenario(session, initialized):
        first = await expect_ok(session, "memory_save", text="Start method names with 'a_'.",
                                tags=["convention"])
        again = await expect_ok(session, "memory_save",
                                text="Always start method names with 'a_'!")
        newer = await expect_ok(session, "memory_save",
                                text="From now on, start method names with 'md_'.")
        found = await expect_ok(session, "memory_search", query="method names")
        return first, again, newer, found
    first, again, newer, found = server.run(project, scenario)
    assert again == {"ok": True, "id": first["id"], "created": False, "merged": True}
    assert newer["created"] is True and newer["superseded"] == [first["id"]]
    assert [hit["id"] for hit in found["results"]] == [newer["id"]]
