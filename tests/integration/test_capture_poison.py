"""A poisoned capture job never ends capture: through the built pyz, as Claude Code runs it.

Jobs are queued by real Stop hooks (session scope: queued, no worker started) and
worked off by ``aegis.pyz hook capture-worker`` run in the foreground, so each
step is observed after it finished; the last capture goes the normal way (a
SessionEnd hook and its detached worker).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from aegis.capture.jobs import MAX_ATTEMPTS
from aegis.capture.layout import CaptureFiles
from aegis.config import load_config
from aegis.service import MemoryService
from tests.hostile import hostile_paths

WORKER_ENV = {"AEGIS_CAPTURE_WORKER": "1"}


def line(role: str, text: str) -> str:
    return json.dumps({"type": role, "message": {"role": role, "content": text}}) + "\n"


def stored(project: Path) -> list[str]:
    with MemoryService.open(load_config(cwd=project), cwd=project) as service:
        return sorted(m.text for m in service.list(limit=1000, scope="all"))


def test_poisoned_jobs_are_quarantined_and_the_next_capture_is_stored(run_pyz, project,
                                                                      data_dir, tmp_path):
    files = CaptureFiles.in_data_dir(data_dir)

    def queue(session: str, transcript: str, event: str = "stop") -> None:
        payload = {"session_id": session, "transcript_path": transcript, "cwd": str(project)}
        done = run_pyz("hook", event, input=json.dumps(payload),
                       env={"AEGIS_CAPTURE_SCOPE": "session"})
        assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")

    def worker(**env: str) -> None:
        started = time.monotonic()
        done = run_pyz("hook", "capture-worker", env={**WORKER_ENV, **env}, timeout=120)
        assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
        assert time.monotonic() - started < 60

    # Transcripts that would hang or flood a reader are read as empty: done at once.
    for name, path in hostile_paths(tmp_path / "hostile").items():
        queue(f"hostile-{name}", path)
    worker()
    assert list(Path(files.jobs).iterdir()) == []

    # A job that runs out of its time budget on every attempt is quarantined.
    slow = tmp_path / "slow.jsonl"
    with open(slow, "w") as handle:
        for i in range(20_000):
            handle.write(line("user", f"We always run check{i} before touching mod{i}."))
    queue("s1", str(slow))
    for _ in range(MAX_ATTEMPTS):
        worker(AEGIS_CAPTURE_JOB_BUDGET_MS="1")
    assert list(Path(files.jobs).iterdir()) == []
    assert len(list(Path(files.quarantine).glob("*.json"))) == 1
    stats = run_pyz("stats")
    assert stats.returncode == 0 and b"1 quarantined" in stats.stdout, stats.stdout

    # The session goes on, and its next turn is captured the normal way.
    with open(slow, "a") as handle:
        handle.write(line("user", "We deploy with `make release` only."))
    queue("s1", str(slow), event="session-end")
    deadline = time.monotonic() + 90
    while stored(project) != ["We deploy with `make release` only."]:
        assert time.monotonic() < deadline, stored(project)
        time.sleep(0.1)
