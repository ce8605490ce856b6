"""A capture job that fails or runs out of time is retried a bounded number of times,
then quarantined (kept, logged, counted), and never holds up the jobs after it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aegis.capture import activity_summary
from aegis.capture.jobs import MAX_ATTEMPTS, job_from_payload, pending_jobs, write_job
from aegis.capture.layout import CaptureFiles
from aegis.capture.lock import LockBusy, process_start_ticks, worker_lock
from aegis.capture.worker import run
from aegis.config import load_config
from aegis.service import MemoryService
from tests.conftest import RUNTIME


def line(role: str, text: str) -> str:
    return json.dumps({"type": role, "message": {"role": role, "content": text}}) + "\n"


@pytest.fixture
def files(data_dir) -> CaptureFiles:
    return CaptureFiles.in_data_dir(data_dir)


def queue(files, transcript: Path, project: Path, session: str) -> None:
    job = job_from_payload({"session_id": session, "transcript_path": str(transcript),
                            "cwd": str(project)}, "session-end")
    assert write_job(files, job) is not None


def work(data_dir: Path, **env):
    return run(data_dir, env={**os.environ, **env}, lock_wait=30)


def stored(project: Path) -> list[str]:
    with MemoryService.open(load_config(cwd=project), cwd=project) as service:
        return sorted(m.text for m in service.list(limit=1000, scope="all"))


def quarantined(files) -> list[str]:
    if not os.path.isdir(files.quarantine):
        return []
    return sorted(n for n in os.listdir(files.quarantine) if n.endswith(".json"))


def test_a_job_file_that_is_not_a_job_is_quarantined_and_the_next_job_is_stored(
        data_dir, files, project, tmp_path):
    files.ensure()
    Path(files.jobs, "00000000000000000001-1.json").write_text(
        json.dumps({"session_id": "odd", "queued_at": "yesterday", "attempts": "many"}))
    Path(files.jobs, "00000000000000000002-1.json").write_bytes(b"\xff\x00 not json")
    good = tmp_path / "good.jsonl"
    good.write_text(line("user", "We always use `uv` for installs."))
    queue(files, good, project, "good")
    report = work(data_dir)
    assert stored(project) == ["We always use `uv` for installs."]
    assert quarantined(files) == ["00000000000000000001-1.json", "00000000000000000002-1.json"]
    assert pending_jobs(files) == []
    assert report.errors == []


def test_a_job_out_of_time_is_retried_then_quarantined_and_later_turns_are_stored(
        data_dir, files, project, tmp_path):
    transcript = tmp_path / "long.jsonl"
    with open(transcript, "w") as handle:
        for i in range(20_000):
            handle.write(line("user", f"We always use tool{i} for builds, never make{i}."))
    queue(files, transcript, project, "s1")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = work(data_dir, AEGIS_CAPTURE_JOB_BUDGET_MS="1")
        assert report.errors == ["s1: timeout"]
        assert len(quarantined(files)) == (attempt == MAX_ATTEMPTS)
        assert [job.attempts for job in pending_jobs(files)] == ([] if attempt == MAX_ATTEMPTS
                                                                 else [attempt])
    summary = activity_summary(data_dir)
    assert summary["jobs_quarantined"] == 1 and summary["totals"]["quarantined"] == 1
    assert Path(files.quarantine, quarantined(files)[0] + ".reason").is_file()
    # The window that failed is skipped; what the session says next is captured as usual.
    with open(transcript, "a") as handle:
        handle.write(line("user", "We deploy with `make release` only."))
    queue(files, transcript, project, "s1")
    report = work(data_dir)
    assert report.errors == []
    assert stored(project) == ["We deploy with `make release` only."]


def test_the_attempt_is_on_disk_before_the_work_starts(data_dir, files, project, tmp_path,
                                                      monkeypatch):
    """A worker killed mid-job has still used up one of the job's attempts."""
    from aegis.capture import worker
    seen = []

    def extract(messages, min_salience):
        seen.extend(job.attempts for job in pending_jobs(files))
        return []
    monkeypatch.setattr(worker, "extract", extract)
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(line("user", "We always use `uv`."))
    queue(files, transcript, project, "s1")
    work(data_dir)
    assert seen and set(seen) == {1}


def _hold_lock(path: Path, acquired_at: float) -> subprocess.Popen:
    code = ("import sys, time\n"
            "from aegis.capture.lock import worker_lock\n"
            f"with worker_lock({str(path)!r}, 5, clock=lambda: {acquired_at!r}):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(120)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(RUNTIME)})
    assert holder.stdout.readline() == b"held\n"
    return holder


@pytest.mark.skipif(process_start_ticks(os.getpid()) is None, reason="needs /proc")
def test_a_holder_stuck_for_too_long_is_ended_and_the_lock_taken(tmp_path):
    path = tmp_path / "worker.lock"
    holder = _hold_lock(path, time.time() - 3600)
    try:
        with worker_lock(path, 30, stuck_after=600):
            assert holder.wait(timeout=30) == -signal.SIGKILL
    finally:
        holder.kill()
        holder.wait()


def test_a_holder_within_its_time_is_left_alone(tmp_path):
    path = tmp_path / "worker.lock"
    holder = _hold_lock(path, time.time())
    try:
        with pytest.raises(LockBusy):
            with worker_lock(path, 0.5, stuck_after=600):
                pass
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()
