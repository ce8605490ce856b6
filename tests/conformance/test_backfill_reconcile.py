"""Backfilled captures on every backend: the service keeps the time a memory was
said and its ``backfill`` source, and the later statement wins whichever order the
captures arrive in (run once per backend)."""

from __future__ import annotations

import pytest

from aegis.capture.reconcile import apply
from aegis.capture.spool import Candidate
from aegis.namespace import Namespaces
from aegis.service import MemoryService

OLD = "We decided to use Postgres 14 for the orders service because of JSONB."
NEW = "We now use Postgres 16 for the orders service instead."
SEPT, NOV = 1788256800.0, 1793527200.0          # 2026-09-01, 2026-11-01 (UTC)


def candidate(namespaces, text: str, created_at: float, capture_id: str) -> Candidate:
    project, user = namespaces
    return Candidate(capture_id=capture_id, text=text, category="decision", kind="fact",
                     tags=("decision",), importance=0.7, confidence=0.8, scope="project",
                     role="user", session_id="s-" + capture_id, project_namespace=project,
                     user_namespace=user, source="backfill", created_at=created_at)


@pytest.mark.parametrize("order", ["in time order", "newest first"])
def test_the_later_statement_supersedes_the_earlier(store, namespaces, order):
    service = MemoryService(store, Namespaces(*namespaces))
    pair = [candidate(namespaces, OLD, SEPT, "cap_old"), candidate(namespaces, NEW, NOV, "cap_new")]
    outcomes = {c.capture_id: apply(service, c)
                for c in (pair if order == "in time order" else pair[::-1])}
    old, new = (service.get(outcomes[key].memory_id) for key in ("cap_old", "cap_new"))
    assert old.superseded_by == new.id and new.superseded_by is None
    assert (old.created_at, new.created_at) == (pytest.approx(SEPT), pytest.approx(NOV))
    assert (old.source, new.source) == ("backfill", "backfill")
    assert [m.id for m in service.list()] == [new.id]          # only the current one is live
