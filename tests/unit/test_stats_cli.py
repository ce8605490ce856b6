"""`aegis stats` reports what recall injected and what capture stored, per session."""

from __future__ import annotations

import io
import json
import os

from aegis.cli import main as cli
from aegis.hooks import main as hook


def run_cli(*argv: str, project) -> dict:
    out, err = io.StringIO(), io.StringIO()
    code = cli(["-C", str(project), *argv], env=dict(os.environ), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue()) if "--json" in argv else {"text": out.getvalue()}


def prompt(project, session: str, text: str) -> str:
    payload = {"session_id": session, "cwd": str(project), "prompt": text,
               "hook_event_name": "UserPromptSubmit"}
    out = io.StringIO()
    assert hook("user-prompt-submit", stdin=io.BytesIO(json.dumps(payload).encode()),
                stdout=out, env=dict(os.environ)) == 0
    return out.getvalue()


def test_stats_counts_recall_per_session(project, monkeypatch):
    # what is counted matters here, not speed: a loaded CI box must not trip the budget
    monkeypatch.setenv("AEGIS_RECALL_TIME_BUDGET_MS", "30000")
    saved = run_cli("remember", "--json", "We deploy this project with make ship", project=project)
    assert "make ship" in prompt(project, "session-a", "how do we deploy this project?")
    prompt(project, "session-a", "write a haiku about autumn leaves")
    prompt(project, "session-b", "how do we deploy this project?")

    stats = run_cli("stats", "--json", project=project)

    assert stats["project_memories"] == 1
    recall = stats["recall"]
    assert recall["sessions"]["session-a"]["prompts"] == 2
    assert recall["sessions"]["session-a"]["injections"] == 1
    assert recall["sessions"]["session-a"]["tokens"] > 0
    assert recall["totals"]["sessions"] == 2
    assert stats["capture"]["totals"]["added"] == 0
    text = run_cli("stats", project=project)["text"]
    assert "session-a" in text and "recall: 3 prompts in 2 sessions" in text
    assert "activity on this machine, all projects:" in text    # trial2 #14: not per project
    assert saved["id"].startswith("mem_")
