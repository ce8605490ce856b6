"""An explicit save (``remember``, ``memory_save``) while the team server is down.

A memory the user asked for on purpose must not be lost to an outage: when the
configured AegisDB server cannot be reached, the save goes into the capture spool
as a candidate bound to that server (its target and tenant, like a capture: it is
replayed into the same store only, never into a local file) and the capture
worker replays it, exactly once by its capture id, when the server is back. The
caller then says it was queued, never that it was saved.

Only ``Unavailable`` from an AegisDB store qualifies; a refused write (read-only,
unauthorized, bad input) is an answer, not an outage, and so is an address where
something other than AegisDB answers (``NotAegisDB``: a wrong port would keep the
save forever). SQLite has no outage to wait out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from aegis.errors import AegisError, InvalidInput, Unavailable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aegis.config import Settings

LOCK_WAIT_SECONDS = 5.0
EXPLICIT_SESSION = "explicit"      # the capture-id salt of saves made outside a transcript


@dataclass(frozen=True)
class Queued:
    capture_id: str
    target: str                    # "aegisdb 10.0.0.5:9470"
    redacted: tuple[str, ...]      # the redaction rules that fired
    dropped_tags: int

    def message(self, reason: AegisError) -> str:
        return (f"not saved yet: {reason.message}; queued for {self.target.split(' ', 1)[-1]}"
                f" — it is saved when the server is back (the next session start, prompt or "
                f"session end replays it; `aegis spool` shows what waits)")


def outage(settings: Settings, exc: BaseException) -> bool:
    """True when ``exc`` means the configured team server cannot be reached now (not
    when something else answers at its address: that save is refused, not spooled)."""
    from aegis.embeddings.base import EmbeddingFailed
    if settings.backend != "aegisdb" or not isinstance(exc, Unavailable):
        return False
    from aegis.store.aegisdb import NotAegisDB
    return not isinstance(exc, (EmbeddingFailed, NotAegisDB))


def queue(settings: Settings, cwd: str, text: Any, *, tags: Any = None, importance: Any = 0.5,
          kind: str = "fact", scope: str = "project") -> Queued:
    """Spool the save for ``settings``' store; raises InvalidInput for what a save refuses."""
    from aegis.capture import spool
    from aegis.capture.layout import CaptureFiles
    from aegis.capture.worker import capture_id
    from aegis.models import KINDS
    from aegis.namespace import resolve_namespaces
    from aegis.service import SCOPES, choice, clean_text, redact, screened_tags, unit_interval
    from aegis.store import target as store_target, tenant as store_tenant
    said = clean_text(text)
    redaction = redact(said)
    cleaned = clean_text(redaction.text)
    screened, dropped = screened_tags(tags, said, redaction.text)
    namespaces = resolve_namespaces(str(cwd), settings.namespace)
    candidate = spool.Candidate(
        capture_id=capture_id(namespaces.project, EXPLICIT_SESSION, cleaned), text=cleaned,
        category="note", kind=choice(kind, KINDS, "kind"), tags=tuple(screened),
        importance=unit_interval(importance, "importance"), confidence=1.0,
        scope=choice(scope, SCOPES, "scope"), role="user", session_id="",
        project_namespace=namespaces.project, user_namespace=namespaces.user, cwd=str(cwd),
        source="user", target=store_target(settings), tenant=store_tenant(settings),
        spooled_at=time.time())
    files = CaptureFiles.in_data_dir(settings.data_dir).ensure()
    from pathlib import Path

    from aegis.capture.lock import LockBusy, worker_lock
    try:
        # A worker replaying now rewrites the spool from what it read: append under its lock.
        with worker_lock(Path(files.lock), LOCK_WAIT_SECONDS):
            if spool.size(files) > spool.MAX_SPOOL_BYTES:
                raise Unavailable("the capture spool is full (the server has been down for "
                                  "long); not saved")
            # the same save repeated during the outage waits once, and is counted once
            if all(c.capture_id != candidate.capture_id for c in spool.read(files)):
                spool.append(files, [candidate])
                from aegis.capture import activity
                activity.record(files, "spooled", candidate.session_id,
                                capture_id=candidate.capture_id, reason="explicit save")
    except LockBusy:
        raise Unavailable("the capture worker holds the spool; not saved, try again") from None
    return Queued(candidate.capture_id, candidate.target, tuple(redaction.rules), dropped)
