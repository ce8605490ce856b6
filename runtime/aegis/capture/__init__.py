"""Automatic capture: turning a Claude Code session into memories, safely.

The design, end to end::

    hook (stop / pre-compact / session-end)      < 100 ms, prints nothing
      └─ writes a job file, spawns a detached worker (spawn.py)
    worker (worker.py), one at a time (lock.py)
      ├─ per session: read the transcript from its byte offset (offsets.py),
      │  extract salient statements (text.py → extract.py)
      ├─ append the candidates to the spool (spool.py) — the write-ahead log —
      │  then advance the offset and drop the job
      └─ replay the spool into the store (reconcile.py: dedup, strengthen,
         supersede), removing each entry once the store has it

Every candidate carries a stable capture id, and the store returns the existing
memory for a known capture id, so any step may be repeated: a worker killed at
any point, or a store that is down, loses nothing and duplicates nothing — the
spool is replayed by the next worker. What happened is appended to a capture log
(activity.py), summarised per session by ``activity_summary``.
"""

__all__ = ["GUARD_ENV", "WORKER_EVENT", "activity_summary"]

# Set in the worker's environment: capture hooks inside it do nothing (no recursion).
GUARD_ENV = "AEGIS_CAPTURE_WORKER"
# The hook event a worker runs as (``aegis hook capture-worker``).
WORKER_EVENT = "capture-worker"


def __getattr__(name: str):
    # Lazy, so the capture hook (which imports aegis.capture.spawn) stays light.
    if name == "activity_summary":
        from aegis.capture.activity import activity_summary
        return activity_summary
    raise AttributeError(name)
