"""The ``fake`` provider: deterministic, dependency-free, for tests only.

Each word (stopwords aside) hashes to a fixed pseudo-random ±1 vector; a text's vector is the unit
sum of its words' vectors. Texts that share words are similar and unrelated texts
are near-orthogonal, so hybrid ranking, storage and reindexing can be tested end
to end with no model and no network. It is not semantic: synonyms do not match.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

from aegis.embeddings.base import Embedder, normalized
from aegis.text import STOPWORDS, words

DEFAULT_DIMENSIONS = 256


class FakeEmbedder(Embedder):
    name = "fake"
    similarity_range = (0.20, 0.80)
    batch_size = 100

    def __init__(self, dimensions: int | None = None):
        self.dimensions = dimensions or DEFAULT_DIMENSIONS
        self.model_id = "fake:hashed-words"
        self._cache: dict[str, list[float]] = {}

    def _word_vector(self, word: str) -> list[float]:
        vector = self._cache.get(word)
        if vector is None:
            bits = b""
            counter = 0
            while len(bits) * 8 < self.dimensions:
                bits += hashlib.blake2b(f"{counter}:{word}".encode(), digest_size=32).digest()
                counter += 1
            number = int.from_bytes(bits, "little")
            vector = [1.0 if number >> i & 1 else -1.0 for i in range(self.dimensions)]
            self._cache[word] = vector
        return vector

    def embed_batch(self, texts: Sequence[str], input_type: str = "document") -> list[list[float]]:
        out = []
        for text in texts:
            total = [0.0] * self.dimensions
            for word in words(text):
                if word in STOPWORDS:
                    continue
                total = [t + x for t, x in zip(total, self._word_vector(word))]
            out.append(normalized(total))
        return out
