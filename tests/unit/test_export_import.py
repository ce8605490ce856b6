"""Export → import round trip: a fresh store that imports an export exports
the very same bytes (ids, timestamps, history, relations, counters, tiers)."""

from __future__ import annotations

import io
import json

import pytest

from aegis.models import NewMemory
from aegis.namespace import Namespaces
from aegis.service import MemoryService
from aegis.store.sqlite import SQLiteStore


def open_service(path, project="test:project", user="user:tester"):
    return MemoryService(SQLiteStore.open(path), Namespaces(project, user))


def export_text(service, scope="all") -> str:
    buffer = io.StringIO()
    service.export(buffer, scope=scope)
    return buffer.getvalue()


def stored(service) -> int:
    """Every memory stored, superseded ones too (stats counts live ones apart)."""
    stats = service.stats()
    return stats["memories"] + stats["superseded"]


@pytest.fixture
def populated(service):
    a = service.save("We deploy with make ship", tags="deploy,ops", importance=0.9).memory
    b = service.save("Handlers live in src/api/", tags="convention", kind="fact").memory
    c = service.save("Incident: cache stampede on 2026-01-31", kind="event",
                     importance=0.7, confidence=0.6).memory
    u = service.save("Prefers concise answers", scope="user", tags="preference").memory
    service.update(a.id, text="We deploy with make release")
    service.update(a.id, tags="deploy,ops,release", importance=1.0)
    service.relate(c.id, b.id, "caused_by")
    service.relate(a.id, b.id, "relates_to")
    old = service.save("The old staging host is stg1").memory
    new = service.save("The staging host is stg2").memory
    service.supersede(old.id, new.id)
    service.mark_recalled([a.id, u.id])
    service.save("unicode: café, 日本語, emoji 🚀")
    return service


def test_export_is_one_json_object_per_memory_with_history_and_relations(populated):
    lines = export_text(populated).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 7
    by_text = {r["text"]: r for r in records}
    deploy = by_text["We deploy with make release"]
    assert [(v["version"], v["text"], v["tags"]) for v in deploy["history"]] == [
        (1, "We deploy with make ship", ["deploy", "ops"]),
        (2, "We deploy with make release", ["deploy", "ops"])]
    assert deploy["version"] == 3 and deploy["recall_count"] == 1
    assert deploy["tags"] == ["deploy", "ops", "release"]
    assert {r["kind"] for r in deploy["relations"]} == {"relates_to"}
    assert by_text["Prefers concise answers"]["tier"] == "user"
    assert by_text["The old staging host is stg1"]["superseded_by"]
    for record in records:
        assert isinstance(record["created_at"], float) and record["format"] == 1
        assert set(record) >= {"id", "text", "kind", "tags", "importance", "confidence",
                               "created_at", "updated_at", "history", "relations", "tier"}


def test_round_trip_is_byte_for_byte_equal(populated, data_dir):
    first = export_text(populated)
    with open_service(data_dir / "copy.db") as copy:
        report = copy.import_lines(first.splitlines(keepends=True))
        assert (report.added, report.skipped, report.errors) == (7, 0, ())
        assert report.relations == 3
        second = export_text(copy)
    assert second == first
    assert second.encode("utf-8") == first.encode("utf-8")


def test_round_trip_through_a_file_on_disk(populated, data_dir, tmp_path):
    path = tmp_path / "export.jsonl"
    with path.open("w", encoding="utf-8") as out:
        populated.export(out)
    with open_service(data_dir / "copy.db") as copy, path.open(encoding="utf-8") as lines:
        copy.import_lines(lines)
        assert export_text(copy).encode() == path.read_bytes()


def test_importing_twice_adds_nothing(populated, data_dir):
    dump = export_text(populated).splitlines()
    with open_service(data_dir / "copy.db") as copy:
        copy.import_lines(dump)
        again = copy.import_lines(dump)
        assert (again.added, again.skipped) == (0, 7)
        assert stored(copy) == 7


def test_import_into_another_project_moves_project_memories_there(populated, data_dir):
    dump = export_text(populated).splitlines()
    with open_service(data_dir / "copy.db", project="git:example.com/new/home",
                      user="user:other") as copy:
        copy.import_lines(dump)
        namespaces = {m.namespace for m in copy.list(limit=100, include_superseded=True)}
        assert namespaces == {"git:example.com/new/home", "user:other"}
        assert copy.search("deploy release")


def test_bad_lines_are_reported_and_good_lines_still_imported(populated, data_dir):
    good = export_text(populated).splitlines()
    bad = ["{not json", "[1,2]", '{"id": "mem_x"}', '{"id": "mem_y", "text": ""}',
           '{"id": "mem_z", "text": "ok", "importance": 7}', '"just a string"',
           '{"id": "mem_w", "text": "ok", "history": [{"no": "version"}]}']
    with open_service(data_dir / "copy.db") as copy:
        report = copy.import_lines(bad[:3] + good + bad[3:] + [""])
        assert report.added == 7
        assert len(report.errors) == len(bad)
        assert all(e.startswith("line ") for e in report.errors)
        assert stored(copy) == 7


def test_import_redacts_secrets_in_text_and_history(data_dir):
    secret = "ghp_" + "Q7w" * 12
    record = {"id": "mem_0123456789ab", "text": f"token {secret}", "tier": "project",
              "history": [{"version": 1, "text": f"old {secret}", "changed_at": 1.0}],
              "version": 2, "created_at": 1.0, "updated_at": 2.0}
    with open_service(data_dir / "copy.db") as copy:
        report = copy.import_lines([json.dumps(record)])
        assert report.added == 1
        dump = export_text(copy)
    assert secret not in dump and "[REDACTED:github-token]" in dump
    assert secret.encode() not in (data_dir / "copy.db").read_bytes()


def test_scoped_export(populated):
    user_only = [json.loads(line) for line in export_text(populated, "user").splitlines()]
    assert [r["tier"] for r in user_only] == ["user"]
    project = [json.loads(line) for line in export_text(populated, "project").splitlines()]
    assert len(project) == 6 and {r["tier"] for r in project} == {"project"}


def test_export_pages_through_more_than_one_page(service, data_dir):
    for i in range(2100):
        service.store.add(NewMemory(namespace="test:project", text=f"bulk memory number {i}", created_at=1000.0 + i))
    dump = export_text(service)
    assert len(dump.splitlines()) == 2100
    with open_service(data_dir / "copy.db") as copy:
        assert copy.import_lines(dump.splitlines()).added == 2100
        assert export_text(copy) == dump


def test_import_into_another_project_of_the_same_store_copies_the_memories(populated, data_dir):
    dump = export_text(populated, scope="project").splitlines()
    with open_service(data_dir / "memory.db", project="git:github.com/acme/renamed") as renamed:
        report = renamed.import_lines(dump)
        assert report.added == 6
        assert renamed.search("deploy release", scope="project")
        # Relations and supersession follow the copies; the originals are untouched.
        copies = renamed.list(limit=100, scope="project", include_superseded=True)
        original_ids = {json.loads(line)["id"] for line in dump}
        assert {m.namespace for m in copies} == {"git:github.com/acme/renamed"}
        assert not original_ids & {m.id for m in copies}
        assert report.relations == 3
        copy_ids = {m.id for m in copies}
        for memory in copies:
            for relation in renamed.relations(memory.id):
                assert {relation.source_id, relation.target_id} <= copy_ids
            assert memory.superseded_by is None or memory.superseded_by in copy_ids
        # Importing the same export again adds nothing (the derived ids are stable).
        again = renamed.import_lines(dump)
        assert (again.added, again.skipped) == (0, 6)
    assert populated.stats()["project_memories"] == 5      # one of the 6 is superseded
    assert len(populated.list(limit=100, scope="project", include_superseded=True)) == 6


def test_an_import_gives_the_new_memories_vectors_when_embeddings_are_on(project):
    import io

    from aegis.config import load_config
    from aegis.service import MemoryService
    with MemoryService.open(load_config(cwd=project), project) as plain:
        plain.save("We deploy with make ship")
        plain.save("Handlers live in src/api")
        dump = io.StringIO()
        plain.export(dump)
    settings = load_config(cwd=project, overrides={"embedding_mode": "fake",
                                                    "data_dir": str(project / "other")})
    with MemoryService.open(settings, project) as hybrid:
        report = hybrid.import_lines(dump.getvalue().splitlines())
        assert (report.added, report.embedded, report.errors) == (2, 2, ())
        assert hybrid.embedding_status()["missing"] == 0


def test_an_import_whose_vectors_fail_counts_only_the_bad_lines_as_lost(populated, data_dir):
    from aegis.errors import Unavailable

    def embedding_service_down():
        raise Unavailable("the embedding service did not answer")

    good = export_text(populated).splitlines()
    with open_service(data_dir / "copy.db") as copy:
        copy.embedder = object()          # embeddings on; reindex is what fails
        copy.reindex = embedding_service_down
        report = copy.import_lines(["{not json"] + good)
        assert (report.added, report.lost) == (7, 1)
        assert report.errors[0].startswith("line 1:")
        assert report.errors[1].startswith("imported without vectors")
        assert stored(copy) == 7
