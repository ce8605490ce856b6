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


def answer(message_id: object, result: object) -> dict:
    return {"jsonrpc": "2.0", "id": message_id, "result": result}


def cached(tmp_path) -> HandshakeCache:
    """A cache holding what a (fake) SDK answered in an earlier start."""
    cache = HandshakeCache(tmp_path / "handshake.json", "key-1")
    cache.remember(INITIALIZE, answer(1, INIT_RESULT))
    cache.remember(TOOLS_LIST, answer(2, TOOLS_RESULT))
    cache.remember(modern("p", "server/discover"), answer("p", DISCOVER_RESULT))
    cache.remember(modern(7, "tools/list"), answer(7, MODERN_TOOLS_RESULT))
    cache.remember(modern("listen:3", "subscriptions/listen", notifications=LISTEN_FOR),
                   ack("listen:3"))
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
    assert reloaded.replay(dict(INITIALIZE, id=41)) == answer(41, INIT_RESULT)
    assert reloaded.replay(dict(TOOLS_LIST, id=42)) == answer(42, TOOLS_RESULT)
    other_build = HandshakeCache(tmp_path / "handshake.json", "another-build").load()
    assert other_build.replay(TOOLS_LIST) is None


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
    assert reloaded.replay(modern(5, "server/discover")) == answer(5, DISCOVER_RESULT)
    assert reloaded.replay(modern(6, "tools/list")) == answer(6, MODERN_TOOLS_RESULT)
    listen = modern("listen:7", "subscriptions/listen", notifications=LISTEN_FOR)
    assert reloaded.replay(listen) == ack("listen:7")


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



def run_with_slow_sdk(tmp_path, cache, *messages: dict) -> tuple[list[dict], list[dict]]:
    """Everything the client sends arrives before the SDK starts; (wire, SDK input)."""
    out, seen, gate = io.BytesIO(), [], threading.Event()

    def slow_sdk(front: Front) -> None:
        gate.wait(timeout=60)
        front.hand_over()
        while (line := front.next_line()) is not None:
            seen.append(json.loads(line))

    class Stdin(io.BytesIO):
        def __iter__(self):
            yield from io.BytesIO(self.getvalue())
            gate.set()

    run_front(Stdin(lines(*messages)), Wire(out), cache, slow_sdk)
    return sent(out), seen


def test_a_request_that_differs_in_any_part_is_left_to_the_sdk(tmp_path):
    other_client = modern(1, "server/discover")
    other_client["params"]["_meta"]["io.modelcontextprotocol/clientInfo"]["version"] = "2.2.0"
    other_listen = modern("listen:0", "subscriptions/listen",
                          notifications={"toolsListChanged": True})
    other_init = dict(INITIALIZE, params=dict(INITIALIZE["params"], capabilities={"roots": {}}))
    wire, seen = run_with_slow_sdk(tmp_path, cached(tmp_path), other_client, other_listen)
    assert wire == []                                  # no answer, no acknowledgement made up
    assert [m["method"] for m in seen] == ["server/discover", "subscriptions/listen"]
    wire, seen = run_with_slow_sdk(tmp_path, cached(tmp_path), other_init, TOOLS_LIST)
    assert wire == [] and [m["method"] for m in seen] == ["initialize", "tools/list"]


def test_the_sdk_answer_is_replayed_exactly_but_for_the_id(tmp_path):
    odd = {"id": 2, "jsonrpc": "2.0", "result": {"z": [1, {"é": None}], "a": 0.5},
           "_meta": {"k": "v"}}
    cache = HandshakeCache(tmp_path / "handshake.json", "key-1")
    cache.remember(modern(2, "tools/list"), odd)
    cache.save()
    wire, seen = run_with_slow_sdk(tmp_path, HandshakeCache(tmp_path / "handshake.json", "key-1"),
                                   modern("t-9", "tools/list"))
    assert seen == []
    assert wire == [dict(odd, id="t-9")]
    assert list(wire[0]) == list(odd) and list(wire[0]["result"]) == ["z", "a"]


def test_with_the_cache_off_the_sdk_answers_everything_and_nothing_is_saved(tmp_path):
    before = (cached(tmp_path).path).read_bytes()
    cache = HandshakeCache(tmp_path / "handshake.json", "key-1", enabled=False)
    out = io.BytesIO()

    def fake_sdk(front: Front) -> None:
        front.hand_over()
        while (line := front.next_line()) is not None:
            message = json.loads(line)
            front.from_sdk(lines(answer(message["id"], {"by": "sdk"})))

    run_front(io.BytesIO(lines(INITIALIZE, TOOLS_LIST, modern(3, "server/discover"))), Wire(out),
              cache, fake_sdk)
    assert sent(out) == [answer(1, {"by": "sdk"}), answer(2, {"by": "sdk"}),
                         answer(3, {"by": "sdk"})]
    assert (tmp_path / "handshake.json").read_bytes() == before


def test_the_cache_switch_is_a_setting(tmp_path):
    from aegis.config import load_config
    env = {"AEGIS_DATA_DIR": str(tmp_path / "data")}
    assert load_config(env=env, cwd=tmp_path).mcp_front_cache is True
    off = load_config(env={**env, "AEGIS_MCP_FRONT_CACHE": "false"}, cwd=tmp_path)
    assert off.mcp_front_cache is False


def test_a_damaged_cache_entry_is_left_to_the_sdk(tmp_path):
    listen = modern("listen:0", "subscriptions/listen", notifications=LISTEN_FOR)
    cache = HandshakeCache(tmp_path / "handshake.json", "key-1")
    cache.remember(listen, ack("listen:0"))
    cache.save()
    data = json.loads((tmp_path / "handshake.json").read_text())
    for slot in data["answers"]:
        data["answers"][slot] = {"jsonrpc": "2.0", "method": "x", "params": []}
    (tmp_path / "handshake.json").write_text(json.dumps(data))
    wire, seen = run_with_slow_sdk(tmp_path, HandshakeCache(tmp_path / "handshake.json", "key-1"),
                                   listen)
    assert wire == [] and [m["method"] for m in seen] == ["subscriptions/listen"]
