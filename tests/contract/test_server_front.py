"""The MCP server's stdio front (``aegis.mcp_front``), in process: early answers from the
handshake cache, the hand-over to the SDK, and what happens when the SDK cannot load."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

from aegis.mcp_front import REPLAY_ID, Front, HandshakeCache, Wire, run_front

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                         "clientInfo": {"name": "test", "version": "0"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
TOOLS_LIST = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
CALL = {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": {"name": "memory_list", "arguments": {}}}
INIT_RESULT = {"protocolVersion": "2025-11-25", "serverInfo": {"name": "memory"},
               "capabilities": {"tools": {}}}
MODERN = "2026-07-28"
LISTEN_FOR = {"toolsListChanged": True, "promptsListChanged": True, "resourcesListChanged": True}
DISCOVER_RESULT = {"cacheScope": "private", "capabilities": {"tools": {}}}
MODERN_TOOLS_RESULT = {"cacheScope": "private", "resultType": "complete", "tools": []}
RUNTIME = Path(__file__).resolve().parents[2] / "runtime"
TOOLS_RESULT = {"tools": [{"name": "memory_save", "inputSchema": {"type": "object"}}]}


def lines(*messages: dict) -> bytes:
    return b"".join(json.dumps(m).encode() + b"\n" for m in messages)


def sent(out: io.BytesIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def cached(tmp_path) -> HandshakeCache:
    cache = HandshakeCache(tmp_path / "handshake.json", "key-1")
    cache.remember("initialize", "2025-11-25", INIT_RESULT)
    cache.remember("tools/list", "2025-11-25", TOOLS_RESULT)
    cache.remember("server/discover", MODERN, DISCOVER_RESULT)
    cache.remember("tools/list", MODERN, MODERN_TOOLS_RESULT)
    cache.remember("subscriptions/listen", f"{MODERN}|{json.dumps(LISTEN_FOR, sort_keys=True)}",
                   LISTEN_FOR)
    cache.save()
    return HandshakeCache(tmp_path / "handshake.json", "key-1")


def test_with_a_cache_the_handshake_is_answered_before_the_sdk_and_replayed_to_it(tmp_path):
    out = io.BytesIO()
    sdk_saw: list[dict] = []

    def fake_sdk(front: Front) -> None:
        prefix = front.hand_over()
        sdk_saw.extend(json.loads(line) for line in prefix)
        while (line := front.next_line()) is not None:
            sdk_saw.append(json.loads(line))
        front.from_sdk(lines({"jsonrpc": "2.0", "id": REPLAY_ID, "result": INIT_RESULT}))
        front.from_sdk(lines({"jsonrpc": "2.0", "id": 3, "result": {"content": []}}))

    # The SDK starts only after the client has sent everything, so all early answers
    # come from the cache and the call waits in the queue.
    gate = threading.Event()

    def slow_sdk(front: Front) -> None:
        gate.wait(timeout=60)
        fake_sdk(front)

    class Stdin(io.BytesIO):
        def __iter__(self):
            yield from io.BytesIO(self.getvalue())
            gate.set()

    run_front(Stdin(lines(INITIALIZE, INITIALIZED, TOOLS_LIST, CALL)), Wire(out),
              cached(tmp_path), slow_sdk)
    answers = sent(out)
    assert answers[0] == {"jsonrpc": "2.0", "id": 1, "result": INIT_RESULT}
    assert answers[1] == {"jsonrpc": "2.0", "id": 2, "result": TOOLS_RESULT}
    assert answers[2] == {"jsonrpc": "2.0", "id": 3, "result": {"content": []}}
    assert len(answers) == 3                          # the replay's answer is not sent again
    assert [m.get("method") for m in sdk_saw] == ["initialize", "notifications/initialized",
                                                  "tools/call"]
    assert sdk_saw[0]["id"] == REPLAY_ID and sdk_saw[0]["params"] == INITIALIZE["params"]


def test_without_a_cache_everything_goes_to_the_sdk_and_its_answers_are_saved(tmp_path):
    out = io.BytesIO()

    def fake_sdk(front: Front) -> None:
        assert front.hand_over() == []
        while (line := front.next_line()) is not None:
            message = json.loads(line)
            if message.get("method") == "initialize":
                front.from_sdk(lines({"jsonrpc": "2.0", "id": 1, "result": INIT_RESULT}))
            elif message.get("method") == "tools/list":
                front.from_sdk(lines({"jsonrpc": "2.0", "id": 2, "result": TOOLS_RESULT}))

    cache = HandshakeCache(tmp_path / "handshake.json", "key-1")
    run_front(io.BytesIO(lines(INITIALIZE, INITIALIZED, TOOLS_LIST)), Wire(out), cache, fake_sdk)
    assert [m["id"] for m in sent(out)] == [1, 2]
    reloaded = HandshakeCache(tmp_path / "handshake.json", "key-1").load()
    assert reloaded.get("initialize", "2025-11-25") == INIT_RESULT
    assert reloaded.get("tools/list", "2025-11-25") == TOOLS_RESULT
    other_build = HandshakeCache(tmp_path / "handshake.json", "another-build").load()
    assert other_build.get("tools/list", "2025-11-25") is None


def modern(message_id: object, method: str, **params: object) -> dict:
    """A 2026-07-28 request: the protocol version travels in every request's _meta."""
    meta = {"io.modelcontextprotocol/protocolVersion": MODERN,
            "io.modelcontextprotocol/clientInfo": {"name": "claude-code", "version": "2.1.332"}}
    return {"jsonrpc": "2.0", "id": message_id, "method": method,
            "params": {**params, "_meta": meta}}


def ack(subscription: object) -> dict:
    return {"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
            "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": subscription},
                       "notifications": LISTEN_FOR}}


def test_in_the_2026_era_discovery_and_tools_are_answered_early_around_queued_requests(tmp_path):
    """The sequence Claude Code 2.1.332 sends: probe, subscription (it waits for the
    acknowledgement), discover, tools/list; then a tool call."""
    out = io.BytesIO()
    sdk_saw: list[dict] = []
    gate = threading.Event()

    def slow_sdk(front: Front) -> None:
        gate.wait(timeout=60)
        assert front.hand_over() == []                # nothing to replay in this era
        while (line := front.next_line()) is not None:
            sdk_saw.append(json.loads(line))
        front.from_sdk(lines(ack("listen:0")))        # already sent: not sent twice
        front.from_sdk(lines({"jsonrpc": "2.0", "id": 9, "result": {"content": []}}))

    class Stdin(io.BytesIO):
        def __iter__(self):
            yield from io.BytesIO(self.getvalue())
            gate.set()

    client = lines(modern("probe-1", "server/discover"),
                   modern("listen:0", "subscriptions/listen", notifications=LISTEN_FOR),
                   modern(1, "server/discover"), modern(2, "tools/list"),
                   modern(9, "tools/call", name="memory_list", arguments={}))
    run_front(Stdin(client), Wire(out), cached(tmp_path), slow_sdk)
    answers = sent(out)
    assert answers[:4] == [{"jsonrpc": "2.0", "id": "probe-1", "result": DISCOVER_RESULT},
                           ack("listen:0"),
                           {"jsonrpc": "2.0", "id": 1, "result": DISCOVER_RESULT},
                           {"jsonrpc": "2.0", "id": 2, "result": MODERN_TOOLS_RESULT}]
    assert answers[4]["id"] == 9 and len(answers) == 5
    assert [m["method"] for m in sdk_saw] == ["subscriptions/listen", "tools/call"]


def test_in_the_2026_era_the_sdk_answers_are_learned_for_the_next_start(tmp_path):
    out = io.BytesIO()

    def fake_sdk(front: Front) -> None:
        front.hand_over()
        while (line := front.next_line()) is not None:
            message = json.loads(line)
            if message["method"] == "subscriptions/listen":
                front.from_sdk(lines(ack(message["id"])))
                continue
            result = DISCOVER_RESULT if message["method"] == "server/discover" else \
                MODERN_TOOLS_RESULT
            front.from_sdk(lines({"jsonrpc": "2.0", "id": message["id"], "result": result}))

    cache = HandshakeCache(tmp_path / "handshake.json", "key-1")
    client = lines(modern(1, "server/discover"),
                   modern("listen:0", "subscriptions/listen", notifications=LISTEN_FOR),
                   modern(2, "tools/list"))
    run_front(io.BytesIO(client), Wire(out), cache, fake_sdk)
    assert [m.get("id") for m in sent(out)] == [1, None, 2]
    reloaded = HandshakeCache(tmp_path / "handshake.json", "key-1").load()
    assert reloaded.get("server/discover", MODERN) == DISCOVER_RESULT
    assert reloaded.get("tools/list", MODERN) == MODERN_TOOLS_RESULT
    slot = f"{MODERN}|{json.dumps(LISTEN_FOR, sort_keys=True)}"
    assert reloaded.get("subscriptions/listen", slot) == LISTEN_FOR


def test_another_protocol_version_is_left_to_the_sdk(tmp_path):
    out = io.BytesIO()
    seen: list[dict] = []

    def fake_sdk(front: Front) -> None:
        front.hand_over()
        while (line := front.next_line()) is not None:
            seen.append(json.loads(line))

    newer = dict(INITIALIZE, params=dict(INITIALIZE["params"], protocolVersion="2099-01-01"))
    run_front(io.BytesIO(lines(newer, TOOLS_LIST)), Wire(out), cached(tmp_path), fake_sdk)
    assert out.getvalue() == b""
    assert [m["method"] for m in seen] == ["initialize", "tools/list"]


def test_when_the_sdk_cannot_load_requests_get_an_error_instead_of_hanging(tmp_path):
    out = io.BytesIO()

    def broken_sdk(front: Front) -> None:
        raise ModuleNotFoundError("No module named 'mcp'")

    run_front(io.BytesIO(lines(INITIALIZE, INITIALIZED, TOOLS_LIST, CALL)), Wire(out),
              HandshakeCache(tmp_path / "none.json", "k"), broken_sdk)
    answers = sent(out)
    assert [a["id"] for a in answers] == [1, 2, 3]
    for answer in answers:
        assert answer["error"]["code"] == -32603
        assert "No module named 'mcp'" in answer["error"]["message"]


def test_importing_the_server_module_does_not_load_the_sdk():
    """`serve` must be able to answer the handshake before the SDK import finishes."""
    heavy = ("mcp", "mcp_types", "pydantic", "anyio", "sqlite3", "aegis.service", "aegis.store")
    code = ("import sys, aegis.server; "
            f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={"PYTHONPATH": str(RUNTIME)})
    assert result.stdout.strip() == "[]"

