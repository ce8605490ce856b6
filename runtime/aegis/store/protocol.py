"""The ``Store`` protocol: what every backend implements.

Every method takes the namespaces it may touch explicitly, so isolation is a
property of the call, not of hidden state: a store never returns or changes a
memory outside the namespaces it was handed. Backends raise only
``aegis.errors`` exceptions. (Kept apart from ``aegis.store`` so the hooks,
which only open a store, never import ``typing``.)
"""

from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from aegis.models import (Memory, MemoryChanges, MemoryVersion, NewMemory, Query, Relation,
                          SearchHit, StoreStats)


class Store(Protocol):
    name: str

    def add(self, new: NewMemory) -> Memory:
        """Create a memory. A known ``capture_id`` returns the existing one instead."""

    def get(self, namespaces: Sequence[str], memory_id: str) -> Memory | None: ...

    def find_duplicate(self, namespace: str, text_hash: str) -> Memory | None:
        """The memory of ``namespace`` with this content hash: the oldest live one, else
        the oldest superseded one; None if there is none."""

    def update(self, namespace: str, memory_id: str, changes: MemoryChanges) -> Memory:
        """Apply ``changes``, keeping the previous state as a version; NotFound if absent."""

    def delete(self, namespace: str, memory_id: str) -> bool: ...

    def search(self, query: Query) -> list[SearchHit]: ...

    def list(self, query: Query, offset: int = 0) -> list[Memory]:
        """Newest first, filtered by the query's namespaces, tags, kinds and time range."""

    def history(self, namespace: str, memory_id: str) -> list[MemoryVersion]: ...

    def relate(self, namespace: str, relation: Relation) -> Relation: ...

    def relations(self, namespaces: Sequence[str], memory_id: str) -> list[Relation]: ...

    def mark_recalled(self, namespaces: Sequence[str], memory_ids: Iterable[str]) -> None: ...

    def restore(self, memory: Memory, versions: Sequence[MemoryVersion]) -> bool:
        """Insert an exported memory exactly (id, times, history); False if the id exists."""

    def stats(self, namespaces: Sequence[str] | None = None) -> StoreStats: ...

    # Vectors reach a store only through these (the agent never supplies them).

    def set_embedding(self, namespace: str, memory_id: str, model: str,
                      vector: Sequence[float]) -> bool:
        """Store ``vector`` (unit length) for a memory, replacing any older one; False if absent.

        A text change through ``update`` drops the memory's vector."""

    def embedding_backlog(self, namespaces: Sequence[str], model: str, dimensions: int,
                          limit: int = 100) -> list[Memory]:
        """Memories with no vector from ``model`` at ``dimensions`` (missing or stale), oldest first."""

    def embedding_models(self, namespaces: Sequence[str]) -> dict[tuple[str, int], int]:
        """How many stored vectors each model has, keyed as ``model_key`` names them."""

    def model_key(self, model: str, dimensions: int) -> tuple[str, int]:
        """(model, dimensions) as ``embedding_models`` keys it: a store that keeps only a
        digest of a long model name keys it by that."""

    def check_dimensions(self, dimensions: int) -> str | None:
        """None if the store can search ``dimensions``-long vectors, else why not (one
        line; search is then lexical only)."""

    def pinned_namespace(self) -> str | None:
        """The namespace the store's credentials pin every write and read to (an AegisDB
        namespaced token), else None. Then every project namespace names one pool."""

    def close(self, quick: bool = False) -> None:
        """Release the store. ``quick``: the process exits next and wrote little (a
        hook), so skip end-of-use housekeeping that a later user of the store redoes."""
