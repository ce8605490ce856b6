"""SessionStart's own time budget (F12): the BUILT pyz's briefing survives a slow
interpreter start (a busy machine; simulated by a ``sitecustomize`` that sleeps before
the pyz runs, which the process-start deadline counts), and when start-up does eat the
budget the notice says so instead of blaming the store."""

from __future__ import annotations

import json
import uuid

import pytest

MEMORY = "We deploy with make ship on Thursdays."
SLOW_START_S = 1.2            # over the 800 ms recall budget, well under the briefing's


@pytest.fixture
def slow_start(tmp_path):
    site = tmp_path / "slow-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(f"import time\ntime.sleep({SLOW_START_S})\n")
    return {"PYTHONPATH": str(site)}


def _brief(run_pyz, project, env: dict) -> dict:
    payload = {"session_id": f"b-{uuid.uuid4().hex[:8]}", "source": "startup",
               "cwd": str(project), "hook_event_name": "SessionStart"}
    done = run_pyz("hook", "session-start", input=json.dumps(payload), env=env)
    assert (done.returncode, done.stderr) == (0, b"")
    return json.loads(done.stdout) if done.stdout.strip() else {}


def test_the_briefing_survives_a_slow_interpreter_start(run_pyz, project, slow_start):
    assert run_pyz("remember", MEMORY).returncode == 0
    briefed = _brief(run_pyz, project, slow_start)
    assert MEMORY in briefed.get("hookSpecificOutput", {}).get("additionalContext", ""), briefed
    assert "time budget" not in briefed.get("systemMessage", ""), briefed


def test_a_budget_eaten_by_start_up_does_not_blame_the_store(run_pyz, project, slow_start):
    assert run_pyz("remember", MEMORY).returncode == 0
    briefed = _brief(run_pyz, project, {**slow_start, "AEGIS_BRIEFING_TIME_BUDGET_MS": "1000"})
    notice = briefed.get("systemMessage", "")
    assert "1000 ms time budget" in notice and "started slowly" in notice, briefed
    assert "store" not in notice
