"""The SQLite store on its own: CRUD, history, relations, filters, namespace
isolation, file permissions and schema migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
import time

import pytest

from aegis.errors import NotFound, Unavailable
from aegis.models import MemoryChanges, NewMemory, Query, Relation, content_hash
from aegis.store.migrations import MIGRATIONS, latest
from aegis.store.sqlite import SQLiteStore

A, B = "git:github.com/acme/api", "git:github.com/acme/web"


@pytest.fixture
def store(data_dir):
    s = SQLiteStore.open(data_dir / "memory.db")
    yield s
    s.close()


def add(store, text, namespace=A, **kw):
    return store.add(NewMemory(namespace=namespace, text=text, **kw))


# ---------------------------------------------------------------- files

@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_database_is_0600_and_data_dir_0700(data_dir):
    store = SQLiteStore.open(data_dir / "nested" / "memory.db")
    add(store, "something to make the WAL exist")
    sidecars = sorted(p.name for p in (data_dir / "nested").iterdir())
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (data_dir / "nested").iterdir()}
    store.close()
    assert "memory.db-wal" in sidecars
    assert stat.S_IMODE((data_dir / "nested").stat().st_mode) == 0o700
    assert modes == {name: 0o600 for name in sidecars}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_existing_loose_permissions_are_tightened(data_dir):
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    path = data_dir / "memory.db"
    SQLiteStore.open(path).close()
    os.chmod(data_dir, 0o755)
    os.chmod(path, 0o644)
    SQLiteStore.open(path).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_store_uses_wal_and_records_migrations(store):
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = [row[0] for row in db.execute("SELECT name FROM schema_migrations")]
    assert applied == [m.__name__ for m in MIGRATIONS] and applied[-1] == latest()
    db.close()


def test_reopening_does_not_reapply_migrations(data_dir):
    path = data_dir / "memory.db"
    SQLiteStore.open(path).close()
    store = SQLiteStore.open(path)
    add(store, "still works after reopen")
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    db.close()


def test_a_file_that_is_not_a_database_is_unavailable_not_a_crash(data_dir):
    data_dir.mkdir()
    path = data_dir / "memory.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(Unavailable) as info:
        SQLiteStore.open(path)
    assert f"{path} is damaged" in str(info.value) and "mv it to memory.db.damaged" in str(info.value)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_an_unwritable_location_is_unavailable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Unavailable):
        SQLiteStore.open(blocker / "sub" / "memory.db")


# ---------------------------------------------------------------- CRUD

def test_add_then_get_returns_the_same_memory(store):
    memory = add(store, "Use ruff for linting", tags=("tooling", "lint"), importance=0.8,
                 kind="fact", confidence=0.9, source="user")
    assert memory.id.startswith("mem_") and memory.version == 1
    assert memory.created_at == memory.updated_at > 0
    fetched = store.get((A,), memory.id)
    assert fetched == memory
    assert fetched.tags == ("tooling", "lint") and fetched.importance == 0.8


def test_ids_are_unique(store):
    ids = {add(store, f"memory number {i}").id for i in range(200)}
    assert len(ids) == 200


def test_get_unknown_id_is_none(store):
    assert store.get((A,), "mem_000000000000") is None


def test_find_duplicate_uses_the_folded_content_hash(store):
    memory = add(store, "Deploy  with make ship")
    assert store.find_duplicate(A, content_hash("deploy with   MAKE ship")) == memory
    assert store.find_duplicate(B, content_hash("deploy with make ship")) is None


def test_capture_id_makes_add_idempotent(store):
    first = add(store, "captured once", capture_id="sess-1:turn-3")
    again = add(store, "captured twice", capture_id="sess-1:turn-3")
    assert again.id == first.id and again.text == "captured once"
    other_ns = add(store, "captured in B", namespace=B, capture_id="sess-1:turn-3")
    assert other_ns.id != first.id


def test_update_keeps_every_earlier_version(store):
    memory = add(store, "v1 text", tags=("a",), importance=0.3)
    second = store.update(A, memory.id, MemoryChanges(text="v2 text", tags=("b",)))
    third = store.update(A, memory.id, MemoryChanges(importance=0.9))
    assert (second.version, third.version) == (2, 3)
    assert third.text == "v2 text" and third.tags == ("b",) and third.importance == 0.9
    assert third.created_at == memory.created_at and third.updated_at >= memory.updated_at
    history = store.history(A, memory.id)
    assert [(v.version, v.text, v.tags, v.importance) for v in history] == [
        (1, "v1 text", ("a",), 0.3), (2, "v2 text", ("b",), 0.3)]


def test_update_changes_what_search_finds(store):
    memory = add(store, "the cache uses redis")
    store.update(A, memory.id, MemoryChanges(text="the cache uses memcached"))
    assert [h.memory.id for h in store.search(Query((A,), "memcached"))] == [memory.id]
    assert store.search(Query((A,), "redis")) == []


def test_update_unknown_is_not_found(store):
    with pytest.raises(NotFound):
        store.update(A, "mem_missing", MemoryChanges(text="x"))


def test_delete_removes_memory_tags_history_relations_and_search(store):
    one, two = add(store, "alpha memory", tags=("t",)), add(store, "beta memory")
    store.update(A, one.id, MemoryChanges(text="alpha memory edited"))
    store.relate(A, Relation(one.id, two.id, "relates_to"))
    assert store.delete(A, one.id) is True
    assert store.get((A,), one.id) is None
    assert store.search(Query((A,), "alpha")) == []
    assert store.relations((A,), two.id) == []
    assert store.list(Query((A,), tags=("t",))) == []
    assert store.delete(A, one.id) is False
    stats = store.stats([A])
    assert stats.memories == 1 and stats.versions == 0 and stats.relations == 0


def test_relations_are_listed_from_both_ends(store):
    one, two, three = (add(store, f"memory {n}") for n in ("one", "two", "three"))
    rel = store.relate(A, Relation(one.id, two.id, "depends_on"))
    assert rel.created_at > 0
    store.relate(A, Relation(three.id, one.id, "caused_by"))
    again = store.relate(A, Relation(one.id, two.id, "depends_on"))
    assert again.created_at == rel.created_at          # idempotent
    kinds = {(r.source_id, r.target_id, r.kind) for r in store.relations((A,), one.id)}
    assert kinds == {(one.id, two.id, "depends_on"), (three.id, one.id, "caused_by")}


def test_relate_unknown_target_is_not_found(store):
    one = add(store, "lonely")
    with pytest.raises(NotFound):
        store.relate(A, Relation(one.id, "mem_nope", "relates_to"))


def test_mark_recalled_counts(store):
    memory = add(store, "recall me")
    store.mark_recalled((A,), [memory.id])
    store.mark_recalled((A,), [memory.id])
    fetched = store.get((A,), memory.id)
    assert fetched.recall_count == 2 and fetched.last_recalled_at is not None
    store.mark_recalled((B,), [memory.id])               # wrong namespace: no effect
    assert store.get((A,), memory.id).recall_count == 2


# ---------------------------------------------------------------- filters

def test_tag_filters_any_and_all(store):
    both = add(store, "both tags", tags=("deploy", "ops"))
    deploy = add(store, "deploy only", tags=("deploy",))
    add(store, "no tags")
    any_ids = {m.id for m in store.list(Query((A,), tags=("deploy", "ops")))}
    all_ids = {m.id for m in store.list(Query((A,), tags=("deploy", "ops"),
                                              match_all_tags=True))}
    assert any_ids == {both.id, deploy.id}
    assert all_ids == {both.id}
    hits = store.search(Query((A,), "tags", tags=("ops",)))
    assert [h.memory.id for h in hits] == [both.id]


def test_time_range_and_kind_filters(store):
    now = time.time()
    old = add(store, "old event", kind="event", created_at=now - 86400 * 30)
    new = add(store, "new fact", created_at=now)
    assert [m.id for m in store.list(Query((A,), since=now - 86400))] == [new.id]
    assert [m.id for m in store.list(Query((A,), until=now - 86400))] == [old.id]
    assert [m.id for m in store.list(Query((A,), kinds=("event",)))] == [old.id]


def test_list_is_newest_first_and_pages(store):
    now = time.time()
    made = [add(store, f"memory {i}", created_at=now + i) for i in range(5)]
    page1 = store.list(Query((A,), limit=2))
    page2 = store.list(Query((A,), limit=2), offset=2)
    assert [m.id for m in page1 + page2] == [m.id for m in reversed(made)][:4]


def test_superseded_memories_are_hidden_unless_asked(store):
    old, new = add(store, "deploy with make ship"), add(store, "deploy with make release")
    store.update(A, old.id, MemoryChanges(superseded_by=new.id))
    assert [m.id for m in store.list(Query((A,)))] == [new.id]
    assert {m.id for m in store.list(Query((A,), include_superseded=True))} == {old.id, new.id}
    assert [h.memory.id for h in store.search(Query((A,), "deploy"))] == [new.id]


def test_search_scores_are_bounded_and_ordered(store):
    add(store, "postgres connection pool size is 20")
    add(store, "postgres is the primary database")
    add(store, "unrelated note about css")
    hits = store.search(Query((A,), "postgres pool size"))
    assert len(hits) == 2
    assert all(0.0 < h.relevance <= 1.0 for h in hits)
    assert hits[0].memory.text.startswith("postgres connection pool")
    assert hits[0].relevance > hits[1].relevance


def test_search_with_only_stopwords_returns_nothing(store):
    add(store, "the and of")
    assert store.search(Query((A,), "the and of")) == []


def test_fts_syntax_in_a_query_is_not_an_error(store):
    add(store, 'a "quoted" thing with NEAR and OR AND NOT * ^')
    for query in ('"unbalanced', "NEAR(", "a OR", "*", "col:value", "(((", "^start", "-x"):
        store.search(Query((A,), query))               # must not raise


# ---------------------------------------------------------------- isolation

def test_one_namespace_cannot_read_change_or_delete_anothers_memories(store):
    mine = add(store, "secret plan for api", namespace=A)
    theirs = add(store, "secret plan for web", namespace=B)
    assert store.get((B,), mine.id) is None
    assert [h.memory.id for h in store.search(Query((B,), "secret plan"))] == [theirs.id]
    assert [m.id for m in store.list(Query((B,)))] == [theirs.id]
    with pytest.raises(NotFound):
        store.update(B, mine.id, MemoryChanges(text="hijacked"))
    assert store.delete(B, mine.id) is False
    with pytest.raises(NotFound):
        store.relate(B, Relation(theirs.id, mine.id, "relates_to"))
    with pytest.raises(NotFound):
        store.history(B, mine.id)
    assert store.get((A,), mine.id).text == "secret plan for api"
    assert store.stats([B]).memories == 1
    assert store.find_duplicate(B, content_hash("secret plan for api")) is None


def test_relations_of_another_namespace_are_invisible(store):
    a1, a2 = add(store, "a one"), add(store, "a two")
    store.relate(A, Relation(a1.id, a2.id, "relates_to"))
    assert store.relations((B,), a1.id) == []


def test_stats_counts(store):
    add(store, "fact one")
    add(store, "event one", kind="event")
    add(store, "in b", namespace=B)
    stats = store.stats([A])
    assert stats.memories == 2 and stats.by_kind == {"fact": 1, "event": 1}
    assert store.stats().memories == 3
    assert store.stats().by_namespace == {A: 2, B: 1}


def test_restore_keeps_ids_times_and_history_and_refuses_duplicates(store, data_dir):
    memory = add(store, "original text", tags=("x",))
    store.update(A, memory.id, MemoryChanges(text="edited text"))
    current, history = store.get((A,), memory.id), store.history(A, memory.id)
    other = SQLiteStore.open(data_dir / "other.db")
    try:
        assert other.restore(current, history) is True
        assert other.get((A,), memory.id) == current
        assert other.history(A, memory.id) == history
        assert other.restore(current, history) is False
        assert [h.memory.id for h in other.search(Query((A,), "edited"))] == [memory.id]
    finally:
        other.close()


@pytest.mark.skipif(not hasattr(sqlite3.Connection, "setconfig"), reason="Python 3.12+")
def test_a_quick_close_leaves_the_wal_for_the_next_user_and_loses_nothing(data_dir):
    path = data_dir / "quick.db"
    store = SQLiteStore.open(path)
    memory = store.add(NewMemory(namespace=A, text="written before a quick close"))
    store.mark_recalled([A], [memory.id])
    store.close(quick=True)
    assert (data_dir / "quick.db-wal").exists()          # no checkpoint on the way out
    again = SQLiteStore.open(path)
    assert again.get([A], memory.id).recall_count == 1
    again.close()                                        # an ordinary close folds it in
    assert not (data_dir / "quick.db-wal").exists()
