"""The embedding seam: one small base class every provider implements.

A provider declares what it is (``model_id``, ``dimensions``), how its cosine
similarities read (``similarity_range``: the cosine of an unrelated pair and of a
clear match, used to turn cosine into a 0..1 relevance the recall floor can trust)
and implements ``embed_batch``. Everything else is built on that one method.

Providers raise only ``EmbeddingFailed``; callers that must never fail (search,
save, capture) wrap the provider in ``aegis.embeddings.guard.GuardedEmbedder``.
"""

from __future__ import annotations

import math

from aegis.errors import Unavailable
from aegis.store.vectors import normalized

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence

__all__ = ["INPUT_TYPES", "Embedder", "EmbeddingFailed", "check_vectors", "normalized"]

INPUT_TYPES = ("query", "document")


class EmbeddingFailed(Unavailable):
    """The provider could not embed (network, rate limit, bad key, bad answer)."""


class Embedder:
    name: str = "base"
    model_id: str = ""
    dimensions: int = 0
    similarity_range: tuple[float, float] = (0.0, 1.0)
    batch_size: int = 64
    # After a prompt's query embedding missed the hook's bound: how many seconds the
    # following hooks (every session) skip this provider without waiting for it. A
    # remote service that did not answer is likely still unreachable; a local model
    # that was slow once (a loaded machine) is not broken. 0: that prompt only.
    miss_cooldown: float = 0.0

    def embed_batch(self, texts: Sequence[str], input_type: str = "document") -> list[list[float]]:
        """One unit-length vector of ``dimensions`` floats per text, in order."""
        raise NotImplementedError

    def embed(self, text: str, input_type: str = "document") -> list[float]:
        return self.embed_batch([text], input_type)[0]

    def embed_many(self, texts: Sequence[str], input_type: str = "document") -> list[list[float]]:
        """Embed any number of texts in ``batch_size`` chunks."""
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            vectors += self.embed_batch(texts[start:start + self.batch_size], input_type)
        return vectors


def check_vectors(vectors: Sequence[Sequence[float]], count: int, dimensions: int,
                  who: str) -> list[list[float]]:
    """Validate a provider's answer: right count, right size, finite numbers."""
    if len(vectors) != count:
        raise EmbeddingFailed(f"{who} returned {len(vectors)} vectors for {count} texts")
    checked = []
    for vector in vectors:
        if len(vector) != dimensions:
            raise EmbeddingFailed(f"{who} returned {len(vector)}-dimensional vectors, expected "
                                  f"{dimensions}; set AEGIS_EMBEDDING_DIMENSIONS to match the "
                                  f"model and run `aegis reindex`")
        try:
            values = [float(x) for x in vector]
        except (TypeError, ValueError):
            raise EmbeddingFailed(f"{who} returned a vector that is not numbers") from None
        if not all(math.isfinite(x) for x in values):
            raise EmbeddingFailed(f"{who} returned a vector with NaN or infinite values")
        checked.append(values)
    return checked
