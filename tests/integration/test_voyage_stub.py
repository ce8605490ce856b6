"""The stdlib Voyage client against a stub Voyage server on 127.0.0.1.

The stub speaks the subset of ``POST /v1/embeddings`` that Aegis uses (bearer
auth, ``input``/``model``/``input_type``/``output_dimension``, float or base64
answers, 429/5xx with Retry-After). It is kept honest by driving it with the real
``voyageai`` SDK too: if the SDK and our client disagree on the wire format,
those tests fail.
"""

from __future__ import annotations

import array
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from aegis.embeddings import GuardedEmbedder
from aegis.embeddings.base import EmbeddingFailed
from aegis.embeddings.fake import FakeEmbedder
from aegis.embeddings.voyage import VoyageEmbedder
from aegis.config import load_config
from aegis.service import MemoryService

KEY = "pa-stub-key"
MODELS = {"voyage-3-large": (256, 512, 1024, 2048), "voyage-3.5-lite": (256, 512, 1024, 2048)}


class StubVoyage:
    """A thread-backed HTTP server with a script of failures and a request log."""

    def __init__(self):
        self.requests: list[dict] = []
        self.failures: list[tuple[int, dict]] = []     # (status, headers) served first, in order
        self.dimension_override: int | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append({"path": self.path, "body": body,
                                      "auth": self.headers.get("Authorization")})
                if stub.failures:
                    status, headers = stub.failures.pop(0)
                    return self.answer(status, {"detail": "scripted failure"}, headers)
                if self.path != "/v1/embeddings":
                    return self.answer(404, {"detail": "not found"})
                if self.headers.get("Authorization") != f"Bearer {KEY}":
                    return self.answer(401, {"detail": "Provided API key is invalid."})
                model = body.get("model")
                dims = body.get("output_dimension") or 1024
                texts = body.get("input")
                if model not in MODELS or dims not in MODELS[model]:
                    return self.answer(400, {"detail": f"unsupported model/dimension {model}/{dims}"})
                if not isinstance(texts, list) or not texts or len(texts) > 1000:
                    return self.answer(400, {"detail": "input must be a list of 1..1000 texts"})
                if body.get("input_type") not in (None, "query", "document"):
                    return self.answer(400, {"detail": "bad input_type"})
                texts = [text[:2000] for text in texts]      # the stub's "truncation"
                vectors = FakeEmbedder(stub.dimension_override or dims).embed_batch(texts)
                data = []
                for index, vector in enumerate(vectors):
                    embedding = vector
                    if body.get("encoding_format") == "base64":
                        floats = array.array("f", vector)
                        embedding = base64.b64encode(floats.tobytes()).decode("ascii")
                    data.append({"object": "embedding", "embedding": embedding, "index": index})
                self.answer(200, {"object": "list", "data": data, "model": model,
                                  "usage": {"total_tokens": sum(len(t.split()) for t in texts)}})

            def answer(self, status, payload, headers=None):
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def stub():
    with StubVoyage() as server:
        yield server


@pytest.fixture
def sleeps():
    return []


def client(stub, sleeps, **kwargs) -> VoyageEmbedder:
    options = dict(base_url=stub.url, dimensions=256, sleep=sleeps.append, timeout=5.0)
    options.update(kwargs)
    return VoyageEmbedder(KEY, **options)


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


# ---------------------------------------------------------------- our client

def test_client_sends_the_documented_request_and_reads_base64_vectors(stub, sleeps):
    vectors = client(stub, sleeps).embed_batch(["tabs not spaces", "deploy with helm"], "document")
    assert len(vectors) == 2 and all(len(v) == 256 for v in vectors)
    assert dot(vectors[0], FakeEmbedder(256).embed("tabs not spaces")) > 0.9999
    request = stub.requests[0]
    assert request["auth"] == f"Bearer {KEY}"
    assert request["body"] == {"input": ["tabs not spaces", "deploy with helm"],
                               "model": "voyage-3-large", "input_type": "document",
                               "output_dimension": 256, "truncation": True,
                               "encoding_format": "base64"}


def test_queries_are_sent_as_queries(stub, sleeps):
    client(stub, sleeps).embed("how do we deploy?", "query")
    assert stub.requests[0]["body"]["input_type"] == "query"


def test_large_inputs_are_split_into_batches(stub, sleeps):
    texts = [f"memory {i}" for i in range(300)]
    vectors = client(stub, sleeps).embed_many(texts)
    assert len(vectors) == 300
    assert [len(r["body"]["input"]) for r in stub.requests] == [128, 128, 44]
    assert dot(vectors[299], FakeEmbedder(256).embed("memory 299")) > 0.9999


def test_batches_also_respect_the_token_budget(stub, sleeps):
    long_text = "word " * 45_000                 # ~56k estimated tokens each
    client(stub, sleeps).embed_many([long_text, long_text, long_text])
    assert [len(r["body"]["input"]) for r in stub.requests] == [1, 1, 1]


def test_rate_limits_are_retried_after_the_servers_delay(stub, sleeps):
    stub.failures = [(429, {"Retry-After": "2"}), (503, {})]
    vectors = client(stub, sleeps).embed_batch(["x"])
    assert len(vectors) == 1 and len(stub.requests) == 3
    assert 2.0 <= sleeps[0] <= 2.2 and 1.0 <= sleeps[1] <= 1.1     # Retry-After, then backoff


def test_persistent_server_errors_fail_after_the_retries(stub, sleeps):
    stub.failures = [(500, {})] * 10
    with pytest.raises(EmbeddingFailed, match=r"HTTP 500 after 4 attempt"):
        client(stub, sleeps, max_retries=3).embed_batch(["x"])
    assert len(sleeps) == 3 and sleeps[0] < sleeps[1] < sleeps[2]


def test_a_query_is_retried_at_most_once_because_a_hook_is_waiting(stub, sleeps):
    stub.failures = [(429, {})] * 10
    with pytest.raises(EmbeddingFailed, match="rate limited"):
        client(stub, sleeps).embed("q", "query")
    assert len(stub.requests) == 2


def test_a_bad_key_fails_at_once_without_leaking_it(stub, sleeps):
    with pytest.raises(EmbeddingFailed) as failure:
        VoyageEmbedder("pa-wrong-key", base_url=stub.url, sleep=sleeps.append).embed_batch(["x"])
    assert "HTTP 401" in str(failure.value) and "VOYAGE_API_KEY" in str(failure.value)
    assert "pa-wrong-key" not in str(failure.value)
    assert len(stub.requests) == 1 and sleeps == []


def test_an_unsupported_dimension_names_the_setting(stub, sleeps):
    with pytest.raises(EmbeddingFailed, match="AEGIS_EMBEDDING_DIMENSIONS"):
        client(stub, sleeps, dimensions=300).embed_batch(["x"])


def test_an_unreachable_server_is_a_clear_failure(sleeps):
    with StubVoyage() as gone:
        url = gone.url
    with pytest.raises(EmbeddingFailed, match="cannot reach Voyage"):
        VoyageEmbedder(KEY, base_url=url, sleep=sleeps.append, max_retries=1).embed_batch(["x"])


def test_a_wrong_dimension_from_the_server_turns_semantic_search_off(stub, sleeps):
    stub.dimension_override = 128
    guard = GuardedEmbedder(client(stub, sleeps))
    assert guard.embed_documents(["x"]) is None
    assert "128-dimensional" in guard.notice and "expected 256" in guard.notice


# ---------------------------------------------------------------- through the service

def test_service_in_voyage_mode_embeds_saves_and_searches(stub, data_dir, project):
    env = {"AEGIS_DATA_DIR": str(data_dir), "VOYAGE_API_KEY": KEY,
           "AEGIS_VOYAGE_BASE_URL": stub.url, "AEGIS_EMBEDDING_DIMENSIONS": "256"}
    settings = load_config(env=env, cwd=project)
    assert settings.embedding_mode == "voyage"
    with MemoryService.open(settings, project) as service:
        memory = service.save("deploy with helm charts").memory
        hits = service.search("helm charts deploy")
        assert hits[0].memory.id == memory.id and hits[0].semantic > 0.99
        assert service.embedding_status()["vectors"] == {"voyage:voyage-3-large/256": 1}
    kinds = [r["body"]["input_type"] for r in stub.requests]
    assert kinds == ["document", "query"]


def test_service_keeps_working_when_voyage_is_down(data_dir, project):
    with StubVoyage() as gone:
        url = gone.url
    env = {"AEGIS_DATA_DIR": str(data_dir), "VOYAGE_API_KEY": KEY, "AEGIS_VOYAGE_BASE_URL": url}
    with MemoryService.open(load_config(env=env, cwd=project), project) as service:
        service.embedder.embedder._sleep = lambda seconds: None
        saved = service.save("deploy with helm charts")
        assert saved.created
        assert [h.memory.id for h in service.search("helm deploy")] == [saved.memory.id]
        assert "cannot reach Voyage" in service.embedding_notice


# ---------------------------------------------------------------- the real SDK keeps the stub honest

voyageai = pytest.importorskip("voyageai")


def sdk_client(stub):
    return voyageai.Client(api_key=KEY, base_url=stub.url, max_retries=0, timeout=10)


def test_the_sdk_and_our_client_get_the_same_vectors_from_the_stub(stub, sleeps):
    texts = ["tabs not spaces", "deploy with helm", "UTC timestamps everywhere"]
    sdk = sdk_client(stub).embed(texts, model="voyage-3-large", input_type="document",
                                 output_dimension=256)
    ours = client(stub, sleeps).embed_batch(texts, "document")
    assert len(sdk.embeddings) == 3
    for theirs, mine in zip(sdk.embeddings, ours):
        assert dot(theirs, mine) > 0.9999
    sdk_body, our_body = stub.requests[0]["body"], stub.requests[1]["body"]
    shared = ("input", "model", "input_type", "output_dimension", "truncation",
              "encoding_format")
    assert {k: sdk_body.get(k) for k in shared} == {k: our_body.get(k) for k in shared}
    assert stub.requests[0]["auth"] == stub.requests[1]["auth"] == f"Bearer {KEY}"


def test_the_sdk_reads_the_stubs_plain_float_answers(stub):
    result = sdk_client(stub).embed(["x"], model="voyage-3-large", input_type="query",
                                    output_dimension=256)
    assert len(result.embeddings[0]) == 256


def test_the_sdk_sees_the_stubs_errors_as_voyage_errors(stub):
    import voyageai.error as errors
    with pytest.raises(errors.AuthenticationError):
        voyageai.Client(api_key="pa-wrong", base_url=stub.url, max_retries=0).embed(
            ["x"], model="voyage-3-large")
    stub.failures = [(429, {"Retry-After": "1"})]
    with pytest.raises(errors.RateLimitError):
        sdk_client(stub).embed(["x"], model="voyage-3-large")
    with pytest.raises(errors.InvalidRequestError):
        sdk_client(stub).embed(["x"], model="voyage-3-large", output_dimension=300)
