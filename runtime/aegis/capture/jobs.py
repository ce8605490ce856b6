"""Capture jobs: what a hook asks the worker to do.

The hook writes one small JSON file per event (atomically, unique name) and
returns; the worker deletes a job only after its candidates are safely in the
spool and the session offset has moved, so a job outlives a killed worker.
"""

from __future__ import annotations

import os
import time

from aegis.capture.layout import CaptureFiles, read_json, write_json_atomic
from aegis.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_LAST_MESSAGE_CHARS = 64_000
MAX_PENDING_JOBS = 5_000


class Job(Record):
    session_id: str
    transcript_path: str | None
    cwd: str | None
    event: str
    last_assistant_message: str | None = None
    queued_at: float = 0.0
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
    """Queued jobs, oldest first; unreadable files are dropped."""
    try:
        names = sorted(entry.name for entry in os.scandir(files.jobs)
                       if entry.name.endswith(".json") and not entry.name.startswith("."))
    except OSError:
        return []
    jobs = []
    for name in names:
        path = os.path.join(files.jobs, name)
        data = read_json(path, None)
        if not isinstance(data, dict) or not isinstance(data.get("session_id"), str):
            remove(path)
            continue
        jobs.append(Job(session_id=data["session_id"],
                        transcript_path=_str(data.get("transcript_path")),
                        cwd=_str(data.get("cwd")), event=str(data.get("event") or ""),
                        last_assistant_message=_str(data.get("last_assistant_message")),
                        queued_at=float(data.get("queued_at") or 0.0), path=path))
    return jobs


def remove(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
