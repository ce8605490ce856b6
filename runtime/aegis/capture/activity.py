"""The capture log: one JSON line per thing capture did, and its summary.

Lines carry ids, counts and categories — never memory text, which may be
sensitive even after redaction. ``activity_summary`` is what ``aegis stats``
shows about capture.
"""

from __future__ import annotations

import os
import time
from typing import Any

from aegis.capture.layout import CaptureFiles
from aegis.capture import spool
from aegis import eventlog

MAX_LOG_BYTES = 2_000_000
ACTIONS = ("added", "strengthened", "superseded", "spooled", "dropped", "quarantined")


def record(files: CaptureFiles, action: str, session_id: str, **details: Any) -> None:
    """Append one event; logging never breaks capture."""
    entry = {"ts": round(time.time(), 3), "action": action, "session_id": session_id}
    entry.update({key: value for key, value in details.items() if value is not None})
    eventlog.append(files.log, entry, MAX_LOG_BYTES)


def read_log(files: CaptureFiles) -> list[dict[str, Any]]:
    return [entry for entry in eventlog.read(files.log) if entry.get("action") in ACTIONS]


def activity_summary(data_dir: str | os.PathLike) -> dict[str, Any]:
    """What capture did, per session: counts by action and category, last activity.

    ``{"sessions": {id: {"added": n, "strengthened": n, "superseded": n,
    "spooled": n, "dropped": n, "quarantined": n, "categories": {...}, "last": iso}},
    "totals": {...}, "spool_pending": n, "jobs_pending": n, "jobs_quarantined": n}``
    """
    files = CaptureFiles.in_data_dir(data_dir)
    sessions: dict[str, dict[str, Any]] = {}
    totals = {action: 0 for action in ACTIONS}
    for entry in read_log(files):
        session = str(entry.get("session_id") or "?")
        summary = sessions.setdefault(session, {**{a: 0 for a in ACTIONS}, "categories": {},
                                                "last": None})
        action = entry["action"]
        summary[action] += 1
        totals[action] += 1
        if action == "added" and entry.get("category"):
            categories = summary["categories"]
            categories[entry["category"]] = categories.get(entry["category"], 0) + 1
        summary["last"] = _iso(entry.get("ts"))
    try:
        jobs = sum(1 for name in os.listdir(files.jobs) if name.endswith(".json"))
    except OSError:
        jobs = 0
    from aegis.capture.jobs import quarantined_count
    return {"sessions": sessions, "totals": totals,
            "spool_pending": len(spool.read(files)), "jobs_pending": jobs,
            "jobs_quarantined": quarantined_count(files)}


def _iso(ts: Any) -> str | None:
    from aegis.models import iso
    return iso(float(ts)) if isinstance(ts, (int, float)) else None
