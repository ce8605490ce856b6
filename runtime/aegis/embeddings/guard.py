"""A provider wrapper that never fails its caller.

Search, save and capture must keep working when embeddings do not: the first
failure (network, 429, bad key, wrong dimension, missing model) turns embeddings
off for the rest of the process, is logged once, and leaves one ``notice`` for
the adapter to show. Callers get ``None`` and carry on with keyword search.

A hook sets ``query_seconds`` (how long a query embedding may take, asked at
call time): a provider that does not answer by then (network gone, a silent
proxy) is given up on for the process and the prompt is searched by keywords,
so the hook still recalls inside its budget.
"""

from __future__ import annotations

from aegis.embeddings.base import Embedder, EmbeddingFailed, check_vectors
from aegis.log import get_logger

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Sequence

FALLBACK = "semantic search is off; using keyword search"
MIN_QUERY_SECONDS = 0.05     # less than this is no chance for a network round trip


class GuardedEmbedder:
    def __init__(self, embedder: Embedder | None, notice: str | None = None):
        self.embedder = embedder
        self.notice: str | None = None
        self.query_seconds: Callable[[], float] | None = None
        self.gave_up = False          # a bounded query went unanswered (see ``query_seconds``)
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
        if self.query_seconds is not None and self.active:
            return self._bounded_query(text, max(0.0, self.query_seconds()))
        vectors = self.embed_documents([text], input_type="query")
        return vectors[0] if vectors else None

    def _bounded_query(self, text: str, seconds: float) -> list[float] | None:
        """The query's vector if the provider answers within ``seconds``, else None
        (embeddings off, the notice naming the provider); the late call is abandoned
        in a daemon thread."""
        import threading
        embedder = self.embedder
        if seconds < MIN_QUERY_SECONDS:     # the hook's own start-up ate the time: keywords
            return None
        hurry = getattr(embedder, "hurry", None)
        if callable(hurry):
            hurry(seconds)
        answer: list = []
        worker = threading.Thread(
            target=lambda: answer.append(self.embed_documents([text], input_type="query")),
            name="aegis-embed-query", daemon=True)
        worker.start()
        worker.join(seconds)
        if worker.is_alive():
            label = getattr(embedder, "label", None) or getattr(embedder, "name", "the embedder")
            self.gave_up = True
            self._fail(f"{label} did not answer within {round(seconds * 1000)} ms")
            return None
        vectors = answer[0] if answer else None
        return vectors[0] if vectors and self.active else None

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

    def turn_off(self, reason: str, log: bool = True) -> None:
        """Embeddings off for this process, with ``reason`` as the notice. ``log=False``
        for a state already logged when it began (a provider's cool-down): a hook's
        first log line loads ``logging`` and the redaction rules, ~15-25 ms."""
        self._fail(reason, log)

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

    def _fail(self, reason: str, log: bool = True) -> None:
        if self.notice is None:
            self.notice = f"{FALLBACK} ({reason})"
            if log:
                get_logger().warning("embeddings disabled: %s", reason)
