"""A provider wrapper that never fails its caller.

Search, save and capture must keep working when embeddings do not: the first
failure (network, 429, bad key, wrong dimension, missing model) turns embeddings
off for the rest of the process, is logged once, and leaves one ``notice`` for
the adapter to show. Callers get ``None`` and carry on with keyword search.
"""

from __future__ import annotations

from aegis.embeddings.base import Embedder, EmbeddingFailed, check_vectors
from aegis.log import get_logger

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence

FALLBACK = "semantic search is off; using keyword search"


class GuardedEmbedder:
    def __init__(self, embedder: Embedder | None, notice: str | None = None):
        self.embedder = embedder
        self.notice: str | None = None
        if embedder is None or notice:
            self._fail(notice or "no embedding provider")

    @property
    def active(self) -> bool:
        return self.notice is None and self.embedder is not None

    @property
    def model_id(self) -> str | None:
        return self._safe(lambda e: e.model_id)

    @property
    def dimensions(self) -> int | None:
        return self._safe(lambda e: e.dimensions)

    @property
    def similarity_range(self) -> tuple[float, float]:
        return self.embedder.similarity_range if self.embedder else (0.0, 1.0)

    def embed_query(self, text: str) -> list[float] | None:
        vectors = self.embed_documents([text], input_type="query")
        return vectors[0] if vectors else None

    def embed_documents(self, texts: Sequence[str],
                        input_type: str = "document") -> list[list[float]] | None:
        """One vector per text, or ``None`` when embeddings are (now) off."""
        if not self.active or not texts:
            return None
        embedder = self.embedder
        try:
            vectors = embedder.embed_many(list(texts), input_type)
            return check_vectors(vectors, len(texts), embedder.dimensions, embedder.name)
        except EmbeddingFailed as exc:
            self._fail(exc.message)
        except Exception as exc:      # a provider bug must not cost a tool call or a capture
            self._fail(f"the {getattr(embedder, 'name', '?')} embedder failed "
                       f"({type(exc).__name__})")
        return None

    def _safe(self, read):
        if not self.active:
            return None
        try:
            return read(self.embedder)
        except EmbeddingFailed as exc:
            self._fail(exc.message)
        except Exception as exc:
            self._fail(f"the embedder failed ({type(exc).__name__})")
        return None

    def _fail(self, reason: str) -> None:
        if self.notice is None:
            self.notice = f"{FALLBACK} ({reason})"
            get_logger().warning("embeddings disabled: %s", reason)
