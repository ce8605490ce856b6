"""Who is blamed when a hook runs out of its budget on a team server (trial4 F13): the
server only when it was not answering; when it answered and the time went on this side
(a large pool's pages to read on a busy machine), it is not cooled down for a minute."""

from __future__ import annotations

import time

from aegis.config import with_overrides
from aegis.recall.runner import HookRun


def run_out_of_budget(settings, tmp_path, server_answers: bool):
    settings = with_overrides(settings, data_dir=str(tmp_path), recall_time_budget_ms=300)
    payload = {"session_id": "s1", "cwd": str(tmp_path)}
    with HookRun("UserPromptSubmit", payload, settings, time.monotonic()) as hook:
        def work():
            if server_answers:
                hook.service().list(limit=1)
            time.sleep(1.0)                     # past the deadline, on this side
        _, outcome = hook.guarded(work, None)
    return outcome, hook.notice, (tmp_path / "recall" / "aegisdb-down").exists()


def test_a_budget_spent_after_the_server_answered_does_not_cool_it_down(shared_server,
                                                                        tmp_path):
    outcome, notice, cooled = run_out_of_budget(shared_server.settings(), tmp_path, True)
    assert outcome == "timeout" and not cooled
    assert "did not answer" not in notice and "large team pool" in notice


def test_a_server_that_never_answered_is_blamed(shared_server, tmp_path):
    outcome, notice, cooled = run_out_of_budget(shared_server.settings(), tmp_path, False)
    assert outcome == "timeout" and cooled and "did not answer in time" in notice
