"""Scrub through the Store protocol, on both backends: current text is re-redacted in
place; SQLite rewrites kept versions too, AegisDB's server-side history cannot be
rewritten and the report says so instead of claiming it."""

from __future__ import annotations

from aegis.models import MemoryChanges
from aegis.namespace import Namespaces
from aegis.scrub import scrub_service
from aegis.service import MemoryService
from tests.secret_corpus import load

CASES, _ = load()


def test_scrub_rewrites_what_older_rules_let_through(store, backend, namespaces):
    service = MemoryService(store, Namespaces(*namespaces))
    planted = [c for c in CASES if c.kind in ("provider", "context")][:4]
    ids = []
    for case in planted:
        memory = service.save(f"placeholder for {case.id}").memory
        # what a release with older rules would have written, version and all
        store.update(memory.namespace, memory.id, MemoryChanges(text=case.text))
        store.update(memory.namespace, memory.id, MemoryChanges(text=case.text + " (v3)"))
        ids.append(memory.id)

    dry = scrub_service(service, dry_run=True)
    assert dry["changed_memories"] == len(planted)
    assert all(case.secret in service.get(i).text for case, i in zip(planted, ids))

    report = scrub_service(service)
    assert report["changed_memories"] == len(planted)
    assert report["changed_versions"] >= len(planted)
    for case, memory_id in zip(planted, ids):
        assert case.secret not in service.get(memory_id).text
        assert "[REDACTED:" in service.get(memory_id).text
    histories = [v.text for i in ids for v in service.history(i)]
    if backend == "sqlite":
        assert report["complete"] is True
        assert not any(c.secret in text for c in planted for text in histories)
    else:
        assert report["complete"] is False and "history" in report["note"]
    assert scrub_service(service)["changed_memories"] == 0
