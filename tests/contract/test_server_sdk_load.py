"""How the server loads the SDK: its protocol models are built on first use, with the
same results, and only the SDK's import is affected (``aegis.server.deferred_model_builds``).

The end-to-end answers (the real mcp client over stdio against the built pyz) are
tests/contract/test_server.py; these check the mechanism, in fresh interpreters where
the SDK's import is concerned (this process may have imported it already)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

pydantic = pytest.importorskip("pydantic")

from pydantic import BaseModel, TypeAdapter  # noqa: E402

from aegis.server import deferred_model_builds  # noqa: E402

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"

CALL = {"jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": {"name": "memory_search", "arguments": {"query": "deploy", "top_k": 3},
                   "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}}}

# What a stdio server does with the SDK's models: parse a request line, build a tool
# result, serialize a response; printed as JSON so two interpreters can be compared.
SDK_ROUND_TRIP = """
import json, sys
sys.path.insert(0, {runtime!r})
from aegis.server import deferred_model_builds
if {deferred!r}:
    with deferred_model_builds():
        import mcp.server.stdio, mcp.server.mcpserver
else:
    import mcp.server.stdio, mcp.server.mcpserver
import mcp_types
built_at_import = mcp_types.CallToolResult.__pydantic_complete__
message = mcp_types.jsonrpc_message_adapter.validate_json({call!r}, by_name=False)
result = mcp_types.CallToolResult(content=[mcp_types.TextContent(type="text", text="{{}}")],
                                  is_error=False)
response = mcp_types.JSONRPCResponse(jsonrpc="2.0", id=7,
                                     result=result.model_dump(by_alias=True, mode="json",
                                                              exclude_none=True))
print(json.dumps({{"built_at_import": built_at_import,
                  "request": message.model_dump(by_alias=True, mode="json", exclude_none=True),
                  "response": response.model_dump_json(by_alias=True, exclude_none=True),
                  "schema": mcp_types.CallToolResult.model_json_schema(by_alias=True)}},
                 sort_keys=True))
"""


def round_trip(deferred: bool) -> dict:
    code = SDK_ROUND_TRIP.format(runtime=str(RUNTIME), deferred=deferred, call=json.dumps(CALL))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_the_sdk_models_are_built_on_first_use_with_the_same_results():
    pytest.importorskip("mcp")
    deferred, eager = round_trip(True), round_trip(False)
    assert deferred.pop("built_at_import") is False
    assert eager.pop("built_at_import") is True
    assert deferred == eager
    assert deferred["request"]["params"]["arguments"] == {"query": "deploy", "top_k": 3}


def test_inside_models_and_adapters_wait_for_first_use_and_validate_the_same():
    with deferred_model_builds():
        class Inside(BaseModel):
            name: str
            count: int = 0
        either = TypeAdapter(int | list[int])
    assert Inside.__pydantic_complete__ is False
    assert either.pydantic_complete is False
    assert Inside.model_validate({"name": "a", "count": "3"}).model_dump() == {"name": "a",
                                                                              "count": 3}
    assert Inside.__pydantic_complete__ is True
    assert either.validate_python(["1", 2]) == [1, 2]
    with pytest.raises(pydantic.ValidationError):
        Inside.model_validate({"count": 1})


def test_afterwards_pydantic_builds_at_definition_again():
    original = TypeAdapter.__dict__["_defer_build"]
    with deferred_model_builds():
        pass
    assert TypeAdapter.__dict__["_defer_build"] is original

    class After(BaseModel):
        name: str
    assert After.__pydantic_complete__ is True
    assert TypeAdapter(int | str).pydantic_complete is True


def test_defaults_come_back_when_the_import_fails():
    original = TypeAdapter.__dict__["_defer_build"]
    with pytest.raises(ImportError):
        with deferred_model_builds():
            importlib.import_module("aegis_no_such_module")
    assert TypeAdapter.__dict__["_defer_build"] is original

    class AfterFailure(BaseModel):
        name: str
    assert AfterFailure.__pydantic_complete__ is True


def test_a_model_or_adapter_that_chooses_is_left_as_it_chose():
    with deferred_model_builds():
        class Eager(BaseModel):
            model_config = {"defer_build": False}
            name: str
        eager_adapter = TypeAdapter(int | str, config={"defer_build": False})
    assert Eager.__pydantic_complete__ is True
    assert eager_adapter.pydantic_complete is True
