"""`aegis ui --detach --port N` listens on N, and a port in use is the same one-line
error as without --detach (trial5 F5): on its own, and when the session's MCP server
starts the viewer. Built pyz; the official MCP client over stdio for the session."""

from __future__ import annotations

import os
import re
import signal
import sys

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from tests.aegisdb_server import free_port

PID = re.compile(r"pid (\d+)")


def viewer_pid(told: str) -> int:
    """The pid of the viewer ``told`` announces (stopped by each test, whatever it finds)."""
    found = PID.search(told)
    assert found, told
    return int(found.group(1))


def listens_on(port: int, told: str) -> None:
    assert re.search(rf"http://127\.0\.0\.1:{port}/\?key=\S+", told), told


def busy(port: int, code: int, out: str, err: str) -> None:
    assert code == 1 and out == "", (code, out, err)
    assert err.count("\n") == 1, err
    assert f"port {port} on 127.0.0.1 is already in use" in err, err


def test_detach_honours_the_port_and_a_busy_one_is_an_error(run_pyz):
    port = free_port()
    first = run_pyz("ui", "--detach", "--port", str(port), timeout=60)
    assert first.returncode == 0, first.stderr.decode()
    pid = viewer_pid(first.stdout.decode())
    again = None
    try:
        listens_on(port, first.stdout.decode())
        again = run_pyz("ui", "--detach", "--port", str(port), timeout=60)
        busy(port, again.returncode, again.stdout.decode(), again.stderr.decode())
        foreground = run_pyz("ui", "--port", str(port), timeout=60)
        busy(port, foreground.returncode, foreground.stdout.decode(),
             foreground.stderr.decode())
    finally:                    # the viewers this test started, by their ids
        for other in PID.findall(again.stdout.decode() if again else ""):
            os.kill(int(other), signal.SIGTERM)
        os.kill(pid, signal.SIGTERM)


def test_a_session_started_viewer_honours_the_port_too(pyz, project):
    port = free_port()

    async def scenario() -> list[tuple[int, str, str]]:
        params = StdioServerParameters(command=sys.executable, args=[str(pyz), "serve"],
                                       env=dict(os.environ), cwd=str(project))
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                await session.list_tools()          # the server (and its relay) is up
                runs = []
                for _ in range(2):                  # a child of the server's parent
                    done = await anyio.run_process(
                        [sys.executable, str(pyz), "ui", "--detach", "--port", str(port)],
                        cwd=str(project), check=False)
                    runs.append((done.returncode, done.stdout.decode(),
                                 done.stderr.decode()))
                return runs

    (code, out, err), second = anyio.run(scenario)
    try:
        assert code == 0, err
        listens_on(port, out)
        busy(port, *second)
    finally:                    # every viewer these runs announced, by its id
        for pid in PID.findall(out + second[1]):
            os.kill(int(pid), signal.SIGTERM)
