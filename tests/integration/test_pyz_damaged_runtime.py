"""A damaged extraction of the server's runtime (part of it deleted: a clean-up tool,
a full disk) mends itself: the built pyz's server says so in its error and removes the
extraction, and the next start unpacks it again and serves tools (trial2 #20)."""

from __future__ import annotations

import shutil

from tests.contract.test_server import Server, call


async def list_memories(session, _opened):
    try:
        return await call(session, "memory_list")
    except Exception as exc:          # the SDK never started: the front's JSON-RPC error
        return True, {"error": str(exc)}


def test_a_damaged_runtime_is_removed_and_unpacked_again(pyz, project, tmp_path):
    data_dir = tmp_path / "data"
    server = Server(pyz, data_dir)
    is_error, _ = server.run(project, list_memories)
    assert not is_error
    (build,) = [p for p in (data_dir / "runtime").iterdir()
                if p.is_dir() and (p / "site-packages").is_dir()]
    shutil.rmtree(build / "site-packages" / "mcp" / "server")

    is_error, answer = server.run(project, list_memories)
    assert is_error and "unpacked runtime was damaged and is removed" in str(answer), answer
    assert not build.exists()

    is_error, answer = server.run(project, list_memories)
    assert not is_error, answer
    assert (build / "site-packages" / "mcp" / "server").is_dir()
