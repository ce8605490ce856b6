"""Capture hooks: ``stop``, ``pre-compact``, ``session-end`` (and the worker).

The hook only queues a job and starts a detached worker, so it returns in
milliseconds whatever the transcript's size or the store's health, and it
prints nothing: a Stop hook that outputs context would keep the conversation
going. ``stop`` starts a worker only when ``AEGIS_CAPTURE_SCOPE=turn``; with
``session`` scope it still queues its ``last_assistant_message`` (cheap) so
the worker at session end has it if the transcript lags. Inside a worker (the
recursion guard is set) capture hooks do nothing.
"""

from __future__ import annotations

import os

from aegis.capture import GUARD_ENV, WORKER_EVENT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aegis.config import Settings

CAPTURE_EVENTS = ("stop", "pre-compact", "session-end")


def run(payload: dict[str, Any], settings: Settings, started_at: float | None = None) -> None:
    event = payload.get("hook_event")
    if event == WORKER_EVENT:
        from aegis.capture import worker
        worker.run(settings.data_dir)
        return None
    if event not in CAPTURE_EVENTS or os.environ.get(GUARD_ENV) or not settings.capture_enabled:
        return None
    from aegis.capture.jobs import job_from_payload, write_job
    from aegis.capture.layout import CaptureFiles
    job = job_from_payload(payload, event)
    if job is None:
        return None
    queued = write_job(CaptureFiles.in_data_dir(settings.data_dir), job)
    if queued is not None and (event != "stop" or settings.capture_scope == "turn"):
        from aegis.capture.spawn import start_worker      # subprocess: only when starting one
        start_worker(settings.data_dir, job.cwd)
    return None
