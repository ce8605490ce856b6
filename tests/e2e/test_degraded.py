"""Storage down: the session goes on, the user is told once, nothing is lost."""

from __future__ import annotations

import json
import socket

from scripts import MCP, tool_payload
from stub_api import text, tool_use

DECISION = "We decided to keep invoices in UTC and convert to local time only in the PDF renderer."


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def search_then_reply(request):
    if request.tool_results():
        return [text("Noted.")]
    if MCP + "memory_search" in request.tool_names:
        return [tool_use(MCP + "memory_search", {"query": "invoices time zone"})]
    return [text("Noted.")]


def test_an_unreachable_backend_degrades_to_a_notice_and_a_spool_that_waits_for_it(
        claude, project, data_dir):
    down = {"AEGIS_BACKEND": "aegisdb", "AEGIS_HOST": "127.0.0.1",
            "AEGIS_PORT": str(closed_port()), "AEGIS_CONNECT_TIMEOUT_MS": "300"}

    run = claude.run(DECISION, project, env=down, responder=search_then_reply)

    # the session completed normally (claude.run checks exit 0 and a successful result)
    assert run.result["result"] == "Noted."
    # one one-line notice for the user, not one per hook or per prompt
    notices = run.system_messages()
    assert len(notices) == 1, notices
    assert "\n" not in notices[0].strip() and len(notices[0]) < 300
    # the tools answer a structured "unavailable", no stack trace
    payload = tool_payload(run.main_requests[-1])
    assert payload.get("ok") is False and payload.get("error") == "unavailable", payload
    assert "Traceback" not in json.dumps(payload)

    # the capture could not be stored: it waits in the spool, not in another backend
    claude.wait_for_quiet()
    assert not [m for m in claude.memories(project) if "UTC" in m["text"]], \
        "a capture fell back to SQLite while AegisDB was configured"
    spool = data_dir / "capture" / "spool.jsonl"
    assert spool.is_file() and "UTC" in spool.read_text(encoding="utf-8")

    # a session configured for SQLite does not take it: captures for the team server wait
    claude.run("Thanks, that is all for today.", project, responder=lambda r: [text("Bye.")])
    claude.wait_for_quiet()
    assert not [m for m in claude.memories(project) if "UTC" in m["text"]]
    assert "UTC" in spool.read_text(encoding="utf-8")
    waiting = claude.aegis("stats", cwd=project).stdout
    assert f"waiting for aegisdb 127.0.0.1:{down['AEGIS_PORT']}" in waiting, waiting
