"""The embedding providers, the tokenizer, the guard and the registry, from outside."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from aegis.config import load_config
from aegis.embeddings import GuardedEmbedder, PROVIDERS, create_embedder, open_embedder
from aegis.embeddings.base import Embedder, EmbeddingFailed
from aegis.embeddings.fake import FakeEmbedder
from aegis.embeddings.static_model import LocalEmbedder, StaticModel, _read_asset
from aegis.embeddings.wordpiece import WordPiece, pre_tokenize

# Reference values from the Hugging Face tokenizer and model2vec's own ``encode`` of
# the distilled model (build/distill), recorded when the asset was built.
REFERENCE_TOKENS = {
    "Use pnpm instead of npm in this repository.":
        ["use", "p", "##np", "##m", "instead", "of", "np", "##m", "in", "this", "repository", "."],
    "hnsw.c:214 segfaults when ef_construction=0":
        ["h", "##ns", "##w", ".", "c", ":", "214", "se", "##gf", "##ault", "##s", "when", "e",
         "##f", "_", "construction", "=", "0"],
    "Café naïve résumé — ÜNICODE folding": ["cafe", "naive", "resume", "—", "unicode", "folding"],
    "日本語のテキスト and emoji 🚀 too":
        ["日", "本", "語", "の", "##テ", "##キ", "##ス", "##ト", "and", "em", "##oj", "##i", "[UNK]",
         "too"],
    "supercalifragilisticexpialidocious unbelievably":
        ["super", "##cal", "##if", "##rag", "##ilis", "##tic", "##ex", "##pia", "##lid", "##oc",
         "##ious", "un", "##bel", "##ie", "##va", "##bly"],
    "tabs\tvs\nspaces, don't MIX them!!":
        ["tab", "##s", "vs", "spaces", ",", "don", "'", "t", "mix", "them", "!", "!"],
}
REFERENCE_VECTOR_HEADS = {
    "Use pnpm instead of npm in this repository.": [0.0569, -0.2498, 0.3103, -0.1036, 0.0437],
    "hnsw.c:214 segfaults when ef_construction=0": [0.1671, -0.2259, 0.4857, -0.1544, -0.0775],
    "Café naïve résumé — ÜNICODE folding": [-0.0795, -0.0592, 0.1038, 0.1636, 0.0549],
}


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


@pytest.fixture(scope="module")
def model() -> StaticModel:
    return StaticModel.bundled()


# ---------------------------------------------------------------- tokenizer

@pytest.mark.parametrize("text", sorted(REFERENCE_TOKENS))
def test_wordpiece_matches_the_reference_tokenizer(model, text):
    names = _read_asset("vocab.txt").decode("utf-8").split("\n")
    assert [names[i] for i in model.tokenizer.encode(text)] == REFERENCE_TOKENS[text]


def test_pre_tokenizer_drops_control_characters_and_splits_punctuation():
    assert pre_tokenize("a\x00b\u200bc--d") == ["abc", "-", "-", "d"]
    assert pre_tokenize("x\x07y.z") == ["x", "y", ".", "z"]


def test_a_word_without_segmentation_becomes_unknown():
    tokenizer = WordPiece({"[UNK]": 0, "ab": 1, "##c": 2})
    assert tokenizer.encode("abc abd") == [1, 2, 0]
    assert tokenizer.encode("a" * 101) == [0]


# ---------------------------------------------------------------- local model

@pytest.mark.parametrize("text", sorted(REFERENCE_VECTOR_HEADS))
def test_local_model_reproduces_model2vec_within_quantization_error(model, text):
    vector = model.embed(text)
    for ours, reference in zip(vector, REFERENCE_VECTOR_HEADS[text]):
        assert abs(ours - reference) < 0.005


def test_local_vectors_are_unit_length_and_deterministic(model):
    vector = model.embed("Deploys go through the release pipeline")
    assert len(vector) == model.dimensions == 256
    assert math.isclose(dot(vector, vector), 1.0, rel_tol=1e-9)
    assert vector == model.embed("Deploys go through the release pipeline")


def test_local_model_puts_paraphrases_closer_than_unrelated_text(model):
    memory = model.embed("Use pnpm instead of npm in this repository")
    paraphrase = model.embed("which package manager should I use here")
    unrelated = model.embed("What's the weather like in Paris?")
    assert dot(memory, paraphrase) > dot(memory, unrelated) + 0.2


def test_text_without_known_tokens_embeds_to_zero(model):
    assert not any(model.embed("🚀🚀"))
    assert not any(model.embed(""))


def test_smaller_dimensions_keep_the_leading_principal_components(model):
    small = LocalEmbedder(64)
    assert small.dimensions == 64
    full = model.embed("release pipeline")
    head = small.embed("release pipeline")
    norm = math.sqrt(dot(full[:64], full[:64]))
    assert all(abs(a - b / norm) < 1e-9 for a, b in zip(head, full[:64]))
    assert LocalEmbedder(10_000).dimensions == 256


def test_local_model_id_names_the_model_and_its_hash():
    embedder = LocalEmbedder()
    assert embedder.model_id.startswith("local:minilm-l6-v2-static@")
    assert embedder.model_id == LocalEmbedder().model_id


def test_a_damaged_model_file_is_a_clear_failure(model):
    with pytest.raises(EmbeddingFailed, match="truncated"):
        StaticModel(b"AEGISEMB" + b"\x01\x00\x00\x00" * 3, "a\nb\n")
    with pytest.raises(EmbeddingFailed, match="unknown format"):
        StaticModel(b"NOTAMODEL" * 4, "")


# ---------------------------------------------------------------- fake

def test_fake_embedder_is_deterministic_and_word_based():
    fake = FakeEmbedder()
    a, b, c = fake.embed_batch(["deploy the helm chart", "helm chart deploy", "tabs not spaces"])
    assert a == FakeEmbedder().embed("deploy the helm chart")
    assert dot(a, b) > 0.99
    assert abs(dot(a, c)) < 0.3
    assert len(a) == fake.dimensions == 256


# ---------------------------------------------------------------- registry

def test_registry_names_every_mode_but_none():
    assert set(PROVIDERS) == {"fake", "local", "voyage"}


def settings(**env):
    return load_config(env={"AEGIS_DATA_DIR": "/nonexistent", **env}, cwd="/")


def test_none_mode_has_no_embedder():
    assert create_embedder(settings()) is None
    assert open_embedder(settings(AEGIS_EMBEDDING_MODE="none")) is None


def test_modes_build_their_provider():
    assert isinstance(create_embedder(settings(AEGIS_EMBEDDING_MODE="fake")), FakeEmbedder)
    local = open_embedder(settings(AEGIS_EMBEDDING_MODE="local",
                                   AEGIS_EMBEDDING_DIMENSIONS="128"))
    assert local.active and local.dimensions == 128


def test_voyage_mode_defaults_to_voyage_3_large_at_1024_dimensions():
    voyage = create_embedder(settings(VOYAGE_API_KEY="pa-test"))
    assert (voyage.name, voyage.model, voyage.dimensions) == ("voyage", "voyage-3-large", 1024)
    assert "pa-test" not in repr(voyage)


def test_voyage_without_a_key_is_off_with_a_notice_that_names_the_fix():
    guard = open_embedder(settings(AEGIS_EMBEDDING_MODE="voyage"))
    assert not guard.active
    assert "VOYAGE_API_KEY" in guard.notice
    assert guard.embed_query("anything") is None


# ---------------------------------------------------------------- guard

class Flaky(Embedder):
    name = "flaky"
    model_id = "flaky:1"
    dimensions = 4

    def __init__(self, answer):
        self.answer, self.calls = answer, 0

    def embed_batch(self, texts, input_type="document"):
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return [list(self.answer) for _ in texts]


@pytest.mark.parametrize("answer, words", [
    (EmbeddingFailed("Voyage rejected the API key (HTTP 401)"), "HTTP 401"),
    (ConnectionResetError("peer reset"), "ConnectionResetError"),
    ([0.5, 0.5, 0.5], "3-dimensional"),
    ([float("nan")] * 4, "NaN"),
])
def test_guard_turns_any_failure_into_one_notice_and_stops_calling(answer, words):
    provider = Flaky(answer)
    guard = GuardedEmbedder(provider)
    assert guard.embed_query("q") is None
    assert guard.embed_documents(["a", "b"]) is None
    assert provider.calls == 1
    assert not guard.active
    assert words in guard.notice and guard.notice.startswith("semantic search is off")


def test_guard_passes_good_vectors_through():
    guard = GuardedEmbedder(Flaky([0.0, 1.0, 0.0, 0.0]))
    assert guard.embed_documents(["a", "b"]) == [[0.0, 1.0, 0.0, 0.0]] * 2
    assert guard.active and guard.notice is None and guard.model_id == "flaky:1"


# ---------------------------------------------------------------- the hook path

def test_none_mode_imports_nothing_from_embeddings(tmp_path):
    """Search and save with embeddings off must not load any embedding code."""
    script = f"""
import json, sys
from aegis.config import load_config
from aegis.service import MemoryService
settings = load_config(env={{"AEGIS_DATA_DIR": {str(tmp_path)!r}}}, cwd={str(tmp_path)!r})
with MemoryService.open(settings, {str(tmp_path)!r}) as service:
    service.save("we deploy with helm")
    hits = service.search("deploy")
print(json.dumps([len(hits), sorted(m for m in sys.modules
                                    if m.startswith(("aegis.embeddings", "aegis.store.vectors")))]))
"""
    env = {"PYTHONPATH": str(__import__("aegis").__path__[0].rsplit("/", 1)[0]), "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [1, []]
