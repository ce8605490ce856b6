"""Identifiers are found by their exact spelling and not confused with near
variants: flags, file:line, env var names, file names, dotted and snake names."""

from __future__ import annotations

import pytest

from aegis.text import query_terms

CORPUS = {
    "flag": "Raise --tenant-max-records to 50000 for the big customers.",
    "flag-near": "The --tenant-max-bytes flag caps storage per tenant records.",
    "fileline": "Segfault in hnsw.c:214 when the graph is empty.",
    "fileline-near": "Off-by-one in hnsw.c:215 during neighbour pruning.",
    "envvar": "AEGIS_RECALL_TOP_K sets how many memories recall injects.",
    "envvar-near": "AEGIS_RECALL_MIN_SCORE sets the floor for recall; top k is separate.",
    "filename": "Reconnect logic lives in session.py next to the pool.",
    "filename-near": "session handling for the python client is documented in sessions.md.",
    "dotted": "Set pool.max_size in config.yaml to 32.",
    "camel": "The bug is in parseHeaderBlock when the header is empty.",
    "version": "Pin urllib3 to 2.2.1; 2.2.2 breaks the proxy.",
    "prose": "We prefer small pull requests with a clear description.",
}


@pytest.fixture
def ids(service):
    return {key: service.save(text).memory.id for key, text in CORPUS.items()}


def top(service, query, k=3):
    return [h.memory.id for h in service.search(query, top_k=k)]


@pytest.mark.parametrize("query,expected", [
    ("--tenant-max-records", "flag"),
    ("hnsw.c:214", "fileline"),
    ("hnsw.c:215", "fileline-near"),
    ("AEGIS_RECALL_TOP_K", "envvar"),
    ("session.py", "filename"),
    ("pool.max_size", "dotted"),
    ("parseHeaderBlock", "camel"),
    ("urllib3 2.2.1", "version"),
])
def test_identifier_query_finds_its_memory_first(service, ids, query, expected):
    hits = service.search(query, top_k=5)
    assert hits, query
    assert hits[0].memory.id == ids[expected]


@pytest.mark.parametrize("query,near", [
    ("--tenant-max-records", "flag-near"),
    ("hnsw.c:214", "fileline-near"),
    ("hnsw.c:215", "fileline"),
    ("AEGIS_RECALL_TOP_K", "envvar-near"),
    ("session.py", "filename-near"),
])
def test_near_variants_are_not_returned_for_an_exact_identifier(service, ids, query, near):
    assert ids[near] not in top(service, query, k=10)


@pytest.mark.parametrize("query,variant", [
    ("session.py", "Pooling lives in sessions.py now."),
    ("sessions.py", "Reconnect lives in session.py now."),
    ("worker.go", "The workers.go file was deleted."),
])
def test_a_stemmed_near_variant_is_not_a_hit(service, query, variant):
    """FTS porter stemming matches ``sessions``/``session``; the exact spelling decides."""
    near = service.save(variant).memory
    assert near.id not in [h.memory.id for h in service.search(query, top_k=10)]


def test_forget_by_query_cannot_reach_a_near_variant(service):
    keep = service.save("Pooling lives in sessions.py now.").memory
    target = service.save("Reconnect logic lives in session.py.").memory
    assert [h.memory.id for h in service.search("session.py", top_k=5)] == [target.id]
    assert service.get(keep.id)


@pytest.mark.parametrize("query,text", [
    ("cafe", "Standup is at the café downstairs."),
    ("café", "Standup is at the cafe downstairs."),
    ("running", "The nightly runs take an hour."),
    ("deploys", "We deploy on Fridays."),
    ("deploy", "Deploys are frozen in December."),
])
def test_word_forms_and_accents_still_match(service, query, text):
    memory = service.save(text).memory
    hits = service.search(query)
    assert [h.memory.id for h in hits] == [memory.id]
    assert hits[0].relevance > 0.5


def test_identifier_inside_a_sentence_still_ranks_first(service, ids):
    hits = service.search("why does hnsw.c:214 crash on an empty graph?", top_k=3)
    assert hits[0].memory.id == ids["fileline"]


def test_identifier_match_is_full_relevance(service, ids):
    hit = service.search("AEGIS_RECALL_TOP_K", top_k=1)[0]
    assert hit.relevance == pytest.approx(1.0)


def test_identifier_in_tags_is_found(service):
    memory = service.save("The retry policy lives here.", tags="retry.py").memory
    assert top(service, "retry.py", k=1) == [memory.id]


def test_identifiers_become_phrases_and_words_stay_words():
    terms = {t.words: t.identifier for t in query_terms("fix hnsw.c:214 in session.py now")}
    assert terms[("hnsw", "c", "214")] is True
    assert terms[("session", "py")] is True
    assert terms[("fix",)] is False
    assert ("now",) not in terms                         # a stopword


def test_prose_queries_still_work(service, ids):
    assert top(service, "small pull requests", k=1) == [ids["prose"]]
