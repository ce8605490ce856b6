"""How long a hook lets the prompt's embedding take, and a short circuit after a miss.

A remote embedder (Voyage) that cannot be reached must not cost the prompt its
recall: the query embedding may use what remains of the hook's deadline minus
``KEYWORD_RESERVE`` (keyword search and the output need that), then the prompt is
searched by keywords and the notice names the provider. A miss is remembered in
``<data dir>/recall/embedding-down`` (``aegis.recall.cooldown``) for ``DOWN_FOR``
seconds, during which the following hooks (every prompt, other sessions) do not
wait for it again.
"""

from __future__ import annotations

from aegis.recall import cooldown

KEYWORD_RESERVE = 0.2       # seconds of the deadline kept for keyword search and output
DOWN_FOR = 60.0             # seconds a miss keeps the following hooks from waiting
MARKER = "embedding-down"    # an aegis.recall.cooldown


def bound(embedder, deadline, data_dir: str) -> None:
    """Give ``embedder`` (a GuardedEmbedder, or None) the hook's bound on a query."""
    if embedder is None or not embedder.active:
        return
    label = getattr(embedder.embedder, "label", None) or getattr(embedder.embedder, "name", "")
    if _recent_miss(data_dir):
        # not logged again: the miss that started the cool-down was (every prompt of
        # the minute would otherwise pay for loading the logger)
        embedder.turn_off(f"{label} did not answer a moment ago; trying it again within a "
                          f"minute", log=False)
        return
    embedder.query_seconds = lambda: deadline.remaining() - KEYWORD_RESERVE


def record(embedder, data_dir: str) -> None:
    """Remember a bounded query that went unanswered (best effort)."""
    if embedder is None or not getattr(embedder, "gave_up", False):
        return
    cooldown.mark(data_dir, MARKER)


def _recent_miss(data_dir: str) -> bool:
    return cooldown.active(data_dir, MARKER, DOWN_FOR)
