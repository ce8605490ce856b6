"""``serve`` on an interpreter the MCP server does not support (F25): the BUILT pyz answers
the MCP handshake itself — the official SDK client gets ``initialize`` with instructions
that say why, an empty tool list, a tool call that fails with the reason — so Claude Code
has a connected server to show the reason from, and no failed start to cache. It exits
when the client closes stdin."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

PYENV = Path("/root/.pyenv/versions")


def _python_3_9() -> Path:
    found = sorted(PYENV.glob("3.9.*/bin/python3"))
    if not found:
        pytest.skip("no CPython 3.9 here")
    return found[0]


def test_serve_on_python_3_9_answers_the_handshake_with_the_reason(pyz, project, tmp_path):
    python = _python_3_9()
    params = StdioServerParameters(command=str(python), args=[str(pyz), "serve"],
                                   cwd=str(project))

    async def scenario():
        with anyio.fail_after(60):
            with open(tmp_path / "stderr.log", "w") as errlog:
                async with stdio_client(params, errlog=errlog) as (read, write):
                    async with ClientSession(read, write) as session:
                        initialized = await session.initialize()
                        tools = await session.list_tools()
                        called = await session.call_tool("memory_save", {"text": "x"})
                        return initialized, tools, called

    initialized, tools, called = anyio.run(scenario)
    assert "Python 3.10 or newer" in initialized.instructions
    assert "this is Python 3.9" in initialized.instructions
    assert tools.tools == []
    assert called.is_error and "3.10" in called.content[0].text
    stderr = (tmp_path / "stderr.log").read_text().strip().splitlines()
    assert len(stderr) == 1 and "3.10 or newer" in stderr[0], stderr
