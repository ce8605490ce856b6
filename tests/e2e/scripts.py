"""Scripted model behaviour for the stub API: small, readable stand-ins for Claude.

Each factory returns a responder for :class:`stub_api.StubAPI`: given the request
the CLI sent, the content blocks of the assistant's turn. They act only on what
a real model would see (the prompt, the expanded slash command, tool results),
so the CLI, the plugin's commands and the MCP server are exercised for real.
"""

from __future__ import annotations

import json
import re
from typing import Callable

from harness import MCP_PREFIX
from stub_api import Request, flatten, text, tool_use

MCP = MCP_PREFIX
TOOL_SEARCH = "ToolSearch"
MEMORY_ID = re.compile(r"\bmem_[0-9a-z]+\b")


def tool_result_text(request: Request) -> str:
    return "\n".join(flatten(block.get("content")) for block in request.tool_results())


def tool_payload(request: Request) -> dict:
    """The JSON document inside the last tool result (our server answers in JSON)."""
    raw = tool_result_text(request)
    try:
        value = json.loads(raw)
    except ValueError:
        match = re.search(r"\{.*\}", raw, re.S)
        if not match:
            return {}
        try:
            value = json.loads(match.group(0))
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def between(marker: str, source: str) -> str | None:
    """The text between ``<marker>`` and ``</marker>`` in ``source`` (a command expansion)."""
    match = re.search(rf"<{marker}>\s*(.*?)\s*</{marker}>", source, re.S)
    return match.group(1) if match else None


def call(request: Request, name: str, arguments: dict) -> list[dict]:
    """Call memory tool ``name``, as a model does: at once when its schema is in the
    request, else first load it with ``ToolSearch`` (the server defers all but
    memory_save and memory_search, and the CLI lists deferred tools by name only)."""
    if MCP + name in request.tool_names:
        return [tool_use(MCP + name, arguments)]
    return [tool_use(TOOL_SEARCH, {"query": f"select:{MCP}{name}"})]


def answers_tool_search(request: Request) -> bool:
    """The last tool result is ToolSearch loading a tool (``tool_reference`` blocks)."""
    return any(isinstance(item, dict) and item.get("type") == "tool_reference"
               for block in request.tool_results()
               for item in (block.get("content") if isinstance(block.get("content"), list) else []))


def through_tool_search(respond: Callable) -> Callable:
    """``respond`` as if the ToolSearch round trip had not happened: it sees the turn
    that asked for the tool again, now with the loaded tool in the request."""
    def wrapped(request: Request):
        if answers_tool_search(request):
            body = {**request.body, "messages": request.messages[:-2]}
            request = Request(request.method, request.path, request.headers, body)
        return respond(request)
    return wrapped


def call_then_echo(name: str, arguments: Callable[[Request], dict | None]) -> Callable:
    """Call ``name`` once when ``arguments`` (given the request) says so, then echo its result."""
    def respond(request: Request):
        if request.tool_results():
            return [text("tool said: " + tool_result_text(request))]
        args = arguments(request)
        if args is not None:
            return call(request, name, args)
        return None
    return through_tool_search(respond)


def save_when_asked(memory_text: str, trigger: str) -> Callable:
    """Like a model told "remember …": call memory_save with the fact, then confirm."""
    return call_then_echo("memory_save", lambda r: {"text": memory_text, "tags": ["deploy"]}
                          if trigger in r.last_user_text() else None)


def last_user_prompt(request: Request) -> str:
    """The user's own words in the last user turn (after the CLI's system reminders)."""
    content = next((m.get("content") for m in reversed(request.messages)
                    if m.get("role") == "user"), "")
    if isinstance(content, list):
        texts = [b.get("text", "") for b in content if isinstance(b, dict)
                 and b.get("type") == "text" and not b.get("text", "").startswith("<system-")]
        return texts[-1] if texts else ""
    return content if isinstance(content, str) else ""
