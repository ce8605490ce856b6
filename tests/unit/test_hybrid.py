"""Hybrid (BM25 + cosine) search through the memory service and the SQLite store."""

from __future__ import annotations

import io
import json

import pytest

from aegis.cli import main as cli_main
from aegis.embeddings import GuardedEmbedder
from aegis.embeddings.base import Embedder, EmbeddingFailed
from aegis.embeddings.fake import FakeEmbedder
from aegis.embeddings.static_model import LocalEmbedder
from aegis.errors import Unavailable
from aegis.models import Query
from aegis.namespace import Namespaces
from aegis.service import MemoryService
from aegis.store import vectors
from aegis.store.sqlite import SQLiteStore

NAMESPACES = Namespaces("test:project", "user:tester")
MIN_SCORE = 0.2          # AEGIS_RECALL_MIN_SCORE's default: recall's floor

MEMORIES = [
    "Use pnpm instead of npm in this repository; the lockfile is pnpm-lock.yaml.",
    "Deploys go through the release pipeline: staging first, then the production cluster.",
    "Store every timestamp in UTC and convert to local time only in the UI.",
    "Pager alerts go to the on-call engineer, who rotates every Monday.",
    "Commit messages use the imperative mood and explain why, not what.",
]
OFF_TOPIC = ["what's the weather like in Paris tomorrow?", "write me a haiku about autumn leaves",
             "how tall is Mount Everest?", "ok thanks", "tell me a joke about cats"]


def open_service(data_dir, embedder) -> MemoryService:
    guard = None if embedder is None else GuardedEmbedder(embedder)
    return MemoryService(SQLiteStore.open(data_dir / "memory.db"), NAMESPACES, embedder=guard)


@pytest.fixture
def local_service(data_dir):
    service = open_service(data_dir, LocalEmbedder())
    ids = [service.save(text).memory.id for text in MEMORIES]
    yield service, ids
    service.close()


# ---------------------------------------------------------------- vectors

def test_packed_vectors_keep_their_direction():
    vector = vectors.normalized([0.3, -0.2, 0.05, 0.9, -0.7, 0.0, 0.01, -0.33, 0.5])
    blob = vectors.pack(vector)
    assert len(blob) == 2 + 9
    assert vectors.cosine(vector, vectors.unpack(blob, 9)) > 0.999


def test_sign_bit_prefilter_keeps_the_nearest_vectors():
    fake = FakeEmbedder()
    texts = [f"memory number {i} about topic {i * 7 % 13} and thing {i * 3 % 17}" for i in range(500)]
    stored = [(rowid, vectors.pack(v)[:32]) for rowid, v in enumerate(fake.embed_batch(texts))]
    query = fake.embed(texts[123])
    assert 123 in vectors.nearest_by_signature(query, stored, keep=5)
    assert len(vectors.nearest_by_signature(query, stored, keep=50)) == 50


def test_fusion_stays_in_unit_interval_and_rewards_agreement():
    assert vectors.fuse(0.4, None) == 0.4
    assert vectors.fuse(0.0, 0.6) == 0.6
    assert vectors.fuse(0.6, 0.6) > 0.6
    assert vectors.fuse(1.0, 1.0) == 1.0
    assert vectors.fuse(0.1, 0.1) < MIN_SCORE
    assert vectors.semantic_relevance(0.2, (0.4, 0.9)) == 0.0
    assert vectors.semantic_relevance(0.95, (0.4, 0.9)) == 1.0
    assert vectors.semantic_relevance(0.65, (0.4, 0.9)) == pytest.approx(0.5)


# ---------------------------------------------------------------- the service

def test_saving_stores_a_vector_with_model_and_dimensions(local_service):
    service, ids = local_service
    status = service.embedding_status()
    assert status["vectors"] == {f"{service.embedder.model_id}/256": len(MEMORIES)}
    assert status["missing"] == 0 and status["other_models"] == 0


def test_a_paraphrase_is_recalled_that_keyword_search_misses(local_service, data_dir):
    service, ids = local_service
    prompt = "which zone are our datetimes kept in"  # no word of the memory, relative or neighbour
    lexical = MemoryService(service.store, NAMESPACES)
    assert [h.memory.id for h in lexical.search(prompt, min_relevance=MIN_SCORE)] == []
    hits = service.search(prompt, min_relevance=MIN_SCORE)
    assert [hit.memory.id for hit in hits] == [ids[2]]
    assert 0.0 < hits[0].relevance <= 1.0 and hits[0].semantic is not None


@pytest.mark.parametrize("prompt", OFF_TOPIC)
def test_off_topic_prompts_inject_nothing_in_hybrid_mode(local_service, prompt):
    service, _ = local_service
    assert service.search(prompt, min_relevance=MIN_SCORE) == []


def test_exact_keyword_matches_still_rank_first(local_service):
    service, ids = local_service
    hits = service.search("pnpm-lock.yaml", min_relevance=MIN_SCORE)
    assert hits[0].memory.id == ids[0] and hits[0].relevance >= 0.75


def test_hybrid_search_respects_namespaces_filters_and_supersession(data_dir):
    service = open_service(data_dir, FakeEmbedder())
    mine = service.save("deploy with helm charts on kubernetes").memory
    user = service.save("deploy previews on every pull request", scope="user").memory
    other = MemoryService(service.store, Namespaces("other:project", "user:someone"),
                          embedder=service.embedder)
    other.save("deploy with helm charts on kubernetes clusters")
    found = {h.memory.id for h in service.search("helm kubernetes deploy")}
    assert found == {mine.id, user.id}
    assert {h.memory.id for h in service.search("helm kubernetes deploy", scope="user")} == {user.id}
    newer = service.save("deploy with argo rollouts on kubernetes").memory
    service.supersede(mine.id, newer.id)
    assert mine.id not in {h.memory.id for h in service.search("helm kubernetes deploy")}
    service.close()


def test_updating_text_replaces_the_vector(data_dir):
    service = open_service(data_dir, FakeEmbedder())
    memory = service.save("cache product pages in redis").memory
    service.update(memory.id, text="queue emails through rabbitmq workers")
    hits = service.search("rabbitmq workers queue emails")
    assert hits[0].memory.id == memory.id and hits[0].semantic > 0.99
    assert service.embedding_status()["missing"] == 0
    service.close()


class Broken(Embedder):
    name = "broken"
    model_id = "broken:1"
    dimensions = 8

    def embed_batch(self, texts, input_type="document"):
        raise EmbeddingFailed("cannot reach Voyage (connection refused)")


def test_a_failing_provider_degrades_to_keyword_search_with_one_notice(data_dir):
    service = open_service(data_dir, Broken())
    saved = service.save("we deploy with helm")
    assert saved.created
    assert [h.memory.id for h in service.search("helm deploy")] == [saved.memory.id]
    assert "connection refused" in service.embedding_notice
    assert service.embedding_notice.startswith("semantic search is off")
    service.close()


def test_a_provider_with_the_wrong_dimension_is_caught(data_dir):
    class Liar(FakeEmbedder):          # claims 32 dimensions, returns 16
        def embed_batch(self, texts, input_type="document"):
            return [vector[:16] for vector in super().embed_batch(texts, input_type)]

    service = open_service(data_dir, Liar(32))
    assert service.save("tabs not spaces").created
    assert "16-dimensional" in service.embedding_notice
    service.close()


# ---------------------------------------------------------------- model switch + reindex

def test_switching_models_is_detected_and_reindex_replaces_the_vectors(data_dir):
    first = open_service(data_dir, FakeEmbedder(32))
    for text in MEMORIES:
        first.save(text)
    first.close()
    switched = open_service(data_dir, LocalEmbedder())
    status = switched.embedding_status()
    assert status["other_models"] == len(MEMORIES) and status["missing"] == len(MEMORIES)
    seen = []
    assert switched.reindex(progress=seen.append, batch=2) == len(MEMORIES)
    assert seen[-1] == len(MEMORIES) and len(seen) == 3
    status = switched.embedding_status()
    assert status["other_models"] == 0 and status["missing"] == 0
    assert switched.reindex() == 0
    switched.close()


def test_reindex_without_embeddings_says_how_to_turn_them_on(data_dir):
    service = open_service(data_dir, None)
    with pytest.raises(Unavailable, match="AEGIS_EMBEDDING_MODE"):
        service.reindex()
    service.close()


def test_reindex_stops_with_the_providers_reason(data_dir):
    service = open_service(data_dir, None)
    service.save("a memory saved while embeddings were off")
    service.embedder = GuardedEmbedder(Broken())
    with pytest.raises(Unavailable, match="connection refused"):
        service.reindex()
    service.close()


def test_store_search_ignores_vectors_of_another_model(data_dir):
    service = open_service(data_dir, FakeEmbedder())
    memory = service.save("helm charts deploy kubernetes").memory
    vector = tuple(FakeEmbedder().embed("helm charts deploy kubernetes"))
    hits = service.store.search(Query(namespaces=NAMESPACES.readable, text="unrelated words",
                                      vector=vector, vector_model="another:model",
                                      vector_range=(0.2, 0.8)))
    assert hits == []
    hits = service.store.search(Query(namespaces=NAMESPACES.readable, text="unrelated words",
                                      vector=vector, vector_model="fake:hashed-words",
                                      vector_range=(0.2, 0.8)))
    assert [h.memory.id for h in hits] == [memory.id]
    service.close()


# ---------------------------------------------------------------- CLI

def run_cli(*argv, env):
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(list(argv), env=env, stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def test_cli_reindex_embeds_memories_saved_before_embeddings_were_on(data_dir, project):
    base = {"AEGIS_DATA_DIR": str(data_dir), "HOME": str(data_dir.parent)}
    for text in MEMORIES[:3]:
        assert run_cli("-C", str(project), "remember", text, env=base)[0] == 0
    fake = dict(base, AEGIS_EMBEDDING_MODE="fake")
    code, out, err = run_cli("-C", str(project), "reindex", "--json", env=fake)
    assert code == 0, err
    assert json.loads(out)["embedded"] == 3 and json.loads(out)["model"] == "fake:hashed-words"
    code, out, _ = run_cli("-C", str(project), "reindex", env=fake)
    assert code == 0 and out.startswith("embedded 0 memories")


def test_cli_reindex_in_none_mode_is_one_clear_error(data_dir, project):
    code, out, err = run_cli("-C", str(project), "reindex", env={"AEGIS_DATA_DIR": str(data_dir)})
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "AEGIS_EMBEDDING_MODE" in err


def test_cli_warns_once_when_semantic_search_is_off(data_dir, project):
    env = {"AEGIS_DATA_DIR": str(data_dir), "AEGIS_EMBEDDING_MODE": "voyage"}
    code, out, err = run_cli("-C", str(project), "remember", "tabs not spaces", env=env)
    assert code == 0
    assert err.count("semantic search is off") == 1 and "VOYAGE_API_KEY" in err


def test_signature_snapshot_finds_the_nearest_among_many():
    fake = FakeEmbedder()
    texts = [f"memory {i} about topic {i * 7 % 13} and thing {i * 3 % 17}" for i in range(3000)]
    rows = [(rowid + 1, vectors.pack(v)[:32]) for rowid, v in enumerate(fake.embed_batch(texts))]
    snapshot = vectors.SignatureSnapshot.build(rows, 256)
    again = vectors.SignatureSnapshot(*snapshot.blobs(), 256)
    assert len(again) == 3000
    assert 1235 in again.nearest(fake.embed(texts[1234]), keep=10)


def test_vector_snapshots_are_rebuilt_after_any_vector_change(data_dir):
    service = open_service(data_dir, FakeEmbedder())
    first = service.save("helm charts deploy kubernetes").memory
    assert [h.memory.id for h in service.search("kubernetes helm")] == [first.id]
    db = service.store._db
    assert db.execute("SELECT COUNT(*) FROM vector_index").fetchone()[0] >= 1
    second = service.save("argo rollouts canary kubernetes").memory     # bumps the generation
    found = {h.memory.id for h in service.search("argo canary rollouts")}
    assert second.id in found
    service.forget(second.id)
    assert second.id not in {h.memory.id for h in service.search("argo canary rollouts")}
    service.close()


# ---------------------------------------------------------------- exactness of the fast paths

def test_stored_cosine_is_exactly_the_cosine_of_the_unpacked_vector():
    import random
    rng = random.Random(18)
    for dims in (1, 7, 9, 64, 256):
        query = vectors.normalized([rng.gauss(0, 1) for _ in range(dims)])
        for _ in range(50):
            blob = vectors.pack(vectors.normalized([rng.gauss(0, 1) for _ in range(dims)]))
            assert vectors.stored_cosine(query, blob, dims) == vectors.cosine(
                query, vectors.unpack(blob, dims))
        extremes = vectors.pack([-1.0] * dims)             # -127 in every component
        assert vectors.stored_cosine(query, extremes, dims) == vectors.cosine(
            query, vectors.unpack(extremes, dims))
        zero = bytes(vectors.signature_bytes(dims) + dims)
        assert vectors.stored_cosine(query, zero, dims) == 0.0


@pytest.mark.parametrize("text", ["how do we ship to production?", "pnpm lockfile",
                                  "timestamps and time zones", "write me a haiku"])
def test_hybrid_search_is_the_fusion_of_every_memory_below_the_prefilter(data_dir, text):
    """Below RERANK_CANDIDATES memories the prefilter keeps them all, so the hybrid
    result must be every memory's fused relevance, ranked — computed here the plain way."""
    service = open_service(data_dir, LocalEmbedder())
    extra = [f"note {i}: the {w} service retries {v} requests" for i, (w, v) in
             enumerate(zip(["billing", "deploy", "search", "auth"] * 10, ["slow", "failed"] * 20))]
    for memory_text in MEMORIES + extra:
        service.save(memory_text)
    store, embedder = service.store, LocalEmbedder()
    vector = tuple(embedder.embed(text))
    query = Query(namespaces=NAMESPACES.readable, text=text, vector=vector,
                  vector_model=embedder.model_id, vector_range=embedder.similarity_range, limit=7)
    lexical = {hit.memory.id: hit for hit in store.search(query.replace(vector=None, limit=14))}
    expected = []
    for memory in store.list(Query(namespaces=NAMESPACES.readable, limit=1000)):
        stored = store._read("SELECT e.vector FROM embeddings e JOIN memories m ON "
                             "m.rowid = e.memory_rowid WHERE m.id = ?", (memory.id,))[0][0]
        similarity = vectors.cosine(vectors.normalized(vector), vectors.unpack(stored, len(vector)))
        hit = lexical.get(memory.id)
        relevance = vectors.fuse(hit.relevance if hit else 0.0,
                                 vectors.semantic_relevance(similarity, query.vector_range))
        if relevance > 0.0:
            expected.append((-relevance, -similarity, memory.id, memory, hit))
    expected.sort(key=lambda item: item[:3])
    hits = store.search(query)
    assert [(h.memory.id, h.score, h.semantic) for h in hits] == \
        [(memory_id, -negated, -similarity) for negated, similarity, memory_id, _, _ in expected[:7]]
    assert [h.memory for h in hits] == [item[3] for item in expected[:7]]
    assert [(h.lexical, h.bm25) for h in hits] == \
        [((hit.lexical, hit.bm25) if hit else (0.0, None)) for *_, hit in expected[:7]]
    service.close()
