"""What capture keeps from a whole Claude Code session, through the built pyz, on both backends.

A labelled development session (tests/data/transcripts/, Claude Code 2.1.332's JSONL
shape) goes through the SessionEnd hook; once the detached worker has stored its
statements, ``aegis list`` must show every durable statement (conventions said in
passing, flagged and plain project facts, choices, the assistant's closing root cause
and fix), classified and tagged, and none of the chatter, plans or tool output.
The CLI ``remember`` goes through the same reconciliation as capture and memory_save.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aegis.capture.layout import CaptureFiles
from tests.conftest import poll

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "transcripts"
SESSIONS = ["kettle_consumer_session", "ops_exporter_session"]
CATEGORIES = {"convention", "decision", "preference", "fact", "fix"}
NOISE_TAGS = {"redacted", "api", "ci", "pr", "utc"}


def listed(run_pyz, env: dict, *flags: str) -> list[dict]:
    out = run_pyz("list", "--json", "--limit", "500", "--scope", "project", *flags, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["memories"]


def worker_done(data_dir: Path) -> bool:
    files = CaptureFiles.in_data_dir(data_dir)
    jobs = list(Path(files.jobs).glob("*.json")) if os.path.isdir(files.jobs) else []
    log = Path(files.log)
    return not jobs and not os.path.exists(files.spool) and log.is_file() and log.stat().st_size > 0


@pytest.mark.parametrize("session", SESSIONS)
def test_session_end_stores_the_durable_statements_and_none_of_the_chatter(
        session, run_pyz, backend_env, data_dir, project, tmp_path):
    labels = json.loads((FIXTURES / f"{session}.labels.json").read_text())
    transcript = tmp_path / f"{session}.jsonl"
    transcript.write_bytes((FIXTURES / f"{session}.jsonl").read_bytes())
    end = run_pyz("hook", "session-end", env=backend_env, input=json.dumps(
        {"session_id": session, "transcript_path": str(transcript), "cwd": str(project),
         "hook_event_name": "SessionEnd", "reason": "exit"}))
    assert (end.returncode, end.stdout, end.stderr) == (0, b"", b"")
    poll(lambda: worker_done(data_dir), "the capture worker", deadline_s=120)

    memories = listed(run_pyz, backend_env)
    texts = [m["text"].lower() for m in memories]
    missed = [p for p in labels["must_capture"] if not any(p.lower() in t for t in texts)]
    leaked = [p for p in labels["must_not_capture"] if any(p.lower() in t for t in texts)]
    assert (missed, leaked) == ([], []), [m["text"] for m in memories]
    for memory in memories:
        tags = memory["tags"]
        assert tags[0] in CATEGORIES and len(tags) >= 2, memory
        assert not NOISE_TAGS & set(tags), memory
        assert memory["kind"] == ("event" if tags[0] == "fix" else "fact"), memory


def test_the_cause_and_fix_after_debugging_is_one_self_contained_memory(
        run_pyz, backend_env, data_dir, project, tmp_path):
    transcript = tmp_path / "t.jsonl"
    transcript.write_bytes((FIXTURES / "kettle_consumer_session.jsonl").read_bytes())
    end = run_pyz("hook", "session-end", env=backend_env, input=json.dumps(
        {"session_id": "k1", "transcript_path": str(transcript), "cwd": str(project),
         "hook_event_name": "SessionEnd"}))
    assert end.returncode == 0
    poll(lambda: worker_done(data_dir), "the capture worker", deadline_s=120)
    fixes = [m for m in listed(run_pyz, backend_env, "--tags", "fix")]
    [nats] = [m for m in fixes if "-js" in m["text"]]
    assert nats["text"].startswith("The local NATS container was started without")
    assert "`nats-server -js`" in nats["text"] and "nats" in nats["tags"]


def remember(run_pyz, env: dict, text: str) -> dict:
    out = run_pyz("remember", "--json", text, env=env)
    assert out.returncode == 0 and out.stderr == b"", out.stderr
    return json.loads(out.stdout)


def test_cli_remember_strengthens_restatements_supersedes_updates_and_keeps_subjects_apart(
        run_pyz, backend_env):
    billing = remember(run_pyz, backend_env, "Remember that the billing service must run four "
                       "gunicorn workers because of memory limits.")
    search = remember(run_pyz, backend_env, "Remember that the search service must run four "
                      "gunicorn workers because of memory limits.")
    assert billing["created"] and search["created"] and billing["id"] != search["id"]

    again = remember(run_pyz, backend_env, "Remember that the billing service must run four "
                     "gunicorn workers, because of memory limits!")
    assert (again["id"], again["created"], again["merged"]) == (billing["id"], False, True)
    assert again["memory"]["importance"] > billing["memory"]["importance"]

    old = remember(run_pyz, backend_env, "Start function names with 'b_'.")
    new = remember(run_pyz, backend_env, "From now on, start function names with 'c_' "
                   "instead of 'b_'.")
    assert new["created"] and new["superseded"] == [old["id"]]
    live = {m["id"] for m in listed(run_pyz, backend_env)}
    assert live == {billing["id"], search["id"], new["id"]}
    assert old["id"] in {m["id"] for m in listed(run_pyz, backend_env, "--all")}
    plain = run_pyz("remember", "remember that the search service must run four gunicorn "
                    "workers because of memory limits", env=backend_env)
    assert plain.returncode == 0 and plain.stdout.decode() == f"merged into {search['id']}\n"
