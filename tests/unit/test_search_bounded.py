"""Keyword search over a bounded candidate set (aegis.store.lexical): with more
matches than SCORED_ROWS, rare terms are still found whatever their age, the
filters still hold, and with fewer matches the ranking is the unbounded one."""

from __future__ import annotations

import pytest

from aegis.models import NewMemory, Query
from aegis.store import lexical
from aegis.store.sqlite import SQLiteStore

A, B = "git:github.com/acme/api", "git:github.com/acme/web"


@pytest.fixture
def store(data_dir, monkeypatch):
    monkeypatch.setattr(lexical, "SCORED_ROWS", 20)
    s = SQLiteStore.open(data_dir / "memory.db")
    yield s
    s.close()


def add(store, text, namespace=A, **kw):
    return store.add(NewMemory(namespace=namespace, text=text, **kw))


def search(store, text, namespaces=(A,), limit=5):
    return store.search(Query(namespaces=namespaces, text=text, limit=limit))


def test_an_old_memory_with_a_rare_word_is_found_among_many_common_matches(store):
    oldest = add(store, "The deploy pipeline must wait for the flaky quorum check.")
    for i in range(200):
        add(store, f"The deploy pipeline ran step {i}.")
    hits = search(store, "deploy pipeline quorum")
    assert hits[0].memory.id == oldest.id
    assert hits[0].lexical == 1.0


def test_an_old_identifier_is_found_among_many_common_matches(store):
    oldest = add(store, "Retries are configured in worker.go:88 for the deploy pipeline.")
    for i in range(200):
        add(store, f"The deploy pipeline retries step {i}.")
    assert search(store, "deploy worker.go:88")[0].memory.id == oldest.id


def test_common_words_alone_score_the_newest_matches(store):
    made = [add(store, f"The deploy pipeline ran step {i}.") for i in range(200)]
    hits = search(store, "deploy pipeline", limit=50)
    newest = {memory.id for memory in made[-lexical.SCORED_ROWS:]}
    assert hits and {hit.memory.id for hit in hits} <= newest


def test_other_namespaces_do_not_use_up_the_bound(store):
    mine = [add(store, f"The deploy pipeline ran step {i}.") for i in range(30)]
    for i in range(200):
        add(store, f"The deploy pipeline ran step {i} elsewhere.", namespace=B)
    hits = search(store, "deploy pipeline", limit=50)
    assert len(hits) == lexical.SCORED_ROWS
    assert {hit.memory.namespace for hit in hits} == {A}
    assert {hit.memory.id for hit in hits} <= {memory.id for memory in mine}


def test_below_the_bound_the_ranking_is_the_unbounded_one(store, monkeypatch):
    for i in range(15):
        add(store, f"The cache invalidation {'uses redis' if i % 3 else 'needs kafka'} "
                   f"in step {i}.")
    bounded = [(h.memory.id, round(h.score, 9)) for h in search(store, "cache redis", limit=10)]
    monkeypatch.setattr(lexical, "SCORED_ROWS", 10 ** 9)
    exact = [(h.memory.id, round(h.score, 9)) for h in search(store, "cache redis", limit=10)]
    assert bounded == exact and len(exact) == 10
