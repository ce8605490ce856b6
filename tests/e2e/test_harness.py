"""The harness itself: the CLI talks to the stub, and Aegis loads from both install paths."""

from __future__ import annotations

import json

from harness import MCP_PREFIX

LOADED = {"memory_save", "memory_search"}       # schemas in every request
DEFERRED = {"memory_get", "memory_update", "memory_relate", "memory_forget", "memory_list"}


def test_a_prompt_round_trips_through_the_stub_with_aegis_loaded(claude_any, project):
    run = claude_any.run("hi", project)

    assert run.result["result"] == "OK.", run.describe()
    assert run.main_requests, "the CLI never asked the stub for a reply"
    request = run.main_requests[0]
    assert "hi" in request.last_user_text()
    # every call the CLI made is one the stub knows how to answer
    assert claude_any.stub.unknown == []

    # the plugin is loaded: its MCP server is up and every memory tool is offered to the
    # model, save and search with their schemas, the rest by name for tool search
    assert run.mcp_status() == "connected", run.init.get("mcp_servers")
    offered = {name[len(MCP_PREFIX):] for name in request.tool_names if name.startswith(MCP_PREFIX)}
    assert offered == LOADED
    assert "ToolSearch" in request.tool_names
    listed = json.dumps(request.messages)
    assert all(MCP_PREFIX + name in listed for name in DEFERRED), listed[:3000]
    assert any(p.get("name") == "aegis" for p in run.init.get("plugins", []))

    # and its hooks ran, exited 0 and printed nothing or one JSON object
    for event in ("SessionStart", "UserPromptSubmit"):
        responses = run.hook_responses(event)
        assert responses, f"no {event} hook ran"
        assert all(r.get("exit_code") == 0 for r in responses), responses
        run.hook_outputs(event)                       # raises if not JSON
