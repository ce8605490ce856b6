"""Putting a captured candidate into memory without copies or contradictions.

Each candidate goes through ``MemoryService.remember`` — the same path as a
``memory_save`` from the model — which, against the live (not superseded)
memories of its tier:

* returns the memory already stored under its capture id (a replay);
* strengthens a near-duplicate (same subject and values, ``aegis.supersede``)
  instead of adding a copy;
* otherwise saves it, and supersedes every memory it updates ("from now on
  start names with 'c_'" after "… with 'b_'"): the old memory stays in history
  with a ``supersedes`` relation and stops being recalled or briefed. Time
  decides which way: a candidate said before a stored memory (backfill of an
  older session) is the one superseded.

Every step can be repeated after a crash: saving is idempotent by capture id
and superseding only looks at memories that are still live.
"""

from __future__ import annotations

from dataclasses import dataclass

from aegis.capture.spool import Candidate
from aegis.service import MemoryService


@dataclass(frozen=True)
class Outcome:
    action: str                        # added | strengthened | present
    memory_id: str
    superseded: tuple[str, ...] = ()
    outdated_by: str | None = None     # a later memory already supersedes this one


def apply(service: MemoryService, candidate: Candidate) -> Outcome:
    """Store ``candidate`` (see the module docstring); raises the store's errors."""
    result = service.remember(candidate.text, tags=list(candidate.tags),
                              importance=candidate.importance, kind=candidate.kind,
                              scope=candidate.scope, confidence=candidate.confidence,
                              source=candidate.source, capture_id=candidate.capture_id,
                              created_at=candidate.created_at)
    action = "added" if result.created else "strengthened" if result.merged else "present"
    return Outcome(action, result.memory.id, result.superseded, result.outdated_by)
