"""Every top-level entry the built pyz writes in a data dir is one ``purge`` knows.

``aegis purge`` deletes only ``aegis.purge.OWNED`` from a data dir (so a data dir
pointed at a folder of the user's own keeps the user's files). This runs the CLI,
every hook, a capture, a scrub, debug logging and the MCP server against one data
dir and checks that nothing appeared that purge would leave behind.
"""

from __future__ import annotations

import json
from pathlib import Path

from aegis.purge import owned
from tests.conftest import poll
from tests.integration.test_capture_extraction_pyz import worker_done

TRANSCRIPT = Path(__file__).resolve().parent.parent / "data" / "transcripts" / \
    "kettle_consumer_session.jsonl"


def test_everything_aegis_writes_in_the_data_dir_is_known_to_purge(run_pyz, data_dir, project,
                                                                    tmp_path):
    debug = {"AEGIS_DEBUG": "1"}
    assert run_pyz("remember", "We deploy with make ship.", env=debug).returncode == 0
    elsewhere = tmp_path / "team-project"              # trust writes its record in the data dir
    elsewhere.mkdir()
    (elsewhere / ".aegis.json").write_text('{"host": "memory.example.invalid"}')
    assert run_pyz("-C", str(elsewhere), "trust", env=debug).returncode == 0
    for args in (("search", "deploy"), ("list",), ("stats",), ("doctor",),
                 ("export", str(tmp_path / "out.jsonl")), ("scrub",)):
        run_pyz(*args, env=debug)
    transcript = tmp_path / "session.jsonl"
    transcript.write_bytes(TRANSCRIPT.read_bytes())
    event = {"session_id": "s1", "cwd": str(project), "transcript_path": str(transcript)}
    for name, extra in (("session-start", {"source": "startup"}),
                        ("user-prompt-submit", {"prompt": "how do we deploy?"}),
                        ("stop", {}), ("pre-compact", {"trigger": "auto"}),
                        ("session-end", {"reason": "exit"})):
        hook = run_pyz("hook", name, env=debug, input=json.dumps({**event, **extra}))
        assert hook.returncode == 0
    poll(lambda: worker_done(data_dir), "the capture worker", deadline_s=120)
    hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"}}}
    served = run_pyz("serve", input=json.dumps(hello) + "\n", env=debug, timeout=120)
    assert b'"serverInfo"' in served.stdout, served.stderr[-2000:]

    names = sorted(path.name for path in data_dir.iterdir())
    assert {"memory.db", "capture", "recall", "runtime", "mcp-handshake.json"} <= set(names), names
    assert [name for name in names if not owned(name)] == []
