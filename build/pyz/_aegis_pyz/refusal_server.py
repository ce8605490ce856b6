"""The MCP handshake, answered with the standard library when the server cannot run here.

An MCP server that exits before ``initialize`` makes Claude Code record the failure
(``~/.claude/mcp-needs-auth-cache.json``) and stop spawning it in every later session,
even once Python is fixed, and the session never learns why. So on an interpreter the
server does not support, ``serve`` stays up and speaks just enough JSON-RPC over stdio
(newline-delimited, the MCP stdio transport): ``initialize`` answers with
``instructions`` that state the reason, every list is empty, a tool call fails with the
reason, and it exits when stdin closes. The code runs on old interpreters (3.7+), so
it uses nothing newer than they have.
"""

from __future__ import annotations

import json
import sys

SERVER_NAME = "aegis-memory"
FALLBACK_PROTOCOL = "2025-06-18"
EMPTY_LISTS = {"tools/list": "tools", "resources/list": "resources",
               "resources/templates/list": "resourceTemplates", "prompts/list": "prompts"}
METHOD_NOT_FOUND = -32601


def answer(message: dict, reason: str) -> dict | None:
    """The JSON-RPC response to one message (None for a notification or a response)."""
    if "id" not in message or "method" not in message:
        return None
    method, params = message.get("method"), message.get("params") or {}
    if method == "initialize":
        version = params.get("protocolVersion") if isinstance(params, dict) else None
        result = {"protocolVersion": version if isinstance(version, str) else FALLBACK_PROTOCOL,
                  "capabilities": {"tools": {}},
                  "serverInfo": {"name": SERVER_NAME, "version": "unavailable"},
                  "instructions": (f"Aegis memory tools are unavailable in this session: "
                                   f"{reason}. Tell the user this once if they ask to save "
                                   f"or search memory.")}
    elif method in EMPTY_LISTS:
        result = {EMPTY_LISTS[method]: []}
    elif method == "ping":
        result = {}
    elif method == "tools/call":
        result = {"content": [{"type": "text", "text": f"Aegis memory is unavailable: {reason}"}],
                  "isError": True}
    else:
        return {"jsonrpc": "2.0", "id": message["id"],
                "error": {"code": METHOD_NOT_FOUND, "message": f"method not found: {method}"}}
    return {"jsonrpc": "2.0", "id": message["id"], "result": result}


def serve_refusal(reason: str, stdin=None, stdout=None) -> bool:
    """Answer MCP requests on stdio with ``reason`` until stdin closes; whether a
    client said ``initialize`` (without one, the caller's exit status is a refusal)."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    greeted = False
    for raw in stdin:
        try:
            message = json.loads(raw.decode("utf-8", "replace"))
        except ValueError:
            continue
        batch = message if isinstance(message, list) else [message]
        greeted = greeted or any(isinstance(m, dict) and m.get("method") == "initialize"
                                 for m in batch)
        replies = [r for r in (answer(m, reason) for m in batch if isinstance(m, dict)) if r]
        for reply in replies:
            stdout.write(json.dumps(reply).encode("utf-8") + b"\n")
        stdout.flush()
    return greeted
