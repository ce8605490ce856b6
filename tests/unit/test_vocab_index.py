"""The bundled vocabulary index (aegis.embeddings.vocab_index) answers every look-up
exactly as the dict built from vocab.txt, and the in-place model uses it."""

from __future__ import annotations

import os
import random

import pytest

from aegis.embeddings import vocab_index
from aegis.embeddings.in_place import Matrix, asset_location
from aegis.embeddings.static_model import StaticModel, _asset_path, _read_asset
from aegis.embeddings.vocab_index import VocabIndex, build


def tokens() -> list[str]:
    return _read_asset("vocab.txt").decode("utf-8").split("\n")[:-1]


def reader(blob: bytes):
    return lambda start, size: blob[start:start + size]


def test_the_bundled_index_is_built_from_the_bundled_vocabulary():
    # if this fails after a vocabulary change: python -m aegis.embeddings.vocab_index
    assert _read_asset(vocab_index.NAME) == build(tokens())


def test_every_token_and_many_non_tokens_look_up_as_in_the_dict():
    vocab = tokens()
    reference = dict(zip(vocab, range(len(vocab))))
    index = VocabIndex(reader(_read_asset(vocab_index.NAME)))
    assert index.rows == len(vocab)
    assert all(index.get(token) == row for token, row in reference.items())
    rng = random.Random(18)
    probes = ["", "##", "[UNK]", "deploy", "##ing", "terraform", "日本", "é", "\ud800", "a" * 300]
    probes += ["".join(rng.choice("abcdeést#ü0") for _ in range(rng.randint(1, 9)))
               for _ in range(5000)]
    probes += [token + "x" for token in vocab[::7]] + [token[:-1] for token in vocab[::5]]
    for probe in probes:
        assert index.get(probe) == reference.get(probe), probe
        assert index.get(probe, -1) == reference.get(probe, -1), probe


def test_a_small_vocabulary_with_collisions_and_repeats():
    vocab = ["a", "b", "a", "##b", "ü", ""] + [f"t{i}" for i in range(40)]
    reference = dict(zip(vocab, range(len(vocab))))        # "a" -> its last row
    index = VocabIndex(reader(build(vocab)))
    for probe in [*vocab, "c", "t40", "##a", "A"]:
        assert index.get(probe) == reference.get(probe), probe


def test_a_foreign_or_truncated_index_is_refused():
    with pytest.raises(ValueError):
        VocabIndex(reader(b"NOTANIDX" + bytes(40)))
    blob = build(["a", "b", "c"])
    truncated = VocabIndex(reader(blob[:vocab_index.HEADER.size + 8]))
    with pytest.raises(ValueError):
        truncated.get("a")


@pytest.mark.skipif(not hasattr(os, "pread"), reason="in place needs os.pread")
def test_the_in_place_model_looks_tokens_up_in_the_index_and_reads_no_vocabulary():
    model = StaticModel.bundled()
    assert isinstance(model.tokenizer.vocab, VocabIndex)
    location = asset_location(_asset_path(vocab_index.NAME))
    assert location is not None
    blob = _read_asset(vocab_index.NAME)
    assert Matrix(location, lambda: blob).read(0, len(blob)) == blob
