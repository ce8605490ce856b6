"""Embedding providers behind one seam, chosen by ``AEGIS_EMBEDDING_MODE``.

    none    keyword (BM25) search only; nothing here is imported
    fake    deterministic hashed words, for tests
    local   the bundled static model distilled from all-MiniLM-L6-v2, pure Python
    voyage  Voyage AI's REST API (needs VOYAGE_API_KEY)

``PROVIDERS`` is a plain ``{name: factory}`` registry; each factory imports its
module lazily so a mode pays only for itself. ``open_embedder`` returns the
provider wrapped in a ``GuardedEmbedder`` (never raises), or ``None`` for ``none``.
"""

from __future__ import annotations

from aegis.embeddings.base import INPUT_TYPES, Embedder, EmbeddingFailed
from aegis.embeddings.guard import GuardedEmbedder

TYPE_CHECKING = False
if TYPE_CHECKING:         # typing costs every local-mode hook ~2 ms
    from typing import Callable

    from aegis.config import Settings

__all__ = ["Embedder", "EmbeddingFailed", "GuardedEmbedder", "INPUT_TYPES", "PROVIDERS",
           "create_embedder", "open_embedder"]


def _fake(settings: "Settings") -> Embedder:
    from aegis.embeddings.fake import FakeEmbedder
    return FakeEmbedder(settings.embedding_dimensions)


def _local(settings: "Settings") -> Embedder:
    from aegis.embeddings.static_model import LocalEmbedder
    return LocalEmbedder(settings.embedding_dimensions)


def _voyage(settings: "Settings") -> Embedder:
    from aegis.embeddings.voyage import VoyageEmbedder
    return VoyageEmbedder(settings.voyage_api_key or "", model=settings.embedding_model,
                          dimensions=settings.embedding_dimensions,
                          base_url=getattr(settings, "voyage_base_url", None))


PROVIDERS: dict[str, Callable[["Settings"], Embedder]] = {
    "fake": _fake,
    "local": _local,
    "voyage": _voyage,
}


def create_embedder(settings: "Settings") -> Embedder | None:
    """The configured provider, unwrapped (``None`` for ``none``); may raise EmbeddingFailed."""
    mode = settings.embedding_mode
    if mode == "none":
        return None
    factory = PROVIDERS.get(mode)
    if factory is None:
        raise EmbeddingFailed(f"unknown embedding mode {mode!r}; use none, fake, local or voyage")
    return factory(settings)


def open_embedder(settings: "Settings") -> GuardedEmbedder | None:
    """The configured provider behind a guard; ``None`` when the mode is ``none``."""
    if settings.embedding_mode == "none":
        return None
    try:
        return GuardedEmbedder(create_embedder(settings))
    except EmbeddingFailed as exc:
        return GuardedEmbedder(None, exc.message)
