"""Capture jobs: what a hook asks the worker to do.

A job carries the Stop payload's ``last_assistant_message`` redacted, like
everything else Aegis writes.

The hook writes one small JSON file per event (atomically, unique name) and
returns; the worker deletes a job only after its candidates are safely in the
spool and the session offset has moved, so a job outlives a killed worker.

A job that keeps failing must not hold capture up: the worker counts an attempt
in the job file *before* working on it (so a worker killed or stuck on it counts
too), and after ``MAX_ATTEMPTS`` the job moves to ``capture/quarantine/`` — kept
for inspection with the reason, logged, counted by ``aegis stats`` — and later
jobs go on. A job file that does not parse is quarantined at once.
"""

from __future__ import annotations

import os
import time

from aegis.capture.layout import CaptureFiles, read_json, write_json_atomic
from aegis.paths import ensure_private_dir
from aegis.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_LAST_MESSAGE_CHARS = 64_000
MAX_PENDING_JOBS = 5_000
MAX_ATTEMPTS = 3
MAX_JOB_FILE_BYTES = 1024 * 1024        # a job is a few hundred bytes; anything bigger is not one


class Job(Record):
    session_id: str
    transcript_path: str | None
    cwd: str | None
    event: str
    last_assistant_message: str | None = None
    queued_at: float = 0.0
    attempts: int = 0                 # workers that started on it (see MAX_ATTEMPTS)
    path: str | None = None           # the job file, when read back

    def to_dict(self) -> dict[str, Any]:
        data = self.as_dict()
        data.pop("path")
        return data


def job_from_payload(payload: dict[str, Any], event: str) -> Job | None:
    """A job for a hook payload, or None when it names no session."""
    session = payload.get("session_id")
    if not isinstance(session, str) or not session.strip():
        return None
    def text(key: str) -> str | None:
        value = payload.get(key)
        return value if isinstance(value, str) and value else None
    last = text("last_assistant_message")
    if last:
        from aegis.redact import redact_text    # only a Stop payload carries text
        last = redact_text(last[:MAX_LAST_MESSAGE_CHARS])
    return Job(session_id=session.strip()[:200], transcript_path=text("transcript_path"),
               cwd=text("cwd"), event=event,
               last_assistant_message=last[:MAX_LAST_MESSAGE_CHARS] if last else None,
               queued_at=time.time())


def write_job(files: CaptureFiles, job: Job) -> str | None:
    """Queue ``job``; None if the queue is full (a worker has been failing for long)."""
    files.ensure()
    try:
        if sum(1 for _ in os.scandir(files.jobs)) >= MAX_PENDING_JOBS:
            return None
    except OSError:
        return None
    path = os.path.join(files.jobs, f"{time.time_ns():020d}-{os.getpid()}.json")
    write_json_atomic(path, job.to_dict(), durable=False)
    return path


def pending_jobs(files: CaptureFiles) -> list[Job]:
    """Queued jobs, oldest first; a file that is not a job is quarantined."""
    try:
        names = sorted(entry.name for entry in os.scandir(files.jobs)
                       if entry.name.endswith(".json") and not entry.name.startswith("."))
    except OSError:
        return []
    jobs = []
    for name in names:
        path = os.path.join(files.jobs, name)
        job = parse_job(read_json(path, None, MAX_JOB_FILE_BYTES), path)
        if job is None:
            quarantine(files, path, "unreadable job file")
            continue
        jobs.append(job)
    return jobs


def parse_job(data: Any, path: str) -> Job | None:
    """The job in a job file's JSON, or None when it is not one (wrong shape or types)."""
    if not isinstance(data, dict) or not isinstance(data.get("session_id"), str) \
            or not data["session_id"].strip():
        return None
    queued_at, attempts = data.get("queued_at", 0.0), data.get("attempts", 0)
    if not isinstance(queued_at, (int, float)) or isinstance(queued_at, bool) \
            or not isinstance(attempts, int) or isinstance(attempts, bool):
        return None
    return Job(session_id=data["session_id"][:200],
               transcript_path=_str(data.get("transcript_path")),
               cwd=_str(data.get("cwd")), event=_str(data.get("event")) or "",
               last_assistant_message=_str(data.get("last_assistant_message")),
               queued_at=float(queued_at), attempts=max(0, attempts), path=path)


def count_attempt(job: Job) -> Job:
    """Record in the job file that a worker starts on ``job`` (durably, before the work)."""
    counted = job.replace(attempts=job.attempts + 1)
    if job.path is not None:
        try:
            write_json_atomic(job.path, counted.to_dict())
        except OSError:
            pass
    return counted


def quarantine(files: CaptureFiles, path: str | None, reason: str) -> str | None:
    """Move the job file at ``path`` out of the queue, with a note of why; its new path."""
    if path is None:
        return None
    ensure_private_dir(files.quarantine)
    target = os.path.join(files.quarantine, os.path.basename(path))
    try:
        os.replace(path, target)
        write_json_atomic(target + ".reason", {"reason": reason, "at": time.time()},
                          durable=False)
    except OSError:
        return None
    return target


def quarantined_count(files: CaptureFiles) -> int:
    try:
        return sum(1 for name in os.listdir(files.quarantine) if name.endswith(".json"))
    except OSError:
        return 0


def remove(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
