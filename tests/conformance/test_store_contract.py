"""The Store protocol, as every backend must honour it (run once per backend)."""

from __future__ import annotations

import time

import pytest

from aegis.errors import NotFound
from aegis.models import (Memory, MemoryChanges, MemoryVersion, NewMemory, Query, Relation,
                          content_hash)
from aegis.namespace import Namespaces
from aegis.service import MemoryService

DAY = 86400.0


def add(store, namespace, text, **fields):
    return store.add(NewMemory(namespace=namespace, text=text, **fields))


# ---------------------------------------------------------------- CRUD

def test_a_memory_reads_back_as_written(store, namespaces):
    project, _ = namespaces
    memory = add(store, project, "The build needs a clean rebuild after a header change",
                 tags=("build", "c"), importance=0.8, confidence=0.9, source="capture")
    again = store.get((project,), memory.id)
    assert again == memory
    assert (again.text, again.tags, again.kind) == (memory.text, ("build", "c"), "fact")
    assert (again.importance, again.source, again.version) == (pytest.approx(0.8), "capture", 1)
    assert again.confidence == pytest.approx(0.9)
    assert again.created_at == pytest.approx(time.time(), abs=60)


def test_deleting_removes_the_memory_and_reports_whether_it_existed(store, namespaces):
    project, _ = namespaces
    memory = add(store, project, "temporary note about the staging proxy")
    assert store.delete(project, memory.id) is True
    assert store.get((project,), memory.id) is None
    assert store.delete(project, memory.id) is False
    assert store.list(Query(namespaces=(project,))) == []


def test_an_unknown_id_is_none_not_an_error(store, namespaces):
    assert store.get(namespaces, "mem_000000000000") is None
    with pytest.raises(NotFound):
        store.update(namespaces[0], "mem_000000000000", MemoryChanges(text="x"))


@pytest.mark.parametrize("kind", ["fact", "event"])
def test_every_kind_of_memory_is_updatable(store, namespaces, kind):
    project, _ = namespaces
    memory = add(store, project, f"an original {kind}", kind=kind, tags=("one",))
    changed = store.update(project, memory.id, MemoryChanges(
        text=f"a corrected {kind}", tags=("two", "three"), importance=0.9, confidence=0.4))
    assert (changed.id, changed.text, changed.tags) == (memory.id, f"a corrected {kind}",
                                                        ("two", "three"))
    assert changed.importance == pytest.approx(0.9) and changed.confidence == pytest.approx(0.4)
    assert changed.version == 2 and changed.kind == kind
    flipped = store.update(project, memory.id, MemoryChanges(kind="fact" if kind == "event"
                                                             else "event"))
    assert flipped.kind != kind and flipped.text == f"a corrected {kind}"
    assert store.get((project,), memory.id) == flipped


def test_history_keeps_every_previous_version_in_order(store, namespaces):
    project, _ = namespaces
    memory = add(store, project, "deploys go out on Tuesdays", tags=("deploy",))
    store.update(project, memory.id, MemoryChanges(text="deploys go out on Wednesdays"))
    store.update(project, memory.id, MemoryChanges(importance=0.95, tags=("deploy", "policy")))
    versions = store.history(project, memory.id)
    assert [v.version for v in versions] == [1, 2]
    assert [v.text for v in versions] == ["deploys go out on Tuesdays",
                                          "deploys go out on Wednesdays"]
    assert versions[0].tags == ("deploy",)
    assert store.get((project,), memory.id).version == 3


def test_superseding_hides_a_memory_from_default_listing(store, namespaces):
    project, _ = namespaces
    old = add(store, project, "use tabs")
    new = add(store, project, "use four spaces")
    store.update(project, old.id, MemoryChanges(superseded_by=new.id))
    assert [m.id for m in store.list(Query(namespaces=(project,)))] == [new.id]
    listed = store.list(Query(namespaces=(project,), include_superseded=True))
    assert {m.id for m in listed} == {old.id, new.id}
    assert store.get((project,), old.id).superseded_by == new.id


# ---------------------------------------------------------------- relations

def test_relations_are_listed_from_both_ends_and_added_once(store, namespaces):
    project, _ = namespaces
    a = add(store, project, "retry the flaky upload with backoff")
    b = add(store, project, "the upload endpoint times out under load")
    store.relate(project, Relation(a.id, b.id, "caused_by"))
    store.relate(project, Relation(a.id, b.id, "caused_by"))
    expected = [(a.id, b.id, "caused_by")]
    assert [(r.source_id, r.target_id, r.kind) for r in store.relations((project,), a.id)] \
        == expected
    assert [(r.source_id, r.target_id, r.kind) for r in store.relations((project,), b.id)] \
        == expected
    assert store.stats((project,)).relations == 1


def test_relating_to_a_memory_of_another_namespace_is_refused(store, namespaces):
    project, user = namespaces
    mine = add(store, project, "mine")
    theirs = add(store, "github.com/other/repo-" + project[-10:], "theirs")
    with pytest.raises(NotFound):
        store.relate(project, Relation(mine.id, theirs.id, "relates_to"))
    assert store.relations((project,), mine.id) == []


# ---------------------------------------------------------------- filters

def test_tag_filters_match_any_or_all(store, namespaces):
    project, _ = namespaces
    both = add(store, project, "alpha and beta", tags=("alpha", "beta"))
    alpha = add(store, project, "alpha only", tags=("alpha",))
    add(store, project, "untagged")
    any_of = store.list(Query(namespaces=(project,), tags=("alpha", "beta")))
    all_of = store.list(Query(namespaces=(project,), tags=("alpha", "beta"),
                              match_all_tags=True))
    assert {m.id for m in any_of} == {both.id, alpha.id}
    assert [m.id for m in all_of] == [both.id]


def test_tags_with_characters_a_server_may_refuse_round_trip(store, namespaces):
    project, _ = namespaces
    memory = add(store, project, "tagged with odd characters", tags=("c++", "v1.2", "ns:tag"))
    assert store.get((project,), memory.id).tags == ("c++", "v1.2", "ns:tag")
    assert [m.id for m in store.list(Query(namespaces=(project,), tags=("v1.2",)))] \
        == [memory.id]


def test_time_filters_and_newest_first_order(store, namespaces):
    project, _ = namespaces
    now = time.time()
    old = add(store, project, "an old decision", created_at=now - 30 * DAY)
    mid = add(store, project, "a recent decision", created_at=now - 2 * DAY)
    new = add(store, project, "today's decision")
    assert [m.id for m in store.list(Query(namespaces=(project,)))] == [new.id, mid.id, old.id]
    recent = store.list(Query(namespaces=(project,), since=now - 7 * DAY))
    assert [m.id for m in recent] == [new.id, mid.id]
    before = store.list(Query(namespaces=(project,), until=now - 7 * DAY))
    assert [m.id for m in before] == [old.id]
    assert [m.id for m in store.list(Query(namespaces=(project,), limit=1), offset=1)] == [mid.id]
    assert store.get((project,), old.id).created_at == pytest.approx(now - 30 * DAY, abs=1)


def test_importance_filter_finds_an_old_important_memory_behind_newer_ones(store, namespaces):
    project, _ = namespaces
    now = time.time()
    key = add(store, project, "money is stored in integer cents", importance=0.9,
              created_at=now - 30 * DAY)
    for n in range(5):
        add(store, project, f"note number {n} about the weather", created_at=now - n)
    assert key.id not in [m.id for m in store.list(Query(namespaces=(project,), limit=5))]
    found = store.list(Query(namespaces=(project,), limit=5, min_importance=0.55))
    assert [m.id for m in found] == [key.id]


def test_kind_filter(store, namespaces):
    project, _ = namespaces
    event = add(store, project, "we shipped 2.0", kind="event")
    add(store, project, "we prefer small PRs")
    assert [m.id for m in store.list(Query(namespaces=(project,), kinds=("event",)))] \
        == [event.id]


# ---------------------------------------------------------------- search

IDENTIFIERS = [
    ("hnsw.c:214", "The crash is an off-by-one at hnsw.c:214 when the graph is empty"),
    ("--tenant-max-records", "Cap each tenant with --tenant-max-records so nobody fills disk"),
    ("AEGIS_RECALL_TOP_K", "AEGIS_RECALL_TOP_K sets how many memories recall injects"),
]
FILLER = ["The graph library is written in C", "Records are stored in an append-only log",
          "Recall injects memories into the prompt", "Tenants share one server"]


@pytest.mark.parametrize("identifier,text", IDENTIFIERS)
def test_lexical_search_finds_identifiers_by_exact_spelling(store, namespaces, identifier, text):
    project, _ = namespaces
    for filler in FILLER:
        add(store, project, filler)
    targets = {t: add(store, project, t).id for _, t in IDENTIFIERS}
    hits = store.search(Query(namespaces=(project,), text=identifier, limit=5))
    assert hits and hits[0].memory.id == targets[text]
    assert 0.75 <= hits[0].relevance <= 1.0


def test_relevance_is_a_zero_to_one_match_quality(store, namespaces):
    project, _ = namespaces
    full = add(store, project, "postgres connection pool exhausted under load")
    add(store, project, "the connection to the office printer is flaky")
    hits = store.search(Query(namespaces=(project,), text="postgres connection pool", limit=5))
    assert hits[0].memory.id == full.id
    assert all(0.0 < hit.relevance <= 1.0 for hit in hits)
    weak = [hit for hit in hits if hit.memory.id != full.id]
    assert weak and all(hit.relevance < 0.5 for hit in weak)   # one term of three
    assert store.search(Query(namespaces=(project,), text="kubernetes helm chart")) == []
    assert store.search(Query(namespaces=(project,), text="the and of")) == []


def test_search_applies_tag_kind_and_time_filters(store, namespaces):
    project, _ = namespaces
    now = time.time()
    tagged = add(store, project, "rotate the signing key yearly", tags=("security",))
    add(store, project, "rotate the log files daily", tags=("ops",))
    add(store, project, "rotate the tyres", created_at=now - 100 * DAY, tags=("security",))
    hits = store.search(Query(namespaces=(project,), text="rotate", tags=("security",),
                              since=now - DAY))
    assert [hit.memory.id for hit in hits] == [tagged.id]


def test_recall_top_k_limits_the_service_search(store, namespaces):
    project, user = namespaces
    for n in range(8):
        add(store, project, f"the cache key format number {n} uses sha256")
    service = MemoryService(store, Namespaces(project, user))
    assert len(service.search("cache key sha256", top_k=3)) == 3
    assert len(service.search("cache key sha256", top_k=6)) == 6


# ---------------------------------------------------------------- isolation

def test_namespaces_never_see_or_change_each_other(store, namespaces):
    project, user = namespaces
    other = "github.com/other/repo-" + project[-10:]
    theirs = add(store, other, "the other team's secret roadmap item")
    assert store.get((project, user), theirs.id) is None
    assert store.search(Query(namespaces=(project, user), text="secret roadmap")) == []
    assert store.list(Query(namespaces=(project, user))) == []
    with pytest.raises(NotFound):
        store.update(project, theirs.id, MemoryChanges(text="defaced"))
    with pytest.raises(NotFound):
        store.history(project, theirs.id)
    assert store.delete(project, theirs.id) is False
    assert store.get((other,), theirs.id).text == "the other team's secret roadmap item"


def test_project_and_user_tiers_are_separate_but_read_together(store, namespaces):
    project, user = namespaces
    mine = add(store, project, "project convention: squash merges")
    pref = add(store, user, "user preference: squash merges, terse commit messages")
    assert store.get((project,), pref.id) is None
    assert store.get((user,), pref.id).namespace == user
    both = store.search(Query(namespaces=(project, user), text="squash merges"))
    assert {(h.memory.id, h.memory.namespace) for h in both} == {(mine.id, project),
                                                                 (pref.id, user)}
    assert store.stats((project, user)).by_namespace == {project: 1, user: 1}


# ---------------------------------------------------------------- idempotency

def test_a_known_capture_id_returns_the_existing_memory(store, namespaces):
    project, _ = namespaces
    first = add(store, project, "captured statement", capture_id="cap_" + "a" * 32)
    again = add(store, project, "captured statement", capture_id="cap_" + "a" * 32)
    assert again.id == first.id and again.capture_id == "cap_" + "a" * 32
    assert len(store.list(Query(namespaces=(project,)))) == 1


def test_find_duplicate_uses_the_folded_content_hash(store, namespaces):
    project, user = namespaces
    memory = add(store, project, "Use   ruff for linting")
    assert store.find_duplicate(project, content_hash("use ruff FOR linting")).id == memory.id
    assert store.find_duplicate(user, content_hash("use ruff for linting")) is None
    assert store.find_duplicate(project, content_hash("use black")) is None


def test_find_duplicate_prefers_a_live_copy_over_a_superseded_one(store, namespaces):
    project, _ = namespaces
    old = add(store, project, "The preview cluster listens on port 5432")
    new = add(store, project, "The preview cluster listens on port 6543")
    store.update(project, old.id, MemoryChanges(superseded_by=new.id))
    assert store.find_duplicate(project, content_hash(old.text)).id == old.id   # only copy
    back = add(store, project, old.text)                    # the old value said again
    assert store.find_duplicate(project, content_hash(old.text)).id == back.id


def test_restore_keeps_id_times_and_history_and_refuses_a_known_id(store, namespaces):
    project, _ = namespaces
    now = time.time()
    memory = Memory(id="mem_feedfacecafe"[:16] + project[-6:], namespace=project,
                    text="current text", tags=("x",), importance=0.7, confidence=0.8,
                    source="import", created_at=now - 10 * DAY, updated_at=now - DAY, version=3)
    versions = [MemoryVersion(memory.id, 1, "first text", (), 0.5, 1.0, "fact", now - 10 * DAY),
                MemoryVersion(memory.id, 2, "second text", ("x",), 0.6, 1.0, "fact", now - 5 * DAY)]
    assert store.restore(memory, versions) is True
    assert store.restore(memory, versions) is False
    back = store.get((project,), memory.id)
    assert (back.text, back.version, back.tags, back.source) == ("current text", 3, ("x",),
                                                                 "import")
    assert back.created_at == pytest.approx(now - 10 * DAY, abs=1)
    assert back.updated_at == pytest.approx(now - DAY, abs=1)
    history = store.history(project, memory.id)
    assert [(v.version, v.text) for v in history] == [(1, "first text"), (2, "second text")]
    assert history[1].changed_at == pytest.approx(now - 5 * DAY, abs=1)


def test_mark_recalled_counts_recalls(store, namespaces):
    project, user = namespaces
    memory = add(store, project, "recalled often")
    store.mark_recalled((project, user), [memory.id])
    store.mark_recalled((project, user), [memory.id])
    again = store.get((project,), memory.id)
    assert again.recall_count == 2 and again.last_recalled_at is not None


def test_stats_count_memories_kinds_and_versions(store, namespaces):
    project, user = namespaces
    a = add(store, project, "fact one")
    add(store, project, "event one", kind="event")
    add(store, user, "a preference")
    store.update(project, a.id, MemoryChanges(text="fact one, revised"))
    stats = store.stats((project, user))
    assert stats.memories == 3
    assert stats.by_kind == {"fact": 2, "event": 1}
    assert stats.versions == 1


# ---------------------------------------------------------------- vectors

def unit(index: int, dims: int = 384) -> tuple[float, ...]:
    return tuple(1.0 if i == index else 0.0 for i in range(dims))


def test_vectors_find_a_paraphrase_only_from_the_same_model(store, namespaces):
    project, _ = namespaces
    near = add(store, project, "the nightly job rebuilds the search index")
    far = add(store, project, "lunch is at noon on fridays")
    assert store.set_embedding(project, near.id, "fake:test", unit(3)) is True
    assert store.set_embedding(project, far.id, "fake:test", unit(200)) is True
    assert store.get((project,), near.id).text == near.text      # still the same memory
    query = Query(namespaces=(project,), text="reindexing overnight", vector=unit(3),
                  vector_model="fake:test", vector_range=(0.0, 1.0))
    hits = store.search(query)
    assert [hit.memory.id for hit in hits] == [near.id]
    assert hits[0].relevance == pytest.approx(1.0, abs=0.05)
    other_model = Query(namespaces=(project,), text="reindexing overnight", vector=unit(3),
                        vector_model="fake:other", vector_range=(0.0, 1.0))
    assert store.search(other_model) == []
    assert store.embedding_models((project,)) == {("fake:test", 384): 2}


def test_long_and_unusual_namespaces_are_kept_apart(store, namespaces):
    base = namespaces[0]
    long_a = "file:/home/dev/" + "deeply/nested/" * 12 + "project-a-" + base[-10:]
    long_b = "file:/home/dev/" + "deeply/nested/" * 12 + "project-b-" + base[-10:]
    a = add(store, long_a, "memory of project a about the flaky migration")
    b = add(store, long_b, "memory of project b about the flaky migration")
    assert store.get((long_a,), a.id).namespace == long_a
    assert store.get((long_a,), b.id) is None
    hits = store.search(Query(namespaces=(long_b,), text="flaky migration"))
    assert [(h.memory.id, h.memory.namespace) for h in hits] == [(b.id, long_b)]


def test_a_list_with_a_scan_bound_stops_reading_the_pool_at_it(store, namespaces, monkeypatch):
    """trial4 F13: the briefing's lists on a 10k team pool read it whole (seconds of every
    session start); with ``scan_until`` a server's scan stops there, oldest pages first."""
    from aegis.store import aegisdb
    monkeypatch.setattr(aegisdb, "PAGE", 20)         # a pool of several pages, quickly
    project, _user = namespaces
    for n in range(70):
        add(store, project, f"Convention number {n}: keep it.", importance=0.9 if n < 5 else 0.3)
    calls = []
    if hasattr(store, "_call"):
        real = store._call
        monkeypatch.setattr(store, "_call", lambda op, *a, **k: calls.append(op) or real(op, *a, **k))
    query = Query(namespaces=(project,), limit=20, min_importance=0.5)
    bounded = store.list(query.replace(scan_until=time.monotonic()))     # already due
    bounded_calls, calls[:] = list(calls), []
    everything = store.list(query)
    assert sorted(m.text for m in everything) == sorted(
        f"Convention number {n}: keep it." for n in range(5))
    assert {m.id for m in bounded} <= {m.id for m in everything}      # fewer, never others
    if hasattr(store, "_call"):                     # the server: one scan page, not four
        assert bounded_calls.count("export") == 1 and calls.count("export") == 4
        assert {m.id for m in bounded} == {m.id for m in everything}  # the oldest page first
